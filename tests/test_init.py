"""`pipeline init LANG...`: new catalogues with the header GNU gettext expects."""

from __future__ import annotations

import pytest
from babel.messages.plurals import get_plural

from conftest import check_all_catalogues
from pipeline.pofile import read_po


def test_init_creates_a_catalogue_per_template_with_a_correct_header(make_project):
    project = make_project(languages=["fr"])
    result = project.ok("init", "ar", "fa-AF", "ckb")
    assert "locales/ar/LC_MESSAGES/mission.po: created, 17 messages to translate" in result.out
    assert "note: add 'fa_AF' to languages" in result.out
    for code in ("ar", "fa_AF", "ckb"):
        for domain in ("mission", "ui"):
            catalogue = read_po(project.po(code, domain))
            assert catalogue.metadata["Language"] == code
            assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
            assert catalogue.metadata["Plural-Forms"] == str(get_plural(code))
            assert all(not entry.translated() for entry in catalogue)
    arabic_ui = read_po(project.po("ar", "ui"))
    assert arabic_ui.metadata["Plural-Forms"].startswith("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2")
    plural = next(entry for entry in arabic_ui if entry.msgid_plural)
    assert sorted(plural.msgstr_plural) == [0, 1, 2, 3, 4, 5]
    assert read_po(project.po("fa_AF", "ui")).metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert check_all_catalogues(project.root) == 6 + 2


def test_init_leaves_existing_catalogues_alone(make_project):
    project = make_project(languages=["fr"])
    project.ok("init", "fr")
    path = project.po("fr", "mission")
    edited = path.read_text(encoding="utf-8").replace(
        'msgid "Our Mission"\nmsgstr ""', 'msgid "Our Mission"\nmsgstr "Notre mission"'
    )
    path.write_text(edited, encoding="utf-8")
    result = project.ok("init", "fr")
    assert "locales/fr/LC_MESSAGES/mission.po: exists, left as it is" in result.out
    assert path.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("xx", "unknown language 'xx': Babel's locale data has no 'xx'"),
        ("en_ZZ", "unknown language 'en_ZZ'"),
        ("fr/../../etc", "'fr/../../etc' is not a language code"),
        ("français", "'français' is not a language code"),
        ("", "'' is not a language code"),
    ],
)
def test_bad_language_codes_are_errors_and_nothing_is_written(make_project, code, message):
    project = make_project(languages=["fr"])
    result = project.run("init", "de", code)
    assert result.status == 4  # not a language
    assert message in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not (project.root / "locales").exists()


def test_the_source_language_needs_no_catalogue(make_project):
    project = make_project(languages=["fr"])
    result = project.run("init", "en")
    assert result.status == 4
    assert "'en' is the source language" in result.err
    assert not (project.root / "locales").exists()
