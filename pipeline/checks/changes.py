"""The ``source-changed`` check: what changed in the source since a fuzzy translation was made.

A word diff of the change, and whether it touches what changes a meaning: a
number, a negation, a glossary term or a link target. The runner counts the
fuzzy entries with such a change (``fuzzy_critical``) whether or not the check
is turned off: ``pipeline status`` shows them.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import polib

from ..languages import Language
from ..status import EntryState
from .inline import read_inline
from .langdata import NEGATIONS
from .registry import WARNING, Context, Finding, Level, check
from .terminology import Glossary, normalize_word

_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_NOT_WORD = re.compile(r"\W")


@lru_cache(maxsize=1024)
def _diff(old: str, new: str) -> tuple[str, tuple[str, ...]]:
    """A word diff of two texts, and the words removed and added (read once for the runner and the check)."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    pieces: list[str] = []
    removed: list[str] = []
    added: list[str] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            words = old_words[a1:a2]
            pieces.append(" ".join(words) if len(words) <= 6 else f"{' '.join(words[:3])} … {' '.join(words[-3:])}")
            continue
        if a2 > a1:
            pieces.append("[-" + " ".join(old_words[a1:a2]) + "-]")
            removed.extend(old_words[a1:a2])
        if b2 > b1:
            pieces.append("{+" + " ".join(new_words[b1:b2]) + "+}")
            added.extend(new_words[b1:b2])
    return " ".join(pieces), tuple(removed + added)


def change_summary(old: str, new: str, source_lang: Language, glossary: Glossary) -> tuple[str, list[str]]:
    """A word diff of a changed source text, and what meaning-critical parts it touches."""
    diff, changed = _diff(old, new)
    critical = []
    if any(_DIGIT.search(word) for word in changed):
        critical.append("a number")
    negations = NEGATIONS.get(source_lang.code.split("_")[0], set())
    if any(_NOT_WORD.sub("", word).casefold() in negations or word.casefold().endswith("n't") for word in changed):
        critical.append("a negation")
    changed_text = " ".join(changed)
    if any(normalize_word(term) in normalize_word(changed_text) for term in glossary.source_terms()):
        critical.append("a glossary term")
    if read_inline(old).links != read_inline(new).links:
        critical.append("a link target")
    return diff, critical


def source_change(entry: polib.POEntry) -> tuple[str, str] | None:
    """The (old, new) source of a fuzzy entry whose source changed, as its ``#|`` comment says."""
    if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        return entry.previous_msgid, entry.msgid
    return None


@check("source-changed", WARNING, Level.ENTRY, "the source changed since this fuzzy translation was made")
def source_changed(entry: polib.POEntry, state: EntryState, context: Context) -> list[Finding]:
    """for a fuzzy entry: a word diff of the source change, saying when it touches a number, a negation,
    a glossary term or a link"""
    change = source_change(entry) if state is EntryState.FUZZY else None
    if change is None:
        return []
    diff, critical = change_summary(*change, context.source, context.glossary)
    note = f"; it changes {' and '.join(critical)}: re-translate, do not just unmark" if critical else ""
    return [Finding(f"the source changed: {diff}{note}")]
