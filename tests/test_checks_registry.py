"""The registry of checks: declaring one, the order and ids everything else relies on, the README's table."""

from __future__ import annotations

import polib
import pytest
from check_helpers import entry

from conftest import REPOSITORY
from pipeline.checks import CHECKS, ERROR, WARNING, Checker, Context, Finding, Level, check, registry
from pipeline.checks.terminology import Glossary
from pipeline.languages import language

# The ids translators and publishers write in flags and configurations: they never change.
IDS = [
    "syntax", "plurals", "markup", "placeholders", "numbers", "urls", "emails", "whitespace", "punctuation",
    "doubled-words", "unchanged", "length", "bidi", "script", "terminology", "source-changed", "consistency", "figures",
    "links",
]  # fmt: skip


def test_the_ids_and_their_order_are_stable():
    assert list(CHECKS) == IDS
    assert (CHECKS["numbers"].severity, CHECKS["length"].severity) == (ERROR, WARNING)
    assert CHECKS["bidi"].explanation == "invisible direction-control characters, which can hide or reorder text"


def test_every_check_says_what_it_finds():
    for item in registry.declared():
        assert item.summary and item.details and item.details != item.summary, item.id
        assert registry.declaration(item.function) is item


def test_a_declaration_is_checked():
    with pytest.raises(ValueError, match="lowercase words"):
        check("Bad_Id", ERROR, Level.PAIR, "x")
    with pytest.raises(TypeError):
        check("fine", "error", Level.PAIR, "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="declared twice"):
        check("numbers", ERROR, Level.PAIR, "x")(lambda source, translation, context: [])


@pytest.fixture
def scratch_registry(monkeypatch):
    """The registry as it is, to which a test may add a check without leaving it behind."""
    monkeypatch.setattr(registry, "_DECLARED", list(registry._DECLARED))
    monkeypatch.setattr(registry, "_BY_FUNCTION", dict(registry._BY_FUNCTION))
    monkeypatch.setattr(registry, "_ORDERED", {})


def test_adding_a_check_is_one_function(scratch_registry):
    @check("exclamations", WARNING, Level.PAIR, "no more exclamation marks than the source")
    def exclamations(source: str, translation: str, context: Context) -> list[Finding]:
        """more `!` than the source"""
        return [Finding("too many exclamation marks")] if translation.count("!") > source.count("!") else []

    assert registry.by_id()["exclamations"].level is Level.PAIR
    assert "| `exclamations` | warning | text | more `!` than the source |" in registry.readme_table()
    checker = Checker(language("fr"), language("en"), Glossary())
    assert ("exclamations", "warning", "too many exclamation marks") in checker.entry_problems(entry("Go.", "Allez !!"))
    silenced = entry("Go.", "Allez !!", flags=["ignore-exclamations"])
    assert all(check != "exclamations" for check, _, _ in checker.entry_problems(silenced))
    off = Checker(language("fr"), language("en"), Glossary(), disabled=frozenset({"exclamations"}))
    assert all(check != "exclamations" for check, _, _ in off.entry_problems(entry("Go.", "Allez !!")))


def test_a_check_may_say_another_severity(scratch_registry):
    @check("shouting", ERROR, Level.CATALOGUE, "no header in capitals")
    def shouting(catalogue: polib.POFile, context: Context) -> list[Finding]:
        """a header in capitals"""
        return [Finding("the header shouts", WARNING)]

    checker = Checker(language("fr"), language("en"), Glossary())
    assert ("shouting", "warning", "the header shouts") in checker.header_problems(polib.POFile())


def readme_table() -> str:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    rows: list[str] = []
    for line in text.split("\n### The checks\n", 1)[1].splitlines():
        if line.startswith("|"):
            rows.append(line)
        elif rows:  # the table ended
            break
    return "\n".join(rows) + "\n"


def test_the_readmes_table_is_the_registrys():
    """`python -c "from pipeline.checks.registry import readme_table; print(readme_table())"` prints it."""
    assert readme_table() == registry.readme_table()
