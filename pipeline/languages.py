"""Language codes and what the locale data knows about each language.

A language has two spellings: gettext's (``fa_AF``, used under ``locales/``)
and BCP 47's (``fa-AF``, used in HTML and URLs). Names, text direction and
plural rules come from Babel's CLDR data, never from tables of our own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, localedata
from babel.messages.plurals import get_plural

from .errors import LanguageError

# language, optional script, optional region: "ar", "fa_AF", "zh_Hant_TW", "es_419".
_CODE = re.compile(r"^(?P<lang>[a-zA-Z]{2,3})(?:[_-](?P<script>[a-zA-Z]{4}))?(?:[_-](?P<region>[a-zA-Z]{2}|\d{3}))?$")


@dataclass(frozen=True)
class Language:
    """One language as the pipeline uses it."""

    code: str  # gettext form, the folder name under locales/: "fa_AF"
    tag: str  # BCP 47 form, for lang="" and URLs: "fa-AF"
    endonym: str  # the language's name in itself: "دری"
    english_name: str  # "Dari"
    direction: str  # "ltr" or "rtl"
    nplurals: int
    plural_forms: str  # the Plural-Forms header value GNU gettext expects

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
    """Look a language up in Babel's locale data; LanguageError if unknown."""
    normalized = normalize_code(code)
    if not localedata.exists(normalized):
        raise LanguageError(f"unknown language {code!r}: Babel's locale data has no {normalized!r}")
    locale = Locale.parse(normalized)
    english = Locale("en")
    # CLDR names some language+region pairs on their own ("fa_AF" is "Dari").
    endonym = locale.languages.get(normalized) or locale.get_display_name(locale) or normalized
    english_name = english.languages.get(normalized) or locale.get_display_name(english) or normalized
    plural = get_plural(normalized)
    return Language(
        code=normalized,
        tag=normalized.replace("_", "-"),
        endonym=endonym,
        english_name=english_name,
        direction=locale.text_direction,
        nplurals=plural.num_plurals,
        plural_forms=str(plural),
    )
