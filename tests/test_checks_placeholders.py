"""The ``placeholders`` check: format directives as GNU gettext (``msgfmt --check-format``) and Python see them."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

import pytest
from check_helpers import context, fails, messages, passes

from pipeline import api
from pipeline.checks.placeholders import placeholders
from pipeline.checks.registry import Context
from pipeline.directives import c_arguments, python_arguments, python_brace_arguments
from pipeline.plurals import GNU_DEFAULT, PluralRule
from pipeline.pofile import read_po

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld-catalogues"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="the real-world catalogues are not beside this checkout")
WITHOUT_LANGUAGE = {"glib2002-fr-latin1.po": "fr", "glib2002-tr-latin5.po": "tr", "glib2006-ja-eucjp.po": "ja"}

ARABIC = PluralRule.parse(
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)
RUSSIAN = PluralRule.parse(
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
JAPANESE = PluralRule.parse("nplurals=1; plural=0;")


def form(
    msgid: str,
    msgid_plural: str,
    translation: str,
    index: int,
    rule: PluralRule | None,
    flags: tuple[str, ...] = ("c-format",),
    lang: str = "ar",
) -> list[tuple[str, str]]:
    """What the check finds in msgstr[index] of a plural entry, called as the runner calls it."""
    forms = rule.nplurals if rule is not None else 2
    told: Context = replace(
        context(lang, flags=flags, plural=True), msgid_plural=msgid_plural, form=index, forms=forms, plural_rule=rule
    )
    source = msgid_plural if index else msgid
    return [((finding.severity or "error"), finding.message) for finding in placeholders(source, translation, told)]


# ------------------------------------------------------------------ C


def test_positional_arguments_may_reorder_a_c_format_string():
    assert passes(placeholders, "“%s” in “%s”", "“%2$s” kümesinde “%1$s”", lang="tr", flags=("c-format",))
    assert passes(placeholders, "%2$s %1$s", "%s %s", lang="tr", flags=("c-format",))
    assert fails(placeholders, "%s: %d", "%d: %s", flags=("c-format",)) == [
        ("error", "the placeholders are not in the source's order: number them (%2$s, %1$s) to change their order")
    ]
    assert passes(placeholders, "%s: %d", "%2$d: %1$s", flags=("c-format",))
    # %2$s without %1$...: glibc's printf cannot tell argument 1's type (GNU: "ignores argument number 1")
    assert messages(placeholders, "%s of %s", "%2$s", flags=("c-format",)) == [
        "the translation is not a valid C format string, unlike the source: argument 2 is used but argument 1 is not"
    ]


def test_glibc_locale_digits_flag_is_allowed_in_a_translation():
    assert passes(
        placeholders, "Error on line %d char %d: ", "خطأ في السطر %Id الرمز %Id: ", lang="ar", flags=("c-format",)
    )
    assert passes(placeholders, "%.1f KiB", "%I.1f ك.بايت", lang="ar", flags=("c-format",))
    assert c_arguments("%Id", translated=False).error is not None  # only a msgstr may have it


def test_c_arguments_lost_invented_and_retyped():
    assert fails(placeholders, "%d files", "fichiers", flags=("c-format",)) == [
        ("error", "placeholder %d is missing from the translation")
    ]
    assert fails(placeholders, "%s", "%s %s", flags=("c-format",)) == [("error", "placeholder %s is not in the source")]
    assert fails(placeholders, "%s: %d", "%s: %s", flags=("c-format",)) == [
        ("error", "placeholder %s takes a string, where the source's argument 2, %d, takes an int")
    ]
    assert fails(placeholders, "%ld bytes", "%d octets", flags=("c-format",))  # long int is not int
    assert passes(placeholders, "%i%%", "%d %%", flags=("c-format",))  # %i and %d take the same
    assert passes(placeholders, "%<PRIu64> bytes", "%<PRIu64> octets", flags=("c-format",))
    assert passes(placeholders, "%*d items", "%*d éléments", flags=("c-format",))
    assert fails(placeholders, "%*d items", "%d éléments", flags=("c-format",))  # the width's argument is lost


# ------------------------------------------------------------------ Python


def test_python_format():
    assert passes(placeholders, "%(a)s and %(b)d", "%(b)d et %(a)s", flags=("python-format",))
    assert passes(placeholders, "100%% of %s", "100 %% de %s", flags=("python-format",))
    assert fails(placeholders, "%(count)s passages", "passages", flags=("python-format",)) == [
        ("error", "placeholder %(count)s is missing from the translation")
    ]
    assert fails(placeholders, "%(n)s files", "%(n)d fichiers", flags=("python-format",)) == [
        ("error", "placeholder %(n)d takes an integer, where the source's %(n)s takes a string")
    ]
    assert fails(placeholders, "%(n)s files", "%(m)s fichiers", flags=("python-format",)) == [
        ("error", "placeholder %(n)s is missing from the translation"),
        ("error", "placeholder %(m)s is not in the source"),
    ]
    assert messages(placeholders, "%(n)s files", "%s fichiers", flags=("python-format",)) == [
        "the source's placeholders are named (%(name)s), the translation's are not: Python needs names"
    ]
    # Python's unnamed arguments are a tuple: all of them, in order, even in a form for one number
    assert fails(placeholders, "%s of %s", "%s", flags=("python-format",), plural=True)


def test_mangled_python_placeholders_are_errors():
    assert messages(placeholders, "%(name)s files", "%(name) fichiers", flags=("python-format",)) == [
        "placeholder %(name) f is mangled: %(name)s in the source"
    ]
    assert messages(placeholders, "%(name)s files", "fichiers : %(name)", flags=("python-format",)) == [
        "the translation is not a valid Python format string, unlike the source: '%(name)' at the end is unfinished"
    ]
    # in a form that may leave the number out, the number mangled is still shown to the reader
    found = form(
        "There is %(unused)s out of %(total)s.", "There are %(unused)s out of %(total)s.",
        "هناك 6(unused)s من %(total)s.", 0, ARABIC, ("python-format",),
    )  # fmt: skip
    assert found == [("error", "placeholder 6(unused)s is mangled: %(unused)s in the source")]


def test_python_brace_format():
    assert passes(placeholders, "{name!r:>10} files", "{name!r:>10} fichiers", flags=("python-brace-format",))
    assert passes(placeholders, "{} of {}", "{1} sur {0}", flags=("python-brace-format",))
    assert passes(placeholders, "{0} of {1}", "{1} : {0}", flags=("python-brace-format",))
    assert fails(placeholders, "{name} files", "{nom} fichiers", flags=("python-brace-format",)) == [
        ("error", "placeholder {name} is missing from the translation"),
        ("error", "placeholder {nom} is not in the source"),
    ]
    assert messages(placeholders, "{name} files", "{name fichiers", flags=("python-brace-format",)) == [
        "the translation is not a valid Python brace format string, unlike the source: expected '}' before end of string"
    ]
    assert fails(placeholders, "{} of {}", "{} sur }", flags=("python-brace-format",))  # a lone } breaks str.format
    assert fails(placeholders, "{user.name}", "{user}", flags=("python-brace-format",))  # GNU compares whole names


def test_the_parsers_read_as_gnu_gettext_and_python():
    assert python_arguments("%(n)s and %(n)d").error is not None  # one name, two types
    assert python_arguments("%(n)s and %(n).0s").error is None  # a precision of 0 takes anything
    assert python_brace_arguments("{} and {0}").error is not None  # str.format refuses the mix
    assert [d.argument for d in python_brace_arguments("{}{x:{}}").directives] == ["0", "x", "1"]
    assert [d.argument for d in c_arguments("%2$s %1$*3$d", translated=True).directives] == [2, 3, 1]


# ------------------------------------------------------------------ flags


def test_a_format_flag_says_how_the_text_is_read():
    # c-format: braces are text; python-format: so are they
    assert passes(placeholders, "{name} %s", "%s", flags=("c-format",))
    assert passes(placeholders, "Delete", "Supprimer %s", flags=("no-c-format",))
    assert passes(placeholders, "%(count)s files", "fichiers", flags=("no-python-format",))
    assert passes(placeholders, "%d%% done", "%d %% fait", flags=("c-format",))


def test_a_text_without_flag_is_checked_where_its_source_clearly_has_placeholders():
    assert fails(placeholders, "{count} passages", "{nombre} passages") == [
        ("error", "placeholder {count} is missing from the translation"),
        ("error", "placeholder {nombre} is not in the source"),
    ]
    assert fails(placeholders, "%(a)s and %(b)s", "%(b)s et %(c)s") == [
        ("error", "placeholder %(a)s is missing from the translation"),
        ("error", "placeholder %(c)s is not in the source"),
    ]
    assert messages(placeholders, "{name} files", "{name fichiers") == [
        "placeholder {name is mangled: {name} in the source"
    ]
    assert passes(placeholders, "%(a)s and %(b)s", "%(b)s et %(a)s")
    # a source with plain %s or %d and no flag may be a date format or a percentage: not compared
    assert passes(placeholders, "%a %b %e %H:%M:%S %Y", "%A %d %B %Y %T")
    assert passes(placeholders, "Save 50%", "50 % d'économie")


def test_a_placeholder_added_to_a_text_without_any_is_a_warning():
    assert fails(placeholders, "Delete", "Supprimer %s") == [
        (
            "warning",
            "the translation has %s, which the source has not: a placeholder the program does not fill in, "
            "or breaks on if it formats the text",
        )
    ]
    assert fails(placeholders, "Delete", "Supprimer {name}")[0][0] == "warning"
    assert fails(placeholders, "You cannot remove it.", "Impossible de supprimer (%(email)s).")[0][0] == "warning"
    assert passes(placeholders, "Delete", "50 % de remise")


def test_a_page_text_keeps_its_percent_signs_escaped():
    assert fails(placeholders, "Skip to content", "100% du contenu", formatted=True) == [
        ("error", "a lone % would break the page: write %% for a percent sign")
    ]
    assert passes(placeholders, "Skip to content", "100%% du contenu", formatted=True)
    assert passes(placeholders, "Skip to content", "100% du contenu")  # a page's text is not %-formatted


# ------------------------------------------------------------------ plural forms


def test_every_plural_form_is_compared_with_msgid_plural():
    # Wagtail: msgid "1 page", msgid_plural "%(counter)s pages"; every Arabic form may say the number
    for index in range(6):
        assert form("1 page", "%(counter)s pages", "%(counter)s صفحة", index, ARABIC, ("python-format",)) == []
    # a form the formula uses for one number (Arabic's n==0, n==1) may leave it out
    assert form("%d file", "%d files", "ملف واحد", 1, ARABIC) == []
    assert form("%d file", "%d files", "لا ملفات", 0, ARABIC) == []
    # Russian's msgstr[0] is for 1, 21, 31...: it must show the number
    assert form("%d file", "%d files", "один файл", 0, RUSSIAN, lang="ru") == [
        ("error", "placeholder %d is missing from the translation")
    ]
    # msgstr[1] of a two-form language is for many numbers: GNU msgfmt -c calls the loss fatal
    assert form("%d file", "%d files", "fichiers", 1, GNU_DEFAULT, lang="nl") == [
        ("error", "placeholder %d is missing from the translation")
    ]
    assert form("%d file", "%d files", "un fichier", 0, GNU_DEFAULT, lang="nl") == []


def test_a_form_for_one_number_may_leave_out_but_not_invent_or_retype():
    assert form("%d file", "%d files", "%s ملف", 1, ARABIC) == [
        ("error", "placeholder %s takes a string, where the source's argument 1, %d, takes an int")
    ]
    assert form("%d file", "%d files", "%d %s", 1, ARABIC) == [("error", "placeholder %s is not in the source")]
    # C may leave the last arguments out; what it keeps must be the source's first ones
    assert form("%s: %d file", "%s: %d files", "%s: ملف", 1, ARABIC) == []
    assert form("%s: %d file", "%s: %d files", "ملف %d", 1, ARABIC)


def test_a_one_form_language_and_a_range_flag():
    # Japanese has one form, used for every number: it is checked in full against msgid_plural
    assert form("%d file", "%d files", "ファイル", 0, JAPANESE, lang="ja") == [
        ("error", "placeholder %d is missing from the translation")
    ]
    assert form("one file", "%d files", "%d 個のファイル", 0, JAPANESE, lang="ja") == []
    # range: 0..1 (xgettext's) leaves form 1 of English one number: it may leave it out
    flags = ("c-format", "range: 0..1")
    assert form("%d file", "%d files", "fichiers", 1, GNU_DEFAULT, flags, lang="nl") == []
    # without the formula (a broken Plural-Forms), GNU checks no form of several in full
    assert form("%d file", "%d files", "fichiers", 1, None, lang="nl") == []


# ------------------------------------------------------------------ whole catalogues


HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {language}\\n"
"Plural-Forms: {plural_forms}\\n"

"""


def test_a_catalogue_is_checked_with_its_plural_formula(tmp_path):
    path = tmp_path / "ar.po"
    plural_forms = ARABIC.forms
    body = """\
        #, python-format
        msgid "1 page"
        msgid_plural "%(counter)s pages"
        msgstr[0] "لا صفحات"
        msgstr[1] "صفحة واحدة"
        msgstr[2] "صفحتان"
        msgstr[3] "%(counter)s صفحات"
        msgstr[4] "%(counter)s صفحة"
        msgstr[5] "%(counter)s صفحة"

        #, c-format
        msgid "%d file"
        msgid_plural "%d files"
        msgstr[0] "لا ملفات"
        msgstr[1] "ملف واحد"
        msgstr[2] "ملفان"
        msgstr[3] "%Id ملفات"
        msgstr[4] "ملف"
        msgstr[5] "%Id ملف"
        """
    path.write_text(HEADER.format(language="ar", plural_forms=plural_forms) + textwrap.dedent(body), encoding="utf-8")
    found = [(p.line, p.severity, p.message) for p in api.check_files([path]).problems if p.check == "placeholders"]
    # msgstr[2] (n==2 only) may leave the number out; msgstr[4] (11 to 99) may not
    assert found == [(18, "error", "placeholder %d is missing from the translation")]


def _gnu_format_errors(path: Path) -> set[int]:
    """The lines GNU msgfmt reports a format error at, with --check-format and with -c (its plural formula)."""
    lines = set()
    for option in ("--check-format", "-c"):
        result = subprocess.run(["msgfmt", option, "-o", "/dev/null", str(path)], capture_output=True, text=True)
        for line in result.stderr.splitlines():
            match = re.match(rf"{re.escape(str(path))}:(\d+): (.*)", line)
            if match and "format" in match[2] and "warning" not in match[2]:
                lines.add(int(match[1]))
    return lines


@needs_shared
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_what_msgfmt_calls_a_format_error_is_an_error_here():
    checked = 0
    for path in sorted(SHARED.glob("*.po")):
        gnu = _gnu_format_errors(path)
        if not gnu:
            continue
        starts = sorted(entry.linenum for entry in read_po(path) if entry.linenum)
        entries = {starts[bisect_right(starts, line) - 1] for line in gnu}  # GNU says the msgid's or msgstr's line
        problems = api.check_files([path], WITHOUT_LANGUAGE.get(path.name)).problems
        ours = {p.line for p in problems if p.check == "placeholders" and p.severity == "error"}
        assert entries <= ours, (path.name, sorted(entries - ours))
        checked += len(entries)
    assert checked >= 2  # sphinx-fa.po:596 and wagtail-admin-tr.po:1287 at least


@needs_shared
def test_the_real_catalogues_known_cases():
    def found(name: str) -> list[tuple[int, str, str]]:
        problems = api.check_files([SHARED / name], WITHOUT_LANGUAGE.get(name)).problems
        return [(p.line, p.severity, p.message) for p in problems if p.check == "placeholders"]

    # glib: positional arguments (tr, zh_CN) and glibc's %Id (fa, ar) are right
    for name in ("glib-tr.po", "glib-zh_CN.po", "glib-ar.po", "glib2006-ja-eucjp.po"):
        assert [problem for problem in found(name) if problem[1] == "error"] == [], name
    # Wagtail's Arabic forms say %(counter)s, which msgid_plural has
    assert found("wagtail-admin-ar.po") == []
    # allauth-ar.po:1560: msgstr[0] and [1] have 6(unused_count)s for %(unused_count)s
    assert (1560, "error", "placeholder 6(unused_count)s is mangled: %(unused_count)s in the source") in found(
        "allauth-ar.po"
    )
    # wagtail-admin-tr.po:1287: msgstr[1] (n > 1) lost %(live_descendant_count)s
    assert [line for line, severity, _ in found("wagtail-admin-tr.po") if severity == "error"] == [1287]
    # allauth-fa.po:26 adds %(email)s to a text that has no placeholder: a warning
    assert [(line, severity) for line, severity, _ in found("allauth-fa.po")] == [(26, "warning")]


CASES = """\
#, c-format
msgid "1 %s %d"
msgstr "%2$d"

#, c-format
msgid "2 %s %d"
msgstr "%2$d %1$s"

#, c-format
msgid "3 %hd %zu %i %C"
msgstr "%d %lu %d %lc"

#, python-format
msgid "4 %(n)s"
msgstr "%(n)d"

#, python-format
msgid "5 %(n)s"
msgid_plural "x %(n)s"
msgstr[0] "-"
msgstr[1] "%(n)s"
msgstr[2] "%(n)s"
msgstr[3] "-"
msgstr[4] "%(m)s %(n)s"
msgstr[5] "%(n)s"

#, python-format
msgid "6 %s %d"
msgid_plural "x %s %d"
msgstr[0] "%s"
msgstr[1] "%s"
msgstr[2] "%s %d"
msgstr[3] "%s %d"
msgstr[4] "%s %d"
msgstr[5] "%s %d"

#, c-format
msgid "7 %s %d"
msgid_plural "x %s %d"
msgstr[0] "%s"
msgstr[1] "%d"
msgstr[2] "%s %d"
msgstr[3] "%s %d"
msgstr[4] "%s %d"
msgstr[5] "%s %d"

#, python-brace-format
msgid "8 {x:>10}"
msgstr "{x"

#, python-brace-format
msgid "9 {x} {y.z}"
msgstr "{x} {y}"

#, javascript-format
msgid "10 %s %d"
msgstr "%d"

#, c-format
msgid "11 %d file"
msgid_plural "x %d files"
msgstr[0] "-"
msgstr[1] "-"
msgstr[2] "-"
msgstr[3] "%d"
msgstr[4] "%d"
msgstr[5] "-"
"""


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_what_msgfmt_refuses_in_focused_cases_is_an_error_here(tmp_path):
    path = tmp_path / "cases.po"
    path.write_text(HEADER.format(language="ar", plural_forms=ARABIC.forms) + CASES, encoding="utf-8")
    starts = sorted(entry.linenum for entry in read_po(path) if entry.linenum)
    gnu = {starts[bisect_right(starts, line) - 1] for line in _gnu_format_errors(path)}
    problems = api.check_files([path]).problems
    ours = {p.line for p in problems if p.check == "placeholders" and p.severity == "error"}
    assert len(gnu) >= 10 and gnu <= ours, sorted(gnu - ours)
    assert ours - gnu == set(), [(p.line, p.message) for p in problems if p.line in ours - gnu]
