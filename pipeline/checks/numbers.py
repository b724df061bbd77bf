"""The ``numbers`` check: every figure of the source is in the translation, in any digits readers use.

A figure may be written in Arabic-Indic or Extended Arabic-Indic digits (or any
script's) with the locale's own separators; one spelled out in words (as
num2words says it, or as the small tables below add) is a warning, not an error.

What is read as one figure, in the source and the translation alike: a run of
digits joined by single separators (1,234.5 · 1 234,5 · ١٬٢٣٤٫٥ · 2.5.1 ·
127.0.0.1, so a version or an IP address is one token, whatever digits it is
written in). What is not read as a figure: the digits of a placeholder
(``%2$s``, ``{0}``, ``%(n)d``), of a web address (the ``urls`` check compares
those) and of a word (HTML5, GPLv3, 3.0a1's "1"). A name ending in a number
(UTF-8, CC-BY-SA-3.0) may be translated or left out: its absence is a warning.
A phone number is one token; one replaced by a number of another country (an
example adapted to the reader: "+1 for the US" -> "+33 pour la France") is a warning.
A year given in the Solar or Lunar Hijri calendar is a warning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .inline import MarkupKind, plain_text
from .langdata import DECIMAL_SEPARATORS, GROUP_SEPARATORS
from .registry import ERROR, WARNING, Context, Finding, Level, check
from .terminology import normalize_word
from .urls import strip_urls

_HAS_DIGIT = re.compile(r"\d")  # any script's digit
_NON_ASCII_DIGIT = re.compile(r"[^\D0-9]")  # Arabic-Indic ٠-٩, Extended ۰-۹, Devanagari, ...
_NOT_DIGIT = re.compile(r"\D")
# Where a token of the translation may also be read in pieces: a space may group thousands (1 234) or
# stand between two figures (2020 150); a Persian slash may be a decimal point or a date's.
_PIECES = re.compile(r"[\s\u00a0\u202f/]")

# Placeholders: printf's (%d, %2$s, %-5.2f, %lld, %Id), Python's %(name)s, and str.format's {0}, {0:.2f}.
_PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?[-+#0'I]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn]"
    r"|%\([^()\s]*\)[-+#0 ]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|\{\w*(?:[.\[][^{}\s]*)?(?:![rsa])?(?::[^{}\s]*)?\}"
)
# In a translation, only those unlike a figure in a language's text (Turkish writes %50 for 50 %).
_POSITIONAL = re.compile(r"%\d+\$[-+#0'I]*\d*(?:\.\d+)?[a-zA-Z]+|\{\d+(?:[.\[][^{}\s]*)?(?:![rsa])?(?::[^{}\s]*)?\}")
# A name ending in a number: UTF-8, ISO-8859-1, CC-BY-SA-3.0, x86-64.
_TERM = re.compile(r"(?<![\w.\-])[^\W\d_]\w*(?:-\w+)*-\d+(?:\.\d+)*(?:-\w+)*")
# What every such name holds: looked for first, as it is found 40 times faster and most texts have none.
_TERM_CLUE = re.compile(r"-\d")
# A phone number: +49 89 27373746, +1.
_PHONE = re.compile(r"(?<![\w+])\+\d+(?:[ \-\u00a0]\d+)*")
# A figure of the source: digits joined by single separators (1,234.5 · 2.5.1 · 127.0.0.1), not in a word.
_SOURCE_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
# Persian and Pashto often write the decimal point as a slash (۲/۵).
_EXTRA_SEPARATORS = {"fa": "/", "ps": "/"}
_HIJRI = frozenset({"fa", "ps", "ckb", "ar", "ur"})
_SOLAR_HIJRI = frozenset({"fa", "ps", "ckb"})


def _primary(code: str) -> str:
    return re.split(r"[_\-@.]", code, maxsplit=1)[0].lower()


@cache
def _translation_number(code: str) -> re.Pattern[str]:
    separators = GROUP_SEPARATORS + DECIMAL_SEPARATORS + _EXTRA_SEPARATORS.get(_primary(code), "")
    return re.compile(rf"\d+(?:[{re.escape(separators)}]\d+)*")


def _ascii_digits(text: str) -> str:
    return _NON_ASCII_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit[0])), text)


def _digits_of(number: str) -> str:
    return _NOT_DIGIT.sub("", _ascii_digits(number) if not number.isascii() else number)


# ---------------------------------------------------------------- numbers in words

# Words that say "one" but mostly mean "a": never taken for a spelled-out 1 (Dutch één, with its
# accents, is the numeral; een is the article).
_ARTICLES: dict[str, frozenset[str]] = {
    "fr": frozenset({"un", "une"}),
    "nl": frozenset({"een"}),
    "de": frozenset({"ein", "eine", "einen", "einem", "einer", "eines"}),
    "es": frozenset({"un", "una", "uno"}),
    "it": frozenset({"un", "una", "uno"}),
    "pt": frozenset({"um", "uma"}),
    "ca": frozenset({"un", "una"}),
    "ro": frozenset({"un", "o"}),
    "tr": frozenset({"bir"}),
    "fa": frozenset({"یک"}),
    "en": frozenset({"one"}),
}

# Forms num2words does not give, as patterns matched from the start of a word (inflected Russian,
# Arabic adjectives of dimension, Chinese numerals); each pattern ends where it says.
_MORE_WORDS: dict[str, dict[int, str]] = {
    "ru": {
        1: r"(?:один|одн(?:а|о|и|у|ой|ою|ого|ому|им|ом|их|ими))(?!\w)",
        2: r"(?:дв(?:а|е|ум|умя)(?!\w)|двух\w*)",
        3: r"(?:тр(?:и|ем|емя)(?!\w)|трех\w*)",
        4: r"(?:четыр(?:е|ем|ьмя)(?!\w)|четырех\w*)",
        5: r"(?:пят(?:ь|ью)(?!\w)|пяти\w*)",
    },
    "ar": {1: r"(?:احادي|واحد)", 2: r"(?:ثنائي|اثنين|اثنتين)", 3: r"ثلاثي", 4: r"رباعي"},
    # 一 but not in 一个 (a), 一些 (some), 一切 (all), 统一 (unify), 唯一 (only), 一般 (usual), ...
    "zh": {
        1: r"(?<![统統唯同之万])一(?![个個些切直起定样樣般旦下致律部])",
        2: r"[二两兩]",
        3: "三",
        4: "四",
        5: "五",
        6: "六",
        7: "七",
        8: "八",
        9: "九",
        10: "十",
    },
    "ja": {1: r"(?<![統同唯之万])一(?![覧般部時致意切緒度括斉旦定])"},
}
# Arabic words take a conjunction or preposition before them (وثلاثية: "and three-").
_PROCLITICS = {"ar": "(?:[وفبل]|وب|ول)?"}
_CJK = frozenset({"zh", "ja", "ko"})
# Arabic-script suffixes a number word takes (واحدة, ثلاثية, واحدًا): allowed after it.
_SUFFIXES = {"ar": "(?:ة|ه|ا|ان|ين|ون|ه)?", "fa": "(?:ی|ای)?", "ckb": "(?:ە|ی)?"}


@cache
def _num2words_language(code: str) -> str | None:
    # Lazy: num2words takes ~35 ms to import, and only a translation that may spell a number out needs it.
    from num2words import num2words

    for candidate in (code, _primary(code)):
        try:
            num2words(1, lang=candidate)
            return candidate
        except (NotImplementedError, OverflowError, TypeError):
            continue
    return None


def _strip_article_al(text: str) -> str:
    # Arabic number words take ال (السبعة والثمانون).
    return re.sub(r"(?<!\w)([وفبل]?)ال", r"\1", text)


@dataclass(frozen=True)
class _Spelling:
    words: str  # as num2words says them, for the message ("": the words matched)
    pattern: re.Pattern[str]
    raw: bool  # matched on the text with its accents (Dutch één against een)


@lru_cache(maxsize=4096)
def _spellings(value: int, code: str) -> tuple[_Spelling, ...]:
    language = _num2words_language(code)
    primary = _primary(code)
    articles = _ARTICLES.get(primary, frozenset())
    cjk = primary in _CJK
    start = "" if cjk else r"(?<!\w)" + _PROCLITICS.get(primary, "")
    end = "" if cjk else _SUFFIXES.get(primary, "") + r"(?!\w)"
    found: list[_Spelling] = []
    if language is not None:
        from num2words import num2words  # lazy: see _num2words_language

        candidates: set[str] = set()
        for kind in ("cardinal", "year", "ordinal"):
            try:
                candidates.add(str(num2words(value, lang=language, to=kind)))
            except (NotImplementedError, OverflowError, TypeError, KeyError, IndexError, ValueError):
                continue  # num2words cannot say it this way in this language (years before 645 in Japanese, ...)
        for words in sorted(candidates):
            raw = False
            if normalize_word(words) in articles:
                if words.casefold() == normalize_word(words):
                    continue  # the article itself: "un", "een", "bir"
                raw = True  # "één" counts, "een" does not
            folded = words.casefold() if raw else _strip_article_al(normalize_word(words))
            parts = [re.escape(part) for part in re.split(r"[\s\-‐]+", folded) if part]
            if not parts:
                continue
            body = r"[\s\-‐]*".join(parts)
            if primary == "ar":
                body = "(?:" + body + "|" + body.replace("ون", "ين") + ")"  # Arabic case endings
            found.append(_Spelling(words, re.compile(start + body + end), raw))
    more = _MORE_WORDS.get(primary, {}).get(value)
    if more:
        found.append(_Spelling("", re.compile(start + normalize_word(more)), False))
    return tuple(found)


def spelled_out(number: str, translation: str, code: str) -> str | None:
    """The words ``number`` is spelled with in ``translation``, if it is."""
    if not number.isdigit() or len(number) > 30:  # past what anyone spells out
        return None
    spellings = _spellings(int(number), code)
    if not spellings:
        return None
    folded = translation.casefold()
    normal = _strip_article_al(normalize_word(translation))
    for spelling in spellings:
        match = spelling.pattern.search(folded if spelling.raw else normal)
        if match:
            if spelling.words:
                return spelling.words
            return match[0] if _primary(code) in _CJK else _as_written(match[0], translation)
    return None


def _as_written(found: str, translation: str) -> str:
    """The word of ``translation`` that ``found`` (matched in its folded form) starts in: одной, not однои."""
    start = _strip_article_al(found.split()[0]) if found.split() else found
    for word in re.findall(r"\w+", translation):
        if start and start in _strip_article_al(normalize_word(word)):
            return str(word)
    return found


# ---------------------------------------------------------------- reading the texts


@dataclass(frozen=True)
class _Source:
    numbers: tuple[tuple[str, str], ...]  # (as written, digits)
    terms: tuple[str, ...]
    phones: tuple[tuple[str, str], ...]  # (as written, digits)
    placeholders: frozenset[str]


_NOTHING = _Source((), (), (), frozenset())


@lru_cache(maxsize=32768)
def _read_source(source: str, kind: MarkupKind) -> _Source:
    """A source text's figures, read once for the translations of every language."""
    if not _HAS_DIGIT.search(source):
        return _NOTHING
    text = strip_urls(plain_text(source, kind))
    placeholders: frozenset[str] = frozenset()
    if "%" in text or "{" in text:
        placeholders = frozenset(_PLACEHOLDER.findall(text))
        text = _PLACEHOLDER.sub(" ", text)
    terms: tuple[str, ...] = ()
    if _TERM_CLUE.search(text):
        terms = tuple(_TERM.findall(text))
        text = _TERM.sub(" ", text)
    phones: tuple[tuple[str, str], ...] = ()
    if "+" in text:
        phones = tuple((phone, _digits_of(phone)) for phone in _PHONE.findall(text))
        text = _PHONE.sub(" ", text)
    numbers = tuple((number, _digits_of(number)) for number in _SOURCE_NUMBER.findall(text))
    return _Source(numbers, terms, phones, placeholders)


def _read_translation(
    text: str, source: _Source, code: str
) -> tuple[str, dict[str, int], list[tuple[str, str]], dict[str, int]]:
    """The translation's visible text, its figures' readings (digits: how many), phone numbers and terms."""
    text = strip_urls(text)
    for placeholder in source.placeholders:
        text = text.replace(placeholder, " ")
    if "%" in text or "{" in text:
        text = _POSITIONAL.sub(" ", text)
    terms: dict[str, int] = {}
    if _TERM_CLUE.search(text):
        for term in _TERM.findall(text):
            terms[term.casefold()] = terms.get(term.casefold(), 0) + 1
        text = _TERM.sub(" ", text)
    phones = [(phone, _digits_of(phone)) for phone in _PHONE.findall(text)] if "+" in text else []
    given: dict[str, int] = {}
    for number in _translation_number(code).findall(text):
        # A plain space may group thousands (1 234) or stand between two figures (2020 150): both readings count.
        readings = (number, *_PIECES.split(number)) if _PIECES.search(number) else (number,)
        for reading in readings:
            digits = _digits_of(reading)
            given[digits] = given.get(digits, 0) + 1
    return text, given, phones, terms


def _other_calendar(number: str, given: dict[str, int], code: str) -> str | None:
    """A year of the source given in the Solar Hijri (2021 -> 1400) or Lunar Hijri (2021 -> 1442) calendar."""
    primary = _primary(code)
    if primary not in _HIJRI or not number.isdigit() or len(number) != 4 or not 1900 <= int(number) <= 2100:
        return None
    year = int(number)
    lunar = round((year - 622) * 33 / 32)
    candidates = [lunar - 1, lunar, lunar + 1]
    if primary in _SOLAR_HIJRI:
        candidates = [year - 622, year - 621, *candidates]
    for candidate in candidates:
        if given.get(str(candidate), 0) > 0:
            given[str(candidate)] -= 1
            return str(candidate)
    return None


@check(
    "numbers", ERROR, Level.PAIR, "every number in the source must be in the translation, in digits your readers use"
)
def numbers(source: str, translation: str, context: Context) -> list[Finding]:
    """a number of the source missing; any digits readers use are accepted (1998, ١٩٩٨, ۱۹۹۸) with the
    locale's separators; a number spelled out in words is a warning

    A version or an IP address is one token; a year in another calendar, a name with a number left
    out or a phone number of another country is a warning too. A 1 in words is not said: "one page" is
    how most languages say a single thing."""
    if context.is_plural:
        return []
    wanted = _read_source(source, context.markup)
    if not (wanted.numbers or wanted.terms or wanted.phones):
        return []
    code = context.lang.code
    visible = context.plain(translation)
    text, given, phones, terms = _read_translation(visible, wanted, code)
    found = []
    missing = []
    for number, digits in wanted.numbers:
        if given.get(digits, 0) > 0:
            given[digits] -= 1
        else:
            missing.append((number, digits))
    for number, digits in missing:
        words = spelled_out(digits, text, code)
        if words and digits == "1":
            continue  # "one" with a noun is how most languages say a single thing (一秒, صفحة واحدة)
        year = None if words else _other_calendar(digits, given, code)
        if words:
            found.append(Finding(f'"{number}" is written in words ("{words}"); figures are easier to find', WARNING))
        elif year:
            found.append(Finding(f'"{number}" is given as "{year}": a year of another calendar? Check it', WARNING))
        else:
            found.append(Finding(f'"{number}" is missing from the translation'))
    found.extend(_phones(wanted.phones, phones, given))
    for term in wanted.terms:
        parts = term.casefold().split("-")
        # Non-UTF-8 is there when UTF-8 is, CC-BY-SA-3.0 when SA-3.0 is.
        shorter = ["-".join(parts[index:]) for index in range(len(parts) - 1)]
        if any(terms.get(key, 0) > 0 or key in visible.casefold() for key in shorter):
            continue
        tail = _digits_of(term.rsplit("-", 1)[-1]) if _HAS_DIGIT.search(term.rsplit("-", 1)[-1]) else ""
        if tail and given.get(tail, 0) > 0:
            given[tail] -= 1
            continue
        found.append(Finding(f'"{term}" (a name with a number) is not in the translation; check it', WARNING))
    return found


def _phones(
    wanted: tuple[tuple[str, str], ...], given: list[tuple[str, str]], numbers: dict[str, int]
) -> list[Finding]:
    """Phone numbers compared whole; one of another country is a warning (an example adapted to the reader)."""
    found = []
    left = list(given)
    missing = []
    for phone, digits in wanted:
        match = next((index for index, (_, other) in enumerate(left) if other == digits), None)
        if match is not None:
            del left[match]
        elif numbers.get(digits, 0) > 0:  # "+5 %" written "%+5" or "+ 5": the figure is there
            numbers[digits] -= 1
        else:
            missing.append(phone)
    for phone in missing:
        country = _country(phone)
        other = next((index for index, (shown, _) in enumerate(left) if _country(shown) != country), None)
        if other is not None:
            shown = left.pop(other)[0]
            found.append(
                Finding(f'the phone number "{phone}" is "{shown}", of another country: an adapted example?', WARNING)
            )
        else:
            found.append(Finding(f'"{phone}" is missing from the translation'))
    return found


def _country(phone: str) -> str:
    return _digits_of(re.split(r"[ \-\u00a0]", phone, maxsplit=1)[0])
