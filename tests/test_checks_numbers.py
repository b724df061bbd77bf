"""The ``numbers`` check, called directly: any digits and separators readers use; words are a warning."""

from __future__ import annotations

import pytest
from check_helpers import fails, passes

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
