"""The Markdown segmenter under its old name: it lives in ``pipeline.sources`` now.

Kept so that ``from pipeline.segment import parse_document, UI_DOMAIN`` (the
checks, tests, scripts) goes on working; new code imports from ``pipeline.sources``.
"""

from .sources.base import (
    DOCUMENT_NAME,
    TRANSLATED_FRONT_MATTER,
    UI_DOMAIN,
    Document,
    Segment,
    document_name,
    read_text,
)
from .sources.markdown.parse import (
    ALLOWED_SCHEMES,
    fold_lines,
    is_allowed_link,
    is_message,
    parse_document,
    source_parser,
    translation_parser,
)

__all__ = [
    "ALLOWED_SCHEMES",
    "DOCUMENT_NAME",
    "TRANSLATED_FRONT_MATTER",
    "UI_DOMAIN",
    "Document",
    "Segment",
    "document_name",
    "fold_lines",
    "is_allowed_link",
    "is_message",
    "parse_document",
    "read_text",
    "source_parser",
    "translation_parser",
]
