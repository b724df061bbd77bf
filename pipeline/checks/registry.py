"""The registry of checks: how a check is declared, what it returns, and the list of them all.

A check is one function, declared with :func:`check`::

    @check("emails", ERROR, Level.PAIR, "e-mail addresses stay as in the source")
    def emails(source: str, translation: str, context: Context) -> list[Finding]:
        # its docstring: "an e-mail address changed" (what the README's table says it finds)
        ...
        return [Finding(f"the e-mail address {email} is missing or changed")]

The id is stable: translators silence a check on an entry with ``#, ignore-<id>``,
publishers turn it off per language with ``disable-checks``. The summary is what
``pipeline check --list`` prints; the docstring's first paragraph is the README's
"what it finds". One id may be declared at several levels (``markup`` checks a
translation and, with ``--source``, the source text): it is still one check to
silence. What each level's function is given is described by :class:`Level`.
A check returns a list of :class:`Finding` (empty: nothing wrong); the runner
adds where, which check and, unless the finding says another, its severity.

The registry knows the family modules (:data:`FAMILIES`) and imports them the
first time it is asked for the checks; their order is the order of ``--list``.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..sources import Inline
from .inline import MarkupKind, read_inline

if TYPE_CHECKING:
    import polib

    from ..languages import Language
    from ..plurals import PluralRule
    from .terminology import Glossary


class Severity(enum.StrEnum):
    """An error holds a translation back from the site; a warning is only said."""

    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Level(enum.Enum):
    """What a check looks at, and so what its function is called with.

    ``PAIR``: ``(source, translation, context: Context)``, for each text of a translated,
    non-fuzzy entry (each filled plural form); a finding said for several forms is said once.
    ``ENTRY``: ``(entry: polib.POEntry, state: EntryState, context: Context)`` for every entry that is not
    obsolete, whatever its state (translated, fuzzy or untranslated, as
    :func:`pipeline.status.entry_state` says).
    ``CATALOGUE``: ``(catalogue: polib.POFile, context: Context)``, located at the header.
    ``SOURCE``: ``(segments: Sequence[tuple[str, int]], shown: str, lang: Language)``, the (text, line)
    of one source document in order (``pipeline check --source``); findings give their own line.
    ``LANGUAGE``: ``(places: Sequence[Place], context: Context)``, every reviewed entry (translated, not
    fuzzy) of every catalogue of one language at once, in file and line order, those silenced for the
    check left out; findings say which ``file``, ``line`` and ``msgid`` they are about. Only ``check``
    runs them (it reads every catalogue anyway): ``status`` and ``build`` read only the catalogues that
    changed, and their counts leave the language checks' warnings out.
    """

    PAIR = "pair"
    ENTRY = "entry"
    CATALOGUE = "catalogue"
    SOURCE = "source"
    LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, before the runner says where (file, line, language, check id).

    ``severity`` is None for the check's declared one; a check gives another where one
    case is milder (a number spelled out in words) or graver. Source checks, which look
    at a whole document, say which ``line`` and ``msgid`` (the passage) they mean; language
    checks, which look at every catalogue of a language, say which ``file`` too.
    """

    message: str
    severity: Severity | None = None
    line: int | None = None
    msgid: str | None = None
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """One reviewed entry of one of a language's catalogues, as a language check is given it."""

    file: str  # as shown: relative to the project
    line: int
    entry: polib.POEntry


@dataclass(frozen=True)
class Context:
    """What a pair, entry or catalogue check needs to know besides the texts."""

    lang: Language
    source: Language
    glossary: Glossary
    url_map: Mapping[str, str]
    flags: tuple[str, ...] = ()
    is_plural: bool = False
    formatted: bool = False  # Jinja2 applies % formatting to the text (every UI message)
    markup: MarkupKind = MarkupKind.MARKDOWN  # what the catalogue's messages are written in
    # A plural entry's msgid_plural, which GNU gettext checks every form's format directives against;
    # which form (msgstr[form]) a pair check is given, and how many the entry has.
    msgid_plural: str = ""
    form: int = 0
    forms: int = 0
    plural_rule: PluralRule | None = None  # the catalogue's Plural-Forms (GNU's default without one); None: unknown

    def inline(self, text: str) -> Inline:
        """A text of this catalogue with its markup read (``checks.inline``)."""
        return read_inline(text, self.markup)

    def plain(self, text: str) -> str:
        """The words a reader sees of a text of this catalogue."""
        return read_inline(text, self.markup).text


CheckFunction = Callable[..., list[Finding]]
F = TypeVar("F", bound=CheckFunction)


@dataclass(frozen=True)
class Check:
    """One declared check: its id, default severity, level, summary and function."""

    id: str
    severity: Severity
    level: Level
    summary: str
    function: CheckFunction

    @property
    def explanation(self) -> str:
        """The one-line summary (the name the configuration and ``--list`` have always used)."""
        return self.summary

    @property
    def details(self) -> str:
        """The first paragraph of the function's docstring, on one line: the README's "what it finds"."""
        doc = inspect.getdoc(self.function) or self.summary
        return " ".join(doc.split("\n\n")[0].split())


CheckInfo = Check  # the name the command line and the API give a check's description

# The family modules, in the order --list and the README show their checks.
FAMILIES = (
    "syntax",
    "plurals",
    "markup",
    "placeholders",
    "numbers",
    "urls",
    "punctuation",
    "words",
    "length",
    "bidi",
    "script",
    "terminology",
    "changes",
    "consistency",
    "source",
)

_ID = re.compile(r"[a-z]+(?:-[a-z]+)*")
_DECLARED: list[Check] = []
_BY_FUNCTION: dict[CheckFunction, Check] = {}
_ORDERED: dict[Level | None, tuple[Check, ...]] = {}  # declared(level), worked out once


def _family_order(item: Check) -> int:
    """Where a check's family is in FAMILIES (a check declared elsewhere, as in a test, comes last)."""
    family = item.function.__module__.rpartition(".")[2]
    return FAMILIES.index(family) if family in FAMILIES else len(FAMILIES)


def check(id: str, severity: Severity, level: Level, summary: str) -> Callable[[F], F]:
    """Declare the decorated function a check (see the module's docstring); it is returned unchanged."""
    if not _ID.fullmatch(id):
        raise ValueError(f"check id {id!r}: lowercase words joined by hyphens")
    if not isinstance(severity, Severity) or not isinstance(level, Level):
        raise TypeError(f"check {id!r}: the severity is a Severity and the level a Level")

    def register(function: F) -> F:
        if any(declared.id == id and declared.level is level for declared in _DECLARED):
            raise ValueError(f"check {id!r} is declared twice at the {level.value} level")
        declared = Check(id, severity, level, summary, function)
        _DECLARED.append(declared)
        _BY_FUNCTION[function] = declared
        _ORDERED.clear()
        return function

    return register


_loaded = False


def _load() -> None:
    """Import every family module, which declares its checks (once)."""
    global _loaded
    if not _loaded:
        _loaded = True  # before importing: a family imports this module
        for family in FAMILIES:
            importlib.import_module(f"{__package__}.{family}")


def declared(level: Level | None = None) -> tuple[Check, ...]:
    """Every declared check of ``level`` (all of them for None), in the order of FAMILIES."""
    _load()
    if level not in _ORDERED:
        ordered = sorted(_DECLARED, key=_family_order)  # stable: a family's checks in the order it declares them
        _ORDERED[level] = tuple(item for item in ordered if level is None or item.level is level)
    return _ORDERED[level]


def declaration(function: CheckFunction) -> Check:
    """The declaration of a check function."""
    _load()
    return _BY_FUNCTION[function]


def by_id() -> dict[str, Check]:
    """One entry per id: its first declaration, whose severity and summary ``--list`` shows."""
    ids: dict[str, Check] = {}
    for item in declared():
        ids.setdefault(item.id, item)
    return ids


LEVEL_SHOWN = {
    Level.PAIR: "text",
    Level.ENTRY: "entry",
    Level.CATALOGUE: "header",
    Level.SOURCE: "source",
    Level.LANGUAGE: "language",
}


def readme_table() -> str:
    """The README's table of checks: one row per id, its severities, what it looks at and what it finds."""
    rows = ["| check | severity | looks at | what it finds |", "|---|---|---|---|"]
    for id in by_id():
        checks = [item for item in declared() if item.id == id]
        severities = ", ".join(dict.fromkeys(item.severity.value for item in checks))
        levels = ", ".join(dict.fromkeys(LEVEL_SHOWN[item.level] for item in checks))
        details = "; ".join(item.details for item in checks)
        rows.append(f"| `{id}` | {severities} | {levels} | {details} |")
    return "\n".join(rows) + "\n"
