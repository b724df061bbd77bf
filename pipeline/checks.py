"""Checks: what may be wrong with a translation, in every script we publish.

Each check has a stable id, a severity and a one-line explanation for
translators. A translator silences one check on one entry with the flag
``#, ignore-<id>`` (Weblate's convention); a publisher turns checks off per
language with ``disable-checks`` in the configuration.

The checks are written for scripts and directions, not only for Latin:
numbers may be written in Arabic-Indic or Extended Arabic-Indic digits with
the locale's own separators, ``؟`` ends a question as well as ``?``, and
invisible direction controls are caught. Only translated, non-fuzzy entries
are checked for content: the others are never published.
"""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import polib
from babel.core import get_global
from markdown_it.token import Token

from .checklist import CHECKS, ERROR, WARNING
from .config import Project
from .glossary import Glossary, load_glossary, normalize_word
from .languages import Language
from .plurals import GNU_DEFAULT, PluralFormsSyntax, difference, header_rule
from .status import entry_state

# ---------------------------------------------------------------- text analysis

_NON_ASCII_DIGIT = re.compile(r"[^\D0-9]")  # Arabic-Indic ٠-٩, Extended ۰-۹, Devanagari, ...
_NOT_DIGIT = re.compile(r"\D")
# Groups of three after a separator (1,234 · 1 234 · ١٬٢٣٤), then perhaps a decimal part (1,5 · ١٫٥).
_NUMBER = re.compile(r"\d+(?:[.,\u066c\u00a0\u202f' ]\d{3}(?!\d))*(?:[.,\u066b]\d+)?")
_SOURCE_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'“”«»]+[^\s<>()\[\]\"'“”«».,;:!?؟،]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\{\d*\}")
_PRINTF = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
_WORDS = re.compile(r"\w+", re.UNICODE)
_DOUBLED = re.compile(r"(?<!\w)(\w+)(?:\s+\1)+(?!\w)", re.IGNORECASE)
_ENDINGS = {
    ".": ".", "。": ".", "۔": ".", "।": ".", "…": "…",
    "?": "?", "؟": "?", "？": "?",
    "!": "!", "！": "!",
    ":": ":", "：": ":",
    ";": ";", "؛": ";", "；": ";",
}  # fmt: skip
_LATIN_ENDINGS_IN_ARABIC_SCRIPT = {"?": "؟", ";": "؛"}
_CLOSERS = "\"'”’»)]*_`"
_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
                 "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}  # fmt: skip
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_KASHIDA = "\u0640"
_PERSIAN_VARIANT = {"ي": "ی", "ك": "ک"}  # Arabic letter -> the letter Persian-type orthographies use
_ARABIC_VARIANT = {"ی": "ي", "ک": "ك"}
_NEGATIONS = {
    "en": {"not", "no", "never", "none", "nor", "neither", "without", "cannot", "nobody", "nothing", "nowhere"},
    "fr": {"ne", "pas", "jamais", "aucun", "aucune", "sans", "ni", "non", "rien", "personne"},
}
_DOUBLING_ALLOWED = {"fr": {"nous", "vous"}, "nl": {"die"}, "en": {"that", "had"}}
# How long a translation usually is, relative to English, per language.
_EXPANSION = {
    "ar": 0.95, "ckb": 1.05, "fa": 1.0, "ps": 1.05, "ur": 1.0, "he": 0.85,
    "fr": 1.2, "es": 1.2, "it": 1.15, "pt": 1.15, "de": 1.25, "nl": 1.2, "tr": 1.1, "ha": 1.15, "ku": 1.15,
    "ru": 1.15, "zh": 0.35, "ja": 0.5, "ko": 0.55,
}  # fmt: skip
# The letters of each script a language may be written in (ISO 15924 codes, as Babel gives them).
_SCRIPT_LETTERS = {
    "Arab": "\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdff\ufe70-\ufefc",
    "Latn": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "Cyrl": "\u0400-\u04ff\u0500-\u052f",
    "Hebr": "\u05d0-\u05ea\ufb1d-\ufb4f",
    "Grek": "\u0370-\u03ff\u1f00-\u1fff",
    "Hans": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Hant": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Jpan": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff",
    "Kore": "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f",
    "Deva": "\u0900-\u097f",
    "Ethi": "\u1200-\u139f",
}
_SCRIPT_NAMES = {"Arab": "Arabic", "Latn": "Latin", "Cyrl": "Cyrillic", "Hebr": "Hebrew", "Grek": "Greek",
                 "Hans": "Chinese", "Hant": "Chinese", "Jpan": "Japanese", "Kore": "Korean", "Deva": "Devanagari",
                 "Ethi": "Ethiopic"}  # fmt: skip
_SCRIPT_PATTERNS = {script: re.compile(f"[{letters}]+") for script, letters in _SCRIPT_LETTERS.items()}
_LETTER = re.compile(r"[^\W\d_]+")
_WITHOUT_ASCII_LETTERS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _letters(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


_BIDI_PRESENT = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_PERSIAN_TYPE = {"fa", "ckb", "ur", "ps"}


@dataclass(frozen=True)
class Inline:
    """What a message holds once its Markdown is read."""

    text: str  # the words a reader sees (no link targets)
    prose: str  # the same without code spans, whose text follows no language's typography
    links: tuple[str, ...]
    images: tuple[str, ...]
    spans: dict[str, int]  # strong, em, code, s
    markers: dict[str, int]  # Markdown punctuation left over as text: unbalanced markup


_MARKERS = ("**", "__", "`", "](", "[", "]")
_MARKDOWN_SPECIAL = re.compile(r"[*_\[\]`<>!\\&~]|https?:|www\.|@")
_NOTHING: dict[str, int] = {}


@lru_cache(maxsize=32768)
def read_inline(message: str) -> Inline:
    if not _MARKDOWN_SPECIAL.search(message):
        # Nothing Markdown could make of it: most messages; no parser needed.
        return Inline(message, message, (), (), _NOTHING, _NOTHING)
    from .render import inline_tokens  # one parse serves the checks and the page

    text: list[str] = []
    plain: list[str] = []  # text outside code spans: its typography is checked, leftover markers are broken markup
    links: list[str] = []
    images: list[str] = []
    spans: dict[str, int] = {}

    def walk(items: Iterable[Token]) -> None:
        for token in items:
            kind = token.type
            if kind == "text":
                text.append(token.content)
                plain.append(token.content)
            elif kind == "code_inline":
                text.append(token.content)
                spans["code"] = spans.get("code", 0) + 1
            elif kind in ("softbreak", "hardbreak"):
                text.append("\n")
                plain.append("\n")
            elif kind == "link_open":
                links.append(str(token.attrs.get("href", "")))
            elif kind == "image":
                images.append(str(token.attrs.get("src", "")))
                walk(token.children or [])
            elif kind.endswith("_open"):
                name = kind[:-5]
                spans[name] = spans.get(name, 0) + 1

    walk(inline_tokens(message))
    outside = "".join(plain)
    markers = {marker: outside.count(marker) for marker in _MARKERS if marker in outside}
    whole = "".join(text)
    # Without code spans the two are the same text: kept once (thousands of messages are cached).
    return Inline(whole, outside if "code" in spans else whole, tuple(links), tuple(images), spans, markers)


def _plain_text(message: str) -> str:
    return read_inline(message).text


def _ascii_digits(text: str) -> str:
    return _NON_ASCII_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit[0])), text)


def _digits_of(number: str) -> str:
    return _NOT_DIGIT.sub("", _ascii_digits(number))


@cache
def _expected_script(code: str) -> str | None:
    """The script a language is written in, from the language code or CLDR's likely subtags."""
    parts = code.split("_")
    scripts = [part for part in parts if len(part) == 4 and part.istitle()]
    if not scripts:
        likely = get_global("likely_subtags")
        parts = (likely.get(code) or likely.get(parts[0]) or "").split("_")
        scripts = [part for part in parts if len(part) == 4 and part.istitle()]
    return scripts[0] if scripts and scripts[0] in _SCRIPT_PATTERNS else None


@cache
def _num2words_language(code: str) -> str | None:
    from num2words import num2words

    for candidate in (code, code.split("_")[0]):
        try:
            num2words(1, lang=candidate)
            return candidate
        except (NotImplementedError, OverflowError, TypeError):
            continue
    return None


def _spelled_out(number: str, translation: str, code: str) -> str | None:
    """The words ``number`` is spelled with in ``translation``, if it is."""
    language = _num2words_language(code)
    if language is None or not number.isdigit() or len(number) > 30:  # past what anyone spells out
        return None
    from num2words import num2words

    value = int(number)
    candidates = set()
    for kind in ("cardinal", "year", "ordinal"):
        try:
            candidates.add(num2words(value, lang=language, to=kind))
        except (NotImplementedError, OverflowError, TypeError, KeyError, IndexError, ValueError):
            continue  # num2words cannot say it this way in this language (years before 645 in Japanese, ...)

    def squash(text: str) -> str:
        # Spaces and hyphens vary ("quatre-vingt-sept", "seksen yedi"); Arabic number words take ال.
        return re.sub(r"[\s\-‐]", "", re.sub(r"(?<!\w)([وفبل]?)ال", r"\1", normalize_word(text)))

    haystack = squash(translation)
    for words in candidates:
        variants = {squash(words), squash(words).replace("ون", "ين")}  # Arabic case endings
        if any(variant and variant in haystack for variant in variants):
            return words
    return None


# ---------------------------------------------------------------- the checks


@dataclass(frozen=True)
class Context:
    """What a check needs to know besides the two texts."""

    lang: Language
    source: Language
    glossary: Glossary
    url_map: dict[str, str]
    flags: tuple[str, ...]
    is_plural: bool = False
    formatted: bool = False  # Jinja2 applies % formatting to the text (every UI message)


def check_markup(source: str, translation: str, context: Context) -> list[str]:
    found = []
    html = _HTML.search(translation) if "<" in translation else None
    if html and not _HTML.search(source):
        found.append(f"raw HTML is not allowed in a translation: {html[0]}")
    original, translated = read_inline(source), read_inline(translation)
    names = {"strong": "**strong**", "em": "*emphasis*", "code": "`code`", "s": "~~strikethrough~~"}
    for span in sorted(set(original.spans) | set(translated.spans)):
        if span in ("link", "image"):
            continue
        wanted, given = original.spans.get(span, 0), translated.spans.get(span, 0)
        if wanted != given:
            found.append(f"the source has {wanted} {names.get(span, span)}, the translation {given}")
    if len(original.links) != len(translated.links):
        found.append(f"the source has {len(original.links)} links, the translation {len(translated.links)}")
    if len(original.images) != len(translated.images):
        found.append(f"the source has {len(original.images)} images, the translation {len(translated.images)}")
    for marker in ("**", "__", "`", "]("):
        if translated.markers.get(marker, 0) > original.markers.get(marker, 0):
            found.append(f"unbalanced Markdown: {marker!r} is left open or unclosed")
            break
    return found


def check_placeholders(source: str, translation: str, context: Context) -> list[str]:
    if "{" not in source and "{" not in translation and "%" not in source and "%" not in translation:
        return []
    found = []
    formats = [_BRACE]
    if any(flag.endswith("-format") and not flag.startswith("no-") for flag in context.flags) or re.search(
        r"%\([A-Za-z_]\w*\)[sd]", source
    ):
        formats.append(_PRINTF)
    for pattern in formats:
        wanted, given = Counter(pattern.findall(source)), Counter(pattern.findall(translation))
        for placeholder in sorted(set(wanted) - set(given)):
            if not context.is_plural:  # a plural form may leave the number out ("one file")
                found.append(f"placeholder {placeholder} is missing from the translation")
        for placeholder in sorted(set(given) - set(wanted)):
            found.append(f"placeholder {placeholder} is not in the source")
    if context.formatted and not found:
        from .render import formattable

        if not formattable(translation, source):
            found.append("a lone % would break the page: write %% for a percent sign")
    return found


@lru_cache(maxsize=32768)
def _source_numbers(source: str) -> tuple[tuple[str, str], ...]:
    """A source text's figures and their digits, read once for the translations of every language."""
    return tuple((number, _digits_of(number)) for number in _SOURCE_NUMBER.findall(_plain_text(source)))


def check_numbers(source: str, translation: str, context: Context) -> list[str]:
    if context.is_plural:
        return []
    wanted = _source_numbers(source)
    if not wanted:
        return []
    given: dict[str, int] = {}
    # \d is any script's digit: a figure in Arabic-Indic digits is read, then spelled in ASCII ones.
    for number in _NUMBER.findall(_plain_text(translation)):
        # A plain space may group thousands (1 234) or stand between two figures (2020 150): both readings count.
        for reading in (number, *number.split(" ")) if " " in number else (number,):
            digits = _NOT_DIGIT.sub("", reading) if reading.isascii() else _digits_of(reading)
            given[digits] = given.get(digits, 0) + 1
    found = []
    for number, digits in wanted:
        if given.get(digits, 0) > 0:
            given[digits] -= 1
            continue
        words = _spelled_out(digits, _plain_text(translation), context.lang.code)
        if words:
            found.append((WARNING, f'"{number}" is written in words ("{words}"); figures are easier to find'))
        else:
            found.append((ERROR, f'"{number}" is missing from the translation'))
    return found  # type: ignore[return-value]


def _mapped(url: str, context: Context) -> set[str]:
    return {url, context.url_map.get(url, url)}


def check_urls(source: str, translation: str, context: Context) -> list[str]:
    original, translated = read_inline(source), read_inline(translation)
    if not (original.links or original.images or translated.links or translated.images):
        if "http" not in original.text and "www." not in original.text:
            if "http" not in translated.text and "www." not in translated.text:
                return []
    wanted = [url for url in original.links + original.images if not url.startswith("mailto:")]
    wanted += _URL.findall(original.text)
    given = Counter(url for url in translated.links + translated.images if not url.startswith("mailto:"))
    given.update(_URL.findall(translated.text))
    found = []
    for url in wanted:
        match = next((candidate for candidate in _mapped(url, context) if given[candidate] > 0), None)
        if match is None:
            found.append(f"the address {url} is missing or changed")
        else:
            given[match] -= 1
    allowed = {candidate for url in wanted for candidate in _mapped(url, context)}
    for url in sorted(url for url, count in given.items() if count > 0 and url not in allowed):
        found.append(f"the address {url} is not in the source")
    return found


def check_emails(source: str, translation: str, context: Context) -> list[str]:
    if "@" not in source and "@" not in translation:
        return []
    wanted, given = Counter(_EMAIL.findall(source)), Counter(_EMAIL.findall(translation))
    return [f"the e-mail address {email} is missing or changed" for email in sorted(set(wanted) - set(given))] + [
        f"the e-mail address {email} is not in the source" for email in sorted(set(given) - set(wanted))
    ]


def check_whitespace(source: str, translation: str, context: Context) -> list[str]:
    found = []
    if len(source) - len(source.lstrip()) != len(translation) - len(translation.lstrip()):
        found.append("the source and the translation start with different whitespace")
    if len(source) - len(source.rstrip()) != len(translation) - len(translation.rstrip()):
        found.append("the source and the translation end with different whitespace")
    if "  " in translation.strip() and "  " not in source:
        found.append("double space in the translation")
    return found


def check_punctuation(source: str, translation: str, context: Context) -> list[str]:
    found = []
    source_end, translation_end = _ending(_plain_text(source)), _ending(_plain_text(translation))
    if _ENDINGS.get(source_end, "") != _ENDINGS.get(translation_end, ""):
        said = f'"{source_end}"' if source_end in _ENDINGS else "no punctuation"
        given = f'"{translation_end}"' if translation_end in _ENDINGS else "no punctuation"
        found.append(f"the source ends with {said}, the translation with {given}")
    elif (
        context.lang.code.split("_")[0] in _PERSIAN_TYPE | {"ar"} and translation_end in _LATIN_ENDINGS_IN_ARABIC_SCRIPT
    ):
        found.append(
            f'Arabic script ends with "{_LATIN_ENDINGS_IN_ARABIC_SCRIPT[translation_end]}", not "{translation_end}"'
        )
    if context.lang.code.split("_")[0] == "fr":
        plain = _URL.sub("", read_inline(translation).prose)
        # One space goes before a group of marks ("?!"), none between them.
        for match in re.finditer(r"(?<=[^\s:;!?])( ?)([:;!?])(?!\d)", plain):
            if match[2] == ":" and re.match(r"\d", plain[match.start() - 1 : match.start()] or "x"):
                continue
            found.append(f'French puts a no-break space (U+00A0 or U+202F) before "{match[2]}"')
            break
    return found


def _ending(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    return stripped[-1:] if stripped else ""


def check_doubled_words(source: str, translation: str, context: Context) -> list[str]:
    return [f'"{phrase}": a word is repeated' for phrase in doubled_words(_plain_text(translation), context.lang.code)]


def doubled_words(text: str, code: str) -> list[str]:
    words = _WORDS.findall(text.casefold())
    if not any(map(operator.eq, words, words[1:])):
        return []  # no word follows itself: the exact search below is not needed
    allowed = _DOUBLING_ALLOWED.get(code.split("_")[0], set())
    return [
        match[0] for match in _DOUBLED.finditer(text) if not match[1].isdigit() and match[1].casefold() not in allowed
    ]


def check_unchanged(source: str, translation: str, context: Context) -> list[str]:
    if source.strip() != translation.strip():
        return []
    words = _WORDS.findall(_plain_text(source))
    # Names, acronyms and figures are the same in every language.
    if all(word[:1].isupper() or word.isdigit() or not word.isalpha() for word in words):
        return []
    return ["the translation is the source text, untranslated"]


def check_length(source: str, translation: str, context: Context) -> list[str]:
    original, translated = _plain_text(source).strip(), _plain_text(translation).strip()
    if len(original) < 20 or not translated:
        return []
    expected = _EXPANSION.get(context.lang.code.split("_")[0], 1.0) / _EXPANSION.get(
        context.source.code.split("_")[0], 1.0
    )
    ratio = len(translated) / len(original)
    if ratio > expected * 2.0:
        return [f"the translation is {ratio:.1f} times as long as the source (about {expected:.1f} is usual)"]
    if ratio < expected / 2.0:
        return [f"the translation is {ratio:.1f} times as long as the source (about {expected:.1f} is usual)"]
    return []


def check_bidi(source: str, translation: str, context: Context) -> list[str]:
    if not _BIDI_PRESENT.search(translation):
        return []
    found = []
    expected = Counter(character for character in source if character in _BIDI_CONTROLS)
    for character, count in Counter(character for character in translation if character in _BIDI_CONTROLS).items():
        if count > expected[character]:
            name = unicodedata.name(character, f"U+{ord(character):04X}")
            found.append(f"invisible direction control U+{ord(character):04X} {name}: remove it")
    stack: list[str] = []
    for character in translation:
        if character in _BIDI_OPENERS:
            stack.append(_BIDI_OPENERS[character])
        elif character in ("\u202c", "\u2069"):
            if not stack or stack[-1] != character:
                found.append(f"unbalanced direction control U+{ord(character):04X}: it closes nothing")
                break
            stack.pop()
    if stack:
        found.append("unbalanced direction controls: an embedding, override or isolate is never closed")
    return found


def check_script(source: str, translation: str, context: Context) -> list[str]:
    found = []
    code = context.lang.code.split("_")[0]
    expected = _expected_script(context.lang.locale)  # Babel's identifier: "sr@latin" is sr_Latn
    plain = _plain_text(translation)
    if expected == "Latn" and plain.isascii():
        native = len(plain) - len(plain.translate(_WITHOUT_ASCII_LETTERS))  # much faster than matching words
    else:
        native = _letters(_SCRIPT_PATTERNS[expected], plain) if expected is not None else 0
    # Counting every letter is needed only when the script's own letters are less than half the text.
    if expected is not None and native * 2 < len(plain) and native * 2 < _letters(_LETTER, plain):
        # Names and acronyms the source has ("UNDP") are kept as they are: leave them out.
        kept = set(_WORDS.findall(_plain_text(source)))
        text = " ".join(word for word in _WORDS.findall(plain) if word not in kept)
        letters = _letters(_LETTER, text)
        if letters >= 12 and _letters(_SCRIPT_PATTERNS[expected], text) < letters / 2:
            counts = {script: _letters(pattern, text) for script, pattern in _SCRIPT_PATTERNS.items()}
            most = max(counts, key=lambda script: counts[script])
            letters_of = f"{_SCRIPT_NAMES[most]} letters" if counts[most] else "letters of another script"
            found.append(f"mostly {letters_of}, but {context.lang.english_name} is written in another script")
    if code in _PERSIAN_TYPE:
        variants = {"ك": "ک"} if code == "ps" else _PERSIAN_VARIANT  # Pashto has its own ي
        for arabic, persian in variants.items():
            if arabic in translation:
                found.append(f'Arabic "{arabic}" where {context.lang.english_name} writes "{persian}"')
    elif code == "ar":
        for persian, arabic in _ARABIC_VARIANT.items():
            if persian in translation:
                found.append(f'Persian "{persian}" where Arabic writes "{arabic}"')
    if _KASHIDA in translation and _KASHIDA not in source:
        found.append("kashida (ـ) used to stretch a word; let the page lay out the text")
    return found


def check_terminology(source: str, translation: str, context: Context) -> list[str]:
    return context.glossary.problems(_plain_text(source), _plain_text(translation), context.lang.code)


PairCheck = Callable[[str, str, Context], list]
PAIR_CHECKS: dict[str, PairCheck] = {
    "markup": check_markup,
    "placeholders": check_placeholders,
    "numbers": check_numbers,
    "urls": check_urls,
    "emails": check_emails,
    "whitespace": check_whitespace,
    "punctuation": check_punctuation,
    "doubled-words": check_doubled_words,
    "unchanged": check_unchanged,
    "length": check_length,
    "bidi": check_bidi,
    "script": check_script,
    "terminology": check_terminology,
}


# ---------------------------------------------------------------- entries and catalogues


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one entry, as the translator is told about it."""

    file: str
    line: int
    lang: str
    msgid: str
    check: str
    severity: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "lang": self.lang,
            "msgid": self.msgid,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Checker:
    """Checks the entries of one language's catalogues."""

    lang: Language
    source: Language
    glossary: Glossary
    url_map: dict[str, str] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    formatted: bool = False  # the UI catalogue: Jinja2 %-formats every text

    def entry_problems(self, entry: polib.POEntry) -> list[tuple[str, str, str]]:
        """(check, severity, message) for a translated entry, silenced ones left out."""
        silenced = self.disabled
        if entry.flags:
            silenced = silenced | {flag.removeprefix("ignore-") for flag in entry.flags if flag.startswith("ignore-")}
        found: list[tuple[str, str, str]] = []

        def add(check: str, messages: Iterable[object]) -> None:
            if check in silenced:
                return
            for message in messages:
                severity, text = message if isinstance(message, tuple) else (CHECKS[check].severity, message)
                found.append((check, severity, str(text)))

        pairs: list[tuple[str, str]]
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
            if not all(forms):
                add("plurals", [f"{forms.count('')} of {len(forms)} plural forms are empty"])
            pairs = [(entry.msgid_plural if index else entry.msgid, form) for index, form in enumerate(forms) if form]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if source.startswith("\n") != translation.startswith("\n") or source.endswith("\n") != translation.endswith(
                "\n"
            ):
                add("syntax", ["the source and the translation must both begin and end with a newline, or neither"])
        context = Context(
            self.lang,
            self.source,
            self.glossary,
            self.url_map,
            tuple(entry.flags),
            bool(entry.msgid_plural),
            self.formatted,
        )
        for check, function in PAIR_CHECKS.items():
            if check in silenced:
                continue
            seen: set[object] = set()
            for source, translation in pairs:
                for message in function(source, translation, context):
                    if message not in seen:  # the same problem in several plural forms, said once
                        seen.add(message)
                        add(check, [message])
        return found

    def header_problems(self, catalogue: polib.POFile) -> list[tuple[str, str, str]]:
        """(check, severity, message) about the header, located at the header.

        The header's plural formula is the catalogue's own: any formula its
        entries follow is valid, so one that is not what translators' tools
        write for the language is a warning naming both, never an error, and
        holds no translation back. Said only where it matters, in a catalogue
        with plural entries.
        """
        if "plurals" in self.disabled:
            return []
        value = catalogue.metadata.get("Plural-Forms")
        try:
            own = header_rule(catalogue.metadata)
        except PluralFormsSyntax as error:
            # Reading the catalogue checked the syntax; a formula that gives a form past nplurals is left.
            return [("plurals", ERROR, f"Plural-Forms {value!r}: {error}; GNU msgfmt refuses it")]
        if not any(entry.msgid_plural and not entry.obsolete for entry in catalogue):
            return []
        usual = self.lang.usual_plurals
        name = self.lang.english_name
        if own is None:
            said = f'the header has no Plural-Forms: GNU gettext reads the plural entries with "{GNU_DEFAULT}"'
            advice = f'; for {name}, {usual.source.writes} "{usual.rule}"' if usual.known else ""
            return [("plurals", WARNING, said + advice)]
        if not usual.known or own.equivalent(usual.rule):
            return []
        return [
            (
                "plurals",
                WARNING,
                f'Plural-Forms "{value}" is not "{usual.rule}", the formula {usual.source.writes} for {name} '
                f"({difference(own, usual.rule)}); the plural translations follow the header's",
            )
        ]


def change_summary(old: str, new: str, source_lang: Language, glossary: Glossary) -> tuple[str, list[str]]:
    """A word diff of a changed source text, and what meaning-critical parts it touches."""
    old_words, new_words = re.findall(r"\S+", old), re.findall(r"\S+", new)
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
    changed = removed + added
    critical = []
    if any(re.search(r"\d", word) for word in changed):
        critical.append("a number")
    negations = _NEGATIONS.get(source_lang.code.split("_")[0], set())
    if any(re.sub(r"\W", "", word).casefold() in negations or word.casefold().endswith("n't") for word in changed):
        critical.append("a negation")
    changed_text = " ".join(changed)
    if any(normalize_word(term) in normalize_word(changed_text) for term in glossary.source_terms()):
        critical.append("a glossary term")
    if read_inline(old).links != read_inline(new).links:
        critical.append("a link target")
    return " ".join(pieces), critical


@dataclass
class CatalogueReport:
    """The problems of one catalogue and what was (not) checked."""

    file: str
    lang: Language
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    fuzzy: int = 0
    fuzzy_critical: int = 0
    untranslated: int = 0
    held_back: set[tuple[str | None, str]] = field(default_factory=set)  # translated entries with errors

    def count(self, severity: str) -> int:
        return sum(1 for problem in self.problems if problem.severity == severity)


def check_catalogue(catalogue: polib.POFile, shown: str, checker: Checker) -> CatalogueReport:
    """Check every translated entry; describe the source changes behind fuzzy ones."""
    report = CatalogueReport(shown, checker.lang)
    header_line = getattr(catalogue, "header_line", 1) or 1
    for check, severity, message in checker.header_problems(catalogue):
        report.problems.append(Problem(shown, header_line, checker.lang.code, "", check, severity, message))

    def add(entry: polib.POEntry, check: str, severity: str, message: str) -> None:
        report.problems.append(Problem(shown, entry.linenum, checker.lang.code, entry.msgid, check, severity, message))

    for entry in catalogue:
        if entry.obsolete:
            continue
        state = entry_state(entry)
        if state == "untranslated":
            report.untranslated += 1
            silenced = "plurals" in checker.disabled or "ignore-plurals" in entry.flags
            if entry.msgid_plural and any(entry.msgstr_plural.values()) and not silenced:
                empty = list(entry.msgstr_plural.values()).count("")
                add(entry, "plurals", ERROR, f"{empty} of {len(entry.msgstr_plural)} plural forms are empty")
            continue
        if state == "fuzzy":
            report.fuzzy += 1
            if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
                diff, critical = change_summary(entry.previous_msgid, entry.msgid, checker.source, checker.glossary)
                report.fuzzy_critical += bool(critical)
                if "source-changed" not in checker.disabled and "ignore-source-changed" not in entry.flags:
                    note = (
                        f"; it changes {' and '.join(critical)}: re-translate, do not just unmark" if critical else ""
                    )
                    add(entry, "source-changed", WARNING, f"the source changed: {diff}{note}")
            continue
        report.checked += 1
        for check, severity, message in checker.entry_problems(entry):
            report.problems.append(
                Problem(shown, entry.linenum, checker.lang.code, entry.msgid, check, severity, message)
            )
            if severity == ERROR:
                report.held_back.add((entry.msgctxt, entry.msgid))
    return report


def project_glossary(project: Project) -> Glossary:
    return load_glossary(project.glossary_path, project.relative(project.glossary_path))


def checker_for(project: Project, lang: Language, domain: str, glossary: Glossary) -> Checker:
    """The checks as the project configures them for one language's catalogue of ``domain``."""
    from .segment import UI_DOMAIN

    return Checker(
        lang=lang,
        source=project.source_language,
        glossary=glossary,
        url_map=project.url_map.get(lang.code, {}),
        disabled=project.checks_disabled_for(lang.code),
        formatted=domain == UI_DOMAIN,
    )


# ---------------------------------------------------------------- the source documents

_STOP_WORDS = {"and", "or", "the", "of", "in", "to", "a", "an", "on", "at", "by", "for", "with", "from", "is", "are"}
_COUNTED = re.compile(r"(?<![\w.,])(\d[\d,]*)\s+([^\W\d_][\w-]*)")


def check_source_segments(segments: list[tuple[str, int]], shown: str, lang: Language) -> list[Problem]:
    """Problems in the source text itself: doubled words, one thing counted two ways, broken Markdown.

    ``segments`` are (message, line) pairs in document order. The source is not changed.
    """
    problems: list[Problem] = []
    counts: dict[str, list[tuple[str, int]]] = {}
    for text, line in segments:
        plain = _plain_text(text)
        for phrase in doubled_words(plain, lang.code):
            problems.append(
                Problem(shown, line, lang.code, text, "doubled-words", WARNING, f'"{phrase}": a word is repeated')
            )
        inline = read_inline(text)
        for marker in ("**", "__", "`", "]("):
            if inline.markers.get(marker):
                problems.append(
                    Problem(
                        shown,
                        line,
                        lang.code,
                        text,
                        "markup",
                        WARNING,
                        f"{marker!r} does not make Markdown here: is something left open?",
                    )  # fmt: skip
                )
                break
        for number, noun in _COUNTED.findall(plain):
            value = number.replace(",", "")
            if noun.casefold() in _STOP_WORDS or (len(value) == 4 and 1800 <= int(value) <= 2100):
                continue  # years and "2014 and" say nothing about a count
            counts.setdefault(noun.casefold(), []).append((number, line))
    for noun, seen in counts.items():
        first_number, first_line = seen[0]
        for number, line in seen[1:]:
            if number.replace(",", "") != first_number.replace(",", ""):
                problems.append(
                    Problem(
                        shown,
                        line,
                        lang.code,
                        "",
                        "figures",
                        WARNING,
                        f"{number} {noun} here, but {first_number} {noun} at {shown}:{first_line}",
                    )  # fmt: skip
                )
    return problems
