"""The builder protocol, and what every builder of one build shares: the context and the site's files.

A builder makes one kind of output from the documents' rendered texts (HTML
pages, a sitemap, a PDF, JSON). Like Sphinx's builders it answers three
questions: which of its outputs are stale (``outdated``), how it writes one
document in one language (``write``, run in worker processes, one language
per task), and what it makes once at the end (``finish``: shared files).
Builders know nothing of each other; the manifest keeps each one's outputs
under its ``name``, path by path, with the key each was made from.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from jinja2 import Environment

from ..cache import digest
from ..config import Project
from ..files import write_if_changed
from ..languages import Language
from ..layout import CatalogueId
from ..manifest import Manifest
from ..pages import Body
from ..render import install_ui_translations, load_translations
from ..sources import UI_DOMAIN, Sources
from ..status import LanguageStatus

Written = tuple[str, bool]  # a file under output/, and whether this build changed its bytes


class Builder(Protocol):
    """One kind of output. Made in the build's process, before worker processes start (they inherit it)."""

    name: str  # its outputs' key in the manifest; unique among the builders of a build

    def outdated(self) -> Iterator[tuple[str, Language]]:
        """Each (document, language) whose output must be made again; the others stay as they are."""
        ...

    def write(self, document: str, language: Language) -> Written:
        """Make one document's output in one language (in a worker process)."""
        ...

    def finish(self) -> None:
        """Make what this builder makes once per build (an index, a sitemap), through ``context.output``."""
        ...


class Output:
    """The files of one build; at the end, the ones an earlier build made and this one no longer does go."""

    def __init__(self, folder: Path, previous: list[str]) -> None:
        self.folder = folder
        self.previous = previous
        self.made: set[str] = set()
        self.written = 0
        self.unchanged = 0
        self.removed = 0

    def put(self, relative: str, data: bytes) -> None:
        self.record(relative, write_if_changed(self.folder / relative, data, self.folder, durable=False))

    def record(self, relative: str, written: bool) -> None:
        self.made.add(relative)
        if written:
            self.written += 1
        else:
            self.unchanged += 1

    def keep(self, relative: str) -> None:
        """A file this build did not need to make again."""
        self.record(relative, False)

    def finish(self) -> None:
        for relative in sorted(set(self.previous) - self.made):
            stale = self.folder / str(relative)
            # Only files this tool wrote, and only inside output/: a doctored manifest deletes nothing else.
            if stale.resolve().is_relative_to(self.folder.resolve()) and stale.is_file() and not stale.is_symlink():
                stale.unlink()
                self.removed += 1
                _remove_empty_parents(stale.parent, self.folder)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


@dataclass
class BuildContext:
    """What every builder of one build may read, once phase one has checked every input."""

    project: Project
    sources: Sources
    statuses: list[LanguageStatus]
    published: list[Language]  # the source language first
    dates: dict[str, date | None]  # document -> when it last changed
    manifest: Manifest  # this build's, being filled in
    previous: Manifest | None
    output: Output
    preview_all: bool = False  # every configured language and page published (`pipeline serve --all`)
    published_key: str = field(init=False)
    drafted: frozenset[Language] = field(init=False)  # published languages whose pages show machine drafts
    pages: dict[Language, frozenset[str]] = field(init=False)  # published language -> its published documents
    _heads: dict[tuple[Language, str], Body] = field(init=False, default_factory=dict, repr=False)
    _navigation_keys: dict[Language, str] = field(init=False, default_factory=dict, repr=False)
    _switcher_keys: dict[str, str] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        shown = {status.lang for status in self.statuses if status.shows_drafts}
        self.drafted = frozenset(lang for lang in self.published if lang in shown)
        by_language = {status.lang: status for status in self.statuses}
        documents = list(self.sources.paths)
        threshold = self.project.publish_threshold
        self.pages = {}
        for lang in self.published:
            status = by_language.get(lang)
            if status is None or self.preview_all:  # the source language has every page
                self.pages[lang] = frozenset(documents)
            else:  # the home page is there with its language (``manifest.statuses_from``); the others on their own
                home = self.project.home
                self.pages[lang] = frozenset(
                    name for name in documents if name == home or status.publishes(name, threshold)
                )
        # Every page's switcher names the published languages and says which are drafts.
        self.published_key = ",".join(lang.code + ("~" if lang in self.drafted else "") for lang in self.published)

    def is_published(self, document: str, lang: Language) -> bool:
        """Whether ``document``'s page exists in ``lang`` (its own messages reach the threshold)."""
        return document in self.pages.get(lang, frozenset())

    def page_language(self, document: str, lang: Language) -> Language:
        """The language a reader of ``lang`` gets for ``document``: ``lang`` where the page is published
        there, else the source language (a link to it goes to the original, and says so)."""
        return lang if self.is_published(document, lang) else self.project.source_language

    def page_languages(self, document: str) -> list[Language]:
        """The published languages in which ``document``'s page exists, the source language first."""
        return [lang for lang in self.published if self.is_published(document, lang)]

    def head(self, lang: Language, document: str) -> Body:
        """A document's title, description and front matter weight in ``lang``, without its text."""
        found = self._heads.get((lang, document))
        if found is None:
            found = self._heads[(lang, document)] = Body.head_of(self.project.text_path(lang.code, document))
        return found

    def navigation_order(self) -> list[str]:
        """The documents of the site's navigation: the configured ``nav``, else every document by its
        front matter ``weight`` (those without one last), then name."""
        if self.project.nav is not None:
            return list(self.project.nav)
        source = self.project.source_language

        def place(document: str) -> tuple[bool, int, str]:
            weight = self.head(source, document).weight
            return (weight is None, weight or 0, document)

        return sorted(self.sources.paths, key=place)

    def navigation_key(self, lang: Language) -> str:
        """What the navigation on a page in ``lang`` is made of: each document's language and title there,
        in order; not the rest of their texts, so that a page's new translation rewrites only the pages
        whose navigation it changes.

        The titles are read from the texts only when one of those texts changed since the last build (the
        manifest keeps the key with the texts' keys): a large site's build with one catalogue changed
        would otherwise read the head of every text of every language (12,000 files at 300 documents in
        40 languages)."""
        found = self._navigation_keys.get(lang)
        if found is None:
            shown = [(document, self.page_language(document, lang)) for document in self.navigation_order()]
            made_of = digest(
                *(f"{document}\x00{page.code}\x00{self.text_key(page, document)}" for document, page in shown)
            )
            kept = self.previous.navigation.get(lang.code) if self.previous is not None else None
            if kept is not None and kept[0] == made_of:
                found = kept[1]
            else:
                parts = []
                for document, page in shown:
                    title = self.head(page, document).title
                    parts.append(f"{document}\x00{page.code}\x00{title.text}\x00{title.fallback}")
                found = digest(*parts)
            self._navigation_keys[lang] = found
            self.manifest.navigation[lang.code] = [made_of, found]
        return found

    def switcher_key(self, document: str) -> str:
        """The languages ``document``'s page exists in (its switcher, alternates), and which show drafts.

        Worked out once per document: every language's page of it asks (on a site of 300 documents in 40
        languages, asking each time was a sixth of a build with one catalogue changed)."""
        found = self._switcher_keys.get(document)
        if found is None:
            found = self._switcher_keys[document] = ",".join(
                lang.code + ("~" if lang in self.drafted else "") for lang in self.page_languages(document)
            )
        return found

    def current(self, builder: str, path: str, key: str) -> bool:
        """Record that ``builder`` makes ``path`` from ``key``; whether the last build left it so."""
        self.manifest.outputs.setdefault(builder, {})[path] = key
        previous = self.previous.outputs.get(builder, {}) if self.previous is not None else {}
        return previous.get(path) == key and os.path.isfile(self.project.output_dir / path)

    def text_key(self, lang: Language, document: str) -> str:
        """The key a document's text in ``lang`` was rendered for (phase one)."""
        return self.manifest.texts[CatalogueId(lang.code, document)]

    def text(self, lang: Language, document: str) -> Body:
        """A document's text rendered in ``lang`` (phase one), and what the outputs around it need."""
        return Body.from_bytes(self.project.text_path(lang.code, document).read_bytes())

    def ui_key(self, lang: Language) -> str:
        """What the page texts in ``lang`` are made of: its ui.po's key, or the source text."""
        stats = self.manifest.stats.get(CatalogueId(lang.code, UI_DOMAIN))
        return stats.key if stats else "source"

    def ui_catalogue(self, lang: Language) -> bytes | None:
        """The page texts' compiled catalogue in ``lang``, or None where the source text is shown."""
        stats = self.manifest.stats.get(CatalogueId(lang.code, UI_DOMAIN))
        # From this build's record, not from build space: a deleted ui.po's old .mo is still there until the end.
        if lang == self.project.source_language or stats is None or stats.missing:
            return None
        return self.project.mo_path(lang.code, UI_DOMAIN).read_bytes()


class SiteBuilder:
    """A builder whose outputs are made once per build, in ``finish`` (a sitemap, copies): nothing per document."""

    name = ""

    def __init__(self, context: BuildContext) -> None:
        self.context = context

    def outdated(self) -> Iterator[tuple[str, Language]]:
        return iter(())

    def write(self, document: str, language: Language) -> Written:
        raise NotImplementedError(f"the {self.name} builder makes nothing per document")

    def finish(self) -> None:
        raise NotImplementedError


class DocumentBuilder:
    """A builder with one output per document and language: says its path and key, and how to make it.

    ``outdated`` records each output's key in the manifest and yields the
    ones whose key changed or whose file is gone; the rest are kept.
    """

    name = ""

    def __init__(self, context: BuildContext) -> None:
        self.context = context

    def target(self, document: str, lang: Language) -> tuple[str, str]:
        """The output's path under output/, and the key of everything it is made from."""
        raise NotImplementedError

    def render(self, document: str, lang: Language) -> bytes:
        raise NotImplementedError

    def outdated(self) -> Iterator[tuple[str, Language]]:
        context = self.context
        for lang in context.published:
            for document in context.sources.paths:
                if not context.is_published(document, lang):
                    continue  # not made: an earlier build's output goes at the end (``Output.finish``)
                path, key = self.target(document, lang)
                if context.current(self.name, path, key):
                    context.output.keep(path)
                else:
                    yield document, lang

    def write(self, document: str, language: Language) -> Written:
        path, _ = self.target(document, language)
        folder = self.context.project.output_dir
        return path, write_if_changed(folder / path, self.render(document, language), folder, durable=False)

    def finish(self) -> None:
        return None

    def key(self, *parts: str) -> str:
        """A key made of the build's site key, the published languages, and ``parts``."""
        return digest(self.context.manifest.site_key, self.context.published_key, *parts)


class PageTexts:
    """The page texts (``ui.po``) installed in a builder's Jinja2 environment, one language at a time: a
    worker makes one language's outputs, then the next's, so each language is installed once."""

    def __init__(self, env: Environment, context: BuildContext) -> None:
        self.env, self.context = env, context
        self.speaking: Language | None = None
        self.translations = gettext.NullTranslations()

    def speak(self, lang: Language) -> gettext.NullTranslations:
        """Install the page texts of ``lang``; its translations."""
        if self.speaking != lang:
            source = self.context.project.source_language
            self.translations = load_translations(self.context.ui_catalogue(lang), source)
            install_ui_translations(self.env, self.translations, lang, source)
            self.speaking = lang
        return self.translations
