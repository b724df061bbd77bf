"""The files of ``source/`` that are not documents (images, PDFs), copied to the site under ``files/``;
and the links of a page's body resolved for the page (``resolved_body``).

A file is copied again only when its bytes changed (its key is its input's
hash); a file gone from ``source/`` goes from the site. A variant for a
language (``map.ar.png`` beside ``map.png``) is copied like any file, and the
pages of that language show it in place of ``map.png``
(``sources.links.variant``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..cache import digest
from ..languages import Language
from ..pages import Body
from ..sources.links import FILES_FOLDER, file_address, resolve_document_links, source_files, variant
from .base import BuildContext, SiteBuilder


@dataclass
class SiteFiles:
    """The files of ``source/`` one build copies, and what the links of its pages depend on."""

    paths: dict[str, Path]  # path in source/ -> the file
    names_key: str  # the files there are (their names, not their bytes: a page shows a file by its name)
    link_keys: dict[str, str] = field(default_factory=dict)  # language code -> links_key
    bytes_key: str | None = None  # their bytes too (files_key): worked out once, when a builder asks


_known: list[tuple[BuildContext, SiteFiles]] = []  # the last build's, worked out once (and inherited by workers)


def site_files(context: BuildContext) -> SiteFiles:
    """The files of ``source/`` as this build found them."""
    for seen, files in _known:
        if seen is context:
            return files
    paths = source_files(context.project)
    files = SiteFiles(paths, digest("files", *paths))
    _known[:] = [(context, files)]
    return files


def links_key(context: BuildContext, lang: Language) -> str:
    """What the links of every page in ``lang`` resolve against: the files of ``source/`` and the
    language each document's page is shown in to a reader of ``lang``."""
    files = site_files(context)
    found = files.link_keys.get(lang.code)
    if found is None:
        pages = (f"{document}:{context.page_language(document, lang).code}" for document in context.sources.paths)
        found = files.link_keys[lang.code] = digest(files.names_key, *pages)
    return found


def files_key(context: BuildContext) -> str:
    """The bytes of every file of ``source/``: what a PDF, which embeds the images it shows, depends on
    beyond ``links_key`` (a page only links them, by name)."""
    files = site_files(context)
    if files.bytes_key is None:
        inputs = context.manifest.inputs
        parts = []
        for relative, path in files.paths.items():
            stamp = inputs.get(context.project.relative(path))
            parts.append(f"{relative}={stamp.digest if stamp is not None else digest(path.read_bytes())}")
        files.bytes_key = digest("bytes", *parts)
    return files.bytes_key


def resolve_links(context: BuildContext, document: str, lang: Language, html: str) -> str:
    """A body's links to documents and files made addresses from ``document``'s page in ``lang``."""
    project = context.project
    root = "../" * project.page_path(lang, document).count("/")
    paths = site_files(context).paths

    def document_href(name: str, fragment: str) -> tuple[str, Language | None]:
        shown = context.page_language(name, lang) if name in context.sources.paths else lang
        anchor = "#" + fragment if fragment else ""
        if name == document and shown == lang:
            return anchor or "./", None
        return root + project.page_path(shown, name) + anchor, shown if shown != lang else None

    def file_href(path: str) -> str | None:
        chosen = variant(path, lang, paths)
        return root + file_address(chosen) if chosen is not None else None

    return resolve_document_links(html, document_href, file_href)


def resolved_body(context: BuildContext, document: str, lang: Language) -> Body:
    """A document's text in ``lang`` (phase one) with its links resolved for its page."""
    body = context.text(lang, document)
    body.html = resolve_links(context, document, lang, body.html)
    return body


class AssetsBuilder(SiteBuilder):
    """Copies the files of ``source/`` to ``files/`` in the site."""

    name = "assets"

    def finish(self) -> None:
        context = self.context
        for relative, path in site_files(context).paths.items():
            target = f"{FILES_FOLDER}/{relative}"
            stamp = context.manifest.inputs.get(context.project.relative(path))
            data = None
            if stamp is None:  # not an input of this build (a builder run on its own): its bytes are its key
                data = path.read_bytes()
                key = digest(data)
            else:
                key = stamp.digest
            if context.current(self.name, target, key):
                context.output.keep(target)
            else:
                context.output.put(target, data if data is not None else path.read_bytes())
