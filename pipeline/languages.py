"""Language codes and what the tool knows about each language.

A language has three spellings:

- gettext's, the folder name under ``locales/`` and the one users write:
  ``fr``, ``fa_AF``, ``zh_CN``, ``pt_BR``, ``sr@latin``, ``ca@valencia``;
- BCP 47's, for ``lang=""``, ``hreflang`` and the site's folders: ``fa-AF``,
  ``zh-CN``, ``pt-BR``, ``sr-Latn``, ``ca-valencia``;
- Babel's locale, for names, text direction, dates and numbers: ``fa_AF``,
  ``zh_Hans_CN`` (Babel has no ``zh_CN``), ``sr_Latn``, ``ca_ES_VALENCIA``.

Names and direction come from Babel's CLDR data. Plural rules come from the
project's own table (``plurals``), never from Babel's plural data, so that
what the tool writes into a catalogue does not change with Babel's version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from babel import Locale, UnknownLocaleError, localedata

from .errors import LanguageError
from .plurals import PluralRule, UsualRule, usual_rule

# language, optional script, optional region, optional gettext modifier:
# "ar", "fa_AF", "zh_Hant_TW", "es_419", "sr@latin", "sr_RS@latin", "ca@valencia".
_CODE = re.compile(
    r"^(?P<lang>[a-zA-Z]{2,3})(?:[_-](?P<script>[a-zA-Z]{4}))?(?:[_-](?P<region>[a-zA-Z]{2}|\d{3}))?"
    r"(?:@(?P<modifier>[a-zA-Z]+))?$"
)

# gettext's @modifiers that name the script a language is written in, as glibc's locale
# names use them (sr_RS@latin, uz_UZ@cyrillic, ks_IN@devanagari), and its ISO 15924 code.
_SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "devanagari": "Deva"}


@dataclass(frozen=True)
class _Variant:
    """A gettext @modifier that names a variety of one language, and how Babel and BCP 47 name it."""

    language: str
    region: str  # Babel files the variety under this region
    babel: str  # Babel's variant
    subtag: str  # the BCP 47 variant subtag (IANA registry)


_VARIANT_MODIFIERS = {"valencia": _Variant("ca", "ES", "VALENCIA", "valencia")}  # ca@valencia: Valencian


@dataclass(frozen=True)
class CodeParts:
    """A language code taken apart: ``sr_RS@latin`` is sr, no script, RS, modifier latin."""

    language: str
    script: str | None = None
    region: str | None = None
    modifier: str | None = None

    @property
    def code(self) -> str:
        """gettext's spelling, the folder name: ``zh_CN``, ``sr@latin``."""
        code = "_".join(part for part in (self.language, self.script, self.region) if part)
        return f"{code}@{self.modifier}" if self.modifier else code

    @property
    def written_script(self) -> str | None:
        """The script the code names, as a subtag or as a modifier."""
        return self.script or _SCRIPT_MODIFIERS.get(self.modifier or "")

    @property
    def tag(self) -> str:
        """BCP 47's spelling: ``zh-CN``, ``sr-Latn``, ``ca-valencia``."""
        variant = _VARIANT_MODIFIERS[self.modifier].subtag if self.modifier in _VARIANT_MODIFIERS else None
        return "-".join(part for part in (self.language, self.written_script, self.region, variant) if part)

    @property
    def babel(self) -> str:
        """The locale identifier asked of Babel: ``sr_Latn_RS`` for ``sr_RS@latin``."""
        if self.modifier in _VARIANT_MODIFIERS:
            variant = _VARIANT_MODIFIERS[self.modifier]
            return "_".join((self.language, self.region or variant.region, variant.babel))
        return "_".join(part for part in (self.language, self.written_script, self.region) if part)


@cache  # every tag and locale asks again, for every page and link
def parse_code(code: str) -> CodeParts:
    """A language code as gettext or BCP 47 writes it, taken apart; LanguageError if it is none."""
    match = _CODE.match(code.strip()) if isinstance(code, str) else None
    if not match:
        raise LanguageError(
            f"{code!r} is not a language code; use ISO 639 codes such as 'fr', 'ar', 'ckb', "
            "with a region such as 'fa_AF' or 'zh_CN', or a gettext modifier such as 'sr@latin'"
        )
    modifier = match["modifier"].lower() if match["modifier"] else None
    parts = CodeParts(
        match["lang"].lower(),
        match["script"].title() if match["script"] else None,
        match["region"].upper() if match["region"] else None,
        modifier,
    )
    if modifier is not None:
        variant = _VARIANT_MODIFIERS.get(modifier)
        if modifier not in _SCRIPT_MODIFIERS and variant is None:
            known = ", ".join(f"@{name}" for name in [*_SCRIPT_MODIFIERS, *_VARIANT_MODIFIERS])
            raise LanguageError(f"unknown language {code!r}: the modifier @{modifier} is none of {known}")
        if variant is not None and variant.language != parts.language:
            raise LanguageError(f"unknown language {code!r}: @{modifier} is a variety of {variant.language!r}")
        if parts.script and modifier in _SCRIPT_MODIFIERS:
            raise LanguageError(
                f"{code!r} names its script twice; write {parts.language}_{parts.script} or @{modifier}"
            )
    return parts


def normalize_code(code: str) -> str:
    """Spell a language code the way gettext does (``fa-af`` -> ``fa_AF``, ``SR@Latin`` -> ``sr@latin``).

    Raises LanguageError for anything that is not language[_Script][_REGION][@modifier].
    """
    return parse_code(code).code


@cache
def _babel_locale(code: str) -> str | None:
    """The Babel locale a gettext code stands for, as an identifier; None if Babel has none.

    Babel files some languages under a script only (``zh_Hans_CN``, not ``zh_CN``):
    its own parser finds those through CLDR's likely subtags. It also quietly
    replaces what it does not know (``en_ZZ`` becomes ``en_US``, ``be_Latn``
    becomes ``be``): such an answer is refused, not taken for the language asked.
    """
    parts = parse_code(code)
    identifier = parts.babel
    if localedata.exists(identifier):
        return identifier
    try:
        found = Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return None
    script = parts.written_script
    variant = _VARIANT_MODIFIERS[parts.modifier].babel if parts.modifier in _VARIANT_MODIFIERS else None
    if (
        found.language != parts.language
        or (parts.region is not None and found.territory != parts.region)
        or (script is not None and found.script != script)
        or (variant is not None and found.variant != variant)
    ):
        return None
    return str(found)


@cache  # asked for every link of every page
def _tag(code: str) -> str:
    return parse_code(code).tag


def _unknown(code: str) -> LanguageError:
    """The error for a code Babel has no locale for, naming the code as the user wrote it."""
    return LanguageError(f"unknown language {code!r}: Babel's locale data has no {parse_code(code).babel!r}")


@dataclass(frozen=True)
class Language:
    """One language as the pipeline uses it.

    Only the gettext code is stored; names and direction are read from
    Babel's locale data the first time they are asked for, so a command that
    needs none of them (a build with nothing to do) does not load the data.
    """

    code: str  # gettext form, the folder name under locales/: "fa_AF", "zh_CN", "sr@latin"

    @property
    def parts(self) -> CodeParts:
        return parse_code(self.code)

    @property
    def tag(self) -> str:
        """BCP 47 form, for lang="" and URLs: "fa-AF", "zh-CN", "sr-Latn"."""
        return _tag(self.code)

    @property
    def locale(self) -> str:
        """The Babel locale identifier, for names, dates and numbers: "zh_Hans_CN", "sr_Latn"."""
        found = _babel_locale(self.code)
        if found is None:
            raise _unknown(self.code)
        return found

    @cached_property
    def _locale(self) -> Locale:
        return Locale.parse(self.locale)

    @cached_property
    def endonym(self) -> str:
        """The language's name in itself: "دری"."""
        # CLDR names some language+region pairs on their own ("fa_AF" is "Dari").
        return self._locale.languages.get(self.locale) or self._locale.get_display_name(self._locale) or self.code

    @cached_property
    def english_name(self) -> str:
        english = Locale("en")
        return english.languages.get(self.locale) or self._locale.get_display_name(english) or self.code

    @cached_property
    def direction(self) -> str:
        """ "ltr" or "rtl"."""
        return self._locale.text_direction

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def label(self) -> str:
        """The English name with the language's own: "French (français)", "Kurdish (kurdî, kurmancî)"."""
        if self.endonym == self.english_name:
            return self.english_name
        return with_note(self.english_name, self.endonym)

    @property
    def usual_plurals(self) -> UsualRule:
        """The plural rule translators' tools write for this language, and where it comes from."""
        return usual_rule(self.code)

    @property
    def plural_rule(self) -> PluralRule:
        return self.usual_plurals.rule

    @property
    def nplurals(self) -> int:
        return self.plural_rule.nplurals

    @property
    def plural_forms(self) -> str:
        """The Plural-Forms header value a new catalogue of this language gets."""
        return self.plural_rule.forms


_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")


def with_note(name: str, note: str) -> str:
    """``name (note)``, with one level of parentheses whatever the two hold.

    CLDR names hold parentheses of their own ("kurdî (kurmancî)", "Chinese
    (Simplified, China)"): inside the note they become commas, as CLDR itself
    joins the parts of a name ("kurdî, kurmancî").
    """
    flat, found = note, 1
    while found:  # innermost parentheses first
        flat, found = _PARENTHESES.subn(r", \1", flat)
    return f"{name} ({flat.replace('(', '').replace(')', '')})"


@cache
def language(code: str) -> Language:
    """A language known to Babel's locale data; LanguageError if malformed or unknown."""
    normalized = normalize_code(code)
    if _babel_locale(normalized) is None:  # refused before anything uses the language
        raise _unknown(code)
    return Language(normalized)


def remember(lang: Language, endonym: str, english_name: str, direction: str) -> None:
    """Give ``lang`` the names and direction a previous build read from the locale data, so that
    a build that renders one page does not load the data of every language."""
    lang.__dict__.update(endonym=endonym, english_name=english_name, direction=direction)


def recall(lang: Language) -> list[str]:
    return [lang.endonym, lang.english_name, lang.direction]
