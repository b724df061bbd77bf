"""The ``whitespace`` and ``punctuation`` checks: a translation starts, spaces and ends as its source does,
with its own script's marks (``؟`` ends a question like ``?``) and its own typography (French spaces)."""

from __future__ import annotations

import re

from .langdata import ARABIC_SCRIPT, CLOSERS, ENDINGS, LATIN_ENDINGS_IN_ARABIC_SCRIPT
from .registry import WARNING, Context, Finding, Level, check
from .urls import strip_urls

# A mark French puts a no-break space before; one space goes before a group of marks ("?!"), none between them.
_FRENCH_MARK = re.compile(r"(?<=[^\s:;!?])( ?)([:;!?])(?!\d)")
_DIGIT = re.compile(r"\d")


@check("whitespace", WARNING, Level.PAIR, "spaces at the start and end as in the source, and no double spaces")
def whitespace(source: str, translation: str, context: Context) -> list[Finding]:
    """different spaces at the start or end; a double space"""
    found = []
    if len(source) - len(source.lstrip()) != len(translation) - len(translation.lstrip()):
        found.append(Finding("the source and the translation start with different whitespace"))
    if len(source) - len(source.rstrip()) != len(translation) - len(translation.rstrip()):
        found.append(Finding("the source and the translation end with different whitespace"))
    if "  " in translation.strip() and "  " not in source:
        found.append(Finding("double space in the translation"))
    return found


def ending(text: str) -> str:
    """The mark a text ends with, past closing quotes, brackets and emphasis ("..." is "…")."""
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    return stripped[-1:] if stripped else ""


@check("punctuation", WARNING, Level.PAIR, "end the way the source ends (. ? ! :), with your script's own marks")
def punctuation(source: str, translation: str, context: Context) -> list[Finding]:
    """a different ending (`؟` ends a question like `?`), Latin `?` in Arabic script, no no-break space
    before `: ; ! ?` in French (one before a group such as `?!`; code spans are not checked)"""
    found = []
    source_end, translation_end = ending(context.plain(source)), ending(context.plain(translation))
    language = context.lang.code.split("_")[0]
    if ENDINGS.get(source_end, "") != ENDINGS.get(translation_end, ""):
        said = f'"{source_end}"' if source_end in ENDINGS else "no punctuation"
        given = f'"{translation_end}"' if translation_end in ENDINGS else "no punctuation"
        found.append(Finding(f"the source ends with {said}, the translation with {given}"))
    elif language in ARABIC_SCRIPT and translation_end in LATIN_ENDINGS_IN_ARABIC_SCRIPT:
        found.append(
            Finding(
                f'Arabic script ends with "{LATIN_ENDINGS_IN_ARABIC_SCRIPT[translation_end]}", not "{translation_end}"'
            )
        )
    if language == "fr":
        plain = strip_urls(context.inline(translation).prose)
        for match in _FRENCH_MARK.finditer(plain):
            if match[2] == ":" and _DIGIT.match(plain[match.start() - 1 : match.start()] or "x"):
                continue  # a time or a ratio: 10:30
            found.append(Finding(f'French puts a no-break space (U+00A0 or U+202F) before "{match[2]}"'))
            break
    return found
