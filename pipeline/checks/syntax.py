"""The ``syntax`` check: what GNU ``msgfmt --check`` rejects in an entry.

A catalogue that cannot be read at all is reported with this id by whoever
reads it (``pipeline check``, the build); here is what a readable entry may
still get wrong.
"""

from __future__ import annotations

import polib

from ..status import EntryState
from .registry import ERROR, Context, Finding, Level, check

_NEWLINES = "the source and the translation must both begin and end with a newline, or neither"


@check("syntax", ERROR, Level.ENTRY, "the catalogue breaks a rule of the PO format that GNU msgfmt --check enforces")
def syntax(entry: polib.POEntry, state: EntryState, context: Context) -> list[Finding]:
    """what GNU `msgfmt --check` rejects: a broken file, a wrong header, a newline at one end only"""
    if not state.checked:
        return []
    found = []
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        pairs = [(entry.msgid_plural if index else entry.msgid, form) for index, form in enumerate(forms) if form]
    else:
        pairs = [(entry.msgid, entry.msgstr)]
    for source, translation in pairs:  # said for each form: msgfmt refuses each
        if source.startswith("\n") != translation.startswith("\n") or source.endswith("\n") != translation.endswith(
            "\n"
        ):
            found.append(Finding(_NEWLINES))
    return found
