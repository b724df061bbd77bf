"""The plural table and plural rules: GNU msginit's formulas, equivalence, and no Babel plural data."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline import plurals
from pipeline.languages import Language, language
from pipeline.plurals import GNU_DEFAULT, SAMPLES, PluralFormsSyntax, PluralRule, Source, usual_rule

TABLE = plurals.table()


def msginit_forms(code: str, folder: Path, write: bool = True) -> str | None:
    """The Plural-Forms value GNU msginit writes for ``code``, None if it writes none."""
    template = folder / "x.pot"
    if write:
        template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    result = subprocess.run(
        ["msginit", "--no-translator", "-l", code, "-i", str(template), "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    header = "".join(re.findall(r'^"(.*)"$', result.stdout, re.M)).replace("\\n", "\n")
    found = [line.removeprefix("Plural-Forms: ") for line in header.split("\n") if line.startswith("Plural-Forms: ")]
    return found[0] if found else None


@pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU gettext's msginit is not installed")
def test_the_table_has_msginits_formula_exactly_where_msginit_has_one(tmp_path):
    msginit_forms("en", tmp_path)  # the template, written once before the runs share it
    with ThreadPoolExecutor(max_workers=4) as pool:  # one msginit per language: run a few at once
        found = dict(zip(TABLE, pool.map(lambda code: msginit_forms(code, tmp_path, write=False), TABLE), strict=True))
    for code, usual in TABLE.items():
        written = found[code]
        if written is not None:
            assert usual.source is Source.GNU, f"{code}: msginit writes {written!r}"
            assert usual.rule.forms == written, code
        else:
            assert usual.source is not Source.GNU, f"{code}: msginit writes no formula"


@pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU gettext's msginit is not installed")
@pytest.mark.parametrize("code", ["ar", "ckb", "ku", "fa_AF", "ps", "tr", "fr", "ha", "nl", "en"])
def test_every_project_language_is_in_the_table_and_agrees_with_msginit(tmp_path, code):
    written = msginit_forms(code, tmp_path)
    usual = language(code).usual_plurals
    assert usual.known
    if written is not None:
        assert language(code).plural_forms == written


def test_the_project_languages_and_the_common_ones_are_in_the_table():
    wanted = """ar ckb ku fa fa_AF ps tr fr ha nl en de es it pt pt_BR ru uk pl cs sk ja zh ko vi he hu fi sv da nb
    el bg ro lt lv sl hr sr ga cy id th hi bn ur sw am so ms tl fil ca eu gl et is mk sq hy ka az kk uz mn ne
    mr gu pa ta te kn ml si my km lo af zu xh yo ig""".split()
    assert [code for code in wanted if code not in TABLE] == []


def test_every_formula_of_the_table_is_valid_and_uses_each_of_its_forms():
    for code, usual in TABLE.items():
        rule = usual.rule
        assert PluralRule.parse(rule.forms) == rule, code  # it says what it is
        assert {rule.form(n) for n in SAMPLES} == set(range(rule.nplurals)), code
        assert rule.form(1) == 0 or rule.form(0) == 0, code  # the first form is one's, or zero's (ar, cy)


@pytest.mark.parametrize(
    ("code", "forms", "source"),
    [
        ("fr", "nplurals=2; plural=(n > 1);", Source.GNU),
        ("fr_CA", "nplurals=2; plural=(n > 1);", Source.GNU),
        ("pt", "nplurals=2; plural=(n != 1);", Source.GNU),
        ("pt_PT", "nplurals=2; plural=(n != 1);", Source.GNU),
        ("pt_BR", "nplurals=2; plural=(n > 1);", Source.GNU),
        ("tr", "nplurals=2; plural=(n != 1);", Source.GNU),
        ("ja", "nplurals=1; plural=0;", Source.GNU),
        ("zh_CN", "nplurals=1; plural=0;", Source.TOOLS),
        ("zh_Hant_TW", "nplurals=1; plural=0;", Source.TOOLS),
        ("sr@latin", TABLE["sr"].rule.forms, Source.GNU),
        ("ca@valencia", "nplurals=2; plural=(n != 1);", Source.TOOLS),
        ("fa", "nplurals=2; plural=(n > 1);", Source.WEBLATE),
        ("fa_AF", "nplurals=2; plural=(n != 1);", Source.WEBLATE),
        ("ckb_IQ", "nplurals=2; plural=(n != 1);", Source.TOOLS),
        ("xx", "nplurals=2; plural=(n != 1);", Source.DEFAULT),  # GNU's default, for a language not listed
    ],
)
def test_a_code_takes_its_own_entry_else_its_languages(code, forms, source):
    usual = usual_rule(code)
    assert (usual.rule.forms, usual.source) == (forms, source)
    assert usual.known is (source is not Source.DEFAULT)


@pytest.mark.parametrize(
    ("value", "nplurals", "expression"),
    [
        ("nplurals=2; plural=(n > 1);", 2, "(n > 1)"),
        ("nplurals=2; plural=n != 1", 2, "n != 1"),  # the last semicolon left out
        (" nplurals = 3 ;plural= n==1 ? 0 : n==2 ? 1 : 2 ; ", 3, "n==1 ? 0 : n==2 ? 1 : 2"),
        ("plural=(n > 1); nplurals=2;", 2, "(n > 1)"),  # GNU gettext reads them in either order
        ("nplurals=1; plural=0;", 1, "0"),
    ],
)
def test_a_plural_forms_value_is_read_into_a_rule(value, nplurals, expression):
    assert PluralRule.parse(value) == PluralRule(nplurals, expression)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("plural=(n > 1);", "is not 'nplurals=N; plural=EXPRESSION;'"),
        ("nplurals=2;", "is not 'nplurals=N; plural=EXPRESSION;'"),
        ("nplurals=2; plural=;", "is not 'nplurals=N; plural=EXPRESSION;'"),
        ("nplurals=0; plural=0;", "nplurals=0 is not a number of plural forms from 1 to 10"),
        ("nplurals=2; plural=(n > 1", "is not a C expression of n"),
        ("nplurals=2; plural=__import__('os');", "is not a C expression of n"),
        ("nplurals=2; plural=n;", "plural=n gives form 2 for n=2, but nplurals=2"),
        ("nplurals=2; plural=n%1000000==0 && n ? 2 : n!=1;", "gives form 2 for n=1000000, but nplurals=2"),
        ("nplurals=2; plural=1/(n-5) ? 0 : 1;", "cannot be worked out for n=5"),
    ],
)
def test_a_broken_plural_forms_value_is_refused(value, message):
    with pytest.raises(PluralFormsSyntax, match=re.escape(message)):
        PluralRule.parse(value)


def test_two_rules_are_equivalent_when_every_number_takes_the_same_form():
    def rule(value: str) -> PluralRule:
        return PluralRule.parse(value)

    english = rule("nplurals=2; plural=(n != 1);")
    assert english.equivalent(rule("nplurals=2; plural=n!=1"))
    assert english.equivalent(rule("nplurals=2; plural=n==1 ? 0 : 1;"))
    assert english.equivalent(GNU_DEFAULT)
    assert not english.equivalent(rule("nplurals=2; plural=(n > 1);"))
    assert english.first_difference(rule("nplurals=2; plural=(n > 1);")) == 0
    # Poedit's Arabic bounds the fifth form to n%100<=99, always true: the same rule as GNU's manual's.
    poedit_arabic = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5);"
    assert rule(poedit_arabic).equivalent(TABLE["ar"].rule)
    # Older Babel's Arabic gave 11-99 the sixth form and 100-102 the fifth: not the same rule.
    old_babel_arabic = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);"
    assert not rule(old_babel_arabic).equivalent(TABLE["ar"].rule)
    assert rule(old_babel_arabic).first_difference(TABLE["ar"].rule) == 11
    assert plurals.difference(rule(old_babel_arabic), TABLE["ar"].rule) == "n=11 takes form 5 instead of 4"
    # Weblate's Lithuanian, written after CLDR, is GNU's.
    weblate_lithuanian = (
        "nplurals=3; plural=(n % 10 == 1 && (n % 100 < 11 || n % 100 > 19)) ? 0 : "
        "((n % 10 >= 2 && n % 10 <= 9 && (n % 100 < 11 || n % 100 > 19)) ? 1 : 2);"
    )
    assert rule(weblate_lithuanian).equivalent(TABLE["lt"].rule)
    # A difference only in the millions is found: the large numbers are tried too.
    millions = rule("nplurals=2; plural=(n != 1 && n != 5000000);")
    assert not english.equivalent(millions) and english.first_difference(millions) == 5_000_000
    # As many forms matter before any number.
    cldr_french = rule("nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;")
    assert not cldr_french.equivalent(TABLE["fr"].rule)
    assert plurals.difference(cldr_french, TABLE["fr"].rule) == "3 forms instead of 2"


def test_languages_take_the_table_never_babels_plural_data(monkeypatch):
    import babel.messages.plurals

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Babel's plural data was used")

    monkeypatch.setattr(babel.messages.plurals, "get_plural", refuse)
    monkeypatch.setattr(babel.messages.plurals, "PLURALS", {})
    for code in ("fr", "tr", "fa_AF", "ar", "zh_CN", "sr@latin"):
        lang = Language(code)  # not the cached one
        assert lang.plural_forms == usual_rule(code).rule.forms
        assert lang.nplurals == usual_rule(code).rule.nplurals
    assert Language("fr").plural_forms == "nplurals=2; plural=(n > 1);"
