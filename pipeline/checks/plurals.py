"""The ``plurals`` checks: every plural form filled in, and the header's Plural-Forms formula.

The header's formula is the catalogue's own: any formula its entries follow is
valid, so one that is not what translators' tools write for the language is a
warning naming both, never an error, and holds no translation back. It is said
only where it matters, in a catalogue with plural entries.
"""

from __future__ import annotations

import polib

from ..plurals import GNU_DEFAULT, PluralFormsSyntax, difference, header_rule
from ..status import EntryState
from .registry import ERROR, WARNING, Context, Finding, Level, check

_SUMMARY = (
    "every plural form filled in; a Plural-Forms formula that is not the usual one for the language, "
    "or none at all, is a warning"
)


@check("plurals", ERROR, Level.ENTRY, _SUMMARY)
def empty_forms(entry: polib.POEntry, state: EntryState, context: Context) -> list[Finding]:
    """an empty plural form (an error)"""
    if not entry.msgid_plural or state is EntryState.FUZZY:
        return []
    forms = list(entry.msgstr_plural.values())
    if "" not in forms or (state is EntryState.UNTRANSLATED and not any(forms)):  # none filled in: just untranslated
        return []
    return [Finding(f"{forms.count('')} of {len(forms)} plural forms are empty")]


@check("plurals", WARNING, Level.CATALOGUE, _SUMMARY)
def header_formula(catalogue: polib.POFile, context: Context) -> list[Finding]:
    """a Plural-Forms formula that gives a form past its `nplurals` (an error); a formula that is not
    the one translators' tools write for the language, or no Plural-Forms at all (warnings, naming both
    formulas). The catalogue's own formula is always the one used, and nothing is held back for it"""
    value = catalogue.metadata.get("Plural-Forms")
    try:
        own = header_rule(catalogue.metadata)
    except PluralFormsSyntax as error:
        # Reading the catalogue checked the syntax; a formula that gives a form past nplurals is left.
        return [Finding(f"Plural-Forms {value!r}: {error}; GNU msgfmt refuses it", ERROR)]
    if not any(entry.msgid_plural and not entry.obsolete for entry in catalogue):
        return []
    usual = context.lang.usual_plurals
    if own is None:
        said = f'the header has no Plural-Forms: GNU gettext reads the plural entries with "{GNU_DEFAULT}"'
        advice = f'; for {context.lang.english_name}, {usual.source.writes} "{usual.rule}"' if usual.known else ""
        return [Finding(said + advice)]
    if not usual.known or own.equivalent(usual.rule):
        return []
    return [
        Finding(
            f'Plural-Forms "{value}" is not "{usual.rule}", the formula {usual.source.writes} for '
            f"{context.lang.english_name} "
            f"({difference(own, usual.rule)}); the plural translations follow the header's"
        )
    ]
