"""Catalogues: creating a language's ``.po`` files and keeping them in step with the templates.

The merge follows GNU ``msgmerge``, with one promise more: no translation is
ever dropped. A message whose source text changed keeps its old translation
as a fuzzy suggestion (old text in ``#| msgid``); a message that disappeared
becomes obsolete (``#~``) and comes back translated if its text returns. The
old entry a fuzzy suggestion came from is kept as obsolete too, so its
translation is there, exact, if the edit is undone.

Plural entries get as many forms as the catalogue's own Plural-Forms says:
a translator's formula is kept, even where it is not the one the table
(``plurals``) has for the language. Only a new catalogue takes the table's.

An update (``stage_update``, then ``StagedUpdate.commit``) reads and merges
every catalogue before it changes any: each merged catalogue waits in a
staged file beside its place until all are read, then they all take their
places (or, on an error, are all dropped). ``output/.build/merged.json``
(a record of the change cache, ``cache``) remembers what each catalogue was
last merged with, so that one merged with
this very template and not touched since is not even read.

A message still untranslated once merged is offered a translation from the
language's translation memory (``memory``: the language's other catalogues
and the configured compendiums), as a fuzzy suggestion. A catalogue left with
untranslated messages so depends on the memory too: its record keeps a hash
of what the memory was read from (every catalogue of the language, and the
compendiums), and it is merged again when that changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from .cache import Stamp, digest, read_record, stamp_files, write_record
from .config import Project
from .errors import CatalogueError, PipelineError
from .files import commit, discard, stage, write_if_changed
from .languages import Language
from .memory import MemoryRecord, Suggestion, fill, load_memory, remembered
from .parallel import run
from .plurals import GNU_DEFAULT
from .pofile import (
    WRAP_WIDTH,
    new_po_file,
    nplurals_of,
    po_text,
    read_catalogue,
    rendered_keys,
    written_differently,
)
from .progress import SILENT, Progress
from .similarity import most_similar
from .status import has_translation, key_of

if TYPE_CHECKING:
    from .extract import TemplatePlan


def is_format_flag(flag: str) -> bool:
    return flag.endswith("-format")


@dataclass
class CatalogueResult:
    """What ``init`` or ``update`` did to one catalogue (``locales/<lang>/LC_MESSAGES/<domain>.po``)."""

    path: Path
    language: Language
    domain: str
    created: bool = False  # it did not exist; it does now
    written: bool = False  # the file was written (created, or merged with something new)
    # Left alone without being read: by init, an existing catalogue; by update, one merged with this very
    # template by the last update and not touched since.
    skipped: bool = False
    new: int = 0  # messages added untranslated
    changed: int = 0  # messages whose source changed: the old translation kept, marked fuzzy
    obsolete: int = 0  # messages gone from the source: kept as obsolete (#~) entries
    restored: int = 0  # obsolete entries whose text came back
    remembered: int = 0  # messages with no translation given one from the translation memory, as fuzzy


@dataclass
class MergeReport:
    """An update of one catalogue while it is worked out: its result, and the text to write."""

    result: CatalogueResult
    text: str | None = None  # what will be written
    # The file's text as read (in our layout), to leave it alone if the merge changed nothing; None for a file
    # the merge changed for certain (its messages are not the same), which is then never laid out.
    before: str | None = None
    staged: Path | None = None  # the merged catalogue, written beside the file until every file is read
    waiting: bool = False  # messages are left untranslated: what the memory holds may fill them later


def new_catalogue(project: Project, lang: Language, template: polib.POFile) -> polib.POFile:
    """An empty catalogue for ``lang`` with the header GNU gettext expects, and the plural formula
    translators' tools write for the language (the project's table, not Babel's)."""
    created = template.metadata.get("POT-Creation-Date", "")
    project_id = template.metadata.get("Project-Id-Version", project.site_name)
    comment = f"{lang.english_name} translation for {project.site_name}."
    return new_po_file(comment, project_id, created, lang.code, lang.plural_forms)


def merge(template: polib.POFile, catalogue: polib.POFile, nplurals: int, report: CatalogueResult) -> polib.POFile:
    """The catalogue brought in step with the template; counts go to ``report``."""
    merged = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    merged.header = catalogue.header
    merged.metadata = dict(catalogue.metadata)
    merged.metadata_is_fuzzy = catalogue.metadata_is_fuzzy
    if "POT-Creation-Date" in template.metadata:
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]

    active = {key_of(entry): entry for entry in catalogue if not entry.obsolete}
    obsolete = {key_of(entry): entry for entry in catalogue if entry.obsolete}
    wanted = {key_of(entry) for entry in template}
    # Old messages gone from the template, with a translation worth suggesting.
    leftovers = [entry for key, entry in active.items() if key not in wanted and has_translation(entry)]
    leftover_texts = [entry.msgid for entry in leftovers]

    for source in template:
        key = key_of(source)
        if key in active:
            merged.append(_carry(source, active[key], nplurals, changed=False))
        elif key in obsolete:
            merged.append(_carry(source, obsolete.pop(key), nplurals, changed=False))
            report.restored += 1
        else:
            similar = most_similar(source.msgid, leftover_texts)
            if similar is not None:
                merged.append(_carry(source, leftovers[similar[0]], nplurals, changed=True))
                report.changed += 1
            else:
                merged.append(_untranslated(source, nplurals))
                report.new += 1

    for entry in leftovers:
        merged.append(_obsolete(entry))
        report.obsolete += 1
    for entry in obsolete.values():
        merged.append(entry)
    return merged


def _carry(source: polib.POEntry, old: polib.POEntry, nplurals: int, changed: bool) -> polib.POEntry:
    """The template's entry with the translator's work from ``old``."""
    plural_changed = bool(source.msgid_plural) != bool(old.msgid_plural) or (
        source.msgid_plural and source.msgid_plural != old.msgid_plural
    )
    fuzzy = "fuzzy" in old.flags or ((changed or plural_changed) and has_translation(old))
    entry = _untranslated(source, nplurals)
    entry.tcomment = old.tcomment
    if source.msgid_plural:
        forms = old.msgstr_plural if old.msgid_plural else {0: old.msgstr}
        entry.msgstr_plural = {index: forms.get(index, "") for index in range(nplurals)}
    else:
        entry.msgstr = old.msgstr_plural.get(0, "") if old.msgid_plural else old.msgstr
    translator_flags = [flag for flag in old.flags if flag != "fuzzy" and not is_format_flag(flag)]
    entry.flags = (
        (["fuzzy"] if fuzzy else []) + [flag for flag in source.flags if is_format_flag(flag)] + translator_flags
    )
    if fuzzy:
        if "fuzzy" in old.flags and old.previous_msgid is not None:
            # The translation still answers the text it was made for: keep that one.
            entry.previous_msgctxt = old.previous_msgctxt
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgid_plural = old.previous_msgid_plural
        elif changed or plural_changed:
            entry.previous_msgctxt = old.msgctxt
            entry.previous_msgid = old.msgid
            entry.previous_msgid_plural = old.msgid_plural or None
    return entry


def _untranslated(source: polib.POEntry, nplurals: int) -> polib.POEntry:
    """The template's entry as a new, empty one in a catalogue with ``nplurals`` forms."""
    entry = polib.POEntry(
        msgid=source.msgid,
        msgid_plural=source.msgid_plural,
        msgctxt=source.msgctxt,
        occurrences=list(source.occurrences),
        comment=source.comment,
        flags=list(source.flags),
    )
    if source.msgid_plural:
        entry.msgstr_plural = {index: "" for index in range(nplurals)}
    return entry


def _obsolete(entry: polib.POEntry) -> polib.POEntry:
    """``entry`` as an obsolete one: translation, comments and flags stay; places go."""
    kept = polib.POEntry(
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgctxt=entry.msgctxt,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=True,
    )
    return kept


def plan_update(project: Project, lang: Language, domain: str, template: polib.POFile) -> MergeReport:
    """Read ``lang``'s catalogue of ``domain`` (or start one) and merge ``template`` into it; write nothing."""
    merging = merge_catalogue(project, lang, domain, template)
    merging.report.text = po_text(merging.merged)
    return merging.report


@dataclass
class Merging:
    """A catalogue merged, before the translation memory fills it and it is laid out."""

    report: MergeReport
    merged: polib.POFile
    nplurals: int
    remembered: list[Suggestion] | None  # the reviewed translations of the catalogue as read; None: a new one


def merge_catalogue(
    project: Project,
    lang: Language,
    domain: str,
    template: polib.POFile,
    recorded: Callable[[str], list[Suggestion] | None] | None = None,
) -> Merging:
    """``lang``'s catalogue of ``domain`` (or a new one) read and merged with ``template``.

    ``recorded`` gives what the memory's record holds for the file as it is, if anything (``MemoryRecord``).
    """
    path = project.catalogue_path(lang, domain)
    shown = project.relative(path)
    report = MergeReport(CatalogueResult(path, lang, domain))
    catalogue: polib.POFile
    header_changed = False
    if path.exists():
        catalogue = read_catalogue(path, shown, lang.code)
        # The catalogue's own formula counts its forms, whatever the table has for the language.
        nplurals = nplurals_of(catalogue)
        if nplurals is None:
            # No Plural-Forms line: plural entries were written for GNU gettext's default, which is
            # now stated (msgfmt refuses plural entries without it); a catalogue with none takes the
            # formula translators' tools use for the language.
            has_plurals = any(entry.msgid_plural for entry in catalogue)
            rule = GNU_DEFAULT if has_plurals else lang.plural_rule
            catalogue.metadata["Plural-Forms"] = rule.forms
            nplurals = rule.nplurals
            header_changed = True
    else:
        catalogue = new_catalogue(project, lang, template)
        nplurals = lang.nplurals
        report.result.created = True
    found = None
    if not report.result.created:
        found = recorded(shown) if recorded is not None else None
        if found is None:
            found = remembered(catalogue, shown)
    merged = merge(template, catalogue, nplurals, report.result)
    if (
        not report.result.created
        and not header_changed
        and rendered_keys(merged) == rendered_keys(catalogue)
        and not written_differently(merged, catalogue)  # a place or a translation changed: no need to look
    ):
        report.before = po_text(catalogue)
    report.waiting = any(not entry.obsolete and not has_translation(entry) for entry in merged)
    return Merging(report, merged, nplurals, found)


def write_update(project: Project, report: MergeReport) -> None:
    """Write what ``plan_update`` merged, unless it says exactly what the file said (in whatever layout)."""
    assert report.text is not None
    result = report.result
    result.written = report.text != report.before and write_if_changed(
        result.path, report.text.encode("utf-8"), project.locales_dir
    )


MERGED = ".build/merged.json"
MERGED_KIND = "update record"


@dataclass(frozen=True)
class Merged:
    """What a catalogue was last merged with: its template's hash, the catalogue as the merge left it, and
    the hash of what the translation memory was read from ("" if nothing was left for the memory to fill)."""

    template: str
    catalogue: Stamp
    memory: str = ""


def load_merged(project: Project) -> dict[str, Merged]:
    """What the last update left each catalogue merged with (a record of the change cache)."""
    data = read_record(project, MERGED, MERGED_KIND)
    try:
        return {
            str(name): Merged(str(template), Stamp(int(size), int(mtime_ns), str(hashed)), str(memory))
            for name, (template, size, mtime_ns, hashed, memory) in (data or {}).get("catalogues", {}).items()
        }
    except (AttributeError, TypeError, ValueError):
        return {}


def save_merged(project: Project, record: dict[str, Merged]) -> None:
    catalogues = {
        name: [
            merged.template,
            merged.catalogue.size,
            merged.catalogue.mtime_ns,
            merged.catalogue.digest,
            merged.memory,
        ]
        for name, merged in record.items()
    }
    write_record(project, MERGED, MERGED_KIND, {"catalogues": catalogues})


# One language's catalogues to merge: (domain, its template).
Domains = list[tuple[str, polib.POFile]]


def _merge_language(
    project: Project, every_domain: list[str], digests: dict[str, str], item: tuple[Language, Domains]
) -> tuple[str, list[MergeReport], PipelineError | None]:
    """Merge one language's catalogues with their templates (run in a worker process).

    Once every catalogue is merged, those left with untranslated messages are filled from the language's
    translation memory (``memory.load_memory``: its catalogues of ``every_domain``, whose contents'
    hashes are ``digests``, and the compendiums), read only if one is.

    Each merged catalogue is staged beside its file, not written: the caller
    commits them all once every catalogue has been read, or discards them all.
    A broken catalogue is returned, not raised, so that no worker is stopped
    halfway and every staged file is accounted for.
    """

    lang, domains = item
    reports: list[MergeReport] = []
    waiting: list[Merging] = []  # kept until the memory is read; the others are staged at once
    read: dict[str, list[Suggestion]] = {}
    record = MemoryRecord.read(project, lang)

    def finish(merging: Merging) -> None:
        report = merging.report
        shown = project.relative(report.result.path)
        report.text = po_text(merging.merged)
        if report.text != report.before:
            data = report.text.encode("utf-8")
            report.staged = stage(report.result.path, data, project.locales_dir)
            # What the memory will find in the catalogue once it is in place, for the next update.
            # The sketches of the texts it had already are known.
            known = {item.source: item.sketch for item in merging.remembered or () if item.sketch is not None}
            record.put(shown, digest(data), remembered(merging.merged, shown, known))
        elif shown in read and shown in digests:
            record.put(shown, digests[shown], read[shown])
        report.text = report.before = None  # the staged file holds it now; keep memory small

    def recorded(shown: str) -> list[Suggestion] | None:
        return record.get(shown, digests[shown]) if shown in digests else None

    for domain, template in domains:
        try:
            merging = merge_catalogue(project, lang, domain, template, recorded)
        except PipelineError as error:
            return lang.code, reports, error
        reports.append(merging.report)
        if merging.remembered is not None:
            read[project.relative(merging.report.result.path)] = merging.remembered
        if merging.report.waiting:
            waiting.append(merging)
        else:
            finish(merging)
    if waiting:
        try:
            memory = load_memory(project, lang, every_domain, digests, read, record)
        except PipelineError as error:
            return lang.code, reports, error
        for merging in waiting:
            result = merging.report.result
            result.remembered, left = fill(merging.merged, memory, project.relative(result.path), merging.nplurals)
            merging.report.waiting = left > 0
            finish(merging)
    record.save(project, (project.relative(project.catalogue_path(lang, domain)) for domain in every_domain))
    return lang.code, reports, None


@dataclass
class StagedUpdate:
    """An update with every catalogue read and merged, and nothing in place yet."""

    project: Project
    untouched: list[CatalogueResult]  # merged with this very template already, in the order they were looked at
    reports: list[MergeReport]  # merged now, in path order; a changed one is staged beside its file
    merged: dict[str, Merged]  # merged.json as it will be
    templates: dict[str, str] = field(default_factory=dict)  # domain -> the hash of its template's text
    # Language code -> its catalogues (as named in the record), and the hash of the compendiums: what a
    # language's memory is read from.
    catalogues: dict[str, list[str]] = field(default_factory=dict)
    compendiums: str = ""

    def commit(self) -> list[CatalogueResult]:
        """Put every staged catalogue in its place and record what each is merged with.

        Returns the reports of every catalogue, the untouched ones first.
        """
        project = self.project
        for report in self.reports:
            if report.staged is not None:
                commit(report.staged, report.result.path)
                report.result.written = True
        paths = [os.fspath(report.result.path) for report in self.reports]
        # Waiting on the memory: merged now with messages left untranslated, or left alone as such.
        merged_now = {project.relative(report.result.path): report.waiting for report in self.reports}
        waiting = {shown for shown, merged in self.merged.items() if merged.memory and shown not in merged_now}
        waiting.update(shown for shown, left in merged_now.items() if left)
        for shown, stamp in stamp_files(project, paths, {}, CatalogueError).items():
            self.merged[shown] = Merged(self.templates[Path(shown).stem], stamp)
        # What the memory is read from now, as the next update will find it.
        stamps = {shown: merged.catalogue for shown, merged in self.merged.items()}
        for names in self.catalogues.values():
            key = memory_key(names, stamps, self.compendiums)
            for shown in names:
                merged = self.merged.get(shown)
                if merged is not None and shown in waiting:
                    self.merged[shown] = replace(merged, memory=key)
        save_merged(project, self.merged)
        return self.untouched + [report.result for report in self.reports]

    def discard(self) -> None:
        for report in self.reports:
            if report.staged is not None:
                discard(report.staged)


def stage_update(
    project: Project,
    languages: Sequence[Language],
    plans: Sequence[TemplatePlan],
    jobs: int | None = None,
    progress: Progress = SILENT,
) -> StagedUpdate:
    """Merge ``languages``' catalogues with the templates of ``plans``, staging what changes; write nothing.

    Every catalogue that needs it is read (and so checked) before any file is
    changed: on a broken one, whatever was staged is dropped and its error (the
    first by file and line, whatever order the workers finished in) is raised.
    """
    merged = load_merged(project)
    # A catalogue already merged with this very template, and not touched since, needs nothing; unless it
    # has messages left for the memory to fill, and what the memory is read from changed.
    templates = {plan.domain.name: digest(plan.text) for plan in plans}
    paths = {
        (lang, plan.domain.name): project.catalogue_path(lang, plan.domain.name) for lang in languages for plan in plans
    }
    known = {name: record.catalogue for name, record in merged.items()}
    stamps = stamp_files(project, [os.fspath(path) for path in paths.values()], known, CatalogueError)
    compendiums = compendiums_key(project)
    catalogues = {
        lang.code: sorted(project.relative(paths[lang, plan.domain.name]) for plan in plans) for lang in languages
    }
    todo: dict[Language, Domains] = {}
    untouched: list[CatalogueResult] = []
    for lang in languages:
        memory = memory_key(catalogues[lang.code], stamps, compendiums)
        for plan in plans:
            domain = plan.domain.name
            path = paths[lang, domain]
            shown = project.relative(path)
            recorded, current = merged.get(shown), stamps.get(shown)
            if (
                current
                and recorded
                and (recorded.template, recorded.catalogue.digest) == (templates[domain], current.digest)
                and recorded.memory in ("", memory)
            ):
                untouched.append(CatalogueResult(path, lang, domain, skipped=True))
                merged[shown] = Merged(templates[domain], current, recorded.memory)
            else:
                todo.setdefault(lang, []).append((domain, plan.template))
    reports: list[MergeReport] = []
    errors: list[PipelineError] = []
    sizes = {lang.code: len(domains) for lang, domains in todo.items()}
    progress.start("merging catalogues", sum(sizes.values()))

    def cost(item: tuple[Language, Domains]) -> int:
        return project.catalogues_size(item[0], (domain for domain, _ in item[1]))

    every_domain = [plan.domain.name for plan in plans]
    digests = {shown: stamp.digest for shown, stamp in stamps.items()}
    for code, language_reports, error in run(
        partial(_merge_language, project, every_domain, digests), list(todo.items()), jobs, cost
    ):
        reports += language_reports
        errors += [error] if error else []
        progress.step(code, sizes[code])
    staged = StagedUpdate(
        project,
        untouched,
        sorted(reports, key=lambda report: str(report.result.path)),
        merged,
        templates,
        catalogues,
        compendiums,
    )
    if errors:
        staged.discard()
        raise min(errors, key=lambda error: (str(error.path), error.line or 0))
    return staged


def compendiums_key(project: Project) -> str:
    """The hash of the configured compendiums as they are: a language's memory is read from them."""
    paths = [os.fspath(project.root / name) for name in project.compendium]
    stamps = stamp_files(project, paths, {}, CatalogueError)
    return digest(*(f"{name}={stamps[name].digest if name in stamps else '-'}" for name in project.compendium))


def memory_key(names: list[str], stamps: dict[str, Stamp], compendiums: str) -> str:
    """The hash of what one language's memory is read from: its catalogues (``names``) and the compendiums."""
    return digest(compendiums, *(f"{name}={stamps[name].digest if name in stamps else '-'}" for name in names))
