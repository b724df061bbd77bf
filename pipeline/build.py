"""Building: sources and catalogues become the site in ``output/``, doing only what changed.

A build has two phases. In the first, every catalogue whose content (or
whose document, glossary, templates or configuration) changed since the last
build is read, checked and counted, compiled to ``.mo``, and its document's
text is rendered in that language; what it makes is staged beside its place
in build space (``files.Staging``), not put there, and the others keep what
the manifest and build space hold. A broken catalogue (or document) stops the
build here, and what was staged is dropped: ``output/`` stays exactly as it
was. Once every input is checked, the staged files take their places, and in
the second phase every page whose key (the hashes of everything it is made
from) changed is put together and written; the others stay as they are. The
shared pages (language index, dashboard, sitemap) are made every time and
written only if they changed. Languages are worked on in parallel processes
(``--jobs``); the output is the same whatever the number.

``output/.build/`` is build space, not site: compiled catalogues, rendered
texts, compiled templates, the manifest, the lock, and the preview's own site
(``pipeline serve`` builds into ``output/.build/preview/``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .config import PREVIEW_FOLDER, Project
from .errors import BuildRefused, CatalogueError, FrontMatterError, PipelineError, SourceError
from .files import (
    Staging,
    forget_resolved,
    inside,
    mark_while_writing,
    remove_leftovers,
    sync_all,
    unmark,
    write_if_changed,
)
from .languages import Language, recall, remember
from .manifest import (
    MANIFEST,
    CatalogueStats,
    InputFile,
    Manifest,
    digest,
    load_manifest,
    previous_files,
    scan_inputs,
    tool_signature,
    vcs_head,
)
from .parallel import default_jobs, run, worth_it
from .progress import SILENT, Progress
from .segment import UI_DOMAIN, Document, document_name
from .status import Counts, LanguageStatus

MO_FOLDER = ".build/locale"
BODY_FOLDER = ".build/text"  # each document's text rendered in each language, for the pages around it
# Made with a build's first file, gone once its manifest is written. Left behind (a build stopped on an
# error, or killed), it says that files were changed after the manifest that vouches for them.
BUILDING_MARK = ".build/building"


@dataclass
class BuildReport:
    """What a build did, for the person who ran it."""

    statuses: list[LanguageStatus]
    published: list[Language]
    pages: int = 0  # pages in the site
    rendered: int = 0  # pages made again by this build
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    nothing_changed: bool = False


# ---------------------------------------------------------------- the inputs


@dataclass
class Sources:
    """The project's documents, parsed only when something needs them."""

    project: Project
    paths: dict[str, Path]  # document name -> file
    parsed: dict[str, Document] = field(default_factory=dict)
    messages: dict[str, list] = field(default_factory=dict)  # domain -> its messages, as extraction finds them

    @classmethod
    def find(cls, project: Project) -> Sources:
        if not project.source_dir.is_dir():
            raise SourceError("no source/ folder: put the Markdown documents to publish there", project.root)
        paths = {}
        for path in sorted(project.source_dir.glob("*.md")):
            shown = project.relative(path)
            paths[document_name(inside(path, project.source_dir, shown), shown)] = path
        if not paths:
            raise SourceError("no Markdown documents (*.md) to publish", project.relative(project.source_dir))
        if project.home not in paths:
            raise SourceError(
                f"the home document {project.home!r} (home in the configuration) is not in source/; "
                f"the documents are: {', '.join(paths)}",
                project.relative(project.source_dir),
            )
        return cls(project, paths)

    def document(self, name: str) -> Document:
        if name not in self.parsed:
            from .segment import parse_document, source_parser

            path = self.paths[name]
            self.parsed[name] = parse_document(path, self.project.relative(path), _markdown(source_parser))
        return self.parsed[name]


_MARKDOWN: list[Any] = []


def _markdown(factory: Callable[[], Any]) -> Any:
    if not _MARKDOWN:
        _MARKDOWN.append(factory())
    return _MARKDOWN[0]


def _inputs(project: Project, sources: Sources) -> list[str]:
    """Every file a build reads, as absolute paths (strings: there are thousands)."""
    paths = [project.config_path, *sources.paths.values(), project.glossary_path]
    if project.templates_dir is not None:  # the project's own templates and stylesheet
        paths += sorted(path for path in project.templates_dir.iterdir() if path.is_file())
    found = [os.fspath(path) for path in paths]
    names = [f"{domain}.po" for domain in [*sources.paths, UI_DOMAIN]]
    for lang in project.languages:
        folder = project.locales_dir / lang.code / "LC_MESSAGES"
        inside(folder, project.locales_dir)  # the language's folder may not lead out; its files are checked as read
        prefix = os.fspath(folder)
        found += [os.path.join(prefix, name) for name in names]
    return found


# ---------------------------------------------------------------- phase one: catalogues


@dataclass
class Work:
    """What one language needs done, handed to a worker process."""

    lang: Language
    domains: list[tuple[str, str]]  # (domain, key): catalogues to read, check, compile, and render the text of
    render: bool = True  # False for `status`: count and check only, write nothing
    size: int = 0  # bytes of the documents or catalogues to read: the costliest work starts first


def _domain_messages(project: Project, sources: Sources, domain: str):
    from .extract import document_domain, ui_domain

    if domain not in sources.messages:
        if domain == UI_DOMAIN:
            sources.messages[domain] = ui_domain(project).messages
        else:
            sources.messages[domain] = document_domain(project, sources.document(domain)).messages
    return sources.messages[domain]


def _prepare(project: Project, sources: Sources, domains: Iterable[str]) -> None:
    """Parse once, before worker processes start, what they all need: the documents, their messages,
    and how the Markdown of each message reads (the checks look at it in every language)."""
    from .checks import read_inline

    for domain in sorted(set(domains)):
        for message in _domain_messages(project, sources, domain):
            read_inline(message.msgid)


def _catalogue_stats(
    project: Project, sources: Sources, lang: Language, domain: str, key: str, glossary
) -> tuple[CatalogueStats, bytes | None, dict[str, str]]:
    """Read, check and count one catalogue; compile what may be published, and return it as a lookup."""
    import polib

    from .checks import ERROR, WARNING, check_catalogue, checker_for
    from .pofile import WRAP_WIDTH, read_catalogue
    from .status import count

    messages = _domain_messages(project, sources, domain)
    path = project.catalogue_path(lang, domain)
    if not path.exists():
        return CatalogueStats(key, count(messages, None), missing=True), None, {}
    shown = project.relative(path)
    catalogue = read_catalogue(path, shown, lang.code)
    report = check_catalogue(catalogue, shown, checker_for(project, lang, domain, glossary))
    published = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    published.metadata = dict(catalogue.metadata)
    published.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    lookup: dict[str, str] = {}
    for entry in catalogue.translated_entries():
        if (entry.msgctxt, entry.msgid) not in report.held_back:
            published.append(entry)
            if entry.msgctxt is None and not entry.msgid_plural:
                lookup[entry.msgid] = entry.msgstr
    stats = CatalogueStats(
        key,
        count(messages, catalogue),
        errors=report.count(ERROR),
        warnings=report.count(WARNING),
        fuzzy_critical=report.fuzzy_critical,
        held_back=sum(1 for message in messages if (message.msgctxt, message.msgid) in report.held_back),
    )
    return stats, published.to_binary(), lookup


# ---------------------------------------------------------------- the build


@dataclass
class Plan:
    """Everything the two phases share; inherited by worker processes."""

    project: Project
    sources: Sources
    previous: Manifest | None
    manifest: Manifest
    glossary: Any = None
    site: Any = None
    # "fr/mission" -> its compiled catalogue was staged (True: it changed) or was already in place (False)
    mo: dict[str, bool] = field(default_factory=dict)
    texts: dict[str, bool] = field(default_factory=dict)  # "fr/mission" -> the same for its rendered text
    token: str = field(default_factory=lambda: str(os.getpid()))  # the build's own, in the names of staged files


_PLAN: list[Plan] = []  # the plan of the build running in this process, for worker processes


def language_statuses(project: Project, jobs: int | None = None, progress: Progress = SILENT) -> list[LanguageStatus]:
    """Every configured language's progress and problems, reading only catalogues that changed
    since the last build; writes nothing."""
    previous = load_manifest(project)
    sources = Sources.find(project)
    inputs = scan_inputs(project, _inputs(project, sources), previous)
    manifest = Manifest(tool=tool_signature(), site_key=_site_key(project, inputs, False), inputs=inputs)
    plan = Plan(project, sources, previous if previous and previous.site_key == manifest.site_key else None, manifest)
    _PLAN[:] = [plan]
    try:
        return _phase_one(plan, default_jobs(jobs), progress, render=False)
    finally:
        _PLAN.clear()


def _site_key(project: Project, inputs: dict[str, InputFile], preview_all: bool) -> str:
    """What every count and page depends on: the tool, the configuration, the project's templates, the glossary."""
    shared = [project.config_path, project.glossary_path]
    if project.templates_dir is not None:
        shared += [path for path in project.templates_dir.iterdir() if path.is_file()]
    names = sorted({project.relative(path) for path in shared})
    return digest(
        tool_signature(), str(preview_all), *(f"{name}={inputs[name].digest}" for name in names if name in inputs)
    )


def build(
    project: Project,
    strict: bool = False,
    preview_all: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress = SILENT,
) -> BuildReport:
    """Build the site, doing only what changed (everything with ``force``).

    With ``strict``, refuse (and write nothing) if a translation has errors. With
    ``preview_all``, publish every configured language whatever its progress, for
    translators previewing their work (``pipeline serve --all``).
    """
    jobs = default_jobs(jobs)
    forget_resolved()
    building = project.output_dir / BUILDING_MARK
    previous = None if force or building.exists() else load_manifest(project)
    sources = Sources.find(project)
    inputs = scan_inputs(project, _inputs(project, sources), previous)
    site_key = _site_key(project, inputs, preview_all)
    head = vcs_head(project.root)  # the documents' dates come from it
    if (
        previous is not None
        and (previous.site_key, previous.head, previous.inputs) == (site_key, head, inputs)
        and _outputs_exist(project, previous)
    ):
        return _unchanged(project, previous, strict)

    manifest = Manifest(tool=tool_signature(), site_key=site_key, head=head, inputs=inputs)
    plan = Plan(project, sources, previous, manifest)
    if previous is not None:  # names and directions as the locale data gave them last time
        for lang in [project.source_language, *project.languages]:
            if lang.code in previous.names:
                remember(lang, *previous.names[lang.code])
    _PLAN[:] = [plan]
    staging = Staging(plan.token)
    try:
        try:
            statuses = _phase_one(plan, jobs, progress, staging)
            if strict:
                refused = [status for status in statuses if status.held_back]
                if refused:
                    listed = ", ".join(f"{status.lang.code} ({status.held_back})" for status in refused)
                    raise BuildRefused(
                        f"translations with errors in {listed}; run `pipeline check` and fix them, "
                        "or build without --strict to publish the source text in their place"
                    )
            dates = _dates(plan)  # a front matter date is input too: checked before anything is written
        except BaseException as error:
            # Nothing of a build that stopped here may stay: what it staged goes, with the folders made for it.
            staging.discard(_staged_places(plan))
            if not isinstance(error, PipelineError):  # a worker stopped halfway through a file (Ctrl-C, a bug)
                remove_leftovers(project.build_dir)
            raise
        # Every input has been read and checked. From here on output/ changes, and the mark says so until the
        # manifest that vouches for the new files is written.
        mark_while_writing(building)
        staging.commit(_staged_places(plan))
        published = [project.source_language] + [status.lang for status in statuses if status.published or preview_all]
        manifest.published = [lang.code for lang in published]
        report = BuildReport(statuses=statuses, published=published)
        try:
            _phase_two(plan, published, statuses, dates, report, jobs, progress)
        except Exception as error:
            from jinja2 import TemplateError  # the project's own templates: said like any other broken input

            if isinstance(error, TemplateError):
                raise template_error(project, error) from None
            raise
        return report
    finally:
        _PLAN.clear()


def _staged_places(plan: Plan) -> Iterator[Path]:
    """Every file phase one staged: the compiled catalogues and rendered texts that changed."""
    for name, changed in plan.mo.items():
        if changed:
            code, domain = name.split("/", 1)
            yield _mo_path(plan.project, code, domain)
    for name, changed in plan.texts.items():
        if changed:
            code, document = name.split("/", 1)
            yield plan.project.output_dir / BODY_FOLDER / code / f"{document}.html"


def template_error(project: Project, error: Any) -> SourceError:
    """A Jinja2 error in a page template, as ``template:line: message``."""
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    if name is None:  # a template that failed while rendering: Jinja2 puts its file and line in the traceback
        import re
        import traceback

        # From a worker process, the traceback comes back as text.
        text = "".join(traceback.format_tb(error.__traceback__)) + str(error.__cause__ or "")
        frames = re.findall(r'File "([^"]+\.html)", line (\d+)', text)
        if frames:
            name, line = frames[-1][0], int(frames[-1][1])
    shown = project.relative(Path(name)) if name and Path(name).is_absolute() else (name or "a page template")
    return SourceError(f"{type(error).__name__}: {error.message}", shown, line)


def _outputs_exist(project: Project, manifest: Manifest) -> bool:
    output = os.fspath(project.output_dir)
    preview = os.path.join(output, PREVIEW_FOLDER)
    present = set()
    for folder, folders, names in os.walk(output):
        if folder == os.path.dirname(preview):  # the preview's own site is none of this build's business
            folders[:] = [name for name in folders if name != os.path.basename(preview)]
        present.update(os.path.relpath(os.path.join(folder, name), output) for name in names)
    return present.issuperset(manifest.files)


def _unchanged(project: Project, manifest: Manifest, strict: bool) -> BuildReport:
    """The report of a build that found nothing to do, from what the last one recorded."""
    statuses = statuses_from(project, manifest)
    if strict and any(status.held_back for status in statuses):
        listed = ", ".join(f"{status.lang.code} ({status.held_back})" for status in statuses if status.held_back)
        raise BuildRefused(f"translations with errors in {listed}; run `pipeline check` and fix them")
    from .languages import language

    published = [language(code) for code in manifest.published]
    pages = sum(1 for name in manifest.files if name.endswith("index.html") and "/" in name)
    return BuildReport(statuses, published, pages=pages, unchanged=len(manifest.files), nothing_changed=True)


def statuses_from(project: Project, manifest: Manifest) -> list[LanguageStatus]:
    """Each configured language's progress, summed from its catalogues' recorded stats."""
    by_language: dict[str, list[tuple[str, CatalogueStats]]] = {}
    for name, stats in sorted(manifest.stats.items()):
        code, domain = name.split("/", 1)
        by_language.setdefault(code, []).append((domain, stats))
    statuses = []
    for lang in project.languages:
        counts = Counts()
        status = LanguageStatus(lang, counts, False, [])
        for domain, stats in by_language.get(lang.code, []):
            counts.add(stats.counts)
            status.errors += stats.errors
            status.warnings += stats.warnings
            status.fuzzy_critical += stats.fuzzy_critical
            status.held_back += stats.held_back
            if stats.missing:
                status.missing.append(domain)
        status.published = counts.total > 0 and status.publishable_percent >= project.publish_threshold
        statuses.append(status)
    return statuses


def _body_path(project: Project, lang: Language, document: str) -> Path:
    return project.output_dir / BODY_FOLDER / lang.code / f"{document}.html"


def _mo_path(project: Project, code: str, domain: str) -> Path:
    return project.output_dir / MO_FOLDER / code / "LC_MESSAGES" / f"{domain}.mo"


def _phase_one(
    plan: Plan, jobs: int, progress: Progress, staging: Staging | None = None, render: bool = True
) -> list[LanguageStatus]:
    """Read, check and count every catalogue that changed, and render the text of its document.

    The others keep their recorded stats and their rendered text. A document's
    text in a language depends only on the document and that language's
    catalogue for it, so it is rendered here, right after the catalogue is
    checked, while its Markdown is still parsed: the page around it waits for
    phase two, when it is known which languages are published. What is made
    is staged (``staging``), for the caller to commit once every input is checked.
    """
    project, sources, previous, manifest = plan.project, plan.sources, plan.previous, plan.manifest
    domain_keys = {name: manifest.inputs[project.relative(path)].digest for name, path in sources.paths.items()}
    domain_keys[UI_DOMAIN] = "ui"  # the templates and the site name are in the site key
    built = os.fspath(project.output_dir) + os.sep

    def current_body(name: str, key: str) -> bool:
        """Whether the text rendered last time for this key is still there."""
        if (
            previous is None
            or previous.bodies.get(name) != key
            or not os.path.isfile(f"{built}{BODY_FOLDER}/{name}.html")
        ):
            return False
        manifest.bodies[name] = key
        return True

    work: list[Work] = []
    for lang in [project.source_language, *project.languages]:
        todo = []
        size = 0
        for domain, domain_key in domain_keys.items():
            name = f"{lang.code}/{domain}"
            if lang == project.source_language:
                key = digest(manifest.site_key, domain_key)
                if domain != UI_DOMAIN and not current_body(name, key):
                    todo.append((domain, key))
                    size += manifest.inputs[project.relative(sources.paths[domain])].size
                continue
            catalogue = manifest.inputs.get(f"locales/{name.replace('/', '/LC_MESSAGES/', 1)}.po")
            key = digest(manifest.site_key, lang.code, domain_key, catalogue.digest if catalogue else "missing")
            old = previous.stats.get(name) if previous else None
            current = old is not None and old.key == key
            current = current and (
                old.missing or os.path.isfile(f"{built}{MO_FOLDER}/{lang.code}/LC_MESSAGES/{domain}.mo")
            )
            if current and (domain == UI_DOMAIN or current_body(name, key)):
                manifest.stats[name] = old
            else:
                todo.append((domain, key))
                size += catalogue.size if catalogue else 0
        if todo and (render or lang != project.source_language):
            work.append(Work(lang, todo, render, size))
    if work:
        from .checks import project_glossary

        plan.glossary = project_glossary(project)
        progress.start("checking catalogues", sum(len(item.domains) for item in work))
        if worth_it(jobs, work):
            _prepare(project, sources, (domain for item in work for domain, _ in item.domains))
        errors: list[PipelineError] = []
        for code, results, staged, error in run(_language_stats, work, jobs, lambda item: item.size):
            if staging is not None and staged is not None:
                staging.add(staged)
            if error is not None:
                errors.append(error)
            for domain, stats, written, body_key, text_written in results:
                if stats is not None:
                    manifest.stats[f"{code}/{domain}"] = stats
                if written is not None:
                    plan.mo[f"{code}/{domain}"] = written
                if body_key is not None:
                    manifest.bodies[f"{code}/{domain}"] = body_key
                    plan.texts[f"{code}/{domain}"] = text_written
            progress.step(code, len(results))
        if errors:
            # Every language was read to its end or its first error: the one said is the same whatever --jobs.
            raise min(errors, key=lambda error: (str(error.path), error.line or 0, error.message))
    return statuses_from(project, manifest)


Result = tuple[str, CatalogueStats | None, bool | None, str | None, bool]


def _language_stats(item: Work) -> tuple[str, list[Result], Staging | None, PipelineError | None]:
    """One language's share of phase one: check its changed catalogues and render their documents.

    What it makes (compiled catalogues, rendered texts) it stages in build space
    at once, beside its place, and the manifest records the key it was made
    from, so memory holds one catalogue at a time whatever the size of the site.
    A broken input is handed back, not raised, with what was staged before it:
    no worker is stopped halfway, and every staged file is accounted for.
    """
    from .pages import render_body
    from .render import DocumentRenderer
    from .segment import source_parser

    _die_with_parent()
    plan = _PLAN[0]
    project, source = plan.project, plan.project.source_language
    staging = Staging(plan.token) if item.render else None
    results: list[Result] = []
    try:
        for domain, key in item.domains:
            if item.lang == source:
                stats, mo, lookup = None, None, {}
            else:
                stats, mo, lookup = _catalogue_stats(project, plan.sources, item.lang, domain, key, plan.glossary)
            written = None
            if mo is not None and staging is not None:
                written = staging.put(_mo_path(project, item.lang.code, domain), mo, project.output_dir)
            body_key, text_written = None, False
            if domain != UI_DOMAIN and staging is not None:
                renderer = DocumentRenderer(plan.sources.document(domain), _markdown(source_parser))
                body = render_body(key, renderer, lookup.get, item.lang, source)
                text_written = staging.put(_body_path(project, item.lang, domain), body.to_bytes(), project.output_dir)
                body_key = key
            results.append((domain, stats, written, body_key, text_written))
    except PipelineError as error:
        return item.lang.code, results, staging, error
    return item.lang.code, results, staging, None


_WORKER_WATCHED: list[bool] = []


def _die_with_parent() -> None:
    """In a worker process, die with the build that started it (Linux).

    A build killed outright (SIGKILL, the out-of-memory killer) would otherwise
    leave its workers going on with the language in hand: making files in build
    space that nobody will commit, while the next build makes the same ones.
    """
    import multiprocessing
    import sys

    parent = multiprocessing.parent_process()
    if _WORKER_WATCHED or parent is None or not sys.platform.startswith("linux"):
        return
    _WORKER_WATCHED.append(True)
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent.pid:  # already gone before that was asked
        os._exit(1)


def _phase_two(
    plan: Plan,
    published: list[Language],
    statuses: list[LanguageStatus],
    dates: dict[str, date | None],
    report: BuildReport,
    jobs: int,
    progress: Progress,
) -> None:
    """Make the pages whose key changed, then the shared pages; record every file of the site."""
    from .pages import Site, page_path, static_files
    from .sitemap import robots_txt

    project, sources, manifest, previous = plan.project, plan.sources, plan.manifest, plan.previous
    output = Output(project.output_dir, report, previous.files if previous else previous_files(project))
    for name, stats in manifest.stats.items():
        code, domain = name.split("/", 1)
        if not stats.missing:
            output.record(f"{MO_FOLDER}/{code}/LC_MESSAGES/{domain}.mo", plan.mo.get(name, False))
    for name in manifest.bodies:
        output.record(f"{BODY_FOLDER}/{name}.html", plan.texts.get(name, False))

    plan.site = Site(project, published, dates)
    published_key = ",".join(lang.code for lang in published)
    work: list[tuple[Language, list[tuple[str, str, str]]]] = []  # lang, [(document, path, key)]
    for lang in published:
        todo = []
        for name in sources.paths:
            path = page_path(project, lang, name) + "index.html"
            key = _page_key(plan, lang, name, published_key, dates.get(name))
            manifest.pages[path] = key
            report.pages += 1
            if previous is not None and previous.pages.get(path) == key and (project.output_dir / path).is_file():
                output.keep(path)
            else:
                todo.append((name, path, key))
        if todo:
            work.append((lang, todo))
    from .render import environment, install_ui_translations, load_translations

    # Made, with the page template loaded, before the workers start: they inherit it instead of each making
    # its own. The gettext calls go in first: how {% trans %} compiles depends on them.
    env = _environment(project, lambda project: environment(project, compiled_cache=True))
    source = project.source_language
    install_ui_translations(env, load_translations(None, source), source, source)
    env.get_template("page.html")
    if work:
        progress.start("making pages", sum(len(todo) for _, todo in work))
        for code, made in run(_render_language, work, jobs):
            for path, written in made:
                output.record(path, written)
            report.rendered += len(made)
            progress.step(code, len(made))

    install_ui_translations(env, load_translations(None, source), source, source)
    output.put("index.html", plan.site.language_index(env, statuses))
    output.put("status.html", plan.site.dashboard(env, statuses, [*sources.paths, UI_DOMAIN]))
    output.put("sitemap.xml", plan.site.sitemap(list(sources.paths)))
    output.put("robots.txt", robots_txt(project.base_url))
    for name, data in static_files(project).items():
        output.put(name, data)
    if project.publish_catalogues:
        _copy_catalogues(plan, output)
    manifest.files = sorted(output.made)
    manifest.names = {lang.code: recall(lang) for lang in [project.source_language, *project.languages]}
    output.finish()
    if report.written or report.removed:
        sync_all()  # the manifest vouches for these files: after a power cut it must not outlive them
    write_if_changed(project.output_dir / MANIFEST, manifest.to_bytes(), project.output_dir)
    unmark(project.output_dir / BUILDING_MARK)


def _copy_catalogues(plan: Plan, output: Output) -> None:
    """Publish every catalogue the dashboard lists, at its place in the project (``locales/...``), for its links.

    A copy is made again only when its catalogue changed: a build that reads one
    changed catalogue does not read the thousands of others again.
    """
    project, manifest, previous = plan.project, plan.manifest, plan.previous
    for name, stats in sorted(manifest.stats.items()):
        if stats.missing:
            continue
        code, domain = name.split("/", 1)
        relative = f"locales/{code}/LC_MESSAGES/{domain}.po"  # as the dashboard links it (pages._catalogue_href)
        found = manifest.inputs.get(relative)
        if (
            previous is not None
            and found is not None
            and previous.copies.get(relative) == found.digest
            and (project.output_dir / relative).is_file()
        ):
            manifest.copies[relative] = found.digest
            output.keep(relative)
            continue
        path = project.root / relative
        inside(path, project.locales_dir, relative)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CatalogueError(f"cannot read: {error.strerror}", relative) from None
        # The bytes copied, which a translator may have saved again since they were checked: the next build
        # sees the new ones and copies them.
        manifest.copies[relative] = digest(data)
        output.put(relative, data)


def _page_key(plan: Plan, lang: Language, document: str, published: str, day: date | None) -> str:
    """What a page is made of: its document's rendered text, the page texts (ui.po), the languages, the date."""
    body_key = plan.manifest.bodies[f"{lang.code}/{document}"]
    ui = plan.manifest.stats.get(f"{lang.code}/{UI_DOMAIN}")
    return digest(plan.manifest.site_key, published, body_key, ui.key if ui else "source", str(day))


def _render_language(item: tuple[Language, list[tuple[str, str, str]]]) -> tuple[str, list[tuple[str, bool]]]:
    """Put each rendered text of one language inside its page."""
    from .pages import Body
    from .render import environment, install_ui_translations, load_translations

    _die_with_parent()
    plan = _PLAN[0]
    lang, todo = item
    project = plan.project
    source = project.source_language
    env = _environment(project, lambda project: environment(project, compiled_cache=True))
    mo = None
    ui_stats = plan.manifest.stats.get(f"{lang.code}/{UI_DOMAIN}")
    # From this build's record, not from build space: a deleted ui.po's old .mo is still there until the end.
    if lang != source and ui_stats is not None and not ui_stats.missing:
        mo = _mo_path(project, lang.code, UI_DOMAIN).read_bytes()
    ui = load_translations(mo, source)
    install_ui_translations(env, ui, lang, source)
    made = []
    for name, path, _ in todo:
        body = Body.from_bytes(_body_path(project, lang, name).read_bytes())
        page = plan.site.page(env, lang, name, body, ui)
        made.append((path, write_if_changed(project.output_dir / path, page, project.output_dir, durable=False)))
    return lang.code, made


_ENVIRONMENT: list[Any] = []  # one Jinja2 environment per process


def _environment(project: Project, factory: Callable[[Project], Any]) -> Any:
    if not _ENVIRONMENT or _ENVIRONMENT[0][0] is not project:
        _ENVIRONMENT[:] = [(project, factory(project))]
    return _ENVIRONMENT[0][1]


def _dates(plan: Plan) -> dict[str, date | None]:
    """When each document last changed: front matter ``date``, else its last commit; never the build time.

    Dates from version control are asked for once (one ``git log`` for all
    documents) and kept in the manifest for as long as the commit and the
    documents stay the same.
    """
    project, sources, manifest, previous = plan.project, plan.sources, plan.manifest, plan.previous
    head = vcs_head(project.root)
    dates: dict[str, date | None] = {}
    ask_git = []
    for name, path in sources.paths.items():
        key = digest(head, manifest.inputs[project.relative(path)].digest)
        old = previous.dates.get(name) if previous else None
        if old is not None and old[0] == key:
            dates[name] = date.fromisoformat(old[1]) if old[1] else None
        else:
            dates[name] = front_matter_date(project, sources.document(name))
            if dates[name] is None:
                ask_git.append(name)
        manifest.dates[name] = [key, None]
    if ask_git:
        committed = _git_dates(project, [sources.paths[name] for name in ask_git])
        for name in ask_git:
            dates[name] = committed.get(project.relative(sources.paths[name]))
    for name, day in dates.items():
        manifest.dates[name][1] = day.isoformat() if day else None
    return dates


def front_matter_date(project: Project, document: Document) -> date | None:
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
    return None


def _git_dates(project: Project, paths: list[Path]) -> dict[str, date]:
    """The date of the last commit that touched each path, from one ``git log``."""
    wanted = {project.relative(path) for path in paths}
    try:
        found = subprocess.run(
            # --relative: paths as the project names them, also when it is a folder of a larger repository
            ["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", *sorted(wanted)],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, date] = {}
    current: date | None = None
    for line in found.stdout.splitlines() if found.returncode == 0 else []:
        if line.startswith("\0"):
            try:
                current = date.fromisoformat(line[1:].strip())
            except ValueError:
                current = None
        elif line and current is not None and line in wanted and line not in dates:
            dates[line] = current
    return dates


class Output:
    """The files of one build; at the end, the ones an earlier build made and this one no longer does go."""

    def __init__(self, folder: Path, report: BuildReport, previous: list[str]) -> None:
        self.folder = folder
        self.report = report
        self.previous = previous
        self.made: set[str] = set()

    def put(self, relative: str, data: bytes) -> None:
        self.record(relative, write_if_changed(self.folder / relative, data, self.folder, durable=False))

    def record(self, relative: str, written: bool) -> None:
        self.made.add(relative)
        if written:
            self.report.written += 1
        else:
            self.report.unchanged += 1

    def keep(self, relative: str) -> None:
        """A file this build did not need to make again."""
        self.record(relative, False)

    def finish(self) -> None:
        for relative in sorted(set(self.previous) - self.made):
            stale = self.folder / str(relative)
            # Only files this tool wrote, and only inside output/: a doctored manifest deletes nothing else.
            if stale.resolve().is_relative_to(self.folder.resolve()) and stale.is_file() and not stale.is_symlink():
                stale.unlink()
                self.report.removed += 1
                _remove_empty_parents(stale.parent, self.folder)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
