"""XML written by hand (the sitemaps, XLIFF and TMX files): character data and attribute values escaped.

Not ``xml.sax.saxutils``: it imports ``urllib.request`` (and with it ``http.client``, ``ssl`` and
``email``), about 50 ms of every command that writes XML.
"""

from __future__ import annotations

# A carriage return is written as a reference: a parser reads a raw one as a line feed (XML 1.0, 2.11),
# and a message's "\r\n" would come back as "\n".
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def escape(text: str) -> str:
    """``text`` as XML character data, read back as it is."""
    return text.translate(_TEXT)


def quoteattr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value (line breaks and tabs kept as references)."""
    return f'"{value.translate(_ATTRIBUTE)}"'
