"""What the API's operations return (``pipeline.api``): typed records of what a command read and wrote.

Imported by an operation when it returns, not with the API: a build, which returns
``build.BuildReport``, never makes these classes (a dataclass costs about a millisecond to
make at import, on the start-up every command pays). ``pipeline.api`` gives each by its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .languages import Language

if TYPE_CHECKING:
    from .catalogue import CatalogueResult
    from .checks import Problem


@dataclass(frozen=True)
class TemplateResult:
    """One message template (``locales/<domain>.pot``) as extraction left it."""

    path: Path
    domain: str  # the document's name, or "ui" for the page templates
    messages: int
    written: bool  # False: its messages had not changed, and the file was left as it was


@dataclass(frozen=True)
class ExtractResult:
    """What ``extract`` did."""

    templates: list[TemplateResult]
    # Templates in locales/ whose document is gone from source/: left alone, since that may not be for good.
    orphaned: list[Path]


@dataclass(frozen=True)
class InitResult:
    """What ``init`` did: the templates, then each language's catalogues."""

    templates: list[TemplateResult]
    orphaned: list[Path]
    languages: list[Language]  # as given, each once
    catalogues: list[CatalogueResult]  # language by language, template by template
    # Given but not among the configured languages: update, status and build leave them out until they are.
    unconfigured: list[Language]


@dataclass(frozen=True)
class UpdateResult:
    """What ``update`` did: the templates, then every catalogue of the languages updated."""

    templates: list[TemplateResult]
    orphaned: list[Path]
    # The skipped ones first (in language and template order), then the others in path order.
    catalogues: list[CatalogueResult]


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` or ``check_source`` found, and what it went through."""

    problems: list[Problem]  # by file, line and check
    checked: int  # translated entries (source passages, for check_source) checked
    fuzzy: int  # fuzzy entries, counted, not checked (their source change is among the problems)
    untranslated: int  # untranslated entries, counted
    files: int  # catalogues (source documents) read
    source: bool = False  # the source documents were checked, not the catalogues

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def passed(self, strict: bool = False) -> bool:
        """No errors (and with ``strict``, no warnings either): what exit status 0 means for ``check``."""
        return not self.errors and not (strict and self.warnings)


@dataclass(frozen=True)
class ExportedFile:
    """One exchange file written by ``export_xliff`` or ``export_tmx``: one target language."""

    path: Path
    language: Language
    units: int  # XLIFF: units (a message, or one plural form); TMX: translation units
    catalogues: int  # catalogues read into it
    written: bool  # False: the file already held exactly this, and was left as it was


@dataclass(frozen=True)
class ExportResult:
    """What ``export_xliff`` or ``export_tmx`` wrote."""

    format: str  # "xliff 2.1", "xliff 1.2" or "tmx 1.4b"
    files: list[ExportedFile]


@dataclass(frozen=True)
class ImportedCatalogue:
    """What an imported XLIFF file did to one catalogue."""

    path: Path
    language: Language
    domain: str
    units: int  # the file's units for this catalogue
    changed: int  # translations whose text changed (new ones included)
    reviewed: int  # translations marked reviewed (fuzzy cleared)
    marked: int  # translations marked as needing review (fuzzy)
    unchanged: int
    empty: int  # messages the file has no translation for: left as they were
    entries: int  # entries changed in any way (text, state or both)
    written: bool


@dataclass(frozen=True)
class ImportResult:
    """What ``import_xliff`` did: each catalogue the files are for, and the problems of the translations written."""

    files: list[tuple[Path, str]]  # each file read, with its XLIFF version ("2.1", "1.2")
    catalogues: list[ImportedCatalogue]  # in the order the files name them
    problems: list[Problem]  # of the translations the files changed, as `pipeline check` says them

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.severity == "error")
