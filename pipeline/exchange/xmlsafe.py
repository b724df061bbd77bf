"""Reading XML from outside safely: no entities, no DTD, no network, bounded size and depth.

Every XLIFF or TMX file is untrusted. It is parsed by lxml with entities left
unresolved, no DTD loaded, no network, and libxml2's own limits on depth and
text size (``huge_tree`` off); before that, a document type declaration is
refused outright (its internal subset is where entity bombs and external
entities live). A problem is an ``ExchangeError`` at the file's line.
``parse`` gives the whole tree; ``parse_parts`` the same file one part at a
time (an XLIFF ``<file>``, a TMX ``<tu>``), for files too large to hold whole.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ..errors import ExchangeError

MAX_BYTES = 256 * 1024 * 1024  # far above any real exchange file (the medium benchmark's is a few MB)

# A document type declaration, wherever it is before the root element (comments and PIs may precede it).
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_WHERE = re.compile(r",? (?:\(line \d+\)|line \d+, column \d+)\s*$")  # the line is said before the message
# The one declaration TMX files commonly carry, naming the DTD by a bare file name and declaring nothing:
# harmless here (nothing is loaded), and refusing it would refuse most memories agencies send.
_TMX_DOCTYPE = re.compile(rb'<!DOCTYPE\s+tmx\s+SYSTEM\s+"[A-Za-z0-9_.-]+\.dtd"\s*>')


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "collect_ids": False,
    "remove_blank_text": False,
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def _line_at(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExchangeError(
                f"the file is {size} bytes, more than the {MAX_BYTES} an exchange file may have", shown, 1
            )
        return path.read_bytes()
    except OSError as error:
        raise ExchangeError(f"cannot read: {error.strerror}", shown) from None


def parse(data: bytes, shown: str, *, tmx_doctype: bool = False) -> etree._Element:
    """The root element of ``data``; ``ExchangeError`` at its line if it is not safe, well-formed XML.

    ``tmx_doctype`` lets through the bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` TMX files carry.
    """
    _refuse_declarations(data, shown, tmx_doctype)
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise _not_well_formed(error, shown) from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None and not tmx_doctype:
        raise ExchangeError("the file has a document type declaration; refusing it", shown, 1)
    _refuse_entities(root, shown)
    return root


def parse_parts(
    data: bytes, shown: str, root: str, part: str, *, within: str | None = None, tmx_doctype: bool = False
) -> Iterator[etree._Element]:
    """``parse``, read as it goes: the root element first (its attributes and line; its children still
    to come), then each ``part`` element (a local name) of the root, or of its ``within`` child, once
    it is read whole (XLIFF's ``<file>`` in ``<xliff>``, TMX's ``<tu>`` in ``<tmx><body>``).

    Each part is cleared, and let go with what came before it, when the next is asked for: a large
    file (a language of a 300-page site is 22 MB of XLIFF, 140 MB as a tree) is never held whole. A
    root not named ``root`` is yielded alone, once the file is read.
    """
    _refuse_declarations(data, shown, tmx_doctype)
    options = {name: value for name, value in _PARSER_OPTIONS.items() if name != "collect_ids"}  # not iterparse's
    tags = [f"{{*}}{root}", f"{{*}}{part}"] + ([f"{{*}}{within}"] if within else [])
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), tag=tags, recover=False, **options)
    top = container = None
    try:
        for event, element in events:
            parent = element.getparent()
            if event == "start":
                if parent is None:
                    if element.getroottree().docinfo.internalDTD is not None and not tmx_doctype:
                        raise ExchangeError("the file has a document type declaration; refusing it", shown, 1)
                    top = element
                    container = None if within else top
                    yield element
                elif within and top is not None and parent is top and local(element.tag) == within:
                    container = element if container is None else container  # the first, as a reader finds it
            elif container is not None and parent is container and local(element.tag) == part:
                _refuse_entities(element, shown)
                yield element
                element.clear(keep_tail=False)
                while element.getprevious() is not None:  # what came before it: parts read, comments, others
                    _refuse_entities(container[0], shown)
                    del container[0]
    except (etree.XMLSyntaxError, ValueError) as error:
        # The incremental parser says "no element found" at line 0: the whole one says what and where.
        parse(data, shown, tmx_doctype=tmx_doctype)
        raise _not_well_formed(error, shown) from None
    if top is None:
        top = events.root
        yield top
    _refuse_entities(top, shown)  # what the root holds besides the parts read


def _refuse_declarations(data: bytes, shown: str, tmx_doctype: bool) -> None:
    """Refuse a file too large, or with entity or document type declarations, before it is parsed."""
    if len(data) > MAX_BYTES:
        raise ExchangeError(
            f"the file is {len(data)} bytes, more than the {MAX_BYTES} an exchange file may have", shown, 1
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        try:  # UTF-16: look for declarations in the decoded text, then parse the same bytes
            visible = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ExchangeError("the file is neither UTF-8 nor well-formed UTF-16", shown, 1) from None
    else:
        visible = data
    entity = _ENTITY.search(visible)
    if entity is not None:
        raise ExchangeError(
            "the file declares XML entities (<!ENTITY>); refusing it (entities can read local files or expand "
            "without end)",
            shown,
            _line_at(visible, entity.start()),
        )
    doctype = _DOCTYPE.search(visible)
    if doctype is not None and not (tmx_doctype and _TMX_DOCTYPE.match(visible, doctype.start())):
        raise ExchangeError(
            "the file has a document type declaration (<!DOCTYPE>); refusing it (XLIFF and TMX need none, and "
            "it can fetch or declare entities)",
            shown,
            _line_at(visible, doctype.start()),
        )


def _not_well_formed(error: Exception, shown: str) -> ExchangeError:
    if isinstance(error, etree.XMLSyntaxError):
        message = _WHERE.sub("", str(error.msg or error))
        if "Excessive depth" in message or "XML_PARSE_HUGE" in message:
            message = "elements nested deeper, or text longer, than an exchange file may have"
        return ExchangeError(f"not well-formed XML: {message}", shown, error.lineno or 1)
    return ExchangeError(f"not well-formed XML: {error}", shown, 1)  # lxml refuses some inputs before libxml2


def _refuse_entities(element: etree._Element, shown: str) -> None:
    for node in element.iter(etree.Entity):
        raise ExchangeError(f"the file refers to the entity &{node.name}; refusing it", shown, node.sourceline or 1)


def local(tag: object) -> str:
    """An element's name without its namespace (``""`` for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: object) -> str:
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]
