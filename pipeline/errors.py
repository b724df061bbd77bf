"""Errors a user can act on, each with its place (``path:line``) and exit status.

Every failure the command line reports is one of these. The exit status tells a
script what kind of input was wrong; the message tells a person where and why.
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

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class ConfigError(PipelineError):
    """The project configuration (``[tool.pipeline]``) is missing or wrong."""

    exit_status = 3


class LanguageError(ConfigError):
    """A language code is malformed or unknown to the locale data."""


class SourceError(PipelineError):
    """A source document cannot be read or segmented."""

    exit_status = 4


class CatalogueError(PipelineError):
    """A ``.po`` or ``.pot`` file is malformed."""

    exit_status = 5


class OutputError(PipelineError):
    """A file cannot be written."""

    exit_status = 6


class BuildRefused(PipelineError):
    """``build --strict`` refused to publish translations that have errors."""

    exit_status = 1


def error_line(error: PipelineError) -> str:
    """The one line a user sees: ``path:line: error: message``."""
    if error.path is None:
        return f"pipeline: error: {error.message}"
    where = str(error.path) if error.line is None else f"{error.path}:{error.line}"
    return f"{where}: error: {error.message}"
