"""What every source format gives the rest of the pipeline: segments, documents, and the format protocol.

A source format (Markdown is the first, ``sources.markdown``) turns a file
into a ``Document``: its messages as ``Segment``s, each with an opaque
``ref`` that only the format itself reads again, to put the translation back
in place when it renders the document in a language. Extraction, the checks,
the catalogues and the builders see segments and rendered text, never a
format's own parse tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from markupsafe import Markup

from ..errors import SourceEncodingError, SourceError
from ..languages import Language

# Document names become catalogue domains and URL segments.
DOCUMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
UI_DOMAIN = "ui"  # the page templates' own texts: a domain no document may take
TRANSLATED_FRONT_MATTER = ("title", "description")

Lookup = Callable[[str], str | None]  # a message's published translation, or None


class Draft(str):
    """A translation a lookup gives that is a machine draft awaiting review: its passage is marked as one."""

    __slots__ = ()


# What a draft passage's element gets: a class for styling, a data attribute for scripts.
DRAFT_ATTRIBUTES = {"class": "draft", "data-draft": "machine"}


@dataclass(frozen=True)
class Rendered:
    """A document's body rendered in a language, and how many passages were not reviewed translations."""

    html: Markup
    fallbacks: int  # passages shown in the source language
    drafts: int = 0  # passages shown as machine drafts awaiting review


@dataclass(frozen=True)
class Segment:
    """One message of a document and the place it came from."""

    text: str
    line: int  # 1-based line in the source file
    kind: str  # what the block is, for translators: "heading level 2", "paragraph", ...
    ref: Any = None  # where the format puts the translation back; its own business (None: not in the body)
    front_matter: str | None = None  # the front matter key, for title and description


@dataclass
class Document:
    """A parsed source document: its messages, and what its format needs to render it again."""

    name: str
    path: Path
    front_matter: dict[str, Any]
    segments: list[Segment]
    tree: Any = None  # the format's own parse of the file (Markdown: markdown-it tokens)
    env: dict[str, Any] = field(default_factory=dict)  # the format's per-document state (reference links)

    @property
    def title(self) -> str:
        """The page title: front matter ``title``, else the first heading, else the name."""
        for segment in self.segments:
            if segment.front_matter == "title" or segment.kind.startswith("heading"):
                return segment.text
        return self.name

    @property
    def description(self) -> str | None:
        for segment in self.segments:
            if segment.front_matter == "description":
                return segment.text
        return None


@dataclass(frozen=True)
class Inline:
    """A message's inline markup as the checks compare it between languages, whatever the format."""

    text: str  # the words a reader sees (no link targets)
    prose: str  # the same without code spans, whose text follows no language's typography
    links: tuple[str, ...]
    images: tuple[str, ...]
    spans: dict[str, int]  # kinds of span and how many: strong, em, code, s
    markers: dict[str, int]  # markup punctuation left over as text that says something was left open


class SourceFormat(Protocol):
    """A kind of source file: how it becomes segments, and how it is rendered again in a language."""

    suffix: str  # the files it reads: ".md"
    label: str  # how messages name it: "Markdown"

    def parse(self, path: Path, shown: str) -> Document:
        """Segment the file at ``path``; ``shown`` is its name in messages and references."""
        ...

    def render(self, document: Document, lookup: Lookup, page: Language, source: Language) -> Rendered:
        """The document's body in ``page``; a ``Draft`` translation's passage is marked (``DRAFT_ATTRIBUTES``)."""
        ...

    def inline_markup(self, text: str) -> Inline:
        """A message's inline markup (links, emphasis, code), as the checks compare it between languages."""
        ...


def document_name(path: Path, shown: str | None = None) -> str:
    """The document's name (its file's stem), refused if it cannot be a page address or a domain."""
    name = path.stem
    where = shown or path
    if not DOCUMENT_NAME.fullmatch(name):
        raise SourceError(f"document name {name!r} cannot be a page address; use letters, digits, '-' and '_'", where)
    if name == UI_DOMAIN:
        raise SourceError(f"'{UI_DOMAIN}' is reserved for the templates' own messages; rename the document", where)
    return name


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 source file (a BOM is accepted), naming the line of any bad byte."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", shown) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceEncodingError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the document as UTF-8", shown, line
        ) from None


def fallback_attributes(fallback: Language, page: Language) -> dict[str, str]:
    """The attributes of a passage shown in ``fallback``'s language inside a page in ``page``'s."""
    attributes = {"lang": fallback.tag}
    if fallback.direction != page.direction:
        attributes["dir"] = fallback.direction
    return attributes
