"""Running builders: each one's stale outputs, a language or a share of one per task in workers, then its shared files.

A page template's mistake is said as ``template:line: message`` in the
process that rendered it, where Jinja2's traceback still names the place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from jinja2 import TemplateError

from ..config import Project
from ..languages import Language
from ..parallel import run_with
from ..progress import Progress
from ..render import template_error
from . import BuilderType
from .base import BuildContext, Builder, Written

# A language's outdated outputs are made in tasks of at most this many, so that every worker has a share
# when one language has many: a new title in one catalogue rewrites every page of its language (300 on
# the large benchmark's site), which one worker made alone while the other waited.
OUTPUTS_PER_TASK = 64


def run_builders(context: BuildContext, kinds: Sequence[BuilderType], jobs: int | None, progress: Progress) -> int:
    """Make every builder's stale outputs and shared files; how many HTML pages were made again."""
    rendered = 0
    try:
        builders = [make(context) for make in kinds]  # the HTML builder loads the page template
        work = [
            (builder.name, lang, documents[start : start + OUTPUTS_PER_TASK])
            for builder in builders
            for lang, documents in _by_language(builder.outdated()).items()
            for start in range(0, len(documents), OUTPUTS_PER_TASK)
        ]
        if work:
            progress.start("making pages", sum(len(documents) for _, _, documents in work))
            writing = _Writing(context.project, {builder.name: builder for builder in builders})
            for name, code, written in run_with(writing, _write_language, work, jobs, partial(_source_bytes, context)):
                for path, changed in written:
                    context.output.record(path, changed)
                if name == "html":
                    rendered += len(written)
                progress.step(code, len(written))
        for builder in builders:
            builder.finish()
    except TemplateError as error:  # the project's own templates: said like any other broken input
        raise template_error(context.project, error) from None
    return rendered


def _source_bytes(context: BuildContext, task: tuple[str, Language, list[str]]) -> int:
    """What making a language's outputs costs, roughly: the bytes of their documents' sources."""
    inputs, paths = context.manifest.inputs, context.sources.paths
    return sum(inputs[context.project.relative(paths[document])].size for document in task[2])


def _by_language(outdated: Iterator[tuple[str, Language]]) -> dict[Language, list[str]]:
    found: dict[Language, list[str]] = {}
    for document, lang in outdated:
        found.setdefault(lang, []).append(document)
    return found


@dataclass
class _Writing:
    """What the workers writing outputs share, inherited from the build's process."""

    project: Project
    builders: dict[str, Builder]  # by name


def _write_language(writing: _Writing, task: tuple[str, Language, list[str]]) -> tuple[str, str, list[Written]]:
    """One builder's outputs of one language (in a worker process)."""
    name, lang, documents = task
    builder = writing.builders[name]
    try:
        return name, lang.code, [builder.write(document, lang) for document in documents]
    except TemplateError as error:  # said here, where its traceback names the template's line
        raise template_error(writing.project, error) from None
