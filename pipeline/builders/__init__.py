"""Builders: what a build makes of the documents' rendered texts (see ``base.Builder``).

``DEFAULT_BUILDERS`` is the set a build runs: the HTML pages, the sitemap and
the published catalogues (with ``publish-catalogues``). A new kind of output
is a new module here with a class following ``Builder``, made from the
build's ``BuildContext``, added to that list (or handed to ``build.build``).
"""

from __future__ import annotations

from typing import Protocol

from .base import BuildContext, Builder, DocumentBuilder, Output, Written
from .catalogues import CataloguesBuilder
from .html import HtmlBuilder
from .sitemap import SitemapBuilder


class BuilderType(Protocol):
    """A builder class: named, and made from the build's context."""

    name: str

    def __call__(self, context: BuildContext) -> Builder: ...


DEFAULT_BUILDERS: tuple[BuilderType, ...] = (HtmlBuilder, SitemapBuilder, CataloguesBuilder)


__all__ = [
    "BuildContext",
    "Builder",
    "BuilderType",
    "DEFAULT_BUILDERS",
    "CataloguesBuilder",
    "DocumentBuilder",
    "HtmlBuilder",
    "Output",
    "SitemapBuilder",
    "Written",
]
