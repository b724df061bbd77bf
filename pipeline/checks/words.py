"""The ``doubled-words`` and ``unchanged`` checks: a word written twice, a text left untranslated."""

from __future__ import annotations

import operator
import re

from .langdata import DOUBLING_ALLOWED
from .registry import WARNING, Context, Finding, Level, check

WORDS = re.compile(r"\w+", re.UNICODE)
_DOUBLED = re.compile(r"(?<!\w)(\w+)(?:\s+\1)+(?!\w)", re.IGNORECASE)


def doubled_words(text: str, code: str) -> list[str]:
    """The phrases of ``text`` in which a word follows itself ("in in"), except where ``code``'s language
    rightly doubles it."""
    words = WORDS.findall(text.casefold())
    if not any(map(operator.eq, words, words[1:])):
        return []  # no word follows itself: the exact search below is not needed
    allowed = DOUBLING_ALLOWED.get(code.split("_")[0], set())
    return [
        match[0] for match in _DOUBLED.finditer(text) if not match[1].isdigit() and match[1].casefold() not in allowed
    ]


def repeated(phrase: str) -> str:
    return f'"{phrase}": a word is repeated'


@check("doubled-words", WARNING, Level.PAIR, 'a word is repeated, as in "in in"')
def doubled(source: str, translation: str, context: Context) -> list[Finding]:
    """ "in in" (but not French "nous nous")"""
    return [Finding(repeated(phrase)) for phrase in doubled_words(context.plain(translation), context.lang.code)]


@check("unchanged", WARNING, Level.PAIR, "the translation is the source text itself")
def unchanged(source: str, translation: str, context: Context) -> list[Finding]:
    """the source text left as the translation (names and figures excepted)"""
    if source.strip() != translation.strip():
        return []
    words = WORDS.findall(context.plain(source))
    # Names, acronyms and figures are the same in every language.
    if all(word[:1].isupper() or word.isdigit() or not word.isalpha() for word in words):
        return []
    return [Finding("the translation is the source text, untranslated")]
