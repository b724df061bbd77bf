"""The ``doubled-words``, ``unchanged`` and ``length`` checks, called directly."""

from __future__ import annotations

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
