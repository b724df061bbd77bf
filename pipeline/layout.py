"""Where each file of the pipeline lives: the one path scheme, as names relative to the project or output/.

Catalogues are ``locales/<code>/LC_MESSAGES/<domain>.po``, templates
``locales/<domain>.pot``; their compiled ``.mo`` files and each document's
rendered text per language are kept in build space; a document's page is a
folder per language tag. ``Project`` (``config``) turns these names into
checked paths (``catalogue_path``, ``mo_path``, ``text_path``, ``page_path``);
every module that names one of these files asks one of the two, so that a
change of scheme is made here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

SOURCE_FOLDER = "source"  # the documents
LOCALES_FOLDER = "locales"  # templates, catalogues and the glossary
GLOSSARY = f"{LOCALES_FOLDER}/glossary.csv"
MO_FOLDER = ".build/locale"  # compiled catalogues, under output/
TEXT_FOLDER = ".build/text"  # each document's text rendered in each language, for the outputs around it
# Made with a build's first file, gone once its manifest is written. Left behind (a build stopped on an
# error, or killed), it says that files were changed after the manifest that vouches for them.
BUILDING_MARK = ".build/building"


class CatalogueId(NamedTuple):
    """One language's catalogue of one domain (a document, or the page texts): ``fr/mission``.

    A named tuple: the key of a large site's manifest 25,000 times over, made, hashed and compared at C speed."""

    code: str
    domain: str

    def __str__(self) -> str:
        return f"{self.code}/{self.domain}"

    @classmethod
    def parse(cls, text: str) -> CatalogueId:
        """The id ``str()`` wrote: ``fr/mission``."""
        code, domain = text.split("/", 1)
        return cls(code, domain)


def catalogue_relative(code: str, domain: str) -> str:
    """A catalogue's path in the project (and in the site, when catalogues are published with it)."""
    return f"{LOCALES_FOLDER}/{code}/LC_MESSAGES/{domain}.po"


def template_relative(domain: str) -> str:
    """A domain's template (``.pot``) in the project."""
    return f"{LOCALES_FOLDER}/{domain}.pot"


def mo_relative(code: str, domain: str) -> str:
    """A compiled catalogue's path under output/."""
    return f"{MO_FOLDER}/{code}/LC_MESSAGES/{domain}.mo"


def text_relative(code: str, document: str) -> str:
    """A document's rendered text in one language, under output/."""
    return f"{TEXT_FOLDER}/{code}/{document}.html"


def pdf_relative(tag: str, document: str) -> str:
    """A document's PDF under output/, beside its language's pages: ``fr/mission.pdf``."""
    return f"{tag}/{document}.pdf"


def page_relative(tag: str, document: str, home: str) -> str:
    """A page's folder under output/, with a trailing slash: ``fr/`` (the home document) or ``fr/about/``."""
    return f"{tag}/" if document == home else f"{tag}/{document}/"


NOT_FOUND_PAGE = "404.html"  # a server's page for an address the site does not have


def not_found_relative(tag: str | None) -> str:
    """A 404 page under output/: a language's (``fr/404.html``), or with None the site's own (``404.html``)."""
    return f"{tag}/{NOT_FOUND_PAGE}" if tag is not None else NOT_FOUND_PAGE


def document_pages(html_outputs: Iterable[str]) -> int:
    """How many documents' pages the HTML builder's outputs (paths under output/) are: its 404 pages left out."""
    return sum(1 for path in html_outputs if not path.endswith(NOT_FOUND_PAGE))
