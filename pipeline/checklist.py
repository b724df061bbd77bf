"""The checks a translation goes through: their ids, severities and what each means for a translator.

The ids are stable: translators silence one on an entry with ``#, ignore-<id>``,
publishers turn one off per language with ``disable-checks``. What each check
does is in ``checks``; this list is all the configuration needs to know.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class CheckInfo:
    id: str
    severity: str
    explanation: str


CHECKS: dict[str, CheckInfo] = {
    check.id: check
    for check in (
        CheckInfo("syntax", ERROR, "the catalogue breaks a rule of the PO format that GNU msgfmt --check enforces"),
        CheckInfo(
            "plurals",
            ERROR,
            "every plural form filled in; a Plural-Forms formula that is not the usual one for the language, "
            "or none at all, is a warning",
        ),
        CheckInfo(
            "markup", ERROR, "keep the source's Markdown: same links, **strong**, *emphasis* and `code`; no HTML"
        ),
        CheckInfo("placeholders", ERROR, "keep placeholders such as {count} and %(count)s exactly as in the source"),
        CheckInfo(
            "numbers", ERROR, "every number in the source must be in the translation, in digits your readers use"
        ),
        CheckInfo("urls", ERROR, "web addresses stay as in the source, unless the publisher's URL map gives another"),
        CheckInfo("emails", ERROR, "e-mail addresses stay as in the source"),
        CheckInfo("whitespace", WARNING, "spaces at the start and end as in the source, and no double spaces"),
        CheckInfo("punctuation", WARNING, "end the way the source ends (. ? ! :), with your script's own marks"),
        CheckInfo("doubled-words", WARNING, 'a word is repeated, as in "in in"'),
        CheckInfo("unchanged", WARNING, "the translation is the source text itself"),
        CheckInfo("length", WARNING, "much longer or shorter than a translation into this language usually is"),
        CheckInfo("bidi", ERROR, "invisible direction-control characters, which can hide or reorder text"),
        CheckInfo("script", WARNING, "letters of another script or script variant, or kashida used to stretch words"),
        CheckInfo(
            "terminology", ERROR, "the publisher's glossary (locales/glossary.csv): required and forbidden terms"
        ),
        CheckInfo("source-changed", WARNING, "the source changed since this fuzzy translation was made"),
        CheckInfo("figures", WARNING, "one document counts the same thing with different numbers (source check)"),
    )
}
