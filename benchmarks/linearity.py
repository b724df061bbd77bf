"""Whether time grows linearly with the corpus: CPU per message of one corpus and of its doubles, in one run.

    python benchmarks/linearity.py                     # 50 pages x 30 paragraphs x 20 languages, and doubles
    python benchmarks/linearity.py --base 150x40x20 --rounds 1 --keep /tmp/linearity

One large run (``run.py --size large``) against a medium one made another hour
compares two days of a machine whose speed drifts by a fifth between runs.
Here the base corpus and three doubles of it (twice the pages, twice the
paragraphs a page, twice the languages) are timed stage by stage, the four
corpora in turn within each round, so that they share the machine's state of
the moment. The table gives each stage's median CPU time per message (the
command's and its workers', as ``run.py`` measures it) for each corpus, and
each double against the base: 1.00 is linear, more than 1 grows faster than
the corpus. The doubled languages are other languages (the corpus's next 20
of 40, none right to left), whose texts cost what they cost, so that column
says less than the two others.
The table is printed and written to ``benchmarks/results/linearity.md``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus import generate
from measure import timed
from run import HERE, describe, forget_merges, pipeline, set_aside


@dataclass(frozen=True)
class Corpus:
    label: str
    pages: int
    paragraphs: int
    languages: int


@dataclass(frozen=True)
class Stage:
    name: str
    arguments: Callable[[Path], list[str]]  # the command's arguments, given the corpus's folder
    prepare: Callable[[Path], None] | None = None  # given the project, before each timed run
    ok: tuple[int, ...] = (0,)


STAGES = (
    Stage("update, first run (every catalogue merged)", lambda _: ["update"], forget_merges),
    Stage("check (all checks, all catalogues)", lambda _: ["check"], ok=(0, 1)),
    Stage("export, XLIFF 2.1, every language",
          lambda folder: ["export", "--format", "xliff", "-o", str(folder / "xliff")]),
    Stage("build, full, --no-pdf (into an empty output/)", lambda _: ["build", "--quiet", "--no-pdf"],
          lambda project: set_aside(project / "output")),
    Stage("build, everything again, --no-pdf --force", lambda _: ["build", "--quiet", "--no-pdf", "--force"]),
)  # fmt: skip


def doubles(base: Corpus) -> list[Corpus]:
    """The base corpus and its three doubles."""
    pages, paragraphs, languages = base.pages, base.paragraphs, base.languages
    return [
        base,
        Corpus("pages x2", pages * 2, paragraphs, languages),
        Corpus("paragraphs x2", pages, paragraphs * 2, languages),
        Corpus("languages x2", pages, paragraphs, languages * 2),
    ]


def parse_size(text: str) -> Corpus:
    try:
        pages, paragraphs, languages = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give PAGESxPARAGRAPHSxLANGUAGES, as 50x30x20") from None
    if languages * 2 > 40:
        raise argparse.ArgumentTypeError("at most 20 languages: the corpus has 40 to double them with")
    return Corpus("base", pages, paragraphs, languages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=parse_size, default=parse_size("50x30x20"), help="PAGESxPARAGRAPHSxLANGUAGES")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every stage on every corpus (median)")
    parser.add_argument("--keep", type=Path, help="make the corpora here (or use the ones already there)")
    args = parser.parse_args()

    compileall.compile_dir(str(HERE.parent / "pipeline"), quiet=1)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1780000000")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-linearity-"))
    corpora = doubles(args.base)
    projects: dict[Corpus, Path] = {}
    messages: dict[Corpus, int] = {}
    for corpus in corpora:
        project = folder / f"{corpus.pages}x{corpus.paragraphs}x{corpus.languages}" / "project"
        if not project.exists():
            generate(project, corpus.pages, corpus.paragraphs, corpus.languages)
        for command in (["extract"], ["update"], ["build", "--quiet", "--no-pdf"]):  # every stage's starting point
            timed(pipeline(project, *command))
        projects[corpus], messages[corpus] = project, describe(project)[3]
        print(f"{corpus.label}: {corpus.pages} x {corpus.paragraphs} x {corpus.languages}, {messages[corpus]} messages")

    cpu: dict[tuple[str, Corpus], list[float]] = {}
    peak: dict[Corpus, float] = {}
    for round_number in range(1, args.rounds + 1):
        for stage in STAGES:
            for corpus in corpora:
                project = projects[corpus]
                if stage.prepare is not None:
                    stage.prepare(project)
                measured = timed(pipeline(project, *stage.arguments(project.parent)), ok=stage.ok)
                cpu.setdefault((stage.name, corpus), []).append(measured.cpu_seconds / messages[corpus] * 1e6)
                peak[corpus] = max(peak.get(corpus, 0.0), measured.peak_mb)
                print(f"round {round_number}, {stage.name}, {corpus.label}: {measured.cpu_seconds:.2f} s of CPU")

    base = corpora[0]
    header = ["stage", *(f"{c.label} ({c.pages}x{c.paragraphs}x{c.languages})" for c in corpora)]
    header += [f"{c.label} / base" for c in corpora[1:]]
    lines = [
        f"CPU per message, median of {args.rounds} rounds, the four corpora in turn in each; "
        f"{', '.join(f'{c.label} {messages[c]} messages' for c in corpora)}.",
        "",
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    for stage in STAGES:
        each = {corpus: statistics.median(cpu[(stage.name, corpus)]) for corpus in corpora}
        cells = [stage.name, *(f"{each[corpus]:.0f} µs" for corpus in corpora)]
        cells += [f"{each[corpus] / each[base]:.2f}" for corpus in corpora[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Peak memory, any stage: " + ", ".join(f"{c.label} {peak[c]:.0f} MB" for c in corpora) + "."]
    table = "\n".join(lines)
    print(table)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "linearity.md").write_text(table + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
