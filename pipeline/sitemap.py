"""Being found in every language: the sitemap, robots.txt and Open Graph locales.

``output/sitemap.xml`` lists every page with its ``xhtml:link`` alternates in
the form search engines document for multilingual sites; ``robots.txt`` points
at it and keeps build space out of search results.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from functools import cache

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
    ET.register_namespace("", SITEMAP_NAMESPACE)
    ET.register_namespace("xhtml", XHTML_NAMESPACE)
    urlset = ET.Element(f"{{{SITEMAP_NAMESPACE}}}urlset")
    for entry in entries:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NAMESPACE}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NAMESPACE}}}loc").text = entry.url
        if entry.modified is not None:
            ET.SubElement(url, f"{{{SITEMAP_NAMESPACE}}}lastmod").text = entry.modified.isoformat()
        for alternate in entry.alternates:
            ET.SubElement(
                url,
                f"{{{XHTML_NAMESPACE}}}link",
                {"rel": "alternate", "hreflang": alternate.hreflang, "href": alternate.url},
            )
    ET.indent(urlset, space=" ")
    return ET.tostring(urlset, encoding="UTF-8", xml_declaration=True) + b"\n"


def robots_txt(base_url: str) -> bytes:
    return f"User-agent: *\nDisallow: /.build/\nSitemap: {base_url}sitemap.xml\n".encode()


@cache
def og_locale(lang: Language) -> str:
    """Open Graph's spelling of a locale, language_TERRITORY (``fr_FR``, ``ar_EG``, ``fa_AF``)."""
    parts = lang.code.split("_")
    if len(parts) > 1 and parts[-1].isupper():
        return f"{parts[0]}_{parts[-1]}"
    likely = get_global("likely_subtags").get(lang.code, "")
    territory = [part for part in likely.split("_") if part.isupper() and len(part) == 2]
    return f"{parts[0]}_{territory[0]}" if territory else parts[0]
