"""The ``script`` check: letters of another script, Arabic or Persian letter variants, kashida."""

from __future__ import annotations

import re
from functools import cache

from babel.core import get_global

from .langdata import (
    ARABIC_LETTERS,
    ARABIC_MARKS,
    ARABIC_VARIANT,
    KASHIDA,
    PASHTO_VARIANT,
    PERSIAN_TYPE,
    PERSIAN_VARIANT,
    SCRIPT_LETTERS,
    SCRIPT_NAMES,
)
from .registry import WARNING, Context, Finding, Level, check


@cache
def _script_pattern(script: str) -> re.Pattern[str]:
    """The letters of one script; made when a language of that script is first checked (each takes a
    millisecond to compile, and a site uses few of the scripts known)."""
    return re.compile(f"[{SCRIPT_LETTERS[script]}]+")


_LETTER = re.compile(r"[^\W\d_]+")
# Words, a run of Latin letters apart from letters of other scripts: "source_parser" is two words, "makefileを作成"
# has the word "makefile", each of which the source may have.
_LATIN = SCRIPT_LETTERS["Latn"] + "0-9"
_WORD = re.compile(f"[{_LATIN}]+|[^\\W_{_LATIN}]+")
_WITHOUT_ASCII_LETTERS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

# What a program reads rather than a reader: placeholders, addresses, tags and code, in any catalogue. A named
# group says which (the ``bidi`` check names them); none of their letters are a language's words.
MACHINE_TEXT = re.compile(
    r"(?P<address>(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)"  # not a right-to-left letter or a final stop
    r"[^\s<>\"'“”«»()\[\]\u0590-\u08ff]*[^\s<>\"'“”«»()\[\]\u0590-\u08ff.,;:!?؟،]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<tag></?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<code>`[^`\n]+`)"
    r"|(?P<placeholder>%(?:[0-9]+\$)?(?:\([^()\s]*\))?[-#0 +'I]*(?:[0-9]+|\*)?(?:\.(?:[0-9]+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaAp]"  # printf, Python's %(name)s, glib's %Id
    r"|%[-_0^#]?[EO]?[A-Za-z]|%[0-9]+"  # strftime (%Oy, %-d), Qt's %1
    r"|\{\{[^{}]*\}\}|\{[A-Za-z_][\w.]*(?:![rsa])?(?::[^{}]*)?\}|\{[0-9]*\})"  # Jinja2, str.format
)
# A kashida between two letters of a word stretches it ("كـــتاب"). After a one-letter prefix before a Latin
# word, a number, a placeholder or a space ("لـ GNOME", "بـ%s"), or before a suffix after one ("Weblate ـەکەت"),
# it is how the prefix is written on its own.
_WORD_CHARACTER = re.compile(f"[\\w{ARABIC_MARKS}]")
_KASHIDA_IN_WORD = re.compile(f"[{ARABIC_LETTERS}][{ARABIC_MARKS}]*{KASHIDA}+[{ARABIC_MARKS}]*[{ARABIC_LETTERS}]")


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
    return scripts[0] if scripts and scripts[0] in SCRIPT_LETTERS else None


def _words(text: str) -> list[str]:
    """The words of a text a reader sees, without its placeholders, addresses, tags and code."""
    return _WORD.findall(MACHINE_TEXT.sub(" ", text))


def _stretched(translation: str) -> str | None:
    """The first word a kashida stretches, if one does."""
    match = _KASHIDA_IN_WORD.search(translation)
    if match is None:
        return None
    start, end = match.start(), match.end()
    while start > 0 and _WORD_CHARACTER.match(translation[start - 1]):
        start -= 1
    while end < len(translation) and _WORD_CHARACTER.match(translation[end]):
        end += 1
    return translation[start:end]


@check("script", WARNING, Level.PAIR, "letters of another script or script variant, or kashida used to stretch words")
def script(source: str, translation: str, context: Context) -> list[Finding]:
    """mostly letters of another script (placeholders, addresses, code and the source's own words left out);
    Arabic ي/ك in Persian, Dari, Sorani or Pashto text (or ی/ک in Arabic); kashida stretching a word
    (not "لـ" before a Latin word or a number)"""
    found = []
    code = context.lang.code.split("_")[0]
    expected = expected_script(context.lang.locale)  # Babel's identifier: "sr@latin" is sr_Latn
    prose = context.inline(translation).prose  # without link targets and code spans
    if expected == "Latn" and prose.isascii():
        native = len(prose) - len(prose.translate(_WITHOUT_ASCII_LETTERS))  # much faster than matching words
    else:
        native = _letters(_script_pattern(expected), prose) if expected is not None else 0
    # Counting every letter is needed only when the script's own letters are less than half the text;
    # "translator-credits" is translated with the translators' names.
    if (
        expected is not None
        and native * 2 < len(prose)
        and native * 2 < _letters(_LETTER, prose)
        and source != "translator-credits"
    ):
        # Names, products and acronyms the source has ("GNOME", "Makefile") are kept as they are: leave them out.
        kept = {word.casefold() for word in _words(context.inline(source).prose)}
        text = " ".join(word for word in _words(prose) if word.casefold() not in kept)
        letters = _letters(_LETTER, text)
        if letters >= 12 and _letters(_script_pattern(expected), text) < letters / 2:
            counts = {name: _letters(_script_pattern(name), text) for name in SCRIPT_LETTERS}
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
        word = _stretched(translation)
        if word is not None:
            found.append(Finding(f'kashida (ـ) stretches "{word}": let the page lay out the text'))
    return found
