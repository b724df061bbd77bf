"""Shared fixtures: temporary projects, the command line, and GNU gettext's verdict."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.pofile import Catalogue, po_text, read_po

REPOSITORY = Path(__file__).resolve().parent.parent


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
        root = tmp_path / "project"
        root.mkdir()
        codes = "[" + ", ".join(f'"{code}"' for code in (languages if languages is not None else ["fr", "ar"])) + "]"
        (root / "pipeline.toml").write_text(CONFIG.format(languages=codes, threshold=threshold), encoding="utf-8")
        (root / "source").mkdir()
        if mission:
            shutil.copy(REPOSITORY / "source" / "mission.md", root / "source" / "mission.md")
        project = Project(root, capsys)
        for name, text in (documents or {}).items():
            project.write(f"source/{name}", text)
        return project

    return factory


def msgfmt_check(path: Path) -> None:
    """GNU msgfmt --check must accept the file without a word.

    A template (.pot) has no language, so the one warning msgfmt gives every
    template, that the Language header is missing, is expected there.
    """
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    if path.suffix == ".pot":
        warnings = [line for line in warnings if "header field 'Language' missing" not in line]
    assert result.returncode == 0 and not warnings, f"msgfmt --check {path}:\n{result.stderr}"


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
