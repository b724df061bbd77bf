"""Hostile and broken input, and nothing lost: paths, locks, every kind of bad file, kills."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPOSITORY
from pipeline.cli import main
from pipeline.files import project_lock
from pipeline.pofile import read_po

sys.path.insert(0, str(REPOSITORY / "benchmarks"))


# ------------------------------------------------------------------ paths and names


def test_a_document_linked_from_outside_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nPrivate words.\n")
    (project.root / "source" / "leak.md").symlink_to(secret)
    result = project.run("extract")
    assert result.status == 5
    assert (
        result.err
        == "source/leak.md: error: leads out of source/ (through '..', an absolute path or a symbolic link); refusing to use it\n"
    )
    assert not (project.root / "locales").exists()


def test_a_catalogue_folder_linked_from_outside_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.root / "locales").mkdir()
    (project.root / "locales" / "fr").symlink_to(elsewhere, target_is_directory=True)
    result = project.run("update")
    assert result.status == 5 and "locales/fr/LC_MESSAGES/mission.po: error: leads out of locales/" in result.err
    assert list(elsewhere.iterdir()) == []


def test_an_output_folder_that_is_a_link_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.root / "output").symlink_to(elsewhere, target_is_directory=True)
    result = project.run("build")
    assert (
        result.status == 5
        and result.err == "output: error: is a symbolic link; output/ must be a real folder of the project\n"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_doctored_manifest_deletes_nothing_outside_output(shipped_project, tmp_path):
    project = shipped_project
    victim = project.root / "source" / "mission.md"
    outside = tmp_path / "victim.txt"
    outside.write_text("keep me")
    (project.root / "output" / "fr" / "old.html").write_text("a page of an earlier build")
    manifest = project.root / "output/.build/manifest.json"
    manifest.write_text(
        json.dumps({"files": ["../source/mission.md", str(outside), "../../victim.txt", "fr/old.html"]})
    )
    project.ok("build")
    assert victim.exists() and outside.read_text() == "keep me"
    assert not (project.root / "output" / "fr" / "old.html").exists()  # the list was read: its own file went


def test_a_templates_folder_outside_source_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    (project.root / "source" / "_templates").symlink_to(tmp_path, target_is_directory=True)
    with open(project.root / "pipeline.toml", "a") as config:
        config.write('templates = "source/_templates"\n')
    result = project.run("build")
    assert result.status == 3 and "templates: 'source/_templates' must be a folder inside source/" in result.err


def test_a_hostile_language_header_is_an_error_not_a_path(shipped_project):
    project = shipped_project
    path = project.po("fr", "mission")
    path.write_text(path.read_text().replace("Language: fr", "Language: ../../../etc/passwd"))
    result = project.run("build")
    assert result.status == 23
    assert "the header says Language: ../../../etc/passwd, but the file is in the fr folder" in result.err


@pytest.mark.parametrize("name", ["with space.md", "ui.md", "-dash.md"])
def test_document_names_that_cannot_be_addresses_are_refused(make_project, name):
    project = make_project(languages=["fr"], documents={name: "# Title\n\nText.\n"})
    result = project.run("extract")
    assert result.status == 12 and result.err.startswith(f"source/{name}: error:")


# ------------------------------------------------------------------ one command at a time


def test_a_second_command_waits_or_stops(shipped_project):
    project = shipped_project
    with project_lock(project.root / "output/.build/lock"):
        stopped = subprocess.run(
            [sys.executable, "-m", "pipeline", "--project", str(project.root), "--no-wait", "build"],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert stopped.returncode == 7
        assert stopped.stderr == (
            "pipeline: error: another pipeline command is writing to this project; try again when it has finished\n"
        )
        waiting = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "--project", str(project.root), "update"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the lock
    out, err = waiting.communicate(timeout=30)
    assert waiting.returncode == 0 and "waiting for another pipeline command" in err and "mission.po" in out
    # Reading commands need no lock.
    with project_lock(project.root / "output/.build/lock"):
        assert project.run("status").status == 0


# ------------------------------------------------------------------ every kind of broken input

HEADER_LINE = 'msgid ""'


def break_catalogue(path: Path, kind: str) -> None:
    text = path.read_text(encoding="utf-8")
    if kind == "invalid bytes":
        path.write_bytes(text.encode("utf-8").replace("مهمتنا".encode(), b"\xff\xfe"))
    elif kind == "unknown charset":
        path.write_text(text.replace("charset=UTF-8", "charset=NO-SUCH-CHARSET"), encoding="utf-8")
    elif kind == "syntax error":
        path.write_text(text.replace('msgid "Our Mission"', 'msgidd "Our Mission"'), encoding="utf-8")
    elif kind == "unterminated string":
        path.write_text(text.replace('msgstr "مهمتنا"', 'msgstr "مهمتنا'), encoding="utf-8")
    elif kind == "duplicate message":
        path.write_text(text + '\nmsgid "Our Mission"\nmsgstr "مرة أخرى"\n', encoding="utf-8")
    elif kind == "missing header":
        path.write_text(text[text.index("\n\n") + 2 :], encoding="utf-8")
    elif kind == "wrong header":
        path.write_text(
            text.replace("Plural-Forms: nplurals=6; plural=", "Plural-Forms: nplurals=6; plural=(n ==;"),
            encoding="utf-8",
        )
    elif kind == "plural count":
        ui = path.with_name("ui.po")
        ui_text = ui.read_text(encoding="utf-8")
        ui.write_text(ui_text.replace("msgstr[5]", "msgstr[5]", 1).replace('msgstr[5] "', 'msgstr[6] "', 0)
                      .replace("nplurals=6", "nplurals=5"), encoding="utf-8")  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "status", "message"),
    [
        ("invalid bytes", 20, "byte 0xff is not valid UTF-8 (the charset the header declares)"),
        ("unknown charset", 20, "unknown charset 'NO-SUCH-CHARSET' in the Content-Type header"),
        ("syntax error", 21, "syntax error: unexpected 'msgidd'"),
        ("unterminated string", 21, "unterminated string: the closing double quote is missing"),
        ("duplicate message", 22, "duplicate message definition (first defined at line"),
        ("missing header", 23, 'no header entry (msgid "" with Content-Type and Plural-Forms) at the top'),
        ("wrong header", 23, "is not 'nplurals=N; plural=EXPRESSION;' with a C expression of n"),
        ("plural count", 24, "this message has 6 plural forms but the header's Plural-Forms says nplurals=5"),
    ],
)
def test_each_broken_catalogue_has_its_status_and_nothing_is_written(shipped_project, kind, status, message):
    project = shipped_project
    break_catalogue(project.po("ar", "mission"), kind)
    locales, output = project.snapshot("locales"), project.site()
    (project.root / "source/mission.md").write_text(project.read("source/mission.md") + "\nA new passage.\n")
    for command in ("build", "update", "status"):
        result = project.run(command)
        assert result.status == status, (command, result.err)
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert result.err.startswith("locales/ar/LC_MESSAGES/") and ": error: " in result.err and message in result.err
        assert project.snapshot("locales") == locales and project.site() == output


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (b"# Caf\xe9\n\nText.\n", 10, "source/bad.md:1: error: not UTF-8 text (byte 0xe9); save the document as UTF-8"),
        (b"---\ntitle: [unclosed\n---\n\n# T\n", 11, "source/bad.md:2: error: front matter is not valid YAML"),
        (
            b"---\n- a list\n---\n\n# T\n",
            11,
            "source/bad.md:1: error: front matter must be a set of 'key: value' lines",
        ),
        (
            b"---\ntitle: T\ndate: someday\n---\n\n# T\n",
            11,
            "source/bad.md: error: front matter date 'someday' is not a date",
        ),
    ],
)
def test_each_broken_source_has_its_status_and_nothing_is_written(shipped_project, content, status, message):
    project = shipped_project
    (project.root / "source/bad.md").write_bytes(content)
    locales, output = project.snapshot("locales"), project.site()
    result = project.run("build")
    assert result.status == status and result.err.startswith(message), result.err
    assert project.snapshot("locales") == locales and project.site() == output
    if status != 11 or b"date" not in content:
        assert project.run("update").status == status
        assert project.snapshot("locales") == locales


@pytest.mark.parametrize(
    "content",
    [
        "---\ntitle: Unclosed\ndescription: never closed\n\n# About\n\nWho we are.\n",
        "\ufeff---  \r\ntitle: Unclosed\r\n\r\n# About\r\n",  # a byte-order mark, spaces, CRLF
        "---\n",
        "---\ntitle: Unclosed\n    ---\n\n# About\n",  # indented, the dashes are code, not the end
    ],
)
def test_front_matter_that_is_never_closed_is_an_error_for_every_command(shipped_project, content):
    project = shipped_project
    (project.root / "source/about.md").write_bytes(content.encode("utf-8"))
    files = project.snapshot()
    for command in (["extract"], ["update"], ["build"], ["check", "--source"], ["status"]):
        result = project.run(*command)
        assert result.status == 11, (command, result.err)
        assert result.err == (
            "source/about.md:1: error: the front matter opened on line 1 is never closed with '---'\n"
        ), command
        assert project.snapshot() == files, command  # not a message in any catalogue, not a page

    (project.root / "source/about.md").write_text("---\ntitle: Closed\n---\n\n# About\n", encoding="utf-8")
    project.ok("update")
    assert "title: " not in project.read("locales/about.pot")
    assert 'msgid "Closed"' in project.read("locales/about.pot")


def test_a_document_that_starts_with_a_longer_rule_has_no_front_matter(shipped_project):
    project = shipped_project
    project.write("source/about.md", "-----\n\n# About\n\nWho we are.\n")
    project.ok("extract")
    assert 'msgid "Who we are."' in project.read("locales/about.pot")


def test_other_charsets_bom_and_crlf_build_and_come_back_as_utf8(shipped_project):
    project = shipped_project
    french = project.po("fr", "mission")
    french.write_bytes(french.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=windows-1252")
                       .encode("cp1252"))  # fmt: skip
    arabic = project.po("ar", "mission")
    arabic.write_bytes(
        arabic.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=windows-1256").encode("cp1256")
    )
    ui = project.po("ar", "ui")
    ui.write_bytes(b"\xef\xbb\xbf" + ui.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    project.ok("build")
    assert '<h1 id="our-mission" class="draft" data-draft="machine">Notre mission</h1>' in project.read(
        "output/fr/index.html"
    )
    assert '<h1 id="our-mission" class="draft" data-draft="machine">مهمتنا</h1>' in project.read("output/ar/index.html")
    project.write("source/mission.md", project.read("source/mission.md") + "\nA new passage.\n")
    project.ok("update")
    for path in (french, arabic, ui):
        data = path.read_bytes()
        assert b"charset=UTF-8" in data and b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")
    assert read_po(french).find("Our Mission").msgstr == "Notre mission"


# ------------------------------------------------------------------ killed at any moment


def pipeline_on(project: Path, command: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "--project", str(project), command]


def killed_after(command: list[str], lines: int, watched: Path | None = None) -> None:
    """Run ``command`` and SIGKILL it on its ``lines``-th line of progress (standard error).

    With ``watched``, the kill waits after that line until the command has replaced a first file there.
    """
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    before = stamps(watched) if watched else {}
    for _ in range(lines):
        if not process.stderr.readline():
            break  # finished already (the files are then all new, and the rerun is still checked)
    while watched and process.poll() is None and not replaced(before):
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()


def stamps(folder: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def replaced(stamped: dict[Path, int]) -> bool:
    """Whether a file of those stamped is gone or has changed (temporary files coming and going are not)."""
    for path, stamp in stamped.items():
        try:
            if path.stat().st_mtime_ns != stamp:
                return True
        except FileNotFoundError:
            return True
    return False


def kill_at_every_stage(command: str, folder: str, workspace: Path, before: Path, capsys) -> list[Path]:
    """Run ``command`` to the end on one copy of ``before``, and on others SIGKILL it early, midway and late.

    The moments come from the command's own progress lines (their number measured once, on the complete
    run, in this process), so that they land at the same stage of the work however loaded the machine is: as
    the work starts (everything read), halfway through it, and once it has begun to replace the files of
    ``folder``.
    """
    reference = workspace / "reference"
    shutil.copytree(before, reference)
    capsys.readouterr()
    assert main(["--project", str(reference), command]) == 0
    lines = capsys.readouterr().err.count("\n")
    assert lines >= 3, "too little work for progress lines: make the corpus larger"
    copies = []
    for trial, (line, watched) in enumerate([(1, False), (lines // 2 + 1, False), (lines, True)]):
        copy = workspace / f"trial-{trial}"
        shutil.copytree(before, copy)
        killed_after(pipeline_on(copy, command), line, copy / folder if watched else None)
        copies.append(copy)
    return [reference, *copies]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".pipeline-" not in path.name and path.name not in ("lock", "unfinished", "building")
    }


@pytest.fixture(scope="module")
def built_then_changed(tmp_path_factory):
    """A generated project, built, then changed in every document: every catalogue and page has work to do.

    Made once per test process and only copied from (the commands run as subprocesses inherit the
    SOURCE_DATE_EPOCH set here). Twelve pages in four languages: enough catalogues for progress lines; a passage
    or two in each: the kills land by those lines, however little work each catalogue is.
    """
    from corpus import generate

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1780000000")
        original = tmp_path_factory.mktemp("kills") / "original"
        generate(original, pages=12, paragraphs=1, languages=4, pdf=False)
        subprocess.run(pipeline_on(original, "build"), check=True, capture_output=True)
    for document in sorted((original / "source").glob("*.md")):  # a change that touches every catalogue and page
        document.write_text(document.read_text().replace("Page ", "Chapter ") + "\nOne passage more.\n")
    return original


@pytest.mark.xdist_group("kills")  # both on one worker (pytest-xdist): built_then_changed is made once
@pytest.mark.parametrize(("command", "folder"), [("update", "locales"), ("build", "output")])
def test_every_file_is_old_or_new_after_a_kill_and_a_rerun_completes(
    built_then_changed, tmp_path, command, folder, monkeypatch, capsys
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # the commands run as subprocesses inherit it
    original = built_then_changed
    old = files_of(original / folder)
    reference, *trials = kill_at_every_stage(command, folder, tmp_path, original, capsys)
    new = files_of(reference / folder)
    assert new != old
    interrupted = 0
    for trial in trials:
        now = files_of(trial / folder)
        interrupted += now != new
        for name, data in now.items():
            assert data == old.get(name) or data == new.get(name), (trial.name, name)
        capsys.readouterr()
        assert main(["--project", str(trial), command]) == 0, capsys.readouterr().err  # the rerun, in this process
        assert files_of(trial / folder) == new
        assert not list((trial / folder).rglob("*.pipeline-*.tmp"))
        assert not (trial / "output/.build/building").exists()  # the next build trusts this one's manifest
    assert interrupted > 0  # the kills landed before the command was done


def test_catalogues_are_synced_one_by_one_and_the_site_once_before_its_manifest(shipped_project, monkeypatch):
    """A power cut must not cost a translator's save, nor leave a manifest vouching for pages not on disk."""
    import pipeline.files as files

    project = shipped_project
    events: list[str] = []
    monkeypatch.setattr(files.os, "fsync", lambda fd: events.append("fsync"))
    monkeypatch.setattr(files.os, "sync", lambda: events.append("sync"))
    real_replace = files.os.replace
    monkeypatch.setattr(
        files.os, "replace", lambda old, new: (events.append(f"write {Path(new).name}"), real_replace(old, new))
    )

    project.write("source/mission.md", project.read("source/mission.md") + "\nA new passage.\n")
    project.ok("update", "--jobs", "1")
    written = [event for event in events if event.startswith("write ")]
    assert written.count("write mission.po") == 2 and "write mission.pot" in written
    assert events.count("fsync") == len(written) and "sync" not in events  # every file, each on its own

    events.clear()
    project.ok("build", "--jobs", "1")
    pages = [event for event in events if event == "write index.html"]
    assert len(pages) >= 3 and events.count("fsync") == 1 and events.count("sync") == 1
    assert events[-3:] == ["sync", "fsync", "write manifest.json"], events[-3:]

    events.clear()
    project.ok("build", "--jobs", "1")
    assert events == []  # nothing changed: nothing written, nothing synced


def test_a_large_file_is_compared_piece_by_piece_and_rewritten_only_when_it_differs(tmp_path):
    """A large site's sitemap (tens of megabytes) is compared without reading it whole."""
    from pipeline.files import write_if_changed

    path = tmp_path / "sitemap.xml"
    data = bytes(range(256)) * 12_289  # 3 MiB and a bit: three pieces and a short one
    assert write_if_changed(path, data, tmp_path) is True
    stamp = path.stat().st_mtime_ns
    assert write_if_changed(path, data, tmp_path) is False and path.stat().st_mtime_ns == stamp
    for changed in (data[:-1] + b"x", b"x" + data[1:], data[: 1 << 20] + b"x" + data[(1 << 20) + 1 :]):
        assert write_if_changed(path, changed, tmp_path) is True and path.read_bytes() == changed
        assert write_if_changed(path, data, tmp_path) is True and path.read_bytes() == data
    for other_size in (data[:-1], data + b"\n"):
        assert write_if_changed(path, other_size, tmp_path) is True and path.read_bytes() == other_size
        write_if_changed(path, data, tmp_path)


def test_an_unreadable_glossary_is_one_line_naming_it(make_project):
    project = make_project(languages=["fr"])
    (project.root / "locales" / "glossary.csv").mkdir(parents=True)
    result = project.run("check")
    assert result.status == 3 and result.err == "locales/glossary.csv: error: cannot read: Is a directory\n"


def test_a_broken_glossary_row_is_named_by_its_line_in_the_file(make_project):
    project = make_project(languages=["fr"])
    project.write("locales/glossary.csv", 'term,fr\n"two\nlines",deux\nDaesh,Daech,extra\n')
    result = project.run("check")
    assert result.status == 3
    assert result.err == "locales/glossary.csv:4: error: 3 cells but the first row names 2 columns\n"


def with_broken_template(project, name):
    """The project with a template of its own that names, on its line 2, a variable no page has."""
    project.write(
        f"source/_templates/{name}", '{% extends "base.html" %}{% block content %}\n{{ nothere }}{% endblock %}'
    )
    with open(project.root / "pipeline.toml", "a") as config:
        config.write('templates = "source/_templates"\n')
    return project


def test_a_mistake_in_a_page_template_is_one_line_naming_the_template(shipped_project):
    project = with_broken_template(shipped_project, "page.html")
    for jobs in ("1", "2"):
        result = project.run("build", "--force", "--jobs", jobs)
        assert result.status == 12
        assert result.err == "source/_templates/page.html:2: error: UndefinedError: 'nothere' is undefined\n"


def test_a_build_stopped_by_a_page_template_keeps_build_space_records_as_they_were(shipped_project):
    """The languages' names and the templates' texts are saved with the manifest, not before: a build
    that stops on a template (whose texts are new to the record) leaves them as the last good build did."""
    records = ["output/.build/names.json", "output/.build/template-texts.json", "output/.build/manifest.json"]
    before = {name: (shipped_project.root / name).read_bytes() for name in records}
    project = with_broken_template(shipped_project, "page.html")
    result = project.run("build", "--force", "--jobs", "1")
    assert result.status == 12, result.err
    assert {name: (project.root / name).read_bytes() for name in records} == before


def test_a_mistake_in_the_dashboard_template_is_one_line_for_status_too(shipped_project):
    project = with_broken_template(shipped_project, "status.html")
    result = project.run("status", "--format", "html")
    assert result.status == 12 and result.out == ""
    assert result.err == "source/_templates/status.html:2: error: UndefinedError: 'nothere' is undefined\n"


def test_a_port_out_of_range_is_a_usage_error(make_project, capsys):
    project = make_project(languages=["fr"])
    with pytest.raises(SystemExit) as stopped:
        project.run("serve", "--port", "70000")
    assert stopped.value.code == 2
    assert "argument --port: 70000 is not between 0 and 65535" in capsys.readouterr().err
    assert not (project.root / "output").exists()  # said before anything is built


# ------------------------------------------------------------------ the last line of defence


@pytest.mark.parametrize("jobs", ["1", "2"])  # here, and in a worker process
def test_a_bug_is_one_line_a_report_and_exit_70_with_nothing_half_written(make_project, monkeypatch, jobs):
    import pipeline.translations

    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    project.ok("build")
    before = project.snapshot("output")
    project.write("source/mission.md", project.read("source/mission.md") + "\nA new passage.\n")

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the tool")

    monkeypatch.setattr(pipeline.translations, "_catalogue_stats", broken)
    result = project.run("build", "--jobs", jobs)
    assert result.status == 70
    log = project.root / "output/.build/internal-error.log"
    assert result.err.splitlines() == [
        "pipeline: internal error: RuntimeError: a bug in the tool (please report it, with the command and the file)",
        f"pipeline: the full report is in {log}",
    ]
    report = log.read_text(encoding="utf-8")
    assert f"command: pipeline --project {project.root} build --jobs {jobs}" in report
    assert "Traceback" in report and "_catalogue_stats" not in result.err
    after = project.snapshot("output")
    assert {name: data for name, data in after.items() if name != ".build/internal-error.log"} == before
