"""The Python API (``pipeline.api``): each operation called directly, its typed result and what it wrote."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ON_THE_REPOSITORY_BUILD, REPOSITORY, check_all_catalogues, editing
from pipeline import api
from pipeline.catalogue import load_merged
from pipeline.errors import Busy, CatalogueError, LanguageError
from pipeline.files import writing_to

DOC = """\
---
title: Our mission
---

# Our mission

The coalition has 87 members.

Kept paragraph stays exactly the same.
"""

# What the README's "Using it from Python" section shows, run on a copy of the repository.
README_EXAMPLE = """\
from pipeline import api

project = api.load_project(".")  # the folder with pyproject.toml or pipeline.toml
updated = api.update(project, languages=["fr", "nl"])
print("changed:", [catalogue.path.name for catalogue in updated.catalogues if catalogue.written])

checked = api.check(project, languages=["fr"])
for problem in checked.problems:
    print(f"{problem.file}:{problem.line}: {problem.severity}[{problem.check}]: {problem.message}")
print(f"{checked.errors} errors, {checked.warnings} warnings in {checked.checked} messages")

for status in api.status(project, languages=["fr", "nl"]):
    print(
        status.lang.code,
        f"{status.counts.percent:.0f}% reviewed, {status.counts.drafted_percent:.0f}% drafted,",
        status.state,
    )

try:
    report = api.build(project, strict=True)
except api.PipelineError as error:  # what the command prints, and its exit status
    print(f"{error} (exit status {error.exit_status})")
else:
    print(report.pages, "pages in", ", ".join(lang.code for lang in report.published))
"""


@pytest.fixture
def project(make_project):
    """A one-document project in French and Arabic, with no catalogues yet."""
    made = make_project(languages=["fr", "ar"], documents={"mission.md": DOC}, mission=False)
    return api.load_project(made.root)


def translate_all(path: Path, prefix: str = "FR ") -> None:
    with editing(path) as catalogue:
        for entry in catalogue:
            entry.msgstr = prefix + entry.msgid


# ---------------------------------------------------------------- extract, init, update


def test_extract_writes_the_templates_and_then_leaves_them(project):
    result = api.extract(project)
    assert [(template.domain, template.written) for template in result.templates] == [
        ("mission", True),
        ("ui", True),
    ]
    mission = result.templates[0]
    assert mission.path == project.root / "locales" / "mission.pot"
    assert mission.messages == 3  # the title (also the heading) and two paragraphs
    assert mission.path.is_file() and (project.root / "locales" / "ui.pot").is_file()
    assert result.orphaned == []
    before = mission.path.stat().st_mtime_ns

    again = api.extract(project)
    assert [template.written for template in again.templates] == [False, False]
    assert mission.path.stat().st_mtime_ns == before


def test_extract_names_a_template_whose_document_is_gone(project):
    api.extract(project)
    stale = project.root / "locales" / "old.pot"
    stale.write_text("", encoding="utf-8")
    assert api.extract(project).orphaned == [stale]
    assert stale.exists()  # named, never deleted


def test_init_creates_catalogues_and_leaves_existing_ones(project):
    result = api.init(project, ["fr", "tr", "fr"])
    assert [lang.code for lang in result.languages] == ["fr", "tr"]
    assert [lang.code for lang in result.unconfigured] == ["tr"]
    assert [(c.language.code, c.domain, c.created, c.written) for c in result.catalogues] == [
        ("fr", "mission", True, True),
        ("fr", "ui", True, True),
        ("tr", "mission", True, True),
        ("tr", "ui", True, True),
    ]
    assert result.catalogues[0].new == 3
    assert result.catalogues[0].path == project.root / "locales/fr/LC_MESSAGES/mission.po"
    assert check_all_catalogues(project.root) == 4 + 2

    again = api.init(project, "fr")  # one code alone will do
    assert [(c.created, c.written, c.skipped) for c in again.catalogues] == [(False, False, True)] * 2
    assert again.unconfigured == []


def test_init_refuses_the_source_language_before_writing_anything(project):
    with pytest.raises(LanguageError, match="is the source language") as caught:
        api.init(project, ["fr", "en"])
    assert caught.value.exit_status == 4
    assert not (project.root / "locales").exists()


def test_update_merges_and_then_skips_what_it_merged(project):
    first = api.update(project, jobs=1)
    assert [(c.language.code, c.domain, c.created) for c in first.catalogues] == [
        ("ar", "mission", True),
        ("ar", "ui", True),
        ("fr", "mission", True),
        ("fr", "ui", True),
    ]
    translate_all(project.root / "locales/fr/LC_MESSAGES/mission.po")
    (project.root / "source/mission.md").write_text(
        DOC.replace("87 members", "88 members") + "\nA new paragraph.\n", encoding="utf-8"
    )

    second = api.update(project, ["fr"], jobs=1)
    assert [(t.domain, t.written) for t in second.templates] == [("mission", True), ("ui", False)]
    ui, mission = sorted(second.catalogues, key=lambda catalogue: catalogue.domain != "ui")
    # ui.po is read again, not skipped: it has messages waiting for a translation, and its language's memory
    # changed (mission.po was translated); none of those texts is in ui.po, so nothing is written.
    assert (ui.domain, ui.skipped, ui.written) == ("ui", False, False)
    assert (mission.domain, mission.skipped, mission.written) == ("mission", False, True)
    assert (mission.new, mission.changed, mission.obsolete, mission.restored) == (1, 1, 1, 0)
    merged = load_merged(project)
    assert set(merged) == {
        f"locales/{code}/LC_MESSAGES/{domain}.po" for code in ("ar", "fr") for domain in ("mission", "ui")
    }

    third = api.update(project, ["fr"])
    assert [(c.skipped, c.written) for c in third.catalogues] == [(True, False), (True, False)]


def test_update_reads_every_catalogue_before_it_writes_one(project):
    api.update(project, jobs=1)
    (project.root / "source/mission.md").write_text(DOC + "\nA new paragraph.\n", encoding="utf-8")
    broken = project.root / "locales/fr/LC_MESSAGES/ui.po"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    before = {path: path.read_bytes() for path in (project.root / "locales").rglob("*") if path.is_file()}
    with pytest.raises(CatalogueError) as caught:
        api.update(project, jobs=1)
    assert str(caught.value.path) == "locales/fr/LC_MESSAGES/ui.po"
    after = {path: path.read_bytes() for path in (project.root / "locales").rglob("*") if path.is_file()}
    assert after == before


def test_languages_must_be_configured(project):
    with pytest.raises(LanguageError, match="'tr' is not among the languages in pipeline.toml"):
        api.update(project, ["tr"])
    with pytest.raises(LanguageError):
        api.status(project, ["nl"])


# ---------------------------------------------------------------- check and status


def test_check_returns_the_problems_and_what_it_went_through(project):
    api.init(project, ["fr"])
    with editing(project.root / "locales/fr/LC_MESSAGES/mission.po") as catalogue:
        for entry in catalogue:
            if "87" in entry.msgid:
                entry.msgstr = "La coalition a 86 membres."  # 87 is missing: an error
            elif entry.msgid.startswith("Kept"):
                entry.msgstr = "Le paragraphe gardé reste le même."
                entry.flags.append("fuzzy")

    result = api.check(project, ["fr"], jobs=1)
    assert (result.checked, result.fuzzy, result.untranslated, result.files) == (1, 1, 1 + 17, 2)  # ui.po: 17
    assert [(problem.check, problem.severity) for problem in result.problems] == [("numbers", "error")]
    problem = result.problems[0]
    assert (problem.file, problem.lang) == ("locales/fr/LC_MESSAGES/mission.po", "fr")
    assert (result.errors, result.warnings) == (1, 0)
    assert not result.passed() and not result.source

    everything = api.check(project)  # Arabic has no catalogues: nothing more to read
    assert everything.files == 2


def test_check_source_looks_at_the_documents(project):
    result = api.check_source(project)
    assert result.source and result.files == 1 and result.checked == 4
    assert result.problems == [] and result.passed(strict=True)


def test_available_checks():
    ids = [info.id for info in api.available_checks()]
    assert {"markup", "numbers", "terminology"} <= set(ids)
    assert all(info.severity in ("error", "warning") for info in api.available_checks())


def test_status_counts_each_language_and_writes_nothing(project):
    api.init(project, ["fr"])
    translate_all(project.root / "locales/fr/LC_MESSAGES/mission.po")
    before = sorted(project.root.rglob("*"))
    statuses = api.status(project, jobs=1)
    assert sorted(project.root.rglob("*")) == before
    assert [status.lang.code for status in statuses] == ["fr", "ar"]
    fr, ar = statuses
    assert (fr.counts.translated, fr.counts.untranslated, fr.missing) == (3, 17, [])  # ui.po untranslated
    assert ar.missing == ["mission", "ui"] and ar.state == "in progress"
    assert ar.counts.words_left == ar.counts.untranslated_words > 0
    assert [status.lang.code for status in api.status(project, ["ar"])] == ["ar"]

    page = api.status_page(project, statuses)
    assert page.startswith("<!DOCTYPE html>") and "Arabic" in page


# ---------------------------------------------------------------- build and the preview


def test_build_reports_what_it_did(project):
    api.init(project, ["fr"])
    translate_all(project.root / "locales/fr/LC_MESSAGES/mission.po")
    translate_all(project.root / "locales/fr/LC_MESSAGES/ui.po")

    report = api.build(project, jobs=1)
    assert [lang.code for lang in report.published] == ["en", "fr"]
    assert report.pages == 2 and report.rendered == 2 and not report.nothing_changed
    assert (project.root / "output/fr/index.html").is_file()
    assert not (project.root / "output/ar").exists()
    assert [status.lang.code for status in report.statuses] == ["fr", "ar"]

    assert api.build(project).nothing_changed
    assert api.build(project, force=True, jobs=1).rendered == 2


def test_the_preview_is_built_beside_the_site_never_into_it(project):
    report = api.build_preview(project, all_languages=True, jobs=1)
    assert [lang.code for lang in report.published] == ["en", "fr", "ar"]
    preview = project.root / "output/.build/preview"
    assert (preview / "ar/index.html").is_file()
    assert not (project.root / "output/index.html").exists()


# ---------------------------------------------------------------- the lock


def test_writing_holds_the_lock_around_several_operations(project):
    with api.writing(project, wait=False):
        api.extract(project)  # goes on under the caller's lock instead of waiting for it
        api.init(project, ["fr"])
    assert (project.root / "locales/fr/LC_MESSAGES/ui.po").is_file()
    assert not (project.root / "output/.build/unfinished").exists()


def test_a_project_another_writer_holds_is_busy_without_waiting(project):
    holding, release = threading.Event(), threading.Event()

    def other_writer() -> None:  # another thread takes the lock as another process would
        with writing_to(project):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        assert holding.wait(10)
        with pytest.raises(Busy) as caught, api.writing(project, wait=False):
            pass
        assert caught.value.exit_status == 7
    finally:
        release.set()
        thread.join()
    assert api.extract(project).templates  # free again


# ---------------------------------------------------------------- the README


@ON_THE_REPOSITORY_BUILD
def test_the_readme_example_runs_on_the_repository(repository_build, tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"  # the repository as the README's first command leaves it
    shutil.copytree(repository_build.root, site, symlinks=True)
    monkeypatch.chdir(site)
    exec(compile(README_EXAMPLE, "README example", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("changed: [")
    assert re.search(r"^\d+ errors, \d+ warnings in \d+ messages$", out, re.MULTILINE)
    assert re.search(r"^fr \d+% reviewed, 100% drafted, published$", out, re.MULTILINE)  # drafts, labelled
    assert re.search(r"^nl \d+% reviewed, 100% drafted, published$", out, re.MULTILINE)
    built = re.search(r"^\d+ pages in en, (.*)$", out, re.MULTILINE)
    if built:  # published; a translation with errors would have made build --strict refuse (exit status 1)
        assert "fr" in built[1].split(", ") and (site / "output/fr/index.html").is_file()
    else:
        assert re.search(r"\(exit status 1\)$", out, re.MULTILINE)


def test_the_readme_shows_the_example_the_tests_run():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## Using it from Python\n")[2]
    assert section, "README.md has no 'Using it from Python' section"
    block = re.search(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert block is not None and block[1] == README_EXAMPLE
