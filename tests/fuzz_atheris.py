"""Coverage-guided fuzzing with atheris, for long runs before a release.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python tests/fuzz_atheris.py po -max_total_time=3600
    .venv/bin/python tests/fuzz_atheris.py markdown -max_total_time=3600
    .venv/bin/python tests/fuzz_atheris.py render -max_total_time=3600

Each target accepts only the tool's own clean errors (CatalogueError,
SourceError); anything else is a crash that atheris reports with its input.
The tests run the same targets with hypothesis, bounded, on every change.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from pipeline.errors import CatalogueError, SourceError
    from pipeline.languages import language
    from pipeline.pofile import parse_po
    from pipeline.sources.markdown.parse import parse_document, source_parser
    from pipeline.sources.markdown.render import DocumentRenderer

HERE = Path(__file__).resolve().parent
SCRATCH = Path(tempfile.mkdtemp(prefix="pipeline-fuzz-")) / "fuzz.md"
RENDERER = DocumentRenderer(parse_document(HERE / "data/fuzz-page.md", "fuzz-page.md"), source_parser())
ARABIC, ENGLISH = language("ar"), language("en")


def fuzz_po(data: bytes) -> None:
    try:
        parse_po(data, "fuzz.po")
    except CatalogueError:
        pass


def fuzz_markdown(data: bytes) -> None:
    SCRATCH.write_bytes(data)
    try:
        parse_document(SCRATCH, "fuzz.md")
    except SourceError:
        pass


def fuzz_render(data: bytes) -> None:
    translation = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    html = RENDERER.body(lambda message: translation or None, ARABIC, ENGLISH).html
    if "<script" in html.lower() or " onerror=" in html.lower():
        raise AssertionError(f"markup injected: {translation!r}")


TARGETS = {"po": fuzz_po, "markdown": fuzz_markdown, "render": fuzz_render}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        raise SystemExit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [atheris options]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
