"""`pipeline status`: progress per language, as text and as JSON."""

from __future__ import annotations

import json

from conftest import editing


def test_status_counts_messages_and_words(make_project):
    project = make_project(languages=["fr", "ar"])
    project.with_shipped("fr")
    project.ok("update")
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Military Progress").flags.remove("fuzzy")  # reviewed
        catalogue.find("Stabilising Liberated Areas").tcomment = ""  # fuzzy, no longer a machine draft
        catalogue.find("Our Mission").msgstr = ""

    report = json.loads(project.ok("status", "--format", "json").out)
    french, arabic = report
    assert french["language"] == "fr" and french["name"] == "français" and french["english_name"] == "French"
    counts = (french["translated"], french["draft"], french["fuzzy"], french["untranslated"], french["total"])
    assert counts == (1, 31, 1, 1, 34)  # the shipped French is a machine draft, but for what was changed here
    assert french["translated_words"] == 2 and french["fuzzy_words"] == 3 and french["untranslated_words"] == 2
    assert french["percent"] == 2.9 and french["published"] is True  # drafts published, as the tests' config says
    assert arabic["translated"] == arabic["draft"] == 0 and arabic["published"] is False
    assert arabic["untranslated_words"] == french["translated_words"] + french["draft_words"] + 5

    text = project.ok("status", "--lang", "fr").out
    left = french["draft_words"] + 5
    assert (
        f"fr              1/34   2.9%    31*      1            1 {left:>10}      0        0  published    French"
        in text
    )


def test_fuzzy_entries_are_not_counted_as_translated(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    with editing(project.po("fr", "ui")) as catalogue:
        for entry in catalogue:
            entry.msgstr = "brouillon" if not entry.msgid_plural else ""
            entry.msgstr_plural = {0: "a %(count)s", 1: "b %(count)s"} if entry.msgid_plural else {}
            entry.flags.append("fuzzy")
    status = json.loads(project.ok("status", "--format", "json").out)[0]
    assert status["translated"] == status["draft"] == 0 and status["fuzzy"] == 17
