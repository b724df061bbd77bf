"""The seams: a builder and a source format added from outside, through their protocols only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from conftest import REPOSITORY, editing
from pipeline.build import build
from pipeline.builders import DEFAULT_BUILDERS, Builder, DocumentBuilder
from pipeline.config import load_project
from pipeline.extract import document_domain
from pipeline.languages import Language
from pipeline.pages import render_body
from pipeline.sources import (
    Document,
    Inline,
    Lookup,
    Rendered,
    Segment,
    SourceFormat,
    Sources,
    find_documents,
    read_text,
)
from pipeline.sources.markdown import MarkdownFormat

sys.path.insert(0, str(REPOSITORY / "benchmarks"))


@pytest.fixture(autouse=True)
def reproducible_templates(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")


class PlainTextBuilder(DocumentBuilder):
    """One ``.txt`` per document and language: the title, and how many passages fell back."""

    name = "txt"

    def target(self, document: str, lang: Language) -> tuple[str, str]:
        return f"txt/{lang.tag}/{document}.txt", self.key(self.context.text_key(lang, document))

    def render(self, document: str, lang: Language) -> bytes:
        body = self.context.text(lang, document)
        return f"{body.title.text}\n{body.fallbacks} in the source language\n".encode()


def site(tmp_path: Path) -> Path:
    from corpus import generate

    root = tmp_path / "site"
    generate(root, pages=3, paragraphs=3, languages=2, pdf=False)  # tests/test_pdf.py makes PDFs
    return root


def mtimes(root: Path) -> dict[str, int]:
    """The site's files (build space left out) and when each was last written."""
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in (root / "output").rglob("*")
        if path.is_file() and ".build" not in path.parts
    }


def test_a_builder_added_through_the_seam_is_built_incrementally(tmp_path):
    root = site(tmp_path)
    project = load_project(root)
    assert isinstance(PlainTextBuilder, type) and issubclass(PlainTextBuilder, DocumentBuilder)
    builders = [*DEFAULT_BUILDERS, PlainTextBuilder]
    build(project, jobs=1)
    pages = mtimes(root)

    # Added to a built site: its own outputs are made; no page is made again.
    report = build(project, jobs=2, builders=builders)
    assert report.rendered == 0 and not report.nothing_changed
    texts = sorted(path.relative_to(root / "output").as_posix() for path in (root / "output/txt").rglob("*.txt"))
    assert len(texts) == 3 * len(report.published) and "txt/fr/page-001.txt" in texts
    assert {name: stamp for name, stamp in mtimes(root).items() if name in pages} == pages

    # Nothing changed: nothing is made, the builder's outputs included.
    assert build(project, jobs=1, builders=builders).nothing_changed

    # One catalogue changed: one page and one text file are made again, the others stay.
    before = mtimes(root)
    with editing(root / "locales/fr/LC_MESSAGES/page-002.po") as catalogue:
        # A paragraph: a title would change the menu of every French page.
        next(entry for entry in catalogue if entry.comment == "paragraph").msgstr = "Un paragraphe changé"
    report = build(project, jobs=2, builders=builders)
    assert report.rendered == 1
    changed = {name for name, stamp in mtimes(root).items() if before.get(name) != stamp}
    # (the dashboard too, when the entry was not translated before: it counts it)
    assert changed - {"output/status.html"} == {"output/fr/page-002/index.html", "output/txt/fr/page-002.txt"}

    # Taken away again: its outputs go with it, and the site is as the default builders make it.
    build(project, jobs=1)
    assert not (root / "output/txt").exists()


def test_the_manifest_keys_outputs_by_builder(tmp_path):
    import json

    root = site(tmp_path)
    build(load_project(root), jobs=1, builders=[*DEFAULT_BUILDERS, PlainTextBuilder])
    data = json.loads((root / "output/.build/manifest.json").read_text().split("\n", 1)[1])
    assert set(data["outputs"]) == {"html", "sitemap", "txt"}  # the builders that keyed what they made
    assert "fr/page-002/index.html" in data["outputs"]["html"] and "txt/fr/page-001.txt" in data["outputs"]["txt"]
    assert list(data["outputs"]["sitemap"]) == ["sitemap.xml"]
    assert data["builders"] == [*(builder.name for builder in DEFAULT_BUILDERS), "txt"]


class ParagraphsFormat:
    """A made-up format: ``*.txt``, one message per paragraph; its segments' ``ref`` is the paragraph's index."""

    suffix = ".txt"
    label = "plain text"

    def parse(self, path: Path, shown: str) -> Document:
        from pipeline.sources import document_name

        paragraphs = read_text(path, shown).split("\n\n")
        segments, line = [], 1
        for number, paragraph in enumerate(paragraphs):
            segments.append(Segment(" ".join(paragraph.split()), line, "paragraph", ref=number))
            line += paragraph.count("\n") + 2
        return Document(document_name(path, shown), path, {}, segments, tree=paragraphs)

    def render(self, document: Document, lookup: Lookup, page: Language, source: Language) -> Rendered:
        html, fallbacks = [], 0
        for segment in document.segments:
            found = lookup(segment.text)
            fallbacks += found is None and page != source
            html.append(Markup("<p>{}</p>").format(found if found is not None else segment.text))
        return Rendered(Markup("\n").join(html), fallbacks)

    def inline_markup(self, text: str) -> Inline:
        return Inline(text, text, (), (), {}, {})


def test_a_source_format_through_the_seam(tmp_path):
    root = site(tmp_path)
    (root / "source/notes.txt").write_text("First <thing>.\n\nSecond\nthing.\n")
    project = load_project(root)
    plain: SourceFormat = ParagraphsFormat()
    assert find_documents(project, plain) == {"notes": root / "source/notes.txt"}
    assert list(find_documents(project, MarkdownFormat())) == ["page-001", "page-002", "page-003"]
    document = Sources(project, find_documents(project, plain), plain).document("notes")
    # Extraction sees segments only, whatever the format.
    messages = document_domain(project, document).messages
    assert [(message.msgid, message.locations) for message in messages] == [
        ("First <thing>.", [("source/notes.txt", 1)]),
        ("Second thing.", [("source/notes.txt", 3)]),
    ]
    # And the text of a page comes from the format's rendering.
    fr, en = project.languages[0], project.source_language
    body = render_body("key", plain, document, {"Second thing.": "Seconde chose."}.get, fr, en)
    assert body.html == "<p>First &lt;thing&gt;.</p>\n<p>Seconde chose.</p>" and body.fallbacks == 1
    assert escape(body.title.text) == "notes"


def test_a_missing_source_folder_is_said_the_same_by_every_command(tmp_path):
    from pipeline.errors import SourceError
    from pipeline.extract import load_documents

    root = site(tmp_path)
    for path in (root / "source").iterdir():
        path.unlink()
    project = load_project(root)
    said = set()
    for find in (Sources.find, load_documents):
        with pytest.raises(SourceError) as error:
            find(project)
        said.add(str(error.value))
    assert said == {"source: no Markdown documents (*.md) to publish"}


def test_every_builder_follows_the_protocol(tmp_path):
    root = site(tmp_path)
    project = load_project(root)
    build(project, jobs=1)
    for make in DEFAULT_BUILDERS:
        assert isinstance(make.name, str) and make.name
        for method in ("outdated", "write", "finish"):
            assert callable(getattr(make, method))
    assert Builder.__name__ == "Builder"
