"""The runner: applies the registry's checks to catalogues and source documents, and says where.

``pipeline check``, ``pipeline status`` and the build all come here:
:func:`checker_for` settles which checks a language's catalogue gets,
:func:`check_catalogue` checks every entry and says which translations an
error holds back, :func:`check_source_segments` checks a source document.
The language checks (``consistency``), which compare every catalogue of a
language, run in :func:`check_language`; a catalogue's report takes the
problems they found in it, from the caller that read the language's catalogues
(``pipeline check``; ``status`` and the build, which read only what changed,
run none). A check's findings become :class:`Problem` s, located at a file and line, with
the check's id and severity; silenced ones (``#, ignore-<id>``,
``disable-checks``) are never asked for.

Reviewed entries and machine drafts are checked for content (a reader may
see either; ``status.EntryState``); fuzzy and untranslated ones are never
published and get only the entry checks (what changed in the source; a
plural entry half filled in).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

import polib

from ..languages import Language
from ..plurals import GNU_DEFAULT, PluralFormsSyntax, PluralRule, header_rule
from ..sources import UI_DOMAIN
from ..status import EntryState, entry_state
from .changes import change_summary, source_change
from .inline import MarkupKind
from .registry import ERROR, CheckFunction, Context, Finding, Level, Place, declared
from .terminology import Glossary

if TYPE_CHECKING:
    from ..config import Project  # the configuration reads the registry (``disable-checks``): not the other way


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one entry, as the translator is told about it."""

    file: str
    line: int
    lang: str
    msgid: str
    check: str
    severity: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "lang": self.lang,
            "msgid": self.msgid,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
        }


# (id, declared severity, function): what the runner calls, settled once per catalogue rather than per entry.
_Active = tuple[tuple[str, str, CheckFunction], ...]
_NONE: frozenset[str] = frozenset()


def _active(level: Level, disabled: frozenset[str]) -> _Active:
    return tuple((item.id, item.severity.value, item.function) for item in declared(level) if item.id not in disabled)


def _severity(finding: Finding, declared: str) -> str:
    """The finding's own severity, or its check's: a plain string, as Problem has always held."""
    return declared if finding.severity is None else finding.severity.value


@dataclass
class Checker:
    """Checks the entries of one language's catalogues."""

    lang: Language
    source: Language
    glossary: Glossary
    url_map: dict[str, str] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    formatted: bool = False  # the UI catalogue: Jinja2 %-formats every text
    markup: MarkupKind = MarkupKind.MARKDOWN
    plural_rule: PluralRule | None = None  # the catalogue's, which check_catalogue sets
    # What the language checks found in each of the language's catalogues (by file as shown), for
    # check_catalogue to add to the catalogue's own problems; empty: none, or not looked for.
    language_problems: Mapping[str, list[Problem]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pair = _active(Level.PAIR, self.disabled)
        self._entry = _active(Level.ENTRY, self.disabled)
        self._catalogue = _active(Level.CATALOGUE, self.disabled)
        self._language = _active(Level.LANGUAGE, self.disabled)
        self._context = Context(
            self.lang, self.source, self.glossary, self.url_map, formatted=self.formatted, markup=self.markup
        )

    def entry_problems(
        self, entry: polib.POEntry, state: EntryState = EntryState.TRANSLATED
    ) -> list[tuple[str, str, str]]:
        """(check, severity, message) for an entry in ``state``, silenced ones left out."""
        flags = entry.flags
        silenced = {flag.removeprefix("ignore-") for flag in flags if flag.startswith("ignore-")} if flags else _NONE
        context = self._context
        if flags or entry.msgid_plural:  # most entries have neither: they share the catalogue's context
            context = Context(
                self.lang, self.source, self.glossary, self.url_map, tuple(flags), bool(entry.msgid_plural),
                self.formatted, self.markup,
            )  # fmt: skip
        found: list[tuple[str, str, str]] = []
        for check, severity, function in self._entry:
            if check not in silenced:
                for finding in function(entry, state, context):
                    found.append((check, _severity(finding, severity), finding.message))
        if not state.checked:
            return found
        pairs: list[tuple[str, str, Context]]
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
            # Each form is told which it is (the placeholders check follows GNU gettext's rules for forms).
            context = replace(context, msgid_plural=entry.msgid_plural, forms=len(forms), plural_rule=self.plural_rule)
            pairs = [
                (entry.msgid_plural if index else entry.msgid, form, replace(context, form=index))
                for index, form in enumerate(forms)
                if form
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr, context)]
        single = len(pairs) == 1
        for check, severity, function in self._pair:
            if check in silenced:
                continue
            if single:  # most entries: one text, and most checks find nothing in it
                findings = function(*pairs[0])
                if not findings:
                    continue
            else:
                findings = [finding for pair in pairs for finding in function(*pair)]
            # The same problem twice, or in several plural forms, is said once.
            for finding in dict.fromkeys(findings):
                found.append((check, _severity(finding, severity), finding.message))
        return found

    def language_findings(
        self, catalogues: Sequence[tuple[str, Iterable[polib.POEntry]]]
    ) -> list[tuple[str, str, Finding]]:
        """(check, severity, finding) of the language checks over these catalogues (file as shown, catalogue
        or its entries)."""
        reviewed = [
            Place(shown, cast(int, entry.linenum), entry)
            for shown, catalogue in catalogues
            for entry in reviewed_entries(catalogue)
        ]
        found: list[tuple[str, str, Finding]] = []
        for check, severity, function in self._language:
            silenced = f"ignore-{check}"
            places = [place for place in reviewed if silenced not in place.entry.flags]
            found += [(check, _severity(finding, severity), finding) for finding in function(places, self._context)]
        return found

    def header_problems(self, catalogue: polib.POFile) -> list[tuple[str, str, str]]:
        """(check, severity, message) about the catalogue as a whole, located at its header."""
        return [
            (check, _severity(finding, severity), finding.message)
            for check, severity, function in self._catalogue
            for finding in function(catalogue, self._context)
        ]


@dataclass
class CatalogueReport:
    """The problems of one catalogue and what was (not) checked."""

    file: str
    lang: Language
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    fuzzy: int = 0
    fuzzy_critical: int = 0
    untranslated: int = 0
    held_back: set[tuple[str | None, str]] = field(default_factory=set)  # translated entries with errors

    def count(self, severity: str) -> int:
        return sum(1 for problem in self.problems if problem.severity == severity)


def catalogue_plural_rule(catalogue: polib.POFile) -> PluralRule | None:
    """The plural rule GNU msgfmt checks a catalogue's forms with: its header's, English's without
    one, and None (nothing known) for a broken one."""
    try:
        return header_rule(catalogue.metadata) or GNU_DEFAULT
    except PluralFormsSyntax:
        return None


def check_catalogue(catalogue: polib.POFile, shown: str, checker: Checker) -> CatalogueReport:
    """Check every entry; count what was (not) checked; say which translations an error holds back."""
    report = CatalogueReport(shown, checker.lang)
    checker.plural_rule = catalogue_plural_rule(catalogue)
    code = checker.lang.code
    header_line = getattr(catalogue, "header_line", 1) or 1
    for check, severity, message in checker.header_problems(catalogue):
        report.problems.append(Problem(shown, header_line, code, "", check, severity, message))
    for entry in catalogue:
        if entry.obsolete:
            continue
        line = cast(int, entry.linenum)  # every entry read from a file has its line
        state = entry_state(entry)
        if state is EntryState.UNTRANSLATED:
            report.untranslated += 1
        elif state is EntryState.FUZZY:
            report.fuzzy += 1
            change = source_change(entry)
            if change is not None:
                report.fuzzy_critical += bool(change_summary(*change, checker.source, checker.glossary)[1])
        else:
            report.checked += 1
        for check, severity, message in checker.entry_problems(entry, state):
            report.problems.append(Problem(shown, line, code, entry.msgid, check, severity, message))
            if severity == ERROR and state.checked:
                report.held_back.add((entry.msgctxt, entry.msgid))
    found = checker.language_problems.get(shown, ())
    if found:
        report.problems += found
        at = {cast(int, entry.linenum): entry for entry in catalogue if not entry.obsolete}
        for problem in found:
            located = at.get(problem.line)
            if problem.severity == ERROR and located is not None:
                report.held_back.add((located.msgctxt, located.msgid))
    return report


def reviewed_entries(catalogue: Iterable[polib.POEntry]) -> list[polib.POEntry]:
    """The entries of a catalogue the language checks compare: reviewed translations, obsolete ones left out."""
    return [entry for entry in catalogue if not entry.obsolete and entry_state(entry) is EntryState.TRANSLATED]


def check_language(
    catalogues: Sequence[tuple[str, Iterable[polib.POEntry]]], checker: Checker
) -> dict[str, list[Problem]]:
    """What the language checks find over every catalogue of one language (file as shown, catalogue), by file.

    ``checker`` is any of the language's (the language checks look at no catalogue's own settings).
    """
    found: dict[str, list[Problem]] = {}
    code = checker.lang.code
    for check, severity, finding in checker.language_findings(catalogues):
        shown = finding.file or (catalogues[0][0] if catalogues else "")
        problem = Problem(shown, finding.line or 1, code, finding.msgid or "", check, severity, finding.message)
        found.setdefault(shown, []).append(problem)
    return found


def checker_for(
    project: Project,
    lang: Language,
    domain: str,
    glossary: Glossary,
    language: Mapping[str, list[Problem]] | None = None,
) -> Checker:
    """The checks as the project configures them for one language's catalogue of ``domain``.

    ``language`` is what the language checks found in the language's catalogues (``check_language``), by
    file; None: none were run.
    """
    checker = Checker(
        lang=lang,
        source=project.source_language,
        glossary=glossary,
        url_map=project.url_map.get(lang.code, {}),
        disabled=project.checks_disabled_for(lang.code),
        formatted=domain == UI_DOMAIN,
        # The page templates' texts are plain text (escaped on the page); the documents' are Markdown.
        markup=MarkupKind.PLAIN if domain == UI_DOMAIN else MarkupKind.MARKDOWN,
    )
    checker.language_problems = language if language is not None else {}
    return checker


def check_source_segments(segments: Sequence[tuple[str, int]], shown: str, lang: Language) -> list[Problem]:
    """Problems in the source text itself: doubled words, one thing counted two ways, broken Markdown.

    ``segments`` are (message, line) pairs in document order. The source is not changed; the caller
    leaves out what ``disable-checks`` turns off.
    """
    problems: list[Problem] = []
    for item in declared(Level.SOURCE):
        for finding in item.function(segments, shown, lang):
            problems.append(
                Problem(
                    shown,
                    finding.line if finding.line is not None else 1,
                    lang.code,
                    finding.msgid if finding.msgid is not None else "",
                    item.id,
                    _severity(finding, item.severity.value),
                    finding.message,
                )
            )
    return problems
