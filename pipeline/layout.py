"""Where each file of the pipeline lives: the one path scheme, beside ``Project.catalogue_path``.

Catalogues are ``locales/<code>/LC_MESSAGES/<domain>.po`` (``Project.catalogue_path``
gives the checked absolute path); their compiled ``.mo`` files and each
document's rendered text per language are kept in build space; a document's
page is a folder per language tag. Every module that names one of these files
asks here, so that a change of scheme is made in one place.
"""

from __future__ import annotations

from pathlib import Path

from .config import Project
from .languages import Language

MO_FOLDER = ".build/locale"  # compiled catalogues, under output/
TEXT_FOLDER = ".build/text"  # each document's text rendered in each language, for the outputs around it
# Made with a build's first file, gone once its manifest is written. Left behind (a build stopped on an
# error, or killed), it says that files were changed after the manifest that vouches for them.
BUILDING_MARK = ".build/building"


def catalogue_relative(code: str, domain: str) -> str:
    """A catalogue's path in the project (and in the site, when catalogues are published with it)."""
    return f"locales/{code}/LC_MESSAGES/{domain}.po"


def mo_relative(code: str, domain: str) -> str:
    """A compiled catalogue's path under output/."""
    return f"{MO_FOLDER}/{code}/LC_MESSAGES/{domain}.mo"


def mo_path(project: Project, code: str, domain: str) -> Path:
    return project.output_dir / mo_relative(code, domain)


def text_relative(code: str, document: str) -> str:
    """A document's rendered text in one language, under output/."""
    return f"{TEXT_FOLDER}/{code}/{document}.html"


def text_path(project: Project, code: str, document: str) -> Path:
    return project.output_dir / text_relative(code, document)


def page_path(project: Project, lang: Language, document: str) -> str:
    """A page's folder under output/, with a trailing slash: ``fr/`` or ``fr/about/``."""
    return f"{lang.tag}/" if document == project.home else f"{lang.tag}/{document}/"
