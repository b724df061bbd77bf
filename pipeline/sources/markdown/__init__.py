"""Markdown, the first source format (``*.md``): ``parse`` segments a document, ``render`` puts it
back together in a language.

The parser modules are imported when a document is parsed or rendered, not
when this one is: finding documents, and a build that finds nothing changed,
never pay for importing markdown-it (~0.1 s, ``python -X importtime``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...languages import Language
from ..base import Document, Inline, Lookup, Rendered

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


class MarkdownFormat:
    """The ``SourceFormat`` of ``*.md`` documents; its source parser is made once, on first use."""

    suffix = ".md"
    label = "Markdown"

    def __init__(self) -> None:
        self._parser: MarkdownIt | None = None

    @property
    def parser(self) -> MarkdownIt:
        if self._parser is None:
            from .parse import source_parser  # lazy: see the module's docstring

            self._parser = source_parser()
        return self._parser

    def parse(self, path: Path, shown: str) -> Document:
        from .parse import parse_document  # lazy: see the module's docstring

        return parse_document(path, shown, self.parser)

    def render(self, document: Document, lookup: Lookup, page: Language, source: Language) -> Rendered:
        from .render import DocumentRenderer  # lazy: see the module's docstring

        return DocumentRenderer(document, self.parser).body(lookup, page, source)

    def inline_markup(self, text: str) -> Inline:
        from .inline import read_inline  # lazy: see the module's docstring

        return read_inline(text)
