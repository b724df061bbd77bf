"""The project as shipped, the command line as installed, and configuration errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ON_THE_REPOSITORY_BUILD, REPOSITORY, check_all_catalogues, copy_shipped
from pipeline.cli import main
from pipeline.pofile import po_text, read_po
from pipeline.status import EntryState, entry_state


def pipeline_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("pipeline")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, check=False)


@ON_THE_REPOSITORY_BUILD
def test_the_shipped_site_builds_with_every_language_published_as_labelled_drafts(repository_build):
    root = repository_build.root  # built by `python -m pipeline --project ROOT build`
    assert "published: en, ar, ckb, ku, fa_AF, ps, tr, fr, ha, nl\n" in repository_build.stdout
    for code in ("ar", "ckb", "ku", "fa-AF", "ps", "tr", "fr", "ha", "nl"):
        page = (root / f"output/{code}/index.html").read_text(encoding="utf-8")
        assert '<div class="notice draft-notice" role="note" data-draft="machine">' in page, code
        assert (root / f"output/{code}/mission.pdf").is_file(), code
    assert (
        (root / "output/ar/index.html")
        .read_text(encoding="utf-8")
        .startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    )
    # Running inside the project needs no --project (and the installed `pipeline` command is the same).
    again = pipeline_command("build", cwd=root)
    assert again.returncode == 0 and "nothing changed" in again.stdout


def test_the_shipped_catalogues_are_complete_valid_and_machine_drafts_awaiting_review():
    assert check_all_catalogues(REPOSITORY) == 2 + 9 * 2
    for path in sorted((REPOSITORY / "locales").glob("*/LC_MESSAGES/*.po")):
        states = {entry_state(entry) for entry in read_po(path) if not entry.obsolete}
        assert states == {EntryState.DRAFT}, path  # complete, and every entry marked as a machine draft


def test_the_repository_is_in_its_own_layout(tmp_path):
    """What a lock file gets: the committed templates and catalogues are exactly what `update` writes."""
    root = copy_shipped(tmp_path / "site")
    committed = {path: path.read_bytes() for path in sorted((root / "locales").rglob("*.po*"))}
    result = pipeline_command("--project", str(root), "update", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    changed = [str(path.relative_to(root)) for path, data in committed.items() if path.read_bytes() != data]
    assert not changed, f"`pipeline update` rewrote {changed}; run it and commit what it wrote"
    assert sorted((root / "locales").rglob("*.po*")) == list(committed)
    assert all(line.endswith((": unchanged", "(unchanged)")) for line in result.stdout.splitlines()), result.stdout
    # Laid out as the tool lays them out, not only the same messages: the next real change touches only itself.
    for path, data in committed.items():
        assert po_text(read_po(path)).encode("utf-8") == data, f"{path.relative_to(root)} is not in the tool's layout"


def test_the_source_keeps_the_mission_words_verbatim():
    original = REPOSITORY.parent / "shared" / "source-text" / "mission.txt"
    if not original.exists():
        pytest.skip("the shared source text is not beside this checkout")
    source = (REPOSITORY / "source" / "mission.md").read_text(encoding="utf-8")
    for line in original.read_text(encoding="utf-8").splitlines()[2:]:
        if line.strip():
            assert line.strip() in source


def test_help_speaks_with_examples(capsys):
    with pytest.raises(SystemExit) as stop:  # argparse prints the help and exits
        main(["--help"])
    assert stop.value.code in (0, None)
    out = capsys.readouterr().out
    assert "pipeline init tr" in out and "--project DIR" in out


@pytest.mark.parametrize(
    ("config", "error"),
    [
        (
            'site-name = "S"\nbase-url = "https://e.org/"\nlanguages = ["fr", "xx"]\n',
            "pipeline.toml:3: error: languages: unknown language 'xx'",
        ),
        (
            'site-name = "S"\nbase-url = "ftp://e.org/"\n',
            "pipeline.toml:2: error: base-url: 'ftp://e.org/' is not an http(s) address",
        ),
        (  # an unclosed IPv6 bracket: found by tests/test_mutations.py, once a traceback
            'site-name = "S"\nbase-url = "https://[e.org/"\n',
            "pipeline.toml:2: error: base-url: 'https://[e.org/' is not an http(s) address",
        ),
        (
            'site-name = "S"\nbase-url = "https://e.org/"\npublish-treshold = 80\n',
            "pipeline.toml:3: error: publish-treshold: unknown setting",
        ),
        (
            'site-name = "S"\nbase-url = "https://e.org/"\npublish-threshold = 180\n',
            "pipeline.toml:3: error: publish-threshold: must be a percentage",
        ),
        (
            'site-name = "S"\nbase-url = "https://e.org/"\nlanguages = ["fr", "fr"]\n',
            "pipeline.toml:3: error: languages: 'fr' is listed twice",
        ),
        ('site-name = "S"\nbase-url = [\n', "pipeline.toml:2: error: TOML syntax error: Invalid value"),
        ('base-url = "https://e.org/"\n', "pipeline.toml: error: site-name: must be a non-empty string"),
    ],
)
def test_configuration_errors_name_the_line(tmp_path, config, error, monkeypatch, capsys):
    # In this process (the installed command is run above): the project is the current folder, as in a shell.
    (tmp_path / "pipeline.toml").write_text(config, encoding="utf-8")
    (tmp_path / "source").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["status"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(error), err
    assert "Traceback" not in err


def test_a_folder_without_configuration_is_a_clear_error(tmp_path, capsys):
    assert main(["--project", str(tmp_path), "build"]) == 3
    err = capsys.readouterr().err
    assert "not a pipeline project: no pipeline.toml and no [tool.pipeline] table in pyproject.toml" in err


def test_the_readme_lists_every_exit_status():
    from pipeline.errors import EXIT_STATUSES

    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for status, meaning in EXIT_STATUSES:
        assert f"| {status} | {meaning} |" in readme
