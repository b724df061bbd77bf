"""The ``doubled-words``, ``unchanged`` and ``length`` checks, called directly."""

from __future__ import annotations

import pytest
from check_helpers import fails, passes

from pipeline.checks.length import length
from pipeline.checks.words import doubled, unchanged


def test_doubled_words():
    assert fails(doubled, "It is set out in the resolution.", "Il est énoncé dans dans la résolution.") == [
        ("warning", '"dans dans": a word is repeated')
    ]
    assert passes(doubled, "We commit ourselves.", "Nous nous engageons.")
    assert fails(doubled, "It is in the text.", "هو في في النص.", lang="ar") == [
        ("warning", '"في في": a word is repeated')
    ]
    assert passes(doubled, "In 2014 2015 and 2016.", "En 2014 2014 et 2016.")  # figures are not words
    # A word keeps its combining marks: harakat, or an accent written as a letter and U+0301.
    assert fails(doubled, "It is Daesh.", "هو دَاعِشْ دَاعِشْ.", lang="ar") == [
        ("warning", '"دَاعِشْ دَاعِشْ": a word is repeated')
    ]
    assert passes(doubled, "Who, from.", "مَنْ مِنْ", lang="ar")  # the same letters, other vowels: two words
    assert fails(doubled, "The summer.", "L’e\u0301te\u0301 e\u0301te\u0301.") == [
        ("warning", '"e\u0301te\u0301 e\u0301te\u0301": a word is repeated')
    ]


def test_unchanged():
    assert fails(unchanged, "The Coalition works hard.", "The Coalition works hard.") == [
        ("warning", "the translation is the source text, untranslated")
    ]
    assert passes(unchanged, "UNDP", "UNDP")
    assert passes(unchanged, "Combined Joint Task Force", "Combined Joint Task Force")


def test_length_ratios_suit_each_language():
    source = "The Global Coalition is working with international and local partners."
    assert passes(length, source, "全球联盟正在与国际和地方伙伴合作。", lang="zh_Hans")
    assert fails(length, source, "La Coalition travaille.") == [
        ("warning", "the translation is 0.3 times as long as the source (about 1.2 is usual)")
    ]
    assert passes(length, source, "يعمل التحالف الدولي مع الشركاء الدوليين والمحليين.", lang="ar")
    assert passes(length, "Short source.", "Une traduction bien plus longue que sa source.")  # too short to say


@pytest.mark.parametrize(
    ("msgid", "code"),
    [
        ('<section class="cards">\n', "fa"),  # a tag alone
        ("%H:%M %p", "ckb"),  # strftime directives
        ("%(low)s – %(high)s", "tr"),  # placeholders and a dash
        ("%s kB", "nl"),  # a figure and a unit symbol
        ('[[!img pictures/boat.png link="no" alt=""]]\n', "ar"),  # an ikiwiki directive
        ("<index><command>grep</command></index>", "ar"),  # a command named in a DocBook index term
        ("x86, arm64", "fa"),  # architectures
        ("[Example Trust 12(b)(3)](https://example.org/trust)", "ar"),  # a name with its legal form
        ("module", "fr"),  # one word, the same in a language of the same script
    ],
)
def test_unchanged_with_nothing_to_translate_passes(msgid, code):
    assert passes(unchanged, msgid, msgid, lang=code, markup="plain")


@pytest.mark.parametrize(
    ("msgid", "code"),
    [
        ("- [[Meeting notes|team/meetings/notes]]", "fa"),  # a wiki link's label left in English
        ("module", "ar"),  # one word, in a language of another script
        ("Save the changes", "fr"),
    ],
)
def test_unchanged_words_still_fail(msgid, code):
    assert fails(unchanged, msgid, msgid, lang=code, markup="plain") == [
        ("warning", "the translation is the source text, untranslated")
    ]


def test_length_gives_a_short_text_room():
    """Twice or half the usual ratio is far off for a paragraph, not for a title of three words."""
    assert passes(length, "Quick Rising Data Costs", "تكاليف البيانات التي تتزايد بسرعة كبيرة جدًا", lang="ar")
    assert passes(length, "configuration variable", "設定変数", lang="ja")
    assert passes(length, "Nothing was found here.", "Bulunamadı.", lang="tr")


def test_length_leaves_out_the_names_both_texts_keep():
    """A Chinese translation keeps the identifiers: they say nothing about its length."""
    source = "Cannot call MyService.StartUnitByName on the bus %s"
    assert passes(length, source, "无法在总线 %s 上调用 MyService.StartUnitByName", lang="zh_Hans", markup="plain")
    assert fails(length, "The Global Coalition is working with international partners.", "合作。", lang="zh_Hans")
