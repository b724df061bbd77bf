"""Fuzzing the PO reader, the source segmenter and the renderer: only clean errors, never a crash.

A bounded, reproducible run (a few hundred inputs each) runs with the tests;
``--fuzz-examples N`` (or ``FUZZ_EXAMPLES=N``) makes it N inputs each, thousands
before a release; ``tests/fuzz_atheris.py`` runs the same targets
coverage-guided for as long as wanted (see the README).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPOSITORY, fuzz_examples
from pipeline.errors import CatalogueError, SourceError
from pipeline.languages import language
from pipeline.pofile import parse_po
from pipeline.sources.markdown.parse import parse_document, source_parser
from pipeline.sources.markdown.render import DocumentRenderer

FUZZ = settings(max_examples=fuzz_examples(), deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
VALID = (REPOSITORY / "locales/ar/LC_MESSAGES/ui.po").read_bytes()
PO_PIECES = ['msgid "', 'msgstr "', "msgstr[0] ", "msgctxt ", "msgid_plural ", '"', "\\", "\\n", "\n", "#~ ", "#| ",
             "#, fuzzy", "#: a:1", "#. x", "# c", '""', "charset=", "ISO-8859-1", "\r\n", "\xef\xbb\xbf", "\x00", "\x04",
             "nplurals=", "[", "]", " ", "é", "ع", "\ud7ff", "\xff"]  # fmt: skip


def check_reader(data: bytes) -> None:
    try:
        parse_po(data, "fuzz.po")
    except CatalogueError as error:
        assert error.line is None or error.line >= 1
        assert str(error).startswith("fuzz.po")


@FUZZ
@given(st.binary(max_size=600))
def test_po_reader_on_any_bytes(data):
    check_reader(data)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.integers(0, 8), st.sampled_from(PO_PIECES)), max_size=6))
def test_po_reader_on_damaged_catalogues(edits):
    data = bytearray(VALID)
    for position, removed, inserted in edits:
        data[position : position + removed] = inserted.encode("utf-8", "surrogatepass")
    check_reader(bytes(data))


MARKDOWN = ["---\n", "title: ", "description: [", ": ", "\n", "\n\n", "# ", "## ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n",
            "```\n", "    ", "**", "*", "_", "`", "[", "](", ")", "![", "<div>", "</div>", "<https://x.org>", "\\", "  \n",
            "&amp;", "&#0;", "word ", "كلمة ", "中文", "\t", "\r\n", "---\n---\n", "\ufeff", "title: {a: b}\n"]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(MARKDOWN) | st.text(max_size=8), max_size=40))
def test_segmenter_on_any_document(tmp_path_factory, pieces):
    path = tmp_path_factory.getbasetemp() / "fuzz.md"
    path.write_bytes("".join(pieces).encode("utf-8", "surrogatepass"))
    try:
        document = parse_document(path, "source/fuzz.md")
    except SourceError as error:
        assert str(error).startswith("source/fuzz.md")
        return
    for segment in document.segments:
        assert segment.text and segment.line >= 1


class Safe(HTMLParser):
    def handle_starttag(self, tag, attrs):
        assert tag in {"p", "h1", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "code", "br", "bdi", "span",
                       "blockquote", "img", "table", "thead", "tbody", "tr", "th", "td", "pre", "div", "hr"}, tag  # fmt: skip
        for name, value in attrs:
            assert not name.startswith("on"), name
            if name in ("href", "src"):
                head = "".join((value or "").split()).lower().split("/")[0].split("?")[0].split("#")[0]
                # pipeline: the renderer's own placeholders, resolved where the page is made (sources.links)
                assert ":" not in head or head.split(":")[0] in ("http", "https", "mailto", "pipeline"), value


DOCUMENT = REPOSITORY / "tests/data/fuzz-page.md"
_renderer: list[DocumentRenderer] = []


def renderer() -> DocumentRenderer:
    if not _renderer:
        _renderer.append(DocumentRenderer(parse_document(DOCUMENT, "fuzz-page.md"), source_parser()))
    return _renderer[0]


TRANSLATION_PIECES = ["<script>", "</p>", "<img src=x onerror=alert(1)>", "[a](javascript:x)", "[a](https://e.org)", "**",
                      "*", "`", "![i](x.png)", "\n", "&lt;", "&#x3C;", "{{ x }}", "%s", "%(count)s", "\u202e", "UNDP ", "2178",
                      "داعش ", "\\", "<", ">", '"', "'", "](", "[", "](javascript:alert(1))"]  # fmt: skip


@FUZZ
@given(
    st.lists(st.sampled_from(TRANSLATION_PIECES) | st.text(max_size=6), max_size=12),
    st.sampled_from(["ar", "fr"]),
)
def test_renderer_on_any_translation(pieces, code):
    translation = "".join(pieces)
    page = language(code)
    rendered = renderer().body(lambda message: translation or None, page, language("en"))
    html, fallbacks = rendered.html, rendered.fallbacks
    # Every passage shown in English is counted, and marked as English; nothing else is, whatever the translation.
    assert fallbacks == len(FALLBACK_MARK.findall(html)), html
    if not translation:  # no translation at all: every passage falls back
        assert fallbacks == len(translatable())
    Safe().feed(html)
    assert "<script" not in html.lower()


# An element the renderer marks as the source language's: a fallback (text from a translation is escaped).
FALLBACK_MARK = re.compile(r'<[a-z][a-z0-9]*\b[^<>]* lang="en"')


def translatable():
    """The passages of the page's body: every segment but the front matter's (title, description)."""
    return [segment for segment in renderer().document.segments if not segment.kind.startswith("front matter")]


def test_the_fuzzed_page_has_every_kind_of_block():
    kinds = {segment.kind for segment in renderer().document.segments}
    assert {"paragraph", "list item", "blockquote paragraph", "table cell", "image alt text"} <= kinds
    # ...and the renderer draws each of them: the fuzz target above reaches every kind of block.
    for code in ("ar", "fr"):
        rendered = renderer().body(lambda message: message, language(code), language("en"))
        html, fallbacks = rendered.html, rendered.fallbacks
        assert fallbacks == 0 and not FALLBACK_MARK.search(html)
        for tag in ('<h1 id="', "<strong>", "<a href=", "<code>", "<li>", "<blockquote>", "<td>", "<img src="):
            assert tag in html, (code, tag)
        rendered = renderer().body(lambda message: None, language(code), language("en"))
        html, fallbacks = rendered.html, rendered.fallbacks
        assert fallbacks == len(translatable()) == len(FALLBACK_MARK.findall(html)) >= 8
