"""Progress: how much of each language is translated, and whether it is published.

Counts are made against the messages the sources hold now, not against what a
catalogue happens to contain, so ``status`` and ``build`` always agree. Only a
translated entry that is not fuzzy counts as translated (Babel's statistics
count fuzzy ones too; a fuzzy translation is never published).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .languages import Language

if TYPE_CHECKING:
    import polib

    from .extract import TemplateMessage


class EntryState(enum.StrEnum):
    """Where an entry stands, as a reader of the page sees it (a fuzzy translation is never published)."""

    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"


class Publication(enum.StrEnum):
    """Whether a language is on the site, as the status table and the build say it."""

    PUBLISHED = "published"
    IN_PROGRESS = "in progress"


@dataclass
class Counts:
    """Messages and source words in each state."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def words_left(self) -> int:
        """Source words still to translate: the fuzzy ones need a translator's eye too."""
        return self.fuzzy_words + self.untranslated_words

    def add(self, other: Counts) -> None:
        for name in ("translated", "fuzzy", "untranslated", "translated_words", "fuzzy_words", "untranslated_words"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class LanguageStatus:
    """One language's progress over all its catalogues."""

    lang: Language
    counts: Counts
    published: bool
    missing: list[str] = field(default_factory=list)  # domains with no catalogue yet
    errors: int = 0  # problems `pipeline check` reports, by severity
    warnings: int = 0
    fuzzy_critical: int = 0  # fuzzy because a number, negation, glossary term or link changed
    held_back: int = 0  # translated, but kept off the page by errors

    @property
    def state(self) -> Publication:
        return Publication.PUBLISHED if self.published else Publication.IN_PROGRESS

    @property
    def publishable_percent(self) -> float:
        """The share of messages a reader would see translated: what the publish threshold is held against."""
        counts = self.counts
        return 100.0 * (counts.translated - self.held_back) / counts.total if counts.total else 100.0

    def as_json(self) -> dict[str, object]:
        counts = self.counts
        return {
            "language": self.lang.code,
            "tag": self.lang.tag,
            "name": self.lang.endonym,
            "english_name": self.lang.english_name,
            "translated": counts.translated,
            "fuzzy": counts.fuzzy,
            "untranslated": counts.untranslated,
            "total": counts.total,
            "translated_words": counts.translated_words,
            "fuzzy_words": counts.fuzzy_words,
            "untranslated_words": counts.untranslated_words,
            "percent": round(counts.percent, 1),
            "published": self.published,
            "errors": self.errors,
            "warnings": self.warnings,
            "fuzzy_critical": self.fuzzy_critical,
            "held_back": self.held_back,
            "missing_catalogues": self.missing,
        }


Key = tuple[str | None, str]


def key_of(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def entry_state(entry: polib.POEntry | None) -> EntryState:
    """Where ``entry`` stands; no entry (or an obsolete one) is an untranslated message."""
    if entry is None or entry.obsolete or not has_translation(entry):
        return EntryState.UNTRANSLATED
    if "fuzzy" in entry.flags:
        return EntryState.FUZZY
    return EntryState.TRANSLATED if entry.translated() else EntryState.UNTRANSLATED


def count(messages: list[TemplateMessage], catalogue: polib.POFile | None) -> Counts:
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    if catalogue is not None:
        entries = {key_of(entry): entry for entry in catalogue if not entry.obsolete}
    tallies = {state: [0, 0] for state in EntryState}  # messages, words, in the order of the enum
    for message in messages:
        tally = tallies[entry_state(entries.get(message.key))]
        tally[0] += 1
        tally[1] += _word_count(message.msgid)
    (translated, translated_words), (fuzzy, fuzzy_words), (untranslated, untranslated_words) = tallies.values()
    return Counts(translated, fuzzy, untranslated, translated_words, fuzzy_words, untranslated_words)


@lru_cache(maxsize=65536)
def _word_count(text: str) -> int:
    """Source words, counted once for the catalogues of every language."""
    return len(text.split())
