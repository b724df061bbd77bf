"""Mutation fuzzing: real files, damaged byte by byte, end in the project's own error or in success.

Each target takes files as the world writes them (the real catalogues of ../shared, the project's
own catalogues, documents, configuration and glossary), applies a few seeded byte-level mutations
(quotes, backslashes, newlines, keywords, random bytes deleted or inserted; truncation), and feeds
the result to the reader. The property: a ``PipelineError`` (the user's one-line error) or success,
never another exception; a catalogue that was read is written back and read again to the same text.
Each target runs for ``--fuzz-seconds`` (1 s by default; an hour before a release); a failure names
its seed, and ``mutated(seed, ...)`` rebuilds that input.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPOSITORY, fuzz_seconds
from pipeline.checks.terminology import load_glossary
from pipeline.config import load_project
from pipeline.errors import PipelineError
from pipeline.pofile import parse_po, po_text
from pipeline.sources.markdown.parse import parse_document, source_parser

SHARED = REPOSITORY.parent / "shared" / "realworld-catalogues"
PIECES = [
    b'"', b"\\", b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b"msgid ", b"msgstr ", b"msgctxt ", b"msgid_plural ",
    b"msgstr[0] ", b"msgstr[9] ", b"#, fuzzy\n", b"#~ ", b"#| ", b"\\x", b"\\u", b"\\777", b"%s", b"{",
    b"---\n", b"[", b"]", b"(", b"`", b"*", b"<", b"=", b"nplurals=0; plural=n%0;", b"\xef\xbb\xbf",
]  # fmt: skip


def mutated(seed: int, originals: list[bytes]) -> bytes:
    """The input of ``seed``: one of ``originals`` with one to four mutations."""
    rng = random.Random(seed)
    data = bytearray(rng.choice(originals))
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(data) + 1)
        kind = rng.random()
        if kind < 0.3 and data:
            del data[where : where + rng.randint(1, 8)]
        elif kind < 0.75:
            data[where:where] = rng.choice(PIECES)
        elif kind < 0.95:
            data[where:where] = bytes([rng.randrange(256)])
        else:
            del data[where:]
    return bytes(data)


def fuzz(originals: list[bytes], target: Callable[[bytes], None], seed: int) -> int:
    """Run ``target`` on mutated inputs for the run's budget; how many it tried."""
    tried, deadline = 0, time.monotonic() + fuzz_seconds()
    while time.monotonic() < deadline:
        data = mutated(seed + tried, originals)
        try:
            target(data)
        except PipelineError:
            pass
        except Exception as error:  # anything else is a bug the user would see as a traceback
            raise AssertionError(f"seed {seed + tried}: {type(error).__name__}: {error}") from error
        tried += 1
    return tried


def catalogue_round_trip(data: bytes) -> None:
    catalogue = parse_po(data, "mutated.po")
    text = po_text(catalogue)
    assert po_text(parse_po(text.encode("utf-8"), "written.po")) == text, "read, written and read again differ"


def catalogues(folder: Path) -> list[bytes]:
    return [path.read_bytes() for path in sorted(folder.rglob("*.po*"))]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realworld-catalogues is not beside the project")
def test_mutated_real_catalogues_end_in_our_error_or_read_back_the_same():
    assert fuzz(catalogues(SHARED), catalogue_round_trip, seed=1_000_000) > 0


def test_mutated_project_catalogues_end_in_our_error_or_read_back_the_same():
    assert fuzz(catalogues(REPOSITORY / "locales"), catalogue_round_trip, seed=2_000_000) > 0


def test_mutated_documents_and_front_matter_end_in_our_error_or_a_document(tmp_path):
    parser = source_parser()
    path = tmp_path / "page.md"

    def read(data: bytes) -> None:
        path.write_bytes(data)
        parse_document(path, "source/page.md", parser)

    originals = [path.read_bytes() for path in sorted((REPOSITORY / "source").glob("*.md"))]
    originals.append(
        b"---\ntitle: A title\ndescription: What it says\nweight: 3\ndate: 2026-01-05\n---\n\n# A\n\nText.\n"
    )
    assert fuzz(originals, read, seed=3_000_000) > 0


def test_mutated_configurations_and_glossaries_end_in_our_error_or_a_project(tmp_path):
    config, glossary = tmp_path / "pipeline.toml", tmp_path / "locales" / "glossary.csv"
    glossary.parent.mkdir()
    original = (REPOSITORY / "pyproject.toml").read_bytes()
    table = original[original.index(b"[tool.pipeline]") :].replace(b"[tool.pipeline]\n", b"")

    def load(data: bytes) -> None:
        config.write_bytes(data)
        load_project(tmp_path)

    def read_glossary(data: bytes) -> None:
        glossary.write_bytes(data)
        load_glossary(glossary, "locales/glossary.csv")

    assert fuzz([table], load, seed=4_000_000) > 0
    assert fuzz([(REPOSITORY / "locales" / "glossary.csv").read_bytes()], read_glossary, seed=5_000_000) > 0
