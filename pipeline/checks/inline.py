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
# The block types po4a's text module gives Markdown (its plain-text mode gives "Plain text" alone): titles
# "# x" or underlined, bullets, fenced code, YAML front matter. ikiwiki pages (Tails) are Markdown.
_PO4A_MARKDOWN = re.compile(
    r"^type: (?:Title #+|Bullet: |Fenced code block|Yaml Front Matter|Hash Value|Title [=-]$)", re.MULTILINE
)
# Block types of po4a's other modules, whose markup is not Markdown though some of their types look alike
# ("Title =" in AsciiDoc): XML, XHTML and DocBook ("Content of: <p>"), AsciiDoc, man pages
_PO4A_OTHER = re.compile(
    r"^type: (?:Content of: |Attribute '|Block title|delimited block|Named '|Target for macro|"
    r"Title (?:={2,}|[~^+])$|(?:TH|SH|SS|IP|TP|textblock|verbatim)\b|=head|=item)",
    re.MULTILINE,
)


class MarkupKind(enum.Enum):
    """What markup a catalogue's messages are written in."""

    MARKDOWN = "markdown"  # made from the project's Markdown documents, or by po4a from Markdown
    PLAIN = "plain"  # anything else: no markup language is assumed (HTML in a message is read where it is)


def markup_of(catalogue: polib.POFile) -> MarkupKind:
    """A catalogue's markup as its own comments say: po4a writes the Markdown block of each message
    (``#. type: Title ##``, ``#. type: Bullet: '* '``); a block type of another po4a module (XHTML's
    ``Content of: <p>``, AsciiDoc's ``delimited block``) makes it plain text, as is anything else."""
    markdown = False
    for entry in catalogue:
        comment = entry.comment
        if comment and "type: " in comment:
            if _PO4A_OTHER.search(comment):
                return MarkupKind.PLAIN
            markdown = markdown or _PO4A_MARKDOWN.search(comment) is not None
    return MarkupKind.MARKDOWN if markdown else MarkupKind.PLAIN


def read_inline(message: str, kind: MarkupKind = MarkupKind.MARKDOWN) -> Inline:
    """What the message holds once its markup is read."""
    return _markdown(message) if kind is MarkupKind.MARKDOWN else _plain(message)


# Kept for the texts read last: a text's markup is asked for by a dozen checks, each of its entry.
@lru_cache(maxsize=32768)
def _markdown(message: str) -> Inline:
    return _FORMAT.inline_markup(message)


@lru_cache(maxsize=32768)
def _plain(message: str) -> Inline:
    return Inline(message, message, (), (), _NOTHING, _NOTHING)


def plain_text(message: str, kind: MarkupKind = MarkupKind.MARKDOWN) -> str:
    """The words a reader sees of a message."""
    return read_inline(message, kind).text
