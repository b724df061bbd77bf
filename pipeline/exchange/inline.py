"""A message's inline Markdown cut into text and codes, for XLIFF and TMX inline elements.

``segment`` reads a message with the same parser as the checks and the pages
(``inline_tokens``) and finds each token's Markdown in the message, so that
the pieces, joined, are the message byte for byte: text runs (as written,
escapes included) and codes holding the Markdown of emphasis, strong
emphasis, links and images (an opening and a closing code around their text,
the link target in the closing one) and of code spans and autolinks (one
code each). A message whose tokens cannot be found where expected is one
text run: nothing is ever lost or changed, at worst a CAT tool shows the
markup as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..sources.markdown.render import inline_tokens

_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_MARKDOWN = re.compile(r"[*_\[\]`<>!\\&\n]")


@dataclass(frozen=True)
class Code:
    """An inline code: the Markdown it stands for, and what kind of markup that is."""

    kind: Literal["open", "close", "ph"]
    id: str  # an opening and its closing code share it
    data: str  # the Markdown, exactly as in the message
    markup: str  # strong, em, link, image, code, autolink
    display: str = ""  # what a placeholder shows a translator (a code span's text, an autolink's address)

    @property
    def xliff2_type(self) -> tuple[str, str | None]:
        """XLIFF 2's ``type`` and ``subType``."""
        return {
            "strong": ("fmt", "xlf:b"),
            "em": ("fmt", "xlf:i"),
            "link": ("link", None),
            "autolink": ("link", None),
            "image": ("image", None),
        }.get(self.markup, ("fmt", None))

    @property
    def xliff1_ctype(self) -> str:
        """XLIFF 1.2's ``ctype``."""
        return {"strong": "bold", "em": "italic", "link": "link"}.get(self.markup, f"x-md-{self.markup}")

    @property
    def tmx_type(self) -> str:
        return {"strong": "bold", "em": "italic", "link": "link"}.get(self.markup, f"x-{self.markup}")


Piece = str | Code


class _Mismatch(Exception):
    """The tokens are not where the message has them: keep the message as text."""


def segment(message: str, *, kept: bool = True) -> tuple[Piece, ...]:
    """The message as text runs and codes; joined (``join``), they are the message.

    A source text is read once per process and kept: every language's file has it. A translation
    (``kept=False``) is read each time: it is in one file only, and keeping translations pushed the
    source texts out of the cache on a large site (15,000 messages a language at 300 pages, and as
    many translations), so that every language read them all again.
    """
    if not _MARKDOWN.search(message):
        return (message,) if message else ()
    return _segment(message) if kept else _read(message)


def _read(message: str) -> tuple[Piece, ...]:
    try:
        pieces = _Reader(message).read()
    except _Mismatch:
        return (message,)
    if join(pieces) != message:  # cannot happen: each piece is a slice of the message; checked all the same
        return (message,)
    return pieces


_segment = lru_cache(maxsize=16384)(_read)


def join(pieces: tuple[Piece, ...] | list[Piece]) -> str:
    return "".join(piece if isinstance(piece, str) else piece.data for piece in pieces)


class _Reader:
    def __init__(self, message: str) -> None:
        self.source = message
        self.pos = 0
        self.pieces: list[Piece] = []
        self.text_start = 0
        self.next_id = 1
        self.open: list[tuple[str, str]] = []  # (id, markup) of codes opened, not yet closed

    def read(self) -> tuple[Piece, ...]:
        tokens = list(inline_tokens(self.source))
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "text":
                self._text(token.content)
            elif kind == "softbreak" or kind == "hardbreak":
                self._break(kind == "hardbreak")
            elif kind in ("strong_open", "em_open"):
                self._open(token.markup, kind[:-5])
            elif kind in ("strong_close", "em_close"):
                self._close(token.markup, kind[:-6])
            elif kind == "code_inline":
                self._code_span(token.markup, token.content)
            elif kind == "link_open" and token.markup == "autolink":
                end = self.source.find(">", self.pos)
                if not self.source.startswith("<", self.pos) or end < 0:
                    raise _Mismatch
                while index < len(tokens) and tokens[index].type != "link_close":
                    index += 1
                self._placeholder(end + 1, "autolink", str(token.attrs.get("href", "")))
            elif kind == "link_open":
                self._open("[", "link")
            elif kind == "link_close":
                self._close_link("link")
            elif kind == "image":
                self._open("![", "image")
                for child in token.children or []:
                    if child.type == "text":
                        self._text(child.content)
                    elif child.type in ("softbreak", "hardbreak"):
                        self._break(child.type == "hardbreak")
                    # markup inside an image's description is flattened to its text by the parser: keep it as text
                    elif child.type.endswith(("_open", "_close")) or child.type == "code_inline":
                        raise _Mismatch
                self._close_link("image")
            else:
                raise _Mismatch
            index += 1
        if self.pos != len(self.source) or self.open:
            raise _Mismatch
        self._flush()
        return tuple(self.pieces)

    # -- text

    def _text(self, content: str) -> None:
        source, pos = self.source, self.pos
        if source.startswith(content, pos):  # as written, no escape or entity: most text
            self.pos = pos + len(content)
            return
        index = 0
        while index < len(content):
            if pos >= len(source):
                raise _Mismatch
            char = source[pos]
            if char == "\\" and pos + 1 < len(source) and source[pos + 1] in _PUNCTUATION:
                if source[pos + 1] == content[index]:
                    pos += 2
                    index += 1
                    continue
            if char == "&":
                entity = _ENTITY.match(source, pos)
                if entity is not None:
                    decoded = html.unescape(entity[0])
                    if decoded != entity[0] and content.startswith(decoded, index):
                        pos = entity.end()
                        index += len(decoded)
                        continue
            if char != content[index]:
                raise _Mismatch
            pos += 1
            index += 1
        self.pos = pos

    def _break(self, hard: bool) -> None:
        source, pos = self.source, self.pos
        while pos < len(source) and source[pos] in " \t":
            pos += 1
        if hard and pos == self.pos and source.startswith("\\\n", pos):
            pos += 1
        if not source.startswith("\n", pos):
            raise _Mismatch
        pos += 1
        while pos < len(source) and source[pos] in " \t":
            pos += 1
        self.pos = pos

    # -- codes

    def _flush(self) -> None:
        if self.pos > self.text_start:
            self.pieces.append(self.source[self.text_start : self.pos])

    def _new_id(self) -> str:
        code_id = str(self.next_id)
        self.next_id += 1
        return code_id

    def _add(self, end: int, kind: Literal["open", "close", "ph"], code_id: str, markup: str, display: str) -> None:
        self._flush()
        self.pieces.append(Code(kind, code_id, self.source[self.pos : end], markup, display))
        self.pos = self.text_start = end

    def _open(self, marker: str, markup: str) -> None:
        if not self.source.startswith(marker, self.pos):
            raise _Mismatch
        code_id = self._new_id()
        self.open.append((code_id, markup))
        self._add(self.pos + len(marker), "open", code_id, markup, "")

    def _close(self, marker: str, markup: str) -> None:
        if not self.source.startswith(marker, self.pos) or not self.open or self.open[-1][1] != markup:
            raise _Mismatch
        code_id, _ = self.open.pop()
        self._add(self.pos + len(marker), "close", code_id, markup, "")

    def _placeholder(self, end: int, markup: str, display: str) -> None:
        self._add(end, "ph", self._new_id(), markup, display)

    def _code_span(self, marker: str, content: str) -> None:
        source, start = self.source, self.pos
        if not source.startswith(marker, start):
            raise _Mismatch
        search = start + len(marker)
        while True:
            end = source.find(marker, search)
            if end < 0:
                raise _Mismatch
            after = end + len(marker)
            if source[end - 1] != "`" and (after >= len(source) or source[after] != "`"):
                break
            search = end + 1
            while search < len(source) and source[search] == "`":
                search += 1
        self._placeholder(end + len(marker), "code", content)

    def _close_link(self, markup: str) -> None:
        """``](target "title")`` (or ``]`` of a reference link), the target kept in the code."""
        source, pos = self.source, self.pos
        if not self.open or self.open[-1][1] != markup or not source.startswith("]", pos):
            raise _Mismatch
        pos += 1
        if source.startswith("(", pos):
            pos = _inline_link_end(source, pos + 1)
        elif source.startswith("[", pos):
            end = source.find("]", pos)
            if end < 0:
                raise _Mismatch
            pos = end + 1
        code_id, _ = self.open.pop()
        self._add(pos, "close", code_id, markup, "")


def _skip_spaces(source: str, pos: int) -> int:
    while pos < len(source) and source[pos] in " \t\n":
        pos += 1
    return pos


def _inline_link_end(source: str, pos: int) -> int:
    """The position after the ``)`` of an inline link whose ``(`` is just before ``pos``."""
    pos = _skip_spaces(source, pos)
    if source.startswith("<", pos):
        end = source.find(">", pos)
        if end < 0:
            raise _Mismatch
        pos = end + 1
    else:
        depth = 0
        while pos < len(source):
            char = source[pos]
            if char == "\\" and pos + 1 < len(source):
                pos += 2
                continue
            if char in " \t\n":
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            pos += 1
    pos = _skip_spaces(source, pos)
    if pos < len(source) and source[pos] in "\"'(":
        closing = ")" if source[pos] == "(" else source[pos]
        pos += 1
        while pos < len(source) and source[pos] != closing:
            pos += 2 if source[pos] == "\\" else 1
        if pos >= len(source):
            raise _Mismatch
        pos = _skip_spaces(source, pos + 1)
    if not source.startswith(")", pos):
        raise _Mismatch
    return pos + 1
