"""`pipeline init LANG...`: new catalogues with the header GNU gettext expects."""

from __future__ import annotations

import pytest

from conftest import check_all_catalogues
from pipeline.pofile import read_po

# What the project's plural table (pipeline/plurals.py) writes for each language of the shipped
# project: GNU msginit's formula where it has one (tr, fr, nl), else the one Poedit and Weblate
# write. Babel's plural data, which changed with CLDR 46 (French three forms, Dari two), is not used.
USUAL_PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "ckb": "nplurals=2; plural=(n != 1);",
    "ku": "nplurals=2; plural=(n != 1);",
    "fa_AF": "nplurals=2; plural=(n != 1);",  # Weblate's Dari (prs); older Babel and Poedit had one form
    "ps": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",  # msginit's; older Babel had one form
    "fr": "nplurals=2; plural=(n > 1);",  # msginit's; Babel 2.15+ (CLDR 42+) has three
    "ha": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
}


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
            assert catalogue.metadata["Plural-Forms"] == USUAL_PLURAL_FORMS[code]
            assert all(not entry.translated() for entry in catalogue)
    arabic_ui = read_po(project.po("ar", "ui"))
    plural = next(entry for entry in arabic_ui if entry.msgid_plural)
    assert sorted(plural.msgstr_plural) == [0, 1, 2, 3, 4, 5]
    assert check_all_catalogues(project.root) == 6 + 2


@pytest.mark.parametrize("code", sorted(USUAL_PLURAL_FORMS))
def test_init_writes_the_usual_plural_formula_of_every_project_language(make_project, code):
    project = make_project(languages=[])
    project.ok("init", code)  # every file written passes msgfmt --check (Project.ok)
    ui = read_po(project.po(code, "ui"))
    assert ui.metadata["Plural-Forms"] == USUAL_PLURAL_FORMS[code]
    nplurals = int(USUAL_PLURAL_FORMS[code].split(";")[0].split("=")[1])
    assert {len(entry.msgstr_plural) for entry in ui if entry.msgid_plural} == {nplurals}


@pytest.mark.parametrize(
    ("code", "folder", "forms"),
    [
        ("zh_CN", "zh_CN", "nplurals=1; plural=0;"),
        ("zh-tw", "zh_TW", "nplurals=1; plural=0;"),
        ("pt_BR", "pt_BR", "nplurals=2; plural=(n > 1);"),
        (
            "sr@latin",
            "sr@latin",
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        ),
        ("ca@valencia", "ca@valencia", "nplurals=2; plural=(n != 1);"),
    ],
)
def test_init_accepts_gettext_folder_names(make_project, code, folder, forms):
    project = make_project(languages=[])
    result = project.ok("init", code)
    assert f"locales/{folder}/LC_MESSAGES/ui.po: created" in result.out
    catalogue = read_po(project.po(folder, "ui"))
    assert catalogue.metadata["Language"] == folder and catalogue.metadata["Plural-Forms"] == forms


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
        ("zh_XX", "unknown language 'zh_XX'"),
        ("be@latin", "unknown language 'be@latin': Babel's locale data has no 'be_Latn'"),
        ("de@formal", "unknown language 'de@formal': the modifier @formal is none of"),
        ("fr@valencia", "@valencia is a variety of 'ca'"),
        ("sr_Latn@latin", "'sr_Latn@latin' names its script twice"),
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
