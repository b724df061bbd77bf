"""The ``doubled-words`` and ``unchanged`` checks: a word written twice, a text left untranslated."""

from __future__ import annotations

import operator
import re

from .langdata import COMBINING_MARKS, DOUBLING_ALLOWED
from .registry import WARNING, Context, Finding, Level, check
from .script import MACHINE_TEXT, expected_script

WORDS = re.compile(r"\w+", re.UNICODE)
# What a reader does not read as words in a text left as its source: ikiwiki directives ([[!img x.png]]),
# the target of a wiki link ([[label|target]] keeps its label), the content of DocBook and HTML elements
# that hold code, character references; placeholders, addresses and tags are MACHINE_TEXT.
_NOT_PROSE = re.compile(
    r"\[\[!.*?\]\]"
    r"|<(command|literal|filename|userinput|computeroutput|email|option|varname|systemitem|replaceable|code"
    r"|kbd|samp|tt)\b[^>]*>.*?</\1>"
    r"|&#?\w+;",
    re.DOTALL,
)
_WIKI_LINK = re.compile(r"\[\[(?:([^|\]]*)\|)?[^\]]*\]\]")
# A word with its combining marks: "دَاعِشْ" is one word, not three pieces between its harakat.
_MARKED = f"[\\w{COMBINING_MARKS}]"
_MARKED_WORDS = re.compile(f"{_MARKED}+")
_DOUBLED = re.compile(f"(?<!{_MARKED})({_MARKED}+)(?:\\s+\\1)+(?!{_MARKED})", re.IGNORECASE)


def doubled_words(text: str, code: str) -> list[str]:
    """The phrases of ``text`` in which a word follows itself ("in in"), except where ``code``'s language
    rightly doubles it."""
    words = _MARKED_WORDS.findall(text.casefold())
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
    """the source text left as the translation (names and figures excepted)

    Only words count: a text of markup, placeholders, addresses or code alone (a tag, ``%a %R:%S``, an
    ikiwiki directive) has nothing to translate. One word in a language of the source's script may be
    the same word there ("macro" in French, "client" in Dutch)."""
    if source.strip() != translation.strip():
        return []
    text = MACHINE_TEXT.sub(" ", _WIKI_LINK.sub(r" \1 ", _NOT_PROSE.sub(" ", context.plain(source))))
    # Names, acronyms and figures are the same in every language, and so are "i386" and "x": only words count.
    words = [word for word in WORDS.findall(text) if word.isalpha() and len(word) > 1]
    if all(word[:1].isupper() for word in words):
        return []
    if len(words) == 1 and expected_script(context.lang.locale) == expected_script(context.source.locale):
        return []
    return [Finding("the translation is the source text, untranslated")]
