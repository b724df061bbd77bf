"""The ``numbers`` check: every figure of the source is in the translation, in any digits readers use.

A figure may be written in Arabic-Indic or Extended Arabic-Indic digits (or any
script's) with the locale's own separators; one spelled out in words (as
num2words says it) is a warning, not an error.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from .inline import MarkupKind, plain_text
from .langdata import DECIMAL_SEPARATORS, GROUP_SEPARATORS
from .registry import ERROR, WARNING, Context, Finding, Level, check
from .terminology import normalize_word

_NON_ASCII_DIGIT = re.compile(r"[^\D0-9]")  # Arabic-Indic ٠-٩, Extended ۰-۹, Devanagari, ...
_NOT_DIGIT = re.compile(r"\D")
# Groups of three after a separator (1,234 · 1 234 · ١٬٢٣٤), then perhaps a decimal part (1,5 · ١٫٥).
_NUMBER = re.compile(rf"\d+(?:[{GROUP_SEPARATORS}]\d{{3}}(?!\d))*(?:[{DECIMAL_SEPARATORS}]\d+)?")
_SOURCE_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


def _ascii_digits(text: str) -> str:
    return _NON_ASCII_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit[0])), text)


def _digits_of(number: str) -> str:
    return _NOT_DIGIT.sub("", _ascii_digits(number))


@cache
def _num2words_language(code: str) -> str | None:
    # Lazy: num2words takes ~35 ms to import, and only a translation that may spell a number out needs it.
    from num2words import num2words

    for candidate in (code, code.split("_")[0]):
        try:
            num2words(1, lang=candidate)
            return candidate
        except (NotImplementedError, OverflowError, TypeError):
            continue
    return None


def _squash(text: str) -> str:
    # Spaces and hyphens vary ("quatre-vingt-sept", "seksen yedi"); Arabic number words take ال.
    return re.sub(r"[\s\-‐]", "", re.sub(r"(?<!\w)([وفبل]?)ال", r"\1", normalize_word(text)))


def spelled_out(number: str, translation: str, code: str) -> str | None:
    """The words ``number`` is spelled with in ``translation``, if it is."""
    language = _num2words_language(code)
    if language is None or not number.isdigit() or len(number) > 30:  # past what anyone spells out
        return None
    from num2words import num2words  # lazy: see _num2words_language

    value = int(number)
    candidates: set[str] = set()
    for kind in ("cardinal", "year", "ordinal"):
        try:
            candidates.add(str(num2words(value, lang=language, to=kind)))
        except (NotImplementedError, OverflowError, TypeError, KeyError, IndexError, ValueError):
            continue  # num2words cannot say it this way in this language (years before 645 in Japanese, ...)
    haystack = _squash(translation)
    for words in candidates:
        variants = {_squash(words), _squash(words).replace("ون", "ين")}  # Arabic case endings
        if any(variant and variant in haystack for variant in variants):
            return words
    return None


@lru_cache(maxsize=32768)
def _source_numbers(source: str, kind: MarkupKind) -> tuple[tuple[str, str], ...]:
    """A source text's figures and their digits, read once for the translations of every language."""
    return tuple((number, _digits_of(number)) for number in _SOURCE_NUMBER.findall(plain_text(source, kind)))


@check(
    "numbers", ERROR, Level.PAIR, "every number in the source must be in the translation, in digits your readers use"
)
def numbers(source: str, translation: str, context: Context) -> list[Finding]:
    """a number of the source missing; any digits readers use are accepted (1998, ١٩٩٨, ۱۹۹۸) with the
    locale's separators; a number spelled out in words is a warning"""
    if context.is_plural:
        return []
    wanted = _source_numbers(source, context.markup)
    if not wanted:
        return []
    given: dict[str, int] = {}
    # \d is any script's digit: a figure in Arabic-Indic digits is read, then spelled in ASCII ones.
    for number in _NUMBER.findall(context.plain(translation)):
        # A plain space may group thousands (1 234) or stand between two figures (2020 150): both readings count.
        for reading in (number, *number.split(" ")) if " " in number else (number,):
            digits = _NOT_DIGIT.sub("", reading) if reading.isascii() else _digits_of(reading)
            given[digits] = given.get(digits, 0) + 1
    found = []
    for number, digits in wanted:
        if given.get(digits, 0) > 0:
            given[digits] -= 1
            continue
        words = spelled_out(digits, context.plain(translation), context.lang.code)
        if words:
            found.append(Finding(f'"{number}" is written in words ("{words}"); figures are easier to find', WARNING))
        else:
            found.append(Finding(f'"{number}" is missing from the translation'))
    return found
