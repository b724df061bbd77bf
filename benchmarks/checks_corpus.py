"""How right the checks are on catalogues the world wrote, beside Translate Toolkit's pofilter, in one run.

    python benchmarks/checks_corpus.py                      # ../shared/realworld-catalogues
    python benchmarks/checks_corpus.py FOLDER --list > findings.tsv

For every catalogue in FOLDER (its language from its header, else from the
origin ``MANIFEST.tsv`` gives it), ``pipeline check`` (``api.check_files``) and
``pofilter --nofuzzy --excludefilter=untranslated`` (the ``bench`` extra) are
run on the same translated entries. The table gives, per check, the errors and warnings each finds; for
pofilter, its critical filters (printf, pythonbraceformat, variables, xmltags,
escapes, newlines, tabs, nplurals) are its errors and the others its warnings.
Precision is measured on the hand-labelled findings of
``tests/data/check-labels.tsv`` (file, line, tool, check, severity, label:
true, false or debatable, and a note in the labeller's own words): the share
of labelled errors that are true, debatable ones counted as false.

A last line times both tools given every file at once, as a user runs them
over a folder (``pipeline check`` reads and checks files in parallel processes).

``--list`` prints every finding of both tools as TSV instead (file, line, tool,
check, severity, message): the population a labelled sample is drawn from.
"""

from __future__ import annotations

import argparse
import csv
import gc
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import polib  # noqa: E402

from pipeline import api  # noqa: E402
from pipeline.cli import GC_THRESHOLDS  # noqa: E402
from pipeline.pofile import read_po  # noqa: E402

DEFAULT_FOLDER = HERE.parent.parent / "shared" / "realworld-catalogues"
LABELS = HERE.parent / "tests" / "data" / "check-labels.tsv"
POFILTER = Path(sys.executable).parent / "pofilter"
# pofilter's critical filters (Translate Toolkit marks them @critical): the ones that break a program.
POFILTER_CRITICAL = {"escapes", "newlines", "tabs", "printf", "pythonbraceformat", "variables", "xmltags", "nplurals"}
_POFILTER_NOTE = re.compile(r"^\(pofilter\) ([a-z]+): (.*)$")  # a translator comment pofilter adds


@dataclass(frozen=True)
class Finding:
    file: str  # the catalogue's name in FOLDER
    line: int  # the entry's msgid line (pofilter's too, mapped through the entry)
    tool: str  # "pipeline" or "pofilter"
    check: str
    severity: str  # "error" or "warning"
    message: str


def catalogues(folder: Path) -> list[tuple[Path, str | None]]:
    """Every catalogue in ``folder``, with the language its origin gives where its header names none."""
    origins: dict[str, str] = {}
    manifest = folder / "MANIFEST.tsv"
    if manifest.exists():
        for row in csv.reader(manifest.open(encoding="utf-8"), delimiter="\t"):
            if len(row) >= 2:
                origins[row[0]] = row[1]
    found = []
    for path in sorted(folder.glob("*.po")):
        language = None
        if not str(read_po(path).metadata.get("Language", "")).strip() and path.name in origins:
            origin = Path(origins[path.name].split(":", 1)[-1])
            # po/fr.po names its language; locale/fr/LC_MESSAGES/x.po is found by check_files itself
            language = origin.stem if origin.parent.name != "LC_MESSAGES" else None
        found.append((path, language))
    return found


def pipeline_findings(folder: Path) -> tuple[list[Finding], float]:
    """Our findings, each file checked on its own (as pofilter is given them), and the seconds it took.

    The files are checked in this process, with the garbage collector set as the command line sets it:
    the time has no start-up in it, where pofilter's has one per file."""
    files = catalogues(folder)  # the languages: read before the clock starts, as for pofilter
    default = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    started = time.perf_counter()
    found = []
    for path, language in files:
        result = api.check_files([path], language)
        found += [
            Finding(path.name, problem.line, "pipeline", problem.check, problem.severity, problem.message)
            for problem in result.problems
        ]
    seconds = time.perf_counter() - started
    gc.set_threshold(*default)
    return found, seconds


def pofilter_findings(folder: Path) -> tuple[list[Finding], float]:
    """pofilter's findings, each at the line of the entry it is about (the msgid line, as ours)."""
    if not POFILTER.exists():
        return [], 0.0
    found = []
    elapsed = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for path, _ in catalogues(folder):
            out = Path(scratch) / path.name
            started = time.perf_counter()
            subprocess.run(
                [str(POFILTER), "--nofuzzy", "--excludefilter=untranslated", "--progress=none", str(path), str(out)],
                capture_output=True,
                check=False,
            )
            elapsed += time.perf_counter() - started
            if not out.exists():
                continue
            lines = _msgid_lines(path)
            for entry in polib.pofile(str(out), encoding="utf-8"):  # pofilter writes UTF-8, whatever the header says
                notes = [_POFILTER_NOTE.match(line) for line in (entry.tcomment or "").splitlines()]
                for note in (match for match in notes if match):
                    check = note[1]
                    severity = "error" if check in POFILTER_CRITICAL else "warning"
                    line = lines.get((entry.msgctxt, entry.msgid), 0)
                    found.append(Finding(path.name, line, "pofilter", check, severity, note[2]))
    return found, elapsed


# `pipeline check` over every file given as PATH=LANGUAGE (empty: the header's), in a fresh process set up as
# the command line is (its garbage collector's thresholds).
_ONE_COMMAND = """
import gc
import sys
from pathlib import Path
from pipeline import api
from pipeline.cli import GC_THRESHOLDS
gc.set_threshold(*GC_THRESHOLDS)
given = [argument.rpartition("=") for argument in sys.argv[1:]]
api.check_files([Path(path) for path, _, language in given if not language])
for path, _, language in given:
    if language:
        api.check_files([Path(path)], language)
"""


def one_command_seconds(folder: Path) -> tuple[float, float]:
    """Both tools given every catalogue at once, as a user runs them over a folder: ``pipeline check FILE...``
    (``check_files`` with the files that name their language, and one call for each that does not) against
    one ``pofilter`` over a folder of the same files, each in a process of its own. Only the time is kept:
    checked together, the files of one language are also compared with each other (the consistency check)."""
    files = catalogues(folder)
    started = time.perf_counter()
    subprocess.run(  # a process of its own, as pofilter's: nothing read or cached by this one helps it
        [sys.executable, "-c", _ONE_COMMAND, *(f"{path}={language or ''}" for path, language in files)],
        cwd=HERE.parent,
        check=True,
    )
    ours = time.perf_counter() - started
    if not POFILTER.exists():
        return ours, 0.0
    with tempfile.TemporaryDirectory() as scratch:
        given, out = Path(scratch) / "in", Path(scratch) / "out"
        given.mkdir()
        for path, _ in files:
            (given / path.name).write_bytes(path.read_bytes())
        started = time.perf_counter()
        subprocess.run(
            [str(POFILTER), "--nofuzzy", "--excludefilter=untranslated", "--progress=none", str(given), str(out)],
            capture_output=True,
            check=False,
        )
        return ours, time.perf_counter() - started


def _msgid_lines(path: Path) -> dict[tuple[str | None, str], int]:
    return {(entry.msgctxt, entry.msgid): int(entry.linenum or 0) for entry in read_po(path) if not entry.obsolete}


@dataclass(frozen=True)
class Label:
    file: str
    line: int
    tool: str
    check: str
    severity: str
    label: str  # true, false, debatable
    note: str


def read_labels(path: Path = LABELS) -> list[Label]:
    if not path.exists():
        return []
    rows = csv.reader((line for line in path.open(encoding="utf-8") if not line.startswith("#")), delimiter="\t")
    return [Label(row[0], int(row[1]), *row[2:7]) for row in rows if row]


def precision(labels: list[Label], tool: str) -> tuple[int, int, int]:
    """(true, debatable, all) among a tool's labelled errors."""
    errors = [label for label in labels if label.tool == tool and label.severity == "error"]
    return (
        sum(label.label == "true" for label in errors),
        sum(label.label == "debatable" for label in errors),
        len(errors),
    )


def table(ours: list[Finding], theirs: list[Finding], seconds: tuple[float, float], labels: list[Label]) -> str:
    rows = ["| tool | check | errors | warnings |", "|---|---|---:|---:|"]
    for tool, found in (("pipeline check", ours), ("pofilter", theirs)):
        counts = Counter((finding.check, finding.severity) for finding in found)
        for check in sorted({finding.check for finding in found}):
            rows.append(f"| {tool} | `{check}` | {counts[check, 'error']} | {counts[check, 'warning']} |")
        errors = sum(finding.severity == "error" for finding in found)
        rows.append(f"| {tool} | **all** | **{errors}** | **{len(found) - errors}** |")
    lines = ["\n".join(rows), ""]
    for tool, name, spent in (("pipeline", "pipeline check", seconds[0]), ("pofilter", "pofilter", seconds[1])):
        true, debatable, labelled = precision(labels, tool)
        share = f"{100 * true / labelled:.1f}%" if labelled else "n/a"
        lines.append(
            f"{name}: {spent:.1f} s; error precision on {labelled} labelled errors: {share} "
            f"({true} true, {debatable} debatable, {labelled - true - debatable} false)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--list", action="store_true", help="print every finding of both tools as TSV")
    args = parser.parse_args()
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: no such folder (the real catalogues are in ../shared/realworld-catalogues)")
    ours, our_seconds = pipeline_findings(args.folder)
    theirs, their_seconds = pofilter_findings(args.folder)
    if args.list:
        writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        for finding in [*ours, *theirs]:
            message = " ".join(finding.message.split())
            writer.writerow([finding.file, finding.line, finding.tool, finding.check, finding.severity, message])
        return
    files = len(catalogues(args.folder))
    print(f"{files} catalogues in {args.folder}\n")
    print(table(ours, theirs, (our_seconds, their_seconds), read_labels()))
    together, pofilter_together = one_command_seconds(args.folder)
    print(f"every file in one command: pipeline check {together:.1f} s, pofilter {pofilter_together:.1f} s")


if __name__ == "__main__":
    main()
