"""The Python API: every ``pipeline`` command as a function that returns what it did.

This module owns the operations (extract, init, update, check, status,
build, export, import) as a library offers them; the command line (``cli``) and the preview
server (``serve``) are thin layers over it that parse, call and print. The
functions print nothing (a ``progress`` given to a long one reports on
standard error), return dataclasses, and raise a ``PipelineError`` for
anything wrong with the input (``error.path``, ``error.line``,
``error.message``; ``error.exit_status`` is the command's exit status), having
changed no file::

    from pipeline import api

    project = api.load_project("path/to/site")
    api.update(project, languages=["fr"])  # extract, then merge the templates into the French catalogues
    result = api.check(project, languages=["fr"])
    for problem in result.problems:
        print(f"{problem.file}:{problem.line}: {problem.check}: {problem.message}")
    if not result.errors:
        report = api.build(project)
        print(report.pages, "pages in", ", ".join(lang.code for lang in report.published))

The operations, with the command each one is:

``load_project(root=".") -> Project``
    The project in ``root`` (``pipeline.toml``, or ``pyproject.toml`` with
    ``[tool.pipeline]``); ``ConfigError`` if the configuration is missing or wrong.
``extract(project) -> ExtractResult``
    ``pipeline extract``: ``locales/<doc>.pot`` and ``locales/ui.pot``.
``init(project, languages) -> InitResult``
    ``pipeline init LANG...``: the catalogues of new languages (codes or ``Language``).
``update(project, languages=None, *, jobs=None, progress=None) -> UpdateResult``
    ``pipeline update``: extract, then merge the templates into the catalogues.
``check(project, languages=None, *, jobs=None, progress=None) -> CheckResult``
    ``pipeline check``: the problems of every translated entry.
``check_files(paths, language=None, markup=None, *, jobs=None) -> CheckResult``
    ``pipeline check FILE...``: catalogues from anywhere, no project needed.
``check_source(project) -> CheckResult``
    ``pipeline check --source``: the problems of the source documents.
``available_checks() -> list[CheckInfo]``
    ``pipeline check --list``.
``status(project, languages=None, *, jobs=None, progress=None) -> list[LanguageStatus]``
    ``pipeline status``: each language's progress; ``status_page(project, statuses) -> str``
    is the same as the HTML dashboard (``--format html``).
``build(project, *, strict=False, force=False, jobs=None, progress=None, pdf=True) -> BuildReport``
    ``pipeline build``: the site in ``output/``.
``build_preview(project, *, all_languages=False, jobs=None, progress=None, pdf=False) -> BuildReport``
    What each rebuild of ``pipeline serve`` does: the site in ``output/.build/preview/``.
``export_xliff(project, languages=None, documents=None, *, version="2.1", output=None) -> ExportResult``
    ``pipeline export --format xliff``: each language's catalogues as an XLIFF file for a CAT tool.
``export_tmx(project, languages=None, *, drafts=False, output=None) -> ExportResult``
    ``pipeline export --format tmx``: each language's translations as a TMX memory.
``import_xliff(project, paths, jobs=None) -> ImportResult``
    ``pipeline import FILE...``: the translations of XLIFF files written into the catalogues.

``languages`` is a list of gettext codes (``"fr"``, ``"fa_AF"``) or ``Language``
objects (one code alone will do); None means every language of the configuration. ``jobs`` is the
number of worker processes (None: one per CPU), ``progress`` a
``pipeline.progress.Progress`` (None: silent).

Writing. The functions that write (extract, init, update, build,
build_preview) hold the project's lock while they do, as the commands do:
another process writing to the project is waited for. ``with
api.writing(project, wait=False):`` holds it around several calls (they go on
under it), and raises ``Busy`` at once instead of waiting if another process
holds it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Project, load_project
from .errors import CatalogueError, LanguageError, PipelineError
from .files import inside
from .files import writing_to as writing
from .languages import Language, language
from .parallel import run, run_with
from .progress import SILENT, Progress
from .sources import UI_DOMAIN, Sources, load_documents
from .status import LanguageStatus

# Lazy: each operation imports the modules of its own stage when it runs (marked "lazy: per command").
# Measured with python -X importtime over this module: the PO reader ~55 ms, extract and catalogue
# ~100 ms, the checks ~55 ms, the build ~55 ms, the templates (render, pages) ~140-230 ms. `check`
# needs no Jinja2, `status` with nothing changed no Markdown, and a build with nothing to do none of them.
if TYPE_CHECKING:
    import polib

    from .build import BuildReport
    from .cache import KeptAnswers
    from .catalogue import CatalogueResult
    from .checks import CatalogueReport, Checker, CheckInfo, Glossary, MarkupKind, Problem
    from .extract import TemplatePlan
    from .results import (
        CheckResult,
        ExportedFile,
        ExportResult,
        ExtractResult,
        ImportedCatalogue,
        ImportResult,
        InitResult,
        TemplateResult,
        UpdateResult,
    )

__all__ = [
    "BuildReport",
    "CatalogueResult",
    "CheckInfo",
    "CheckResult",
    "ExportResult",
    "ExportedFile",
    "ExtractResult",
    "InitResult",
    "Language",
    "ImportResult",
    "ImportedCatalogue",
    "LanguageStatus",
    "PipelineError",
    "Problem",
    "Project",
    "TemplateResult",
    "UpdateResult",
    "available_checks",
    "build",
    "build_preview",
    "check",
    "check_files",
    "check_source",
    "export_tmx",
    "export_xliff",
    "extract",
    "import_xliff",
    "init",
    "load_project",
    "status",
    "status_page",
    "update",
    "writing",
]

# Result types defined by the modules that make them, importable from here without loading those
# modules until they are asked for.
_DEFINED_ELSEWHERE = {
    "BuildReport": "build",
    "CatalogueResult": "catalogue",
    "CheckInfo": "checks",
    "Problem": "checks",
    **dict.fromkeys(
        (
            "CheckResult",
            "ExportResult",
            "ExportedFile",
            "ExtractResult",
            "ImportResult",
            "ImportedCatalogue",
            "InitResult",
            "TemplateResult",
            "UpdateResult",
        ),
        "results",
    ),
}


def __getattr__(name: str) -> object:
    module = _DEFINED_ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __package__), name)


# ---------------------------------------------------------------- languages


def _listed(languages: Iterable[str | Language]) -> list[Language]:
    """``languages`` as Language objects; one code alone is taken for a list of one, not of its letters."""
    items: Iterable[str | Language] = [languages] if isinstance(languages, str | Language) else languages
    return [item if isinstance(item, Language) else language(item) for item in items]


def _configured(project: Project, languages: Iterable[str | Language] | None) -> list[Language]:
    """The languages asked for, each once, in the order given; every one must be configured."""
    if languages is None:
        return list(project.languages)
    chosen = _listed(languages)
    for lang in chosen:
        if lang not in project.languages:
            raise LanguageError(
                f"{lang.code!r} is not among the languages in {project.relative(project.config_path)} "
                f"({', '.join(item.code for item in project.languages)})"
            )
    return list(dict.fromkeys(chosen))  # `--lang ar --lang ar` is Arabic once


# ---------------------------------------------------------------- extract, init, update


@dataclass(frozen=True)
class _Plans:
    """The templates a command will write, and what it read to make them (saved with them)."""

    templates: list[TemplatePlan]
    kept: list[KeptAnswers]


def _plan_templates(project: Project) -> _Plans:
    from .extract import (  # lazy: per command
        all_domains,
        document_messages_kept,
        plan_template,
        template_layouts_kept,
        template_texts_kept,
    )

    # What the last command read of the page templates and documents, by their contents, and the hash
    # of each template's text, by what it is made of.
    kept = [template_texts_kept(project), document_messages_kept(project), template_layouts_kept(project)]
    texts, messages, layouts = kept
    return _Plans([plan_template(project, domain, layouts) for domain in all_domains(project, texts, messages)], kept)


def _write_templates(project: Project, planned: _Plans) -> ExtractResult:
    """Write the templates that changed, and keep what was read to make them (a command stopped by an
    error before this point leaves build space as it was)."""
    from .extract import write_template  # lazy: per command
    from .results import ExtractResult, TemplateResult  # lazy: per command

    plans = planned.templates
    for record in planned.kept:
        record.save()
    templates = [
        TemplateResult(plan.path, plan.domain.name, len(plan.template), write_template(project, plan)) for plan in plans
    ]
    known = {plan.path.name for plan in plans}
    orphaned = []
    if project.locales_dir.is_dir():
        orphaned = [path for path in sorted(project.locales_dir.glob("*.pot")) if path.name not in known]
    return ExtractResult(templates, orphaned)


def extract(project: Project) -> ExtractResult:
    """Write the message templates: ``locales/<doc>.pot`` per document, ``locales/ui.pot`` for the templates.

    A template whose messages did not change is left untouched (``written`` False).
    """
    with writing(project):
        return _write_templates(project, _plan_templates(project))


def init(project: Project, languages: Iterable[str | Language]) -> InitResult:
    """Extract, and create the catalogues of ``languages`` that do not exist yet; existing ones stay as they are.

    Every code is checked before anything is written; the source language is refused (``LanguageError``).
    A language need not be configured yet (``InitResult.unconfigured`` says which are not).
    """
    from .catalogue import CatalogueResult, plan_update, write_update  # lazy: per command
    from .results import InitResult  # lazy: per command

    with writing(project):
        chosen = list(dict.fromkeys(_listed(languages)))  # one given twice is one language
        for lang in chosen:
            if lang == project.source_language:
                raise LanguageError(f"{lang.code!r} is the source language; it needs no catalogue")
        planned = _plan_templates(project)
        plans = planned.templates
        created = {
            report.result.path: report
            for report in (
                plan_update(project, lang, plan.domain.name, plan.template)
                for lang in chosen
                for plan in plans
                if not project.catalogue_path(lang, plan.domain.name).exists()
            )
        }
        extracted = _write_templates(project, planned)
        catalogues = []
        for lang in chosen:
            for plan in plans:
                path = project.catalogue_path(lang, plan.domain.name)
                report = created.get(path)
                if report is None:
                    catalogues.append(CatalogueResult(path, lang, plan.domain.name, skipped=True))
                    continue
                write_update(project, report)
                catalogues.append(report.result)
        unconfigured = [lang for lang in chosen if lang not in project.languages]
        return InitResult(extracted.templates, extracted.orphaned, chosen, catalogues, unconfigured)


def update(
    project: Project,
    languages: Iterable[str | Language] | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> UpdateResult:
    """Extract, then bring every catalogue of ``languages`` (default: all configured) in step with the templates.

    Translations, comments and flags are kept; a changed text keeps its old
    translation marked fuzzy; a removed text becomes obsolete; new texts are
    added untranslated; a missing catalogue is created. Every catalogue is read
    before any file is written: a broken one raises its ``CatalogueError``
    with nothing changed.
    """
    from .catalogue import stage_update  # lazy: per command
    from .results import UpdateResult  # lazy: per command

    with writing(project):
        chosen = _configured(project, languages)
        planned = _plan_templates(project)
        staged = stage_update(project, chosen, planned.templates, jobs, progress or SILENT)
        extracted = _write_templates(project, planned)
        catalogues = staged.commit()
        return UpdateResult(extracted.templates, extracted.orphaned, catalogues)


# ---------------------------------------------------------------- check


def available_checks() -> list[CheckInfo]:
    """Every check: its id (for ``#, ignore-<id>`` and ``disable-checks``), severity and explanation."""
    from .checks import CHECKS  # lazy: per command

    return list(CHECKS.values())


def _check_language(
    project: Project, domains: list[str], glossary: Glossary, lang: Language
) -> tuple[str, list[CatalogueReport], list[Problem]]:
    """Check one language's catalogues (run in a worker process): each, then all of them together."""
    from .checks import Problem, check_catalogue, checker_for  # lazy: per command
    from .checks.runner import check_language  # lazy: per command
    from .pofile import read_catalogue  # lazy: per command

    reports: list[CatalogueReport] = []
    problems: list[Problem] = []
    catalogues: list[tuple[str, str, polib.POFile]] = []
    for domain in domains:
        path = project.catalogue_path(lang, domain)
        if not path.exists():
            continue
        shown = project.relative(path)
        try:
            catalogues.append((domain, shown, read_catalogue(path, shown, lang.code)))
        except CatalogueError as error:
            problems.append(Problem(shown, error.line or 1, lang.code, "", "syntax", "error", error.message))
    # The language checks compare the catalogues as read here; each catalogue's report takes its share.
    language = check_language(
        [(shown, catalogue) for _, shown, catalogue in catalogues], checker_for(project, lang, UI_DOMAIN, glossary, {})
    )
    for domain, shown, catalogue in catalogues:
        report = check_catalogue(catalogue, shown, checker_for(project, lang, domain, glossary, language))
        report.problems, found = [], report.problems
        reports.append(report)
        problems += found
    return lang.code, reports, problems


def _check_result(reports: list[CatalogueReport], problems: list[Problem]) -> CheckResult:
    """What checking these catalogues found, and what it went through."""
    from .results import CheckResult  # lazy: per command

    return CheckResult(
        problems=_sorted(problems),
        checked=sum(report.checked for report in reports),
        fuzzy=sum(report.fuzzy for report in reports),
        untranslated=sum(report.untranslated for report in reports),
        files=len(reports),
    )


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda problem: (problem.file, problem.line, problem.check))


def check(
    project: Project,
    languages: Iterable[str | Language] | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Check every translated entry of the catalogues of ``languages`` (default: all configured).

    A catalogue that cannot be read is a ``syntax`` error among the problems,
    not an exception: the others are checked all the same.
    """
    from .checks import project_glossary  # lazy: per command

    chosen = _configured(project, languages)
    domains = [*Sources.find(project).paths, UI_DOMAIN]
    task = partial(_check_language, project, domains, project_glossary(project))
    reports: list[CatalogueReport] = []
    problems: list[Problem] = []
    progress = progress or SILENT
    progress.start("checking catalogues", len(chosen) * len(domains))
    for code, language_reports, language_problems in run(
        task, chosen, jobs, lambda lang: project.catalogues_size(lang, domains)
    ):
        reports += language_reports
        problems += language_problems
        progress.step(code, len(domains))
    return _check_result(reports, problems)


def check_files(
    paths: Iterable[Path],
    language: str | Language | None = None,
    markup: str | None = None,
    *,
    jobs: int | None = None,
) -> CheckResult:
    """Check catalogues outside any project (``pipeline check FILE...``): a ``.po`` file from anywhere.

    Each file's language is ``language`` if given, else its header's
    ``Language``; its markup is ``markup`` (``"markdown"`` or ``"plain"``) if
    given, else what its comments say (po4a's Markdown block types), else
    plain text. There is no glossary, and the source language is English.
    A file that cannot be read is a ``syntax`` error among the problems.
    The files are read and checked in ``jobs`` processes (default: one per
    CPU, or this one alone when they are small); the result is the same.
    """
    from .checks import Glossary  # lazy: per command
    from .checks.runner import check_language  # lazy: per command

    given = language if language is None or isinstance(language, Language) else _language_named(language)
    tasks = list(enumerate(paths))
    checked: list[_CheckedFile | None] = [None] * len(tasks)
    shared = _FilesToCheck(given, markup)
    for index, outcome in run_with(shared, _check_file, tasks, jobs, lambda task: _file_size(task[1])):
        checked[index] = outcome
    files = [outcome for outcome in checked if outcome is not None]
    # The files of one language given together are compared by the language checks, as a project's are.
    found_in: dict[str, dict[str, list[Problem]]] = {}
    for code in dict.fromkeys(outcome.code for outcome in files if outcome.read):
        same = [outcome for outcome in files if outcome.read and outcome.code == code]
        assert same[0].markup is not None  # a file read has its markup
        checker = _file_checker(_language_named(code), same[0].markup, Glossary())
        found_in[code] = check_language([(outcome.shown, outcome.reviewed) for outcome in same], checker)
    reports: list[CatalogueReport] = []
    problems: list[Problem] = []
    for outcome in files:
        problems += outcome.problems
        if outcome.read:
            reports.append(outcome.report(_language_named(outcome.code)))
            problems += found_in[outcome.code].get(outcome.shown, [])
    return _check_result(reports, problems)


@dataclass(frozen=True)
class _FilesToCheck:
    """What checking every file given to ``check_files`` shares."""

    language: Language | None
    markup: str | None


@dataclass
class _CheckedFile:
    """One file as ``check_files`` read and checked it (in a worker process, when it pays): what comes back."""

    shown: str
    read: bool  # False: it could not be read, and its one problem says why
    problems: list[Problem]
    code: str = ""
    markup: MarkupKind | None = None  # the catalogue's, when it was read
    checked: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed: list[polib.POEntry] = field(default_factory=list)  # what the language checks compare

    def report(self, lang: Language) -> CatalogueReport:
        from .checks import CatalogueReport  # lazy: per command

        return CatalogueReport(self.shown, lang, checked=self.checked, fuzzy=self.fuzzy, untranslated=self.untranslated)


def _file_checker(lang: Language, markup: MarkupKind, glossary: Glossary) -> Checker:
    from .checks import Checker  # lazy: per command

    return Checker(lang, _language_named("en"), glossary, markup=markup)


def _check_file(shared: _FilesToCheck, task: tuple[int, Path]) -> tuple[int, _CheckedFile]:
    """One file read and checked on its own: every check but the language checks, which compare files."""
    from .checks import Glossary, MarkupKind, Problem, check_catalogue, markup_of  # lazy: per command
    from .checks.runner import reviewed_entries  # lazy: per command
    from .pofile import read_po  # lazy: per command

    index, path = task
    shown = str(path)
    try:
        catalogue = read_po(path, shown)
        lang = shared.language or _language_named(_declared_language(catalogue, path), shown)
    except (CatalogueError, LanguageError) as error:
        problem = Problem(shown, error.line or 1, "", "", "syntax", "error", error.message)
        return index, _CheckedFile(shown, False, [problem])
    markup = MarkupKind(shared.markup) if shared.markup is not None else markup_of(catalogue)
    report = check_catalogue(catalogue, shown, _file_checker(lang, markup, Glossary()))
    return index, _CheckedFile(
        shown,
        True,
        report.problems,
        lang.code,
        markup,
        report.checked,
        report.fuzzy,
        report.untranslated,
        reviewed_entries(catalogue),
    )


def _declared_language(catalogue: polib.POFile, path: Path) -> str:
    """The header's ``Language``, else the folder's name in GNU's layout (``fr/LC_MESSAGES/x.po``)."""
    declared = str(catalogue.metadata.get("Language", "")).strip()
    if not declared and path.parent.name == "LC_MESSAGES":
        declared = path.parent.parent.name
    return declared.split(".", 1)[0]  # a locale name's codeset (zh_TW.Big5) is not part of the language


def _language_named(code: str, shown: str | None = None) -> Language:
    if not code:
        raise LanguageError("the header names no Language; give it with --lang", shown, None)
    return language(code.replace("-", "_"))


def check_source(project: Project) -> CheckResult:
    """Check the source documents (passages that would trouble translators, figures that disagree)."""
    from .checks import check_source_segments  # lazy: per command
    from .results import CheckResult  # lazy: per command
    from .sources.links import site_index, source_files
    from .sources.markdown.parse import index_site

    documents = load_documents(project)
    disabled = project.checks_disabled_for(project.source_language.code)
    # The links check looks across documents: their headings' ids, and the other files of source/.
    with site_index(index_site(documents, project.relative, source_files(project))):
        problems = [
            problem
            for document in documents
            for problem in check_source_segments(
                [(segment.text, segment.line) for segment in document.segments],
                project.relative(document.path),
                project.source_language,
            )
            if problem.check not in disabled
        ]
    checked = sum(len(document.segments) for document in documents)
    return CheckResult(_sorted(problems), checked, 0, 0, len(documents), source=True)


# ---------------------------------------------------------------- status


def status(
    project: Project,
    languages: Iterable[str | Language] | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[LanguageStatus]:
    """The progress of ``languages`` (default: all configured), in the configuration's order; writes nothing.

    Counts, errors and warnings are those ``build`` would find: only catalogues
    changed since the last build are read again.
    """
    from .build import language_statuses  # lazy: per command

    chosen = _configured(project, languages)
    return [item for item in language_statuses(project, jobs, progress or SILENT) if item.lang in chosen]


def status_page(project: Project, statuses: list[LanguageStatus]) -> str:
    """The translation dashboard for ``statuses`` as HTML, as the build writes it to ``output/status.html``.

    A broken dashboard template of the project's own is a ``SourceError`` with its file and line.
    """
    from jinja2 import TemplateError  # lazy: per command

    from .pages import status_page as render_status_page  # lazy: per command
    from .render import environment, install_ui_translations, load_translations, template_error  # lazy: per command

    published = [project.source_language] + [item.lang for item in statuses if item.published]
    domains = [*Sources.find(project).paths, UI_DOMAIN]
    try:
        env = environment(project)
        source = project.source_language
        install_ui_translations(env, load_translations(None, source), source, source)
        page = render_status_page(project, env, statuses, domains, published)
    except TemplateError as error:  # the project's own dashboard template: said like any other broken input
        raise template_error(project, error) from None
    return page.decode("utf-8")


# ---------------------------------------------------------------- build


def build(
    project: Project,
    *,
    strict: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    pdf: bool = True,
) -> BuildReport:
    """Build the site into ``output/``, doing only what changed (everything with ``force``).

    A translation with errors is published as its source text; with
    ``strict`` the build refuses instead (``BuildRefused``), changing no page.
    Without ``pdf`` (or with ``pdf = false`` in the configuration) no page has
    a PDF, and an earlier build's PDFs are removed.
    """
    from .build import build as build_site  # lazy: per command

    project = _with_pdf(project, pdf)
    with writing(project):
        return build_site(project, strict=strict, force=force, jobs=jobs, progress=progress or SILENT)


def _with_pdf(project: Project, pdf: bool) -> Project:
    """The project as a build with or without PDFs sees it (the PDF builder makes none when ``pdf`` is off)."""
    return project if pdf and project.pdf else replace(project, pdf=False)


def build_preview(
    project: Project,
    *,
    all_languages: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    pdf: bool = False,
) -> BuildReport:
    """Build the preview (``output/.build/preview/``, never the published site), as ``pipeline serve`` does.

    With ``all_languages``, every configured language is in it, whatever its progress. It has no PDFs
    unless ``pdf`` asks for them (and the configuration allows them): a translator saving a catalogue
    waits for the page, not for a PDF of it (about half a second each).
    """
    from .build import build as build_site  # lazy: per command

    site = _with_pdf(project.preview(), pdf)
    with writing(project):
        inside(site.output_dir, project.output_dir)  # the preview's folder must be the project's own too
        return build_site(site, preview_all=all_languages, jobs=jobs, progress=progress or SILENT)


# ---------------------------------------------------------------- exchange: XLIFF and TMX

if TYPE_CHECKING:
    from collections.abc import Callable

    from .exchange.catalogues import CatalogueChanges


def _exchange_domains(project: Project, documents: Iterable[str] | None) -> list[str]:
    from .errors import SourceError

    known = [*Sources.find(project).paths, UI_DOMAIN]
    if documents is None:
        return known
    chosen = list(dict.fromkeys([documents] if isinstance(documents, str) else documents))
    for name in chosen:
        if name not in known:
            raise SourceError(f"no document named {name!r}; the project's are {', '.join(known)}")
    return chosen


def _output_paths(chosen: list[Language], output: Path | None, suffix: str) -> dict[Language, Path]:
    """One file per language: ``output`` itself for one language (a folder: ``<code><suffix>`` in it),
    else ``<code><suffix>`` in the folder ``output`` (default: the current folder)."""
    if len(chosen) == 1 and output is not None and not output.is_dir():
        return {chosen[0]: output}
    if output is not None and output.suffix in (".xlf", ".xliff", ".tmx") and not output.is_dir():
        codes = ", ".join(lang.code for lang in chosen)
        raise PipelineError(
            f"{len(chosen)} languages ({codes}) make {len(chosen)} files: give a folder, or one language with --lang",
            str(output),
        )
    folder = output if output is not None else Path(".")
    return {lang: folder / f"{lang.code}{suffix}" for lang in chosen}


def _exchange_folder(path: Path) -> None:
    """The folder an exported file goes to (anywhere: it is the user's), made if need be."""
    from .errors import OutputError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror}", path) from None


def _xliff_of(project: Project, domains: list[str], version: str, lang: Language) -> tuple[Language, bytes, int, int]:
    """One language's XLIFF document, its units and catalogues (run in a worker process)."""
    from .exchange.catalogues import sections  # lazy: per command
    from .exchange.xliff import xliff_document

    found = sections(project, lang, domains)
    data = xliff_document(found, project.source_language.tag, lang.tag, project.base_url, version)
    return lang, data, sum(len(section.units) for section in found), len(found)


def _tmx_of(project: Project, domains: list[str], drafts: bool, lang: Language) -> tuple[Language, bytes, int, int]:
    """One language's TMX memory and its translation units (run in a worker process)."""
    from . import __version__
    from .exchange.catalogues import memory_units  # lazy: per command
    from .exchange.tmx import memory_document

    units = memory_units(project, lang, domains, drafts)
    data = memory_document(units, project.source_language.tag, lang.tag, __version__)
    return lang, data, data.count(b"<tu "), len(domains)


def _export(
    project: Project,
    chosen: list[Language],
    domains: list[str],
    task: Callable[[Language], tuple[Language, bytes, int, int]],
    paths: dict[Language, Path],
    jobs: int | None,
) -> list[ExportedFile]:
    """Each language's file made by ``task``, then all put in place together (or none, on an error).

    Each is staged beside its place as it is made, so that memory holds one language's file at a time
    (at the large benchmark's size, forty of them were 800 MB).
    """
    from .files import commit, discard, stage
    from .results import ExportedFile  # lazy: per command

    staged: dict[Language, tuple[Path | None, int, int]] = {}
    try:
        for lang, data, units, count in run(task, chosen, jobs, lambda lang: project.catalogues_size(lang, domains)):
            path = paths[lang]
            _exchange_folder(path)
            staged[lang] = (stage(path, data, path.parent), units, count)
    except BaseException:
        for place, _, _ in staged.values():
            if place is not None:
                discard(place)
        raise
    files = []
    for lang in chosen:
        place, units, count = staged[lang]
        if place is not None:
            commit(place, paths[lang])
        files.append(ExportedFile(paths[lang], lang, units, count, place is not None))
    return files


def export_xliff(
    project: Project,
    languages: Iterable[str | Language] | None = None,
    documents: Iterable[str] | None = None,
    *,
    version: str = "2.1",
    output: Path | None = None,
    jobs: int | None = None,
) -> ExportResult:
    """``pipeline export --format xliff``: each language's catalogues as one XLIFF file (2.1, or 1.2).

    ``documents`` (names, or ``"ui"`` for the page texts) limits the catalogues; ``output`` is the file
    for one language, else the folder the files ``<code>.xlf`` go to (default: the current folder).
    Writes nothing in the project; a file that would not change is not touched.
    """
    from .exchange.xliff import VERSIONS
    from .results import ExportResult  # lazy: per command

    if version not in VERSIONS:
        raise PipelineError(f"XLIFF version {version!r} is not one of {', '.join(VERSIONS)}")
    chosen = _configured(project, languages)
    domains = _exchange_domains(project, documents)
    paths = _output_paths(chosen, output, ".xlf")
    files = _export(project, chosen, domains, partial(_xliff_of, project, domains, version), paths, jobs)
    return ExportResult(f"xliff {version}", files)


def export_tmx(
    project: Project,
    languages: Iterable[str | Language] | None = None,
    *,
    drafts: bool = False,
    output: Path | None = None,
    jobs: int | None = None,
) -> ExportResult:
    """``pipeline export --format tmx``: each language's reviewed translations as a TMX 1.4b memory.

    One file per language pair (the source language and one language), ``<code>.tmx``; with ``drafts``,
    machine drafts and fuzzy translations too, marked ``x-state: needs-review``. Plural entries are left out.
    """
    from .results import ExportResult  # lazy: per command

    chosen = _configured(project, languages)
    domains = _exchange_domains(project, None)
    paths = _output_paths(chosen, output, ".tmx")
    files = _export(project, chosen, domains, partial(_tmx_of, project, domains, drafts), paths, jobs)
    return ExportResult("tmx 1.4b", files)


def import_xliff(project: Project, paths: Path | Iterable[Path], jobs: int | None = None) -> ImportResult:
    """``pipeline import FILE...``: the translations of XLIFF files (2.x or 1.2) put into the catalogues.

    A file must be this project's (its base URL, languages, documents), and each unit's
    source text the catalogue's own: anything else (or a damaged or unsafe file) is an
    ``ExchangeError`` at its line, with nothing written, from any of the files. Only catalogues whose
    translations change are written; a source text is never changed, nor other entries' translations,
    comments or flags. The problems the checks find in the translations that changed are returned
    (they are written all the same: the build holds back a translation with errors, as it does one
    edited in a catalogue).

    Each file is read, applied, checked and laid out in a worker process of its own (``jobs``: as
    ``build``'s) when the files are large enough to pay for them; files that share a catalogue (two
    revisions of one language) are applied one after the other, in the order given.
    """
    # Imported here, before the workers are forked, so that each does not import them again.
    from . import checks  # noqa: F401
    from .exchange import catalogues, xliff  # noqa: F401
    from .files import commit, sync_all
    from .results import ImportResult  # lazy: per command

    chosen = [paths] if isinstance(paths, Path) else list(paths)
    with writing(project):
        context = _ImportContext(project, _exchange_domains(project, None))
        done: dict[int, _ImportedFile | PipelineError] = {}
        try:
            for index, outcome in run_with(
                context, _import_file, list(enumerate(chosen)), jobs, lambda task: _file_size(task[1])
            ):
                done[index] = outcome
        except BaseException:
            _discard_imports(done.values())
            raise
        outcomes = [done[index] for index in range(len(chosen))]
        failed = next((outcome for outcome in outcomes if isinstance(outcome, PipelineError)), None)
        imported = [outcome for outcome in outcomes if isinstance(outcome, _ImportedFile)]
        paths_seen = [catalogue.path for outcome in imported for catalogue in outcome.catalogues]
        if failed is not None or len(set(paths_seen)) != len(paths_seen):
            _discard_imports(outcomes)
            if failed is not None:
                raise failed  # the first file's error, in the order given, however the workers finished
            imported = [_import_together(context, chosen)]  # files that share a catalogue: applied in turn
        try:
            if any(outcome.staged for outcome in imported):
                sync_all()  # every staged catalogue on the disk before any takes its place: one flush, not one each
            for outcome in imported:
                for target, temporary in outcome.staged:
                    commit(temporary, target)
        except BaseException:
            _discard_imports(imported)  # those already in place are not there to discard
            raise
    return ImportResult(
        [file for outcome in imported for file in outcome.files],
        [catalogue for outcome in imported for catalogue in outcome.catalogues],
        _sorted([problem for outcome in imported for problem in outcome.problems]),
    )


class _ImportContext:
    """What every file's import shares (forked into the workers with them, never pickled)."""

    def __init__(self, project: Project, domains: list[str]) -> None:
        self.project = project
        self.domains = domains

    @cached_property
    def glossary(self) -> Glossary:
        """Read when a file first changes a translation (an import that changes nothing needs none)."""
        from .checks import project_glossary  # lazy: per command

        return project_glossary(self.project)


@dataclass
class _ImportedFile:
    """What importing files did, before anything is in place: staged catalogues are committed or discarded."""

    files: list[tuple[Path, str]]  # each file read, with its XLIFF version
    catalogues: list[ImportedCatalogue]
    problems: list[Problem]
    staged: list[tuple[Path, Path]]  # (catalogue, its new text waiting beside it)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # said by the reader, with the file's name


def _discard_imports(outcomes: Iterable[_ImportedFile | PipelineError]) -> None:
    for outcome in outcomes:
        if isinstance(outcome, _ImportedFile):
            _discard_staged(outcome.staged)


def _discard_staged(staged: Iterable[tuple[Path, Path]]) -> None:
    from .files import discard

    for _, temporary in staged:
        discard(temporary)


def _import_file(context: _ImportContext, task: tuple[int, Path]) -> tuple[int, _ImportedFile | PipelineError]:
    """One file read, applied to its catalogues, checked and staged (in a worker process, when it pays).

    An error in the file is handed back, not raised, so that the command says the first file's error
    in the order given, whichever worker finishes first."""
    index, path = task
    try:
        return index, _import_together(context, [path])
    except PipelineError as error:
        return index, error


def _import_together(context: _ImportContext, paths: list[Path]) -> _ImportedFile:
    """``paths`` read one after the other and applied to the catalogues in memory, then each changed
    catalogue checked (its changed entries) and staged beside its place."""
    from .exchange import xmlsafe
    from .exchange.catalogues import Importer
    from .exchange.xliff import read_document
    from .files import stage
    from .pofile import po_text
    from .results import ImportedCatalogue  # lazy: per command

    project = context.project
    importer = Importer(project)
    files: list[tuple[Path, str]] = []
    changes: list[CatalogueChanges] = []
    for path in paths:  # one file read at a time; nothing is written until every one has been applied
        version, sections = read_document(xmlsafe.read_bytes(path, str(path)), str(path))
        files.append((path, version))
        changes = importer.apply(sections, context.domains, str(path))  # every catalogue changed so far
        del sections
    problems: list[Problem] = []
    staged: list[tuple[Path, Path]] = []
    catalogues: list[ImportedCatalogue] = []
    try:
        for change in changes:
            temporary = None
            if change.touched:
                assert change.catalogue is not None  # a touched catalogue is kept
                problems += _import_problems(project, context.glossary, change)
                text = po_text(change.catalogue).encode("utf-8")
                temporary = stage(change.path, text, project.locales_dir, durable=False)  # synced before the commit
                change.catalogue = None  # laid out and staged: memory holds one changed catalogue at a time
            if temporary is not None:
                staged.append((change.path, temporary))
            catalogues.append(
                ImportedCatalogue(
                    change.path,
                    change.lang,
                    change.domain,
                    change.units,
                    change.changed,
                    change.reviewed,
                    change.marked,
                    change.unchanged,
                    change.empty,
                    len(change.touched),
                    written=temporary is not None,
                )
            )
    except BaseException:
        _discard_staged(staged)
        raise
    return _ImportedFile(files, catalogues, problems, staged)


def _import_problems(project: Project, glossary: Glossary, change: CatalogueChanges) -> list[Problem]:
    """The problems of the entries an import changed in one catalogue."""
    from .checks import Problem, checker_for  # lazy: per command
    from .checks.runner import catalogue_plural_rule
    from .status import entry_state

    # The entries' own checks; those across catalogues (consistency) are `pipeline check`'s, on disk.
    checker = checker_for(project, change.lang, change.domain, glossary, language={})
    assert change.catalogue is not None  # a touched catalogue is kept
    checker.plural_rule = catalogue_plural_rule(change.catalogue)
    shown = project.relative(change.path)
    return [
        Problem(shown, entry.linenum or 1, change.lang.code, entry.msgid, check, severity, message)
        for entry in change.touched
        for check, severity, message in checker.entry_problems(entry, entry_state(entry))
    ]
