"""The ``script`` check (and ``bidi`` on a plain case), called directly: scripts, their variants, kashida.

The cases are modelled on real catalogues (``../shared/realworld-catalogues``); the strings are this file's own.
"""

from __future__ import annotations

import pytest
from check_helpers import fails, passes

from pipeline.checks.bidi import bidi
from pipeline.checks.script import script


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
        ("ar", "هذا كتاب مهم عن داعـــش.", 'kashida (ـ) stretches "داعـــش": let the page lay out the text'),
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


@pytest.mark.parametrize(
    ("code", "source", "msgstr"),
    [
        # A one-letter prefix written apart before a Latin word, a number, a placeholder or a quote.
        ("ar", "Settings for GNOME", "إعدادات لـ GNOME"),
        ("ar", "Index of %(path)s", "فهرس لـ%(path)s"),
        ("ar", "Options for '%(title)s'", "خيارات لـ '%(title)s'"),
        ("ar", "Encoded in UTF-8", "مرمّز بـ UTF-8"),
        ("ar", "Related to F-Droid", "متعلق بـF-Droid"),
        ("ar", "Answered with “RTFM”", "أجاب بـ ”RTFM“"),
        ("ar", "Valid for 3 days", "صالح لـ 3 أيام"),
        ("ar", "The howto is short", "الـ howto قصير"),
        ("ar", "Quoted for %c", "مقتبس لـ%c"),
        # A suffix written apart after a Latin word (Central Kurdish).
        ("ckb", "your Weblate account", "هەژماری Weblate ـەکەت"),
    ],
)
def test_a_kashida_that_writes_a_prefix_apart_is_not_stretching(code, source, msgstr):
    assert passes(script, source, msgstr, lang=code, markup="plain")


@pytest.mark.parametrize(
    ("code", "msgstr", "word"),
    [
        ("ar", "هذا كـــتاب مفيد", "كـــتاب"),
        ("ps", "مـې", "مـې"),  # a two-letter month name stretched
        ("ar", "افتحه من الـمتصفح", "الـمتصفح"),  # the article stretched onto its word
        ("ar", "تتمتع بـبنية شجرية", "بـبنية"),
        ("ar", "أمور تُهـِمُّ المدير", "تُهـِمُّ"),  # with its harakat
    ],
)
def test_a_kashida_inside_a_word_is_a_warning(code, msgstr, word):
    assert fails(script, "A book", msgstr, lang=code, markup="plain") == [
        ("warning", f'kashida (ـ) stretches "{word}": let the page lay out the text')
    ]


@pytest.mark.parametrize(
    ("code", "source", "msgstr", "markup"),
    [
        # Placeholders are no letters: strftime (glib-fa), Python's named ones (wagtail-admin-ar), braces, positions.
        ("fa", "%a %b %e %H:%M:%S %Y", "%A %Oe %B %Oy، \u2066%OH:%OM:%OS\u2069", "plain"),
        ("ar", "1 page", "%(counter)s صفحات", "plain"),
        ("ar", "Delete {count} items from {folder_name}", "حذف{count} من {folder_name}", "plain"),
        ("fa", "%1$s of %2$s", "%2$s از %1$s", "plain"),
        # Names the source has, however the translation writes their case (glib-fa, glib-zh_CN, sphinx).
        ("fa", "Cannot flush GDataOutputStream", "نمی‌توان GdataOutputStream را خالی کرد", "plain"),
        ("zh_CN", "Error parsing introspection XML", "解析 Introspection XML 出错", "plain"),
        ("ar", "create batchfile", "إنشاء Batchfile", "plain"),
        ("ja", "create makefile", "makefileを作成する", "plain"),
        ("ja", "Source parser for %s not registered", "%s のsource_parserは登録されていません", "plain"),
        # Addresses, e-mail addresses and code (Markdown) are no words either.
        ("fa", "Download it", "از https://downloads.example.org/releases/latest/ بگیرید", "plain"),
        ("ar", "Write to us", "راسلنا على team-support@example.org", "plain"),
        ("fa", "Run the command", "فرمان `git clone --recursive --depth 1` را اجرا کنید", "markdown"),
        ("fa", "See the tag", 'برچسب <span class="highlighted-keyword">ببینید</span>', "plain"),
        # The names of the translators, with their e-mail addresses (zenity-ps).
        ("ps", "translator-credits", "Zarghuna Wardak <zarghuna@example.org>", "plain"),
    ],
)
def test_placeholders_addresses_code_and_the_sources_words_are_not_another_script(code, source, msgstr, markup):
    assert passes(script, source, msgstr, lang=code, markup=markup)


@pytest.mark.parametrize(
    ("code", "source", "msgstr", "message"),
    [
        (
            "tr",
            "This will delete <b>%(count)s</b> pages.",
            "هذا الإجراء سيحذف <b>%(count)s</b> صفحة بالكامل.",  # Arabic in the Turkish catalogue (wagtail)
            "mostly Arabic letters, but Turkish is written in another script",
        ),
        (
            "fa",
            "Cannot open %s",
            "Could not open the file %s now",  # left in English, words the source has not
            "mostly Latin letters, but Persian is written in another script",
        ),
    ],
)
def test_a_translation_in_another_script_is_still_found(code, source, msgstr, message):
    assert fails(script, source, msgstr, lang=code, markup="plain") == [("warning", message)]
