"""Being found in every language: the sitemap, robots.txt and Open Graph locales.

``output/sitemap.xml`` lists every page with its ``xhtml:link`` alternates in
the form search engines document for multilingual sites; ``robots.txt`` points
at it and keeps build space out of search results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from babel.core import get_global

from .languages import Language

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Alternate:
    """One language version of a page, as ``<link rel="alternate" hreflang>`` names it."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    alternates: list[Alternate]
    modified: date | None = None


def sitemap_xml(entries: list[SitemapEntry]) -> bytes:
    """The sitemap, in the form search engines document for alternate language pages.

    Written as text (with XML escaping): a site in many languages has tens of
    thousands of links here, and building an element tree for them is slow.
    """
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        f'<urlset xmlns="{SITEMAP_NAMESPACE}" xmlns:xhtml="{XHTML_NAMESPACE}">',
    ]
    written: dict[int, str] = {}  # the pages of one document share their list of alternates: write it once
    for entry in entries:
        lines.append(" <url>")
        lines.append(f"  <loc>{escape(entry.url)}</loc>")
        if entry.modified is not None:
            lines.append(f"  <lastmod>{entry.modified.isoformat()}</lastmod>")
        links = written.get(id(entry.alternates))
        if links is None:
            links = written[id(entry.alternates)] = "\n".join(
                f'  <xhtml:link rel="alternate" hreflang={quoteattr(item.hreflang)} href={quoteattr(item.url)} />'
                for item in entry.alternates
            )
        lines.append(links)
        lines.append(" </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(base_url: str) -> bytes:
    """Keep crawlers out of build space, wherever on its server the site is published."""
    return f"User-agent: *\nDisallow: {urlsplit(base_url).path}.build/\nSitemap: {base_url}sitemap.xml\n".encode()


@cache
def og_locale(lang: Language) -> str:
    """Open Graph's spelling of a locale, language_TERRITORY (``fr_FR``, ``ar_EG``, ``fa_AF``)."""
    parts = lang.code.split("_")
    if len(parts) > 1 and parts[-1].isupper():
        return f"{parts[0]}_{parts[-1]}"
    likely = get_global("likely_subtags").get(lang.code, "")
    territory = [part for part in likely.split("_") if part.isupper() and len(part) == 2]
    return f"{parts[0]}_{territory[0]}" if territory else parts[0]
