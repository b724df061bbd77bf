"""The ``bidi`` check: direction controls that can hide or reorder text, and marks that do nothing.

What is dangerous is what Unicode's bidirectional algorithm (UAX #9) lets a control do beyond its own place,
the "Trojan Source" attack (CVE-2021-42574) and what compilers refuse since (GCC's ``-Wbidi-chars=unpaired``,
rustc's ``text_direction_codepoint_in_literal``, which leave the marks alone):

- an override (LRO, RLO) reverses the letters it holds: what a reader sees is not what the text says;
- an embedding (LRE, RLE) or isolate (LRI, RLI, FSI) left open runs on into whatever the page puts after
  the message, and a PDF or PDI that closes nothing closes the page's own;
- a control inside a placeholder, an address, a tag or code is read by a program and seen by no one, and a
  pair opened on one side of an element's edge and closed on the other is left open where the element is
  laid out apart (HTML isolates an element with ``dir``).

Marks (LRM, RLM, ALM) and balanced embeddings and isolates are how right-to-left translations keep a Latin
name, a number or a placeholder in its place (GNOME's Persian and Arabic catalogues have hundreds): they are
not errors. Warned of: a control in a left-to-right translation that has no right-to-left letter (the
source has none either), and a mark between two letters of an Arabic-script word, where it does nothing (a
zero-width non-joiner, U+200C, was meant).
"""

from __future__ import annotations

import re
import unicodedata

from .inline import MarkupKind
from .langdata import (
    ARABIC_LETTERS,
    ARABIC_MARKS,
    BIDI_CLOSERS,
    BIDI_ISOLATES,
    BIDI_MARKS,
    BIDI_OPENERS,
    BIDI_OVERRIDES,
    BIDI_PRESENT,
    RTL_LETTERS,
)
from .registry import ERROR, WARNING, Context, Finding, Level, check
from .script import MACHINE_TEXT

_PDF, _PDI = BIDI_CLOSERS
_LINK_TARGET = re.compile(r"\]\(([^()\s]*)\)")  # a Markdown link's address
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*)?(/?)>")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr", "xref"})
_MARK_IN_WORD = re.compile(
    f"[{ARABIC_LETTERS}][{ARABIC_MARKS}]*[{''.join(BIDI_MARKS)}]+[{ARABIC_MARKS}]*[{ARABIC_LETTERS}]"
)
_KINDS = {"placeholder": "the placeholder", "address": "the address", "tag": "the tag", "code": "the code"}


def _name(control: str) -> str:
    return f"U+{ord(control):04X} {unicodedata.name(control)}"


def _spans(text: str, context: Context) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, text) of what a program reads in ``text``: placeholders, addresses, tags, code."""
    spans = [(match.start(), match.end(), match.lastgroup or "", match[0]) for match in MACHINE_TEXT.finditer(text)]
    if context.markup is MarkupKind.MARKDOWN and "](" in text:
        spans += [(match.start(1), match.end(1), "address", match[1]) for match in _LINK_TARGET.finditer(text)]
    return spans


def _crosses_markup(between: str, context: Context) -> str | None:
    """The markup whose edge a pair of controls spans, ``between`` being the text they hold."""
    if "<" in between:
        open_tags: list[str] = []
        for closing, name, empty in _TAG.findall(between):
            if empty or name.lower() in _VOID:
                continue
            if not closing:
                open_tags.append(name)
            elif open_tags and open_tags[-1] == name:
                open_tags.pop()
            else:
                return f"</{name}>"
        if open_tags:
            return f"<{open_tags[-1]}>"
    if context.markup is MarkupKind.MARKDOWN:
        for opening, closing in (("[", "]"), ("`", "`"), ("**", "**"), ("__", "__")):
            count = between.count(opening)
            if (opening == closing and count % 2) or (opening != closing and count != between.count(closing)):
                return f"{opening}…{closing}"
    return None


@check("bidi", ERROR, Level.PAIR, "invisible direction-control characters, which can hide or reorder text")
def bidi(source: str, translation: str, context: Context) -> list[Finding]:
    """a direction override (U+202D, U+202E); an embedding or isolate left open or closing nothing; a direction
    control inside a placeholder, address, tag or code, or spanning an element's edge. Warned of: a control
    in a left-to-right text with no right-to-left letter, a mark inside an Arabic-script word"""
    if not BIDI_PRESENT.search(translation):
        return []  # most texts: nothing more to do
    errors: dict[str, None] = {}  # in order, each once
    warnings: dict[str, None] = {}
    # Each control with its place in the text without controls, where placeholders and tags are read whole.
    controls: list[tuple[str, int]] = []
    for match in BIDI_PRESENT.finditer(translation):
        controls.append((match[0], match.start() - len(controls)))
    text = BIDI_PRESENT.sub("", translation)

    for control in dict.fromkeys(control for control, _ in controls if control in BIDI_OVERRIDES):
        errors[f"{_name(control)} reverses the letters it holds: remove it (a mark, U+200E or U+200F, keeps a word "
               f"in its place)"] = None  # fmt: skip

    # The pairs, matched as UAX #9 (X6a, X7) matches them: a PDF closes the last embedding or override opened
    # inside the innermost isolate; a PDI closes the last isolate and whatever was opened inside it.
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[str, int, int]] = []
    for control, place in controls:
        if control in BIDI_OPENERS:
            stack.append((control, place))
        elif control == _PDF:
            if stack and stack[-1][0] not in BIDI_ISOLATES:
                opener, start = stack.pop()
                pairs.append((opener, start, place))
            else:
                errors[f"{_name(control)} closes nothing: it would close the page's own direction; remove it"] = None
        elif control == _PDI:
            if any(opener in BIDI_ISOLATES for opener, _ in stack):
                while True:
                    opener, start = stack.pop()
                    pairs.append((opener, start, place))
                    if opener in BIDI_ISOLATES:
                        break
            else:
                errors[f"{_name(control)} closes nothing: it would close the page's own direction; remove it"] = None
    for opener, _ in stack:
        closer = _name(BIDI_OPENERS[opener])
        errors[f"{_name(opener)} is never closed: it runs on into the text the page puts after this one; "
               f"close it with {closer}, or use a mark (U+200E or U+200F)"] = None  # fmt: skip

    # Inside what a program reads, or spanning an element's edge.
    spans = _spans(text, context)
    for control, place in controls:
        for start, end, kind, token in spans:
            if start < place < end:
                errors[f"{_name(control)} inside {_KINDS.get(kind, kind)} {token}: a program reads it, no reader "
                       f"sees it; move it outside"] = None  # fmt: skip
    for opener, start, end in pairs:
        edge = _crosses_markup(text[start:end], context)
        if edge is not None:
            errors[f"{_name(opener)} and its closing control are on either side of the edge of {edge}: put both "
                   f"inside it or both outside"] = None  # fmt: skip

    # Worth a look, no more.
    if not context.lang.is_rtl and not RTL_LETTERS.search(translation):
        for control in dict.fromkeys(control for control, _ in controls):
            if control not in source:
                warnings[f"{_name(control)} in a left-to-right text without right-to-left letters: it has nothing "
                         f"to do here but reorder it; remove it"] = None  # fmt: skip
    for match in _MARK_IN_WORD.finditer(translation):
        control = next(character for character in match[0] if character in BIDI_MARKS)
        warnings[f'{_name(control)} between two letters of a word ("{match[0]}") does nothing there; a zero-width '
                 f"non-joiner (U+200C) keeps letters apart"] = None  # fmt: skip

    return [Finding(message) for message in errors] + [Finding(message, WARNING) for message in warnings]
