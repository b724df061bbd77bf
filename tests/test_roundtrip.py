"""A catalogue read and written back keeps everything: property-based, and on real-world catalogues."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPOSITORY, fuzz_examples, msgfmt_check
from pipeline.pofile import gnu_flags, parse_po, po_text, read_po

FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "obsolete", "comment", "tcomment",
          "occurrences", "flags", "previous_msgctxt", "previous_msgid", "previous_msgid_plural")  # fmt: skip

# The strategies are built once, here, and drawn from many times: filters and regular expressions would
# cost more to draw than the code under test costs to run (the same values, drawn faster).

# Any character a catalogue can hold: all of Unicode but NUL and surrogates, with the awkward ones likely.
AWKWARD = '\n\t\r"\\\x0b\x0c\x07\x08\x85\u2028\u202e\u200f ّ﷽𝄞🙂中عa'
# (NUL ends a string in a .mo file and EOT separates the context: gettext refuses both, and so does the reader.)
text_characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04")
any_text = st.text(st.one_of(text_characters, st.sampled_from(AWKWARD)), max_size=120)
some_text = st.text(st.one_of(text_characters, st.sampled_from(AWKWARD)), min_size=1, max_size=120)
line_text = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04\n\r"),
        st.sampled_from("  \t#.:,|~ّ中ع"),
    ),
    max_size=60,
)
LOWER = "abcdefghijklmnopqrstuvwxyz"


def word(rest: str, longest: int) -> st.SearchStrategy[str]:
    """``[a-z][rest]{0,longest}``, as ``st.from_regex`` makes it."""
    return st.builds(str.__add__, st.sampled_from(LOWER), st.text(st.sampled_from(rest), max_size=longest))


flag = word(LOWER + "0123456789-", 12)
reference = st.tuples(word(LOWER + "0123456789_./-", 20), st.one_of(st.just(""), st.integers(1, 99999).map(str)))


@functools.cache
def entries(nplurals: int, obsolete: bool) -> st.SearchStrategy[polib.POEntry]:
    return _entries(nplurals, obsolete)


@st.composite
def _entries(draw, nplurals: int, obsolete: bool):
    plural = draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(some_text),
        msgctxt=draw(st.one_of(st.none(), any_text)),
        tcomment="\n".join(draw(st.lists(line_text, max_size=3))),
        comment="\n".join(draw(st.lists(line_text, max_size=3))),
        occurrences=draw(st.lists(reference, max_size=4, unique=True)),
        flags=draw(st.lists(flag, max_size=3, unique=True)),
        previous_msgctxt=draw(st.one_of(st.none(), any_text)),
        previous_msgid=draw(st.one_of(st.none(), any_text)),
        obsolete=obsolete,
    )
    if plural:
        entry.msgid_plural = draw(some_text)
        entry.previous_msgid_plural = draw(st.one_of(st.none(), any_text)) if entry.previous_msgid is not None else None
        entry.msgstr_plural = {index: draw(any_text) for index in range(nplurals)}
    else:
        entry.msgstr = draw(any_text)
    return entry


@st.composite
def catalogues(draw):
    nplurals = draw(st.integers(1, 6))
    catalogue = polib.POFile()
    catalogue.header = "\n".join(draw(st.lists(line_text, max_size=3)))
    catalogue.metadata = {
        "Project-Id-Version": "round trip",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": f"nplurals={nplurals}; plural={'0' if nplurals == 1 else f'(n % {nplurals})'};",
    }
    seen = set()
    for obsolete in (False, True):
        for entry in draw(st.lists(entries(nplurals, obsolete), max_size=6)):
            if (entry.msgctxt, entry.msgid, entry.obsolete) not in seen:
                seen.add((entry.msgctxt, entry.msgid, entry.obsolete))
                catalogue.append(entry)
    return catalogue


def fields(entry: polib.POEntry) -> tuple:
    return tuple(getattr(entry, name) for name in FIELDS)


def comparable(entry: polib.POEntry) -> tuple:
    values = dict(zip(FIELDS, fields(entry), strict=True))
    values["obsolete"] = bool(entry.obsolete)
    if entry.obsolete:
        values.update(previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None)
    return tuple(values.values())


def as_gnu_writes(catalogue: polib.POFile) -> list[tuple]:
    """The entries of ``catalogue`` once written, as msgcat writes them: an obsolete entry without a
    translation is left out, flags come in GNU gettext's order (fuzzy only on a translated entry, no
    range on an obsolete one), each once."""
    kept = []
    for entry in catalogue:
        translated = bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)
        if entry.obsolete and not translated:
            continue
        values = dict(zip(FIELDS, fields(entry), strict=True))
        values["flags"] = gnu_flags(entry.flags, translated, bool(entry.obsolete))
        kept.append(tuple(values.values()))
    return kept


@settings(max_examples=fuzz_examples(), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_every_part_of_every_entry_survives(catalogue):
    text = po_text(catalogue)
    again = parse_po(text.encode("utf-8"), "generated.po")
    assert [fields(entry) for entry in again] == as_gnu_writes(catalogue)
    assert again.header == catalogue.header and dict(again.metadata) == dict(catalogue.metadata)
    assert po_text(again) == text


# Text msgfmt accepts in a translated entry: no newline at either end, no format flags.
plain = st.text(
    st.one_of(text_characters.filter(lambda c: c not in "\n\r"), st.sampled_from(' \t"\\中ع🙂')),
    min_size=1,
    max_size=80,
)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.tuples(plain, plain, st.booleans()), min_size=1, max_size=8, unique_by=lambda item: item[0]))
def test_what_is_written_passes_msgfmt(tmp_path_factory, rows):
    catalogue = polib.POFile()
    catalogue.header = "Generated."
    catalogue.metadata = {
        "Project-Id-Version": "t", "PO-Revision-Date": "2026-01-01 00:00+0000", "Last-Translator": "",
        "Language-Team": "", "Language": "ar", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }  # fmt: skip
    for msgid, msgstr, fuzzy in rows:
        catalogue.append(
            polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], occurrences=[("a.md", "1")])
        )
    path = tmp_path_factory.mktemp("msgfmt") / "ar.po"
    path.write_text(po_text(catalogue), encoding="utf-8")
    msgfmt_check(path)


CORPUS = sorted((REPOSITORY / "tests/data/catalogues").glob("*.po"))


def test_the_real_world_corpus_is_large_and_varied():
    assert len(CORPUS) >= 12
    entries_seen = [entry for path in CORPUS for entry in read_po(path)]
    assert len(entries_seen) > 600
    assert any(entry.msgctxt for entry in entries_seen) and any(entry.obsolete for entry in entries_seen)
    assert any(entry.previous_msgid for entry in entries_seen) and any(len(entry.msgid) > 600 for entry in entries_seen)
    assert max(len(entry.msgstr_plural) for entry in entries_seen) == 6


@pytest.mark.parametrize("path", CORPUS, ids=[path.name for path in CORPUS])
def test_real_world_catalogues_survive_and_keep_gnu_layout(path: Path, tmp_path):
    first = read_po(path)
    # A second opinion: polib reads well-formed files the same way, except that it
    # drops the previous text ("#~| msgid") of obsolete entries, which the reader keeps.
    reference = polib.pofile(str(path))
    assert [comparable(entry) for entry in first] == [comparable(entry) for entry in reference]
    assert any(entry.obsolete and entry.previous_msgid for entry in first)
    written = tmp_path / path.name
    written.write_text(po_text(first), encoding="utf-8")
    again = read_po(written)
    assert [fields(entry) for entry in again] == [fields(entry) for entry in first]
    assert again.header == first.header and dict(again.metadata) == dict(first.metadata)
    msgfmt_check(written)
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
    assert po_text(first) == gnu
