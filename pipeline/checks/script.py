"""The ``script`` check: letters of another script, Arabic or Persian letter variants, kashida."""

from __future__ import annotations

import re
from functools import cache

from babel.core import get_global

from .langdata import (
    ARABIC_VARIANT,
    KASHIDA,
    PASHTO_VARIANT,
    PERSIAN_TYPE,
    PERSIAN_VARIANT,
    SCRIPT_LETTERS,
    SCRIPT_NAMES,
)
from .registry import WARNING, Context, Finding, Level, check
from .words import WORDS

_SCRIPT_PATTERNS = {script: re.compile(f"[{letters}]+") for script, letters in SCRIPT_LETTERS.items()}
_LETTER = re.compile(r"[^\W\d_]+")
_WITHOUT_ASCII_LETTERS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _letters(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


@cache
def expected_script(code: str) -> str | None:
    """The script a language is written in, from the language code or CLDR's likely subtags."""
    parts = code.split("_")
    scripts = [part for part in parts if len(part) == 4 and part.istitle()]
    if not scripts:
        likely = get_global("likely_subtags")
        parts = (likely.get(code) or likely.get(parts[0]) or "").split("_")
        scripts = [part for part in parts if len(part) == 4 and part.istitle()]
    return scripts[0] if scripts and scripts[0] in _SCRIPT_PATTERNS else None


@check("script", WARNING, Level.PAIR, "letters of another script or script variant, or kashida used to stretch words")
def script(source: str, translation: str, context: Context) -> list[Finding]:
    """mostly letters of another script; Arabic ي/ك in Persian, Dari, Sorani or Pashto text (or ی/ک in
    Arabic); kashida"""
    found = []
    code = context.lang.code.split("_")[0]
    expected = expected_script(context.lang.locale)  # Babel's identifier: "sr@latin" is sr_Latn
    plain = context.plain(translation)
    if expected == "Latn" and plain.isascii():
        native = len(plain) - len(plain.translate(_WITHOUT_ASCII_LETTERS))  # much faster than matching words
    else:
        native = _letters(_SCRIPT_PATTERNS[expected], plain) if expected is not None else 0
    # Counting every letter is needed only when the script's own letters are less than half the text.
    if expected is not None and native * 2 < len(plain) and native * 2 < _letters(_LETTER, plain):
        # Names and acronyms the source has ("UNDP") are kept as they are: leave them out.
        kept = set(WORDS.findall(context.plain(source)))
        text = " ".join(word for word in WORDS.findall(plain) if word not in kept)
        letters = _letters(_LETTER, text)
        if letters >= 12 and _letters(_SCRIPT_PATTERNS[expected], text) < letters / 2:
            counts = {name: _letters(pattern, text) for name, pattern in _SCRIPT_PATTERNS.items()}
            most = max(counts, key=lambda name: counts[name])
            letters_of = f"{SCRIPT_NAMES[most]} letters" if counts[most] else "letters of another script"
            found.append(Finding(f"mostly {letters_of}, but {context.lang.english_name} is written in another script"))
    if code in PERSIAN_TYPE:
        variants = PASHTO_VARIANT if code == "ps" else PERSIAN_VARIANT
        for arabic, persian in variants.items():
            if arabic in translation:
                found.append(Finding(f'Arabic "{arabic}" where {context.lang.english_name} writes "{persian}"'))
    elif code == "ar":
        for persian, arabic in ARABIC_VARIANT.items():
            if persian in translation:
                found.append(Finding(f'Persian "{persian}" where Arabic writes "{arabic}"'))
    if KASHIDA in translation and KASHIDA not in source:
        found.append(Finding("kashida (ـ) used to stretch a word; let the page lay out the text"))
    return found
