"""TMX 1.4b: the project's translations as a translation memory, and a reader for memories from outside.

Writing: one file per language pair (the source language and one target
language), each ``<tu>`` one message with its two ``<tuv>``; the text is the
message's Markdown, its inline markup as TMX codes (``<bpt>``/``<ept>`` around
emphasis and link texts, ``<ph>`` for code spans and autolinks) holding the
Markdown itself, so that a tool joining a segment's text and codes gets the
message back. No date is written: the same catalogues give the same bytes.

Reading (``read_memory``): the (source, target) pairs of a TMX file for one
language pair. Languages are matched as TMX does, by BCP 47 tag, case
insensitive, as a prefix: our ``fa_AF`` is ``fa-AF``, our ``fr`` takes
``fr-FR`` units too (an exact tag is preferred). A segment's text is all its
text, codes' native data included.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ..errors import ExchangeError, LanguageError
from ..languages import parse_code
from ..xmltext import escape, quoteattr
from . import xmlsafe
from .inline import Code, segment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TMX_VERSION = "1.4"


def language_range(code: str) -> str:
    """A gettext code or BCP 47 tag as a lower-case BCP 47 tag: ``fa_AF`` -> ``fa-af``, ``sr@latin`` -> ``sr-latn``."""
    try:
        return parse_code(code.replace("-", "_") if "@" not in code else code).tag.lower()
    except LanguageError:
        return code.replace("_", "-").lower()


def language_matches(tag: str, wanted: str) -> bool:
    """Whether a TMX ``xml:lang`` ``tag`` is in the language ``wanted`` (RFC 4647 basic filtering)."""
    tag = tag.strip().replace("_", "-").lower()
    return tag == wanted or tag.startswith(wanted + "-")


def _segment_text(seg: etree._Element) -> str:
    return "".join(seg.itertext())


def read_memory(path: Path, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
    """The (source text, target text) pairs of a TMX file, for one language pair.

    ``source_lang`` and ``target_lang`` are gettext codes or BCP 47 tags. A unit without a
    variant in both languages is left out; the same pair is given once. A damaged or unsafe
    file is an ``ExchangeError`` at its line. The same content is parsed once per process for all its
    languages (an update asks for each of its languages in turn; a memory often holds many).
    """
    shown = str(path)
    data = xmlsafe.read_bytes(path, shown)
    key = (shown, hashlib.blake2b(data, digest_size=16).digest())
    units = _READ.get(key)
    if units is None:
        units = _units(data, shown)
        while len(_READ) >= 4:  # a few memories are kept, by content: one of many languages is read once
            del _READ[next(iter(_READ))]
        _READ[key] = units
    del data
    source, target = language_range(source_lang), language_range(target_lang)
    pairs: dict[tuple[str, str], None] = {}
    for unit in units:
        found_source = _variant(unit, source, shown)
        found_target = _variant(unit, target, shown)
        if found_source is not None and found_target is not None and found_source and found_target:
            pairs[(found_source, found_target)] = None
    return list(pairs)


@dataclass(frozen=True)
class _Variant:
    """One ``<tuv>`` of a unit: its language tag as written, its text (None: it has no ``<seg>``)."""

    tag: str
    text: str | None
    line: int


_READ: dict[tuple[str, bytes], tuple[tuple[_Variant, ...], ...]] = {}  # (file, its content's hash) -> its units


def _units(data: bytes, shown: str) -> tuple[tuple[_Variant, ...], ...]:
    """The variants of each ``<tu>`` of the file ``shown`` holding ``data``: read one unit at a time."""
    parts = xmlsafe.parse_parts(data, shown, "tmx", "tu", within="body", tmx_doctype=True)
    root = next(parts)
    if xmlsafe.local(root.tag) != "tmx":
        raise ExchangeError(f"not a TMX file: its root element is <{xmlsafe.local(root.tag)}>", shown, root.sourceline)
    units: list[tuple[_Variant, ...]] = []
    for unit in parts:  # one at a time: an agency's memory may be hundreds of megabytes
        variants = []
        for variant in unit:
            if xmlsafe.local(variant.tag) != "tuv":
                continue
            tag = variant.get(XML_LANG) or variant.get("lang")  # TMX 1.1 wrote lang=
            if tag is None:
                raise ExchangeError("a <tuv> without xml:lang", shown, variant.sourceline)
            seg = next((child for child in variant if xmlsafe.local(child.tag) == "seg"), None)
            text = None if seg is None else _segment_text(seg)
            variants.append(_Variant(tag, text, variant.sourceline or 0))
        units.append(tuple(variants))
    if not any(xmlsafe.local(child.tag) == "body" for child in root):
        raise ExchangeError("not a TMX file: <tmx> has no <body>", shown, root.sourceline)
    return tuple(units)


def _variant(unit: tuple[_Variant, ...], wanted: str, shown: str) -> str | None:
    """The text of the unit's variant in ``wanted``: an exact tag first, else the first of a sub-tag."""
    close: str | None = None
    for variant in unit:
        if not language_matches(variant.tag, wanted):
            continue
        if variant.text is None:
            raise ExchangeError("a <tuv> without <seg>", shown, variant.line)
        if variant.tag.strip().replace("_", "-").lower() == wanted:
            return variant.text
        if close is None:
            close = variant.text
    return close


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class MemoryUnit:
    """One message and its translation, with where it comes from."""

    source: str
    target: str
    document: str
    context: str | None = None
    draft: bool = False  # not reviewed: a machine draft or a fuzzy translation (only with --drafts)


def _seg(text: str, *, source: bool) -> str:
    """A message as the content of ``<seg>``: its markup as TMX codes holding the Markdown."""
    parts: list[str] = []
    for piece in segment(text, kept=source):
        if isinstance(piece, str):
            parts.append(escape(piece))
        elif isinstance(piece, Code):
            data = escape(piece.data)
            if piece.kind == "open":
                parts.append(f'<bpt i="{piece.id}" type="{piece.tmx_type}">{data}</bpt>')
            elif piece.kind == "close":
                parts.append(f'<ept i="{piece.id}">{data}</ept>')
            else:
                parts.append(f'<ph x="{piece.id}" type="{piece.tmx_type}">{data}</ph>')
    return "".join(parts)


def _tuid(unit: MemoryUnit) -> str:
    key = "\x04".join((unit.document, unit.context or "", unit.source))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def memory_document(units: Iterable[MemoryUnit], source_tag: str, target_tag: str, tool_version: str) -> bytes:
    """A TMX 1.4b document of ``units`` (source in ``source_tag``, translation in ``target_tag``)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tmx version="{TMX_VERSION}">',
        f'  <header creationtool="pipeline" creationtoolversion={quoteattr(tool_version)} segtype="block" '
        f'o-tmf="gettext PO" adminlang="en" srclang={quoteattr(source_tag)} datatype="x-markdown"/>',
        "  <body>",
    ]
    seen: set[str] = set()
    for unit in units:
        tuid = _tuid(unit)
        if tuid in seen:
            continue
        seen.add(tuid)
        lines.append(f'    <tu tuid="{tuid}">')
        lines.append(f'      <prop type="x-document">{escape(unit.document)}</prop>')
        if unit.context is not None:
            lines.append(f'      <prop type="x-context">{escape(unit.context)}</prop>')
        if unit.draft:
            lines.append('      <prop type="x-state">needs-review</prop>')
        lines.append(f"      <tuv xml:lang={quoteattr(source_tag)}><seg>{_seg(unit.source, source=True)}</seg></tuv>")
        lines.append(f"      <tuv xml:lang={quoteattr(target_tag)}><seg>{_seg(unit.target, source=False)}</seg></tuv>")
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines).encode("utf-8")
