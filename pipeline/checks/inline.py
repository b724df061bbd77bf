"""How the checks read a message's inline markup: through the source format, never a parser of their own.

A format's ``inline_markup`` describes a message (its visible text, links,
images, spans, markers left open) as an ``Inline``; the checks compare those
between source and translation and never see the format's parse tree.
"""

from __future__ import annotations

from ..sources import Inline, default_format

_FORMAT = default_format()  # the documents' format (Markdown); made once, it parses nothing until asked


def read_inline(message: str) -> Inline:
    """What the message holds once its markup is read."""
    return _FORMAT.inline_markup(message)


def plain_text(message: str) -> str:
    """The words a reader sees of a message."""
    return read_inline(message).text
