"""The ``terminology`` check, and the publisher's glossary it enforces: terms a translation must use,
and terms it must not.

``locales/glossary.csv`` has one row per term: the source term in the ``term``
column, then one column per language code with the required rendering, and
``forbidden:<code>`` columns (``forbidden:*`` for every language) listing
renderings that must never appear, separated by ``|``.

Matching is insensitive to case, Latin accents and Arabic diacritics, and
sees through Arabic proclitics (و ف ب ل ك ال: ``والداعش`` holds ``داعش``) and
French elision (``l'État``), so a term is found in the forms a sentence gives it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError, LanguageError
from ..languages import normalize_code
from .langdata import ARABIC_LETTER_VARIANT, ARABIC_LETTER_VARIANTS, ARABIC_PREFIXES, ELISION, MARKS
from .registry import ERROR, Context, Finding, Level, check

if TYPE_CHECKING:
    from ..config import Project

_WORD = re.compile(r"[\w'’]+")
_PROCLITIC_LETTERS = frozenset(prefix[0] for prefix in ARABIC_PREFIXES)


def normalize_word(word: str) -> str:
    """A word (or a text) with case, accents, Arabic diacritics and letter variants folded away."""
    folded = word.casefold()
    if folded.isascii():
        return folded
    folded = MARKS.sub("", unicodedata.normalize("NFKD", folded))
    # str.translate looks up every character: only worth it when there is a variant to fold.
    return folded.translate(ARABIC_LETTER_VARIANTS) if ARABIC_LETTER_VARIANT.search(folded) else folded


@lru_cache(maxsize=65536)
def word_forms(word: str) -> frozenset[str]:
    """The forms a term may hide in, of a word already folded (``normalize_word``): the word without
    elision, and without Arabic proclitics.

    Kept for the words seen last: texts of one language share most of their words.
    """
    if "'" in word or "’" in word:
        word = ELISION.sub("", word)
    if not word or word[0] not in _PROCLITIC_LETTERS:  # most words: no proclitic to take off
        return frozenset((word,))
    forms = {word}
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.add(word[len(prefix) :])
    return frozenset(forms)


def words(text: str) -> list[frozenset[str]]:
    """The forms of each word of a text. The text is folded before it is cut into words: a diacritic
    or a kashida is not a word character, and would otherwise cut "دَاعِش" into three."""
    return [word_forms(word) for word in _WORD.findall(_folded(text))]


@lru_cache(maxsize=1024)
def _term_words(term: str) -> tuple[str, ...]:
    """A term's words, folded and without elision, as ``words`` reads a text."""
    return tuple(ELISION.sub("", word) for word in _WORD.findall(normalize_word(term)))


def contains(text_words: list[frozenset[str]], term: str) -> bool:
    """Whether the words of a text hold ``term`` (one word or several in a row)."""
    wanted = _term_words(term)
    if len(wanted) == 1:  # most terms: one word
        return any(wanted[0] in forms for forms in text_words)
    if not wanted:
        return False
    for start in range(len(text_words) - len(wanted) + 1):
        if all(wanted[offset] in text_words[start + offset] for offset in range(len(wanted))):
            return True
    return False


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """A whole text folded like ``normalize_word`` folds a word."""
    return normalize_word(text)


@lru_cache(maxsize=1024)
def _clue(term: str) -> str:
    """What a text must hold for ``term`` to be in it: its longest word, folded and without elision
    ("l’État islamique" -> "islamique"), so that apostrophes and line breaks do not hide it."""
    return max(_term_words(term), key=len, default=normalize_word(term))


@dataclass
class Term:
    source: str
    required: dict[str, str] = field(default_factory=dict)  # language code -> rendering
    forbidden: dict[str, list[str]] = field(default_factory=dict)  # language code or "*" -> renderings


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)

    def problems(self, source: str, translation: str, lang_code: str) -> list[str]:
        """What the translation of ``source`` does against the glossary, in words."""
        found: list[str] = []
        # Texts are folded only for a term this language has, and words read only when a term's
        # letters occur at all: most texts hold no term.
        source_folded = translation_folded = ""
        source_words: list[frozenset[str]] | None = None
        translation_words: list[frozenset[str]] | None = None
        for term in self.terms:
            required = term.required.get(lang_code)
            if required:
                source_folded = source_folded or _folded(source)
                if _clue(term.source) in source_folded:
                    source_words = source_words if source_words is not None else words(source)
                    translation_words = translation_words if translation_words is not None else words(translation)
                    if contains(source_words, term.source) and not contains(translation_words, required):
                        found.append(f'"{term.source}" must be translated as "{required}" (glossary)')
            for forbidden in term.forbidden.get("*", []) + term.forbidden.get(lang_code, []):
                translation_folded = translation_folded or _folded(translation)
                if _clue(forbidden) not in translation_folded:
                    continue
                source_words = source_words if source_words is not None else words(source)
                translation_words = translation_words if translation_words is not None else words(translation)
                if contains(translation_words, forbidden) and not contains(source_words, forbidden):
                    replacement = f'; write "{required}"' if required else ""
                    found.append(f'"{forbidden}" is not used for "{term.source}"{replacement} (glossary)')
                    break  # one forbidden rendering per term is enough to say
        return found

    def source_terms(self) -> list[str]:
        return [term.source for term in self.terms]


def _column(name: str, shown: str) -> str:
    """A column name with its language code spelled as gettext does (``fa-AF`` -> ``fa_AF``)."""
    prefix, code = ("forbidden:", name.removeprefix("forbidden:")) if name.startswith("forbidden:") else ("", name)
    if prefix and code == "*":
        return name
    try:
        return prefix + normalize_code(code)
    except LanguageError as error:
        raise ConfigError(f"column {name!r}: {error}", shown, 1) from None


def load_glossary(path: Path, shown: str) -> Glossary:
    """Read ``locales/glossary.csv``; an absent file is an empty glossary.

    Lines that start with ``#`` are comments (where a rendering comes from, or why a
    language has none yet), anywhere in the file; errors still name the file's own lines.
    """
    if not path.exists():
        return Glossary()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 text (byte {error.start})", shown) from None
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", shown) from None
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []  # (the file line a row starts on, its cells)
    line = 1
    try:
        for row in reader:
            if not (row and row[0].lstrip().startswith("#")):
                rows.append((line, row))
            line = reader.line_num + 1  # a quoted cell may hold line breaks
    except csv.Error as error:
        raise ConfigError(f"not a CSV table: {error}", shown, line) from None
    if not rows or not rows[0][1] or rows[0][1][0].strip() != "term":
        raise ConfigError(
            "the first row must name the columns: term, then language codes and forbidden:<code>", shown, 1
        )
    header = ["term", *(_column(cell.strip(), shown) for cell in rows[0][1][1:])]
    glossary = Glossary()
    for number, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise ConfigError(f"{len(row)} cells but the first row names {len(header)} columns", shown, number)
        term = Term(source=row[0].strip())
        if not term.source:
            raise ConfigError("the term (first column) is empty", shown, number)
        for column, cell in zip(header[1:], row[1:], strict=False):
            cell = cell.strip()
            if not cell:
                continue
            if column.startswith("forbidden:"):
                term.forbidden[column.removeprefix("forbidden:")] = [
                    part.strip() for part in cell.split("|") if part.strip()
                ]
            else:
                term.required[column] = cell
        glossary.terms.append(term)
    return glossary


def project_glossary(project: Project) -> Glossary:
    """The project's glossary (``locales/glossary.csv``)."""
    return load_glossary(project.glossary_path, project.relative(project.glossary_path))


@check(
    "terminology", ERROR, Level.PAIR, "the publisher's glossary (locales/glossary.csv): required and forbidden terms"
)
def terminology(source: str, translation: str, context: Context) -> list[Finding]:
    """the glossary in `locales/glossary.csv`: "Daesh" must be "داعش" in Arabic, never "الدولة الإسلامية";
    "Daech", never "État islamique", in French; through prefixes (لداعش) and elision (l’État)"""
    return [
        Finding(message)
        for message in context.glossary.problems(context.plain(source), context.plain(translation), context.lang.code)
    ]
