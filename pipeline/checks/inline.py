"""How the checks read a message's inline markup: by the catalogue's kind, never with a parser of their own.

A catalogue made from the project's documents holds their source format's
markup (Markdown): the format's ``inline_markup`` describes a message (its
visible text, links, images, spans, markers left open) as an ``Inline``. A
catalogue of any other kind (a program's messages, the page templates'
texts, documentation made with other tools) is read as plain text: nothing
in it is taken for Markdown. The checks compare ``Inline``s between source
and translation and never see a format's parse tree.
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache

import polib

from ..sources import Inline, default_format

_FORMAT = default_format()  # the documents' format (Markdown); made once, it parses nothing until asked
_NOTHING: dict[str, int] = {}
# The block types po4a's Markdown mode gives (its plain-text mode gives "Plain text" alone).
_PO4A_MARKDOWN = re.compile(r"^type: (?:Title #+|Bullet: |Fenced code block|Hash Value|Title [=-])", re.MULTILINE)


class MarkupKind(enum.Enum):
    """What markup a catalogue's messages are written in."""

    MARKDOWN = "markdown"  # made from the project's Markdown documents, or by po4a from Markdown
    PLAIN = "plain"  # anything else: no markup language is assumed (HTML in a message is read where it is)


def markup_of(catalogue: polib.POFile) -> MarkupKind:
    """A catalogue's markup as its own comments say: po4a writes the Markdown block of each message
    (``#. type: Title ##``, ``#. type: Bullet: '* '``); anything else is plain text."""
    for entry in catalogue:
        comment = entry.comment
        if comment and "type: " in comment and _PO4A_MARKDOWN.search(comment):
            return MarkupKind.MARKDOWN
    return MarkupKind.PLAIN


def read_inline(message: str, kind: MarkupKind = MarkupKind.MARKDOWN) -> Inline:
    """What the message holds once its markup is read."""
    return _FORMAT.inline_markup(message) if kind is MarkupKind.MARKDOWN else _plain(message)


@lru_cache(maxsize=32768)
def _plain(message: str) -> Inline:
    return Inline(message, message, (), (), _NOTHING, _NOTHING)


def plain_text(message: str, kind: MarkupKind = MarkupKind.MARKDOWN) -> str:
    """The words a reader sees of a message."""
    return read_inline(message, kind).text
