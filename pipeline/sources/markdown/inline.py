"""What a Markdown message holds for the checks: its visible text, links, images, spans and leftover markers.

Each message is read once and cached: the source of a message is read for the
translations of every language, and the build reads all of them before worker
processes start (``pipeline.translations``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markdown_it.token import Token

from ..base import Inline
from .render import inline_tokens

# Markdown punctuation that, left over as text, says that something was left open.
OPENING_MARKERS = ("**", "__", "`", "](")
_MARKDOWN_SPECIAL = re.compile(r"[*_\[\]`<>!\\&~]|https?:|www\.|@")
_NOTHING: dict[str, int] = {}


@lru_cache(maxsize=32768)
def read_inline(message: str) -> Inline:
    """The message as the checks compare it between languages."""
    if not _MARKDOWN_SPECIAL.search(message):
        # Nothing Markdown could make of it: most messages; no parser needed.
        return Inline(message, message, (), (), _NOTHING, _NOTHING)
    text: list[str] = []
    plain: list[str] = []  # text outside code spans: its typography is checked, leftover markers are broken markup
    links: list[str] = []
    images: list[str] = []
    spans: dict[str, int] = {}

    def walk(items: Iterable[Token]) -> None:
        for token in items:
            kind = token.type
            if kind == "text":
                text.append(token.content)
                plain.append(token.content)
            elif kind == "code_inline":
                text.append(token.content)
                spans["code"] = spans.get("code", 0) + 1
            elif kind in ("softbreak", "hardbreak"):
                text.append("\n")
                plain.append("\n")
            elif kind == "link_open":
                links.append(str(token.attrs.get("href", "")))
            elif kind == "image":
                images.append(str(token.attrs.get("src", "")))
                walk(token.children or [])
            elif kind.endswith("_open"):
                name = kind[:-5]
                spans[name] = spans.get(name, 0) + 1

    walk(inline_tokens(message))
    outside = "".join(plain)
    markers = {marker: outside.count(marker) for marker in OPENING_MARKERS if marker in outside}
    whole = "".join(text)
    # Without code spans the two are the same text: kept once (thousands of messages are cached).
    return Inline(whole, outside if "code" in spans else whole, tuple(links), tuple(images), spans, markers)
