"""Fast at any size: only what changed is built, in parallel, with the same output every way."""

from __future__ import annotations

import io
import json
import shutil
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from conftest import REPOSITORY, editing
from pipeline.cli import main

sys.path.insert(0, str(REPOSITORY / "benchmarks"))


@pytest.fixture(autouse=True)
def reproducible_templates(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")


# One worker runs them all (pytest-xdist): the generated corpora are made and built once for the module.
pytestmark = pytest.mark.xdist_group("incremental")


@pytest.fixture(scope="module")
def masters(tmp_path_factory):
    """Generated corpora (built too, if asked), made once per test process each, and only ever copied."""
    from corpus import generate

    made = {}

    def master(pages, paragraphs, languages, built):
        key = (pages, paragraphs, languages, built)
        if key not in made:
            root = tmp_path_factory.mktemp("corpus") / "site"
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("SOURCE_DATE_EPOCH", "1780000000")
                if built:
                    shutil.copytree(master(pages, paragraphs, languages, False), root, symlinks=True)
                    printed = io.StringIO()
                    with redirect_stdout(printed), redirect_stderr(printed):
                        assert main(["--project", str(root), "build"]) == 0, printed.getvalue()
                else:
                    generate(root, pages=pages, paragraphs=paragraphs, languages=languages, pdf=False)
            made[key] = root
        return made[key]

    return master


@pytest.fixture
def corpus(masters, tmp_path):
    """``corpus(pages=6, paragraphs=8, languages=4, built=False)``: benchmarks/corpus.py's project, this test's copy.

    A copy keeps the files' modification times, as a build's manifest recorded them (``built=True``: as a
    ``build`` just left it).
    """

    def copy(pages=6, paragraphs=8, languages=4, built=False):
        root = tmp_path / "site"
        shutil.copytree(masters(pages, paragraphs, languages, built), root, symlinks=True)
        return root

    return copy


def run(capsys, root, *args):
    capsys.readouterr()
    status = main(["--project", str(root), *args])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out, captured.err


def site_files(root):
    return {
        str(path.relative_to(root / "output")): path.read_bytes()
        for path in sorted((root / "output").rglob("*"))
        if path.is_file() and ".build" not in path.parts
    }


def mtimes(root):
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns for path in (root / "output").rglob("*") if path.is_file()
    }


def touch_translation(root, code, document, text):
    with editing(root / "locales" / code / "LC_MESSAGES" / f"{document}.po") as catalogue:
        entry = next(entry for entry in catalogue if entry.msgid.startswith("Page "))
        entry.msgstr = text


def test_nothing_changed_writes_nothing(corpus, capsys):
    root = corpus(built=True)  # and built
    before = mtimes(root)
    out, _ = run(capsys, root, "build")
    assert out.startswith("output/: nothing changed (30 pages in 5 languages)")
    assert mtimes(root) == before


def test_a_file_gone_from_output_is_made_again_and_folders_unchanged_since_the_manifest_are_not_looked_into(
    corpus, capsys, monkeypatch, tmp_path
):
    """A build with nothing else changed finds a page, a whole page folder or a file of output/ itself gone,
    and makes it again, in the site or in a copy of it that kept the files' times. It looks up no file of a
    folder last changed before the manifest was written (deleting a file changes its folder's ctime; on a
    large site, minutes pass between the first pages and the manifest)."""
    import os
    import time

    from pipeline import build

    looked_up = []
    listed = build._listed
    monkeypatch.setattr(build, "_listed", lambda path: looked_up.append(path) or listed(path))
    root = corpus(built=True)  # and built, then copied with the times: every folder's ctime is the copy's
    expected = site_files(root)
    output = root / "output"
    out, _ = run(capsys, root, "build")
    assert out.startswith("output/: nothing changed (30 pages in 5 languages)")
    assert os.path.join(output, "fr/page-002/index.html") in looked_up

    shutil.rmtree(output)
    run(capsys, root, "build")  # every folder made here
    time.sleep(0.05)  # past the file system's clock tick
    manifest = output / ".build/manifest.json"
    shutil.copy(manifest, manifest.with_suffix(".new"))
    os.replace(manifest.with_suffix(".new"), manifest)  # written after the last change to any folder
    looked_up.clear()
    out, _ = run(capsys, root, "build")
    assert out.startswith("output/: nothing changed (30 pages in 5 languages)")
    assert all(os.path.dirname(path) == str(output) for path in looked_up)  # output/'s own files alone

    for gone in ("fr/page-002/index.html", "robots.txt"):
        (output / gone).unlink()
        out, _ = run(capsys, root, "build")
        assert "nothing changed" not in out
        assert site_files(root) == expected
    shutil.rmtree(output / "ar/page-003")
    out, _ = run(capsys, root, "build")
    assert "nothing changed" not in out
    assert site_files(root) == expected

    from pipeline.config import load_project
    from pipeline.manifest import load_manifest

    project = load_project(root)
    recorded = load_manifest(project)
    with monkeypatch.context() as windows:  # where ctime is a creation time, the folders are listed
        windows.setattr(build.os, "name", "nt")
        assert build._outputs_exist(project, recorded)
        (output / "fr/page-004/index.html").rename(output / "fr/page-004/index.old")
        assert not build._outputs_exist(project, recorded)
        (output / "fr/page-004/index.old").rename(output / "fr/page-004/index.html")

    (output / "fr/page-004/index.html").unlink()
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, symlinks=True)  # a cache restored, a site moved: whatever order it is copied in
    out, _ = run(capsys, copy, "build")
    assert "nothing changed" not in out
    assert (copy / "output/fr/page-004/index.html").read_bytes() == expected[
        os.path.join("fr", "page-004", "index.html")
    ]


def test_one_catalogue_changed_rewrites_one_page_and_what_shows_it(corpus, capsys):
    root = corpus(built=True)  # and built
    before = mtimes(root)
    touch_translation(root, "fr", "page-003", "Une page 3 changée")  # its title: in every French page's menu
    out, _ = run(capsys, root, "build")
    assert ", 6 rendered (" in out
    changed = {name for name, stamp in mtimes(root).items() if before.get(name) != stamp}
    french = {name for name in changed if name.startswith("output/fr/")}
    assert changed - french == {"output/.build/locale/fr/LC_MESSAGES/page-003.mo",
                                "output/.build/text/fr/page-003.html", "output/.build/manifest.json"}  # fmt: skip
    assert "output/fr/page-003/index.html" in french and "output/fr/404.html" in french
    assert "Une page 3 changée" in (root / "output/fr/page-003/index.html").read_text()


def test_a_404_page_is_made_again_only_when_its_languages_navigation_changes(corpus, capsys, monkeypatch):
    """Each language's 404 page holds the whole navigation: a build makes it again when the navigation (or the
    page texts) of its language changed, not at every build (on a site of 300 documents in 40 languages,
    making all of them cost a sixth of a build with one catalogue changed)."""
    from pipeline.pages import Site

    root = corpus(built=True)
    made = []
    not_found = Site.not_found
    monkeypatch.setattr(
        Site, "not_found", lambda self, env, lang, *rest: made.append(lang.code) or not_found(self, env, lang, *rest)
    )
    with editing(root / "locales/fr/LC_MESSAGES/page-003.po") as catalogue:
        entry = next(entry for entry in catalogue if entry.msgstr and not entry.msgid.startswith("Page "))
        entry.msgstr += " (revu)"  # a passage of the page, not its title
    out, _ = run(capsys, root, "build")
    assert ", 1 rendered (" in out and made == []
    touch_translation(root, "fr", "page-003", "Une page 3 changée")  # its title: in the French navigation
    run(capsys, root, "build")
    assert made == ["fr"]
    assert "Une page 3 changée" in (root / "output/fr/404.html").read_text()
    incremental = site_files(root)
    out, _ = run(capsys, root, "build", "--force")
    assert "0 files written" in out and site_files(root) == incremental


def test_a_languages_navigation_is_read_from_its_texts_only_when_one_of_them_changed(corpus, capsys, monkeypatch):
    """Every page's key holds its language's navigation (each document's title there): the titles are read
    from the texts of a language one of whose texts changed, the others' navigation keys come from the
    manifest (a large site has 12,000 texts to read the heads of)."""
    from pipeline.pages import Body

    root = corpus(built=True)
    read = []
    head_of = Body.head_of.__func__
    monkeypatch.setattr(
        Body, "head_of", classmethod(lambda cls, path: read.append(path.parent.name) or head_of(cls, path))
    )
    with editing(root / "locales/ar/LC_MESSAGES/page-002.po") as catalogue:
        entry = next(entry for entry in catalogue if entry.msgstr and not entry.msgid.startswith("Page "))
        entry.msgstr += " (2)"  # a passage: its text changes, not the titles
    run(capsys, root, "build")
    assert set(read) == {"en", "ar"}  # the source language's, for the navigation's order (front matter weights)
    read.clear()
    touch_translation(root, "fa_AF", "page-005", "صفحه ۵")  # a title
    run(capsys, root, "build")
    assert set(read) == {"en", "fa_AF"}
    assert "صفحه ۵" in (root / "output/fa-AF/page-003/index.html").read_text()
    incremental = site_files(root)
    out, _ = run(capsys, root, "build", "--force")
    assert "0 files written" in out and site_files(root) == incremental


def test_a_languages_many_outdated_pages_are_shared_among_the_workers(corpus, capsys, monkeypatch):
    """A new title rewrites every page of its language: they are made in several tasks, so that every
    worker has a share, and the site is the one a build in one process makes."""
    from pipeline.builders import run as runner

    root = corpus(built=True)
    tasks = []
    run_with = runner.run_with
    monkeypatch.setattr(runner, "OUTPUTS_PER_TASK", 4)
    monkeypatch.setattr(
        runner,
        "run_with",
        lambda context, function, work, *rest: tasks.extend(work) or run_with(context, function, work, *rest),
    )
    touch_translation(root, "fr", "page-003", "Une page 3 changée")  # a title: in every French page's menu
    out, _ = run(capsys, root, "build", "--jobs", "2")
    assert ", 6 rendered (" in out
    assert [(name, lang.code, len(documents)) for name, lang, documents in tasks] == [
        ("html", "fr", 4),
        ("html", "fr", 2),
    ]
    incremental = site_files(root)
    out, _ = run(capsys, root, "build", "--force", "--jobs", "1")
    assert "0 files written" in out and site_files(root) == incremental


def test_incremental_and_full_builds_are_identical_and_so_are_any_number_of_jobs(corpus, capsys):
    root = corpus()
    run(capsys, root, "build", "--jobs", "2")
    touch_translation(root, "ar", "page-002", "صفحة 2")
    (root / "source/page-004.md").write_text((root / "source/page-004.md").read_text() + "\nOne more passage.\n")
    run(capsys, root, "update")
    run(capsys, root, "build", "--jobs", "2")
    incremental = site_files(root)
    out, _ = run(capsys, root, "build", "--force", "--jobs", "1")
    assert ", 30 rendered (" in out and "0 files written" in out
    assert site_files(root) == incremental
    shutil.rmtree(root / "output")
    run(capsys, root, "build", "--jobs", "3")
    assert site_files(root) == incremental


def test_a_forced_build_reads_names_and_template_texts_from_build_space_and_a_changed_template_again(
    corpus, capsys, monkeypatch
):
    """What the locale data and Babel's extractor answered is kept in build space with the tool's
    signature: a forced build of a built site asks neither (a small site's build saves ~0.1 s), and
    makes the same site; a template whose content changed is extracted again, and only that one."""
    import babel.localedata

    import pipeline.extract
    from pipeline.languages import language

    root = corpus(built=True)  # and built, in Arabic (right to left) among others
    expected = site_files(root)
    extracted = []
    real_extraction = pipeline.extract._template_texts.__wrapped__

    def extraction(content):
        extracted.append(content)
        return real_extraction(content)

    asked = set()
    real_locale_data = babel.localedata.get_locale_data

    def locale_data(name):
        asked.add(name)
        return real_locale_data(name)

    language.cache_clear()  # the languages of this process, which remember their names, are forgotten
    monkeypatch.setattr(pipeline.extract, "_template_texts", extraction)
    monkeypatch.setattr(babel.localedata, "get_locale_data", locale_data)  # what Babel's Locale asks for
    out, _ = run(capsys, root, "build", "--force")
    assert ", 30 rendered (" in out and extracted == []
    assert asked == {"en"}  # only the dashboard's percentages, in the source language: no translation's names
    assert site_files(root) == expected
    assert 'dir="rtl"' in (root / "output/ar/page-002/index.html").read_text()

    monkeypatch.undo()
    monkeypatch.setattr(pipeline.extract, "_template_texts", extraction)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    templates = root / "source/_templates"
    templates.mkdir()
    page = (REPOSITORY / "pipeline/templates/page.html").read_text()
    (templates / "page.html").write_text(
        page.replace("{% block content %}", '{% block content %}{{ _("Read on") }}', 1)
    )
    with open(root / "pipeline.toml", "a") as config:
        config.write('templates = "source/_templates"\n')
    run(capsys, root, "build", "--force")
    assert extracted == [(templates / "page.html").read_bytes()]
    kept = json.loads((root / "output/.build/template-texts.json").read_text().split("\n", 1)[1])["answers"]
    assert any(text[1] == "Read on" for texts in kept.values() for text in texts)
    assert "Read on" in (root / "output/fr/page-002/index.html").read_text()


def test_a_build_stopped_halfway_leaves_nothing_the_next_build_trusts_wrongly(corpus, capsys):
    root = corpus(built=True)  # and built
    catalogue = root / "locales/fr/LC_MESSAGES/page-003.po"
    translated = catalogue.read_bytes()
    touch_translation(root, "fr", "page-003", "Page 3, une version abandonnée")
    page = root / "output/fr/page-003/index.html"
    page.unlink()
    page.mkdir()  # the page cannot be written: the build stops after the text of the page is rendered
    assert main(["--project", str(root), "build"]) == 6
    assert "output/fr/page-003/index.html: error: cannot read: Is a directory" in capsys.readouterr().err
    page.rmdir()
    catalogue.write_bytes(translated)  # the translator goes back to what the last good build had

    run(capsys, root, "build")
    assert "abandonnée" not in page.read_text()
    assert not (root / "output/.build/building").exists()
    incremental = site_files(root)
    run(capsys, root, "build", "--force")
    assert site_files(root) == incremental


def test_a_corrupt_or_foreign_manifest_is_ignored(corpus, capsys):
    root = corpus(built=True)  # and built
    expected = site_files(root)
    manifest = root / "output/.build/manifest.json"
    for damage in (b"{not json", json.dumps({"tool": "another version", "files": []}).encode(), b"[]"):
        manifest.write_bytes(damage)
        out, _ = run(capsys, root, "build")
        assert ", 30 rendered (" in out
        assert site_files(root) == expected
    header, body = manifest.read_text().split("\n", 1)
    data = json.loads(body)
    # Edited by hand, saying the same in another layout: only its checksum gives it away, and then the
    # damaged page below is made again (a manifest taken at its word would keep it).
    manifest.write_text(header + "\n" + json.dumps(data, indent=1))
    (root / "output/fr/page-002/index.html").write_text("damaged")
    out, _ = run(capsys, root, "build")
    assert site_files(root) == expected


def test_progress_is_shown_in_logs_and_silenced_by_quiet(corpus, capsys):
    root = corpus(pages=12, paragraphs=4, languages=4)
    _, err = run(capsys, root, "build")
    assert "checking catalogues: 64 to do" in err and "making pages: 60 to do" in err
    assert "making pages: fr (" in err
    _, err = run(capsys, root, "build", "--force", "--quiet")
    assert err == ""


def test_update_check_and_status_show_progress_on_standard_error_only(corpus, capsys):
    root = corpus(pages=12, paragraphs=4, languages=4)
    (root / "output/.build/merged.json").unlink(missing_ok=True)
    out, err = run(capsys, root, "update")
    assert "merging catalogues: 52 to do" in err and "merging catalogues: fr (" in err
    assert "to do" not in out and "locales/fr/LC_MESSAGES/page-001.po" in out
    status = main(["--project", str(root), "check", "--format", "json"])
    captured = capsys.readouterr()
    assert status in (0, 1)
    json.loads(captured.out)  # the report on standard output stays machine-readable
    assert "checking catalogues: 52 to do" in captured.err
    out, err = run(capsys, root, "status", "--format", "json")
    json.loads(out)
    assert "checking catalogues: 52 to do" in err
    for command in (("update",), ("status", "--format", "json")):
        _, err = run(capsys, root, *command, "--quiet")
        assert err == "", command


def test_a_deleted_page_text_catalogue_is_gone_from_the_pages_at_once(corpus, capsys):
    root = corpus(languages=2)
    run(capsys, root, "build")
    code = sorted(path.name for path in (root / "locales").iterdir() if path.is_dir())[0]
    assert f"{code}/index.html" in site_files(root)
    (root / "locales" / code / "LC_MESSAGES" / "ui.po").unlink()
    run(capsys, root, "build")
    incremental = site_files(root)
    # The home page, its document and its page texts, decides whether a language appears: without its
    # page texts the language is below the threshold, and its pages go at once, as a full build has it.
    assert not any(name.startswith(f"{code}/") for name in incremental)
    run(capsys, root, "build", "--force")
    assert site_files(root) == incremental


def test_an_error_after_a_half_drawn_bar_starts_on_a_line_of_its_own():
    import io

    from pipeline.progress import Progress, finish_line

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = Progress(terminal)
    progress.start("checking catalogues", 60)
    progress.step("fr", 10)
    assert not terminal.getvalue().endswith("\n")
    finish_line()
    finish_line()  # only a bar still open gets its line ended
    assert terminal.getvalue().endswith("10/60 fr          \n") and terminal.getvalue().count("\n") == 1


def test_the_tool_signature_names_the_versions_installed(tmp_path):
    """A library upgraded makes every cache stale: the signature holds each library's installed version, read
    from its metadata folder as importlib.metadata reads it (or through importlib.metadata, where there is none)."""
    from importlib.metadata import version

    from pipeline import cache

    for distribution, module in cache.LIBRARIES:
        named = cache.installed(distribution, module)
        assert f"-{version(distribution)}." in named and named.endswith(".dist-info"), named
        assert cache._installed(distribution, tmp_path / "elsewhere.py") == f"{distribution}={version(distribution)}"
    assert f"-{version('weasyprint')}." in cache.installed("weasyprint", "weasyprint")  # in the PDFs' keys


def test_the_files_of_output_are_listed_as_os_walk_lists_them_without_the_preview(tmp_path):
    """What a build with nothing to do looks for: every file of output/, a link to a file among them, a link to
    a folder neither followed nor taken for a file, the preview's own site left out."""
    import os

    from pipeline.build import _files_in

    output = tmp_path / "output"
    for name in ("index.html", "fr/index.html", "fr/mission/index.html", ".build/manifest.json"):
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text("x")
    (output / ".build/preview/fr").mkdir(parents=True)
    (output / ".build/preview/fr/index.html").write_text("preview")
    (output / "fr/linked.html").symlink_to(output / "index.html")
    (output / "ar").symlink_to(output / "fr", target_is_directory=True)
    found = _files_in(str(output))
    assert found == {
        os.path.join(*name.split("/"))
        for name in ("index.html", "fr/index.html", "fr/mission/index.html", ".build/manifest.json", "fr/linked.html")
    }


def test_a_catalogues_stats_come_back_from_the_manifest_as_they_went_in():
    """Every field of the recorded stats, each with a value of its own, read back where it was written; and
    counts added field by field, every field."""
    from dataclasses import fields

    from pipeline.manifest import COUNT_FIELDS, CatalogueStats, _stats_from_row, _stats_row
    from pipeline.status import Counts

    counts = Counts(*range(1, len(COUNT_FIELDS) + 1))
    stats = CatalogueStats("key", counts, errors=11, warnings=12, fuzzy_critical=13, held_back=14, missing=True)
    assert _stats_from_row(_stats_row(stats)) == stats
    assert len(fields(CatalogueStats)) == 7, "a new field: give it a value of its own above"
    with pytest.raises(ValueError):
        _stats_from_row(_stats_row(stats)[:-1])
    total = Counts(*range(1, len(COUNT_FIELDS) + 1))
    total.add(Counts(*range(10, 10 + len(COUNT_FIELDS))))
    assert [getattr(total, name) for name in COUNT_FIELDS] == [2 * n + 9 for n in range(1, len(COUNT_FIELDS) + 1)]
