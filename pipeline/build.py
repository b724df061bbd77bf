"""Building: sources and catalogues become the site in ``output/``, doing only what changed.

``build()`` is the pipeline, one step a line: find the documents, hash the
inputs against the last build's manifest, check and compile every catalogue
that changed and render its document's text in its language (phase one,
``translations``), date the documents, then let each builder (``builders``:
HTML pages, sitemap, published catalogues) make its outputs whose key changed
and its shared files, and write the manifest.

Phase one stages what it makes beside its place in build space
(``files.Staging``); a broken catalogue (or document) stops the build there,
and what was staged is dropped: ``output/`` stays exactly as it was. Once
every input is checked, the staged files take their places and the builders
write. Languages are worked on in parallel processes (``--jobs``); the output
is the same whatever the number.

``output/.build/`` is build space, not site: compiled catalogues, rendered
texts, compiled templates, the manifest, the lock, and the preview's own site
(``pipeline serve`` builds into ``output/.build/preview/``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cache import KeptAnswers
from .config import PREVIEW_FOLDER, Project, check_nav
from .errors import BuildRefused, PipelineError
from .files import Staging, forget_resolved, mark_while_writing, remove_leftovers, sync_all, unmark
from .languages import Language, language, recall, remember
from .layout import BUILDING_MARK, document_pages, mo_relative, text_relative
from .manifest import (
    MANIFEST,
    Manifest,
    input_paths,
    load_manifest,
    previous_files,
    scan_inputs,
    site_key,
    statuses_from,
    vcs_head,
)
from .progress import SILENT, Progress
from .sources import UI_DOMAIN, Sources
from .sources.dates import document_dates, front_matter_date
from .sources.links import source_files
from .status import LanguageStatus

if TYPE_CHECKING:
    from .builders import BuildContext, BuilderType
    from .translations import Made

__all__ = [
    "BuildReport",
    "Sources",
    "build",
    "front_matter_date",
    "language_statuses",
    "statuses_from",
]

# Who runs the default builders, in the manifest: which they are is known only once they are imported.
DEFAULT = "default"


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


def build(
    project: Project,
    strict: bool = False,
    preview_all: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress = SILENT,
    *,
    builders: Sequence[BuilderType] | None = None,
) -> BuildReport:
    """Build the site, doing only what changed (everything with ``force``).

    With ``strict``, refuse (and write nothing) if a translation has errors. With
    ``preview_all``, publish every configured language whatever its progress, for
    translators previewing their work (``pipeline serve --all``). ``builders``
    make the outputs (``builders.Builder``): the site's (``DEFAULT_BUILDERS``) if None.
    """
    forget_resolved()
    previous = None if force or (project.output_dir / BUILDING_MARK).exists() else load_manifest(project)
    sources = Sources.find(project)
    check_nav(project, sources.paths)
    manifest = _new_manifest(project, sources, previous, preview_all, builders)
    if previous is not None and _nothing_changed(project, previous, manifest):
        return _unchanged(project, previous, strict)
    # Lazy: a build that finds nothing changed (a CI re-run, most of serve's
    # checks) needs neither the checks nor Jinja2, Babel's formats or markdown-it: ~0.2 s of imports
    # (python -X importtime), more than the rest of such a build.
    from .builders import DEFAULT_BUILDERS, BuildContext, Output
    from .builders.run import run_builders
    from .extract import template_texts_kept
    from .translations import Made, translate

    # What only the tool's version decides, kept from earlier commands; saved with the manifest.
    names, texts = _kept_names(project), template_texts_kept(project)
    staging, made = Staging(str(os.getpid())), Made()
    with _dropped_on_error(project, staging, made):
        statuses = translate(project, sources, manifest, previous, jobs, progress, staging, made, texts)
        _refuse_errors(statuses, strict)
        dates = document_dates(sources, manifest, previous)  # a front matter date is input too: checked here
    mark_while_writing(project.output_dir / BUILDING_MARK)  # from here on output/ changes, until the manifest
    staging.commit(made.staged(project))
    published = [project.source_language] + [status.lang for status in statuses if status.published or preview_all]
    output = Output(project.output_dir, previous.files if previous else previous_files(project))
    context = BuildContext(project, sources, statuses, published, dates, manifest, previous, output, preview_all)
    _record_build_space(context, made)
    report = BuildReport(statuses, published, pages=0)
    rendered = run_builders(context, builders or DEFAULT_BUILDERS, jobs, progress)
    report.pages, report.rendered = document_pages(manifest.outputs.get("html", {})), rendered
    _write_manifest(context, report, names, texts)
    return report


def language_statuses(project: Project, jobs: int | None = None, progress: Progress = SILENT) -> list[LanguageStatus]:
    """Every configured language's progress and problems, reading only catalogues that changed
    since the last build; writes nothing."""
    from .translations import translate  # lazy, as in build(): `status` with nothing changed reads no catalogue

    previous = load_manifest(project)
    sources = Sources.find(project)
    manifest = _new_manifest(project, sources, previous, False, None)
    usable = previous if previous is not None and previous.site_key == manifest.site_key else None
    return translate(project, sources, manifest, usable, jobs, progress)


# ---------------------------------------------------------------- the steps


def _new_manifest(
    project: Project,
    sources: Sources,
    previous: Manifest | None,
    preview_all: bool,
    builders: Sequence[BuilderType] | None,
) -> Manifest:
    """This build's manifest, with what it reads: every input's hash, the site key, the commit, the builders."""
    files = [*sources.paths.values(), *source_files(project).values()]  # documents, other files of source/
    inputs = scan_inputs(project, input_paths(project, files, [*sources.paths, UI_DOMAIN]), previous)
    key = site_key(project, inputs, preview_all)
    # A build without PDFs is named apart: one with them after one without (or the reverse) always does work.
    names = (
        [make.name for make in builders] if builders is not None else [DEFAULT if project.pdf else f"{DEFAULT}-no-pdf"]
    )
    return Manifest(site_key=key, head=vcs_head(project.root), inputs=inputs, builders=names)


def _nothing_changed(project: Project, previous: Manifest, manifest: Manifest) -> bool:
    recorded = (previous.site_key, previous.head, previous.inputs, previous.builders)
    same = recorded == (manifest.site_key, manifest.head, manifest.inputs, manifest.builders)
    return same and _outputs_exist(project, previous)


def _outputs_exist(project: Project, manifest: Manifest) -> bool:
    """Whether every file the last build made is still in ``output/``, as ``_files_in`` would list it.

    A folder's status-change time (ctime) moves on whenever an entry is added to it or removed from it, and
    nothing can set it back: a folder last changed before the manifest was written has lost none of the
    files the manifest lists in it, and is not listed (a large site has 12,000 page folders; a stat each
    takes a quarter of the time of listing them). Its modification time must be its ctime too: in a copy
    of the site that kept the times (``cp -a``, rsync, a cache restored from an archive) every folder's
    ctime is the copy's, and only its modification time says when it was changed. The files of any other
    folder are looked up one by one: output/ itself (every build touches it last), a folder changed since,
    one changed in the clock tick the manifest was written in. Where ctime is no such time (Windows: a
    creation time), the folders are listed. What this cannot see, where a listing would: a file deleted
    while the build that made it was still running, or a system clock set back since.
    """
    output = os.fspath(project.output_dir)
    if os.name != "posix":
        return _files_in(output).issuperset(manifest.files)
    try:
        vouched = os.stat(os.path.join(output, MANIFEST)).st_ctime_ns
    except OSError:
        return not manifest.files
    for folder, names in _folders_of(manifest.files).items():
        try:
            # output/ itself may be a link (it is listed all the same); nothing inside it may be.
            found = os.stat(output) if not folder else os.lstat(os.path.join(output, folder))
        except OSError:
            return False
        if not stat.S_ISDIR(found.st_mode):
            return False
        if names and not found.st_mtime_ns == found.st_ctime_ns < vouched:
            if not all(_listed(os.path.join(output, name)) for name in names):
                return False
    return True


def _folders_of(files: list[str]) -> dict[str, list[str]]:
    """The folders of output/ the files are in ("" for output/ itself), each with its files, and the folders
    those are in (with none): the listing walks no link to a folder, at any depth."""
    folders: dict[str, list[str]] = {}
    for name in files:
        folders.setdefault(name.rpartition(os.sep)[0], []).append(name)
    for folder in list(folders):
        while folder:
            folder = folder.rpartition(os.sep)[0]
            if folder in folders:
                break
            folders[folder] = []
    return folders


def _listed(path: str) -> bool:
    """Whether ``_files_in`` lists ``path``: anything there but a folder or a link to one."""
    try:
        return not stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return os.path.lexists(path)  # a broken link is listed


def _files_in(output: str) -> set[str]:
    """Every file under ``output/`` (its path there), but the preview's, as ``os.walk`` lists them.

    Walked with ``os.scandir`` alone: ``os.walk`` asks the system about every folder again (whether it is a
    link), most of a build with nothing to do on a site of 12,000 pages, one folder each.
    """
    preview = os.path.join(output, PREVIEW_FOLDER)  # the preview's own site is none of this build's business
    present: set[str] = set()
    folders = [("", output)]  # (the folder's path in output/ with a separator, or "" for output/ itself; its path)
    while folders:
        prefix, folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # as os.walk: a folder that cannot be listed has nothing listed
        for entry in entries:
            try:
                is_folder = entry.is_dir()  # a link to a folder is one, and is not followed
            except OSError:
                is_folder = False
            if not is_folder:
                present.add(prefix + entry.name)
            elif entry.path != preview and not _is_link(entry):
                folders.append((prefix + entry.name + os.sep, entry.path))
    return present


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False  # as os.path.islink, which os.walk asks


def _unchanged(project: Project, manifest: Manifest, strict: bool) -> BuildReport:
    """The report of a build that found nothing to do, from what the last one recorded."""
    statuses = statuses_from(project, manifest)
    if strict and any(status.held_back for status in statuses):
        listed = ", ".join(f"{status.lang.code} ({status.held_back})" for status in statuses if status.held_back)
        raise BuildRefused(f"translations with errors in {listed}; run `pipeline check` and fix them")
    published = [language(code) for code in manifest.published]
    pages = document_pages(manifest.outputs.get("html", {}))
    return BuildReport(statuses, published, pages=pages, unchanged=len(manifest.files), nothing_changed=True)


NAMES = ".build/names.json"  # under output/: each language's names and direction, as the locale data gives them


def _kept_names(project: Project) -> KeptAnswers:
    """Languages' names and directions as an earlier build read them from the locale data: a build that
    renders one page, or a small site's whole build, does not load the data of every language (~7 ms
    each with Babel)."""
    names = KeptAnswers(project, NAMES, "language names")
    for lang in [project.source_language, *project.languages]:
        found = names.get(lang.code)
        if isinstance(found, list) and len(found) == 3 and all(isinstance(part, str) for part in found):
            remember(lang, *found)
    return names


@contextmanager
def _dropped_on_error(project: Project, staging: Staging, made: Made) -> Iterator[None]:
    """Around phase one: nothing of a build that stops there may stay; what it staged goes, with the
    folders made for it."""
    try:
        yield
    except BaseException as error:
        staging.discard(made.staged(project))
        if not isinstance(error, PipelineError):  # a worker stopped halfway through a file (Ctrl-C, a bug)
            remove_leftovers(project.build_dir)
        raise


def _refuse_errors(statuses: list[LanguageStatus], strict: bool) -> None:
    refused = [status for status in statuses if status.held_back]
    if strict and refused:
        listed = ", ".join(f"{status.lang.code} ({status.held_back})" for status in refused)
        raise BuildRefused(
            f"translations with errors in {listed}; run `pipeline check` and fix them, "
            "or build without --strict to publish the source text in their place"
        )


def _record_build_space(context: BuildContext, made: Made) -> None:
    """The compiled catalogues and rendered texts are files of the build too, made or kept."""
    for name, stats in context.manifest.stats.items():
        if not stats.missing:
            context.output.record(mo_relative(name.code, name.domain), made.mo.get(name, False))
    for name in context.manifest.texts:
        context.output.record(text_relative(name.code, name.domain), made.texts.get(name, False))


def _write_manifest(context: BuildContext, report: BuildReport, names: KeptAnswers, texts: KeptAnswers) -> None:
    """Remove what the last build made and this one did not; then the manifest that vouches for the site,
    with the languages' names and the templates' texts kept for the next build."""
    project, manifest, output = context.project, context.manifest, context.output
    manifest.published = [lang.code for lang in context.published]
    manifest.files = sorted(output.made)
    for lang in [project.source_language, *project.languages]:
        names.put(lang.code, recall(lang))
    names.save()
    texts.save()
    output.finish()
    report.written, report.unchanged, report.removed = output.written, output.unchanged, output.removed
    if report.written or report.removed:
        sync_all()  # the manifest vouches for these files: after a power cut it must not outlive them
    manifest.save(project)
    unmark(project.output_dir / BUILDING_MARK)
