"""`pipeline check`, end to end: right for Arabic, Persian-script and CJK as much as for French.

Every case writes a real catalogue into a temporary project and runs the
command: the configuration, the catalogue reader, the runner and the output
formats together. What each check finds, case by case, is in the unit tests
of its family, which call it directly (``tests/test_checks_*.py``): among them
the cases where Translate Toolkit's pofilter is wrong (Arabic-Indic digits,
؟ ending a question, translated link targets).
"""

from __future__ import annotations

import json
import re

import polib
import pytest

from conftest import REPOSITORY, editing, msgfmt_check
from pipeline.errors import HeaderError
from pipeline.languages import language
from pipeline.plurals import PluralRule
from pipeline.pofile import po_text, read_catalogue


def write_catalogue(project, code, entries, domain="mission"):
    lang = language(code)
    catalogue = polib.POFile()
    catalogue.header = "test catalogue"
    catalogue.metadata = {
        "Project-Id-Version": "test",
        "Language": lang.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": lang.plural_forms,
    }
    for entry in entries:
        catalogue.append(entry)
    path = project.po(lang.code, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po_text(catalogue), encoding="utf-8")
    return path


def problems(project, code, msgid, msgstr, flags=(), domain="mission", **fields):
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), **fields)
    write_catalogue(project, code, [entry], domain)
    result = project.run("check", "--format", "json", "--lang", language(code).code)
    return [
        (item["check"], item["severity"], item["message"]) for item in json.loads(result.out) if item["msgid"] == msgid
    ]


@pytest.fixture
def project(make_project):
    project = make_project(languages=["fr", "ar", "fa_AF", "ps", "ckb", "zh_Hans", "nl"])
    (project.root / "locales").mkdir()
    (project.root / "locales" / "glossary.csv").write_bytes((REPOSITORY / "locales" / "glossary.csv").read_bytes())
    return project


def only(found, check):
    return [item for item in found if item[0] == check]


# ------------------------------------------------------------------ what the checks find, through the command


def test_a_missing_number_is_an_error(project):
    found = problems(project, "ar", "Resolution 2178 was passed in 2014.", "اعتُمد القرار في عام ٢٠١٤.")
    assert only(found, "numbers") == [("numbers", "error", '"2178" is missing from the translation')]


def test_the_url_map_allows_a_translated_link_target(project):
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + '\n[url-map.fr]\n"https://www.un.org/en/" = "https://www.un.org/fr/"\n')
    found = problems(project, "fr", "See the [UN](https://www.un.org/en/).", "Voir l’[ONU](https://www.un.org/fr/).")
    assert only(found, "urls") == []
    found = problems(
        project, "ar", "See the [UN](https://www.un.org/en/).", "انظر [الأمم المتحدة](https://www.un.org/fr/)."
    )
    assert only(found, "urls") == [
        ("urls", "error", "the address https://www.un.org/en/ is missing or changed"),
        ("urls", "error", "the address https://www.un.org/fr/ is not in the source"),
    ]


def test_a_lone_percent_sign_in_a_ui_text_is_an_error(project):
    """The UI catalogue's texts are %-formatted by the templates (tests/test_checks_markup.py has the rest)."""
    found = problems(project, "fr", "Skip to content", "100% du contenu", domain="ui")
    assert only(found, "placeholders") == [
        ("placeholders", "error", "a lone % would break the page: write %% for a percent sign")
    ]
    assert only(problems(project, "fr", "Skip to content", "100%% du contenu", domain="ui"), "placeholders") == []


def test_every_plural_form_must_be_filled(project):
    entry = polib.POEntry(
        msgid="%(count)s passage", msgid_plural="%(count)s passages", flags=["python-format"],
        msgstr_plural={0: "%(count)s مقطع", 1: "", 2: "", 3: "%(count)s مقاطع", 4: "%(count)s مقطعًا", 5: "%(count)s مقطع"},
    )  # fmt: skip
    write_catalogue(project, "ar", [entry], "ui")
    result = project.run("check", "--format", "json", "--lang", "ar")
    found = [(item["check"], item["message"]) for item in json.loads(result.out)]
    assert ("plurals", "2 of 6 plural forms are empty") in found
    assert result.status == 1


def test_a_broken_newline_is_a_syntax_error_and_a_wrong_language_header_too(project):
    found = problems(project, "fr", "Line\n", "Ligne")
    assert (
        "syntax",
        "error",
        "the source and the translation must both begin and end with a newline, or neither",
    ) in found
    path = project.po("fr", "mission")
    path.write_text(path.read_text().replace("Language: fr", "Language: de"))
    result = project.run("check", "--lang", "fr")
    assert (
        "locales/fr/LC_MESSAGES/mission.po:2: error[syntax]: the header says Language: de, but the file is in the fr folder"
        in result.out
    )


def test_a_broken_catalogue_is_reported_and_the_others_still_checked(project):
    path = write_catalogue(project, "fr", [polib.POEntry(msgid="Our Mission", msgstr="Notre mission")])
    path.write_text(path.read_text().replace('msgstr "Notre mission"', 'msgstr "Notre mission'))
    write_catalogue(project, "ar", [polib.POEntry(msgid="Our Mission", msgstr="مهمتنا")])
    result = project.run("check")
    assert result.status == 1
    assert "locales/fr/LC_MESSAGES/mission.po:12: error[syntax]: unterminated string" in result.out
    assert "1 error, 0 warnings in 1 messages of 1 file" in result.out


# ------------------------------------------------------------------ silencing, formats, exit status


def test_an_entry_flag_silences_one_check_and_the_configuration_a_language(project):
    found = problems(project, "ar", "Resolution 2178.", "القرار.", flags=["ignore-numbers"])
    assert only(found, "numbers") == []
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + '\n[disable-checks]\nar = ["numbers"]\n')
    assert only(problems(project, "ar", "Resolution 2178.", "القرار."), "numbers") == []
    assert only(problems(project, "fr", "Resolution 2178.", "La résolution."), "numbers") != []


def test_output_formats_and_exit_statuses(project):
    write_catalogue(project, "ar", [
        polib.POEntry(msgid="Resolution 2178 was passed.", msgstr="اعتُمد القرار.", linenum=0),
        polib.POEntry(msgid="The work continues.", msgstr="يستمر العمل"),
    ])  # fmt: skip
    text = project.run("check", "--lang", "ar")
    assert text.status == 1
    lines = text.out.splitlines()
    assert lines[0] == 'locales/ar/LC_MESSAGES/mission.po:12: error[numbers]: "2178" is missing from the translation'
    assert (
        lines[1]
        == 'locales/ar/LC_MESSAGES/mission.po:15: warning[punctuation]: the source ends with ".", the translation with no punctuation'
    )
    assert lines[-1] == "1 error, 1 warning in 2 messages of 1 file (0 fuzzy and 0 untranslated not checked)"

    items = json.loads(project.run("check", "--lang", "ar", "--format", "json").out)
    assert items[0] == {
        "file": "locales/ar/LC_MESSAGES/mission.po", "line": 12, "lang": "ar", "msgid": "Resolution 2178 was passed.",
        "check": "numbers", "severity": "error", "message": '"2178" is missing from the translation',
    }  # fmt: skip
    github = project.run("check", "--lang", "ar", "--format", "github").out.splitlines()
    assert (
        github[0]
        == '::error file=locales/ar/LC_MESSAGES/mission.po,line=12,title=numbers::"2178" is missing from the translation'
    )

    write_catalogue(project, "ar", [polib.POEntry(msgid="The work continues.", msgstr="يستمر العمل")])
    assert project.run("check", "--lang", "ar").status == 0
    assert project.run("check", "--lang", "ar", "--strict").status == 1


def test_fuzzy_and_untranslated_entries_are_counted_not_checked(project):
    write_catalogue(project, "fr", [
        polib.POEntry(msgid="The Coalition’s 86 members act.", msgstr="Les 87 membres de la Coalition agissent.",
                      flags=["fuzzy"], previous_msgid="The Coalition’s 87 members act."),
        polib.POEntry(msgid="The work must not stop.", msgstr="Le travail doit continuer.",
                      flags=["fuzzy"], previous_msgid="The work must continue."),
        polib.POEntry(msgid="New text.", msgstr=""),
    ])  # fmt: skip
    result = project.run("check", "--lang", "fr")
    assert "0 errors, 2 warnings in 0 messages of 1 file (2 fuzzy and 1 untranslated not checked)" in result.out
    assert (
        "warning[source-changed]: the source changed: The Coalition’s [-87-] {+86+} members act.; it changes a number: "
        "re-translate, do not just unmark"
    ) in result.out
    assert "the source changed: The work must [-continue.-] {+not stop.+}; it changes a negation" in result.out


def test_the_list_names_every_check(make_project):
    project = make_project(languages=["fr"])
    listed = project.run("check", "--list").out
    for check in ("syntax", "plurals", "markup", "placeholders", "numbers", "urls", "emails", "whitespace",
                  "punctuation", "doubled-words", "unchanged", "length", "bidi", "script", "terminology"):  # fmt: skip
        assert f"\n{check} " in "\n" + listed


# ------------------------------------------------------------------ the shipped project


def test_the_shipped_catalogues_have_no_errors_and_the_source_has_two_problems(make_project):
    project = make_project(languages=["ar", "ckb", "ku", "fa_AF", "ps", "tr", "fr", "ha", "nl"])
    import shutil

    shutil.rmtree(project.root / "source")
    shutil.copytree(REPOSITORY / "source", project.root / "source")
    shutil.copytree(REPOSITORY / "locales", project.root / "locales")
    result = project.run("check")
    assert result.status == 0, result.out
    # Every shipped catalogue has the plural formula translators' tools write for its language.
    assert result.out.splitlines() == [
        "0 errors, 0 warnings in 306 messages of 18 files (0 fuzzy and 0 untranslated not checked)"
    ]
    source = project.run("check", "--source")
    assert source.out.splitlines() == [
        'source/mission.md:34: warning[doubled-words]: "in in": a word is repeated',
        "source/mission.md:38: warning[figures]: 86 members here, but 87 members at source/mission.md:14",
        "0 errors, 2 warnings in 20 source passages of 1 file",
    ]


def test_the_source_checks_obey_disable_checks(make_project):
    project = make_project(
        languages=["fr"], documents={"page.md": "# Page\n\nIt is is here.\n\n7 members; 8 members.\n"}
    )
    found = project.run("check", "--source").out
    assert "source/page.md:3: warning[doubled-words]" in found and "source/page.md:5: warning[figures]" in found
    with open(project.root / "pipeline.toml", "a") as config:
        config.write('\n[disable-checks]\nen = ["doubled-words"]\n"*" = ["figures"]\n')
    assert "warning" not in project.run("check", "--source").out.replace("0 warnings", "")


# ------------------------------------------------------------------ the build and status obey the checks


def test_build_holds_back_entries_with_errors_and_strict_refuses(make_project):
    project = make_project(languages=["fr"], threshold=0)
    project.write("locales/glossary.csv", (REPOSITORY / "locales" / "glossary.csv").read_text(encoding="utf-8"))
    project.ok("update")
    path = project.po("fr", "mission")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'msgid "Military Progress"\nmsgstr ""', 'msgid "Military Progress"\nmsgstr "Progrès militaires"'
        ).replace('msgid "Our Mission"\nmsgstr ""', 'msgid "Our Mission"\nmsgstr "Notre mission de l’État islamique"'),
        encoding="utf-8",
    )
    result = project.ok("build")
    assert "fr: 1 passage held back by errors; run pipeline check --lang fr" in result.out
    page = project.read("output/fr/index.html")
    assert '<h2 id="military-progress">Progrès militaires</h2>' in page
    assert '<h1 id="our-mission" lang="en">Our Mission</h1>' in page

    before = project.snapshot("output")
    refused = project.run("build", "--strict")
    assert refused.status == 1
    assert refused.err.startswith("pipeline: error: translations with errors in fr (1); run `pipeline check`")
    assert project.snapshot("output") == before


def test_status_shows_problems_and_critical_fuzzy_entries(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    path = project.po("fr", "mission")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'msgid "Military Progress"\nmsgstr ""', 'msgid "Military Progress"\nmsgstr "Progrès militaires."'
        ).replace(
            'msgid "87 partners united in ensuring Daesh’s enduring defeat"\nmsgstr ""',
            '#, fuzzy\n#| msgid "86 partners united in ensuring Daesh’s enduring defeat"\n'
            'msgid "87 partners united in ensuring Daesh’s enduring defeat"\nmsgstr "86 partenaires unis contre Daech"',
        ),
        encoding="utf-8",
    )
    status = json.loads(project.ok("status", "--format", "json").out)[0]
    assert (status["errors"], status["warnings"], status["fuzzy"], status["fuzzy_critical"]) == (0, 2, 1, 1)
    text = project.ok("status").out
    assert "1 (1!)" in text and "re-translate them" in text


def test_a_plural_entry_with_an_empty_form_can_be_silenced_by_its_flag(project):
    entry = dict(msgid_plural="%(count)s files", msgstr_plural={0: "%(count)s fichier", 1: ""})
    assert only(problems(project, "fr", "%(count)s file", "", **entry), "plurals")
    assert only(problems(project, "fr", "%(count)s file", "", flags=["ignore-plurals"], **entry), "plurals") == []


def test_a_language_asked_for_twice_is_checked_once(project):
    write_catalogue(project, "fr", [polib.POEntry(msgid="Our Mission", msgstr="Notre mission")])
    once = project.run("check", "--lang", "fr").out
    assert project.run("check", "--lang", "fr", "--lang", "fr").out == once
    assert once.endswith("of 1 file (0 fuzzy and 0 untranslated not checked)\n"), once


# ------------------------------------------------------------------ the catalogue's own plural formula

GNU_FRENCH = "nplurals=2; plural=(n > 1);"
CLDR_FRENCH = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
TRANSIFEX_RUSSIAN = (
    "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1"
    " : n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);"
)
NOTICE = {  # the page's notice about untranslated passages, in each form a test gives
    "fr": [
        "%(count)s passage de cette page n’est pas encore traduit et reste en anglais.",
        "%(count)s de passages de cette page ne sont pas encore traduits et restent en anglais.",
        "%(count)s passages de cette page ne sont pas encore traduits et restent en anglais.",
    ],
    "ru": [
        "%(count)s фрагмент этой страницы ещё не переведён и показан на языке оригинала.",
        "%(count)s фрагмента этой страницы ещё не переведены и показаны на языке оригинала.",
        "%(count)s фрагментов этой страницы ещё не переведены и показаны на языке оригинала.",
        "%(count)s фрагмента (дробное) этой страницы ещё не переведены и показаны на языке оригинала.",
    ],
    "tr": ["Bu sayfadaki %(count)s bölüm henüz çevrilmedi ve özgün dilinde gösteriliyor."],
    "nl": [
        "%(count)s passage op deze pagina is nog niet vertaald en staat in de oorspronkelijke taal.",
        "%(count)s passages op deze pagina zijn nog niet vertaald en staan in de oorspronkelijke taal.",
    ],
}


def with_plural_formula(make_project, code: str, forms: str | None, count: int):
    """A project whose ``code`` UI catalogue, made by update, a translator then gave the header formula
    ``forms`` (None: no Plural-Forms line) and ``count`` translated forms of the page's notice."""
    project = make_project(languages=[code], threshold=0)
    project.ok("update")
    path = project.po(code, "ui")
    with editing(path) as catalogue:
        if forms is None:
            del catalogue.metadata["Plural-Forms"]
        else:
            catalogue.metadata["Plural-Forms"] = forms
        notice = next(entry for entry in catalogue if entry.msgid_plural)
        notice.msgstr_plural = dict(enumerate(NOTICE[code][:count]))
    if forms is not None:
        msgfmt_check(path)  # a catalogue GNU gettext takes as it is
    return project


def plural_problems(project) -> list[tuple[str, str]]:
    result = project.run("check", "--format", "json")
    return [(item["severity"], item["message"]) for item in json.loads(result.out) if item["check"] == "plurals"]


def assert_notice_follows(project, code: str, forms: str) -> None:
    """The page in ``code`` (every passage of its document untranslated) shows the notice in the form
    the catalogue's own formula ``forms`` gives for the number of passages."""
    page = project.read(f"output/{language(code).tag}/index.html")
    notice = page.split('<p class="notice" role="note">')[1].split("</p>")[0].strip()
    count = int(re.search(r"\d+", notice)[0])
    assert count > 10
    assert notice == NOTICE[code][PluralRule.parse(forms).form(count)] % {"count": count}


def test_gnus_french_formula_is_the_usual_one(make_project):
    project = with_plural_formula(make_project, "fr", GNU_FRENCH, 2)
    assert plural_problems(project) == []
    assert project.run("check").status == 0
    project.ok("build")
    assert_notice_follows(project, "fr", GNU_FRENCH)


def test_cldrs_french_formula_is_a_warning_naming_both_and_its_translations_are_published(make_project):
    project = with_plural_formula(make_project, "fr", CLDR_FRENCH, 3)
    assert plural_problems(project) == [
        (
            "warning",
            f'Plural-Forms "{CLDR_FRENCH}" is not "{GNU_FRENCH}", the formula GNU gettext\'s msginit writes for '
            "French (3 forms instead of 2); the plural translations follow the header's",
        )
    ]
    assert project.run("check").status == 0  # a warning: only --strict fails on it
    assert project.run("check", "--strict").status == 1
    result = project.ok("build")
    assert "held back" not in result.out
    assert_notice_follows(project, "fr", CLDR_FRENCH)  # by its own formula, in three forms
    status = json.loads(project.ok("status", "--format", "json").out)[0]
    assert (status["errors"], status["warnings"], status["held_back"]) == (0, 1, 0)
    # update keeps the translator's formula and its three forms.
    project.write("source/about.md", "# About\n\nWho we are.\n")
    project.ok("update")  # and msgfmt --check accepts every catalogue it wrote
    catalogue = read_catalogue(project.po("fr", "ui"), "ui.po", "fr")
    assert catalogue.metadata["Plural-Forms"] == CLDR_FRENCH
    assert next(entry for entry in catalogue if entry.msgid_plural).msgstr_plural == dict(enumerate(NOTICE["fr"]))


def test_a_russian_catalogue_with_transifexs_four_forms_is_counted_with_its_own(make_project):
    project = with_plural_formula(make_project, "ru", TRANSIFEX_RUSSIAN, 4)
    assert [severity for severity, _ in plural_problems(project)] == ["warning"]
    assert "(4 forms instead of 3)" in plural_problems(project)[0][1]
    project.ok("build")
    assert_notice_follows(project, "ru", TRANSIFEX_RUSSIAN)
    project.write("source/about.md", "# About\n\nWho we are.\n")
    project.ok("update")
    merged = read_catalogue(project.po("ru", "ui"), "ui.po", "ru")
    assert {len(entry.msgstr_plural) for entry in merged if entry.msgid_plural} == {4}


def test_a_turkish_catalogue_with_one_form_as_old_gnome_files_have_is_published(make_project):
    project = with_plural_formula(make_project, "tr", "nplurals=1; plural=0;", 1)
    [(severity, message)] = plural_problems(project)
    assert severity == "warning" and "(1 form instead of 2)" in message
    assert '"nplurals=2; plural=(n != 1);", the formula GNU gettext\'s msginit writes for Turkish' in message
    project.ok("build")
    assert_notice_follows(project, "tr", "nplurals=1; plural=0;")


def test_a_catalogue_without_plural_forms_gets_a_warning_and_update_states_gnus_default(make_project):
    project = with_plural_formula(make_project, "nl", None, 2)
    try:
        read_catalogue(project.po("nl", "ui"), "ui.po", "nl")
    except HeaderError:
        pytest.skip("the PO reader does not accept plural entries without Plural-Forms yet (pipeline/pofile.py)")
    assert plural_problems(project) == [
        (
            "warning",
            'the header has no Plural-Forms: GNU gettext reads the plural entries with "nplurals=2; plural=(n != 1);"'
            '; for Dutch, GNU gettext\'s msginit writes "nplurals=2; plural=(n != 1);"',
        )
    ]
    project.ok("build")
    assert_notice_follows(project, "nl", "nplurals=2; plural=(n != 1);")
    project.ok("update")  # writes the default it read the entries with: msgfmt --check accepts the file
    assert read_catalogue(project.po("nl", "ui"), "ui.po", "nl").metadata["Plural-Forms"] == (
        "nplurals=2; plural=(n != 1);"
    )
    assert plural_problems(project) == []


def test_a_formula_past_its_nplurals_is_an_error_and_the_plurals_check_can_be_turned_off(make_project):
    project = with_plural_formula(make_project, "fr", GNU_FRENCH, 2)
    path = project.po("fr", "ui")
    path.write_text(path.read_text(encoding="utf-8").replace(GNU_FRENCH, "nplurals=2; plural=n;"), encoding="utf-8")
    assert plural_problems(project) == [
        (
            "error",
            "Plural-Forms 'nplurals=2; plural=n;': plural=n gives form 2 for n=2, but nplurals=2; "
            "GNU msgfmt refuses it",
        )
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("plural=n;", "plural=(n != 0);"), encoding="utf-8")
    assert "n=1 takes form 1 instead of 0" in plural_problems(project)[0][1]
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + '\n[disable-checks]\nfr = ["plurals"]\n')
    assert plural_problems(project) == []
