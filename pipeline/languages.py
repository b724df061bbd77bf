"""Language codes and what the locale data knows about each language.

A language has two spellings: gettext's (``fa_AF``, used under ``locales/``)
and BCP 47's (``fa-AF``, used in HTML and URLs). Names and text direction
come from Babel's CLDR data, plural rules from Babel's gettext table (the
Plural-Forms GNU gettext expects), never from tables of our own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from babel import Locale, localedata

from .errors import LanguageError

# language, optional script, optional region: "ar", "fa_AF", "zh_Hant_TW", "es_419".
_CODE = re.compile(r"^(?P<lang>[a-zA-Z]{2,3})(?:[_-](?P<script>[a-zA-Z]{4}))?(?:[_-](?P<region>[a-zA-Z]{2}|\d{3}))?$")


@dataclass(frozen=True)
class Language:
    """One language as the pipeline uses it.

    Only the code is stored; names, direction and plural rule are read from
    Babel's locale data the first time they are asked for, so a command that
    needs none of them (a build with nothing to do) does not load the data.
    """

    code: str  # gettext form, the folder name under locales/: "fa_AF"

    @property
    def tag(self) -> str:
        """BCP 47 form, for lang="" and URLs: "fa-AF"."""
        return self.code.replace("_", "-")

    @cached_property
    def _locale(self) -> Locale:
        return Locale.parse(self.code)

    @cached_property
    def endonym(self) -> str:
        """The language's name in itself: "دری"."""
        # CLDR names some language+region pairs on their own ("fa_AF" is "Dari").
        return self._locale.languages.get(self.code) or self._locale.get_display_name(self._locale) or self.code

    @cached_property
    def english_name(self) -> str:
        return Locale("en").languages.get(self.code) or self._locale.get_display_name(Locale("en")) or self.code

    @cached_property
    def direction(self) -> str:
        """ "ltr" or "rtl"."""
        return self._locale.text_direction

    @cached_property
    def _plural(self) -> tuple[int, str]:
        from babel.messages.plurals import get_plural  # loads Babel's catalogue support: only when needed

        return get_plural(self.code)

    @property
    def nplurals(self) -> int:
        return self._plural[0]

    @property
    def plural_forms(self) -> str:
        """The Plural-Forms header value GNU gettext expects."""
        return str(self._plural)

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


def normalize_code(code: str) -> str:
    """Spell a language code the way gettext does (``fa-af`` -> ``fa_AF``).

    Raises LanguageError for anything that is not language[_Script][_REGION].
    """
    match = _CODE.match(code.strip()) if isinstance(code, str) else None
    if not match:
        raise LanguageError(
            f"{code!r} is not a language code; use ISO 639 codes such as 'fr', 'ar', 'ckb' "
            "or with a region such as 'fa_AF'"
        )
    parts = [match["lang"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "_".join(parts)


@cache
def language(code: str) -> Language:
    """A language known to Babel's locale data; LanguageError if malformed or unknown."""
    normalized = normalize_code(code)
    if not localedata.exists(normalized):
        raise LanguageError(f"unknown language {code!r}: Babel's locale data has no {normalized!r}")
    return Language(normalized)


def remember(lang: Language, endonym: str, english_name: str, direction: str) -> None:
    """Give ``lang`` the names and direction a previous build read from the locale data, so that
    a build that renders one page does not load the data of every language."""
    lang.__dict__.update(endonym=endonym, english_name=english_name, direction=direction)


def recall(lang: Language) -> list[str]:
    return [lang.endonym, lang.english_name, lang.direction]
