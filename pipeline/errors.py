"""Errors a user can act on, each with its place (``path:line``) and exit status.

Every failure the command line reports is one of these. The exit status tells a
script what kind of input was wrong (the README has the table); the message
tells a person where and why.
"""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """A problem in the user's input, reported as ``path:line: message``."""

    exit_status = 1

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self) -> tuple[type[PipelineError], tuple[str, Path | str | None, int | None]]:
        # kept whole when a worker process hands it back
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class BuildRefused(PipelineError):
    """``build --strict`` refused to publish translations that have errors."""

    exit_status = 1


class ConfigError(PipelineError):
    """The project configuration (``[tool.pipeline]``) is missing or wrong."""

    exit_status = 3


class LanguageError(ConfigError):
    """A language code is malformed or unknown to the locale data."""

    exit_status = 4


class OutsideProject(PipelineError):
    """A path would lead out of the project's source/, locales/ or output/."""

    exit_status = 5


class OutputError(PipelineError):
    """A file cannot be written."""

    exit_status = 6


class Busy(PipelineError):
    """Another pipeline command is writing to the same project."""

    exit_status = 7


class SourceError(PipelineError):
    """A source document or page template cannot be used."""

    exit_status = 12


class SourceEncodingError(SourceError):
    """A source document is not UTF-8."""

    exit_status = 10


class FrontMatterError(SourceError):
    """A source document's front matter is broken."""

    exit_status = 11


class CatalogueError(PipelineError):
    """A ``.po`` or ``.pot`` file cannot be read."""

    exit_status = 21


class CatalogueEncodingError(CatalogueError):
    """Bytes that are not in the charset the catalogue declares, or an unknown charset."""

    exit_status = 20


class CatalogueSyntaxError(CatalogueError):
    """Not the PO format: unterminated strings, unknown keywords, bad escapes."""

    exit_status = 21


class DuplicateMessage(CatalogueError):
    """The same message defined twice in one catalogue."""

    exit_status = 22


class HeaderError(CatalogueError):
    """A missing or wrong catalogue header."""

    exit_status = 23


class PluralFormsError(CatalogueError):
    """Plural forms that do not match the header's ``nplurals``."""

    exit_status = 24


class ExchangeError(PipelineError):
    """An XLIFF or TMX file cannot be used: damaged, unsafe XML, for another project, or stale."""

    exit_status = 30


INTERNAL_ERROR = 70  # sysexits' EX_SOFTWARE: the tool itself went wrong, not the input

EXIT_STATUSES: list[tuple[int, str]] = [
    (0, "done"),
    (
        1,
        "`check` found errors (or warnings, with `--strict`); `build --strict` refused; "
        "`import` wrote translations with errors",
    ),
    (2, "the command line itself is wrong (unknown command or option)"),
    (ConfigError.exit_status, "the configuration is missing or wrong"),
    (LanguageError.exit_status, "a language code is malformed or unknown"),
    (OutsideProject.exit_status, "a path leads out of the project (`..`, an absolute path, a symbolic link)"),
    (OutputError.exit_status, "a file cannot be written"),
    (Busy.exit_status, "another pipeline command is writing to the project (with `--no-wait`)"),
    (SourceEncodingError.exit_status, "a source document is not UTF-8"),
    (FrontMatterError.exit_status, "a source document's front matter is broken"),
    (SourceError.exit_status, "another problem with a source document or page template"),
    (
        CatalogueEncodingError.exit_status,
        "a catalogue has bytes not in its declared charset, is UTF-8 under another declared charset, "
        "or names an unknown charset",
    ),
    (CatalogueSyntaxError.exit_status, "a catalogue is not in the PO format (unterminated string, junk, bad escape)"),
    (DuplicateMessage.exit_status, "a catalogue defines a message twice"),
    (HeaderError.exit_status, "a catalogue's header is missing or wrong"),
    (PluralFormsError.exit_status, "a catalogue's plural forms do not match its nplurals"),
    (
        ExchangeError.exit_status,
        "an XLIFF or TMX file cannot be used (damaged, unsafe XML, for another project, or stale source texts)",
    ),
    (INTERNAL_ERROR, "an internal error: a bug, said in one line, with a full report written (please report it)"),
    (130, "interrupted (Ctrl-C)"),
]


def error_line(error: PipelineError) -> str:
    """The one line a user sees: ``path:line: error: message``."""
    if error.path is None:
        return f"pipeline: error: {error.message}"
    where = str(error.path) if error.line is None else f"{error.path}:{error.line}"
    return f"{where}: error: {error.message}"
