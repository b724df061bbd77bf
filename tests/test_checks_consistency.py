"""The consistency check: one source text translated one way across a language's catalogues."""

from __future__ import annotations

import polib
import pytest
from check_helpers import context

from conftest import editing
from pipeline import api
from pipeline.checks import CHECKS, Level, registry
from pipeline.checks.consistency import consistency
from pipeline.checks.registry import Place

SHARED = "The coalition restores essential public services in liberated areas."

A = f"""\
---
title: Alpha
---

# Alpha

{SHARED}
"""

B = f"""\
---
title: Beta
---

# Beta

{SHARED}
"""


def place(file, line, msgid, msgstr="", plural="", forms=None, msgctxt=None):
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, msgid_plural=plural, msgctxt=msgctxt)
    if forms is not None:
        entry.msgstr_plural = dict(enumerate(forms))
    return Place(file, line, entry)


def test_it_is_a_language_warning_listed_with_the_others():
    item = CHECKS["consistency"]
    assert item.severity == "warning" and item.level is Level.LANGUAGE
    assert "consistency" in [info.id for info in api.available_checks()]
    assert "| `consistency` | warning | language |" in registry.readme_table()


def test_each_place_names_the_others():
    places = [
        place("a.po", 10, "Home", "Accueil"),
        place("b.po", 4, "Home", "Page d'accueil"),
        place("c.po", 7, "Home", "Accueil"),
        place("c.po", 9, "Other", "Autre"),
    ]
    found = consistency(places, context("fr"))
    assert [(finding.file, finding.line) for finding in found] == [("a.po", 10), ("c.po", 7), ("b.po", 4)]
    assert found[0].message == "translated differently elsewhere: b.po:4 (“Page d'accueil”)"
    assert found[2].message == "translated differently elsewhere: a.po:10 (“Accueil”)"
    assert all(finding.msgid == "Home" for finding in found)


def test_plural_forms_are_all_compared_and_a_context_is_another_text():
    places = [
        place("a.po", 1, "%(n)s page", plural="%(n)s pages", forms=["%(n)s page", "%(n)s pages"]),
        place("b.po", 1, "%(n)s page", plural="%(n)s pages", forms=["%(n)s page", "%(n)s feuilles"]),
        place("a.po", 5, "Open", "Ouvrir", msgctxt="verb"),
        place("b.po", 5, "Open", "Ouvert", msgctxt="adjective"),
    ]
    found = consistency(places, context("fr"))
    assert [(finding.file, finding.msgid) for finding in found] == [("a.po", "%(n)s page"), ("b.po", "%(n)s page")]
    assert "“%(n)s page | %(n)s feuilles”" in found[0].message


@pytest.fixture
def two_documents(make_project):
    project = make_project(languages=["fr", "ar"], documents={"a.md": A, "b.md": B})
    api.update(api.load_project(project.root), jobs=1)
    for domain, text in (("a", "La coalition rétablit les services."), ("b", "La coalition restaure les services.")):
        with editing(project.po("fr", domain)) as catalogue:
            for entry in catalogue:
                if entry.msgid == SHARED:
                    entry.msgstr = text
    return project


def consistency_problems(result):
    return [problem for problem in result.problems if problem.check == "consistency"]


def line_of(path, msgid):
    with editing(path) as catalogue:
        return next(entry.linenum for entry in catalogue if entry.msgid == msgid)


def test_check_lists_both_places(two_documents):
    project = two_documents
    site = api.load_project(project.root)
    found = consistency_problems(api.check(site, jobs=1))
    a_line, b_line = line_of(project.po("fr", "a"), SHARED), line_of(project.po("fr", "b"), SHARED)
    assert [(problem.file, problem.line, problem.lang, problem.severity) for problem in found] == [
        ("locales/fr/LC_MESSAGES/a.po", a_line, "fr", "warning"),
        ("locales/fr/LC_MESSAGES/b.po", b_line, "fr", "warning"),
    ]
    assert f"locales/fr/LC_MESSAGES/b.po:{b_line} (“La coalition restaure les services.”)" in found[0].message
    assert f"locales/fr/LC_MESSAGES/a.po:{a_line} (“La coalition rétablit les services.”)" in found[1].message
    assert found[0].msgid == SHARED


def test_only_check_runs_it_status_and_build_count_the_rest(two_documents):
    """status and build read only the catalogues that changed: comparing them all is `check`'s work."""
    site = api.load_project(two_documents.root)
    checked = api.check(site, ["fr"], jobs=1)
    found = len(consistency_problems(checked))
    assert found >= 2
    french = next(item for item in api.status(site, jobs=1) if item.lang.code == "fr")
    assert french.warnings == checked.warnings - found
    report = api.build(site, jobs=1)
    assert next(item for item in report.statuses if item.lang.code == "fr").warnings == checked.warnings - found


def test_fuzzy_translations_do_not_count(two_documents):
    project = two_documents
    with editing(project.po("fr", "b")) as catalogue:
        for entry in catalogue:
            if entry.msgid == SHARED:
                entry.flags.append("fuzzy")
    assert not consistency_problems(api.check(api.load_project(project.root), jobs=1))


def test_an_entry_is_silenced_with_its_flag_and_a_language_with_disable_checks(two_documents):
    project = two_documents
    site = api.load_project(project.root)
    with editing(project.po("fr", "b")) as catalogue:
        for entry in catalogue:
            if entry.msgid == SHARED:
                entry.flags.append("ignore-consistency")
    assert not consistency_problems(api.check(site, jobs=1))  # nothing left to compare a.po's with
    with editing(project.po("fr", "b")) as catalogue:
        for entry in catalogue:
            entry.flags = [flag for flag in entry.flags if flag != "ignore-consistency"]
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'disable-checks = { fr = ["consistency"] }\n')
    assert not consistency_problems(api.check(api.load_project(project.root), jobs=1))


def test_files_of_one_language_given_together_are_compared(two_documents):
    project = two_documents
    paths = [project.po("fr", "a"), project.po("fr", "b"), project.po("ar", "a")]
    found = consistency_problems(api.check_files(paths))
    assert [problem.file for problem in found] == [str(paths[0]), str(paths[1])]
    assert not consistency_problems(api.check_files(paths[:1]))
