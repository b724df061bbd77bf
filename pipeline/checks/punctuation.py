"""The ``whitespace`` and ``punctuation`` checks: a translation starts, spaces and ends as its source does,
with its own script's marks (``؟`` ends a question like ``?``) and its own typography (French spaces)."""

from __future__ import annotations

import re

from .langdata import ARABIC_SCRIPT, CLOSERS, ENDINGS, LATIN_ENDINGS_IN_ARABIC_SCRIPT
from .registry import WARNING, Context, Finding, Level, check
from .urls import strip_urls

# A mark French puts a space before (a no-break one, best), with none: one space goes before a group of marks
# ("?!"), none between them. A mark with a letter, a figure or a backquote right after it is code, not
# punctuation: a reST role (:term:`x`), an option name (:toctree:), C++'s "::", a time (10:30).
_FRENCH_MARK = re.compile(r"(?<=[^\s:;!?])([:;!?])(?![\w`])")
# Code in backquotes, which a catalogue of plain text keeps: ``!=``, `a:b`.
_CODE_SPAN = re.compile(r"``.+?``|`[^`\n]+`", re.DOTALL)
# A reST role's or option's name, up to its closing colon: ":toctree" in "l'option :toctree:."
_ROLE_NAME = re.compile(r"(?:^|[\s(]):[\w-]+$")
# A full stop inside a text, followed by more of it: the text is more than one sentence.
_INNER_STOP = re.compile(r"[.。۔!?؟！？](?:\s+|(?<=[。！？]))\S")
# A short word ended by a full stop ("Dec.", "a.m."): an abbreviation, whose point ends no sentence.
_ABBREVIATION = re.compile(r"^(?:[^\W\d_]{1,4}\.)+$")
# What opens a quotation or a bracket: a mark alone inside one ("“.”", "(:)") is a character named.
_OPENERS = "\"'“‘«(["
# Full-width punctuation (CJK) holds its own space: "：" ends a text the source ends with ": ".
_FULL_WIDTH_MARK = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f]$")


@check("whitespace", WARNING, Level.PAIR, "spaces at the start and end as in the source, and no double spaces")
def whitespace(source: str, translation: str, context: Context) -> list[Finding]:
    """different spaces at the start or end; a double space"""
    found = []
    if len(source) - len(source.lstrip()) != len(translation) - len(translation.lstrip()):
        found.append(Finding("the source and the translation start with different whitespace"))
    if len(source) - len(source.rstrip()) != len(translation) - len(translation.rstrip()) and not (
        translation == translation.rstrip() and _FULL_WIDTH_MARK.search(translation)
    ):
        found.append(Finding("the source and the translation end with different whitespace"))
    if "  " in translation.strip() and "  " not in source:
        found.append(Finding("double space in the translation"))
    return found


def ending(text: str) -> str:
    """The mark a text ends with, past closing quotes, brackets and emphasis ("..." is "…"); none for a mark
    quoted or bracketed on its own ("“.”", "(:)") or the point of an abbreviation ("Dec.")."""
    trimmed = text.rstrip()
    stripped = trimmed.rstrip(CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    if len(stripped) < len(trimmed) and stripped[-2:-1] in _OPENERS and stripped[-1:] in ENDINGS:
        return ""
    if stripped.endswith(".") and _ABBREVIATION.match(stripped):
        return ""
    return stripped[-1:] if stripped else ""


def _several_sentences(source: str, translation: str) -> bool:
    """Whether the source or the translation (but for its last mark) has a sentence before its last."""
    return bool(_INNER_STOP.search(source) or _INNER_STOP.search(translation.rstrip()[:-1]))


@check("punctuation", WARNING, Level.PAIR, "end the way the source ends (. ? ! :), with your script's own marks")
def punctuation(source: str, translation: str, context: Context) -> list[Finding]:
    """a different ending (`؟` ends a question like `?`), Latin `?` in Arabic script, no space (best a
    no-break one) before `: ; ! ?` in French (one before a group such as `?!`; code spans are not checked)

    A full stop a text of several sentences ends with is not held against a source that forgot its own;
    an abbreviation's point ("Dec.") and a mark quoted on its own ("“.”", "(:)") end no sentence. A
    French mark with a letter or a backquote right after it is code (a reST role, ``:toctree:``)."""
    found = []
    said_source, said_translation = context.plain(source), context.plain(translation)
    source_end, translation_end = ending(said_source), ending(said_translation)
    language = context.lang.code.split("_")[0]
    if ENDINGS.get(source_end, "") != ENDINGS.get(translation_end, "") and not (
        source_end not in ENDINGS
        and ENDINGS.get(translation_end) == "."
        and _several_sentences(said_source, said_translation)
    ):
        said = f'"{source_end}"' if source_end in ENDINGS else "no punctuation"
        given = f'"{translation_end}"' if translation_end in ENDINGS else "no punctuation"
        found.append(Finding(f"the source ends with {said}, the translation with {given}"))
    elif language in ARABIC_SCRIPT and translation_end in LATIN_ENDINGS_IN_ARABIC_SCRIPT:
        found.append(
            Finding(
                f'Arabic script ends with "{LATIN_ENDINGS_IN_ARABIC_SCRIPT[translation_end]}", not "{translation_end}"'
            )
        )
    if language == "fr":
        plain = _CODE_SPAN.sub(" ", strip_urls(context.inline(translation).prose))
        for match in _FRENCH_MARK.finditer(plain):
            if match[1] == ":" and _ROLE_NAME.search(plain, 0, match.start()):
                continue  # the closing colon of :toctree: or :term:
            found.append(Finding(f'French puts a no-break space (U+00A0 or U+202F) before "{match[1]}"'))
            break
    return found
