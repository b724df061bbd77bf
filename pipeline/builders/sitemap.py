"""The sitemap builder: ``sitemap.xml`` with every page's language alternates, and ``robots.txt``.

Both are made once per build from the documents and the published languages;
they are written only when their bytes changed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..languages import Language
from ..pages import Site
from ..sitemap import robots_txt
from .base import BuildContext, Written


class SitemapBuilder:
    name = "sitemap"

    def __init__(self, context: BuildContext) -> None:
        self.context = context

    def outdated(self) -> Iterator[tuple[str, Language]]:
        return iter(())  # nothing per document

    def write(self, document: str, language: Language) -> Written:
        raise NotImplementedError("the sitemap has no output per document")

    def finish(self) -> None:
        context = self.context
        site = Site(context.project, context.published, context.dates)
        context.output.put("sitemap.xml", site.sitemap(list(context.sources.paths)))
        context.output.put("robots.txt", robots_txt(context.project.base_url))
