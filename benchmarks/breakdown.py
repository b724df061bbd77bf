"""Where a full build's time goes, by stage, and how far it is from the floor of the libraries it uses.

    python benchmarks/breakdown.py --keep /tmp/bench-medium      # the corpus run.py --keep made (or makes)
    python benchmarks/breakdown.py --size mission

One full build (``--force --no-pdf``) in one process with ``--jobs 1``, under
cProfile: each function's own time goes to the stage its module belongs to
(a built-in's, such as ``re.match`` or ``os.write``, to the stage of the code
that called it). Start-up is timed apart: ``python -m pipeline --version``
less a bare ``python -c pass``. The floor is two measurements of the same
corpus: reading every catalogue with the project's reader, and rendering every
translated message with markdown-it-py's inline renderer. cProfile slows
Python code down, by about 1.5 to 2 times, more than it slows C code: the
shares are what to read, the seconds are the profiled ones.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import SIZES, corpus  # noqa: E402

# The stage of a function, by the first of these its file's path contains (checked in this order).
STAGES = [
    ("reading catalogues, compiling .mo (polib)", ("pipeline/pofile.py", "/polib.py")),
    ("checking translations", ("pipeline/checks/", "pipeline/status.py")),
    ("rendering text (Markdown)", ("pipeline/sources/", "/markdown_it/", "/mdit_py_plugins/", "pipeline/linebreak")),
    ("rendering pages (Jinja2)", ("/jinja2/", "/markupsafe/", "pipeline/pages.py", "pipeline/render.py")),
    ("locale data (Babel)", ("/babel/", "pipeline/languages.py", "pipeline/plurals.py")),
    ("writing files", ("pipeline/files.py", "pipeline/sitemap.py", "pipeline/manifest.py")),
    ("change cache and plan", ("pipeline/cache.py", "pipeline/build.py", "pipeline/translations.py")),
    ("builders", ("pipeline/builders/",)),
]
OTHER = "other (the rest of the tool and the standard library)"


def stage_of(filename: str) -> str | None:
    for stage, markers in STAGES:
        if any(marker in filename for marker in markers):
            return stage
    return None


def breakdown(stats: pstats.Stats) -> Counter[str]:
    """Seconds of own time per stage; a built-in's own time is its callers'."""
    seconds: Counter[str] = Counter()
    table = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, own, _, callers) in table.items():
        stage = stage_of(filename)
        if stage is not None or filename != "~":
            seconds[stage or OTHER] += own
            continue
        total_from_callers = sum(edge[2] for edge in callers.values()) or 1.0
        for (caller_file, _, _), edge in callers.items():
            seconds[stage_of(caller_file) or OTHER] += own * edge[2] / total_from_callers
    return seconds


def start_up() -> tuple[float, float]:
    """Median wall seconds of ``python -m pipeline --version`` and of ``python -c pass``, of five each."""

    def median(command: list[str]) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        return sorted(times)[2]

    return median([sys.executable, "-m", "pipeline", "--version"]), median([sys.executable, "-c", "pass"])


def floor(project: Path) -> tuple[float, float, int]:
    """CPU seconds to read every catalogue, and to render every translation with markdown-it's inline renderer."""
    from markdown_it import MarkdownIt

    from pipeline.pofile import read_po

    started = time.process_time()
    catalogues = [read_po(path) for path in sorted((project / "locales").rglob("*.po"))]
    reading = time.process_time() - started
    texts = [entry.msgstr for catalogue in catalogues for entry in catalogue if entry.msgstr]
    inline = MarkdownIt("commonmark")
    started = time.process_time()
    for text in texts:
        inline.renderInline(text)
    return reading, time.process_time() - started, len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="medium")
    parser.add_argument("--keep", type=Path, help="make the corpus here (or use the one already there)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1780000000")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-profile-"))
    project = folder / "project"
    if not project.exists():
        project = corpus(args.size, folder)

    from pipeline import api

    loaded = api.load_project(project)
    api.build(loaded, force=True, jobs=1, pdf=False)  # the catalogues merged and compiled once, as a CI has them
    profiler = cProfile.Profile()
    started = time.process_time()
    profiler.enable()
    api.build(loaded, force=True, jobs=1, pdf=False)
    profiler.disable()
    cpu = time.process_time() - started
    seconds = breakdown(pstats.Stats(profiler))
    total = sum(seconds.values())
    command, bare = start_up()
    reading, rendering, messages = floor(project)

    lines = [
        f"One full build (--force --no-pdf --jobs 1) of {project}, profiled: {cpu:.2f} s of CPU, "
        f"{total:.2f} s on cProfile's clock; {messages} translated messages.",
        "",
        "| stage | seconds, profiled | share |",
        "|---|---:|---:|",
    ]
    for stage, spent in seconds.most_common():
        lines.append(f"| {stage} | {spent:.2f} | {100 * spent / total:.0f}% |")
    lines += [
        "",
        f"Start-up: `python -m pipeline --version` {command:.3f} s, `python -c pass` {bare:.3f} s "
        f"({command / bare:.1f}x).",
        f"Floor: reading every catalogue {reading:.2f} s of CPU; markdown-it's inline renderer on every "
        f"translated message {rendering:.2f} s ({1e6 * rendering / max(messages, 1):.0f} us a message).",
    ]
    print("\n".join(lines))
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
