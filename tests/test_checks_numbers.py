"""The ``numbers`` check, called directly: any digits and separators readers use; words are a warning."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from check_helpers import fails, findings, passes

from pipeline.checks import markup_of
from pipeline.checks.numbers import numbers


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr"),
    [
        ("ar", "Resolution 2178 was passed in 2014.", "اعتُمد القرار ٢١٧٨ في عام ٢٠١٤."),  # Arabic-Indic digits
        ("ar", "Resolution 2178 was passed in 2014.", "اعتُمد القرار 2178 في عام 2014."),
        ("fa_AF", "Resolution 2178 was passed in 2014.", "قطعنامه ۲۱۷۸ در سال ۲۰۱۴ تصویب شد."),  # Extended
        ("fr", "It reached 1,234.5 people.", "Elle a touché 1\u202f234,5 personnes."),
        ("nl", "It reached 1,234 people.", "Het bereikte 1.234 mensen."),
        ("zh_Hans", "It was formed in September 2014.", "它成立于2014年9月。"),
        ("ar", "The ١٩٩٨ figure.", "رقم 1998."),
        ("ar", "In 2014, 87 members joined.", "في عام 2014 انضم 87 عضوًا."),
        ("fr", "In 2014, 87 members joined.", "En 2014 87 membres ont adhéré."),  # two numbers, not 201487
        ("nl", "In 2020, 150 people came.", "In 2020 150 mensen kwamen."),  # two figures side by side
    ],
)
def test_numbers_in_any_digits_and_separators_pass(code, msgid, msgstr):
    assert passes(numbers, msgid, msgstr, lang=code)


def test_a_missing_number_is_an_error():
    found = fails(numbers, "Resolution 2178 was passed in 2014.", "اعتُمد القرار في عام ٢٠١٤.", lang="ar")
    assert found == [("error", '"2178" is missing from the translation')]


@pytest.mark.parametrize(
    ("code", "msgstr", "words"),
    [
        ("fr", "Les quatre-vingt-sept membres de la Coalition.", "quatre-vingt-sept"),
        ("ar", "أعضاء التحالف السبعة والثمانون.", "سبعة و ثمانون"),
    ],
)
def test_a_spelled_out_number_is_a_warning(code, msgstr, words):
    assert fails(numbers, "The Coalition’s 87 members.", msgstr, lang=code) == [
        ("warning", f'"87" is written in words ("{words}"); figures are easier to find')
    ]


def test_a_number_num2words_cannot_say_in_a_language_is_just_missing():
    """num2words refuses Japanese years before 645: the check says the number is missing, and goes on."""
    assert fails(numbers, "We have 7 offices.", "事務所があります。", lang="ja") == [
        ("error", '"7" is missing from the translation')
    ]


def test_a_plural_form_may_leave_the_number_out():
    assert passes(numbers, "%(count)s file (1 of them)", "un fichier", plural=True)


# ---------------------------------------------------------------- cases modelled on real catalogues
# (/work/shared/realworld-catalogues; the strings here are our own)


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr"),
    [
        # A version or an IP address is one token, kept as it is (debhandbook-fa-IR-existingsetup.po:230,
        # sphinx-*.po "2.5.1"), in any digits.
        ("fr", "Upgrade from 4.2 to 4.2.7 first.", "Passez d’abord de 4.2 à 4.2.7."),
        ("ja", "Upgrade to 4.2.7 now.", "今すぐ 4.2.7 に更新してください。"),
        ("fa", "The server answers at 10.0.3.17.", "کارساز در ۱۰.۰.۳.۱۷ پاسخ می‌دهد."),
        ("fa", "Versions look like 4.2 or 4.2.7.", "نسخه‌ها مانند ۴/۲ یا ۴/۲/۷ هستند."),  # Persian slash
        ("ru", "Ping 10.0.3.17 (port 8080).", "Проверьте 10.0.3.17 (порт 8080)."),
        # Arabic-Indic separators ٫ ٬ and the locale's percent signs.
        ("ar", "Growth was 12.5% on 1,250 sites.", "كان النمو ١٢٫٥٪ في ١٬٢٥٠ موقعًا."),
        ("tr", "Only 40% of the files.", "Dosyaların yalnızca %40'ı."),
        ("fr", "Only 40% of the files.", "Seuls 40 % des fichiers."),
        ("tr", "Sales grew +5% this year.", "Satışlar bu yıl +%5 arttı."),
        # Ordinals keep their figure.
        ("fr", "The 3rd edition of 2019.", "La 3e édition de 2019."),
        # The digits of placeholders are not figures (glib's %Id, positional %2$s, {0}).
        ("fr", "Copied %2$s of %1$s files", "%1$s fichiers : %2$s copiés"),
        ("fr", "Copied %2$s files", "Fichiers copiés : %s"),
        ("fa", "Line %d is too long", "سطر %Id خیلی بلند است"),
        ("fr", "Item {0} of {1}", "Élément {0} sur {1}"),
        ("fr", "Item {1} of {0}", "Élément"),
        # Numbers inside web addresses are the urls check's.
        (
            "fa",
            "See https://example.org/report-2019/page/7 for it.",
            "نگاه کنید به https://example.org/report-2019/page/7",
        ),
        # A name with a number, left out once of twice (glib-tr.po:833): UTF-8 is still there.
        ("tr", "Bad UTF-8 text; the UTF-8 text so far was “%s”", "Hatalı UTF-8 metin; şimdiye dek metin “%s”"),
        ("ar", "Not a valid non-UTF-8 name", "ليس اسمًا صالحًا بترميز غير UTF-8"),
        # 3.0a1: the 1 belongs to a word.
        ("fr", "Releases like 3.0a1.", "Des versions comme 3.0b2 ou 3.0."),
    ],
)
def test_figures_read_as_readers_read_them(code, msgid, msgstr):
    assert passes(numbers, msgid, msgstr, lang=code, markup="plain")


def test_a_changed_version_or_address_is_an_error():
    assert fails(numbers, "Upgrade to 4.2.7 now.", "Passez à 4.2.8 maintenant.", markup="plain") == [
        ("error", '"4.2.7" is missing from the translation')
    ]
    assert fails(numbers, "Ping 10.0.3.17 first.", "Проверьте 10.0.3.1.", lang="ru", markup="plain") == [
        ("error", '"10.0.3.17" is missing from the translation')
    ]


@pytest.mark.parametrize(
    ("code", "msgstr"),
    [
        ("fr", "Choisissez un dossier (0 pour aucun)."),  # "un" is the article (allauth-fr.po:162)
        ("nl", "Kies een map (0 voor geen)."),  # "een" too (allauth-nl.po:156)
        ("tr", "Bir klasör seçin (0 yok demek)."),
    ],
)
def test_an_article_is_not_a_spelled_out_one(code, msgstr):
    assert fails(numbers, "Pick 1 folder (0 for none).", msgstr, lang=code, markup="plain") == [
        ("error", '"1" is missing from the translation')
    ]


@pytest.mark.parametrize(
    ("code", "source", "msgstr", "words"),
    [
        ("nl", "Pick 3 folders.", "Kies drie mappen.", "drie"),
        ("ru", "Wait 2 minutes.", "Подождите две минуты.", "две"),  # the feminine form
        ("zh_CN", "Pick 3 folders.", "请选择三个文件夹。", "三"),
        ("ar", "Pick 3 folders.", "اختر ثلاثة مجلدات.", "ثلاثة"),
    ],
)
def test_inflected_and_cjk_number_words_are_a_warning(code, source, msgstr, words):
    number = source.split()[1]
    assert fails(numbers, source, msgstr, lang=code, markup="plain") == [
        ("warning", f'"{number}" is written in words ("{words}"); figures are easier to find')
    ]


@pytest.mark.parametrize(
    ("code", "msgstr"),
    [
        ("nl", "Kies één map."),
        ("ru", "Выберите одну папку."),  # inflected (glib-ru.po:3389)
        ("zh_CN", "请选择一项文件夹。"),  # glib-zh_CN.po:3294: 一秒钟 for "1 second"
        ("ar", "اختر مجلدًا واحدًا."),  # wagtail-admin-ar.po:400: the noun, then "one"
    ],
)
def test_one_thing_said_in_words_is_idiomatic(code, msgstr):
    """ "1 page" is "one page" in most languages' own words; a figure there reads like a count."""
    assert passes(numbers, "Pick 1 folder.", msgstr, lang=code, markup="plain")


def test_a_russian_compound_with_a_number_is_a_warning():
    """sphinx-ru.po:2527: "4 column" as четырёхстолбцовый."""
    assert fails(numbers, "A 2 line block.", "Двухстрочный блок.", lang="ru", markup="plain") == [
        ("warning", '"2" is written in words ("Двухстрочный"); figures are easier to find')
    ]


def test_chinese_one_in_a_word_is_not_a_number():
    """一个 is "a", 统一 "unify": the figure is missing."""
    assert fails(numbers, "Pick 1 folder.", "统一选择一个文件夹。", lang="zh_CN", markup="plain") == [
        ("error", '"1" is missing from the translation')
    ]


def test_arabic_dimension_adjectives_are_numbers_in_words():
    """godotdocs-ar-about-introduction.po:25 and :60: 2D and 3D as ثنائي and ثلاثي الأبعاد."""
    found = fails(numbers, "A 2D and 3D editor.", "محرر ثنائي وثلاثية الأبعاد.", lang="ar", markup="plain")
    assert [severity for severity, _ in found] == ["warning", "warning"]


def test_a_phone_number_of_another_country_is_an_adapted_example():
    """allauth-fr.po:162: "+1 for the US" became "+33 for France"."""
    assert fails(
        numbers,
        "Type the country code (e.g. +1 for Canada).",
        "Tapez l’indicatif (par ex. +32 pour la Belgique).",
        markup="plain",
    ) == [("warning", 'the phone number "+1" is "+32", of another country: an adapted example?')]


def test_a_changed_phone_number_is_an_error():
    """fdroid-ar-pages.po:403: the same country, another number."""
    assert fails(numbers, "Call +41 22 5550199.", "اتصل على +41 31 5550123.", lang="ar", markup="plain") == [
        ("error", '"+41 22 5550199" is missing from the translation')
    ]
    assert passes(numbers, "Call +41 22 5550199.", "اتصل على \u202a+٤١ ٢٢ ٥٥٥٠١٩٩\u202c.", lang="ar", markup="plain")


@pytest.mark.parametrize(("code", "year"), [("fa", "۱۳۹۸"), ("fa", "1399"), ("ar", "١٤٤١")])
def test_a_year_in_the_hijri_calendar_is_a_warning(code, year):
    """fdroid-fa-pages.po:983: 2021 given as ۱۴۰۰."""
    found = fails(numbers, "Closed since 2020.", f"از {year} بسته است.", lang=code, markup="plain")
    assert [severity for severity, _ in found] == ["warning"]
    assert "another calendar" in found[0][1]


def test_a_name_with_a_number_left_out_is_a_warning():
    found = fails(numbers, "Licensed CC-BY-SA-4.0 (4.0).", "Sous licence Creative Commons (4.0).", markup="plain")
    assert found == [("warning", '"CC-BY-SA-4.0" (a name with a number) is not in the translation; check it')]


REALWORLD = Path("/work/shared/realworld-catalogues")


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="the real-world catalogues are not here")
@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("debhandbook-fa-IR-existingsetup.po", 230, []),  # an IP address
        ("sphinx-fr.po", 1938, []),  # versions
        ("sphinx-fa.po", 1914, []),  # versions with Persian slashes
        ("allauth-nl.po", 156, ["warning"]),  # +1 -> +31
        ("glib-ru.po", 3389, []),  # одной секунды: one thing, in words as Russian says it
        ("glib-ru.po", 2682, ["warning"]),  # "2 characters" as два
        ("glib-ar.po", 3755, ["error"]),  # "(maximum 32 characters)" left out
        ("fdroid-fa-pages.po", 404, ["error"]),  # another phone number
    ],
)
def test_real_catalogue_entries(name, line, expected):
    catalogue = polib.pofile(str(REALWORLD / name))
    # The line reported is the msgstr's: the entry is the last that starts before it.
    entry = max((entry for entry in catalogue if entry.linenum <= line), key=lambda entry: entry.linenum)
    code = catalogue.metadata["Language"].replace("-", "_")
    found = findings(numbers, entry.msgid, entry.msgstr, lang=code, markup=markup_of(catalogue).value)
    assert [severity for severity, _ in found] == expected, found
