"""Building: sources and catalogues become the site in ``output/``.

Every catalogue is read and validated before anything is written, and every
page is rendered in memory first, so a broken catalogue stops the build with
nothing half-written. Files whose content did not change are not touched;
files an earlier build wrote that this one no longer makes are removed.

``output/.build/`` is build space, not site: the compiled catalogues (``.mo``,
published entries only) and the list of files the last build wrote.
"""

from __future__ import annotations

import gettext
import json
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import polib
from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup

from .catalogue import Key
from .checks import ERROR, WARNING, CatalogueReport, check_catalogue, checker_for, project_glossary
from .config import Project
from .errors import BuildRefused, FrontMatterError
from .extract import Domain, all_domains, load_documents
from .files import write_if_changed
from .glossary import Glossary
from .languages import Language
from .pofile import WRAP_WIDTH, read_catalogue
from .render import DocumentRenderer, Text, Untranslated, environment, install_ui_translations, load_translations
from .segment import UI_DOMAIN, Document, source_parser
from .sitemap import Alternate, SitemapEntry, og_locale, robots_txt, sitemap_xml
from .status import Counts, LanguageStatus, count, is_published

MANIFEST = ".build/manifest.json"


@dataclass
class LanguageState:
    """A language's catalogues as read and checked, and what the build makes of them."""

    status: LanguageStatus
    catalogues: dict[str, polib.POFile | None]
    reports: list[CatalogueReport] = field(default_factory=list)
    held_back: dict[str, set[Key]] = field(default_factory=dict)  # domain -> entries with errors

    @property
    def held_back_count(self) -> int:
        return sum(len(keys) for keys in self.held_back.values())


@dataclass(frozen=True)
class Link:
    href: str
    lang: Language
    current: bool = False
    percent: int = 100


@dataclass
class BuildReport:
    """What a build did, for the person who ran it."""

    languages: list[LanguageState]
    published: list[Language]
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def read_language(project: Project, lang: Language, domains: list[Domain], glossary: Glossary) -> LanguageState:
    """Read (and so validate) and check every catalogue of ``lang``; count its progress."""
    counts = Counts()
    catalogues: dict[str, polib.POFile | None] = {}
    reports: list[CatalogueReport] = []
    held_back: dict[str, set[Key]] = {}
    missing = []
    for domain in domains:
        path = project.catalogue_path(lang, domain.name)
        shown = project.relative(path)
        catalogue = read_catalogue(path, shown, lang.code) if path.exists() else None
        catalogues[domain.name] = catalogue
        counts.add(count(domain.messages, catalogue))
        if catalogue is None:
            missing.append(domain.name)
            continue
        report = check_catalogue(catalogue, shown, checker_for(project, lang, domain.name, glossary))
        reports.append(report)
        held_back[domain.name] = report.held_back
    errors = sum(report.count(ERROR) for report in reports)
    warnings = sum(report.count(WARNING) for report in reports)
    publishable = counts.translated - sum(len(keys) for keys in held_back.values())
    status = LanguageStatus(
        lang,
        counts,
        is_published(counts, project.publish_threshold, publishable),
        missing,
        errors=errors,
        warnings=warnings,
        fuzzy_critical=sum(report.fuzzy_critical for report in reports),
        held_back=counts.translated - publishable,
    )
    return LanguageState(status=status, catalogues=catalogues, reports=reports, held_back=held_back)


def page_path(project: Project, lang: Language, document: str) -> str:
    """A page's folder under output/, with a trailing slash: ``fr/`` or ``fr/about/``."""
    return f"{lang.tag}/" if document == project.home else f"{lang.tag}/{document}/"


def compile_published(state: LanguageState | None, domain: str) -> bytes | None:
    """The ``.mo`` of the entries of one catalogue that may be published: translated, not
    fuzzy, and without errors."""
    if state is None or state.catalogues.get(domain) is None:
        return None
    catalogue = state.catalogues[domain]
    held_back = state.held_back.get(domain, set())
    published = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    published.metadata = dict(catalogue.metadata)
    published.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in catalogue.translated_entries():
        if (entry.msgctxt, entry.msgid) not in held_back:
            published.append(entry)
    return published.to_binary()


def build(project: Project, strict: bool = False, preview_all: bool = False) -> BuildReport:
    """Build the site.

    With ``strict``, refuse (and write nothing) if a translation has errors. With
    ``preview_all``, publish every configured language whatever its progress, for
    translators previewing their work (``pipeline serve --all``).
    """
    documents = load_documents(project)
    domains = all_domains(project, documents)
    glossary = project_glossary(project)
    # Read every catalogue first: a broken one stops the build before anything is written.
    states = {lang: read_language(project, lang, domains, glossary) for lang in project.languages}
    if strict:
        refused = [state.status for state in states.values() if state.held_back_count]
        if refused:
            listed = ", ".join(f"{status.lang.code} ({status.held_back})" for status in refused)
            raise BuildRefused(
                f"translations with errors in {listed}; run `pipeline check` and fix them, "
                "or build without --strict to publish the source text in their place"
            )
    source = project.source_language
    published = [source] + [lang for lang, state in states.items() if state.status.published or preview_all]
    report = BuildReport(languages=list(states.values()), published=published)
    site = Site(project, published, {document.name: document_date(project, document) for document in documents})

    md = source_parser()
    renderers = [DocumentRenderer(document, md) for document in documents]
    env = environment(project)
    # Every input is valid by now; each file is written as soon as it is made, so
    # memory holds one page at a time, whatever the number of pages and languages.
    output = Output(project.output_dir, report)
    for lang in published:
        state = states.get(lang)
        compiled = {domain.name: compile_published(state, domain.name) for domain in domains}
        for name, mo in compiled.items():
            if mo is not None:
                output.put(f".build/locale/{lang.code}/LC_MESSAGES/{name}.mo", mo)
        ui = load_translations(compiled[UI_DOMAIN], source)
        install_ui_translations(env, ui, lang, source)
        for renderer in renderers:
            translations = load_translations(compiled[renderer.document.name], source)
            path = page_path(project, lang, renderer.document.name)
            output.put(path + "index.html", site.page(env, renderer, lang, translations, ui))
            report.pages += 1

    install_ui_translations(env, load_translations(None, source), source, source)
    output.put("index.html", site.language_index(env, states))
    output.put("status.html", site.dashboard(env, [state.status for state in states.values()], domains))
    output.put("sitemap.xml", site.sitemap([document.name for document in documents]))
    output.put("robots.txt", robots_txt(project.base_url))
    for name, data in static_files(project).items():
        output.put(name, data)
    output.finish()
    return report


def document_date(project: Project, document: Document) -> date | None:
    """When a document last changed: front matter ``date``, else its last commit; never the build time."""
    value = document.front_matter.get("date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise FrontMatterError(
                f"front matter date {value!r} is not a date such as 2026-11-26", project.relative(document.path)
            ) from None
    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", project.relative(document.path)],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return date.fromisoformat(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None
    except ValueError:
        return None


@dataclass
class Site:
    """What every page of one build shares: the published languages, the addresses, the dates."""

    project: Project
    published: list[Language]
    dates: dict[str, date | None]

    def url(self, lang: Language, document: str) -> str:
        return self.project.base_url + page_path(self.project, lang, document)

    def alternates(self, document: str) -> list[Alternate]:
        alternates = [Alternate(lang.tag, self.url(lang, document)) for lang in self.published]
        # For the home page the language index is the neutral choice; elsewhere the original.
        default = self.project.base_url if document == self.project.home else alternates[0].url
        return alternates + [Alternate("x-default", default)]

    def page(
        self,
        env: Environment,
        renderer: DocumentRenderer,
        lang: Language,
        translations: gettext.NullTranslations,
        ui: gettext.NullTranslations,
    ) -> bytes:
        project, document, source = self.project, renderer.document, self.project.source_language

        def lookup(message: str) -> str | None:
            found = translations.gettext(message)
            return None if isinstance(found, Untranslated) else found

        body, fallbacks = renderer.body(lookup, lang, source)
        path = page_path(project, lang, document.name)
        root = "../" * path.count("/")
        updated = self.dates.get(document.name)
        html = env.get_template("page.html").render(
            lang=lang,
            root=root,
            home_url=root + page_path(project, lang, project.home),
            languages_url=root,
            site_name=_text(ui.gettext(project.site_name), source, lang),
            title=_text(translations.gettext(document.title), source, lang),
            description=_text(translations.gettext(document.description), source, lang)
            if document.description
            else None,
            url=self.url(lang, document.name),
            alternates=self.alternates(document.name),
            og_locale=og_locale(lang),
            og_alternates=[og_locale(other) for other in self.published if other != lang],
            switcher=[
                Link(root + page_path(project, other, document.name), other, other == lang) for other in self.published
            ],
            content=body,
            untranslated=fallbacks,
            translated_page=lang != source,
            updated=_date_markup(updated, lang) if updated else None,
        )
        return html.encode("utf-8")

    def language_index(self, env: Environment, states: dict[Language, LanguageState]) -> bytes:
        project = self.project
        in_progress = [
            Link("", lang, percent=int(state.status.counts.percent))
            for lang, state in states.items()
            if lang not in self.published
        ]
        html = env.get_template("languages.html").render(
            lang=project.source_language,
            root="",
            home_url="./",
            site_name=Text(project.site_name),
            url=project.base_url,
            alternates=self.alternates(project.home),
            published=[Link(page_path(project, lang, project.home), lang) for lang in self.published],
            in_progress=in_progress,
        )
        return html.encode("utf-8")

    def dashboard(self, env: Environment, statuses: list[LanguageStatus], domains: list[Domain]) -> bytes:
        return status_page(self.project, env, statuses, domains, self.published)

    def sitemap(self, documents: list[str]) -> bytes:
        entries = [SitemapEntry(self.project.base_url, self.alternates(self.project.home))]
        for document in documents:
            alternates = self.alternates(document)
            modified = self.dates.get(document)
            entries += [SitemapEntry(self.url(lang, document), alternates, modified) for lang in self.published]
        return sitemap_xml(entries)


def status_page(
    project: Project,
    env: Environment,
    statuses: list[LanguageStatus],
    domains: list[Domain],
    published: list[Language],
    root: str = "",
) -> bytes:
    """The translation dashboard (``output/status.html``, ``pipeline status --format html``)."""
    rows = []
    for status in statuses:
        counts = status.counts
        total = counts.total or 1
        translated, fuzzy = round(100 * counts.translated / total, 1), round(100 * counts.fuzzy / total, 1)
        catalogues = [
            CatalogueLink(
                domain.name,
                _catalogue_href(project, project.catalogue_path(status.lang, domain.name), root),
            )
            for domain in domains
            if domain.name not in status.missing
        ]
        rows.append(
            StatusRow(
                status=status,
                lang=status.lang,
                translated_percent=translated,
                fuzzy_percent=fuzzy,
                untranslated_percent=round(100 - translated - fuzzy, 1),
                words_left=counts.fuzzy_words + counts.untranslated_words,
                page=root + page_path(project, status.lang, project.home) if status.lang in published else None,
                catalogues=catalogues,
            )
        )
    html = env.get_template("status.html").render(
        lang=project.source_language,
        root=root,
        home_url=root or "./",
        languages_url=root or "./",
        site_name=Text(project.site_name),
        threshold=f"{project.publish_threshold:g}",
        rows=rows,
    )
    return html.encode("utf-8")


def _catalogue_href(project: Project, path: Path, root: str) -> str:
    relative = project.relative(path)
    if project.edit_url:
        return project.edit_url + relative
    # Beside output/: opens from a checkout, and `pipeline serve` serves it.
    return root + "../" + relative


@dataclass(frozen=True)
class CatalogueLink:
    name: str
    href: str


@dataclass(frozen=True)
class StatusRow:
    status: LanguageStatus
    lang: Language
    translated_percent: float
    fuzzy_percent: float
    untranslated_percent: float
    words_left: int
    page: str | None
    catalogues: list[CatalogueLink]


def _date_markup(day: date, lang: Language) -> Markup:
    written = format_date(day, format="long", locale=lang.code)
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), written)


def _text(found: str, source: Language, page: Language) -> Text:
    return Text(str(found), source if isinstance(found, Untranslated) and page != source else None)


def static_files(project: Project) -> dict[str, bytes]:
    """The stylesheet and icon, each replaceable by a file of the same name in the templates folder."""
    files = {}
    for entry in sorted((resources.files("pipeline") / "static").iterdir(), key=lambda item: item.name):
        own = project.templates_dir / entry.name if project.templates_dir is not None else None
        files[f"static/{entry.name}"] = own.read_bytes() if own is not None and own.is_file() else entry.read_bytes()
    return files


class Output:
    """The files of one build, written as they come; at the end, the ones no longer made go."""

    def __init__(self, folder: Path, report: BuildReport) -> None:
        self.folder = folder
        self.report = report
        self.made: set[str] = set()

    def put(self, relative: str, data: bytes) -> None:
        self.made.add(relative)
        if write_if_changed(self.folder / relative, data, self.folder):
            self.report.written += 1
        else:
            self.report.unchanged += 1

    def finish(self) -> None:
        manifest = self.folder / MANIFEST
        try:
            previous = json.loads(manifest.read_text("utf-8"))
        except (OSError, ValueError):
            previous = []
        for relative in sorted(set(previous if isinstance(previous, list) else []) - self.made):
            stale = self.folder / str(relative)
            # Only files this tool wrote, and only inside output/: a doctored manifest deletes nothing else.
            if stale.resolve().is_relative_to(self.folder.resolve()) and stale.is_file() and not stale.is_symlink():
                stale.unlink()
                self.report.removed += 1
                _remove_empty_parents(stale.parent, self.folder)
        listing = (json.dumps(sorted(self.made), indent=1) + "\n").encode("utf-8")
        write_if_changed(manifest, listing, self.folder)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
