"""`pipeline check FILE...` and `api.check_files`: catalogues from anywhere, checked without a project."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pipeline import api
from pipeline.checks import MarkupKind, markup_of
from pipeline.cli import main
from pipeline.pofile import read_po

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
{language}"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def catalogue(path: Path, body: str, language: str | None = "fr") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    declared = f'"Language: {language}\\n"\n' if language else ""
    path.write_text(HEADER.format(language=declared) + textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_file_is_checked_in_the_language_its_header_names(tmp_path):
    path = catalogue(
        tmp_path / "app.po",
        """\
        #, python-format
        msgid "%(count)s files deleted"
        msgstr "fichiers supprimés"

        msgid "Read the *manual*"
        msgstr "Lisez le manuel"
        """,
    )
    result = api.check_files([path])
    assert [(p.line, p.lang, p.check, p.severity) for p in result.problems] == [(8, "fr", "placeholders", "error")]
    assert (result.checked, result.files) == (2, 1)  # plain text: the asterisks are not Markdown


def test_po4a_markdown_comments_make_a_catalogue_markdown(tmp_path):
    body = """\
        #. type: Title ##
        msgid "Read the *manual*"
        msgstr "Lisez le manuel"
        """
    path = catalogue(tmp_path / "page.po", body)
    assert markup_of(read_po(path)) is MarkupKind.MARKDOWN
    assert [p.check for p in api.check_files([path]).problems] == ["markup"]
    assert api.check_files([path], markup="plain").problems == []


def test_the_language_comes_from_the_folder_or_the_option_when_the_header_has_none(tmp_path):
    body = """\
        msgid "Close"
        msgstr "إغلاق"
        """
    in_folder = catalogue(tmp_path / "ar/LC_MESSAGES/app.po", body, language=None)
    assert api.check_files([in_folder]).problems == []
    loose = catalogue(tmp_path / "app.po", body, language=None)
    (problem,) = api.check_files([loose]).problems
    assert (problem.file, problem.line, problem.check) == (str(loose), 1, "syntax")
    assert "--lang" in problem.message
    assert api.check_files([loose], "ar").problems == []


def test_the_command_needs_no_project_and_exits_1_on_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no pyproject.toml or pipeline.toml here
    good = catalogue(tmp_path / "good.po", 'msgid "Close"\nmsgstr "Fermer"\n')
    bad = catalogue(tmp_path / "bad.po", '#, c-format\nmsgid "%d files"\nmsgstr "fichiers"\n')
    assert main(["check", str(good)]) == 0
    assert (
        capsys.readouterr().out
        == "0 errors, 0 warnings in 1 messages of 1 file (0 fuzzy and 0 untranslated not checked)\n"
    )
    assert main(["check", str(good), str(bad)]) == 1
    assert capsys.readouterr().out.startswith(f"{bad}:8: error[placeholders]:")


@pytest.mark.parametrize(
    "arguments",
    [["check", "--markup", "plain"], ["check", "x.po", "--lang", "fr", "--lang", "ar"], ["check", "x.po", "--source"]],
)
def test_options_that_do_not_go_with_files_or_without_them_are_usage_errors(arguments, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    assert stopped.value.code == 2
    assert "error: check" in capsys.readouterr().err


REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld-catalogues"


def test_files_checked_in_worker_processes_give_what_one_process_gives(tmp_path):
    """Each file is read and checked in a worker; the language checks still compare the files of a language."""
    first = catalogue(tmp_path / "a.po", 'msgid "Close"\nmsgstr "Fermer"\n')
    second = catalogue(tmp_path / "b.po", 'msgid "Close"\nmsgstr "Clore"\n')
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    paths = [first, broken, second, first]
    if REALWORLD.is_dir():  # real catalogues, several of one language (their own consistency findings)
        paths += sorted(REALWORLD.glob("*-fr*.po")) + sorted(REALWORLD.glob("*-ar*.po"))[:3]
    alone = api.check_files(paths, jobs=1)
    together = api.check_files(paths, jobs=2)
    assert together == alone
    found = {(problem.file, problem.check) for problem in together.problems}
    assert {(str(first), "consistency"), (str(second), "consistency"), (str(broken), "syntax")} <= found
    assert together.files > 3 and together.checked > 3  # the files read were checked, once each as given
