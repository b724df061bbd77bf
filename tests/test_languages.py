"""Language codes: gettext folder names, BCP 47 tags, Babel locales, names with one level of parentheses."""

from __future__ import annotations

import json

import pytest

from conftest import editing
from pipeline.errors import LanguageError
from pipeline.languages import Language, language, with_note
from pipeline.sitemap import og_locale


@pytest.mark.parametrize(
    ("written", "code", "tag", "locale", "direction"),
    [
        ("fr", "fr", "fr", "fr", "ltr"),
        ("fa-af", "fa_AF", "fa-AF", "fa_AF", "rtl"),
        ("ckb", "ckb", "ckb", "ckb", "rtl"),
        ("zh_CN", "zh_CN", "zh-CN", "zh_Hans_CN", "ltr"),  # Babel has no zh_CN: Simplified Chinese, China
        ("zh-tw", "zh_TW", "zh-TW", "zh_Hant_TW", "ltr"),
        ("zh_Hans", "zh_Hans", "zh-Hans", "zh_Hans", "ltr"),
        ("pt_BR", "pt_BR", "pt-BR", "pt_BR", "ltr"),
        ("sr@latin", "sr@latin", "sr-Latn", "sr_Latn", "ltr"),
        ("sr_RS@Latin", "sr_RS@latin", "sr-Latn-RS", "sr_Latn_RS", "ltr"),
        ("sr@cyrillic", "sr@cyrillic", "sr-Cyrl", "sr_Cyrl", "ltr"),
        ("uz@cyrillic", "uz@cyrillic", "uz-Cyrl", "uz_Cyrl", "ltr"),
        ("ca@valencia", "ca@valencia", "ca-valencia", "ca_ES_VALENCIA", "ltr"),
        ("es_419", "es_419", "es-419", "es_419", "ltr"),
    ],
)
def test_a_code_is_kept_as_its_folder_name_and_mapped_to_bcp_47_and_babel(written, code, tag, locale, direction):
    lang = language(written)
    assert (lang.code, lang.tag, lang.locale, lang.direction) == (code, tag, locale, direction)
    assert lang.endonym and lang.english_name


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("xx", "unknown language 'xx': Babel's locale data has no 'xx'"),
        ("en_ZZ", "unknown language 'en_ZZ': Babel's locale data has no 'en_ZZ'"),  # Babel's parser says en_US
        ("be@latin", "unknown language 'be@latin': Babel's locale data has no 'be_Latn'"),  # Babel's parser: be
        ("zh_XX", "unknown language 'zh_XX'"),
        ("de@formal", "unknown language 'de@formal': the modifier @formal is none of @latin, @cyrillic"),
        ("es@valencia", "unknown language 'es@valencia': @valencia is a variety of 'ca'"),
        ("sr_Latn@latin", "'sr_Latn@latin' names its script twice; write sr_Latn or @latin"),
        ("fr/../x", "'fr/../x' is not a language code"),
        ("fr@", "'fr@' is not a language code"),
        ("", "'' is not a language code"),
    ],
)
def test_malformed_and_unknown_codes_are_refused(written, message):
    with pytest.raises(LanguageError) as refused:
        language(written)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value) and refused.value.exit_status == 4


@pytest.mark.parametrize(
    ("name", "note", "combined"),
    [
        ("French", "français", "French (français)"),
        ("Kurdish", "kurdî (kurmancî)", "Kurdish (kurdî, kurmancî)"),
        ("Chinese (Simplified, China)", "中文 (简体, 中国)", "Chinese (Simplified, China) (中文, 简体, 中国)"),
        ("Dutch", "Nederlands (België (Vlaanderen))", "Dutch (Nederlands, België, Vlaanderen)"),
    ],
)
def test_names_are_combined_with_one_level_of_parentheses(name, note, combined):
    assert with_note(name, note) == combined


def test_the_label_has_one_level_of_parentheses_whatever_babels_names_hold():
    for code in ("ku", "zh_CN", "sr@latin", "pt_BR", "fa_AF", "ha", "ca@valencia"):
        label = language(code).label
        depth, deepest = 0, 0
        for character in label:
            depth += {"(": 1, ")": -1}.get(character, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1 and depth == 0, label
    assert language("fr").label == "French (français)"
    assert language("ha").label == "Hausa"  # the same name twice is said once


def test_the_status_table_names_each_language_with_one_level_of_parentheses(make_project):
    project = make_project(languages=["ku", "zh_CN", "fr"])
    lines = project.ok("status").out.splitlines()
    kurdish = next(line for line in lines if line.startswith("ku "))
    assert kurdish.endswith(language("ku").label) and "((" not in kurdish and "))" not in kurdish
    assert next(line for line in lines if line.startswith("fr ")).endswith("French (français)")


def test_a_language_in_the_configuration_or_on_the_command_line_may_be_a_gettext_folder_name(make_project):
    project = make_project(languages=["zh_CN", "sr@latin"])
    project.ok("update", "--lang", "zh-cn")
    assert project.po("zh_CN", "ui").is_file() and not project.po("sr@latin", "ui").exists()
    project.ok("update", "--lang", "sr@latin")
    assert project.po("sr@latin", "ui").is_file()
    refused = project.run("update", "--lang", "sr@ijekavian")
    assert refused.status == 4 and refused.err.count("\n") == 1
    assert "unknown language 'sr@ijekavian': the modifier @ijekavian is none of" in refused.err
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text().replace('"sr@latin"', '"be@latin"'))
    broken = project.run("status")
    assert broken.status == 3  # the configuration is wrong: its line is named
    assert broken.err.startswith("pipeline.toml:5: error: languages: unknown language 'be@latin'")


def test_a_language_made_directly_from_an_unknown_code_fails_when_its_locale_is_needed():
    with pytest.raises(LanguageError, match="unknown language 'qq'"):
        _ = Language("qq").locale


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("ar", "ar_AR"),  # Facebook has Arabic as a whole, not ar_EG
        ("ar_EG", "ar_AR"),
        ("en", "en_US"),
        ("en_GB", "en_GB"),
        ("fr", "fr_FR"),
        ("fr_BE", "fr_FR"),  # a region Facebook does not have: the language's own
        ("fr_CA", "fr_CA"),
        ("ckb", "cb_IQ"),  # Facebook's own code for Sorani Kurdish
        ("ku", "ku_TR"),
        ("fa_AF", "fa_IR"),  # no Dari there: Persian
        ("ps", "ps_AF"),
        ("tr", "tr_TR"),
        ("ha", "ha_NG"),
        ("nl", "nl_NL"),
        ("pt", "pt_PT"),
        ("pt_BR", "pt_BR"),
        ("es_419", "es_LA"),
        ("zh_CN", "zh_CN"),
        ("zh_Hant", "zh_TW"),
        ("zh_SG", "zh_CN"),  # Simplified: Facebook's Simplified Chinese
        ("sr@latin", "sr_RS"),
        ("fil", "tl_PH"),
        ("haw", "haw"),  # not in Facebook's list: the code, without a made-up territory
        ("dv_MV", "dv_MV"),
    ],
)
def test_og_locale_values_come_from_the_list_facebook_accepts(code, value):
    assert og_locale(language(code)) == value


def test_a_serbian_latin_catalogue_is_checked_for_latin_letters(make_project):
    project = make_project(languages=["sr@latin"])
    project.ok("update")
    with editing(project.po("sr@latin", "mission")) as catalogue:
        entry = next(entry for entry in catalogue if entry.msgid == "Our Mission")
        entry.msgstr = "Наша мисија и наши циљеви"  # Cyrillic, in a catalogue for Serbian in Latin letters
    found = project.run("check", "--format", "json")
    problems = [problem for problem in json.loads(found.out) if problem["check"] == "script"]
    assert problems and "mostly Cyrillic letters" in problems[0]["message"], found.out


def test_a_source_language_written_as_a_gettext_folder_name_builds(make_project):
    project = make_project(languages=["fr"])
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text().replace('source-language = "en"', 'source-language = "sr@latin"'))
    result = project.ok("build")
    assert "published: sr@latin" in result.out
    page = (project.root / "output" / "sr-Latn" / "index.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="sr-Latn" dir="ltr">')
