"""Plural rules: the Plural-Forms each language usually has, and what a catalogue's own formula means.

A catalogue says in its header how many plural forms its entries have and
which one a number takes (``Plural-Forms: nplurals=2; plural=(n > 1);``).
That formula is the catalogue's own: every count of plural forms (merging,
checking, compiling) reads it, whatever the language is. This module owns:

- the table of the formula translators' tools write for each language, which
  ``init`` writes into a new catalogue and the ``plurals`` check compares a
  catalogue's formula with. It is the project's own table, not Babel's plural
  data: a new Babel (new CLDR data) must not change what the tool writes or
  says about a catalogue;
- reading a Plural-Forms value into a :class:`PluralRule` (the count and an
  evaluator of the C expression), and deciding whether two rules are the
  same rule written differently.

How the table was made (each formula is stated here in this project's own
words; the sources were read, not copied):

1. Where GNU gettext's ``msginit`` writes a formula (gettext-tools' plural
   table), the table has exactly that text: it is what a catalogue started with
   ``msginit`` has. Checked against ``msginit --no-translator -l LANG`` of
   gettext 0.21 (tests/test_plurals.py runs it again where msginit is installed).
2. For a language msginit has no formula for, the formula Poedit (its table,
   ``src/language_impl_plurals.h`` as of August 2026, or the English-like two
   forms it falls back to) and Weblate (``languages.csv`` of
   WeblateOrg/language-data, August 2026, which Translate Toolkit follows
   too) agree on, up to equivalence.
3. Where those two disagree, Weblate's, which is derived from CLDR; the
   comment beside the entry says what Poedit writes. Dari (``fa_AF``) follows
   Weblate, which files it as ``prs``.

A language the table does not list gets GNU gettext's own default, the rule
its runtime applies to a catalogue without Plural-Forms:
``nplurals=2; plural=(n != 1);``. That is only a starting point for such a
language, so the ``plurals`` check never compares a catalogue with it.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache

# Numbers two rules are compared on: every count up to 1000, where the rules of
# every language differ if they differ at all, and larger ones for the rules
# about millions (Breton, CLDR's French) and about the last digits of big numbers.
_LARGE = sorted(
    {
        base * 10**exponent + offset
        for exponent in range(3, 10)
        for base in (1, 2, 5)
        for offset in (0, 1, 2, 3, 5, 11, 12, 21, 22, 101, 111)
    }
)
SAMPLES: tuple[int, ...] = tuple(range(1001)) + tuple(n for n in _LARGE if n > 1000)

_NPLURALS = re.compile(r"\bnplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"\bplural\s*=\s*([^;]*)")
MAX_FORMS = 10  # no language has more than six; more is a typing error


class PluralFormsSyntax(ValueError):
    """A Plural-Forms value that is not ``nplurals=N; plural=EXPRESSION;`` with a usable expression."""


@cache
def _evaluator(expression: str) -> Callable[[int], int]:
    # gettext.c2py accepts only C's operators on n and numbers and compiles them to Python:
    # nothing else in the expression can run.
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError, OverflowError) as error:
        raise PluralFormsSyntax(f"plural={expression} is not a C expression of n ({error})") from None


@dataclass(frozen=True)
class PluralRule:
    """How many plural forms a catalogue has, and which one a number takes."""

    nplurals: int
    expression: str  # the C expression of n, as written after plural=

    @classmethod
    def parse(cls, value: str) -> PluralRule:
        """The rule a Plural-Forms header value states; PluralFormsSyntax if it states none.

        Like GNU gettext, the two parts may come in either order and the last
        semicolon may be left out. A formula that gives a form past ``nplurals``
        for some number is refused, as GNU msgfmt refuses it.
        """
        return _parsed(value)

    @property
    def forms(self) -> str:
        """The value for a Plural-Forms header line."""
        return f"nplurals={self.nplurals}; plural={self.expression};"

    def form(self, n: int) -> int:
        """The index of the plural form (msgstr[index]) the number ``n`` takes."""
        return _evaluator(self.expression)(n)

    def first_difference(self, other: PluralRule) -> int | None:
        """The first number the two rules give different forms for, None if none of the samples."""
        return _first_difference(self.expression, other.expression)

    def equivalent(self, other: PluralRule) -> bool:
        """The same rule, however written: as many forms, and the same form for every number tried."""
        return self.nplurals == other.nplurals and (
            self.expression == other.expression or self.first_difference(other) is None
        )

    def __str__(self) -> str:
        return self.forms


@cache  # a language's catalogues all state the same formula: read and tried once
def _parsed(value: str) -> PluralRule:
    count, formula = _NPLURALS.search(value), _PLURAL.search(value)
    if count is None or formula is None or not formula[1].strip():
        raise PluralFormsSyntax(f"{value.strip()!r} is not 'nplurals=N; plural=EXPRESSION;'")
    nplurals, expression = int(count[1]), formula[1].strip()
    if not 1 <= nplurals <= MAX_FORMS:
        raise PluralFormsSyntax(f"nplurals={nplurals} is not a number of plural forms from 1 to {MAX_FORMS}")
    evaluate = _evaluator(expression)
    for n in SAMPLES:
        try:
            form = evaluate(n)
        except ArithmeticError:  # a division by zero, for some n
            raise PluralFormsSyntax(f"plural={expression} cannot be worked out for n={n}") from None
        if not 0 <= form < nplurals:
            raise PluralFormsSyntax(f"plural={expression} gives form {form} for n={n}, but nplurals={nplurals}")
    return PluralRule(nplurals, expression)


@cache
def _first_difference(mine: str, theirs: str) -> int | None:
    first, second = _evaluator(mine), _evaluator(theirs)
    return next((n for n in SAMPLES if first(n) != second(n)), None)


# What GNU gettext's runtime applies to a catalogue whose header has no Plural-Forms: two forms, English's.
GNU_DEFAULT = PluralRule(2, "(n != 1)")


class Source(Enum):
    """Where the table's formula for a language comes from, as a translator would recognise it."""

    GNU = "GNU gettext's msginit"
    TOOLS = "Poedit and Weblate"
    WEBLATE = "Weblate"
    DEFAULT = "GNU gettext's default"

    @property
    def writes(self) -> str:
        """The source and its verb, for messages: "Poedit and Weblate write", "Weblate writes"."""
        return f"{self.value} {'write' if self is Source.TOOLS else 'writes'}"


@dataclass(frozen=True)
class UsualRule:
    """The formula the table has for a language, and where it comes from."""

    rule: PluralRule
    source: Source

    @property
    def known(self) -> bool:
        """Whether the table lists the language (rather than falling back to GNU's default)."""
        return self.source is not Source.DEFAULT


_GNU, _TOOLS, _WEBLATE = Source.GNU, Source.TOOLS, Source.WEBLATE
_ONE = "nplurals=1; plural=0;"
_NOT_ONE = "nplurals=2; plural=(n != 1);"
_ABOVE_ONE = "nplurals=2; plural=(n > 1);"
# Russian's three forms as msginit writes them; Bosnian has the same in Poedit and Weblate.
_EAST_SLAVIC = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
_CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
# Arabic: 0, 1, 2, 3-10, 11-99 (also after hundreds: 111, 1011), and the rest (100-102, ...): the GNU
# gettext manual's formula, also Poedit's and Weblate's.
_ARABIC = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
_MALTESE = "nplurals=4; plural=(n==1 ? 0 : n==0 || (n%100>1 && n%100<11) ? 1 : (n%100>10 && n%100<20) ? 2 : 3);"

# gettext language code (as the locales/ folder names it) -> (Plural-Forms, where it comes from).
# A code with a region or modifier not listed here takes its language's entry (pt_PT -> pt, sr@latin -> sr).
_TABLE: dict[str, tuple[str, Source]] = {
    # 1. GNU gettext 0.21, msginit's own table: exactly the text msginit writes.
    "be": (_EAST_SLAVIC, _GNU),
    "bg": (_NOT_ONE, _GNU),
    "cs": (_CZECH, _GNU),
    "da": (_NOT_ONE, _GNU),
    "de": (_NOT_ONE, _GNU),
    "el": (_NOT_ONE, _GNU),
    "en": (_NOT_ONE, _GNU),
    "eo": (_NOT_ONE, _GNU),
    "es": (_NOT_ONE, _GNU),
    "et": (_NOT_ONE, _GNU),
    "fi": (_NOT_ONE, _GNU),
    "fo": (_NOT_ONE, _GNU),
    "fr": (_ABOVE_ONE, _GNU),  # CLDR 42+ has three (a form for millions); no editor writes that
    "ga": ("nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;", _GNU),  # Poedit and Weblate: five
    "he": (_NOT_ONE, _GNU),  # Weblate: four, from CLDR
    "hr": (_EAST_SLAVIC, _GNU),
    "hu": (_NOT_ONE, _GNU),
    "it": (_NOT_ONE, _GNU),
    "ja": (_ONE, _GNU),
    "ko": (_ONE, _GNU),
    "lt": ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);", _GNU),
    "lv": ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);", _GNU),  # Weblate orders them as CLDR
    "nb": (_NOT_ONE, _GNU),
    "nl": (_NOT_ONE, _GNU),
    "nn": (_NOT_ONE, _GNU),
    "no": (_NOT_ONE, _GNU),
    "pl": ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);", _GNU),
    "pt": (_NOT_ONE, _GNU),  # Weblate: n > 1, as Brazilian Portuguese
    "pt_BR": (_ABOVE_ONE, _GNU),
    "ro": ("nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;", _GNU),
    "ru": (_EAST_SLAVIC, _GNU),
    "sk": (_CZECH, _GNU),
    "sl": ("nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);", _GNU),
    "sr": (_EAST_SLAVIC, _GNU),
    "sv": (_NOT_ONE, _GNU),
    "tr": (_NOT_ONE, _GNU),  # old GNOME and Launchpad files have one form: accepted, with a warning
    "uk": (_EAST_SLAVIC, _GNU),
    "vi": (_ONE, _GNU),
    # 2. Not in msginit's table; Poedit and Weblate agree (Poedit: its own entry, or where it has none,
    # the English-like two forms it falls back to).
    "af": (_NOT_ONE, _TOOLS),
    "ak": (_ABOVE_ONE, _TOOLS),
    "an": (_NOT_ONE, _TOOLS),
    "ar": (_ARABIC, _TOOLS),
    "ast": (_NOT_ONE, _TOOLS),
    "az": (_NOT_ONE, _TOOLS),
    "bo": (_ONE, _TOOLS),
    "br": (
        "nplurals=5; plural=(n%10==1 && n%100!=11 && n%100!=71 && n%100!=91 ? 0"
        " : n%10==2 && n%100!=12 && n%100!=72 && n%100!=92 ? 1"
        " : (n%10==3 || n%10==4 || n%10==9) && (n%100<10 || n%100>19) && (n%100<70 || n%100>79)"
        " && (n%100<90 || n%100>99) ? 2 : n!=0 && n%1000000==0 ? 3 : 4);",
        _TOOLS,
    ),
    "bs": (_EAST_SLAVIC, _TOOLS),
    "ca": (_NOT_ONE, _TOOLS),
    "ckb": (_NOT_ONE, _TOOLS),
    "cy": ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);", _TOOLS),
    "dz": (_ONE, _TOOLS),
    "eu": (_NOT_ONE, _TOOLS),
    "fy": (_NOT_ONE, _TOOLS),
    "gd": ("nplurals=4; plural=(n==1 || n==11) ? 0 : (n==2 || n==12) ? 1 : (n > 2 && n < 20) ? 2 : 3;", _TOOLS),
    "gl": (_NOT_ONE, _TOOLS),
    "ha": (_NOT_ONE, _TOOLS),
    "ht": (_NOT_ONE, _TOOLS),
    "hy": (_ABOVE_ONE, _TOOLS),
    "ia": (_NOT_ONE, _TOOLS),
    "id": (_ONE, _TOOLS),
    "ig": (_ONE, _TOOLS),
    "ka": (_NOT_ONE, _TOOLS),
    "kk": (_NOT_ONE, _TOOLS),
    "km": (_ONE, _TOOLS),
    "ks": (_NOT_ONE, _TOOLS),
    "ku": (_NOT_ONE, _TOOLS),
    "ky": (_NOT_ONE, _TOOLS),
    "la": (_NOT_ONE, _TOOLS),
    "lb": (_NOT_ONE, _TOOLS),
    "ln": (_ABOVE_ONE, _TOOLS),
    "lo": (_ONE, _TOOLS),
    "mg": (_ABOVE_ONE, _TOOLS),
    "ml": (_NOT_ONE, _TOOLS),
    "mn": (_NOT_ONE, _TOOLS),
    "ms": (_ONE, _TOOLS),
    "mt": (_MALTESE, _TOOLS),
    "my": (_ONE, _TOOLS),
    "ne": (_NOT_ONE, _TOOLS),
    "nso": (_ABOVE_ONE, _TOOLS),
    "om": (_NOT_ONE, _TOOLS),
    "pa": (_ABOVE_ONE, _TOOLS),
    "ps": (_NOT_ONE, _TOOLS),
    "rw": (_NOT_ONE, _TOOLS),
    "sc": (_NOT_ONE, _TOOLS),
    "sd": (_NOT_ONE, _TOOLS),
    "si": (_ABOVE_ONE, _TOOLS),
    "sn": (_NOT_ONE, _TOOLS),
    "so": (_NOT_ONE, _TOOLS),
    "sq": (_NOT_ONE, _TOOLS),
    "st": (_NOT_ONE, _TOOLS),
    "sw": (_NOT_ONE, _TOOLS),
    "ta": (_NOT_ONE, _TOOLS),
    "te": (_NOT_ONE, _TOOLS),
    "th": (_ONE, _TOOLS),
    "ti": (_ABOVE_ONE, _TOOLS),
    "tk": (_NOT_ONE, _TOOLS),
    "ug": (_NOT_ONE, _TOOLS),
    "ur": (_NOT_ONE, _TOOLS),
    "uz": (_NOT_ONE, _TOOLS),
    "ve": (_NOT_ONE, _TOOLS),
    "wa": (_ABOVE_ONE, _TOOLS),
    "wo": (_ONE, _TOOLS),
    "xh": (_NOT_ONE, _TOOLS),
    "yi": (_NOT_ONE, _TOOLS),
    "yo": (_ONE, _TOOLS),
    "zh": (_ONE, _TOOLS),  # zh_CN, zh_TW, zh_Hans, ... all take this entry
    # 3. Weblate's (from CLDR), where Poedit writes another formula (in the comment). Poedit's
    # "(n==0 || n==1)" is the same two forms the other way round: the singular in msgstr[1].
    "am": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
    "as": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
    "bn": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
    "fa": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1); older Poedit: one form
    "fa_AF": (_NOT_ONE, _WEBLATE),  # Dari, Weblate's prs; Poedit: Persian's; CLDR: Persian's n > 1
    # Filipino and Tagalog: Poedit has the same two forms the other way round.
    "fil": ("nplurals=2; plural=(n != 1 && n != 2 && n != 3 && (n%10 == 4 || n%10 == 6 || n%10 == 9));", _WEBLATE),
    "gu": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
    "hi": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
    "is": ("nplurals=2; plural=(n%10 != 1 || n%100 == 11);", _WEBLATE),  # Poedit: the other way round
    "kn": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
    "mi": (_ABOVE_ONE, _WEBLATE),  # Poedit: no entry, so n != 1
    "mk": ("nplurals=2; plural=(n==1 || n%10==1 ? 0 : 1);", _WEBLATE),  # Poedit: (n%10==1 && n%100!=11)
    "mr": (_NOT_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
    "oc": (_ABOVE_ONE, _WEBLATE),  # Poedit: no entry, so n != 1
    "su": (_ONE, _WEBLATE),  # Poedit: no entry, so two forms
    "tg": (_ABOVE_ONE, _WEBLATE),  # Poedit: no entry, so n != 1
    "tl": ("nplurals=2; plural=(n != 1 && n != 2 && n != 3 && (n%10 == 4 || n%10 == 6 || n%10 == 9));", _WEBLATE),
    "tt": (_ONE, _WEBLATE),  # Poedit: no entry, so two forms
    "zu": (_ABOVE_ONE, _WEBLATE),  # Poedit: (n==0 || n==1)
}  # fmt: skip


def table() -> dict[str, UsualRule]:
    """Every entry of the table, for the tests and for anyone who wants to see it."""
    return {code: _usual(code) for code in _TABLE}


@cache
def _usual(key: str) -> UsualRule:
    forms, source = _TABLE[key]
    return UsualRule(PluralRule.parse(forms), source)


@cache
def usual_rule(code: str) -> UsualRule:
    """The table's rule for a gettext language code (``fr``, ``pt_BR``, ``sr@latin``, ``zh_Hant_TW``).

    The code itself is looked up first, then its language with its region,
    then its language alone; a language the table does not list gets GNU's default.
    """
    base = code.split("@")[0]
    parts = base.split("_")
    regions = [part for part in parts[1:] if part.isupper() or part.isdigit()]
    candidates = [code, base, *(f"{parts[0]}_{region}" for region in regions), parts[0]]
    for candidate in candidates:
        if candidate in _TABLE:
            return _usual(candidate)
    return UsualRule(GNU_DEFAULT, Source.DEFAULT)


def header_rule(metadata: Mapping[str, str]) -> PluralRule | None:
    """The rule a catalogue's header states; None without a Plural-Forms line; PluralFormsSyntax if broken."""
    value = metadata.get("Plural-Forms")
    return None if value is None else PluralRule.parse(value)


def difference(own: PluralRule, usual: PluralRule) -> str:
    """How two rules that are not equivalent differ, in a few words for a translator."""
    if own.nplurals != usual.nplurals:
        return f"{own.nplurals} form{'s' if own.nplurals != 1 else ''} instead of {usual.nplurals}"
    n = own.first_difference(usual)
    return f"n={n} takes form {own.form(n)} instead of {usual.form(n)}" if n is not None else "written differently"
