"""The translation memory: what ``update`` offers a message nobody has translated yet.

This module owns the memory and how it is consulted; ``catalogue`` (the
merge) asks it once a catalogue is merged. A language's memory holds every
reviewed translation (translated, not fuzzy, every form filled; obsolete
entries included, since a paragraph moved from one document to another is
still translated) of the language's other catalogues, documents and ``ui``
alike, then of the compendiums the configuration names (``compendium``: a
``.po`` file is used for the language its header's ``Language`` names, a
TMX file for every language it has).

A message with no translation after the merge is filled from the memory,
as a fuzzy suggestion for a translator to review, never published as it
is, with a translator comment naming where it came from::

    # memory: exact match, locales/fr/LC_MESSAGES/about.po
    # memory: 83% match, memory/agency.tmx

The file is named without a line: the message is found in it by its source
text, which (unlike a line) stays right however the file changes.

An exact match has the same source text and the same plural shape (singular,
or plural with the same ``msgid_plural`` and as many forms as the catalogue);
a close one's source text is at least ``FUZZY_THRESHOLD`` alike (GNU msgmerge's
measure and cut-off, as the merge's: ``similarity``), and keeps that text as the
previous one (``#| msgid``), for translators' tools to show what differs.
An entry with any translation (a translator's, or one the merge carried as
fuzzy) is never touched.

What each catalogue holds for the memory is recorded (``MemoryRecord``:
``output/.build/memory/<lang>.json``, by the hash of the catalogue's
content), so that an update reads again only the catalogues that changed.

Fills are deterministic: candidates are kept in a stable order (the project's
catalogues by path, then the compendiums as configured; within a file, by
message) and the first of the best wins. Close matches are found fast enough
for thousands of messages: each text has a sketch (``sketch``: the
``SKETCH`` of its word pairs whose hashes are smallest, recorded with it), a
candidate must share a quarter of the text's, and only the ``CANDIDATES``
sharing most are compared; short texts, which have few word pairs, are
compared with every short text of a length that could match (in one call:
thousands in a millisecond).
"""

from __future__ import annotations

import heapq
import re
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polib

from .errors import ConfigError
from .similarity import FUZZY_MAX_LENGTH, FUZZY_THRESHOLD, all_similar, ratio
from .status import EntryState, entry_state, has_translation

if TYPE_CHECKING:
    from .config import Project
    from .languages import Language

CANDIDATES = 6  # the texts sharing most of a message's sketch, compared with it
SKETCH = 16  # word pairs in a text's sketch: those whose hashes are the smallest (a bottom-k MinHash)
COMMON = 1_000  # a word pair in more texts' sketches than this says nothing about which text is close
SHORT = 48  # a text this long or shorter is compared with every short text of a length that could match
MEMORY_COMMENT = "memory:"


@dataclass(frozen=True)
class Suggestion:
    """One remembered translation: its source text, its forms, and where it was found."""

    source: str
    plural: str  # msgid_plural; "" for a singular message
    forms: tuple[str, ...]
    file: str  # as shown: relative to the project
    sketch: tuple[int, ...] | None = field(default=None, compare=False)  # sketch(source), if worked out


@dataclass(frozen=True)
class Match:
    suggestion: Suggestion
    ratio: float  # 1.0: the same source text

    def comment(self) -> str:
        """The translator comment a filled entry gets."""
        kind = "exact match" if self.ratio >= 1.0 else f"{int(self.ratio * 100)}% match"
        return f"{MEMORY_COMMENT} {kind}, {self.suggestion.file}"


_WORD = re.compile(r"\w+")


def sketch(text: str) -> tuple[int, ...]:
    """A text's word pairs (its first and last word marked), the ``SKETCH`` of them whose hashes are the
    smallest: texts much alike share most of theirs (bottom-k MinHash), texts unlike share next to none."""
    words = ["^", *_WORD.findall(text.lower()), "$"]
    pairs = {f"{first} {second}" for first, second in zip(words, words[1:], strict=False)}
    return tuple(sorted(zlib.crc32(pair.encode("utf-8")) for pair in pairs)[:SKETCH])


@dataclass
class _Shape:
    """The candidates of one shape (singular or plural) for close matching, indexed once asked for."""

    items: list[Suggestion] = field(default_factory=list)
    _postings: dict[int, list[int]] | None = None
    _lengths: list[int] = field(default_factory=list)
    _by_length: list[tuple[int, int]] = field(default_factory=list)  # (length, index) of the short ones, sorted
    _short_sources: list[str] = field(default_factory=list)  # their source texts, in that order

    def index(self) -> dict[int, list[int]]:
        if self._postings is None:
            postings: defaultdict[int, list[int]] = defaultdict(list)
            for number, item in enumerate(self.items):
                for hashed in item.sketch if item.sketch is not None else sketch(item.source):
                    postings[hashed].append(number)
            self._postings = postings
            self._lengths = [len(item.source) for item in self.items]
            self._by_length = sorted(
                (length, number) for number, length in enumerate(self._lengths) if length <= 2 * SHORT
            )
            self._short_sources = [self.items[number].source for _, number in self._by_length]
        return self._postings

    def best(self, text: str, usable: Callable[[Suggestion], bool]) -> tuple[float, int] | None:
        """The ratio and index of the text most like ``text`` (the first of the best), if one is close."""
        postings = self.index()
        lengths = self._lengths
        low = int(len(text) * FUZZY_THRESHOLD / (2 - FUZZY_THRESHOLD))  # a ratio is at most 2*min/(len1+len2)
        high = int(len(text) * (2 - FUZZY_THRESHOLD) / FUZZY_THRESHOLD) + 1
        # The texts whose sketches share most with the text's (a pair most texts have says nothing).
        own = sketch(text)
        shared: Counter[int] = Counter()
        for hashed in own:
            numbers = postings.get(hashed, ())
            if len(numbers) <= COMMON:
                shared.update(numbers)
        # A text sharing few of them is no close text, however alike its letters (same words, another order).
        needed = max(1, len(own) // 4)
        enough = [(number, count) for number, count in shared.items() if count >= needed]
        # The ones sharing most (ties in the memory's order), then those that could match at all.
        ranked = heapq.nsmallest(8 * CANDIDATES, enough, key=lambda item: (-item[1], item[0]))
        chosen = [number for number, _ in ranked if low <= lengths[number] <= high and usable(self.items[number])][
            :CANDIDATES
        ]
        found = [(alike, number) for number in chosen if (alike := ratio(text, self.items[number].source))]
        if len(text) <= SHORT:
            start = bisect_left(self._by_length, (low, -1))
            end = bisect_right(self._by_length, (high, len(self.items)))
            for offset, alike in all_similar(text, self._short_sources[start:end]):
                number = self._by_length[start + offset][1]
                if usable(self.items[number]):
                    found.append((alike, number))
        return min(found, key=lambda item: (-item[0], item[1])) if found else None


class Memory:
    """One language's remembered translations (see the module's docstring)."""

    def __init__(self, suggestions: Iterable[Suggestion]) -> None:
        self.items = list(suggestions)
        self._exact: dict[tuple[str, str], list[Suggestion]] = {}
        self._shapes = {False: _Shape(), True: _Shape()}
        seen: set[tuple[str, str, tuple[str, ...], str]] = set()
        for item in self.items:
            key = (item.source, item.plural, item.forms, item.file)
            if key in seen:  # the same translation of the same text in one file: once is enough
                continue
            seen.add(key)
            self._exact.setdefault((item.source, item.plural), []).append(item)
            if len(item.source) <= FUZZY_MAX_LENGTH:
                self._shapes[bool(item.plural)].items.append(item)

    def __len__(self) -> int:
        return len(self.items)

    def find(self, source: str, plural: str, forms: int, exclude: str) -> Match | None:
        """The best suggestion for a message (not from the file ``exclude``), or None."""
        for item in self._exact.get((source, plural), ()):
            if item.file != exclude and len(item.forms) == forms:
                return Match(item, 1.0)
        if len(source) > FUZZY_MAX_LENGTH:
            return None
        shape = self._shapes[bool(plural)]
        if not shape.items:
            return None

        def usable(item: Suggestion) -> bool:
            return item.file != exclude and len(item.forms) == forms and item.source != source

        best = shape.best(source, usable)
        return Match(shape.items[best[1]], best[0]) if best is not None else None


def remembered(
    catalogue: polib.POFile, shown: str, sketches: Mapping[str, tuple[int, ...]] | None = None
) -> list[Suggestion]:
    """The reviewed translations of one catalogue, in a stable order (by message, not by line).

    ``sketches``: those of source texts known already, not worked out again.
    """
    sketches = sketches or {}
    found = []
    for entry in catalogue:
        if not entry.msgid or not has_translation(entry):
            continue
        if entry_state(_active(entry)) is not EntryState.TRANSLATED:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        known = sketches.get(entry.msgid)
        found.append(Suggestion(entry.msgid, entry.msgid_plural or "", forms, shown, known or sketch(entry.msgid)))
    found.sort(key=lambda item: (item.source, item.plural, item.forms))
    return found


def _active(entry: polib.POEntry) -> polib.POEntry:
    """An obsolete entry's translation is remembered as if it were still active."""
    if not entry.obsolete:
        return entry
    return polib.POEntry(
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        flags=list(entry.flags),
    )


def compendium_suggestions(project: Project, lang: Language) -> list[Suggestion]:
    """What the configured compendiums hold for ``lang``, in the configuration's order."""
    from .pofile import read_po  # lazy: only an update with compendiums reads them

    found: list[Suggestion] = []
    for name in project.compendium:
        path = project.root / name
        if not path.is_file():
            raise ConfigError("compendium: no such file", name)
        if name.lower().endswith(".tmx"):
            from .exchange.tmx import read_memory  # lazy: the XML reader only for a TMX compendium

            pairs = read_memory(path, project.source_language.code, lang.code)
            found += [Suggestion(source, "", (target,), name) for source, target in pairs if source and target]
            continue
        catalogue = read_po(path, name)
        declared = str(catalogue.metadata.get("Language", "")).strip().replace("-", "_")
        if not declared:
            raise ConfigError("compendium: the file's header names no Language", name, 1)
        if _same_language(declared, lang):
            found += remembered(catalogue, name)
    return found


def _same_language(code: str, lang: Language) -> bool:
    from .errors import LanguageError
    from .languages import language

    try:
        return language(code) == lang
    except LanguageError:
        return code == lang.code


@dataclass
class MemoryRecord:
    """What each of a language's catalogues holds for the memory, by the hash of the catalogue's content: a
    record of the change cache (``output/.build/memory/<lang>.json``), so that only catalogues that changed
    are read again."""

    place: str
    files: dict[str, list[Any]]  # file as shown -> [its content's hash, [[source, plural, forms, sketch], ...]]
    changed: bool = False

    KIND = "translation memory"

    @classmethod
    def read(cls, project: Project, lang: Language) -> MemoryRecord:
        from .cache import read_record  # lazy: the cache signs the tool, which only an update needs

        place = f".build/memory/{lang.code}.json"
        files = (read_record(project, place, cls.KIND) or {}).get("files", {})
        return cls(place, files if isinstance(files, dict) else {})

    def get(self, shown: str, digest: str) -> list[Suggestion] | None:
        """A catalogue's suggestions as recorded, if they were found in this very content."""
        row = self.files.get(shown)
        try:
            if row is None or row[0] != digest:
                return None
            return [
                Suggestion(str(source), str(plural), tuple(map(str, forms)), shown, tuple(map(int, hashes)))
                for source, plural, forms, hashes in row[1]
            ]
        except (TypeError, ValueError, IndexError):
            return None

    def put(self, shown: str, digest: str, found: list[Suggestion]) -> None:
        row = [digest, [[item.source, item.plural, list(item.forms), list(item.sketch or ())] for item in found]]
        if self.files.get(shown) != row:
            self.files[shown] = row
            self.changed = True

    def save(self, project: Project, names: Iterable[str]) -> None:
        """Keep the record of the catalogues ``names`` (the language's now), if anything changed."""
        from .cache import write_record  # lazy: as read()

        kept = {name: self.files[name] for name in sorted(names) if name in self.files}
        if self.changed or kept != self.files:
            write_record(project, self.place, self.KIND, {"files": kept})


def load_memory(
    project: Project,
    lang: Language,
    domains: Sequence[str],
    digests: Mapping[str, str],
    read: Mapping[str, list[Suggestion]],
    record: MemoryRecord,
) -> Memory:
    """``lang``'s memory: its catalogues of ``domains``, then the compendiums.

    ``digests`` are the hashes of the catalogues' contents (``cache.Stamp``), by file as shown; ``read``
    what the caller found in those it read already (``remembered``). The others are taken from ``record``
    where their hash is the one recorded, and read otherwise (and recorded).
    """
    from .pofile import read_catalogue  # lazy: as the merge

    suggestions: list[Suggestion] = []
    paths = sorted((project.relative(project.catalogue_path(lang, domain)), domain) for domain in domains)
    for shown, domain in paths:
        digest = digests.get(shown)
        if digest is None:
            continue  # no such catalogue
        found = read.get(shown)
        if found is None:
            found = record.get(shown, digest)
        if found is None:
            found = remembered(read_catalogue(project.catalogue_path(lang, domain), shown, lang.code), shown)
            record.put(shown, digest, found)
        suggestions += found
    suggestions += compendium_suggestions(project, lang)
    return Memory(suggestions)


def fill(catalogue: polib.POFile, memory: Memory, shown: str, nplurals: int) -> tuple[int, int]:
    """Fill every message of ``catalogue`` with no translation from ``memory``, as fuzzy suggestions.

    Returns (filled, still untranslated).
    """
    filled = waiting = 0
    for entry in catalogue:
        if entry.obsolete or not entry.msgid or has_translation(entry):
            continue
        forms = nplurals if entry.msgid_plural else 1
        match = memory.find(entry.msgid, entry.msgid_plural or "", forms, shown)
        if match is None:
            waiting += 1
            continue
        suggestion = match.suggestion
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(suggestion.forms))
        else:
            entry.msgstr = suggestion.forms[0]
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        entry.tcomment = "\n".join(line for line in (entry.tcomment, match.comment()) if line)
        if match.ratio < 1.0:
            entry.previous_msgctxt = None
            entry.previous_msgid = suggestion.source
            entry.previous_msgid_plural = suggestion.plural or None
        filled += 1
    return filled, waiting
