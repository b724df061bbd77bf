"""Rendering: one document in one language becomes an HTML page.

Translations are untrusted input. A translated passage is parsed as Markdown
with HTML switched off and only http(s), mailto and relative link targets
allowed; UI texts and front matter are escaped as plain text. (Jinja2's i18n
extension trusts translations and would insert them unescaped: the gettext
functions installed here escape them first.)

A passage with no published translation is shown in the source language and
marked with its ``lang`` (and ``dir`` inside a page of the other direction),
so screen readers pronounce it right and readers see why.
"""

from __future__ import annotations

import gettext
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup, escape

from .config import Project
from .languages import Language
from .segment import Document, translation_parser


@dataclass(frozen=True)
class Text:
    """A short text for a page; ``fallback`` is set when it is shown untranslated."""

    text: str
    fallback: Language | None = None


class Untranslated(str):
    """A text gettext found no translation for, still in the source language."""


class SourceFallback(gettext.NullTranslations):
    """The last fallback of every catalogue: the source text, marked as such."""

    def __init__(self, source: Language) -> None:
        super().__init__()
        self._rule = source.plural_rule  # the project's table, as for a catalogue of the source language

    def _choose(self, singular: str, plural: str, n: int) -> Untranslated:
        return Untranslated(singular if self._rule.form(n) == 0 else plural)

    def gettext(self, message: str) -> str:
        return Untranslated(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._choose(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        return Untranslated(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._choose(msgid1, msgid2, n)


def load_translations(mo: bytes | None, source: Language) -> gettext.NullTranslations:
    """Translations compiled into ``mo`` (published entries only), falling back to the source."""
    fallback = SourceFallback(source)
    if mo is None:
        return fallback
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    translations.add_fallback(fallback)
    return translations


_FORMAT_NAME = re.compile(r"%\((\w+)\)")
_POSITIONAL = re.compile(r"%(?!\()")  # after %% is taken out: %s, %d and a lone %


def formattable(translation: str, source: str) -> bool:
    """Whether Jinja2's %-formatting of a page text accepts ``translation`` of ``source``.

    Jinja2 formats every text of a template with the names the source gives
    it (and ``num``, ``context``): a translation may use those, and ``%%``
    for a percent sign; a name of its own, ``%s`` or a lone ``%`` would break the page.
    """
    if _POSITIONAL.search(translation.replace("%%", "")):
        return False
    try:
        translation % {name: 1 for name in {*_FORMAT_NAME.findall(source), "num", "context"}}
    except (KeyError, ValueError, TypeError):
        return False
    return True


def _bytecode_cache(project: Project) -> FileSystemBytecodeCache:
    from .manifest import tool_signature

    folder = project.build_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    # Compiled code depends on how the environment is set up, not only on a template's text:
    # code compiled by another version of the tool is never reused.
    return FileSystemBytecodeCache(str(folder), f"__jinja2_{tool_signature()[:16]}_%s.cache")


def environment(project: Project, compiled_cache: bool = False) -> Environment:
    """The Jinja2 environment: the project's templates first, then the built-in ones."""
    loaders: list[Any] = []
    if project.templates_dir is not None:
        loaders.append(FileSystemLoader(project.templates_dir))
    loaders.append(PackageLoader("pipeline", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        # A build keeps compiled templates in build space: a small build does not compile them again.
        bytecode_cache=_bytecode_cache(project) if compiled_cache else None,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.globals["text"] = text_markup
    return env


def fallback_attributes(fallback: Language, page: Language) -> dict[str, str]:
    attributes = {"lang": fallback.tag}
    if fallback.direction != page.direction:
        attributes["dir"] = fallback.direction
    return attributes


def _span(content: str, fallback: Language, page: Language) -> Markup:
    attributes = "".join(
        Markup(' {}="{}"').format(name, value) for name, value in fallback_attributes(fallback, page).items()
    )
    return Markup("<span{}>{}</span>").format(Markup(attributes), content)


def text_markup(text: Text, page: Language | None = None) -> Markup:
    """A Text for the page body: escaped, wrapped in a ``lang`` span when it is a fallback."""
    if text.fallback is None or page is None:
        return escape(text.text)
    return _span(text.text, text.fallback, page)


def install_ui_translations(
    env: Environment, translations: gettext.NullTranslations, page: Language, source: Language
) -> None:
    """Make ``{% trans %}`` and ``_()`` use ``translations`` for ``page``, escaped and marked."""

    original = SourceFallback(source)

    def mark(result: str, fallback: Callable[[], str]) -> Markup:
        if not isinstance(result, Untranslated):
            original_text = fallback()
            if not formattable(result, original_text):
                # A stray % must not break the page. The checks hold such translations
                # back already; this holds even when they are turned off.
                result = original_text
        if isinstance(result, Untranslated) and source != page:
            return _span(result, source, page)
        return escape(result)

    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: mark(translations.gettext(message), lambda: original.gettext(message)),
        ngettext=lambda singular, plural, n: mark(
            translations.ngettext(singular, plural, n), lambda: original.ngettext(singular, plural, n)
        ),
        pgettext=lambda context, message: mark(
            translations.pgettext(context, message), lambda: original.pgettext(context, message)
        ),
        npgettext=lambda context, singular, plural, n: mark(
            translations.npgettext(context, singular, plural, n),
            lambda: original.npgettext(context, singular, plural, n),
        ),
        newstyle=True,
    )
    env.globals["text"] = lambda text: text_markup(text, page)


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

    def body(self, lookup: Callable[[str], str | None], page: Language, source: Language) -> tuple[Markup, int]:
        """The page body and how many passages fell back to the source text."""
        tokens = list(self.document.tokens)
        copies: dict[int, Token] = {}
        fallbacks = 0
        fallback_tokens: set[int] = set()  # whole blocks in the source language, isolated by their dir

        def inline(index: int) -> Token:
            if index not in copies:
                original = tokens[index]
                copies[index] = original.copy(children=list(original.children or []))
                tokens[index] = copies[index]
            return copies[index]

        for segment in self.document.segments:
            if segment.token is None:
                continue
            translated = lookup(segment.text)
            if translated is None and page == source:
                continue
            token = inline(segment.token)
            children = token.children or []
            if segment.image is not None:
                image = children[segment.image]
                if translated is not None:
                    children[segment.image] = image.copy(
                        children=parse_translation(self.translation_md, translated, self.document.env)
                    )
                else:
                    fallbacks += 1
                    attributes = dict(image.attrs)
                    attributes.update(fallback_attributes(source, page))
                    children[segment.image] = image.copy(attrs=attributes)
                continue
            rendered = None
            if translated is not None:
                rendered = parse_translation(self.translation_md, translated, self.document.env)
                if _adds_markup(rendered, self.document.tokens[segment.token].children or []):
                    rendered = None
            if rendered is not None:
                token.children = rendered
            else:
                fallbacks += 1
                fallback_tokens.add(segment.token)
                self._mark_fallback(tokens, segment.token, source, page)
        for index, token in enumerate(tokens):
            if token.type == "inline" and token.children and index not in fallback_tokens:
                isolated = isolate_runs(token.children, page)
                if isolated is not None:
                    inline(index).children = isolated
        html = self.md.renderer.render(tokens, self.md.options, self.document.env)
        return Markup(html), fallbacks

    def _mark_fallback(self, tokens: list[Token], index: int, source: Language, page: Language) -> None:
        opening = tokens[index - 1]
        attributes = fallback_attributes(source, page)
        if opening.type in ("paragraph_open", "heading_open", "th_open", "td_open") and not opening.hidden:
            merged = dict(opening.attrs)
            merged.update(attributes)
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
