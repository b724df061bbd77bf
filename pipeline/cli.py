"""The command line: ``pipeline extract | init | update | build | serve | check | status``.

This module owns the arguments and the output, nothing else: each command
calls its function of the Python API (``api``), which does the work and
returns what it did, and prints that as text (or json, github annotations,
html), one line per file or language. A ``PipelineError`` from the API becomes
the one line ``path:line: error: ...`` on standard error and the exit status
its class says.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, api
from .config import Project
from .errors import INTERNAL_ERROR, PipelineError, error_line
from .files import writing_to
from .progress import Progress, finish_line
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
WRITING_COMMANDS = {"extract", "init", "update", "build", "import"}


# Reading catalogues and rendering pages make millions of short-lived objects and almost no
# reference cycles: collecting every 700 new objects (Python's default) cost ~4% of a build.
GC_THRESHOLDS = (20_000, 10, 10)


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLDS)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check" and args.files and (args.source or len(args.lang or ()) > 1):
        parser.error("check FILE...: give at most one --lang (the files' language), and no --source")
    if args.command == "check" and args.markup and not args.files:
        parser.error("check --markup is for FILEs: a project's catalogues have their documents' markup")
    if args.command is None:
        parser.print_help()
        return 2
    run: Callable[[Project, argparse.Namespace], int] = args.run
    project: Project | None = None
    try:
        if getattr(args, "list", False) or getattr(args, "files", None):  # `check --list` or FILEs: no project
            return run_check(None, args)
        project = api.load_project(args.project)
        if args.command not in WRITING_COMMANDS:
            return run(project, args)
        # The API takes the lock itself, always waiting for it; taken here first, it heeds --no-wait.
        with writing_to(project, wait=not args.no_wait):
            return run(project, args)
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
    except Exception as error:  # the last line of defence: a bug, said in one line, its traceback kept
        finish_line()
        log = internal_error_log(project, argv if argv is not None else sys.argv[1:])
        print(
            f"pipeline: internal error: {type(error).__name__}: {error} "
            "(please report it, with the command and the file)",
            file=sys.stderr,
        )
        print(f"pipeline: the full report is in {log}", file=sys.stderr)
        return INTERNAL_ERROR


def internal_error_log(project: Project | None, argv: Sequence[str]) -> str:
    """Write the exception being handled, with the command and versions, to a log file; its path.

    In the project's build space (``output/.build/internal-error.log``) when there is a project,
    else (or if that cannot be written) in the system's temporary folder.
    """
    import tempfile  # lazy: ~10 ms to import (python -X importtime), and only a bug needs them
    import traceback

    report = (
        f"pipeline {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
        f"command: pipeline {' '.join(argv)}\n\n{traceback.format_exc()}"
    )
    places = [project.root / "output/.build/internal-error.log"] if project is not None else []
    places.append(Path(tempfile.gettempdir()) / f"pipeline-internal-error-{os.getpid()}.log")
    for place in places:
        try:
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_text(report, encoding="utf-8")
            return str(place)
        except OSError:
            continue
    return "(nowhere: no folder could be written)"


@functools.cache
def _parser() -> argparse.ArgumentParser:
    # Made once per process (5 ms): a program driving the command line in-process, as the tests do, calls
    # main() hundreds of times; parsing leaves the parser as it was.
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
        "obsolete (#~); a new text gets, as a fuzzy suggestion, a translation of the same or a close text from "
        "the language's other catalogues or the compendium files (the translation memory), else is added "
        "untranslated. Configured languages without catalogues get them.",
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
    build_command.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_false",
        help="make no PDF of the pages in this build (as `pdf = false` in the configuration does)",
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
    serve_command.add_argument(
        "--pdf",
        action="store_true",
        help="make the PDFs too (left out by default: each takes about half a second to remake after a change)",
    )
    serve_command.set_defaults(run=run_serve)

    check = commands.add_parser(
        "check",
        help="check translations (and with --source, the source documents) for problems",
        description="Check every translated entry of every catalogue: markup, placeholders, numbers in any digits, "
        "addresses, punctuation per script, direction controls, the glossary, and more (--list shows them all). "
        "Fuzzy and untranslated entries are counted, not checked; for fuzzy ones the change in the source is shown. "
        "Silence one check on one entry with the flag `#, ignore-<check>`; turn checks off per language with "
        "disable-checks in the configuration. Given FILEs, checks those catalogues instead, from anywhere "
        "(no project needed): each one's language from its header (or --lang), its markup from its comments "
        "(or --markup).",
        epilog="examples:\n  pipeline check --lang ar\n  pipeline check --format json > problems.json\n"
        "  pipeline check --source\n  pipeline check --list\n"
        "  pipeline check ~/Downloads/django-ar.po\n  pipeline check --lang fa --markup markdown page.fa.po",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "files", nargs="*", metavar="FILE", type=Path, help="catalogues to check instead of the project's (.po)"
    )
    check.add_argument(
        "--lang", action="append", metavar="LANG", help="only this language (repeatable); with FILEs, their language"
    )
    check.add_argument(
        "--markup",
        choices=("markdown", "plain"),
        help="with FILEs: the markup their messages are written in (default: from their comments, else plain)",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (file:line: severity[check]: message), json, or github (workflow annotations)",
    )
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("--source", action="store_true", help="check the source documents instead of the catalogues")
    check.add_argument("--list", action="store_true", help="list the checks and exit")
    _add_work_options(check, "checked", "languages (with FILEs, files)")
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

    export = commands.add_parser(
        "export",
        help="write the catalogues as XLIFF (for CAT tools) or TMX (a translation memory)",
        description="For agencies and translators who work in a CAT tool (Trados, memoQ, OmegaT, Matecat): write "
        "each language's catalogues as one XLIFF file (2.1, or 1.2 with --xliff-version 1.2), with the source, "
        "the translation, its state (untranslated, needs review, reviewed) and where each message is as notes; "
        "emphasis, links and code are inline codes the tool protects, link targets stay out of the text. Send it "
        "out, and bring it back with `pipeline import FILE`. --format tmx writes the reviewed translations as a "
        "TMX 1.4b translation memory instead, one file per language. Nothing in the project is changed.",
        epilog="examples:\n"
        "  pipeline export --format xliff --lang ar -o ar.xlf\n"
        "  pipeline export --format xliff --lang fa_AF --document mission --xliff-version 1.2 -o mission-fa.xlf\n"
        "  pipeline export --format xliff -o to-agency/        one file per language: to-agency/<lang>.xlf\n"
        "  pipeline export --format tmx --drafts -o memories/  memories/<lang>.tmx, drafts included",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("--format", choices=("xliff", "tmx"), required=True, help="xliff (CAT tools) or tmx (memory)")
    export.add_argument("--lang", action="append", metavar="LANG", help="only this language (repeatable)")
    export.add_argument(
        "--document",
        action="append",
        metavar="NAME",
        help="xliff: only this document (repeatable; `ui` is the page texts); default: all of them",
    )
    export.add_argument(
        "--xliff-version", choices=("2.1", "1.2"), default="2.1", help="2.1 (default) or 1.2, for older tools"
    )
    export.add_argument(
        "--drafts", action="store_true", help="tmx: machine drafts and fuzzy translations too, marked needs-review"
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="the file, for one language; for several, a folder for <lang>.xlf or <lang>.tmx (default: .)",
    )
    export.add_argument(
        "--jobs",
        type=_bounded(0, 1024),
        metavar="N",
        help="languages exported in N parallel processes (default: one per CPU, or one alone for a small project)",
    )
    export.set_defaults(run=run_export)

    import_command = commands.add_parser(
        "import",
        help="put the translations of XLIFF files from a CAT tool back into the catalogues",
        description="Read XLIFF files (2.x or 1.2) made by `pipeline export` and returned from a CAT tool, and "
        "write their translations into the catalogues: reviewed (final, signed-off, or translated) ones as "
        "reviewed, those still needing review as fuzzy. Only catalogues whose translations change are written; "
        "source texts, comments and other entries are never touched, and an empty target never erases a "
        "translation. The checks run on what changed, and their problems are shown (exit status 1 on errors). "
        "A file for another project, with a source text that changed since the export, or damaged or unsafe "
        "XML is refused with nothing written (exit status 30).",
        epilog="examples:\n  pipeline import ~/Downloads/ar-returned.xlf\n  pipeline import from-agency/*.xlf",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    import_command.add_argument(
        "xliff_files", nargs="+", type=Path, metavar="FILE", help="XLIFF files (all read before anything is written)"
    )
    import_command.add_argument(
        "--jobs",
        type=_bounded(0, 1024),
        metavar="N",
        help="files imported in N parallel processes (default: one per CPU, or one alone for small files)",
    )
    import_command.set_defaults(run=run_import)
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


def _add_work_options(command: argparse.ArgumentParser, done: str, what: str = "languages") -> None:
    """--jobs and --quiet, for the commands that work through every catalogue."""
    command.add_argument(
        "--jobs",
        type=_bounded(0, 1024),
        metavar="N",
        help=f"{what} {done} in N parallel processes (default: one per CPU, or one process alone when the "
        "work is small enough that starting more would cost more than it saves)",
    )
    command.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar (on a terminal) or progress lines (in a log) on standard error",
    )


def _progress(args: argparse.Namespace) -> Progress:
    return Progress(quiet=args.quiet)


def _print_templates(project: Project, templates: list[api.TemplateResult], orphaned: list[Path]) -> None:
    for template in templates:
        state = "updated" if template.written else "unchanged"
        print(f"{project.relative(template.path)}: {template.messages} messages ({state})")
    for path in orphaned:
        print(
            f"{project.relative(path)}: its document is gone from source/; delete the template and "
            "its catalogues if that is for good"
        )


def run_extract(project: Project, args: argparse.Namespace) -> int:
    result = api.extract(project)
    _print_templates(project, result.templates, result.orphaned)
    return 0


def run_init(project: Project, args: argparse.Namespace) -> int:
    result = api.init(project, args.languages)
    _print_templates(project, result.templates, result.orphaned)
    for lang in result.languages:
        for catalogue in result.catalogues:
            if catalogue.language != lang:
                continue
            shown = project.relative(catalogue.path)
            if catalogue.created:
                print(f"{shown}: created, {catalogue.new} messages to translate")
            else:
                print(f"{shown}: exists, left as it is (`pipeline update` merges new texts)")
        if lang in result.unconfigured:
            print(
                f"note: add {lang.code!r} to languages in {project.relative(project.config_path)} "
                "so that update, status and build include it"
            )
    return 0


def run_update(project: Project, args: argparse.Namespace) -> int:
    result = api.update(project, args.lang, jobs=args.jobs, progress=_progress(args))
    _print_templates(project, result.templates, result.orphaned)
    for catalogue in result.catalogues:
        print(_merge_line(project, catalogue))
    return 0


def _merge_line(project: Project, catalogue: api.CatalogueResult) -> str:
    shown = project.relative(catalogue.path)
    memory = f"{catalogue.remembered} from the translation memory (fuzzy)" if catalogue.remembered else ""
    if catalogue.created:
        filled = f", {catalogue.remembered} of them from the translation memory (fuzzy)" if memory else ""
        return f"{shown}: created, {catalogue.new} messages to translate{filled}"
    if not catalogue.written:
        return f"{shown}: unchanged"
    parts = [
        f"{catalogue.new} new" if catalogue.new else "",
        f"{catalogue.changed} changed (kept as fuzzy)" if catalogue.changed else "",
        f"{catalogue.obsolete} obsolete" if catalogue.obsolete else "",
        f"{catalogue.restored} restored from obsolete" if catalogue.restored else "",
        memory,
    ]
    return f"{shown}: " + (", ".join(part for part in parts if part) or "updated")


def run_build(project: Project, args: argparse.Namespace) -> int:
    report = api.build(
        project, strict=args.strict, force=args.force, jobs=args.jobs, progress=_progress(args), pdf=args.pdf
    )
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
    statuses = api.status(project, args.lang, jobs=args.jobs, progress=_progress(args))
    if args.format == "json":
        print(json.dumps([status.as_json() for status in statuses], ensure_ascii=False, indent=2))
        return 0
    if args.format == "html":
        sys.stdout.write(api.status_page(project, statuses))
        return 0
    print(
        f"{'language':<10} {'reviewed':>16} {'draft':>6} {'fuzzy':>6} {'untranslated':>12} {'words left':>10} "
        f"{'errors':>6} {'warnings':>8}  state        name"
    )
    for status in statuses:
        counts = status.counts
        reviewed = f"{counts.translated}/{counts.total} {counts.percent:5.1f}%"
        draft = f"{counts.draft}" + ("*" if status.shows_drafts else "")
        fuzzy = f"{counts.fuzzy}" + (f" ({status.fuzzy_critical}!)" if status.fuzzy_critical else "")
        print(
            f"{status.lang.code:<10} {reviewed:>16} {draft:>6} {fuzzy:>6} {counts.untranslated:>12} "
            f"{counts.words_left:>10} {status.errors:>6} {status.warnings:>8}  {status.state:<12} {status.lang.label}"
        )
    if any(status.fuzzy_critical for status in statuses):
        print("(N!): fuzzy entries whose source changed a number, negation, glossary term or link: re-translate them")
    if any(status.shows_drafts for status in statuses):
        print("N*: machine drafts, shown to readers labelled as drafts until a translator reviews them")
    drafts = " (machine drafts count where they are published)" if project.drafts_published else ""
    print(f"publish threshold: {project.publish_threshold:g}% of messages translated{drafts}")
    return 0


def run_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import serve  # lazy: http.server and the preview take ~60 ms to import; only `serve` needs them

    return serve(project, args.port, args.all, log=lambda line: print(line, flush=True), pdf=args.pdf)


def run_check(project: Project | None, args: argparse.Namespace) -> int:
    if args.list:
        for info in api.available_checks():
            print(f"{info.id:<15} {info.severity:<8} {info.explanation}")
        return 0
    if args.files:
        result = api.check_files(args.files, args.lang[0] if args.lang else None, args.markup, jobs=args.jobs)
    elif project is None:
        raise AssertionError("only `check --list` and `check FILE...` run without a project")
    elif args.source:
        result = api.check_source(project)
    else:
        result = api.check(project, args.lang, jobs=args.jobs, progress=_progress(args))
    if args.format == "json":
        print(json.dumps([problem.as_json() for problem in result.problems], ensure_ascii=False, indent=2))
    elif args.format == "github":
        for problem in result.problems:
            level = "error" if problem.severity == "error" or args.strict else "warning"
            message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{level} file={problem.file},line={problem.line},title={problem.check}::{message}")
    else:
        for problem in result.problems:
            print(f"{problem.file}:{problem.line}: {problem.severity}[{problem.check}]: {problem.message}")
        errors, warnings, files = result.errors, result.warnings, result.files
        what = "source passages" if result.source else "messages"
        skipped = "" if result.source else f" ({result.fuzzy} fuzzy and {result.untranslated} untranslated not checked)"
        print(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
            f"in {result.checked} {what} of {files} file{'s' if files != 1 else ''}{skipped}"
        )
    return 0 if result.passed(strict=args.strict) else 1


def run_export(project: Project, args: argparse.Namespace) -> int:
    if args.format == "tmx":
        if args.document:
            raise PipelineError("--document is for xliff: a memory holds every document's translations")
        result = api.export_tmx(project, args.lang, drafts=args.drafts, output=args.output, jobs=args.jobs)
    else:
        if args.drafts:
            raise PipelineError("--drafts is for tmx: an XLIFF file has every message, in its state")
        result = api.export_xliff(
            project, args.lang, args.document, version=args.xliff_version, output=args.output, jobs=args.jobs
        )
    what = "units" if result.format.startswith("xliff") else "translation units"
    for exported in result.files:
        state = "written" if exported.written else "unchanged"
        print(f"{exported.path}: {exported.language.code}, {exported.units} {what} ({result.format}, {state})")
    return 0


def run_import(project: Project, args: argparse.Namespace) -> int:
    result = api.import_xliff(project, args.xliff_files, jobs=args.jobs)
    for problem in result.problems:
        print(f"{problem.file}:{problem.line}: {problem.severity}[{problem.check}]: {problem.message}")
    languages: dict[str, list[api.ImportedCatalogue]] = {}
    for catalogue in result.catalogues:
        languages.setdefault(catalogue.language.code, []).append(catalogue)
        parts = [
            _counted(catalogue.changed, "translation") + " changed" if catalogue.changed else "",
            f"{catalogue.reviewed} marked reviewed" if catalogue.reviewed else "",
            f"{catalogue.marked} marked fuzzy (needs review)" if catalogue.marked else "",
            f"{catalogue.unchanged} unchanged" if catalogue.unchanged else "",
            f"{catalogue.empty} without a translation in the file" if catalogue.empty else "",
        ]
        said = ", ".join(part for part in parts if part) or "nothing in the file"
        print(f"{project.relative(catalogue.path)}: {said} ({'written' if catalogue.written else 'unchanged'})")
    for code, catalogues in languages.items():
        changed = sum(item.entries for item in catalogues)
        written = sum(1 for item in catalogues if item.written)
        print(f"{code}: {_counted(changed, 'entry', 'entries')} changed in {written} of {len(catalogues)} catalogues")
    if result.errors:
        errors = _counted(result.errors, "error")
        print(f"{errors} in the imported translations: fix them, or the build shows the source text instead")
    return 1 if result.errors else 0


def _counted(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


if __name__ == "__main__":
    sys.exit(main())
