"""Time every stage of the pipeline, and the reference tools on the same corpus.

    python benchmarks/run.py --size medium            # 50 pages x 30 paragraphs x 20 languages
    python benchmarks/run.py --size mission --runs 5  # the shipped project: 1 page, 10 languages

Each stage runs as its own ``pipeline`` process, as a publisher runs it; the
table gives the median wall time of ``--runs`` runs and the peak memory
(maximum resident set) of the process. Reference tools that are installed
(``pofilter`` and ``pocount`` from translate-toolkit: ``pip install -e '.[bench]'``)
are timed on the same catalogues in the same run, and the ratios are printed.
The table is printed and written to ``benchmarks/results/<size>.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402
from measure import timed  # noqa: E402

SIZES = {"mission": None, "small": (10, 30, 10), "medium": (50, 30, 20), "large": (300, 40, 40)}


@dataclass
class Timing:
    stage: str
    seconds: float
    peak_mb: float
    runs: int


def run_once(command: list[str], cwd: Path, prepare=None) -> tuple[float, float]:
    """Wall time and peak memory (MB) of one run of ``command``."""
    if prepare is not None:
        prepare()
    return timed(command, cwd, ok=(0, 1))  # check exits 1 when it finds errors


def measure(stage: str, command: list[str], cwd: Path, runs: int, prepare=None) -> Timing:
    results = [run_once(command, cwd, prepare) for _ in range(runs)]
    return Timing(stage, statistics.median(seconds for seconds, _ in results), max(peak for _, peak in results), runs)


def pipeline(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def corpus(size: str, folder: Path) -> Path:
    project = folder / "project"
    if SIZES[size] is None:
        repository = HERE.parent
        project.mkdir(parents=True)
        shutil.copy(repository / "pyproject.toml", project)
        shutil.copytree(repository / "source", project / "source")
        shutil.copytree(repository / "locales", project / "locales")
    else:
        pages, paragraphs, languages = SIZES[size]
        generate(project, pages, paragraphs, languages)
    return project


def describe(project: Path) -> str:
    catalogues = list((project / "locales").rglob("*.po"))
    messages = sum(path.read_text(encoding="utf-8").count("\nmsgid ") for path in catalogues)
    pages = len(list((project / "source").glob("*.md")))
    return f"{pages} pages, {len(catalogues)} catalogues, {messages} messages"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="mission")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    project = folder / "project"
    if not project.exists():
        project = corpus(args.size, folder)
    print(f"corpus: {describe(project)} ({args.size})", flush=True)
    env_bin = Path(sys.executable).parent

    timings: list[Timing] = []
    timings.append(measure("extract", pipeline("extract"), project, args.runs))
    timings.append(measure("update (merge templates into all catalogues)", pipeline("update"), project, args.runs))
    timings.append(measure("check (all checks, all catalogues)", pipeline("check"), project, args.runs))
    timings.append(measure("status", pipeline("status"), project, args.runs))
    output = project / "output"
    timings.append(
        measure("build, full", pipeline("build"), project, args.runs, prepare=lambda: shutil.rmtree(output, True))
    )
    timings.append(measure("build, nothing changed", pipeline("build"), project, args.runs))

    references: dict[str, Timing] = {}
    pofilter = env_bin / "pofilter"
    if pofilter.exists():
        out = folder / "pofilter-out"
        references["check (all checks, all catalogues)"] = measure(
            "pofilter (translate-toolkit)",
            [str(pofilter), "--progress=none", "-i", "locales", "-o", str(out)],
            project,
            1,
            prepare=lambda: shutil.rmtree(out, True),
        )
    pocount = env_bin / "pocount"
    if pocount.exists():
        references["status"] = measure("pocount (translate-toolkit)", [str(pocount), "locales"], project, 1)

    lines = [
        f"Corpus: {describe(project)} (size {args.size}); {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; median of {args.runs} runs.",
        "",
        "| stage | median s | peak MB | reference | reference s | ratio |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for timing in timings:
        reference = references.get(timing.stage)
        cells = [timing.stage, f"{timing.seconds:.2f}", f"{timing.peak_mb:.0f}"]
        if reference:
            cells += [reference.stage, f"{reference.seconds:.2f}", f"{reference.seconds / timing.seconds:.1f}x faster"]
        else:
            cells += ["", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / f"{args.size}.md").write_text(table + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
