"""Checks: what may be wrong with a translation, in every script we publish.

Each check has a stable id, a severity and a one-line explanation for
translators. A translator silences one check on one entry with the flag
``#, ignore-<id>`` (Weblate's convention); a publisher turns checks off per
language with ``disable-checks`` in the configuration.

The checks are written for scripts and directions, not only for Latin:
numbers may be written in Arabic-Indic or Extended Arabic-Indic digits with
the locale's own separators, ``؟`` ends a question as well as ``?``, and
invisible direction controls are caught.

The package's layout:

- ``registry``: the ``@check`` decorator, ``Severity``, ``Level``, ``Finding``, ``Context``,
  and the list of declared checks (``--list`` and the README's table come from it);
- ``runner``: applies them to catalogues and source documents (``check_catalogue``,
  ``checker_for``, ``check_source_segments``), for ``check``, ``status`` and the build;
- one module per family of checks: ``syntax``, ``plurals``, ``markup``, ``placeholders``,
  ``numbers``, ``urls``, ``punctuation`` (and whitespace), ``words`` (doubled, unchanged),
  ``length``, ``bidi``, ``script``, ``terminology`` (and the glossary), ``changes``
  (``source-changed``), ``source`` (``--source``);
- ``langdata``: the language data they read; ``inline``: how they read a message's Markdown.

This module is the package's public face: what the rest of the pipeline imports.
"""

from __future__ import annotations

from ..sources import Inline
from .changes import change_summary
from .inline import MarkupKind, markup_of, read_inline
from .registry import ERROR, WARNING, Check, CheckInfo, Context, Finding, Level, Severity, by_id, check, declared
from .runner import CatalogueReport, Checker, Problem, check_catalogue, check_source_segments, checker_for
from .terminology import Glossary, load_glossary, normalize_word, project_glossary
from .words import doubled_words

# Every check id -> its first declaration (severity and summary), in the order `pipeline check --list` shows.
CHECKS: dict[str, Check] = by_id()

__all__ = [
    "CHECKS",
    "ERROR",
    "WARNING",
    "CatalogueReport",
    "Check",
    "CheckInfo",
    "Checker",
    "Context",
    "Finding",
    "Glossary",
    "Inline",
    "Level",
    "Problem",
    "Severity",
    "change_summary",
    "check",
    "check_catalogue",
    "check_source_segments",
    "checker_for",
    "declared",
    "doubled_words",
    "load_glossary",
    "normalize_word",
    "project_glossary",
    "MarkupKind",
    "markup_of",
    "read_inline",
]
