"""The ``bidi`` and ``script`` checks, called directly: direction controls, scripts and their variants."""

from __future__ import annotations

import pytest
from check_helpers import fails, messages, passes

from pipeline.checks.bidi import bidi
from pipeline.checks.script import script


def test_direction_controls_are_errors():
    found = fails(bidi, "The UNDP supports it.", "يدعمه \u202eUNDP برنامج.", lang="ar")
    assert ("error", "invisible direction control U+202E RIGHT-TO-LEFT OVERRIDE: remove it") in found
    assert any("never closed" in message for _, message in found)
    assert messages(bidi, "The UNDP supports it.", "يدعمه \u2066UNDP\u2069 برنامج.", lang="ar") == [
        "invisible direction control U+2066 LEFT-TO-RIGHT ISOLATE: remove it",
        "invisible direction control U+2069 POP DIRECTIONAL ISOLATE: remove it",
    ]
    assert any("closes nothing" in message for message in messages(bidi, "A test.", "Un \u202cessai."))


def test_controls_the_source_has_may_stay():
    assert passes(bidi, "Name: \u2067ابن\u2069.", "Nom\u00a0: \u2067ابن\u2069.")


def test_latin_names_inside_arabic_need_no_controls():
    source, translation = (
        "The UNDP supports states in the Lake Chad Basin.",
        "يدعم برنامج UNDP الدول في حوض بحيرة تشاد.",
    )
    assert passes(bidi, source, translation, lang="ar")
    assert passes(script, source, translation, lang="ar")


@pytest.mark.parametrize(
    ("code", "msgstr", "message"),
    [
        ("fa_AF", "این كتاب مهم است.", 'Arabic "ك" where Dari writes "ک"'),
        ("ckb", "ئەمە كتێبێكی گرنگە.", 'Arabic "ك" where Central Kurdish writes "ک"'),
        ("ar", "هذا کتاب مهم.", 'Persian "ک" where Arabic writes "ك"'),
        ("ar", "هذا كتاب مهم عن داعـــش.", "kashida (ـ) used to stretch a word; let the page lay out the text"),
        (
            "ar",
            "This book is important for everyone here.",
            "mostly Latin letters, but Arabic is written in another script",
        ),
    ],
)
def test_wrong_script_or_variant_is_a_warning(code, msgstr, message):
    assert ("warning", message) in fails(script, "This book is important.", msgstr, lang=code)


@pytest.mark.parametrize(
    ("code", "msgstr"),
    [("fa_AF", "این کتاب مهم است."), ("ps", "دا کتاب ډېر مهم دی."), ("ar", "هذا كتاب مهم.")],
)
def test_right_script_variants_pass(code, msgstr):
    assert passes(script, "This book is important.", msgstr, lang=code)
