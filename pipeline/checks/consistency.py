"""Consistency: one source text, one translation, across every catalogue of a language.

As Weblate's consistency check: a text the documents and the page templates
share (a heading, a sentence repeated, a button's label) should read the same
wherever a reader meets it. Only reviewed translations are compared (a fuzzy
suggestion or a machine draft is someone's work in progress); a plural entry is
compared form by form, all of them; a context (``msgctxt``) makes a text another
one, since saying it differently is what contexts are for. Each place a text is
translated differently is said, naming the other places (file:line of each), so
that the translator who opens either catalogue sees it; ``#, ignore-consistency``
on an entry leaves it out of the comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

from .registry import WARNING, Context, Finding, Level, Place, check

SHOWN = 3  # other places named in one finding; more are counted


def _forms(place: Place) -> tuple[str, ...]:
    entry = place.entry
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def _quoted(forms: tuple[str, ...]) -> str:
    text = " | ".join(forms)
    text = " ".join(text.split())
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


@check(
    "consistency",
    WARNING,
    Level.LANGUAGE,
    "the same source text translated differently in two catalogues of one language",
)
def consistency(places: Sequence[Place], context: Context) -> list[Finding]:
    """the same source text (and context) translated differently in two places of one language (two documents,
    or a document and the page texts); each place is told the other's file, line and translation"""
    groups: dict[tuple[str | None, str, str], dict[tuple[str, ...], list[Place]]] = {}
    for place in places:
        entry = place.entry
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or "")
        groups.setdefault(key, {}).setdefault(_forms(place), []).append(place)
    findings: list[Finding] = []
    for variants in groups.values():
        if len(variants) < 2:
            continue
        # Each other translation once, at its first place (places come in file and line order).
        for forms, here in variants.items():
            others = [(found[0], other) for other, found in variants.items() if other != forms]
            named = ", ".join(f"{place.file}:{place.line} ({_quoted(other)})" for place, other in others[:SHOWN])
            more = f" and {len(others) - SHOWN} more" if len(others) > SHOWN else ""
            for place in here:
                findings.append(
                    Finding(
                        f"translated differently elsewhere: {named}{more}",
                        file=place.file,
                        line=place.line,
                        msgid=place.entry.msgid,
                    )
                )
    return findings
