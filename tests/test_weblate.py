"""Catalogues as Weblate writes them come through `update` and `build` with nothing lost.

Weblate reads and writes PO files with Translate Toolkit (``translate.storage.pypo``):
here the project's catalogues are parsed and written back by it, with the changes a
translator makes in Weblate (a translation edited and approved, the header fields Weblate
keeps), then `update` and `build` run on them through the API.
"""

from __future__ import annotations

import copy
from pathlib import Path

import polib
import pytest
from translate.storage import pypo

from conftest import msgfmt_check
from pipeline import api
from pipeline.pofile import po_text, read_po
from pipeline.status import EntryState, entry_state

LANGUAGES = ["fr", "ar", "fa_AF"]
# What a reviewer in each language puts in front of a paragraph's draft before approving it.
EDITS = {"fr": "Ainsi, ", "ar": "وهكذا، ", "fa_AF": "بنابراین، "}
HEADER = {  # what Weblate writes in the header of a file it saves
    "Last-Translator": "Amina Weblate <amina@example.org>",
    "PO-Revision-Date": "2026-11-29 10:00+0000",
    "X-Generator": "Weblate 5.8",
}


def catalogues(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po"))


def weblate_save(path: Path, changes: dict[str, str]) -> None:
    """Save ``path`` as Weblate does after a translator changed and approved ``changes`` (msgid -> text)."""
    store = pypo.pofile(path.read_bytes())
    for unit in store.units:
        if not unit.isheader() and unit.source in changes:
            unit.target = changes[unit.source]
            unit.markfuzzy(False)  # "Needs editing" unticked: reviewed
    if changes:
        store.updateheader(add=True, **{name.replace("-", "_"): value for name, value in HEADER.items()})
    path.write_bytes(bytes(store))


def paragraph(path: Path, number: int = 0) -> tuple[str, str]:
    """The msgid and translation of a long paragraph of a catalogue."""
    entry = [entry for entry in read_po(path) if len(entry.msgid) > 150][number]
    return entry.msgid, entry.msgstr


def expected(original: polib.POFile, changes: dict[str, str]) -> str:
    """The original catalogue with the translator's changes, in the project's layout."""
    catalogue = copy.deepcopy(original)
    for entry in catalogue:
        if entry.msgid in changes:
            entry.msgstr = changes[entry.msgid]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    if changes:
        catalogue.metadata.update(HEADER)
    return po_text(catalogue)


@pytest.fixture
def weblate_project(make_project):
    """The shipped French, Arabic and Dari catalogues, each saved by Weblate, a paragraph of each
    mission.po (and a text of the French ui.po) edited and approved."""
    project = make_project(languages=LANGUAGES).with_shipped(*LANGUAGES)
    api.update(api.load_project(project.root), jobs=1)  # the project as its publisher left it
    originals = {path: read_po(path) for path in catalogues(project.root)}
    changes: dict[Path, dict[str, str]] = {path: {} for path in originals}
    for code in LANGUAGES:
        msgid, draft = paragraph(project.po(code, "mission"))
        changes[project.po(code, "mission")][msgid] = EDITS[code] + (draft[0].lower() + draft[1:])
    changes[project.po("fr", "ui")]["Page not found"] = "Cette page est introuvable"
    for path, changed in changes.items():
        weblate_save(path, changed)
        msgfmt_check(path)
    return project, originals, changes


def test_weblate_writes_what_the_project_reads(weblate_project):
    project, originals, changes = weblate_project
    for path, original in originals.items():
        saved = read_po(path)
        assert len(saved) == len(original)
        for msgid, text in changes[path].items():
            entry = next(entry for entry in saved if entry.msgid == msgid)
            assert entry.msgstr == text and entry_state(entry) is EntryState.TRANSLATED


def layout_differences(text: str, changes: dict[str, str]) -> list[str]:
    """The lines where ``text`` differs from the project's layout of it, each checked to be a piece of one of
    the translations ``changes`` made: line breaks inside what Weblate wrote, nothing else."""
    import difflib

    ours = po_text(parse_text(text))
    differing = [
        line[1:]
        for line in difflib.ndiff(ours.splitlines(), text.splitlines())
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]
    for line in differing:
        piece = line.strip().removeprefix("msgstr ").strip().strip('"').replace('\\"', '"')
        assert any(piece in text for text in changes.values()), f"a difference outside the changes: {line!r}"
    return differing


def parse_text(text: str) -> polib.POFile:
    from pipeline.pofile import parse_po

    return parse_po(text.encode("utf-8"), "catalogue")


def test_update_keeps_every_translation_comment_and_flag_and_the_layout(weblate_project):
    project, originals, changes = weblate_project
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    relaid = []
    for path, original in originals.items():
        text = path.read_text(encoding="utf-8")
        shown = path.relative_to(project.root).as_posix()
        # Nothing but the translator's changes, and the header fields Weblate keeps.
        assert po_text(read_po(path)) == expected(original, changes[path]), shown
        # In the project's own layout, but for the line breaks of what Weblate wrote where Translate Toolkit
        # breaks lines otherwise than GNU gettext: at a no-break space (French before ; and :), or counting
        # the zero-width non-joiners of Persian words; `update` does not rewrite a file for its layout alone.
        if layout_differences(text, changes[path]):
            relaid.append(shown)
        msgfmt_check(path)
        updated = {(entry.msgctxt, entry.msgid, entry.obsolete): entry for entry in read_po(path)}
        for entry in original:
            kept = updated[(entry.msgctxt, entry.msgid, entry.obsolete)]
            if entry.msgid not in changes[path]:
                assert (kept.msgstr, kept.msgstr_plural, kept.flags) == (entry.msgstr, entry.msgstr_plural, entry.flags)
            assert (kept.tcomment, kept.comment, kept.occurrences) == (entry.tcomment, entry.comment, entry.occurrences)
    assert set(relaid) <= {path.relative_to(project.root).as_posix() for path, changed in changes.items() if changed}
    again = api.update(site, jobs=1)
    assert not any(catalogue.written for catalogue in again.catalogues)


def test_the_build_publishes_the_translations_changed_in_weblate(weblate_project):
    project, _, changes = weblate_project
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    report = api.build(site, jobs=1)
    assert {lang.code for lang in report.published} >= set(LANGUAGES)
    assert not api.check(site, jobs=1).errors
    for code in LANGUAGES:
        tag = next(lang.tag for lang in report.published if lang.code == code)
        page = (project.root / "output" / tag / "index.html").read_text(encoding="utf-8")
        (text,) = changes[project.po(code, "mission")].values()
        assert " ".join(text.split()[:4]) in page, code
    not_found = (project.root / "output" / "fr" / "404.html").read_text(encoding="utf-8")
    assert "Cette page est introuvable" in not_found


def test_a_line_weblate_breaks_elsewhere_stays_until_the_catalogue_changes(make_project):
    """Where Translate Toolkit breaks a line where GNU gettext would not, `update` leaves the file, which says
    the same in another layout, alone; once it changes the catalogue, it lays all of it out as its own."""
    project = make_project(languages=["fa_AF"]).with_shipped("fa_AF")
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    path = project.po("fa_AF", "mission")
    msgid, draft = paragraph(path)
    changed = "بنابراین، " + draft + " https://example.org/fa/a-long-address-without-spaces-in-it"
    weblate_save(path, {msgid: changed})
    weblate_text = path.read_bytes()
    assert layout_differences(weblate_text.decode("utf-8"), {msgid: changed})
    api.update(site, jobs=1)
    assert path.read_bytes() == weblate_text  # the same messages: not rewritten for its line breaks
    source = project.root / "source" / "mission.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    api.update(site, jobs=1)
    assert po_text(read_po(path)) == path.read_text(encoding="utf-8")
    assert next(entry for entry in read_po(path) if entry.msgid == msgid).msgstr == changed
