"""XLIFF 2.1 and 1.2: a language's catalogues written for CAT tools, and read back.

One XLIFF document holds one target language (XLIFF 2 has one ``trgLang``
per document): a ``<file>`` per catalogue (document, or ``ui`` for the page
texts), named by the catalogue's path (``original``) and marked with the
project it belongs to, its base URL (``pipeline:project`` in 2.1; in 1.2,
whose strict schema admits no attribute of another namespace without a schema,
``product-name``); a ``<unit>``
(``<trans-unit>``) per message, or per plural form, whose ``id`` is a hash of
the message's context and text. Notes carry where the message is
(``#:``), what block it is (``#.``), its context and the translator's
comments.

States, written (XLIFF 2.1 ``<segment>``; XLIFF 1.2 ``<target>``):

- untranslated: ``state="initial"``, no target; ``state="new"``, empty;
- fuzzy: ``state="translated" subState="pipeline:fuzzy"``; ``state="needs-review-translation"``;
- machine draft: ``state="translated" subState="pipeline:draft"``; the same with
  ``state-qualifier="mt-suggestion"``;
- reviewed: ``state="final"``; ``state="signed-off"`` and ``approved="yes"``.

Read back: ``final``/``reviewed`` (2.x), ``signed-off``/``final``/``approved="yes"`` (1.2) and a plain
``translated`` without the needs-review marker are reviewed translations (not fuzzy); ``translated``
with our ``subState``, any 1.2 ``needs-*`` state, or a target in state ``initial``/``new`` are kept
fuzzy (a machine draft keeps its draft comment, so it stays a draft). An empty target never
erases a translation.

Inline Markdown is written as inline codes (``inline.segment``): ``<pc>``/``<ph>`` with the Markdown
in ``<originalData>`` (2.x), ``<g>``/``<x>`` (1.2). Read back, a code's Markdown is taken from the
catalogue's own message (by the code's id), never from the file: a file cannot smuggle markup in
through its codes' data.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ..errors import ExchangeError
from ..status import EntryState
from ..xmltext import escape, quoteattr
from . import xmlsafe
from .inline import Code, Piece, segment

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF1_NS = "urn:oasis:names:tc:xliff:document:1.2"
PIPELINE_NS = "urn:pipeline:exchange:1"
VERSIONS = ("2.1", "1.2")
NEEDS_REVIEW = {EntryState.FUZZY: "pipeline:fuzzy", EntryState.DRAFT: "pipeline:draft"}

# Characters XML 1.0 cannot hold (XLIFF 2 writes them as <cp hex="..."/>).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def unit_id(context: str | None, msgid: str) -> str:
    """A message's unit id: stable while its context and text are, a valid NMTOKEN."""
    key = f"{context}\x04{msgid}" if context is not None else msgid
    return "m" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


# ---------------------------------------------------------------- what is written


@dataclass(frozen=True)
class Unit:
    """One message (or one plural form of it) to write."""

    id: str
    source: str
    target: str
    state: EntryState
    notes: tuple[tuple[str, str], ...] = ()  # (category, text): location, block, context, translator, plural


@dataclass(frozen=True)
class FileSection:
    """One catalogue: its path in the project (``original``), its domain, its units."""

    original: str
    domain: str
    units: tuple[Unit, ...]


def target_pieces(source: tuple[Piece, ...], target: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """The translation's codes renumbered: a code with the same Markdown as one of the source's takes its
    id (the first unused, in order), any other an id of its own (``t1``, ``t2``...)."""
    pairs: dict[str, tuple[str, str]] = {}
    for piece in source:
        if isinstance(piece, Code):
            opening, closing = pairs.get(piece.id, ("", ""))
            pairs[piece.id] = (piece.data, closing) if piece.kind != "close" else (opening, piece.data)
    target_pairs: dict[str, tuple[str, str]] = {}
    for piece in target:
        if isinstance(piece, Code):
            opening, closing = target_pairs.get(piece.id, ("", ""))
            target_pairs[piece.id] = (piece.data, closing) if piece.kind != "close" else (opening, piece.data)
    used: set[str] = set()
    renamed: dict[str, str] = {}
    extra = 0
    for old, data in target_pairs.items():
        match = next((code_id for code_id, known in pairs.items() if known == data and code_id not in used), None)
        if match is None:
            extra += 1
            match = f"t{extra}"
        used.add(match)
        renamed[old] = match
    return tuple(
        piece
        if isinstance(piece, str)
        else Code(piece.kind, renamed[piece.id], piece.data, piece.markup, piece.display)
        for piece in target
    )


class CodeTable:
    """(kind, id) -> Markdown for the codes of a message and its translation, as ``target_pieces`` numbers them.

    Each text is cut into codes only when a code is asked for: most units have none."""

    def __init__(self, source: str, target: str) -> None:
        self.source = source
        self.target = target
        self.table: dict[tuple[str, str], str] | None = None
        self.with_target = False

    def get(self, kind: str, code_id: str) -> str | None:
        if self.table is None:
            self.table = {
                (piece.kind, piece.id): piece.data for piece in segment(self.source) if isinstance(piece, Code)
            }
        found = self.table.get((kind, code_id))
        if found is None and not self.with_target and self.target:
            self.with_target = True
            for piece in target_pieces(segment(self.source), segment(self.target, kept=False)):
                if isinstance(piece, Code):
                    self.table.setdefault((piece.kind, piece.id), piece.data)
            found = self.table.get((kind, code_id))
        return found


def code_table(source: str, target: str) -> CodeTable:
    return CodeTable(source, target)


def _xml_text(text: str, version: str) -> str:
    escaped = escape(text)
    if not _NOT_XML.search(escaped):
        return escaped
    if version == "1.2":
        return _NOT_XML.sub("\ufffd", escaped)
    return _NOT_XML.sub(lambda found: f'<cp hex="{ord(found[0]):04X}"/>', escaped)


def _content2(pieces: tuple[Piece, ...]) -> str:
    parts: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(_xml_text(piece, "2.1"))
            continue
        kind, sub = piece.xliff2_type
        typed = f' type="{kind}"' + (f' subType="{sub}"' if sub else "")
        if piece.kind == "open":
            parts.append(f'<pc id="{piece.id}" dataRefStart="d{piece.id}s" dataRefEnd="d{piece.id}e"{typed}>')
        elif piece.kind == "close":
            parts.append("</pc>")
        else:
            display = f" disp={quoteattr(_NOT_XML.sub('', piece.display))}" if piece.display else ""
            parts.append(f'<ph id="{piece.id}" dataRef="d{piece.id}"{typed}{display}/>')
    return "".join(parts)


def _content1(pieces: tuple[Piece, ...]) -> str:
    parts: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(_xml_text(piece, "1.2"))
        elif piece.kind == "open":
            parts.append(f'<g id="{piece.id}" ctype="{piece.xliff1_ctype}">')
        elif piece.kind == "close":
            parts.append("</g>")
        else:
            equiv = f" equiv-text={quoteattr(_NOT_XML.sub('', piece.display))}" if piece.display else ""
            parts.append(f'<x id="{piece.id}" ctype="{piece.xliff1_ctype}"{equiv}/>')
    return "".join(parts)


def _original_data(pieces: Iterable[Piece]) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        if not isinstance(piece, Code):
            continue
        data_id = f"d{piece.id}" + {"open": "s", "close": "e", "ph": ""}[piece.kind]
        if data_id in seen:
            continue
        seen.add(data_id)
        lines.append(f'          <data id="{data_id}">{_xml_text(piece.data, "2.1")}</data>')
    return lines


def _unit2(unit: Unit) -> list[str]:
    source = segment(unit.source)
    target = target_pieces(source, segment(unit.target, kept=False)) if unit.target else ()
    lines = [f'    <unit id="{unit.id}">']
    if unit.notes:
        lines.append("      <notes>")
        for category, text in unit.notes:
            lines.append(f'        <note category="{category}">{_xml_text(text, "2.1")}</note>')
        lines.append("      </notes>")
    data = _original_data((*source, *target))
    if data:
        lines += ["      <originalData>", *(line[2:] for line in data), "      </originalData>"]
    if unit.state is EntryState.UNTRANSLATED or not unit.target:
        state = ' state="initial"'
    elif unit.state is EntryState.TRANSLATED:
        state = ' state="final"'
    else:
        state = f' state="translated" subState="{NEEDS_REVIEW[unit.state]}"'
    lines.append(f"      <segment{state}>")
    lines.append(f"        <source>{_content2(source)}</source>")
    if unit.target and unit.state is not EntryState.UNTRANSLATED:
        lines.append(f"        <target>{_content2(target)}</target>")
    lines += ["      </segment>", "    </unit>"]
    return lines


def _unit1(unit: Unit) -> list[str]:
    source = segment(unit.source)
    target = target_pieces(source, segment(unit.target, kept=False)) if unit.target else ()
    translated = bool(unit.target) and unit.state is not EntryState.UNTRANSLATED
    approved = ' approved="yes"' if translated and unit.state is EntryState.TRANSLATED else ""
    lines = [f'      <trans-unit id="{unit.id}" xml:space="preserve"{approved}>']
    lines.append(f"        <source>{_content1(source)}</source>")
    if not translated:
        lines.append('        <target state="new"></target>')
    elif unit.state is EntryState.TRANSLATED:
        lines.append(f'        <target state="signed-off">{_content1(target)}</target>')
    else:
        qualifier = ' state-qualifier="mt-suggestion"' if unit.state is EntryState.DRAFT else ""
        lines.append(f'        <target state="needs-review-translation"{qualifier}>{_content1(target)}</target>')
    for category, text in unit.notes:
        if category == "location":
            where, _, number = text.rpartition(":")
            if not where or not number.isdigit():
                where, number = text, ""
            lines.append('        <context-group purpose="location">')
            lines.append(f'          <context context-type="sourcefile">{_xml_text(where, "1.2")}</context>')
            if number:
                lines.append(f'          <context context-type="linenumber">{number}</context>')
            lines.append("        </context-group>")
        elif category == "context":
            lines.append('        <context-group name="x-gettext-msgctxt" purpose="information">')
            lines.append(f'          <context context-type="x-gettext-msgctxt">{_xml_text(text, "1.2")}</context>')
            lines.append("        </context-group>")
    for category, text in unit.notes:
        if category not in ("location", "context"):
            author = "translator" if category == "translator" else "developer"
            lines.append(f'        <note from="{author}">{_xml_text(text, "1.2")}</note>')
    lines.append("      </trans-unit>")
    return lines


def xliff_document(
    sections: Iterable[FileSection], source_tag: str, target_tag: str, project_id: str, version: str = "2.1"
) -> bytes:
    """An XLIFF document (``version`` 2.1 or 1.2) of ``sections``, one target language."""
    if version not in VERSIONS:
        raise ValueError(f"XLIFF version {version!r} is not one of {', '.join(VERSIONS)}")
    project = quoteattr(project_id)
    if version == "1.2":
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<xliff xmlns="{XLIFF1_NS}" version="1.2">',
        ]
        for section in sections:
            lines.append(
                f"  <file original={quoteattr(section.original)} source-language={quoteattr(source_tag)} "
                f'target-language={quoteattr(target_tag)} datatype="x-markdown" product-name={project}>'
            )
            lines.append("    <body>")
            for unit in section.units:
                lines += _unit1(unit)
            lines += ["    </body>", "  </file>"]
    else:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<xliff xmlns="{XLIFF2_NS}" xmlns:pipeline="{PIPELINE_NS}" version="{version}" '
            f"srcLang={quoteattr(source_tag)} trgLang={quoteattr(target_tag)}>",
        ]
        for number, section in enumerate(sections, 1):
            lines.append(
                f'  <file id="f{number}" original={quoteattr(section.original)} canResegment="no" '
                f'xml:space="preserve" pipeline:project={project} pipeline:domain={quoteattr(section.domain)}>'
            )
            for unit in section.units:
                lines += _unit2(unit)
            lines.append("  </file>")
    lines += ["</xliff>", ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- what is read


@dataclass(frozen=True)
class CodeRef:
    """An inline code of a file, to be given its Markdown from the catalogue."""

    kind: Literal["open", "close", "ph"]
    id: str
    line: int


ReadPiece = str | CodeRef


@dataclass(frozen=True)
class ReadUnit:
    id: str
    line: int
    source: tuple[ReadPiece, ...]
    target: tuple[ReadPiece, ...] | None  # None: no target, or an empty one
    reviewed: bool  # False: the translation needs review (fuzzy)
    state: str  # as the file says it, for messages


@dataclass
class ReadFile:
    line: int
    original: str
    domain: str | None
    project: str | None
    source_language: str
    target_language: str
    units: list[ReadUnit] = field(default_factory=list)


def read_document(data: bytes, shown: str) -> tuple[str, Iterator[ReadFile]]:
    """The version and the files of an XLIFF document, each read as it is asked for (a large file is
    never held whole); ``ExchangeError`` at its line if it cannot be used, raised when reached."""
    parts = xmlsafe.parse_parts(data, shown, "xliff", "file")
    root = next(parts)
    ns = xmlsafe.namespace(root.tag)
    if xmlsafe.local(root.tag) != "xliff" or ns not in (XLIFF1_NS, XLIFF2_NS):
        raise ExchangeError(
            f"not an XLIFF 1.2 or 2.x file: its root element is <{xmlsafe.local(root.tag)}>"
            + (f" in {ns}" if ns else ""),
            shown,
            root.sourceline,
        )
    version = root.get("version", "")
    files = (child for child in parts if child.tag == _tag(root, "file"))
    if ns == XLIFF2_NS:
        if not version.startswith("2."):
            raise ExchangeError(f"XLIFF 2 namespace with version {version!r}", shown, root.sourceline)
        source_language = _required(root, "srcLang", shown)
        target_language = root.get("trgLang")
        if not target_language:
            raise ExchangeError(
                "<xliff> has no trgLang: which language are its translations in?", shown, root.sourceline
            )
        return version, (_file2(file, source_language, target_language, shown) for file in files)
    return version or "1.2", (_file1(file, shown) for file in files)


def _tag(element: etree._Element, name: str) -> str:
    """The tag of a ``name`` element in ``element``'s namespace (in lxml's ``{namespace}name`` form)."""
    return _tag_in(element.tag, name)


@lru_cache(maxsize=64)  # bounded: a hostile file may put its elements in any number of namespaces
def _tag_in(parent: str, name: str) -> str:
    ns = xmlsafe.namespace(parent)
    return f"{{{ns}}}{name}" if ns else name


def _one(element: etree._Element, name: str) -> etree._Element | None:
    return element.find(_tag(element, name))


def _source_and_target(element: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """The first ``<source>`` and ``<target>`` of ``element``, found in one look at its children."""
    source_tag, target_tag = _tag(element, "source"), _tag(element, "target")
    source = target = None
    for child in element:
        tag = child.tag
        if tag == source_tag:
            source = child if source is None else source
        elif tag == target_tag:
            target = child if target is None else target
    return source, target


def _required(element: etree._Element, attribute: str, shown: str) -> str:
    value: str | None = element.get(attribute)
    if value is None:
        raise ExchangeError(f"<{xmlsafe.local(element.tag)}> has no {attribute} attribute", shown, element.sourceline)
    return value


def _pipeline(element: etree._Element, name: str) -> str | None:
    value: str | None = element.get(f"{{{PIPELINE_NS}}}{name}")
    return value


def _units(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Units in document order, inside groups at any depth."""
    for child in element:
        local = xmlsafe.local(child.tag)
        if local == name:
            yield child
        elif local == "group":
            yield from _units(child, name)


_Walker = Callable[[etree._Element, list[ReadPiece], str], None]


def _content(element: etree._Element, shown: str, walk: _Walker) -> tuple[ReadPiece, ...]:
    if not len(element):  # text alone, as most are
        return (element.text,) if element.text else ()
    pieces: list[ReadPiece] = []
    if element.text:
        pieces.append(element.text)
    for child in element:
        walk(child, pieces, shown)
        if child.tail:
            pieces.append(child.tail)
    return tuple(pieces)


def _walk2(element: etree._Element, pieces: list[ReadPiece], shown: str) -> None:
    name = xmlsafe.local(element.tag)
    line = element.sourceline or 0
    if not name:  # a comment or processing instruction: not content
        return
    if xmlsafe.namespace(element.tag) != XLIFF2_NS:
        raise ExchangeError(f"<{name}> of another namespace inside a segment's text", shown, line)
    if name == "pc":
        code_id = _required(element, "id", shown)
        pieces.append(CodeRef("open", code_id, line))
        pieces.extend(_content(element, shown, _walk2))
        pieces.append(CodeRef("close", code_id, line))
    elif name == "ph":
        pieces.append(CodeRef("ph", _required(element, "id", shown), line))
    elif name == "sc":
        pieces.append(CodeRef("open", _required(element, "id", shown), line))
    elif name == "ec":
        pieces.append(CodeRef("close", element.get("startRef") or _required(element, "id", shown), line))
    elif name == "mrk":
        pieces.extend(_content(element, shown, _walk2))
    elif name in ("sm", "em"):
        pass  # the ends of an annotation: nothing of the text
    elif name == "cp":
        hex_value = _required(element, "hex", shown)
        try:
            pieces.append(chr(int(hex_value, 16)))
        except (ValueError, OverflowError):
            raise ExchangeError(f"<cp hex={hex_value!r}> is not a code point", shown, line) from None
    else:
        raise ExchangeError(f"<{name}> is not an XLIFF 2 inline element", shown, line)


def _walk1(element: etree._Element, pieces: list[ReadPiece], shown: str) -> None:
    name = xmlsafe.local(element.tag)
    line = element.sourceline or 0
    if not name:
        return
    if name == "g":
        code_id = _required(element, "id", shown)
        pieces.append(CodeRef("open", code_id, line))
        pieces.extend(_content(element, shown, _walk1))
        pieces.append(CodeRef("close", code_id, line))
    elif name in ("x", "ph"):
        pieces.append(CodeRef("ph", _required(element, "id", shown), line))
    elif name in ("bx", "bpt"):
        pieces.append(CodeRef("open", element.get("rid") or _required(element, "id", shown), line))
    elif name in ("ex", "ept"):
        pieces.append(CodeRef("close", element.get("rid") or _required(element, "id", shown), line))
    elif name == "mrk":
        pieces.extend(_content(element, shown, _walk1))
    else:
        raise ExchangeError(f"<{name}> is not an XLIFF 1.2 inline element", shown, line)


def _has_text(pieces: tuple[ReadPiece, ...]) -> bool:
    return any(isinstance(piece, CodeRef) or piece for piece in pieces)


def _file2(file: etree._Element, source_language: str, target_language: str, shown: str) -> ReadFile:
    section = ReadFile(
        file.sourceline or 0,
        file.get("original", ""),
        _pipeline(file, "domain"),
        _pipeline(file, "project"),
        source_language,
        target_language,
    )
    for unit in _units(file, "unit"):
        section.units.append(_unit_read2(unit, shown))
    return section


_ORDER2 = {"initial": 0, "translated": 1, "reviewed": 2, "final": 3}


def _unit_read2(unit: etree._Element, shown: str) -> ReadUnit:
    source: list[ReadPiece] = []
    target: list[ReadPiece] = []
    states: list[tuple[str, str]] = []
    any_target = False
    for part in unit:
        kind = xmlsafe.local(part.tag)
        if kind not in ("segment", "ignorable"):
            continue
        source_element, target_element = _source_and_target(part)
        if source_element is None:
            raise ExchangeError(f"<{kind}> without <source>", shown, part.sourceline)
        source.extend(_content(source_element, shown, _walk2))
        if target_element is not None:
            content = _content(target_element, shown, _walk2)
            any_target = any_target or (kind == "segment" and _has_text(content))
            target.extend(content)
        elif kind == "ignorable":
            target.extend(_content(source_element, shown, _walk2))  # what it holds is the same in both
        if kind == "segment":
            state = part.get("state", "initial")
            if state not in _ORDER2:
                raise ExchangeError(f"state={state!r} is not an XLIFF 2 state", shown, part.sourceline)
            states.append((state, part.get("subState", "")))
    if not states:
        raise ExchangeError("<unit> without <segment>", shown, unit.sourceline)
    state, sub_state = min(states, key=lambda item: _ORDER2[item[0]])
    reviewed = state in ("final", "reviewed") or (state == "translated" and not sub_state.startswith("pipeline:"))
    said = state + (f" ({sub_state})" if sub_state else "")
    return ReadUnit(
        _required(unit, "id", shown),
        unit.sourceline or 0,
        tuple(source),
        tuple(target) if any_target else None,
        reviewed,
        said,
    )


_REVIEWED1 = {"signed-off", "final", "translated"}


def _file1(file: etree._Element, shown: str) -> ReadFile:
    section = ReadFile(
        file.sourceline or 0,
        _required(file, "original", shown),
        _pipeline(file, "domain"),  # files exported before the schema's product-name was used have these
        _pipeline(file, "project") or file.get("product-name"),
        _required(file, "source-language", shown),
        file.get("target-language", ""),
    )
    if not section.target_language:
        raise ExchangeError("<file> has no target-language", shown, file.sourceline)
    body = _one(file, "body")
    if body is None:
        raise ExchangeError("<file> has no <body>", shown, file.sourceline)
    for unit in _units(body, "trans-unit"):
        source_element, target_element = _source_and_target(unit)
        if source_element is None:
            raise ExchangeError("<trans-unit> without <source>", shown, unit.sourceline)
        target = None if target_element is None else _content(target_element, shown, _walk1)
        state = "" if target_element is None else target_element.get("state", "")
        approved = unit.get("approved") == "yes"
        reviewed = approved or state in _REVIEWED1 or (not state and target_element is not None)
        section.units.append(
            ReadUnit(
                _required(unit, "id", shown),
                unit.sourceline or 0,
                _content(source_element, shown, _walk1),
                target if target is not None and _has_text(target) else None,
                reviewed,
                (state or "no state") + (", approved" if approved else ""),
            )
        )
    return section


def resolve(pieces: tuple[ReadPiece, ...], table: CodeTable, shown: str, what: str) -> str:
    """The Markdown of a file's text: its codes given their Markdown from ``table`` (``code_table``)."""
    parts: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(piece)
            continue
        data = table.get(piece.kind, piece.id)
        if data is None:
            raise ExchangeError(
                f"{what}: the inline code {piece.id!r} ({piece.kind}) is not one of the message's "
                "(its text changed since the file was exported, or the code was made up)",
                shown,
                piece.line,
            )
        parts.append(data)
    return "".join(parts)
