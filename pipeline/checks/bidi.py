"""The ``bidi`` check: invisible direction controls, which can hide or reorder text."""

from __future__ import annotations

import unicodedata
from collections import Counter

from .langdata import BIDI_CLOSERS, BIDI_CONTROLS, BIDI_OPENERS, BIDI_PRESENT
from .registry import ERROR, Context, Finding, Level, check


@check("bidi", ERROR, Level.PAIR, "invisible direction-control characters, which can hide or reorder text")
def bidi(source: str, translation: str, context: Context) -> list[Finding]:
    """invisible direction controls (U+202A–U+202E, U+2066–U+2069, U+200E/F): they can hide or reorder text"""
    if not BIDI_PRESENT.search(translation):
        return []
    found = []
    expected = Counter(character for character in source if character in BIDI_CONTROLS)
    for character, count in Counter(character for character in translation if character in BIDI_CONTROLS).items():
        if count > expected[character]:
            name = unicodedata.name(character, f"U+{ord(character):04X}")
            found.append(Finding(f"invisible direction control U+{ord(character):04X} {name}: remove it"))
    stack: list[str] = []
    for character in translation:
        if character in BIDI_OPENERS:
            stack.append(BIDI_OPENERS[character])
        elif character in BIDI_CLOSERS:
            if not stack or stack[-1] != character:
                found.append(Finding(f"unbalanced direction control U+{ord(character):04X}: it closes nothing"))
                break
            stack.pop()
    if stack:
        found.append(Finding("unbalanced direction controls: an embedding, override or isolate is never closed"))
    return found
