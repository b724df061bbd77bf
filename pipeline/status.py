"""Progress: how much of each language is translated, reviewed or drafted, and whether it is published.

Counts are made against the messages the sources hold now, not against what a
catalogue happens to contain, so ``status`` and ``build`` always agree. An
entry is in one of four states (``EntryState``):

- *reviewed* (``TRANSLATED``): translated and not fuzzy, as a translator left it;
- *draft*: a machine draft awaiting review, marked the one way every tool keeps
  (GNU gettext, Poedit, Weblate): the ``fuzzy`` flag, and a translator comment
  ``# mt: engine=... date=... src=<hash of the source> tgt=<hash of the draft>``
  whose ``src`` is still the entry's source (see ``draft_comment``). A
  reviewer clears it as any fuzzy entry: unticking "Needs work" (Poedit) or
  "Needs editing" (Weblate), or deleting ``fuzzy``; the comment stays as history;
- *fuzzy*: any other fuzzy entry, such as one whose source changed since it was
  translated or drafted (a stale translation is never published, draft or not);
- *untranslated*.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .languages import Language

if TYPE_CHECKING:
    import polib

    from .extract import TemplateMessage


class EntryState(enum.StrEnum):
    """Where an entry stands (see the module's docstring): a fuzzy translation is never published, a draft
    only where the configuration publishes drafts, labelled as such."""

    TRANSLATED = "translated"  # reviewed: translated and not fuzzy
    DRAFT = "draft"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"

    @property
    def checked(self) -> bool:
        """Whether a reader may see this text (reviewed, or a draft), and so the checks read all of it."""
        return self is EntryState.TRANSLATED or self is EntryState.DRAFT


class Publication(enum.StrEnum):
    """Whether a language is on the site, as the status table and the build say it."""

    PUBLISHED = "published"
    IN_PROGRESS = "in progress"


@dataclass
class Counts:
    """Messages and source words in each state."""

    translated: int = 0  # reviewed
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    draft: int = 0
    draft_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.draft + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """The share of messages reviewed."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def drafted_percent(self) -> float:
        """The share of messages reviewed or drafted."""
        return 100.0 * (self.translated + self.draft) / self.total if self.total else 100.0

    @property
    def words_left(self) -> int:
        """Source words still to translate or review: drafts and fuzzy ones need a translator's eye too."""
        return self.draft_words + self.fuzzy_words + self.untranslated_words

    def add(self, other: Counts) -> None:
        # Field by field, not through getattr: a large site sums 12,000 catalogues' counts at every build.
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        self.translated_words += other.translated_words
        self.fuzzy_words += other.fuzzy_words
        self.untranslated_words += other.untranslated_words
        self.draft += other.draft
        self.draft_words += other.draft_words

    def as_json(self) -> dict[str, int]:
        return {
            "reviewed": self.translated,
            "draft": self.draft,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "reviewed_words": self.translated_words,
            "draft_words": self.draft_words,
            "fuzzy_words": self.fuzzy_words,
            "untranslated_words": self.untranslated_words,
        }


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
    held_back: int = 0  # translated (or a published draft), but kept off the page by errors
    drafts_published: bool = False  # the configuration publishes this language's drafts, labelled
    documents: dict[str, Counts] = field(default_factory=dict)  # each domain's own counts
    documents_held_back: dict[str, int] = field(default_factory=dict)  # each domain's own ``held_back``

    @property
    def state(self) -> Publication:
        return Publication.PUBLISHED if self.published else Publication.IN_PROGRESS

    @property
    def publishable_percent(self) -> float:
        """The share of messages a reader would see translated: what the publish threshold is held against.

        Reviewed messages count, and drafts where the configuration publishes them; a
        translation held back by errors does not."""
        counts = self.counts
        shown = counts.translated + (counts.draft if self.drafts_published else 0) - self.held_back
        return 100.0 * shown / counts.total if counts.total else 100.0

    def document_publishable_percent(self, *domains: str) -> float:
        """``publishable_percent`` of some documents' (or the page texts') own messages together."""
        shown = total = 0
        for domain in domains:
            counts = self.documents.get(domain)
            if counts is None:
                continue
            shown += counts.translated + (counts.draft if self.drafts_published else 0)
            shown -= self.documents_held_back.get(domain, 0)
            total += counts.total
        return 100.0 * shown / total if total else 100.0

    def publishes(self, domain: str, threshold: float) -> bool:
        """Whether a document's page is published in this language: its own messages reach ``threshold``."""
        return domain in self.documents and self.document_publishable_percent(domain) >= threshold

    @property
    def shows_drafts(self) -> bool:
        """Whether a reader of this language sees machine drafts (to be labelled as such)."""
        return self.drafts_published and self.counts.draft > 0

    def as_json(self) -> dict[str, object]:
        counts = self.counts
        return {
            "language": self.lang.code,
            "tag": self.lang.tag,
            "name": self.lang.endonym,
            "english_name": self.lang.english_name,
            **counts.as_json(),
            "drafts_published": self.drafts_published,
            "documents": {domain: self.documents[domain].as_json() for domain in sorted(self.documents)},
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
        return EntryState.DRAFT if _is_current_draft(entry) else EntryState.FUZZY
    return EntryState.TRANSLATED if entry.translated() else EntryState.UNTRANSLATED


# The translator comment that marks a machine draft; ``src`` is the hash of the source it was drafted from.
_DRAFT_COMMENT = re.compile(r"^mt:(?:.*\s)?src=([0-9a-f]{8})(?:\s|$)", re.MULTILINE)


def _digest(*texts: str) -> str:
    return hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:8]


def source_digest(entry: polib.POEntry) -> str:
    """The hash a draft comment keeps of the source it was drafted from (context, singular, plural)."""
    return _digest(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _forms(entry: polib.POEntry) -> list[str]:
    return (
        [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)] if entry.msgid_plural else [entry.msgstr]
    )


def _is_current_draft(entry: polib.POEntry) -> bool:
    """A fuzzy entry is a draft if its draft comment names this very source and every form is filled."""
    comment = entry.tcomment
    if not comment or "mt:" not in comment or entry.previous_msgid is not None:
        return False
    marked = _DRAFT_COMMENT.search(comment)
    return marked is not None and marked[1] == source_digest(entry) and all(_forms(entry))


def draft_comment(entry: polib.POEntry, engine: str, date: str) -> str:
    """The translator comment that marks ``entry``'s translation a machine draft of its current source."""
    target = _digest(*_forms(entry))
    return f"mt: engine={engine} date={date} src={source_digest(entry)} tgt={target}"


def mark_draft(entry: polib.POEntry, engine: str, date: str) -> None:
    """Make a translated entry a machine draft awaiting review: fuzzy, with its draft comment (replacing
    an earlier one); other comments and flags are kept."""
    kept = [line for line in (entry.tcomment or "").split("\n") if line and not line.startswith("mt:")]
    entry.tcomment = "\n".join([*kept, draft_comment(entry, engine, date)])
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


def count(messages: list[TemplateMessage], catalogue: polib.POFile | None) -> Counts:
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    if catalogue is not None:
        entries = {key_of(entry): entry for entry in catalogue if not entry.obsolete}
    tallies = {state: [0, 0] for state in EntryState}  # messages, words
    for message in messages:
        tally = tallies[entry_state(entries.get(message.key))]
        tally[0] += 1
        tally[1] += _word_count(message.msgid)
    return Counts(
        translated=tallies[EntryState.TRANSLATED][0],
        fuzzy=tallies[EntryState.FUZZY][0],
        untranslated=tallies[EntryState.UNTRANSLATED][0],
        translated_words=tallies[EntryState.TRANSLATED][1],
        fuzzy_words=tallies[EntryState.FUZZY][1],
        untranslated_words=tallies[EntryState.UNTRANSLATED][1],
        draft=tallies[EntryState.DRAFT][0],
        draft_words=tallies[EntryState.DRAFT][1],
    )


@lru_cache(maxsize=65536)
def _word_count(text: str) -> int:
    """Source words, counted once for the catalogues of every language."""
    return len(text.split())
