"""Building: sources and catalogues become the site in ``output/``.

Every catalogue is read and validated before anything is written, and every
page is rendered in memory first, so a broken catalogue stops the build with
nothing half-written. Files whose content did not change are not touched;
files an earlier build wrote that this one no longer makes are removed.

``output/.build/`` is build space, not site: the compiled catalogues (``.mo``,
published entries only) and the list of files the last build wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import polib

from .catalogue import Key
from .checks import ERROR, WARNING, CatalogueReport, check_catalogue, checker_for, project_glossary
from .config import Project
from .errors import BuildRefused
from .extract import Domain, all_domains, load_documents
from .files import write_if_changed
from .glossary import Glossary
from .languages import Language
from .pofile import WRAP_WIDTH, read_po
from .render import DocumentRenderer, Text, Untranslated, environment, install_ui_translations, load_translations
from .segment import UI_DOMAIN, source_parser
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


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


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
        catalogue = read_po(path, shown) if path.exists() else None
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


def build(project: Project, strict: bool = False) -> BuildReport:
    """Build the site; with ``strict``, refuse (and write nothing) if a translation has errors."""
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
    published = [source] + [lang for lang, state in states.items() if state.status.published]
    report = BuildReport(languages=list(states.values()), published=published)

    md = source_parser()
    renderers = [DocumentRenderer(document, md) for document in documents]
    env = environment(project)
    files: dict[str, bytes] = {}

    for lang in published:
        state = states.get(lang)
        compiled: dict[str, bytes | None] = {}
        for domain in domains:
            mo = compile_published(state, domain.name)
            compiled[domain.name] = mo
            if mo is not None:
                files[f".build/locale/{lang.code}/LC_MESSAGES/{domain.name}.mo"] = mo
        ui = load_translations(compiled[UI_DOMAIN], source)
        install_ui_translations(env, ui, lang, source)
        site_name = _text(ui.gettext(project.site_name), source, lang)
        for renderer in renderers:
            document = renderer.document
            translations = load_translations(compiled[document.name], source)

            def lookup(message: str, translations=translations) -> str | None:
                found = translations.gettext(message)
                return None if isinstance(found, Untranslated) else found

            body, fallbacks = renderer.body(lookup, lang, source)
            path = page_path(project, lang, document.name)
            description = document.description
            html = env.get_template("page.html").render(
                lang=lang,
                root="../" * path.count("/"),
                home_url="../" * path.count("/") + page_path(project, lang, project.home),
                languages_url="../" * path.count("/"),
                site_name=site_name,
                title=_text(translations.gettext(document.title), source, lang),
                description=_text(translations.gettext(description), source, lang) if description else None,
                url=project.base_url + path,
                alternates=_alternates(project, published, document.name),
                switcher=[
                    Link("../" * path.count("/") + page_path(project, other, document.name), other, other == lang)
                    for other in published
                ],
                content=body,
                untranslated=fallbacks,
                translated_page=lang != source,
            )
            files[path + "index.html"] = html.encode("utf-8")
            report.pages += 1

    files["index.html"] = _language_index(project, env, states, published)
    files["static/style.css"] = _stylesheet(project)
    _write(project, files, report)
    return report


def _text(found: str, source: Language, page: Language) -> Text:
    return Text(str(found), source if isinstance(found, Untranslated) and page != source else None)


def _alternates(project: Project, published: list[Language], document: str) -> list[Alternate]:
    alternates = [Alternate(lang.tag, project.base_url + page_path(project, lang, document)) for lang in published]
    # For the home page the language index is the neutral choice; elsewhere the original.
    default = project.base_url if document == project.home else alternates[0].url
    return alternates + [Alternate("x-default", default)]


def _language_index(project: Project, env, states: dict[Language, LanguageState], published: list[Language]) -> bytes:
    source = project.source_language
    install_ui_translations(env, load_translations(None, source), source, source)
    in_progress = [
        Link("", lang, percent=int(state.status.counts.percent))
        for lang, state in states.items()
        if not state.status.published
    ]
    html = env.get_template("languages.html").render(
        lang=source,
        root="",
        home_url="",
        site_name=Text(project.site_name),
        url=project.base_url,
        alternates=_alternates(project, published, project.home),
        published=[Link(page_path(project, lang, project.home), lang) for lang in published],
        in_progress=in_progress,
    )
    return html.encode("utf-8")


def _stylesheet(project: Project) -> bytes:
    if project.templates_dir is not None and (project.templates_dir / "style.css").is_file():
        return (project.templates_dir / "style.css").read_bytes()
    return (resources.files("pipeline") / "static" / "style.css").read_bytes()


def _write(project: Project, files: dict[str, bytes], report: BuildReport) -> None:
    output = project.output_dir
    manifest_path = output / MANIFEST
    try:
        previous = set(json.loads(manifest_path.read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        previous = set()
    for relative, data in sorted(files.items()):
        if write_if_changed(output / relative, data):
            report.written += 1
        else:
            report.unchanged += 1
    for relative in sorted(previous - set(files)):
        stale = output / relative
        # Only files this tool wrote, and only inside output/.
        if isinstance(relative, str) and stale.resolve().is_relative_to(output.resolve()) and stale.is_file():
            stale.unlink()
            report.removed += 1
            _remove_empty_parents(stale.parent, output)
    write_if_changed(manifest_path, (json.dumps(sorted(files), indent=1) + "\n").encode("utf-8"))


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
