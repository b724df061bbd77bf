"""The command line: ``pipeline extract | init | update | build | serve | check | status``.

Each command prints what it did, one line per file or language, and exits
non-zero with a one-line ``path:line: error: ...`` when input is wrong.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import Project, load_project
from .errors import CatalogueError, LanguageError, PipelineError, error_line
from .files import inside, project_lock, writing
from .languages import Language, language
from .progress import Progress, finish_line

# Each command imports what it needs when it runs: a build with nothing to do
# must not pay for loading Markdown, Jinja2 and the checks.
if TYPE_CHECKING:
    from .catalogue import MergeReport
    from .extract import TemplatePlan
    from .status import LanguageStatus

DESCRIPTION = """\
Translate Markdown documents with gettext catalogues and publish a page per language.

  source/*.md            the documents, in the source language
  locales/<doc>.pot      message templates, made by `extract`
  locales/<lang>/LC_MESSAGES/<doc>.po
                         the translators' catalogues
  output/                the site, made by `build`
"""

EPILOG = """\
examples:
  pipeline build                     build the site into output/
  pipeline update                    extract, then merge new texts into every catalogue
  pipeline init tr                   start catalogues for Turkish
  pipeline status --format json      progress per language, for scripts
  pipeline check --lang ar           what is wrong in the Arabic catalogues, file:line by file:line
  pipeline --project ~/site build    work on a project in another folder
"""


# Commands that write to the project take its lock; serve takes it for each rebuild.
WRITING_COMMANDS = {"extract", "init", "update", "build"}


# Reading catalogues and rendering pages make millions of short-lived objects and almost no
# reference cycles: collecting every 700 new objects (Python's default) cost ~4% of a build.
GC_THRESHOLDS = (20_000, 10, 10)


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLDS)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if getattr(args, "list", False):  # `check --list` needs no project
            return run_check(None, args)  # type: ignore[arg-type]
        project = load_project(args.project)
        if args.command not in WRITING_COMMANDS:
            return int(args.run(project, args) or 0)
        inside(project.lock_path, project.output_dir)  # output/ must be the project's own before anything is made
        with (
            project_lock(project.lock_path, wait=not args.no_wait),
            writing(project.unfinished_mark, [project.locales_dir, project.output_dir]),
        ):
            return int(args.run(project, args) or 0)
    except PipelineError as error:
        finish_line()
        print(error_line(error), file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        finish_line()
        print("pipeline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`pipeline status | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="if another command is writing to the project, stop (exit status 7) instead of waiting for it",
    )
    parser.add_argument(
        "--project",
        metavar="DIR",
        default=".",
        help="the project folder (with pyproject.toml or pipeline.toml); default: .",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = commands.add_parser(
        "extract",
        help="cut the documents and templates into message templates (locales/*.pot)",
        description="Write locales/<doc>.pot for every document in source/ and locales/ui.pot for the "
        "page templates. Files whose messages did not change are left untouched.",
    )
    extract.set_defaults(run=run_extract)

    init = commands.add_parser(
        "init",
        help="start the catalogues of new languages",
        description="Create locales/<LANG>/LC_MESSAGES/<domain>.po for every template, with the header "
        "(language, plural forms, charset) GNU gettext expects. Existing catalogues are left as they are.",
        epilog="example: pipeline init tr nl fa_AF",
    )
    init.add_argument("languages", nargs="+", metavar="LANG", help="gettext language codes such as fr, ar, fa_AF")
    init.set_defaults(run=run_init)

    update = commands.add_parser(
        "update",
        help="extract, then merge the templates into every language's catalogues",
        description="Extract, then bring every catalogue in step with the templates: translations, comments "
        "and flags are kept; a changed text keeps its old translation marked fuzzy; a removed text becomes "
        "obsolete (#~); new texts are added untranslated. Configured languages without catalogues get them.",
    )
    update.add_argument("--lang", action="append", metavar="LANG", help="only this language (repeatable)")
    _add_work_options(update, "merged")
    update.set_defaults(run=run_update)

    build_command = commands.add_parser(
        "build",
        help="render the site into output/",
        description="Render every document in the source language and in every language whose catalogues "
        "are translated at least up to publish-threshold. Untranslated passages show the source text, marked.",
    )
    build_command.add_argument("--force", action="store_true", help="render everything again, ignoring what is cached")
    _add_work_options(build_command, "built")
    build_command.add_argument(
        "--strict",
        action="store_true",
        help="fail, changing no page, if any translation has errors (instead of "
        "publishing the source text in its place)",
    )
    build_command.set_defaults(run=run_build)

    serve_command = commands.add_parser(
        "serve",
        help="preview the site: build it into build space, serve it on 127.0.0.1, rebuild and reload on every change",
        description="Build a preview into output/.build/preview/ (never the published site), serve it on "
        "127.0.0.1 and watch source/, locales/, the templates and the configuration: every change rebuilds the "
        "preview and reloads the pages open in the browser. A broken catalogue shows its error at the top of the "
        "page and on standard error. Ctrl-C stops (exit status 130).",
        epilog="example: pipeline serve --all --port 8080   (then open http://127.0.0.1:8080/fr/)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve_command.add_argument("--port", type=_port, default=8000, help="the port (default 8000; 0 picks a free one)")
    serve_command.add_argument(
        "--all", action="store_true", help="show every configured language, even those below the publish threshold"
    )
    serve_command.set_defaults(run=run_serve)

    check = commands.add_parser(
        "check",
        help="check translations (and with --source, the source documents) for problems",
        description="Check every translated entry of every catalogue: markup, placeholders, numbers in any digits, "
        "addresses, punctuation per script, direction controls, the glossary, and more (--list shows them all). "
        "Fuzzy and untranslated entries are counted, not checked; for fuzzy ones the change in the source is shown. "
        "Silence one check on one entry with the flag `#, ignore-<check>`; turn checks off per language with "
        "disable-checks in the configuration.",
        epilog="examples:\n  pipeline check --lang ar\n  pipeline check --format json > problems.json\n"
        "  pipeline check --source\n  pipeline check --list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("--lang", action="append", metavar="LANG", help="only this language (repeatable)")
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (file:line: severity[check]: message), json, or github (workflow annotations)",
    )
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("--source", action="store_true", help="check the source documents instead of the catalogues")
    check.add_argument("--list", action="store_true", help="list the checks and exit")
    _add_work_options(check, "checked")
    check.set_defaults(run=run_check)

    status = commands.add_parser(
        "status",
        help="show how far each language is translated",
        description="Translated, fuzzy and untranslated messages and words per language, and whether the "
        "language is published.",
    )
    status.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="text, json (for scripts) or html (the dashboard the build writes to output/status.html)",
    )
    status.add_argument("--lang", action="append", metavar="LANG", help="only this language (repeatable)")
    _add_work_options(status, "read")
    status.set_defaults(run=run_status)
    return parser


def _bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or a one-line usage error."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return number


_port = _bounded(0, 65535)


def _catalogue_state(path: Path, shown: str, recorded: list | None) -> list | None:
    """[content hash, size, modification time] of a catalogue, None if there is none.

    A catalogue whose size and modification time are those ``recorded`` (by the
    last update) is not read again: its recorded hash stands, as in a build.
    """
    from .manifest import digest

    try:
        info = path.stat()
        if recorded is not None and len(recorded) == 4 and recorded[2:] == [info.st_size, info.st_mtime_ns]:
            return recorded[1:]
        return [digest(path.read_bytes()), info.st_size, info.st_mtime_ns]
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CatalogueError(f"cannot read: {error.strerror}", shown) from None


def _add_work_options(command: argparse.ArgumentParser, done: str) -> None:
    """--jobs and --quiet, for the commands that work through every catalogue."""
    command.add_argument(
        "--jobs",
        type=_bounded(0, 1024),
        metavar="N",
        help=f"languages {done} in parallel (default: the number of CPUs)",
    )
    command.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar (on a terminal) or progress lines (in a log) on standard error",
    )


def _languages(project: Project, codes: list[str] | None) -> list[Language]:
    if not codes:
        return list(project.languages)
    chosen = []
    for code in codes:
        lang = language(code)
        if lang not in project.languages:
            raise LanguageError(
                f"{lang.code!r} is not among the languages in {project.relative(project.config_path)} "
                f"({', '.join(item.code for item in project.languages)})"
            )
        chosen.append(lang)
    return list(dict.fromkeys(chosen))  # `--lang ar --lang ar` is Arabic once


def _plan_templates(project: Project) -> list[TemplatePlan]:
    from .extract import all_domains, plan_template

    return [plan_template(project, domain) for domain in all_domains(project)]


def _write_templates(project: Project, plans: list[TemplatePlan]) -> None:
    from .extract import write_template

    for plan in plans:
        state = "updated" if write_template(project, plan) else "unchanged"
        print(f"{project.relative(plan.path)}: {len(plan.template)} messages ({state})")
    known = {plan.path.name for plan in plans}
    if project.locales_dir.is_dir():
        for stale in sorted(project.locales_dir.glob("*.pot")):
            if stale.name not in known:
                print(
                    f"{project.relative(stale)}: its document is gone from source/; delete the template and "
                    "its catalogues if that is for good"
                )


def run_extract(project: Project, args: argparse.Namespace) -> int:
    _write_templates(project, _plan_templates(project))
    return 0


def run_init(project: Project, args: argparse.Namespace) -> int:
    from .catalogue import plan_update, write_update

    # Every code checked before anything is written; one given twice is one language.
    languages = list(dict.fromkeys(language(code) for code in args.languages))
    for lang in languages:
        if lang == project.source_language:
            raise LanguageError(f"{lang.code!r} is the source language; it needs no catalogue")
    plans = _plan_templates(project)
    created = [
        plan_update(project, lang, plan.domain.name, plan.template)
        for lang in languages
        for plan in plans
        if not project.catalogue_path(lang, plan.domain.name).exists()
    ]
    _write_templates(project, plans)
    for lang in languages:
        for plan in plans:
            path = project.catalogue_path(lang, plan.domain.name)
            report = next((report for report in created if report.path == path), None)
            if report is None:
                print(f"{project.relative(path)}: exists, left as it is (`pipeline update` merges new texts)")
                continue
            write_update(project, report)
            print(f"{project.relative(path)}: created, {report.new} messages to translate")
        if lang not in project.languages:
            print(
                f"note: add {lang.code!r} to languages in {project.relative(project.config_path)} "
                "so that update, status and build include it"
            )
    return 0


def _merge_language(
    project: Project, item: tuple[Language, list]
) -> tuple[str, list[MergeReport], PipelineError | None]:
    """Merge one language's catalogues with their templates (run in a worker process).

    Each merged catalogue is staged beside its file, not written: the caller
    commits them all once every catalogue has been read, or discards them all.
    A broken catalogue is returned, not raised, so that no worker is stopped
    halfway and every staged file is accounted for.
    """
    from .catalogue import plan_update
    from .files import stage

    lang, domains = item
    reports: list[MergeReport] = []
    for domain, template in domains:
        try:
            report = plan_update(project, lang, domain, template)
        except PipelineError as error:
            return lang.code, reports, error
        if report.text is not None and report.text != report.before:
            report.staged = stage(report.path, report.text.encode("utf-8"), project.locales_dir)
        report.text = report.before = None  # the staged file holds it now; keep memory small
        reports.append(report)
    return lang.code, reports, None


def run_update(project: Project, args: argparse.Namespace) -> int:
    from functools import partial

    from .catalogue import load_merged, save_merged
    from .files import commit, discard
    from .manifest import digest
    from .parallel import run

    languages = _languages(project, args.lang)
    plans = _plan_templates(project)
    merged = load_merged(project)
    # A catalogue already merged with this very template, and not touched since, needs nothing.
    templates = {plan.domain.name: digest(plan.text) for plan in plans}
    todo: dict[Language, list] = {}
    untouched = []
    for lang in languages:
        for plan in plans:
            path = project.catalogue_path(lang, plan.domain.name)
            shown = project.relative(path)
            recorded = merged.get(shown)
            current = _catalogue_state(path, shown, recorded)
            if (
                current is not None
                and recorded is not None
                and recorded[:2] == [templates[plan.domain.name], current[0]]
            ):
                untouched.append(shown)
                merged[shown] = [templates[plan.domain.name], *current]
            else:
                todo.setdefault(lang, []).append((plan.domain.name, plan.template))
    # Every catalogue that needs it is read (and so checked) before any file is changed.
    reports: list[MergeReport] = []
    errors: list[PipelineError] = []
    progress = _progress(args)
    sizes = {lang.code: len(domains) for lang, domains in todo.items()}
    progress.start("merging catalogues", sum(sizes.values()))

    def cost(item: tuple[Language, list]) -> int:
        return project.catalogues_size(item[0], (domain for domain, _ in item[1]))

    for code, language_reports, error in run(
        partial(_merge_language, project), list(todo.items()), args.jobs or 0, cost
    ):
        reports += language_reports
        errors += [error] if error else []
        progress.step(code, sizes[code])
    if errors:
        for report in reports:
            if report.staged is not None:
                discard(report.staged)
        raise min(errors, key=lambda error: (str(error.path), error.line or 0))
    _write_templates(project, plans)
    for shown in untouched:
        print(f"{shown}: unchanged")
    for report in sorted(reports, key=lambda report: str(report.path)):
        if report.staged is not None:
            commit(report.staged, report.path)
            report.written = True
        shown = project.relative(report.path)
        merged[shown] = [templates[report.path.stem], *(_catalogue_state(report.path, shown, None) or [None])]
        print(_merge_line(project, report))
    save_merged(project, merged)
    return 0


def _merge_line(project: Project, report: MergeReport) -> str:
    shown = project.relative(report.path)
    if report.created:
        return f"{shown}: created, {report.new} messages to translate"
    if not report.written:
        return f"{shown}: unchanged"
    parts = [
        f"{report.new} new" if report.new else "",
        f"{report.changed} changed (kept as fuzzy)" if report.changed else "",
        f"{report.obsolete} obsolete" if report.obsolete else "",
        f"{report.restored} restored from obsolete" if report.restored else "",
    ]
    return f"{shown}: " + (", ".join(part for part in parts if part) or "updated")


def _progress(args: argparse.Namespace) -> Progress:
    return Progress(quiet=args.quiet)


def run_build(project: Project, args: argparse.Namespace) -> int:
    from .build import build

    report = build(project, strict=args.strict, force=args.force, jobs=args.jobs, progress=_progress(args))
    output = project.relative(project.output_dir)
    if report.nothing_changed:
        print(f"{output}/: nothing changed ({report.pages} pages in {len(report.published)} languages)")
    else:
        print(
            f"{output}/: {report.pages} pages in {len(report.published)} languages, {report.rendered} rendered "
            f"({report.written} files written, {report.unchanged} unchanged, {report.removed} removed)"
        )
    print("published: " + ", ".join(lang.code for lang in report.published))
    waiting = [status for status in report.statuses if status.lang not in report.published]
    if waiting:
        listed = ", ".join(_progress_of(status) for status in waiting)
        print(f"in progress (below {project.publish_threshold:g}%): {listed}")
    for status in report.statuses:
        if status.held_back and status.lang in report.published:
            passages = "passage" if status.held_back == 1 else "passages"
            code = status.lang.code
            print(f"{code}: {status.held_back} {passages} held back by errors; run pipeline check --lang {code}")
    return 0


def _progress_of(status: LanguageStatus) -> str:
    """A language's progress as the threshold sees it; translations held back by errors do not count."""
    said = f"{status.lang.code} {status.publishable_percent:.0f}%"
    if status.held_back:
        said += f" ({status.counts.percent:.0f}% translated, {status.held_back} held back by errors)"
    return said


def run_status(project: Project, args: argparse.Namespace) -> int:
    from .build import Sources, language_statuses
    from .segment import UI_DOMAIN

    languages = _languages(project, args.lang)
    statuses = [status for status in language_statuses(project, args.jobs, _progress(args)) if status.lang in languages]
    if args.format == "json":
        print(json.dumps([status.as_json() for status in statuses], ensure_ascii=False, indent=2))
        return 0
    if args.format == "html":
        from jinja2 import TemplateError

        from .build import template_error
        from .pages import status_page
        from .render import environment, install_ui_translations, load_translations

        published = [project.source_language] + [status.lang for status in statuses if status.published]
        domains = [*Sources.find(project).paths, UI_DOMAIN]
        try:
            env = environment(project)
            source = project.source_language
            install_ui_translations(env, load_translations(None, source), source, source)
            page = status_page(project, env, statuses, domains, published)
        except TemplateError as error:  # the project's own dashboard template: said like any other broken input
            raise template_error(project, error) from None
        sys.stdout.write(page.decode("utf-8"))
        return 0
    print(
        f"{'language':<10} {'translated':>16} {'fuzzy':>6} {'untranslated':>12} {'words left':>10} "
        f"{'errors':>6} {'warnings':>8}  state        name"
    )
    for status in statuses:
        counts = status.counts
        state = "published" if status.published else "in progress"
        translated = f"{counts.translated}/{counts.total} {counts.percent:5.1f}%"
        fuzzy = f"{counts.fuzzy}" + (f" ({status.fuzzy_critical}!)" if status.fuzzy_critical else "")
        words_left = counts.fuzzy_words + counts.untranslated_words
        print(
            f"{status.lang.code:<10} {translated:>16} {fuzzy:>6} {counts.untranslated:>12} {words_left:>10} "
            f"{status.errors:>6} {status.warnings:>8}  {state:<12} {status.lang.label}"
        )
    if any(status.fuzzy_critical for status in statuses):
        print("(N!): fuzzy entries whose source changed a number, negation, glossary term or link: re-translate them")
    print(f"publish threshold: {project.publish_threshold:g}% of messages translated")
    return 0


def run_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(project, args.port, args.all, log=lambda line: print(line, flush=True))


def _check_language(project: Project, domains: list[str], glossary, lang: Language) -> tuple[str, list, list]:
    """Check one language's catalogues (run in a worker process)."""
    from .checks import Problem, check_catalogue, checker_for
    from .pofile import read_catalogue

    reports, problems = [], []
    for domain in domains:
        path = project.catalogue_path(lang, domain)
        if not path.exists():
            continue
        shown = project.relative(path)
        try:
            catalogue = read_catalogue(path, shown, lang.code)
        except CatalogueError as error:
            problems.append(Problem(shown, error.line or 1, lang.code, "", "syntax", "error", error.message))
            continue
        report = check_catalogue(catalogue, shown, checker_for(project, lang, domain, glossary))
        report.problems, found = [], report.problems
        reports.append(report)
        problems += found
    return lang.code, reports, problems


def run_check(project: Project, args: argparse.Namespace) -> int:
    from .checks import CHECKS, check_source_segments, project_glossary
    from .extract import load_documents

    if args.list:
        for info in CHECKS.values():
            print(f"{info.id:<15} {info.severity:<8} {info.explanation}")
        return 0
    if args.source:
        documents = load_documents(project)
        disabled = project.checks_disabled_for(project.source_language.code)
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
        checked, fuzzy, untranslated, files = sum(len(d.segments) for d in documents), 0, 0, len(documents)
    else:
        from functools import partial

        from .build import Sources
        from .parallel import run
        from .segment import UI_DOMAIN

        languages = _languages(project, args.lang)
        domains = [*Sources.find(project).paths, UI_DOMAIN]
        task = partial(_check_language, project, domains, project_glossary(project))
        reports, problems = [], []
        progress = _progress(args)
        progress.start("checking catalogues", len(languages) * len(domains))
        for code, language_reports, language_problems in run(
            task, languages, args.jobs or 0, lambda lang: project.catalogues_size(lang, domains)
        ):
            reports += language_reports
            problems += language_problems
            progress.step(code, len(domains))
        checked = sum(report.checked for report in reports)
        fuzzy = sum(report.fuzzy for report in reports)
        untranslated = sum(report.untranslated for report in reports)
        files = len(reports)
    problems.sort(key=lambda problem: (problem.file, problem.line, problem.check))
    errors = sum(1 for problem in problems if problem.severity == "error")
    warnings = len(problems) - errors
    if args.format == "json":
        print(json.dumps([problem.as_json() for problem in problems], ensure_ascii=False, indent=2))
    elif args.format == "github":
        for problem in problems:
            level = "error" if problem.severity == "error" or args.strict else "warning"
            message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{level} file={problem.file},line={problem.line},title={problem.check}::{message}")
    else:
        for problem in problems:
            print(f"{problem.file}:{problem.line}: {problem.severity}[{problem.check}]: {problem.message}")
        what = "messages" if not args.source else "source passages"
        skipped = f" ({fuzzy} fuzzy and {untranslated} untranslated not checked)" if not args.source else ""
        print(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
            f"in {checked} {what} of {files} file{'s' if files != 1 else ''}{skipped}"
        )
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
