"""How alike two source texts are: the measure the merge and the translation memory share.

GNU msgmerge's (its ``fstrcmp``): the characters the two texts have in
common, in order (their longest common subsequence), twice over, divided by
both lengths; 1.0 for the same text. A text a translation was made for
counts as close to a new one from ``FUZZY_THRESHOLD``, msgmerge's cut-off
for this very measure. RapidFuzz computes it (its ``fuzz.ratio``), in
microseconds where pure Python takes milliseconds for a paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

FUZZY_THRESHOLD = 0.6  # GNU msgmerge's cut-off: texts less alike are not offered as fuzzy matches
# Comparing two texts costs up to the product of their lengths / 64: beyond this, a text is matched exactly
# or not at all.
FUZZY_MAX_LENGTH = 20_000


def ratio(first: str, second: str, bound: float = FUZZY_THRESHOLD) -> float | None:
    """How alike ``first`` and ``second`` are, from 0 to 1; None if less than ``bound``."""
    score = fuzz.ratio(first, second, score_cutoff=bound * 100)
    return score / 100 if score and score >= bound * 100 else None


def most_similar(text: str, candidates: Sequence[str], bound: float = FUZZY_THRESHOLD) -> tuple[int, float] | None:
    """The index of the candidate most like ``text`` (the first of the best) and its ratio, if one is at
    least ``bound`` alike. Texts longer than ``FUZZY_MAX_LENGTH`` are never close to anything."""
    if len(text) > FUZZY_MAX_LENGTH:
        return None
    if any(len(candidate) > FUZZY_MAX_LENGTH for candidate in candidates):
        candidates = [candidate if len(candidate) <= FUZZY_MAX_LENGTH else "" for candidate in candidates]
    found = process.extractOne(text, candidates, scorer=fuzz.ratio, score_cutoff=bound * 100)
    if found is None or not found[1]:
        return None
    return found[2], found[1] / 100


def all_similar(text: str, candidates: Sequence[str], bound: float = FUZZY_THRESHOLD) -> list[tuple[int, float]]:
    """The index and ratio of every candidate at least ``bound`` like ``text`` (one call for thousands)."""
    found = process.extract(text, candidates, scorer=fuzz.ratio, score_cutoff=bound * 100, limit=None)
    return [(index, score / 100) for _, score, index in found]
