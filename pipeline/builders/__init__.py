"""Builders: what a build makes of the documents' rendered texts (see ``base.Builder``).

``DEFAULT_BUILDERS`` is the set a build runs: the HTML pages, their PDFs (unless
``pdf = false`` or ``--no-pdf``), the sitemap and the published catalogues
(with ``publish-catalogues``). A new kind of output
is a new module here with a class following ``Builder``, made from the
build's ``BuildContext``, added to that list (or handed to ``build.build``).
"""

from __future__ import annotations

from typing import Protocol

from .assets import AssetsBuilder
from .base import BuildContext, Builder, DocumentBuilder, Output, Written
from .catalogues import CataloguesBuilder
from .html import HtmlBuilder
from .pdf import PdfBuilder
from .sitemap import SitemapBuilder


class BuilderType(Protocol):
    """A builder class: named, and made from the build's context."""

    name: str

    def __call__(self, context: BuildContext) -> Builder: ...


DEFAULT_BUILDERS: tuple[BuilderType, ...] = (HtmlBuilder, PdfBuilder, SitemapBuilder, CataloguesBuilder, AssetsBuilder)


__all__ = [
    "AssetsBuilder",
    "BuildContext",
    "Builder",
    "BuilderType",
    "DEFAULT_BUILDERS",
    "CataloguesBuilder",
    "DocumentBuilder",
    "HtmlBuilder",
    "Output",
    "PdfBuilder",
    "SitemapBuilder",
    "Written",
]
