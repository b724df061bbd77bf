"""The sitemap builder: ``sitemap.xml`` with every page's language alternates, and ``robots.txt``.

Both are made once per build from the documents and the published languages;
they are written only when their bytes changed. A site past the sitemap
protocol's limits (50,000 pages, 50 MiB) has ``sitemap.xml`` as an index of
``sitemap-1.xml``, ``sitemap-2.xml``...
"""

from __future__ import annotations

from ..pages import Site
from ..sitemap import robots_txt
from .base import SiteBuilder


class SitemapBuilder(SiteBuilder):
    name = "sitemap"

    def finish(self) -> None:
        context = self.context
        site = Site(context.project, context.published, context.dates, context.drafted, context.pages)
        for name, data in site.sitemaps(list(context.sources.paths)):
            context.output.put(name, data)
        context.output.put("robots.txt", robots_txt(context.project.base_url))
