"""The ``markup`` check: a translation keeps the source's markup, of the catalogue's own kind.

Two families of rules, by what the catalogue is written in (``checks.inline.MarkupKind``):

- Markdown (the project's documents, po4a Markdown pages): the same links, images, ``**strong**``,
  ``*emphasis*`` and ``` `code` ```, no marker left open, and no HTML the source does not have (it would
  be raw HTML on the page). Nothing of this is looked for in other catalogues: in a program's
  messages an asterisk is an asterisk, and Sphinx quotes with `` `x' ``.
- HTML (or DocBook, any XML-like tags) in the source, in any catalogue: the translation has the same
  elements, each with its attributes (``class``, ``href``, ``id``...; the values of ``title``, ``alt``,
  ``aria-label`` and the like are text to translate), open and closed as in the source. Their order may
  change, as languages order words differently (Weblate's ``xml-tags`` and the Translate Toolkit's
  ``xmltags`` compare the tags in order, and so flag every reordered translation); a tag closed before
  it is opened, or two elements that overlap, are broken markup.

What is a tag and what is only a word in angle brackets (``<PID>``, ``<original entry>``, reST's
``:ref:`text <target>```) is decided on the message itself: a closing tag, a tag the message closes, a
self-closing or void element (``<br>``), a tag with an ``attribute="value"``, or a common HTML element
name alone (``<b>``, ``<li>``). In a Markdown catalogue every tag is HTML, outside code spans.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .inline import MarkupKind
from .registry import ERROR, WARNING, Context, Finding, Level, Severity, check

_SPAN_NAMES = {"strong": "**strong**", "em": "*emphasis*", "code": "`code`", "s": "~~strikethrough~~"}

# A tag: its name, then attributes (a quoted value may hold ">"), then "/" if it closes itself.
_ATTRIBUTE = r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9:._-]*)((?:\s+{_ATTRIBUTE})*)\s*(/?)>|<!--")
_ATTRIBUTES = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+)))?""")
# Markdown code spans: what is in them is shown as it is written, tags too.
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)

# Elements with no content: never closed, written <br>, <br/> or <br />.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Names that are HTML even alone and unclosed (<b>, <li>): never a placeholder in a program's messages.
_HTML_NAMES = _VOID | frozenset(
    """a abbr b bdi bdo big blockquote center cite code dd del dfn div dl dt em font h1 h2 h3 h4 h5 h6 i ins
    kbd li mark ol p pre q s samp small span strike strong sub sup table tbody td tfoot th thead tr tt u ul""".split()
)
# Attributes whose value is text for the reader: translated, not compared.
_TRANSLATED = frozenset(
    """title alt aria-label aria-description aria-placeholder aria-roledescription aria-valuetext
    placeholder label summary abbr""".split()
)
# Attributes a translation may add, drop or change: the direction and language of a passage (an Arabic
# translation marks a Latin file name dir="ltr").
_FREE = frozenset("dir lang xml:lang hreflang translate".split())
# A printf argument's position: %1$s stands for the %s of the source (the ``placeholders`` check's concern).
_POSITION = re.compile(r"%\d+\$")
# Attributes whose value is an address: a translation may point to its language's page (the ``urls``
# check says which addresses changed), so a different value is for a reviewer to look at.
_ADDRESSES = frozenset("href src url action cite".split())
# What a translation must never add, whatever the catalogue: it runs code or changes the page.
_DANGEROUS = frozenset("script style iframe object embed frame frameset applet base form meta link".split())


@dataclass(frozen=True, slots=True)
class _Tag:
    """One tag of a message: ``kind`` is "open", "close", "empty" (void or self-closing) or "comment"."""

    kind: str
    name: str
    attributes: tuple[tuple[str, str | None], ...]  # sorted; None for a translated attribute's value
    written: str

    @property
    def key(self) -> tuple[str, str, tuple[tuple[str, str | None], ...]]:
        return (self.kind, self.name, self.attributes)

    @property
    def shown(self) -> str:
        if self.kind == "comment":
            return "<!--"
        return self.written if len(self.written) <= 60 else self.written[:57] + "...>"


def _attributes(text: str) -> tuple[tuple[str, str | None], ...]:
    found = []
    for match in _ATTRIBUTES.finditer(text):
        name = match[1].lower()
        if name in _FREE:
            continue
        value = next((group for group in match.groups()[1:] if group is not None), "")
        found.append((name, None if name in _TRANSLATED else _POSITION.sub("%", value.strip())))
    return tuple(sorted(found))


def _all_tags(text: str, kind: MarkupKind) -> tuple[_Tag, ...]:
    if kind is MarkupKind.MARKDOWN and "`" in text:
        text = _CODE_SPAN.sub(" ", text)
    tags = []
    for match in _TAG.finditer(text):
        if match[0] == "<!--":
            tags.append(_Tag("comment", "!--", (), "<!--"))
            continue
        closing, name, attributes, selfclosing = match.groups()
        name = name.lower()
        tag_kind = "close" if closing else "empty" if selfclosing or name in _VOID else "open"
        tags.append(_Tag(tag_kind, name, _attributes(attributes), match[0]))
    return tuple(tags)


def _is_markup(tag: _Tag, closed: set[str]) -> bool:
    """Whether a tag of a plain-text message is markup rather than a word in angle brackets."""
    if tag.kind != "open" or tag.name in closed:
        return True
    if any(value or name in _TRANSLATED for name, value in tag.attributes):
        return True  # <a href="...">, <key name='%s'>: not <original entry>
    return not tag.attributes and tag.name in _HTML_NAMES


@lru_cache(maxsize=32768)
def _markup(text: str, kind: MarkupKind) -> tuple[_Tag, ...]:
    """The tags of a message that are markup (a source is read once for every language)."""
    if "<" not in text:
        return ()
    tags = _all_tags(text, kind)
    if kind is MarkupKind.MARKDOWN:
        return tags
    closed = {tag.name for tag in tags if tag.kind == "close"}
    return tuple(tag for tag in tags if _is_markup(tag, closed))


def _translated_markup(text: str, kind: MarkupKind, names: frozenset[str]) -> tuple[_Tag, ...]:
    """The translation's tags: markup by themselves, or of an element the source has."""
    if "<" not in text:
        return ()
    if kind is MarkupKind.MARKDOWN:
        return _markup(text, kind)
    tags = _all_tags(text, kind)
    closed = {tag.name for tag in tags if tag.kind == "close"}
    return tuple(tag for tag in tags if tag.name in names or _is_markup(tag, closed))


def _nesting(tags: tuple[_Tag, ...]) -> str | None:
    """What is wrong in how the elements open and close (None: nothing)."""
    stack: list[_Tag] = []
    for tag in tags:
        if tag.kind == "open":
            stack.append(tag)
        elif tag.kind == "close":
            if not stack:
                return f"</{tag.name}> closes an element that is not open"
            if stack[-1].name != tag.name:
                if any(opened.name == tag.name for opened in stack):
                    return f"<{stack[-1].name}> and <{tag.name}> overlap: close the inner element first"
                return f"</{tag.name}> closes an element that is not open"
            stack.pop()
    if stack:
        return f"{stack[-1].shown} is not closed"
    return None


def _dangerous(tag: _Tag) -> bool:
    return tag.name in _DANGEROUS or any(
        name.startswith("on") or (value or "").lower().lstrip().startswith("javascript:")
        for name, value in tag.attributes
    )


@dataclass(frozen=True, slots=True)
class _SourceMarkup:
    """What the translations of a source are compared with (read once for every language)."""

    tags: tuple[_Tag, ...]
    counted: Counter[tuple[str, str, tuple[tuple[str, str | None], ...]]]
    names: frozenset[str]
    nested: bool  # the source opens and closes its elements properly: its translations must too
    quoted: frozenset[str]  # tags of a program's message that it never closes, <key name='%s'>: quoted text


@lru_cache(maxsize=32768)
def _source_markup(source: str, kind: MarkupKind) -> _SourceMarkup:
    tags = _markup(source, kind)
    closed = {tag.name for tag in tags if tag.kind == "close"}
    quoted = frozenset(
        tag.name
        for tag in tags
        if kind is MarkupKind.PLAIN and tag.kind == "open" and tag.name not in closed and tag.name not in _HTML_NAMES
    )
    return _SourceMarkup(
        tags, Counter(tag.key for tag in tags), frozenset(tag.name for tag in tags), _nesting(tags) is None, quoted
    )


def _html(source: str, translation: str, kind: MarkupKind) -> list[Finding]:
    """The source's HTML elements kept, balanced and nested; none added."""
    read = _source_markup(source, kind) if "<" in source else _NO_MARKUP
    translated = _translated_markup(translation, kind, read.names)
    if not read.tags and not translated:
        return []
    wanted = read.counted
    given = Counter(tag.key for tag in translated)
    if wanted == given:
        problem = _nesting(translated) if read.nested else None
        return [] if problem is None else [Finding(f"broken HTML: {problem}")]
    found = []
    missing = [tag for tag in _unique(read.tags) if wanted[tag.key] > given[tag.key]]
    added = [tag for tag in _unique(translated) if given[tag.key] > wanted[tag.key]]

    def severity(tags: list[_Tag], otherwise: Severity = ERROR) -> Severity:
        return WARNING if all(tag.name in read.quoted for tag in tags) else otherwise

    for tag in [tag for tag in missing if tag.kind != "close"]:
        twin = next((other for other in added if (other.kind, other.name) == (tag.kind, tag.name)), None)
        if twin is None:
            continue
        missing.remove(tag)
        added.remove(twin)
        names_differ = [name for name, _ in tag.attributes] != [name for name, _ in twin.attributes]
        values = {
            name for (name, value), (_, other) in zip(tag.attributes, twin.attributes, strict=True) if value != other
        }
        milder = not names_differ and values <= _ADDRESSES and not _dangerous(twin)
        found.append(Finding(f"the tag {tag.shown} is changed to {twin.shown}", WARNING if milder else severity([tag])))
    if missing:
        found.append(
            Finding(f"the source's HTML {_listed(missing)} is missing from the translation", severity(missing))
        )
    if added:
        if kind is MarkupKind.MARKDOWN and not read.tags:
            found.append(Finding(f"raw HTML is not allowed in a translation: {_listed(added)}"))
        else:
            milder = kind is MarkupKind.PLAIN and not any(_dangerous(tag) for tag in added)
            found.append(
                Finding(
                    f"the translation adds HTML the source does not have: {_listed(added)}",
                    WARNING if milder else severity(added),
                )
            )
    return found


_NO_MARKUP = _SourceMarkup((), Counter(), frozenset(), True, frozenset())


def _listed(tags: list[_Tag]) -> str:
    """The tags, a closing tag left out where its opening tag is listed."""
    opened = {tag.name for tag in tags if tag.kind == "open"}
    return ", ".join(tag.shown for tag in tags if tag.kind != "close" or tag.name not in opened)


def _unique(tags: tuple[_Tag, ...]) -> list[_Tag]:
    """One tag of each kind, in the message's order."""
    return list({tag.key: tag for tag in reversed(tags)}.values())[::-1]


@check(
    "markup",
    ERROR,
    Level.PAIR,
    "keep the source's markup: its HTML elements, and in Markdown its links, **strong**, *emphasis* and `code`",
)
def markup(source: str, translation: str, context: Context) -> list[Finding]:
    """Markup not kept: an HTML element of the source missing, changed, unclosed or overlapping, HTML
    added; in Markdown, a different number of links, `**strong**`, `*emphasis*` or `` `code` ``, or
    unbalanced markers"""
    found = _html(source, translation, context.markup) if "<" in source or "<" in translation else []
    if context.markup is not MarkupKind.MARKDOWN:
        return found
    original, translated = context.inline(source), context.inline(translation)
    for span in sorted(set(original.spans) | set(translated.spans)):
        if span in ("link", "image"):
            continue
        wanted, given = original.spans.get(span, 0), translated.spans.get(span, 0)
        if wanted != given:
            found.append(Finding(f"the source has {wanted} {_SPAN_NAMES.get(span, span)}, the translation {given}"))
    if len(original.links) != len(translated.links):
        found.append(Finding(f"the source has {len(original.links)} links, the translation {len(translated.links)}"))
    if len(original.images) != len(translated.images):
        found.append(Finding(f"the source has {len(original.images)} images, the translation {len(translated.images)}"))
    for marker, count in translated.markers.items():
        if count > original.markers.get(marker, 0):
            found.append(Finding(f"unbalanced Markdown: {marker!r} is left open or unclosed"))
            break
    return found
