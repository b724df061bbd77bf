"""`pipeline update`: templates merged into catalogues, nothing a translator did is lost."""

from __future__ import annotations

import os

from conftest import REPOSITORY, check_all_catalogues, editing
from pipeline.pofile import po_text, read_po

DOC = """\
---
title: Update test
---

# Update test

Kept paragraph stays exactly the same.

Changed paragraph about the 87 members of the coalition.

Removed paragraph that will disappear.

Untranslated paragraph nobody has touched.
"""


def translate(path, translations, comments=None, flags=None):
    with editing(path) as catalogue:
        for entry in catalogue:
            if entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]
            if comments and entry.msgid in comments:
                entry.tcomment = comments[entry.msgid]
            if flags and entry.msgid in flags:
                entry.flags.extend(flags[entry.msgid])


def test_merge_keeps_marks_fuzzy_obsoletes_and_adds(make_project):
    project = make_project(languages=["fr"], documents={"page.md": DOC})
    project.ok("update")
    page = project.po("fr", "page")
    translate(
        page,
        {
            "Update test": "Test de mise à jour",
            "Kept paragraph stays exactly the same.": "Le paragraphe conservé reste identique.",
            "Changed paragraph about the 87 members of the coalition.": "Paragraphe modifié sur les 87 membres.",
            "Removed paragraph that will disappear.": "Paragraphe supprimé qui va disparaître.",
        },
        comments={"Kept paragraph stays exactly the same.": "checked by Amina"},
        flags={"Kept paragraph stays exactly the same.": ["ignore-length"]},
    )

    project.write(
        "source/page.md",
        DOC.replace("87 members of the coalition", "86 members of the coalition")
        .replace("Removed paragraph that will disappear.\n\n", "")
        .replace("Untranslated paragraph", "Brand new paragraph added today.\n\nUntranslated paragraph"),
    )
    result = project.ok("update")
    assert "locales/fr/LC_MESSAGES/page.po: 1 new, 1 changed (kept as fuzzy), 2 obsolete" in result.out

    entries = {(entry.msgid, entry.obsolete): entry for entry in read_po(page)}
    kept = entries[("Kept paragraph stays exactly the same.", False)]
    assert kept.msgstr == "Le paragraphe conservé reste identique."
    assert kept.tcomment == "checked by Amina"
    assert kept.flags == ["ignore-length"]
    assert kept.occurrences == [("source/page.md", "7")]

    changed = entries[("Changed paragraph about the 86 members of the coalition.", False)]
    assert changed.flags == ["fuzzy"]
    assert changed.previous_msgid == "Changed paragraph about the 87 members of the coalition."
    assert changed.msgstr == "Paragraphe modifié sur les 87 membres."

    removed = entries[("Removed paragraph that will disappear.", True)]
    assert removed.msgstr == "Paragraphe supprimé qui va disparaître."
    # The exact old translation of the changed text is kept too, for when the edit is undone.
    assert entries[("Changed paragraph about the 87 members of the coalition.", True)].msgstr.startswith("Paragraphe")

    new = entries[("Brand new paragraph added today.", False)]
    assert new.msgstr == "" and not new.flags
    assert entries[("Untranslated paragraph nobody has touched.", False)].msgstr == ""
    check_all_catalogues(project.root)

    # The removed text comes back: its translation returns, not fuzzy.
    project.write("source/page.md", DOC)
    result = project.ok("update")
    assert "restored from obsolete" in result.out
    entries = {(entry.msgid, entry.obsolete): entry for entry in read_po(page)}
    back = entries[("Removed paragraph that will disappear.", False)]
    assert back.msgstr == "Paragraphe supprimé qui va disparaître." and "fuzzy" not in back.flags
    restored = entries[("Changed paragraph about the 87 members of the coalition.", False)]
    assert restored.msgstr == "Paragraphe modifié sur les 87 membres." and "fuzzy" not in restored.flags
    check_all_catalogues(project.root)


def test_update_with_nothing_changed_touches_nothing(make_project):
    project = make_project(languages=["fr", "ar"])
    project.ok("update")
    files = sorted((project.root / "locales").rglob("*.po*"))
    before = {path: (path.read_bytes(), os.stat(path).st_mtime_ns) for path in files}
    result = project.ok("update")
    assert result.out.count("unchanged") == len(files)
    assert {path: (path.read_bytes(), os.stat(path).st_mtime_ns) for path in files} == before


def test_a_catalogue_with_its_recorded_size_and_time_is_not_read_again(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    path = project.po("fr", "mission")
    stamp = os.stat(path)
    # Changed, but with the size and time the last update recorded (as a build, update trusts them)...
    path.write_bytes(path.read_bytes().replace(b"Our Mission", b"Our Mizzion"))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert "locales/fr/LC_MESSAGES/mission.po: unchanged" in project.ok("update").out
    os.utime(path)  # ...and read again as soon as its time says it was saved
    assert "locales/fr/LC_MESSAGES/mission.po: unchanged" not in project.ok("update").out


def test_a_catalogue_laid_out_differently_is_not_rewritten_when_nothing_changed(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    path = project.po("fr", "ui")
    # The same content, laid out the way another editor might: long lines, CRLF.
    relaid = path.read_text(encoding="utf-8").replace('msgstr ""\n"Project', 'msgstr ""\r\n"Project')
    path.write_bytes(relaid.encode("utf-8"))
    project.ok("update")
    assert path.read_bytes() == relaid.encode("utf-8")


def test_update_lays_out_only_the_merged_catalogue_when_a_place_moved(make_project, monkeypatch):
    """A document edited above a passage moves its place: the catalogue is written without laying out
    the one read first (which a merge that changes nothing needs, to keep another tool's layout)."""
    import pipeline.catalogue

    project = make_project(languages=["fr"])
    project.ok("update")
    mission = project.root / "source/mission.md"
    text = mission.read_text(encoding="utf-8")
    heading_end = text.index("\n\n", text.index("\n# ")) + 2
    mission.write_text(text[:heading_end] + "\n\n" + text[heading_end:], encoding="utf-8")
    laid_out = []
    real = pipeline.catalogue.po_text
    monkeypatch.setattr(pipeline.catalogue, "po_text", lambda catalogue: laid_out.append(1) or real(catalogue))
    result = project.ok("update", "--jobs", "1")
    assert "locales/fr/LC_MESSAGES/mission.po: updated" in result.out
    assert len(laid_out) == 1  # the merged catalogue; ui.pot and mission.pot are not laid out here
    assert po_text(read_po(project.po("fr", "mission"))) == project.po("fr", "mission").read_text(encoding="utf-8")


def test_update_reads_the_templates_texts_from_build_space_until_a_template_changes(make_project, monkeypatch):
    """The page templates' texts, extracted by the last command, are not extracted again by `update`
    or `status` (nor Jinja2 imported for it) while the templates are the same; a changed one is, alone."""
    import pipeline.extract

    project = make_project(languages=["fr"])
    project.ok("update")
    extracted = []
    real = pipeline.extract._template_texts.__wrapped__
    monkeypatch.setattr(pipeline.extract, "_template_texts", lambda content: extracted.append(content) or real(content))
    template = project.root / "locales/ui.pot"
    before = template.read_bytes()
    project.ok("update")
    project.ok("status")  # reads them too, and writes nothing
    assert extracted == [] and template.read_bytes() == before
    page = (REPOSITORY / "pipeline/templates/page.html").read_text(encoding="utf-8")
    ours = project.write(
        "source/_templates/page.html", page.replace("{% block content %}", '{% block content %}{{ _("Read on") }}', 1)
    )
    with open(project.root / "pipeline.toml", "a", encoding="utf-8") as config:
        config.write('templates = "source/_templates"\n')
    project.ok("update")
    assert extracted == [ours.read_bytes()]
    assert 'msgid "Read on"' in template.read_text(encoding="utf-8")
    assert 'msgid "Read on"' in project.po("fr", "ui").read_text(encoding="utf-8")


def test_update_reads_the_documents_messages_from_build_space_until_a_document_changes(make_project, monkeypatch):
    """An update (or `status`) with no document changed parses none (nor imports markdown-it for it);
    an edited document is parsed again, alone, and its new text reaches the template and the catalogues."""
    from pipeline.sources.markdown import MarkdownFormat

    project = make_project(languages=["fr"], documents={"about.md": "# About\n\nWho we are.\n"})
    project.ok("update")
    parsed = []
    real = MarkdownFormat.parse
    monkeypatch.setattr(
        MarkdownFormat, "parse", lambda self, path, shown: parsed.append(shown) or real(self, path, shown)
    )
    before = {path: path.read_bytes() for path in (project.root / "locales").rglob("*.po*")}
    project.ok("update")
    project.ok("status")  # counts against the same messages, and writes nothing
    assert parsed == []
    assert {path: path.read_bytes() for path in before} == before
    about = project.root / "source/about.md"
    about.write_text("# About\n\nWho we are, and where.\n", encoding="utf-8")
    project.ok("update")
    assert parsed == ["source/about.md"]
    assert 'msgid "Who we are, and where."' in (project.root / "locales/about.pot").read_text(encoding="utf-8")
    assert 'msgid "Who we are, and where."' in project.po("fr", "about").read_text(encoding="utf-8")
    about.write_text("# About\n\nWho we are.\n", encoding="utf-8")  # back as it was: known by its content again
    project.ok("update")
    assert parsed == ["source/about.md", "source/about.md"]  # the record keeps what this project has now, only
    assert 'msgid "Who we are."' in (project.root / "locales/about.pot").read_text(encoding="utf-8")


def test_a_template_made_from_what_made_its_file_is_not_laid_out_again(make_project, monkeypatch):
    """The hash of each template's text is kept by what it is made from: an update with nothing changed
    lays out no template; a document changed has its template laid out and rewritten, alone."""
    import pipeline.extract

    project = make_project(languages=["fr"], documents={"about.md": "# About\n\nWho we are.\n"})
    project.ok("update")
    project.ok("update")  # the templates written, and their text's hash kept
    laid_out = []
    real = pipeline.extract.po_text
    monkeypatch.setattr(pipeline.extract, "po_text", lambda catalogue: laid_out.append(catalogue) or real(catalogue))
    templates = sorted((project.root / "locales").glob("*.pot"))
    before = {path: path.read_bytes() for path in templates}
    project.ok("update")
    assert laid_out == [] and {path: path.read_bytes() for path in templates} == before
    (project.root / "source/about.md").write_text("# About\n\nWho we are, and where.\n", encoding="utf-8")
    project.ok("update")
    assert {catalogue.metadata["Project-Id-Version"] for catalogue in laid_out} == {
        "Global Coalition against Daesh (about)"
    }  # that one only (and more than once: a changed template is compared as PO too)
    assert 'msgid "Who we are, and where."' in (project.root / "locales/about.pot").read_text(encoding="utf-8")
    assert {path: path.read_bytes() for path in templates if path.name != "about.pot"} == {
        path: text for path, text in before.items() if path.name != "about.pot"
    }


def test_configured_language_without_catalogues_is_initialised(make_project):
    project = make_project(languages=["fr", "tr"])
    result = project.ok("update", "--lang", "tr")
    assert "locales/tr/LC_MESSAGES/mission.po: created, 17 messages to translate" in result.out
    assert not project.po("fr", "mission").exists()
    # GNU msginit's Turkish formula, from the project's table: two forms (Babel before 2.15 had one).
    assert read_po(project.po("tr", "ui")).metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_update_refuses_a_broken_catalogue_and_writes_nothing(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    path = project.po("fr", "mission")
    broken = path.read_text(encoding="utf-8").replace('msgid "Our Mission"', 'msgid "Our Mission')
    path.write_text(broken, encoding="utf-8")
    line = broken.split("\n").index('msgid "Our Mission') + 1
    result = project.run("update")
    assert result.status == 21
    assert result.err.strip() == (
        f"locales/fr/LC_MESSAGES/mission.po:{line}: error: unterminated string: the closing double quote is missing"
    )
    assert path.read_text(encoding="utf-8") == broken
