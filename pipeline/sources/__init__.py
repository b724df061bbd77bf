"""Source formats: documents found in ``source/``, segmented into messages, rendered again per language.

``base`` holds the ``SourceFormat`` protocol and what every format gives
(``Document``, ``Segment``); ``markdown`` is the first format (imported when
a document is parsed, not when a command starts); ``discover`` is the one
document finder; ``dates`` says when each document last changed.
"""

from .base import (
    DRAFT_ATTRIBUTES,
    UI_DOMAIN,
    Document,
    Draft,
    Inline,
    Lookup,
    Rendered,
    Segment,
    SourceFormat,
    document_name,
    read_text,
)
from .discover import Sources, default_format, find_documents, load_documents, require_home

__all__ = [
    "DRAFT_ATTRIBUTES",
    "Draft",
    "Rendered",
    "UI_DOMAIN",
    "Document",
    "Inline",
    "Lookup",
    "Segment",
    "SourceFormat",
    "Sources",
    "default_format",
    "document_name",
    "find_documents",
    "load_documents",
    "read_text",
    "require_home",
]
