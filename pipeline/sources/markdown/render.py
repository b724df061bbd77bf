"""A parsed Markdown document rendered in a language, its segments' translations put back in place.

Translations are untrusted input. A translated passage is parsed as Markdown
with HTML switched off and only http(s), mailto and relative link targets
allowed. A passage with no published translation is shown in the source
language and marked with its ``lang`` (and ``dir`` inside a page of the other
direction), so screen readers pronounce it right and readers see why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup

from ...languages import Language
from ..base import DRAFT_ATTRIBUTES, Document, Draft, Lookup, Rendered, fallback_attributes
from .parse import translation_parser

# ---------------------------------------------------------------- rendering in a language


_INLINE_SYNTAX = re.compile(r"[*_\[\]`!<>\\&~\n]")  # every character a CommonMark inline rule starts on


@lru_cache(maxsize=4096)
def inline_tokens(text: str) -> tuple[Token, ...]:
    """A message's inline Markdown, parsed once for the checks and the page alike (never to be changed)."""
    tokens = _translation_parser().parseInline(text, {})
    return tuple(tokens[0].children or []) if tokens else ()


@lru_cache(maxsize=1)
def _translation_parser() -> MarkdownIt:
    return translation_parser()


def parse_translation(md: MarkdownIt, text: str, env: dict[str, Any]) -> list[Token]:
    """A translated message as inline tokens; a newline in it is a line break."""
    if not _INLINE_SYNTAX.search(text) and text == text.strip():
        return [Token("text", "", 0, content=text)]  # plain words: nothing for the parser to find
    if env.get("references") and "[" in text:
        tokens = md.parseInline(text, dict(env))  # it may use the document's reference links
        children: Iterable[Token] = tokens[0].children or [] if tokens else []
    else:
        children = inline_tokens(text)
    return [child.copy(type="hardbreak", tag="br") if child.type == "softbreak" else child for child in children]


_LATIN = "A-Za-z\u00c0-\u024f"
_RTL_LETTERS = "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
# Runs of the other direction, each in one group: split() keeps them, between the text around them.
# In right-to-left text: a run of Latin words (names, acronyms: "UNDP", "Combined Joint Task Force")
# or a figure, ending on a letter or digit so that a sentence's final stop stays outside.
_LTR_SPLIT = re.compile(
    f"([{_LATIN}][{_LATIN}0-9.'’&-]*(?:[ \u00a0]+[{_LATIN}0-9][{_LATIN}0-9.'’&-]*)*(?<=[{_LATIN}0-9])"
    "|\\d+(?:[.,\u066b\u066c]\\d+)*%?)"
)
# In left-to-right text: a run of right-to-left words.
_RTL_SPLIT = re.compile(f"([{_RTL_LETTERS}]+(?:[\\s\u00a0\u200c]+[{_RTL_LETTERS}]+)*)")


def isolate_runs(children: list[Token], page: Language) -> list[Token] | None:
    """Inline tokens with runs of the other direction wrapped in ``<bdi>``, or None if there are none.

    Latin names and figures inside Arabic text (and Arabic inside Latin text)
    are laid out on their own, so neighbouring punctuation never jumps across
    them, and no invisible direction character is ever needed.
    """
    rtl = page.is_rtl
    splitter = _LTR_SPLIT if rtl else _RTL_SPLIT
    result: list[Token] | None = None
    for index, child in enumerate(children):
        if child.type != "text" or not rtl and child.content.isascii():  # no right-to-left letter in ASCII
            continue
        parts = splitter.split(child.content)
        if len(parts) == 1:
            continue
        if result is None:
            result = list(children)
        # One token for the whole text, escaped as the text renderer escapes it: splitting it into a
        # token per run made as many objects as there are words and figures in a right-to-left page.
        result[index] = Token(
            "html_inline",
            "",
            0,
            content="".join(
                f"<bdi>{escapeHtml(part)}</bdi>" if odd else escapeHtml(part) for odd, part in _alternating(parts)
            ),
        )
    return result


def _alternating(parts: list[str]) -> Iterable[tuple[bool, str]]:
    """The pieces of a ``split`` with one group, each with whether it is a run the group matched."""
    return ((index % 2 == 1, part) for index, part in enumerate(parts) if part)


_MARKUP_TOKENS = ("link_open", "image", "strong_open", "em_open", "s_open", "code_inline", "html_inline")


def _adds_markup(translated: list[Token], source: list[Token]) -> bool:
    """Whether a translation has an element its source passage does not (a link, an image, ...).

    Such a translation is not published, even with the checks turned off: no
    catalogue may add markup the source did not have.
    """
    added = Counter(token.type for token in translated if token.type in _MARKUP_TOKENS)
    if not added:
        return False
    kinds = Counter(token.type for token in source if token.type in _MARKUP_TOKENS)
    return any(count > kinds[kind] for kind, count in added.items())


class DocumentRenderer:
    """Renders one document's body in any language, reusing its parsed tokens."""

    def __init__(self, document: Document, md: MarkdownIt) -> None:
        self.document = document
        self.md = md
        self.translation_md = _translation_parser()

    def body(self, lookup: Lookup, page: Language, source: Language) -> Rendered:
        """The page body, and how many passages fell back to the source text or are drafts."""
        original_tokens: list[Token] = self.document.tree
        tokens = list(original_tokens)
        copies: dict[int, Token] = {}
        fallbacks = drafts = 0
        fallback_tokens: set[int] = set()  # whole blocks in the source language, isolated by their dir

        def inline(index: int) -> Token:
            if index not in copies:
                original = tokens[index]
                copies[index] = original.copy(children=list(original.children or []))
                tokens[index] = copies[index]
            return copies[index]

        for segment in self.document.segments:
            if segment.ref is None:
                continue
            place, image_place = segment.ref
            translated = lookup(segment.text)
            if translated is None and page == source:
                continue
            token = inline(place)
            children = token.children or []
            if image_place is not None:
                image = children[image_place]
                if translated is not None:
                    children[image_place] = image.copy(
                        children=parse_translation(self.translation_md, translated, self.document.env)
                    )
                    drafts += isinstance(translated, Draft)
                else:
                    fallbacks += 1
                    attributes = dict(image.attrs)
                    attributes.update(fallback_attributes(source, page))
                    children[image_place] = image.copy(attrs=attributes)
                continue
            rendered = None
            if translated is not None:
                rendered = parse_translation(self.translation_md, translated, self.document.env)
                if _adds_markup(rendered, original_tokens[place].children or []):
                    rendered = None
            if rendered is not None:
                token.children = rendered
                if isinstance(translated, Draft):
                    drafts += 1
                    self._mark(tokens, place, DRAFT_ATTRIBUTES)
            else:
                fallbacks += 1
                fallback_tokens.add(place)
                self._mark_fallback(tokens, place, source, page)
        for index, token in enumerate(tokens):
            if token.type == "inline" and token.children and index not in fallback_tokens:
                isolated = isolate_runs(token.children, page)
                if isolated is not None:
                    inline(index).children = isolated
        html = self.md.renderer.render(tokens, self.md.options, self.document.env)
        return Rendered(Markup(html), fallbacks, drafts)

    def _mark_fallback(self, tokens: list[Token], index: int, source: Language, page: Language) -> None:
        self._mark(tokens, index, fallback_attributes(source, page))

    def _mark(self, tokens: list[Token], index: int, attributes: dict[str, str]) -> None:
        """Give the block of the inline token at ``index`` ``attributes`` (a class is added to its own)."""
        opening = tokens[index - 1]
        if opening.type in ("paragraph_open", "heading_open", "th_open", "td_open") and not opening.hidden:
            merged = dict(opening.attrs)
            for name, value in attributes.items():
                merged[name] = f"{merged[name]} {value}" if name == "class" and name in merged else value
            tokens[index - 1] = opening.copy(attrs=merged)
            return
        # A tight list's paragraph has no element of its own: wrap the text.
        token = tokens[index]
        start = "".join(f' {name}="{value}"' for name, value in attributes.items())
        token.children = (
            [Token("html_inline", "", 0, content=f"<span{start}>")]
            + list(token.children or [])
            + [Token("html_inline", "", 0, content="</span>")]
        )
