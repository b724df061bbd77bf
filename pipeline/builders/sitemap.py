"""The sitemap builder: ``sitemap.xml`` with every page's language alternates, and ``robots.txt``.

Both are made from the documents and the published languages: the sitemaps
again only when the languages of a page or a document's date changed, and
written only when their bytes changed. A site past the sitemap
protocol's limits (50,000 pages, 50 MiB) has ``sitemap.xml`` as an index of
``sitemap-1.xml``, ``sitemap-2.xml``...
"""

from __future__ import annotations

from ..cache import digest
from ..pages import Site
from ..sitemap import robots_txt
from .base import SiteBuilder


class SitemapBuilder(SiteBuilder):
    name = "sitemap"

    def finish(self) -> None:
        context = self.context
        documents = list(context.sources.paths)
        # What the sitemaps are made of: the languages each document's page is in, and when it last changed.
        # Unchanged, they are not made again (a large site's sitemap lists 12,000 pages).
        key = digest(
            context.manifest.site_key,
            *(
                f"{document}\x00{context.switcher_key(document)}\x00{context.dates.get(document)}"
                for document in documents
            ),
        )
        previous = context.previous.outputs.get(self.name, {}) if context.previous is not None else {}
        made_before = [name for name, made_from in previous.items() if made_from == key]
        # A list, not a generator: each is recorded for the next build, not only those before one found gone.
        if made_before and all([context.current(self.name, name, key) for name in made_before]):
            for name in made_before:
                context.output.keep(name)
        else:
            site = Site(context.project, context.published, context.dates, context.drafted, context.pages)
            for name, data in site.sitemaps(documents):
                context.current(self.name, name, key)  # recorded for the next build
                context.output.put(name, data)
        context.output.put("robots.txt", robots_txt(context.project.base_url))
