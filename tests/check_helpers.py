"""Calling one check directly, in microseconds: ``passes(check, source, translation, lang)`` and ``fails(...)``.

The unit tests of each family of checks (``tests/test_checks_*.py``) use these;
``tests/test_checks.py`` runs the checks end to end, through the command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import polib

from pipeline.checks import Context, Finding, Glossary, Level, MarkupKind, load_glossary
from pipeline.checks.registry import declaration
from pipeline.languages import language

REPOSITORY_GLOSSARY = Path(__file__).resolve().parent.parent / "locales" / "glossary.csv"


@cache
def shipped_glossary() -> Glossary:
    """The shipped project's glossary (Daesh -> داعش, Daech; never État islamique, ...)."""
    return load_glossary(REPOSITORY_GLOSSARY, "locales/glossary.csv")


def context(
    lang: str = "fr",
    *,
    source: str = "en",
    glossary: Glossary | None = None,
    url_map: Mapping[str, str] | None = None,
    flags: tuple[str, ...] = (),
    plural: bool = False,
    formatted: bool = False,
    markup: str = "markdown",
) -> Context:
    """What a check is told about the entry: the shipped glossary unless another is given; ``markup`` is
    "markdown" (a catalogue of the documents) or "plain" (any other)."""
    return Context(
        language(lang),
        language(source),
        shipped_glossary() if glossary is None else glossary,
        url_map or {},
        flags,
        plural,
        formatted,
        MarkupKind(markup),
    )


def findings(check: Callable[..., list[Finding]], *texts: Any, lang: str = "fr", **given: Any) -> list[tuple[str, str]]:
    """(severity, message) of what ``check`` finds, its declared severity filled in.

    A pair check takes (source, translation), an entry check (entry, state), a catalogue
    check (catalogue,); a source check (segments, shown) is called with the language.
    """
    declared = declaration(check)
    if declared.level is Level.SOURCE:
        found = check(*texts, language(lang))
    else:
        found = check(*texts, context(lang, **given))
    return [((finding.severity or declared.severity).value, finding.message) for finding in found]


def passes(check: Callable[..., list[Finding]], *texts: Any, lang: str = "fr", **given: Any) -> bool:
    """Whether ``check`` finds nothing (what it finds is in the assertion's message)."""
    found = findings(check, *texts, lang=lang, **given)
    assert found == [], found
    return True


def fails(check: Callable[..., list[Finding]], *texts: Any, lang: str = "fr", **given: Any) -> list[tuple[str, str]]:
    """What ``check`` finds, which must be something."""
    found = findings(check, *texts, lang=lang, **given)
    assert found, f"{declaration(check).id} found nothing"
    return found


def messages(check: Callable[..., list[Finding]], *texts: Any, lang: str = "fr", **given: Any) -> list[str]:
    """Only the messages of what ``check`` finds."""
    return [message for _, message in findings(check, *texts, lang=lang, **given)]


def entry(msgid: str, msgstr: str = "", **fields: Any) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **fields)
