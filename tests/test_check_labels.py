"""The hand-labelled findings of ``tests/data/check-labels.tsv`` against the checks as they are now.

A reviewer labelled a sample of what ``pipeline check`` and pofilter report on the real-world
catalogues (``../shared/realworld-catalogues``): each finding of ours labelled ``true`` must still be
reported (same check, severity, file and line), each labelled ``false`` must be gone (that check at
that line); ``debatable`` ones are not asserted. The labels file itself must be well-formed, and its
notes must be the labeller's own words: no run of four words taken from the entry they label.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from pipeline import api
from pipeline.pofile import read_po

LABELS = Path(__file__).resolve().parent / "data" / "check-labels.tsv"
CATALOGUES = Path(__file__).resolve().parents[2] / "shared" / "realworld-catalogues"
# The catalogues whose header names no language: the language their origin gives.
LANGUAGES = {"glib2002-fr-latin1.po": "fr", "glib2002-tr-latin5.po": "tr", "glib2006-ja-eucjp.po": "ja"}
TOOLS = {"pipeline", "pofilter"}
SEVERITIES = {"error", "warning"}
VERDICTS = {"true", "false", "debatable"}
_WORD = re.compile(r"\w+")

needs_catalogues = pytest.mark.skipif(not CATALOGUES.is_dir(), reason="the real-world catalogues are not here")
# One worker runs them all (pytest-xdist): each catalogue is checked once for the module, not once in each worker.
pytestmark = pytest.mark.xdist_group("check-labels")


class Label(NamedTuple):
    file: str
    line: int
    tool: str
    check: str
    severity: str
    label: str
    note: str


def _rows() -> list[list[str]]:
    lines = LABELS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _labels() -> list[Label]:
    return [Label(row[0], int(row[1]), *row[2:7]) for row in _rows() if len(row) == 7 and row[1].isdigit()]


def _ours(verdict: str) -> list[Label]:
    return [label for label in _labels() if label.tool == "pipeline" and label.label == verdict]


def _id(label: Label) -> str:
    return f"{label.file}:{label.line}:{label.check}"


@cache
def _found(name: str) -> frozenset[tuple[str, str, int]]:
    """(check, severity, line) of what the checker reports on one catalogue, run once."""
    result = api.check_files([CATALOGUES / name], LANGUAGES.get(name))
    return frozenset((problem.check, str(problem.severity), problem.line) for problem in result.problems)


@cache
def _catalogue_words(name: str) -> dict[int, tuple[tuple[str, ...], ...]]:
    """The word sequences of each entry of a catalogue by its msgid line (all obsolete entries at line 0,
    where pofilter's findings on them are), read once."""
    found: dict[int, list[tuple[str, ...]]] = {}
    for entry in read_po(CATALOGUES / name):
        texts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr]
        texts += [*entry.msgstr_plural.values(), entry.comment or "", entry.tcomment or ""]
        found.setdefault(0 if entry.obsolete else int(entry.linenum), []).extend(
            tuple(_WORD.findall(text.casefold())) for text in texts
        )
    return {line: tuple(words) for line, words in found.items()}


def _entry_words(name: str, line: int) -> tuple[tuple[str, ...], ...]:
    return _catalogue_words(name).get(line, ())


def _runs(words: tuple[str, ...], size: int = 4) -> set[tuple[str, ...]]:
    return {words[start : start + size] for start in range(len(words) - size + 1)}


def test_the_labels_file_is_well_formed():
    assert LABELS.read_text(encoding="utf-8").startswith("#"), "the file starts with a comment saying what it is"
    rows = _rows()
    assert len(rows) >= 200
    for row in rows:
        assert len(row) == 7, row
        name, line, tool, check, severity, verdict, note = row
        assert name.endswith(".po"), row
        assert line.isdigit(), row
        assert tool in TOOLS, row
        assert re.fullmatch(r"[a-z][a-z-]*", check), row
        assert severity in SEVERITIES, row
        assert verdict in VERDICTS, row
        assert note.strip() and note == note.strip(), row
        assert tool == "pofilter" or int(line) > 0, row  # ours always says the entry


@needs_catalogues
def test_the_labelled_catalogues_and_entries_exist():
    for label in _labels():
        assert (CATALOGUES / label.file).is_file(), label
        assert any(_entry_words(label.file, label.line)), label


@needs_catalogues
def test_notes_are_the_labellers_own_words():
    for label in _labels():
        note = _runs(tuple(_WORD.findall(label.note.casefold())))
        for words in _entry_words(label.file, label.line):
            copied = note & _runs(words)
            assert not copied, f"{_id(label)}: the note copies {' '.join(sorted(copied)[0])!r} from the entry"


@needs_catalogues
@pytest.mark.parametrize("label", _ours("true"), ids=_id)
def test_a_true_finding_is_still_reported(label: Label):
    assert (label.check, label.severity, label.line) in _found(label.file), label.note


@needs_catalogues
@pytest.mark.parametrize("label", _ours("false"), ids=_id)
def test_a_false_finding_is_gone(label: Label):
    said = sorted(
        severity for check, severity, line in _found(label.file) if (check, line) == (label.check, label.line)
    )
    assert not said, f"still reported ({', '.join(said)}): {label.note}"
