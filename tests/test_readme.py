"""The README is true: every command it shows prints, on a fresh copy of the repository, what it shows.

Markers. A fenced block in README.md that shows commands (lines starting
with ``$ .venv/bin/pipeline``) has, on the line right before its opening
fence, ``<!-- example: NAME -->``, NAME being a scenario defined below. A
marked block without ``$`` lines shows the output of the one
``.venv/bin/pipeline`` command in the block right before it (the set-up
command at the top, whose ``pip install`` part CI runs). A test fails when a
block shows or runs ``.venv/bin/pipeline`` without being covered by a marker,
when a marker names no scenario (or is misspelt, or is not right before a
block), when a scenario is used by no block, and when an example's output or
exit status differs.

Scenarios. A scenario is a generator given a fresh copy of the repository
(``pyproject.toml``, ``source/``, ``locales/``, and ``output/`` with only its
``.gitkeep``, as a clone has them): before each command of its block it
prepares the copy as the README's prose says, then yields the exit status that
command must end with; code after its last ``yield`` runs once the commands
have, to check what the prose says they leave behind.
The commands themselves are read from the README; they run in this process
through ``pipeline.cli.main(["--project", COPY, ...])`` with standard output
and standard error captured together, in the order a terminal shows them.
``serve`` never returns, so it runs in a subprocess on a free port
(``--port 0``): its lines are read until a page is served, then it gets
Ctrl-C; what it printed before Ctrl-C is compared, with the port it chose
read as the one the README's command names (8000 unless ``--port``). No scenario
needs git or SOURCE_DATE_EPOCH: dates go into pages and templates, never into
what a command prints.

Matching. Lines are compared exactly, with two exceptions only: a line that
is ``...`` alone matches any number of lines (none included), so the README
can elide long listings; a duration such as ``0.36 s`` matches any number
with the same unit. On a mismatch the test shows a unified diff of the block
against what the tool printed.

Regenerating. ``UPDATE_README=1 .venv/bin/python -m pytest tests/test_readme.py``
rewrites, in place, every block without ``...`` whose output differs (as
``cog -r`` does), keeping each README line that still matches (so a duration
does not change with every run); such a test then passes. Blocks with ``...``
are checked, never rewritten: say by hand which lines to show. A wrong exit
status is never "fixed" by rewriting: it fails either way.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from readme_examples import (
    ELLIPSIS,
    Example,
    ExampleError,
    aligned,
    block_body,
    example_of,
    lines_match,
    parse_readme,
    replace_block,
    same_line,
)

from conftest import ON_THE_REPOSITORY_BUILD, REPOSITORY, SHIPPED, RepositoryBuild, copy_shipped
from pipeline import cli

README_PATH = REPOSITORY / "README.md"
UPDATE = os.environ.get("UPDATE_README", "") not in ("", "0")
SERVE_TIMEOUT = 60.0  # seconds for the preview's first build to start serving; it takes about one
LISTENING = re.compile(r"\b127\.0\.0\.1:(\d+)\b")


# --- Scenarios -------------------------------------------------------------------------------------------------

Scenario = Callable[[Path], Iterator[int]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    def register(function: Scenario) -> Scenario:
        SCENARIOS[name] = function
        return function

    return register


def replace_once(path: Path, old: str, new: str) -> None:
    """A translator's or author's edit, made as in a text editor: it must find its place exactly once.

    A scenario whose edit misses (the file changed) fails here, rather than
    running the command on an unprepared copy.
    """
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r} occurs {text.count(old)} times, not once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def readme_document() -> str:
    """The document step 1 of the publisher's workflow shows: the README's one ```markdown block with front matter."""
    documents = [
        block.body
        for block in parse_readme(README_PATH.read_text(encoding="utf-8")).blocks
        if block.info == "markdown" and block.body[:1] == ["---"]
    ]
    assert len(documents) == 1, f"README.md has {len(documents)} Markdown documents with front matter, not one"
    return "\n".join(documents[0]) + "\n"


@scenario("first-build")
def first_build(site: Path) -> Iterator[int]:
    """A fresh clone, built for the first time."""
    yield 0


@scenario("update-new-document")
def update_new_document(site: Path) -> Iterator[int]:
    """Step 1 done: `source/about.md`, with the front matter the README shows, added before `update`."""
    (site / "source" / "about.md").write_text(readme_document(), encoding="utf-8")
    yield 0


@scenario("status")
def status(site: Path) -> Iterator[int]:
    """The catalogues as shipped: French and Arabic translated, the others waiting for their translators."""
    yield 0


@scenario("check")
def check(site: Path) -> Iterator[int]:
    """`check` as shipped; again after a translator's two slips; then `check --source`."""
    yield 0
    # The Arabic translator dropped the number of the Security Council resolution (2178)...
    replace_once(site / "locales/ar/LC_MESSAGES/mission.po", "المتحدة رقم 2178، الذي", "المتحدة، الذي")
    # ...and the French one the no-break space French puts before a semicolon.
    replace_once(site / "locales/fr/LC_MESSAGES/mission.po", "septembre 2014\u00a0;", "septembre 2014;")
    yield 1
    # Nothing to add for --source: the mission statement is the Coalition's text kept verbatim
    # (tests/test_project.py), and that text itself has "in in" and counts 86 members after 87.
    yield 0


@scenario("build-broken-catalogue")
def build_broken_catalogue(site: Path) -> Iterator[int]:
    """The Arabic catalogue saved with a translation's closing double quote missing."""
    replace_once(site / "locales/ar/LC_MESSAGES/mission.po", 'هزيمةً دائمة"\n', "هزيمةً دائمة\n")
    yield 21  # a catalogue not in the PO format


@scenario("serve")
def serve(site: Path) -> Iterator[int]:
    """The preview of a fresh clone, every language shown; stopped with Ctrl-C once it serves a page."""
    yield 130  # interrupted (Ctrl-C), the README's table of exit statuses says


@scenario("init-de")
def init_de(site: Path) -> Iterator[int]:
    """German, which the project does not have yet."""
    yield 0


@scenario("init-xx")
def init_xx(site: Path) -> Iterator[int]:
    """A code that is no language: refused with exit status 4, nothing written."""
    yield 4
    assert not (site / "locales" / "xx").exists(), "init xx wrote its folder"


# --- Running the commands --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    args: list[str]
    expected_status: int
    status: int
    lines: list[str]


def parsed(args: list[str]) -> argparse.Namespace:
    """The command line as the tool reads it (its own parser: the defaults are the tool's, not copies here).

    A command line it refuses comes back empty; running it then shows the refusal as the tool prints it.
    """
    try:
        with redirect_stderr(io.StringIO()):
            return cli._parser().parse_args(args)
    except SystemExit:
        return argparse.Namespace()


def run_in_process(site: Path, args: list[str]) -> tuple[int, list[str]]:
    # One buffer for both streams: the README shows them as a terminal does, interleaved.
    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        try:
            status = cli.main(["--project", str(site), *args])
        except SystemExit as stop:  # argparse refusing the command line, or --help
            status = 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 1
    return status, printed.getvalue().splitlines()


def run_serve(site: Path, args: list[str]) -> tuple[int, list[str]]:
    """serve in a subprocess on a free port: what it prints until it serves a page; then Ctrl-C."""
    shown_port = parsed(args).port  # the port the README's command listens on (its --port, else the default)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--project", str(site), *args, "--port", "0"],
        cwd=site.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream, in the order a terminal shows it
    )
    assert process.stdout is not None
    pipe = process.stdout.fileno()
    printed = b""

    def read(timeout: float) -> bool:
        nonlocal printed
        if not select.select([pipe], [], [], timeout)[0]:
            return False
        chunk = os.read(pipe, 65536)
        printed += chunk
        return bool(chunk)

    try:
        deadline = time.monotonic() + SERVE_TIMEOUT
        while not LISTENING.search(printed.decode("utf-8", "replace")) and time.monotonic() < deadline:
            if not read(deadline - time.monotonic()) and process.poll() is not None:
                break
        port = LISTENING.search(printed.decode("utf-8", "replace"))
        if port is None:
            pytest.fail(
                f"serve printed no address in {SERVE_TIMEOUT:g} s:\n{printed.decode(errors='replace')}", pytrace=False
            )
        with urllib.request.urlopen(f"http://127.0.0.1:{port.group(1)}/", timeout=SERVE_TIMEOUT) as page:
            assert page.status == 200
        # The server answers only once its start-up lines are written, so they are all in the pipe now:
        # read what is there, and no more (what Ctrl-C makes it say comes after the README's transcript).
        while read(0):
            pass
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=SERVE_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
    lines = printed.decode("utf-8").splitlines()
    return status, [line.replace(f"127.0.0.1:{port.group(1)}/", f"127.0.0.1:{shown_port}/") for line in lines]


def run_example(example: Example, site: Path) -> list[Outcome]:
    steps = SCENARIOS[example.name](site)
    outcomes = []
    for command in example.commands:
        expected_status = next(steps, None)
        if expected_status is None:
            raise ExampleError(
                f"scenario {example.name!r} prepares {len(outcomes)} commands; the block shows {len(example.commands)}"
            )
        runner = run_serve if getattr(parsed(command.args), "command", None) == "serve" else run_in_process
        status, lines = runner(site, command.args)
        outcomes.append(Outcome(command.args, expected_status, status, lines))
    if next(steps, None) is not None:
        raise ExampleError(f"scenario {example.name!r} prepares more commands than the block shows")
    return outcomes


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository as a clone has it, copied once: the scenarios start from one consistent snapshot."""
    # output/.gitkeep: the one file of output/ a clone has
    return copy_shipped(tmp_path_factory.mktemp("readme") / "pristine", *SHIPPED, "output/.gitkeep")


@pytest.fixture(scope="module")
def outcomes_of(
    pristine: Path, tmp_path_factory: pytest.TempPathFactory, repository_build: RepositoryBuild
) -> Callable[[Example], list[Outcome]]:
    """Each example run once: a block shown twice (the preview) is not run twice."""
    done: dict[tuple[str, tuple[tuple[str, ...], ...]], list[Outcome]] = {}

    def outcomes(example: Example) -> list[Outcome]:
        key = (example.name, tuple(tuple(command.args) for command in example.commands))
        if key == ("first-build", (("build",),)):
            # A fresh clone's `pipeline build` is what `repository_build` ran (PDFs and all): its output is
            # shared with the tests of the shipped site rather than made twice.
            printed = repository_build.stdout + repository_build.stderr
            done[key] = [Outcome(["build"], 0, 0, printed.splitlines())]  # 0 expected: as first_build says
        if key not in done:
            site = tmp_path_factory.mktemp(example.name) / "site"
            shutil.copytree(pristine, site)
            done[key] = run_example(example, site)
        return done[key]

    return outcomes


# One worker runs them all (pytest-xdist), with the other tests of the repository's build: each example is run
# once, whichever blocks show it, and the first build is made once.
pytestmark = ON_THE_REPOSITORY_BUILD

# --- The README's examples -------------------------------------------------------------------------------------

EXAMPLES = parse_readme(README_PATH.read_text(encoding="utf-8")).examples()


@pytest.mark.parametrize(
    ("name", "occurrence"),
    [(name, occurrence) for name, occurrence, _ in EXAMPLES],
    ids=[name + (f"#{occurrence + 1}" if occurrence else "") for name, occurrence, _ in EXAMPLES],
)
def test_readme_example(name: str, occurrence: int, outcomes_of: Callable[[Example], list[Outcome]]) -> None:
    try:
        # Read again, not from collection: in UPDATE_README mode an earlier test may have rewritten a block.
        example = example_of(parse_readme(README_PATH.read_text(encoding="utf-8")), name, occurrence)
        if name not in SCENARIOS:
            raise ExampleError(
                f"README.md:{example.block.start}: <!-- example: {name} --> names no scenario; "  # the marker's line
                f"tests/test_readme.py defines {', '.join(sorted(SCENARIOS))}"
            )
        outcomes = outcomes_of(example)
    except ExampleError as error:
        pytest.fail(str(error), pytrace=False)
    problems = [
        f"`pipeline {' '.join(outcome.args)}` exited with status {outcome.status}; "
        f"scenario {name!r} expects {outcome.expected_status}"
        for outcome in outcomes
        if outcome.status != outcome.expected_status
    ]
    matches = all(
        lines_match(command.expected, outcome.lines)
        for command, outcome in zip(example.commands, outcomes, strict=True)
    )
    if not matches:
        printed = block_body(example, [outcome.lines for outcome in outcomes])
        if UPDATE and not example.elided:
            text = README_PATH.read_text(encoding="utf-8")
            README_PATH.write_text(replace_block(text, name, occurrence, printed), encoding="utf-8")
        else:
            diff = difflib.unified_diff(
                example.block.body, printed, f"README.md, example {name}", "what the tool prints", lineterm=""
            )
            problems.append(
                f"README.md:{example.block.start + 1}: the block differs from what the tool prints"
                + (
                    f" (it elides lines with `{ELLIPSIS}`, so UPDATE_README=1 leaves it to be edited by hand)"
                    if example.elided
                    else " (UPDATE_README=1 rewrites it)"
                )
                + ":\n"
                + "\n".join(diff)
            )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_every_block_with_a_command_is_an_example() -> None:
    readme = parse_readme(README_PATH.read_text(encoding="utf-8"))
    unmarked = [f"README.md:{block.start + 1}: {block.body[0] if block.body else ''}" for block in readme.uncovered()]
    stray = [f"README.md:{at + 1}: {readme.lines[at].strip()}" for at in readme.stray_markers]
    assert not unmarked, "blocks showing commands without <!-- example: NAME --> right before them:\n" + "\n".join(
        unmarked
    )
    assert not stray, "markers that are misspelt or not right before a fenced block:\n" + "\n".join(stray)


def test_every_scenario_is_used() -> None:
    used = {name for name, _, _ in parse_readme(README_PATH.read_text(encoding="utf-8")).examples()}
    unused = sorted(SCENARIOS.keys() - used)
    assert not unused, f"scenarios no README block names: {', '.join(unused)}"


# --- The rules themselves: each can fail -----------------------------------------------------------------------

SAMPLE = """\
# Title

```sh
python3 -m venv .venv && .venv/bin/pipeline build
```

<!-- example: first -->
```
built in 0.36 s
```

1. A step:

   <!-- example: second -->
   ```
   $ .venv/bin/pipeline check      # an aside
   one

   $ .venv/bin/pipeline check --source
   two
   ...
   ```

```
$ .venv/bin/pipeline status
```

<!-- example : typo -->
"""


def test_blocks_markers_and_commands_are_read_from_the_text() -> None:
    readme = parse_readme(SAMPLE)
    assert [(name, index) for name, _, index in readme.examples()] == [("first", 1), ("second", 2)]
    first = example_of(readme, "first", 0)
    assert [(command.args, command.expected) for command in first.commands] == [(["build"], ["built in 0.36 s"])]
    second = example_of(readme, "second", 0)
    assert [(command.args, command.gap, command.expected) for command in second.commands] == [
        (["check"], [], ["one"]),
        (["check", "--source"], [""], ["two", ELLIPSIS]),
    ]
    assert second.elided and not first.elided
    # The status block is neither marked nor an output block; the misspelt marker is caught.
    assert [block.body for block in readme.uncovered()] == [["$ .venv/bin/pipeline status"]]
    assert [readme.lines[at] for at in readme.stray_markers] == ["<!-- example : typo -->"]
    with pytest.raises(ExampleError, match="does not run"):
        example_of(parse_readme("<!-- example: x -->\n```\n$ ls\n```\n"), "x", 0)


def test_an_ellipsis_matches_any_lines_and_nothing_else_is_loose() -> None:
    assert lines_match(["a", ELLIPSIS, "z"], ["a", "z"])
    assert lines_match(["a", ELLIPSIS, "z"], ["a", "b", "c", "z"])
    assert lines_match([ELLIPSIS], [])
    assert not lines_match(["a", ELLIPSIS, "z"], ["a", "b"])
    assert not lines_match(["a", "z"], ["a", "b", "z"])
    assert not lines_match(["a ..."], ["a b"])  # an ellipsis inside a line is text
    assert not lines_match(["a"], ["a "])
    assert not lines_match(["a"], ["a", ""])


def test_durations_match_in_value_and_not_in_unit() -> None:
    assert same_line("rebuilt in 0.36 s: 44 files written", "rebuilt in 12.05 s: 44 files written")
    assert not same_line("rebuilt in 0.36 s: 44 files written", "rebuilt in 0.36 s: 45 files written")
    assert not same_line("rebuilt in 0.36 s", "rebuilt in 0.36 ms")
    assert not same_line("rebuilt in 0.36 s", "rebuilt in 0.36s")
    assert not same_line("37 files", "38 files")
    assert not same_line("ar 24/24 100.0%", "ar 23/24 95.8%")


def test_a_difference_is_shown_against_the_readme_lines_it_replaces() -> None:
    # What `...` stands for is shown as `...`, so that a diff shows only what really differs.
    assert aligned(["a", ELLIPSIS, "z"], ["a", "b", "c", "y"]) == ["a", ELLIPSIS, "y"]
    assert aligned(["a", ELLIPSIS, "z"], ["a", "z"]) == ["a", ELLIPSIS, "z"]
    assert aligned(["in 0.36 s", "b"], ["new", "in 2.00 s", "b"]) == ["new", "in 0.36 s", "b"]
    assert aligned(["h", "a", ELLIPSIS, "f", "t"], ["h", "A", "b", "f", "g", "t"]) == [
        "h",
        "A",
        ELLIPSIS,
        "f",
        "g",
        "t",
    ]


def test_regenerating_rewrites_one_block_and_keeps_what_still_matches() -> None:
    readme = parse_readme(SAMPLE)
    example = example_of(readme, "first", 0)
    body = block_body(example, [["built in 9.99 s", "and more"]])
    assert body == ["built in 0.36 s", "and more"]  # the README's duration kept: it matches
    rewritten = replace_block(SAMPLE, "first", 0, body)
    assert rewritten == SAMPLE.replace("built in 0.36 s\n", "built in 0.36 s\nand more\n")
    indented = example_of(readme, "second", 0)
    rewritten = replace_block(SAMPLE, "second", 0, block_body(indented, [["uno"], ["dos"]]))
    assert (
        "   $ .venv/bin/pipeline check      # an aside\n   uno\n\n   $ .venv/bin/pipeline check --source\n   dos\n   ...\n"
        in rewritten
    )
