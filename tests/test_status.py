"""`pipeline status`: progress per language, as text and as JSON."""

from __future__ import annotations

import json

from conftest import editing


def test_status_counts_messages_and_words(make_project):
    project = make_project(languages=["fr", "ar"])
    project.with_shipped("fr")
    project.ok("update")
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Military Progress").flags.append("fuzzy")
        catalogue.find("Our Mission").msgstr = ""

    report = json.loads(project.ok("status", "--format", "json").out)
    french, arabic = report
    assert french["language"] == "fr" and french["name"] == "français" and french["english_name"] == "French"
    assert (french["translated"], french["fuzzy"], french["untranslated"], french["total"]) == (22, 1, 1, 24)
    assert french["fuzzy_words"] == 2 and french["untranslated_words"] == 2
    assert french["percent"] == 91.7 and french["published"] is True
    assert arabic["translated"] == 0 and arabic["published"] is False
    assert arabic["untranslated_words"] == french["translated_words"] + 4

    text = project.ok("status", "--lang", "fr").out
    assert (
        "fr             22/24  91.7%      1            1          4      0        0  published    French (français)"
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
    assert status["translated"] == 0 and status["fuzzy"] == 7
