"""Shared fixtures: temporary projects, the command line, and GNU gettext's verdict.

Also the suite's own options: ``--fuzz-examples N`` (how many inputs each
fuzz target of test_fuzz.py and the round-trip property of test_roundtrip.py
try), and the parallel run (pytest-xdist, ``-n auto`` in pyproject.toml's
addopts; ``-n 0`` runs in one process).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.pofile import Catalogue, po_text, read_po
from pipeline.status import EntryState, entry_state

# The suite keeps Python's bytecode caches (in __pycache__/, ignored by git) even where the environment says not
# to write them (PYTHONDONTWRITEBYTECODE): without them every test module's assertions are rewritten and every
# `pipeline` subprocess compiles the package again, about 10 s of a run. Set before pytest imports a
# test module.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# The tests stop `pipeline serve` with Ctrl-C (SIGINT), as a person does. A process started in the background
# by a shell without job control (`nohup sh -c '...' &`) has SIGINT ignored, and every program it starts
# inherits that, so the server would never stop. A handler of our own is reset to the default in the programs
# the tests start, where Python turns SIGINT into KeyboardInterrupt again.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def memory_backed_temporary_root() -> Path | None:
    """Where the suite's temporary folders go: /dev/shm, a file system in memory, when the machine has one with
    room and no other place was asked for (``TMPDIR``, ``PYTEST_DEBUG_TEMPROOT``; ``--basetemp`` wins anyway).

    The tests make and remove tens of thousands of small files. On a disk file system mounted with
    ``discard`` (this project's CI machines: ext4) each removal and creation costs the kernel far more than
    in memory: a run took 75 s instead of 84 to 93 s, 15 s of system time instead of 28. A container's
    /dev/shm (64 MB by default with Docker) is too small and is left alone; the suite needs a few tens of MB.
    """
    if os.environ.get("TMPDIR") or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return None
    root = Path("/dev/shm")
    try:
        room = os.statvfs(root)
    except OSError:
        return None
    if not os.access(root, os.W_OK | os.X_OK) or room.f_bavail * room.f_frsize < 1 << 30:
        return None
    return root


# pytest reads the variable when it makes its first temporary folder, after this module is imported; the
# workers of a parallel run are given folders inside the one the main process made.
if (TEMPORARY_ROOT := memory_backed_temporary_root()) is not None:
    os.environ["PYTEST_DEBUG_TEMPROOT"] = str(TEMPORARY_ROOT)

REPOSITORY = Path(__file__).resolve().parent.parent

# What a clone of the repository holds for the tool: its configuration, its documents, its catalogues.
SHIPPED = ("pyproject.toml", "source", "locales")

FUZZ_EXAMPLES = 100  # inputs per fuzz target by default; --fuzz-examples (or FUZZ_EXAMPLES=N) sets it
FUZZ_SECONDS = 1.0  # seconds per mutation fuzz target (tests/test_mutations.py); --fuzz-seconds sets it


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-examples",
        type=int,
        default=int(os.environ.get("FUZZ_EXAMPLES", FUZZ_EXAMPLES)),
        metavar="N",
        help=(
            "inputs each Hypothesis fuzz target tries (tests/test_fuzz.py, and the round-trip property of "
            f"tests/test_roundtrip.py): {FUZZ_EXAMPLES} by default, for a quick run; thousands before a release, "
            "e.g. --fuzz-examples 5000 (also read from the FUZZ_EXAMPLES environment variable). "
            "The inputs are derandomized: a run with the same N tries the same inputs."
        ),
    )
    parser.addoption(
        "--fuzz-seconds",
        type=float,
        default=float(os.environ.get("FUZZ_SECONDS", FUZZ_SECONDS)),
        metavar="S",
        help=(
            f"seconds each mutation fuzz target of tests/test_mutations.py runs: {FUZZ_SECONDS} by default; "
            "e.g. --fuzz-seconds 3600 for an hour before a release (also FUZZ_SECONDS). The mutations are seeded: "
            "a failure names the seed that reproduces it."
        ),
    )


def pytest_configure(config: pytest.Config) -> None:
    global FUZZ_EXAMPLES, FUZZ_SECONDS
    FUZZ_EXAMPLES = config.getoption("fuzz_examples")
    FUZZ_SECONDS = config.getoption("fuzz_seconds")
    if FUZZ_EXAMPLES < 1:
        raise pytest.UsageError("--fuzz-examples must be at least 1")


@pytest.fixture(autouse=True, scope="session")
def _no_flush_to_disk() -> Iterator[None]:
    """The commands the tests run in this process ask for every file to be flushed to the disk (``os.fsync``,
    ``os.sync``) as they always do, and the disk is spared the wait, as ``eatmydata`` spares a CI machine's:
    no test can tell a flushed file from one in the page cache, and on a busy machine each flush waits for
    the other tests' writes (about 4 s of a run). The descriptor must still be open, as for a real flush;
    the tests of the flushes' order record the calls themselves."""

    def fsync(descriptor: int) -> None:
        os.fstat(descriptor)  # a closed or invalid descriptor fails here as fsync would fail

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        patch.setattr(os, "sync", lambda: None)
        yield


def fuzz_seconds() -> float:
    """How long each mutation fuzz target runs in this run."""
    return FUZZ_SECONDS


def fuzz_examples() -> int:
    """The number of inputs a fuzz target tries in this run (read when its module is collected)."""
    return FUZZ_EXAMPLES


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: one worker per CPU, as xdist does, except when the README is being rewritten.

    ``UPDATE_README=1`` rewrites README.md in place from the tests: one process, one writer.
    """
    if os.environ.get("UPDATE_README", "") not in ("", "0"):
        return 0
    return None  # xdist's own count


def copy_shipped(root: Path, *parts: str) -> Path:
    """Copy what the repository ships into ``root``, as a clone has it; ``root`` is made if missing.

    ``parts`` are paths relative to the repository, files or folders (``"locales/fr"``);
    none means the whole project: ``pyproject.toml``, ``source/`` and ``locales/``.
    """
    root.mkdir(parents=True, exist_ok=True)
    for part in parts or SHIPPED:
        origin = REPOSITORY / part
        target = root / part
        if origin.is_dir():
            shutil.copytree(origin, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(origin, target)  # a fresh modification time, as a checkout gives
    return root


@contextmanager
def editing(path: Path) -> Iterator[Catalogue]:
    """A catalogue to change, saved back when the block ends, as a translator's editor saves it.

    Nothing is saved if the block raises.
    """
    catalogue = read_po(path)
    yield catalogue
    path.write_text(po_text(catalogue), encoding="utf-8")


@dataclass
class Result:
    status: int
    out: str
    err: str


class Project:
    """A project folder in tmp_path, and the pipeline command run on it."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def run(self, *args: str) -> Result:
        self.capsys.readouterr()
        status = main(["--project", str(self.root), *args])
        captured = self.capsys.readouterr()
        return Result(status, captured.out, captured.err)

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.status == 0, result.err
        if args[0] in ("extract", "init", "update"):
            check_all_catalogues(self.root)  # whatever the command wrote, GNU gettext accepts
        return result

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def with_shipped(self, *codes: str, reviewed: bool = False) -> Project:
        """The repository's own catalogues of these languages copied in (``locales/<code>/``).

        They are machine drafts awaiting review; ``reviewed`` approves every draft, as a reviewer
        does in Poedit or Weblate (fuzzy cleared, the draft comment kept as history).
        """
        copy_shipped(self.root, *(f"locales/{code}" for code in codes))
        if reviewed:
            for code in codes:
                for path in sorted((self.root / "locales" / code).rglob("*.po")):
                    with editing(path) as catalogue:
                        for entry in catalogue:
                            if entry_state(entry) is EntryState.DRAFT:
                                entry.flags.remove("fuzzy")
        return self

    def po(self, lang: str, domain: str) -> Path:
        return self.root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"

    def snapshot(self, folder: str = "") -> dict[str, bytes]:
        base = self.root / folder
        return {str(path.relative_to(base)): path.read_bytes() for path in sorted(base.rglob("*")) if path.is_file()}

    def site(self) -> dict[str, bytes]:
        """The published site: output/ without build space (output/.build holds caches, not pages)."""
        return {name: data for name, data in self.snapshot("output").items() if not name.startswith(".build/")}


CONFIG = """\
site-name = "Global Coalition against Daesh"
base-url = "https://example.org/site/"
source-language = "en"
home = "mission"
languages = {languages}
publish-threshold = {threshold}
publish-drafts = true
pdf = false
"""


@pytest.fixture
def make_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Build a project: make_project(languages=["fr"], documents={"name.md": text})."""

    def factory(
        languages: list[str] | None = None,
        documents: dict[str, str] | None = None,
        threshold: int = 80,
        mission: bool = True,
    ) -> Project:
        project = Project(new_project(tmp_path / "project", languages, threshold, mission), capsys)
        for name, text in (documents or {}).items():
            project.write(f"source/{name}", text)
        return project

    return factory


def new_project(root: Path, languages: list[str] | None = None, threshold: int = 80, mission: bool = True) -> Path:
    """The folder make_project makes: a pipeline.toml, source/ with the shipped mission.md (unless not ``mission``)."""
    root.mkdir()
    codes = "[" + ", ".join(f'"{code}"' for code in (languages if languages is not None else ["fr", "ar"])) + "]"
    (root / "pipeline.toml").write_text(CONFIG.format(languages=codes, threshold=threshold), encoding="utf-8")
    (root / "source").mkdir()
    if mission:
        copy_shipped(root, "source/mission.md")
    return root


@pytest.fixture(scope="session")
def built_shipped_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")``, built: made once per test process."""
    root = new_project(tmp_path_factory.mktemp("shipped") / "project", ["fr", "ar"])
    copy_shipped(root, "locales/fr", "locales/ar")
    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        status = main(["--project", str(root), "build"])
    assert status == 0, printed.getvalue()
    return root


@dataclass(frozen=True)
class RepositoryBuild:
    """A copy of the repository's project after its first ``pipeline build`` (with PDFs), and what it printed."""

    root: Path
    stdout: str
    stderr: str


# The tests that share it run in one process (their xdist group), so that it is built, PDFs and all, once.
ON_THE_REPOSITORY_BUILD = pytest.mark.xdist_group("repository-build")


@pytest.fixture(scope="session")
def repository_build(tmp_path_factory: pytest.TempPathFactory) -> RepositoryBuild:
    """The repository's project copied as a clone has it and built by the command line in a subprocess.

    Built once per test process: tests read it, or copy it to change it, and never change it in place.
    """
    root = copy_shipped(tmp_path_factory.mktemp("repository") / "site")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(root), "build"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return RepositoryBuild(root, result.stdout, result.stderr)


@pytest.fixture
def shipped_project(built_shipped_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    """The shipped French and Arabic translations in a project of make_project's, built; a copy for each test.

    The same as ``make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")`` and a ``build``, without
    the build: files, modification times and the build's manifest are copied as they are.
    """
    root = tmp_path / "project"
    shutil.copytree(built_shipped_project, root, symlinks=True)
    return Project(root, capsys)


CHROMIUM = Path("/usr/bin/chromium")  # Debian's (.ci/run installs it); Playwright downloads no browser
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright, launched once per test process for the modules that use it
    (test_browser, test_xss: one xdist group), as a launch costs about a second of CPU."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    # Imported here, not at collection: a worker that runs no browser test need not spend its 0.2 s.
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


# The contents msgfmt --check accepted in this test process: its verdict depends on the bytes alone, and the
# same catalogues (the shipped ones, a test's after a command that changed nothing) are checked over and over.
ACCEPTED: set[tuple[str, bytes]] = set()  # (suffix, SHA-256 of the content)


def msgfmt_check(path: Path) -> None:
    """GNU msgfmt --check must accept the file without a word.

    A template (.pot) has no language, so the one warning msgfmt gives every
    template, that the Language header is missing, is expected there.
    """
    content = (path.suffix, hashlib.sha256(path.read_bytes()).digest())
    if content in ACCEPTED:
        return
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    if path.suffix == ".pot":
        warnings = [line for line in warnings if "header field 'Language' missing" not in line]
    assert result.returncode == 0 and not warnings, f"msgfmt --check {path}:\n{result.stderr}"
    ACCEPTED.add(content)


def check_all_catalogues(root: Path) -> int:
    paths = sorted((root / "locales").rglob("*.po")) + sorted((root / "locales").glob("*.pot"))
    for path in paths:
        msgfmt_check(path)
    return len(paths)


class TextWithLang(HTMLParser):
    """Collects each run of text with the language the page declares for it."""

    VOID = {"meta", "link", "img", "br", "hr", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.runs: list[tuple[str, str | None, str | None, str]] = []  # text, lang, dir, tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        lang = attributes.get("lang", self.stack[-1][1] if self.stack else None)
        direction = attributes.get("dir", self.stack[-1][2] if self.stack else None)
        self.stack.append((tag, lang, direction))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and self.stack:
            tag, lang, direction = self.stack[-1]
            self.runs.append((text, lang, direction, tag))


def text_runs(html: str) -> list[tuple[str, str | None, str | None, str]]:
    parser = TextWithLang()
    parser.feed(html)
    return parser.runs
