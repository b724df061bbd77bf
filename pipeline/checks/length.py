"""The ``length`` check: a translation far longer or shorter than translations into its language usually are."""

from __future__ import annotations

import re

from .langdata import EXPANSION
from .registry import WARNING, Context, Finding, Level, check
from .script import MACHINE_TEXT

_NAME = re.compile(r"[A-Za-z][\w.:-]*")  # a Latin word, identifier or name ("GApplication", "D-Bus")


def _bounds(expected: float, size: int) -> tuple[float, float]:
    """The ratios past which a translation of a ``size``-character text is far off: twice or half the usual,
    and wider for a short text, whose few words say little (a title of three words may take six)."""
    factor = 2.0 + 20 / size
    return expected / factor, expected * factor


def _words_read(text: str, kept: set[str]) -> str:
    """A text without its placeholders, tags and addresses and without the names the other text keeps."""
    return _NAME.sub(lambda match: "" if match[0] in kept else match[0], MACHINE_TEXT.sub("", text)).strip()


@check("length", WARNING, Level.PAIR, "much longer or shorter than a translation into this language usually is")
def length(source: str, translation: str, context: Context) -> list[Finding]:
    """far longer or shorter than usual for the language (ratios per language: Chinese is short, French long)

    Placeholders, tags, addresses and the names both texts keep ("GApplication") are not counted, and a
    short text is given more room."""
    original, translated = context.plain(source).strip(), context.plain(translation).strip()
    if len(original) < 20 or not translated:
        return []  # too short for a ratio to mean anything
    expected = EXPANSION.get(context.lang.code.split("_")[0], 1.0) / EXPANSION.get(
        context.source.code.split("_")[0], 1.0
    )
    low, high = _bounds(expected, len(original))
    ratio = len(translated) / len(original)
    if low <= ratio <= high:
        return []
    # Far off as written: is it still, counting only the words a translator translates?
    kept = set(_NAME.findall(original)) & set(_NAME.findall(translated))
    words, translated_words = _words_read(original, kept), _words_read(translated, kept)
    if len(words) < 20 or not translated_words:
        return []
    low, high = _bounds(expected, len(words))
    if low <= len(translated_words) / len(words) <= high:
        return []
    return [Finding(f"the translation is {ratio:.1f} times as long as the source (about {expected:.1f} is usual)")]
