"""The translation memory in `update`: new messages start from what the project already translated."""

from __future__ import annotations

import time

import pytest

from conftest import editing, msgfmt_check
from pipeline import api
from pipeline.errors import ConfigError
from pipeline.memory import FUZZY_THRESHOLD, Memory, Suggestion
from pipeline.pofile import read_po
from pipeline.status import EntryState, entry_state

SHARED = "The coalition restores essential public services in liberated areas."
CLOSE = "The coalition has 87 members working together in 2024."
CLOSER = "The coalition has 86 members working together in 2024."
UNRELATED = "Foreign fighters travelling to the territories remain a threat."

A = f"""\
---
title: Alpha
---

# Alpha

{SHARED}

{CLOSE}

Only in the first document.
"""

B = f"""\
---
title: Beta
---

# Beta

{SHARED}

{CLOSER}

{UNRELATED}
"""

FRENCH = {
    SHARED: "La coalition rétablit les services publics essentiels dans les zones libérées.",
    CLOSE: "La coalition compte 87 membres qui travaillent ensemble en 2024.",
    "Alpha": "Alpha",
    "Only in the first document.": "Seulement dans le premier document.",
}


def translate(path, translations):
    with editing(path) as catalogue:
        for entry in catalogue:
            if entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")


def entries(path):
    return {entry.msgid: entry for entry in read_po(path) if not entry.obsolete}


@pytest.fixture
def two_documents(make_project):
    """A project with a.md translated in French, and b.md, whose catalogue is new, sharing texts with it."""
    project = make_project(languages=["fr"], documents={"a.md": A})
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    translate(project.po("fr", "a"), FRENCH)
    project.write("source/b.md", B)
    return project


def test_a_new_message_starts_from_the_same_text_translated_elsewhere(two_documents):
    project = two_documents
    site = api.load_project(project.root)
    result = api.update(site, jobs=1)
    page = project.po("fr", "b")
    found = entries(page)

    shared = found[SHARED]
    assert shared.msgstr == FRENCH[SHARED]
    assert shared.flags == ["fuzzy"]  # a suggestion to review, never published as it is
    assert entry_state(shared) is EntryState.FUZZY
    assert shared.previous_msgid is None
    assert shared.tcomment == "memory: exact match, locales/fr/LC_MESSAGES/a.po"

    close = found[CLOSER]
    assert close.msgstr == FRENCH[CLOSE]
    assert close.flags == ["fuzzy"]
    assert close.previous_msgid == CLOSE  # what the suggestion translated, for the translator's tool to diff
    assert close.tcomment == "memory: 98% match, locales/fr/LC_MESSAGES/a.po"

    assert found[UNRELATED].msgstr == "" and not found[UNRELATED].flags and not found[UNRELATED].tcomment
    assert found["Beta"].msgstr == ""  # "Alpha" is not close enough to "Beta"
    report = next(item for item in result.catalogues if item.path == page)
    assert report.remembered == 2 and report.new == 4  # Beta (title and heading), and three paragraphs
    msgfmt_check(page)


def test_update_twice_changes_nothing_the_second_time(two_documents):
    project = two_documents
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    before = project.snapshot("locales")
    again = api.update(site, jobs=1)
    assert project.snapshot("locales") == before
    assert not any(item.written for item in again.catalogues)
    assert all(item.skipped for item in again.catalogues)  # nothing the memory reads changed either


def test_a_translation_made_later_elsewhere_fills_a_waiting_message(two_documents):
    project = two_documents
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    assert entries(project.po("fr", "b"))[UNRELATED].msgstr == ""
    # The same text comes to the first document and is translated there; b.po itself is not touched.
    project.write("source/a.md", A + f"\n{UNRELATED}\n")
    api.update(site, jobs=1)
    translate(project.po("fr", "a"), {UNRELATED: "Les combattants étrangers restent une menace."})
    result = api.update(site, jobs=1)
    waiting = entries(project.po("fr", "b"))[UNRELATED]
    assert waiting.msgstr == "Les combattants étrangers restent une menace." and waiting.flags == ["fuzzy"]
    assert next(item for item in result.catalogues if item.path == project.po("fr", "b")).remembered == 1
    before = project.snapshot("locales")
    api.update(site, jobs=1)
    assert project.snapshot("locales") == before


def test_a_translators_own_text_and_the_merges_own_suggestion_are_never_replaced(two_documents):
    project = two_documents
    site = api.load_project(project.root)
    edited = UNRELATED.replace("remain a threat", "remain a serious threat")
    project.write("source/a.md", A + f"\n{edited}\n")  # the first document has the edited text, translated
    api.update(site, jobs=1)
    translate(project.po("fr", "a"), {edited: "Les combattants étrangers restent une menace sérieuse."})
    page = project.po("fr", "b")
    translate(page, {SHARED: "Ma propre traduction.", UNRELATED: "Combattants étrangers."})
    with editing(page) as catalogue:
        for entry in catalogue:
            if entry.msgid == SHARED:
                entry.tcomment = "checked by Amina"
                entry.flags.append("ignore-length")
    # b.md's text is edited the same way: the merge carries b.po's own translation as fuzzy, and the
    # memory's exact match leaves it alone.
    project.write("source/b.md", B.replace(UNRELATED, edited))
    api.update(site, jobs=1)
    found = entries(page)
    assert found[SHARED].msgstr == "Ma propre traduction."
    assert found[SHARED].tcomment == "checked by Amina" and found[SHARED].flags == ["ignore-length"]
    moved = found[edited]
    assert moved.msgstr == "Combattants étrangers." and moved.flags == ["fuzzy"]
    assert moved.previous_msgid == UNRELATED and not moved.tcomment


def test_fills_are_the_same_whatever_the_order_and_the_workers(make_project, tmp_path, monkeypatch):
    """Two catalogues translate the text differently: the first by path wins, every time."""
    # The new template is stamped with the minute of each update: the two updates below, a moment apart,
    # would differ by their dates alone when a minute ends between them.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    project = make_project(languages=["fr", "ar"], documents={"c.md": A, "a.md": A})
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    translate(project.po("fr", "c"), {SHARED: "Version C."})
    translate(project.po("fr", "a"), {SHARED: "Version A."})
    project.write("source/b.md", B)
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(project.root, copy)
    api.update(site, jobs=1)
    api.update(api.load_project(copy), jobs=2)
    assert entries(project.po("fr", "b"))[SHARED].msgstr == "Version A."
    for path in sorted((project.root / "locales").rglob("*.po")):
        assert path.read_bytes() == (copy / path.relative_to(project.root)).read_bytes()


def test_a_po_compendium_is_used_for_its_language(two_documents):
    project = two_documents
    project.write(
        "memory/fr.po",
        f"""\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Language: fr\\n"

        msgid "{UNRELATED}"
        msgstr "Les combattants étrangers qui voyagent restent une menace."

        msgid "Beta"
        msgstr "Bêta"
        """,
    )
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'compendium = ["memory/fr.po"]\n')
    site = api.load_project(project.root)
    assert site.compendium == ("memory/fr.po",)
    api.update(site, jobs=1)
    found = entries(project.po("fr", "b"))
    assert found[UNRELATED].msgstr == "Les combattants étrangers qui voyagent restent une menace."
    assert found[UNRELATED].tcomment == "memory: exact match, memory/fr.po"
    assert found["Beta"].msgstr == "Bêta"
    assert found[SHARED].tcomment.startswith("memory: exact match, locales/fr/")  # the project's own first
    # A change of the compendium alone is seen by the next update.
    before = project.snapshot("locales")
    api.update(site, jobs=1)
    assert project.snapshot("locales") == before
    project.write("memory/fr.po", project.read("memory/fr.po").replace('msgid "Beta"', 'msgid "Alpha"'))
    api.update(site, jobs=1)
    assert entries(project.po("fr", "a"))["Alpha"].msgstr == "Alpha"  # translated already: left alone


def test_a_tmx_compendium_is_used_for_each_language(two_documents):
    pytest.importorskip("pipeline.exchange.tmx")
    project = two_documents
    project.write(
        "memory/agency.tmx",
        f"""\
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4">
          <header creationtool="test" creationtoolversion="1" segtype="paragraph" o-tmf="po" adminlang="en"
                  srclang="en" datatype="plaintext"/>
          <body>
            <tu>
              <tuv xml:lang="en"><seg>{UNRELATED}</seg></tuv>
              <tuv xml:lang="fr"><seg>Des combattants étrangers restent une menace.</seg></tuv>
            </tu>
          </body>
        </tmx>
        """,
    )
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'compendium = ["memory/agency.tmx"]\n')
    api.update(api.load_project(project.root), jobs=1)
    found = entries(project.po("fr", "b"))[UNRELATED]
    assert found.msgstr == "Des combattants étrangers restent une menace."
    assert found.tcomment == "memory: exact match, memory/agency.tmx"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"/etc/fr.po"', "must be a path inside the project"),
        ('["../fr.po"]', "must be a path inside the project"),
        ('["memory/fr.txt"]', "neither a .po nor a .tmx file"),
        ("[1]", "must be a list of files"),
        ('["a.po", "a.po"]', "listed twice"),
    ],
)
def test_the_compendium_setting_is_checked(make_project, value, message):
    project = make_project(languages=["fr"])
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + f"compendium = {value}\n")
    with pytest.raises(ConfigError) as raised:
        api.load_project(project.root)
    assert message in raised.value.message and raised.value.line == 9


def test_a_missing_compendium_is_an_error_with_nothing_written(two_documents):
    project = two_documents
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'compendium = ["memory/fr.po"]\n')
    before = project.snapshot("locales")
    with pytest.raises(ConfigError, match="no such file"):
        api.update(api.load_project(project.root), jobs=1)
    assert project.snapshot("locales") == before


def test_plural_shape_and_forms_must_match():
    memory = Memory(
        [
            Suggestion("%(n)s page", "%(n)s pages", ("%(n)s page", "%(n)s pages"), "x.po"),
            Suggestion("%(n)s page", "", ("une page",), "x.po"),
        ]
    )
    assert memory.find("%(n)s page", "%(n)s pages", 2, "b.po").suggestion.forms == ("%(n)s page", "%(n)s pages")
    assert memory.find("%(n)s page", "", 1, "b.po").suggestion.forms == ("une page",)
    assert memory.find("%(n)s page", "%(n)s pages", 3, "b.po") is None  # another number of forms
    assert memory.find("%(n)s page", "", 1, "x.po") is None  # never from the catalogue itself


def test_close_matches_are_found_fast_in_a_large_memory():
    """12,000 remembered paragraphs (a language of the large benchmark), 300 new messages to match."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from corpus import WORDS  # the benchmark's vocabulary: paragraphs much alike, the hard case

    rng = random.Random(7)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))) + "." for _ in range(12_000)]
    memory = Memory(
        Suggestion(text, "", (text.upper(),), f"locales/fr/LC_MESSAGES/p{n % 300}.po") for n, text in enumerate(texts)
    )
    queries = [texts[n * 37].replace(" ", "  ", 2) + " More." for n in range(150)]
    queries += [" ".join(rng.choice(WORDS) for _ in range(20)) for _ in range(150)]
    start = time.perf_counter()
    found = [memory.find(query, "", 1, "locales/fr/LC_MESSAGES/new.po") for query in queries]
    elapsed = time.perf_counter() - start
    assert [match.suggestion.source for match in found[:150] if match] == [texts[n * 37] for n in range(150)]
    assert all(match.ratio >= FUZZY_THRESHOLD for match in found if match)
    assert elapsed < 10, f"{elapsed:.1f} s for 300 messages"


def test_what_the_memory_holds_is_recorded_and_only_changed_catalogues_are_read_again(two_documents, monkeypatch):
    project = two_documents
    site = api.load_project(project.root)
    api.update(site, jobs=1)
    assert (project.root / "output/.build/memory/fr.json").is_file()
    import pipeline.pofile

    read = []
    original = pipeline.pofile.read_catalogue
    monkeypatch.setattr(
        pipeline.pofile, "read_catalogue", lambda path, *args: read.append(path) or original(path, *args)
    )
    project.write("source/c.md", f"# Gamma\n\n{SHARED}\n")
    api.update(site, jobs=1)
    assert read == []  # a.po, b.po, mission.po and ui.po: from the record; c.po: new
    assert entries(project.po("fr", "c"))[SHARED].msgstr == FRENCH[SHARED]


def test_update_says_how_many_messages_the_memory_filled(two_documents):
    result = two_documents.ok("update", "--jobs", "1")
    # b.md's catalogue is new: its shared text exactly, and its close one, come from a.po.
    created = "locales/fr/LC_MESSAGES/b.po: created, 4 messages to translate, 2 of them from the translation memory"
    assert created + " (fuzzy)\n" in result.out, result.out
