"""Bounded resources: no quadratic blow-up, memory that does not grow with the site.

These are complexity guards, not speed targets (benchmarks/limits.py measures
those and the README gives the figures): time at four times the size must stay
far from sixteen times (quadratic), and the memory of a build must not grow
with the number of pages it writes.
"""

from __future__ import annotations

import time
import tracemalloc

from conftest import Project, editing
from pipeline.cli import main

WORDS = "the coalition works with partners to stabilise liberated areas and counter propaganda online".split()


def sentence(index: int, words: int = 12) -> str:
    return " ".join(WORDS[(index * 7 + offset) % len(WORDS)] for offset in range(words)).capitalize() + f" {index}."


def translated_project(make_project, body: str, languages: list[str]) -> Project:
    project = make_project(
        languages=languages, threshold=0, mission=False, documents={"mission.md": f"# Limits\n\n{body}\n"}
    )
    project.ok("update")
    for code in languages:
        with editing(project.po(code, "mission")) as catalogue:
            for entry in catalogue:
                entry.msgstr = entry.msgid.upper()
    return project


def cpu_seconds(project: Project, *command: str) -> float:
    """The best of two runs of ``command``, each doing its whole work (nothing cached to skip it)."""
    best = float("inf")
    for round in range(2):
        if command[0] == "update":  # a changed source, so that the update extracts and merges again
            source = project.root / "source/mission.md"
            source.write_text(source.read_text() + f"\nOne more passage {round}.\n")
        started = time.process_time()
        assert main(["--project", str(project.root), *command]) == 0
        best = min(best, time.process_time() - started)
    return best


def test_time_grows_linearly_with_messages_and_with_paragraph_length(tmp_path_factory, capsys):
    from conftest import Project as P

    def make(body):
        root = tmp_path_factory.mktemp("limits") / "project"
        root.mkdir()
        (root / "source").mkdir()
        (root / "pipeline.toml").write_text(
            'site-name = "L"\nbase-url = "https://l.example/"\nhome = "mission"\nlanguages = ["fr"]\npublish-threshold = 0\npdf = false\n'
        )
        (root / "source/mission.md").write_text(f"# Limits\n\n{body}\n")
        project = P(root, capsys)
        assert main(["--project", str(root), "update"]) == 0
        return project

    ratios = {}
    for name, small, large in (
        ("messages", "\n\n".join(sentence(i) for i in range(200)), "\n\n".join(sentence(i) for i in range(800))),
        ("paragraph", " ".join(sentence(i, 20) for i in range(500)), " ".join(sentence(i, 20) for i in range(2000))),
    ):
        # One project per size, each command measured on it in turn (update first: it re-extracts a changed
        # source, then the build is forced and the check reads every message again).
        projects = [make(body) for body in (small, large)]
        # One process: work done in forked workers is not counted by process_time (nor by tracemalloc below).
        for command in (
            ("update", "--jobs", "1"),
            ("build", "--force", "--quiet", "--jobs", "1"),
            ("check", "--jobs", "1"),
        ):
            times = [cpu_seconds(project, *command) for project in projects]
            ratios[(name, command[0])] = times[1] / max(times[0], 1e-3)
    # Linear work gives about 4; quadratic would give 16.
    assert all(ratio < 8 for ratio in ratios.values()), ratios


def test_build_memory_does_not_grow_with_the_number_of_pages(make_project, tmp_path_factory):
    project = translated_project(make_project, "\n\n".join(sentence(i) for i in range(40)), ["fr"])
    peaks = []
    for copies in (2, 16):
        for number in range(copies):
            source = project.root / "source"
            (source / f"copy-{number}.md").write_text((source / "mission.md").read_text())
        assert main(["--project", str(project.root), "update"]) == 0  # else the copies are not in the build
        tracemalloc.start()
        assert main(["--project", str(project.root), "build", "--jobs", "1"]) == 0
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # Eight times the pages: the documents and catalogues grow, the pages written do not pile up.
    assert peaks[1] < peaks[0] * 4, peaks
