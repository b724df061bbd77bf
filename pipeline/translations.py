"""Phase one of a build: every catalogue that changed is read, checked, counted and compiled, and its
document's text rendered in its language; ``status`` runs the same, writing nothing.

A document's text in a language depends only on the document and that
language's catalogue for it, so it is rendered here, right after the
catalogue is checked, while the document is still parsed: the outputs around
it wait for the builders, once it is known which languages are published.
What is made (compiled catalogues, rendered texts) is staged in build space
(``files.Staging``) by the worker that made it, for the caller to commit
once every input is checked; the others keep their recorded stats and text.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from .cache import KeptAnswers, digest
from .checks import ERROR, WARNING, check_catalogue, checker_for, project_glossary, read_inline
from .config import Project
from .errors import PipelineError
from .extract import (
    TemplateMessage,
    document_domain,
    document_messages_kept,
    kept_document_domain,
    template_texts_kept,
    ui_domain,
)
from .files import Staging
from .languages import Language
from .layout import CatalogueId, catalogue_relative, mo_relative, text_relative
from .manifest import CatalogueStats, Manifest, statuses_from
from .pages import render_body
from .parallel import run_with, worth_it
from .pofile import WRAP_WIDTH, read_catalogue
from .progress import Progress
from .sources import UI_DOMAIN, Draft, Sources
from .status import EntryState, LanguageStatus, count, entry_state


@dataclass
class Work:
    """What one language needs done, handed to a worker process."""

    lang: Language
    domains: list[tuple[str, str]]  # (domain, key): catalogues to read, check, compile, and render the text of
    size: int = 0  # bytes of the documents or catalogues to read: the costliest work starts first


def _size(work: Work) -> int:
    return work.size


@dataclass
class Translating:
    """What phase one's workers need, made before they start and inherited by them (``parallel.run_with``)."""

    project: Project
    sources: Sources
    render: bool  # False for `status`: count and check only, write nothing
    token: str  # the build's own, in the names of staged files
    template_texts: KeptAnswers  # the page templates' texts an earlier command extracted (read by `status` too)
    document_messages: KeptAnswers | None  # for `status`: the documents' messages as an earlier command read them
    glossary: Any = None
    messages: dict[str, list[TemplateMessage]] = field(default_factory=dict)  # domain -> its messages

    def domain_messages(self, domain: str) -> list[TemplateMessage]:
        if domain not in self.messages:
            if domain == UI_DOMAIN:
                self.messages[domain] = ui_domain(self.project, self.template_texts).messages
            elif self.document_messages is None:  # a build parses the document to render it: the messages come too
                self.messages[domain] = document_domain(self.project, self.sources.document(domain)).messages
            else:  # `status`: the messages alone, as the last update read them while the document is the same
                path, format = self.sources.paths[domain], self.sources.format
                domain_read = kept_document_domain(self.project, domain, path, format, self.document_messages)
                self.messages[domain] = domain_read.messages
        return self.messages[domain]


@dataclass
class Made:
    """What phase one staged, per catalogue: True if the file changed (and was staged), False if it was in place."""

    mo: dict[CatalogueId, bool] = field(default_factory=dict)
    texts: dict[CatalogueId, bool] = field(default_factory=dict)

    def staged(self, project: Project) -> Iterator[Path]:
        """Every file staged: the compiled catalogues and rendered texts that changed."""
        for name, changed in self.mo.items():
            if changed:
                yield project.mo_path(name.code, name.domain)
        for name, changed in self.texts.items():
            if changed:
                yield project.text_path(name.code, name.domain)


def translate(
    project: Project,
    sources: Sources,
    manifest: Manifest,
    previous: Manifest | None,
    jobs: int | None,
    progress: Progress,
    staging: Staging | None = None,
    made: Made | None = None,
    template_texts: KeptAnswers | None = None,
) -> list[LanguageStatus]:
    """Read, check and count every catalogue that changed, and render the text of its document.

    What is staged is recorded in ``made`` as it comes back from the workers,
    so that a caller stopped by an error knows what to discard. With
    ``staging`` None (``status``), nothing is compiled or rendered. The page templates' texts are
    looked up in (and added to) ``template_texts``, which the caller saves if it writes build space.
    """
    render = staging is not None
    made = made if made is not None else Made()
    work = _outdated(project, sources, manifest, previous, render)
    if work:
        token = staging.token if staging else str(os.getpid())
        documents = None if render else document_messages_kept(project)  # a build parses them to render them
        texts = template_texts if template_texts is not None else template_texts_kept(project)
        context = Translating(project, sources, render, token, texts, documents)
        context.glossary = project_glossary(project)
        progress.start("checking catalogues", sum(len(item.domains) for item in work))
        if worth_it(jobs, work, _size):
            _prepare(context, (domain for item in work for domain, _ in item.domains))
        errors: list[PipelineError] = []
        for code, results, staged, error in run_with(context, _language_stats, work, jobs, _size):
            if staging is not None and staged is not None:
                staging.add(staged)
            if error is not None:
                errors.append(error)
            for domain, stats, written, text_key, text_written in results:
                name = CatalogueId(code, domain)
                if stats is not None:
                    manifest.stats[name] = stats
                if written is not None:
                    made.mo[name] = written
                if text_key is not None:
                    manifest.texts[name] = text_key
                    made.texts[name] = text_written
            progress.step(code, len(results))
        if errors:
            # Every language was read to its end or its first error: the one said is the same whatever --jobs.
            raise min(errors, key=lambda error: (str(error.path), error.line or 0, error.message))
    return statuses_from(project, manifest)


def _outdated(
    project: Project, sources: Sources, manifest: Manifest, previous: Manifest | None, render: bool
) -> list[Work]:
    """Per language, the catalogues (and texts) whose key changed; the others keep what was recorded."""
    domain_keys = {name: manifest.inputs[project.relative(path)].digest for name, path in sources.paths.items()}
    domain_keys[UI_DOMAIN] = "ui"  # the templates and the site name are in the site key
    built = os.fspath(project.output_dir) + os.sep

    def current_text(name: CatalogueId, key: str) -> bool:
        """Whether the text rendered last time for this key is still there."""
        if (
            previous is None
            or previous.texts.get(name) != key
            or not os.path.isfile(built + text_relative(name.code, name.domain))
        ):
            return False
        manifest.texts[name] = key
        return True

    work: list[Work] = []
    for lang in [project.source_language, *project.languages]:
        todo = []
        size = 0
        for domain, domain_key in domain_keys.items():
            name = CatalogueId(lang.code, domain)
            if lang == project.source_language:
                key = digest(manifest.site_key, domain_key)
                if domain != UI_DOMAIN and not current_text(name, key):
                    todo.append((domain, key))
                    size += manifest.inputs[project.relative(sources.paths[domain])].size
                continue
            catalogue = manifest.inputs.get(catalogue_relative(lang.code, domain))
            key = digest(manifest.site_key, lang.code, domain_key, catalogue.digest if catalogue else "missing")
            old = previous.stats.get(name) if previous else None
            if (
                old is not None
                and old.key == key
                and (old.missing or os.path.isfile(built + mo_relative(lang.code, domain)))
                and (domain == UI_DOMAIN or current_text(name, key))
            ):
                manifest.stats[name] = old
            else:
                todo.append((domain, key))
                size += catalogue.size if catalogue else 0
        if todo and (render or lang != project.source_language):
            work.append(Work(lang, todo, size))
    return work


def _prepare(context: Translating, domains: Iterable[str]) -> None:
    """Parse once, before worker processes start, what they all need: the documents, their messages,
    and how the markup of each message reads (the checks look at it in every language)."""
    for domain in sorted(set(domains)):
        for message in context.domain_messages(domain):
            read_inline(message.msgid)


def _catalogue_stats(
    context: Translating, lang: Language, domain: str, key: str
) -> tuple[CatalogueStats, bytes | None, dict[str, str]]:
    """Read, check and count one catalogue; compile what may be published, and return it as a lookup."""
    project = context.project
    messages = context.domain_messages(domain)
    path = project.catalogue_path(lang, domain)
    if not path.exists():
        return CatalogueStats(key, count(messages, None), missing=True), None, {}
    shown = project.relative(path)
    catalogue = read_catalogue(path, shown, lang.code)
    # The language checks (the catalogues against each other) are `check`'s: a build reads only what changed.
    report = check_catalogue(catalogue, shown, checker_for(project, lang, domain, context.glossary, language={}))
    published = polib.POFile(wrapwidth=WRAP_WIDTH, encoding="utf-8")
    published.metadata = dict(catalogue.metadata)
    published.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    lookup: dict[str, str] = {}
    drafts = project.publishes_drafts(lang.code)
    for entry in catalogue:
        state = entry_state(entry)
        if not (state is EntryState.TRANSLATED or (drafts and state is EntryState.DRAFT)):
            continue
        if (entry.msgctxt, entry.msgid) in report.held_back:
            continue
        if state is EntryState.DRAFT:  # compiled as a translation; the page labels it (sources.Draft)
            entry = copy.copy(entry)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        published.append(entry)
        if entry.msgctxt is None and not entry.msgid_plural:
            lookup[entry.msgid] = Draft(entry.msgstr) if state is EntryState.DRAFT else entry.msgstr
    stats = CatalogueStats(
        key,
        count(messages, catalogue),
        errors=report.count(ERROR),
        warnings=report.count(WARNING),
        fuzzy_critical=report.fuzzy_critical,
        held_back=sum(1 for message in messages if (message.msgctxt, message.msgid) in report.held_back),
    )
    return stats, published.to_binary(), lookup


# (domain, its stats (None for the source language), .mo staged (changed) or in place, its text's key, text staged)
Result = tuple[str, CatalogueStats | None, bool | None, str | None, bool]


def _language_stats(context: Translating, item: Work) -> tuple[str, list[Result], Staging | None, PipelineError | None]:
    """One language's share of phase one: check its changed catalogues and render their documents.

    What it makes (compiled catalogues, rendered texts) it stages in build space
    at once, beside its place, and the manifest records the key it was made
    from, so memory holds one catalogue at a time whatever the size of the site.
    A broken input is handed back, not raised, with what was staged before it:
    no worker is stopped halfway, and every staged file is accounted for.
    """
    project, source = context.project, context.project.source_language
    staging = Staging(context.token) if context.render else None
    results: list[Result] = []
    try:
        for domain, key in item.domains:
            stats: CatalogueStats | None
            mo: bytes | None
            lookup: dict[str, str]
            if item.lang == source:
                stats, mo, lookup = None, None, {}
            else:
                stats, mo, lookup = _catalogue_stats(context, item.lang, domain, key)
            written = None
            if mo is not None and staging is not None:
                written = staging.put(project.mo_path(item.lang.code, domain), mo, project.output_dir)
            text_key, text_written = None, False
            if domain != UI_DOMAIN and staging is not None:
                sources = context.sources
                body = render_body(key, sources.format, sources.document(domain), lookup.get, item.lang, source)
                place = project.text_path(item.lang.code, domain)
                text_written = staging.put(place, body.to_bytes(), project.output_dir)
                text_key = key
            results.append((domain, stats, written, text_key, text_written))
    except PipelineError as error:
        return item.lang.code, results, staging, error
    return item.lang.code, results, staging, None
