"""The source checks (``pipeline check --source``): problems in the source text itself.

Doubled words, Markdown markers that make nothing (something left open),
one document counting the same thing with different numbers, and links to a
document, a heading or a file that is not there. The source is not changed;
the source language's ``disable-checks`` turns these off.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..languages import Language
from ..sources.links import DOCUMENT_SUFFIX, current_site
from .inline import plain_text, read_inline
from .langdata import STOP_WORDS
from .registry import ERROR, WARNING, Finding, Level, check
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


@check("links", ERROR, Level.SOURCE, "a link to a document, a heading or a file of source/ that is not there")
def links(segments: Sequence[tuple[str, int]], shown: str, lang: Language) -> list[Finding]:
    """(`--source`) a link to a document, a heading id or a file of `source/` that does not exist, or two
    headings of a page with the same `{#id}`"""
    site = current_site()
    if site is None or shown not in site.links:
        return []
    name = shown.rsplit("/", 1)[-1].removesuffix(DOCUMENT_SUFFIX)
    found = []
    own = site.ids.get(name, [])
    seen: set[str] = set()
    for identifier in own:
        if identifier in seen:
            found.append(Finding(f"two headings have the id {identifier!r}: give one another {{#id}}", msgid=""))
        seen.add(identifier)
    for use in site.links[shown]:
        target = use.target
        problem = None
        if target.kind == "file":
            if target.name not in site.files:
                problem = f"{use.url!r} leads to no file in source/"
        else:
            document = name if target.kind == "here" else target.name
            if document not in site.ids:
                problem = f"{use.url!r} leads to no document: there is no source/{document}{DOCUMENT_SUFFIX}"
            elif target.fragment and target.fragment not in site.ids[document]:
                where = "this document" if target.kind == "here" else f"{document}{DOCUMENT_SUFFIX}"
                problem = f"{use.url!r}: {where} has no heading with the id {target.fragment!r}"
        if problem is not None:
            found.append(Finding(problem, line=use.line, msgid=use.msgid))
    return found
