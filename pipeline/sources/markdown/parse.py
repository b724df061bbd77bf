"""Markdown into segments: the dialect (CommonMark plus tables), the link rule, and segmenting.

One message per block that carries text (heading, paragraph, list item,
blockquote paragraph, table cell, image alt text) plus the front matter's
``title`` and ``description``. The message keeps the block's inline Markdown
as written (``**strong**``, ``[text](url)``); soft line breaks fold to one
space, hard breaks stay as a newline. Code blocks, raw HTML blocks and bare
URLs are not messages. A segment's ``ref`` is ``(inline token, image)``: the
index of its inline token in the parsed document and, for alt text, of the
image among that token's children; only ``render`` reads it.

Every heading gets an ``id`` made from its source text (``heading_slug``), the
same in every language, or the one written at its end as ``{#id}``, which is
taken off the message. Relative links to other documents and to the files of
``source/`` are rendered with a placeholder target (``sources.links``),
resolved where the page is made.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.front_matter import front_matter_plugin

from ...errors import FrontMatterError
from ..base import TRANSLATED_FRONT_MATTER, Document, Segment, document_name, read_text
from ..links import LinkUse, SiteIndex, link_target, placeholder

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_BARE_URL = re.compile(r"<?(?:(?:https?|ftp)://\S+|mailto:\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
# A first line of three dashes opens front matter. If nothing closes it, the Markdown parser takes the line
# for a rule and every "key: value" after it for a paragraph to translate; that is a mistake to report.
_FRONT_MATTER_OPENING = re.compile(r"---[ \t]*(?:\r\n?|\n|$)")
# A heading's own id, written at its end: "## Members {#members}".
_HEADING_ID = re.compile(r"[ \t]+\{#([A-Za-z0-9][A-Za-z0-9_-]*)\}[ \t]*$|^\{#([A-Za-z0-9][A-Za-z0-9_-]*)\}[ \t]*$")
# Ids the page templates use: a heading never takes one of them.
TEMPLATE_IDS = frozenset({"content", "language-switcher-label", "site-nav-label", "table-of-contents-label"})


# ---------------------------------------------------------------- the dialect


def is_allowed_link(url: str) -> bool:
    """Only http(s), mailto and relative targets may reach a published page.

    A colon before the first ``/``, ``?`` or ``#`` names a scheme (or is an
    obfuscated one, such as ``jav%09ascript:``); only the allowed ones pass.
    """
    # Browsers drop ASCII whitespace and control characters before reading a scheme.
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
    if ":" not in head:
        return True
    scheme = _SCHEME.match(head)
    return scheme is not None and scheme[1].lower() in ALLOWED_SCHEMES


def _markdown(html_blocks: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html_blocks}).enable("table")
    # Inline HTML is never markup in a message: translators could not keep it
    # faithfully, and a catalogue must not be able to add any.
    md.disable("html_inline")
    # Both are pure, and the same few addresses recur in every language's catalogues: worked out once each.
    md.validateLink = lru_cache(maxsize=8192)(is_allowed_link)  # type: ignore[method-assign]
    md.normalizeLink = lru_cache(maxsize=8192)(normalizeLink)  # type: ignore[method-assign]
    return md


def source_parser() -> MarkdownIt:
    """The parser for source documents: raw HTML blocks are the publisher's own and pass.

    It also renders every document's body: headings with their self-link, links to documents and
    files with their placeholder targets (whoever wrote the link: source or translation).
    """
    md = _markdown(html_blocks=True).use(front_matter_plugin)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image)
    return md


# ---------------------------------------------------------------- rendering rules of the source parser


def _heading_open(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    opening = renderer.renderToken(tokens, index, options, env)
    return opening if tokens[index].tag == "h1" else '<div class="heading">' + opening


def _heading_close(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    closing = renderer.renderToken(tokens, index, options, env)
    opening = tokens[index - 2] if index >= 2 else None
    identifier = opening.attrs.get("id") if opening is not None and opening.type == "heading_open" else None
    if tokens[index].tag == "h1" or not identifier:
        return closing
    # After the heading, not in it: the heading's own name stays its text. The link is named by the
    # heading (in the page's language, whatever it is), and is reached by keyboard like any link.
    anchor = f'<a class="anchor" href="#{identifier}" aria-labelledby="{identifier}">#</a></div>'
    return closing.rstrip("\n") + anchor + "\n"


def _link_open(renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[index]
    target = placeholder(str(token.attrs.get("href", "")))
    if target is not None:
        return renderer.renderToken([token.copy(attrs={**token.attrs, "href": target})], 0, options, env)
    return renderer.renderToken(tokens, index, options, env)


def _image(renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[index]
    target = placeholder(str(token.attrs.get("src", "")))
    if target is not None:
        return renderer.image([token.copy(attrs={**token.attrs, "src": target})], 0, options, env)
    return renderer.image(tokens, index, options, env)


def translation_parser() -> MarkdownIt:
    """The parser for translated messages: no HTML at all; a newline is a line break."""
    md = _markdown(html_blocks=False)
    md.options["breaks"] = True
    return md


# ---------------------------------------------------------------- segmenting


def fold_lines(content: str) -> str:
    """Fold an inline block's source lines into one message.

    Soft breaks become one space; hard breaks (two trailing spaces or a
    backslash) become a newline, which the translation parser renders as a break.
    """
    lines = content.split("\n")
    folded = []
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        stripped = line.strip()
        if not last and _HARD_BREAK.search(line):
            folded.append(_HARD_BREAK.sub("", line.rstrip("\t")).strip() + "\n")
        else:
            folded.append(stripped + ("" if last else " "))
    return "".join(folded).strip()


def is_message(text: str) -> bool:
    """Whether a block's text is something to translate (not a bare URL or punctuation)."""
    if not any(character.isalnum() for character in text):
        return False
    return not _BARE_URL.fullmatch(text)


def parse_document(path: Path, shown: str, md: MarkdownIt | None = None) -> Document:
    """Segment the Markdown document at ``path``; ``shown`` is its name in messages and references."""
    name = document_name(path, shown)
    text = read_text(path, shown)
    md = md or source_parser()
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    if _FRONT_MATTER_OPENING.match(text) and not (tokens and tokens[0].type == "front_matter"):
        raise FrontMatterError("the front matter opened on line 1 is never closed with '---'", shown, 1)
    _heading_ids(tokens, md, env)
    segments: list[Segment] = []
    front_matter: dict[str, Any] = {}
    containers: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            front_matter, front_segments = _front_matter(token, shown)
            segments.extend(front_segments)
        elif token.type in ("list_item_open", "blockquote_open"):
            containers.append(token.type)
        elif token.type in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif token.type == "inline" and token.map is not None:
            kind = _block_kind(tokens[index - 1], containers)
            segments.extend(_inline_segments(token, index, kind, token.map[0] + 1))
    return Document(name=name, path=path, front_matter=front_matter, segments=segments, tree=tokens, env=env)


# ---------------------------------------------------------------- heading ids


def heading_slug(text: str) -> str:
    """A heading's id from its text, as GitHub makes one, in ASCII: lowercase letters, digits and
    hyphens ("Countering Daesh’s Propaganda" -> "countering-daeshs-propaganda"); accents are dropped,
    other scripts' letters too ("section" if nothing is left)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(character for character in decomposed if not unicodedata.combining(character)).lower()
    kept = re.sub(r"[^a-z0-9\s-]", "", kept)
    return re.sub(r"\s+", "-", kept.strip()).strip("-") or "section"


def _heading_ids(tokens: list[Token], md: MarkdownIt, env: dict[str, Any]) -> None:
    """Give every heading its id: its own ``{#id}`` (taken off its text), else its text's slug, made
    unique in the page with ``-2``, ``-3``."""
    headings = [
        (tokens[index - 1], token)
        for index, token in enumerate(tokens)
        if token.type == "inline" and index and tokens[index - 1].type == "heading_open"
    ]
    taken = set(TEMPLATE_IDS)
    for opening, inline in headings:
        written = _HEADING_ID.search(inline.content)
        if written is not None:
            inline.content = inline.content[: written.start()]
            inline.children = []
            md.inline.parse(inline.content, md, env, inline.children)
            identifier = written[1] or written[2]
            opening.attrSet("id", identifier)
            taken.add(identifier)
    for opening, inline in headings:
        if "id" in opening.attrs:
            continue
        base = heading_slug(_visible_text(inline.children or []))
        identifier, number = base, 1
        while identifier in taken:
            number += 1
            identifier = f"{base}-{number}"
        taken.add(identifier)
        opening.attrSet("id", identifier)


def _visible_text(children: Sequence[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_visible_text(child.children or []))
    return "".join(parts)


def heading_ids(document: Document) -> list[str]:
    """The ids of a parsed Markdown document's headings, in order."""
    tokens = document.tree or []
    return [str(token.attrs["id"]) for token in tokens if token.type == "heading_open" and "id" in token.attrs]


def document_links(document: Document) -> list[LinkUse]:
    """The relative links and images of a parsed Markdown document that lead into the site, with their
    line and passage."""
    passages = {segment.ref[0]: segment.text for segment in document.segments if segment.ref is not None}
    found: list[LinkUse] = []

    def walk(children: Sequence[Token], line: int, msgid: str) -> None:
        for child in children:
            url = child.attrs.get("href") if child.type == "link_open" else child.attrs.get("src")
            if child.type in ("link_open", "image") and url:
                target = link_target(str(url))
                if target is not None:
                    found.append(LinkUse(target, str(url), line, msgid))
            if child.children:
                walk(child.children, line, msgid)

    for index, token in enumerate(document.tree or []):
        if token.type == "inline" and token.map is not None:
            walk(token.children or [], token.map[0] + 1, passages.get(index, ""))
    return found


def _block_kind(opening: Token, containers: list[str]) -> str:
    if opening.type == "heading_open":
        return f"heading level {opening.tag[1:]}"
    if opening.type == "th_open":
        return "table header cell"
    if opening.type == "td_open":
        return "table cell"
    if containers and containers[-1] == "list_item_open":
        return "list item"
    if containers:
        return "blockquote paragraph"
    return "paragraph"


def _inline_segments(token: Token, index: int, kind: str, line: int) -> list[Segment]:
    children = token.children or []
    images = [number for number, child in enumerate(children) if child.type == "image"]
    only_images = images and all(
        child.type in ("image", "softbreak", "hardbreak") or (child.type == "text" and not child.content.strip())
        for child in children
    )
    if only_images:
        # An image on its own is not a sentence: its alt text is the message.
        return [
            Segment(text=fold_lines(children[number].content), line=line, kind="image alt text", ref=(index, number))
            for number in images
            if is_message(children[number].content)
        ]
    text = fold_lines(token.content)
    if not is_message(text):
        return []
    return [Segment(text=text, line=line, kind=kind, ref=(index, None))]


def _front_matter(token: Token, shown: str) -> tuple[dict[str, Any], list[Segment]]:
    import yaml  # lazy: ~40 ms to import (python -X importtime), and only front matter needs it

    first_line = (token.map[0] if token.map else 0) + 2  # the line after the opening ---
    try:
        node = yaml.compose(token.content, Loader=yaml.SafeLoader)
        data = yaml.safe_load(token.content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line - 1
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", shown, line) from None
    if data is None:
        return {}, []
    if not isinstance(data, dict) or node is None:
        raise FrontMatterError("front matter must be a set of 'key: value' lines", shown, first_line - 1)
    lines = {key.value: value.start_mark.line for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    segments = []
    for key in TRANSLATED_FRONT_MATTER:
        if key not in data or data[key] is None:
            continue
        value = data[key]
        line = first_line + lines.get(key, 0)
        if isinstance(value, (dict, list)):
            raise FrontMatterError(f"front matter {key!r} must be text", shown, line)
        text = " ".join(str(value).split())
        if text:
            segments.append(Segment(text=text, line=line, kind=f"front matter {key}", front_matter=key))
    return data, segments


def index_site(documents: Sequence[Document], shown: Callable[[Path], str], files: Iterable[str]) -> SiteIndex:
    """What the links check knows of a site: each document's heading ids and links, the other files."""
    return SiteIndex(
        ids={document.name: heading_ids(document) for document in documents},
        links={shown(document.path): document_links(document) for document in documents},
        files=frozenset(files),
    )
