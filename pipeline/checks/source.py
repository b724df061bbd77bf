"""The source checks (``pipeline check --source``): problems in the source text itself.

Doubled words, Markdown markers that make nothing (something left open), and
one document counting the same thing with different numbers. The source is not
changed; the source language's ``disable-checks`` turns these off.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..languages import Language
from .inline import plain_text, read_inline
from .langdata import STOP_WORDS
from .registry import WARNING, Finding, Level, check
from .words import doubled_words, repeated

_COUNTED = re.compile(r"(?<![\w.,])(\d[\d,]*)\s+([^\W\d_][\w-]*)")


@check("doubled-words", WARNING, Level.SOURCE, 'a word is repeated, as in "in in"')
def doubled_in_source(segments: Sequence[tuple[str, int]], shown: str, lang: Language) -> list[Finding]:
    """(`--source`) the same in the source text"""
    return [
        Finding(repeated(phrase), line=line, msgid=text)
        for text, line in segments
        for phrase in doubled_words(plain_text(text), lang.code)
    ]


@check("markup", WARNING, Level.SOURCE, "Markdown markers that make nothing in the source: is something left open?")
def markup_in_source(segments: Sequence[tuple[str, int]], shown: str, lang: Language) -> list[Finding]:
    """(`--source`) `**`, `__`, `` ` `` or `](` that make no Markdown in the source: something left open"""
    found = []
    for text, line in segments:
        marker = next(iter(read_inline(text).markers), None)
        if marker is not None:
            found.append(
                Finding(f"{marker!r} does not make Markdown here: is something left open?", line=line, msgid=text)
            )
    return found


@check("figures", WARNING, Level.SOURCE, "one document counts the same thing with different numbers (source check)")
def figures(segments: Sequence[tuple[str, int]], shown: str, lang: Language) -> list[Finding]:
    """(`--source`) one document counting the same thing differently"""
    counts: dict[str, list[tuple[str, int]]] = {}
    for text, line in segments:
        for number, noun in _COUNTED.findall(plain_text(text)):
            value = number.replace(",", "")
            if noun.casefold() in STOP_WORDS or (len(value) == 4 and 1800 <= int(value) <= 2100):
                continue  # years and "2014 and" say nothing about a count
            counts.setdefault(noun.casefold(), []).append((number, line))
    found = []
    for noun, seen in counts.items():
        first_number, first_line = seen[0]
        for number, line in seen[1:]:
            if number.replace(",", "") != first_number.replace(",", ""):
                found.append(
                    Finding(
                        f"{number} {noun} here, but {first_number} {noun} at {shown}:{first_line}", line=line, msgid=""
                    )
                )
    return found
