"""The entry and catalogue checks (``syntax``, ``plurals``, ``source-changed``) and the runner, called directly."""

from __future__ import annotations

import polib
from check_helpers import context, entry, fails, messages, passes, shipped_glossary

from pipeline.checks import Checker, check_catalogue
from pipeline.checks.changes import source_changed
from pipeline.checks.plurals import empty_forms, header_formula
from pipeline.checks.syntax import syntax
from pipeline.languages import language
from pipeline.status import EntryState

NEWLINES = "the source and the translation must both begin and end with a newline, or neither"


def test_a_newline_at_one_end_only_is_a_syntax_error():
    assert fails(syntax, entry("Line\n", "Ligne"), EntryState.TRANSLATED) == [("error", NEWLINES)]
    assert passes(syntax, entry("\nLine\n", "\nLigne\n"), EntryState.TRANSLATED)
    assert passes(syntax, entry("Line\n", "Ligne"), EntryState.FUZZY)  # not published: not checked


def test_every_plural_form_must_be_filled():
    half = entry("%(count)s passage", msgid_plural="%(count)s passages", msgstr_plural={0: "%(count)s مقطع", 1: ""})
    assert fails(empty_forms, half, EntryState.UNTRANSLATED, lang="ar") == [("error", "1 of 2 plural forms are empty")]
    assert passes(empty_forms, half, EntryState.FUZZY, lang="ar")
    none = entry("%(count)s passage", msgid_plural="%(count)s passages", msgstr_plural={0: "", 1: ""})
    assert passes(empty_forms, none, EntryState.UNTRANSLATED)  # simply untranslated


def plural_catalogue(forms: str | None) -> polib.POFile:
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "fr"} | ({"Plural-Forms": forms} if forms else {})
    catalogue.append(entry("%(count)s file", msgid_plural="%(count)s files", msgstr_plural={0: "a", 1: "b"}))
    return catalogue


def test_the_header_formula():
    assert passes(header_formula, plural_catalogue("nplurals=2; plural=(n > 1);"))
    [(severity, message)] = fails(header_formula, plural_catalogue("nplurals=2; plural=(n != 1);"))
    assert severity == "warning" and 'is not "nplurals=2; plural=(n > 1);"' in message
    [(severity, message)] = fails(header_formula, plural_catalogue("nplurals=2; plural=n;"))
    assert severity == "error" and message.endswith("GNU msgfmt refuses it")
    assert messages(header_formula, plural_catalogue(None))[0].startswith("the header has no Plural-Forms")


def test_a_fuzzy_entrys_source_change_is_described():
    fuzzy = entry(
        "The Coalition’s 86 members act.", "Les 87 membres.", previous_msgid="The Coalition’s 87 members act."
    )
    assert fails(source_changed, fuzzy, EntryState.FUZZY) == [
        (
            "warning",
            "the source changed: The Coalition’s [-87-] {+86+} members act.; it changes a number: "
            "re-translate, do not just unmark",
        )
    ]
    assert passes(source_changed, fuzzy, EntryState.TRANSLATED)
    negated = entry("The work must not stop.", "Le travail.", previous_msgid="The work must continue.")
    assert "it changes a negation" in messages(source_changed, negated, EntryState.FUZZY)[0]
    renamed = entry("Daesh is defeated.", "x", previous_msgid="It is defeated.")
    assert "a glossary term" in messages(source_changed, renamed, EntryState.FUZZY)[0]


def checker(code: str = "fr", disabled: frozenset[str] = frozenset()) -> Checker:
    lang = language(code)
    return Checker(lang, language("en"), shipped_glossary(), disabled=disabled)


def catalogue_of(*entries: polib.POEntry) -> polib.POFile:
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "fr", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    for number, item in enumerate(entries):
        item.linenum = 10 + number
        catalogue.append(item)
    return catalogue


def test_the_runner_silences_counts_and_holds_back():
    report = check_catalogue(
        catalogue_of(
            entry("Resolution 2178.", "La résolution."),  # an error: held back
            entry("Resolution 2179.", "La résolution.", flags=["ignore-numbers"]),
            entry("The work continues.", "Le travail continue"),  # a warning: published
            entry("New.", ""),
            entry("Old 1.", "Ancien 2.", flags=["fuzzy"], previous_msgid="Old 2."),
        ),
        "fr.po",
        checker(),
    )
    assert [(p.line, p.check, p.severity) for p in report.problems] == [
        (10, "numbers", "error"),
        (12, "punctuation", "warning"),
        (14, "source-changed", "warning"),
    ]
    assert (report.checked, report.untranslated, report.fuzzy, report.fuzzy_critical) == (3, 1, 1, 1)
    assert report.held_back == {(None, "Resolution 2178.")}
    quiet = check_catalogue(
        catalogue_of(entry("Resolution 2178.", "La résolution.")), "fr.po", checker(disabled=frozenset({"numbers"}))
    )
    assert quiet.problems == [] and quiet.held_back == set()


def test_the_same_finding_in_several_plural_forms_is_said_once():
    plural = entry(
        "See https://a.example/ (%(count)s file)",
        msgid_plural="See https://a.example/ (%(count)s files)",
        msgstr_plural={0: "Voir (%(count)s fichier)", 1: "Voir (%(count)s fichiers)"},
    )
    found = checker().entry_problems(plural)
    assert found.count(("urls", "error", "the address https://a.example/ is missing or changed")) == 1


def test_a_context_for_one_entry():
    assert context("ar", flags=("python-format",), plural=True).is_plural
