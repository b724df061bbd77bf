"""`pipeline extract`: documents and templates become message templates."""

from __future__ import annotations

import os
import subprocess

from conftest import msgfmt_check
from pipeline.pofile import read_po

KITCHEN_SINK = """\
---
title: All the blocks
description: A page with every kind of block
date: 2026-01-02
---

# A heading with *emphasis*

A paragraph that the author
wrapped over three
lines, with **strong** text, a [link](https://example.org/a) and `code`.

- First item
- Second item with a [relative link](../other/)

> A quoted
> paragraph.

| Country | Members |
|---------|---------|
| Iraq    | 1       |

![A map of the region](map.png)

```
code block is not a message
```

<div class="raw">raw HTML is not a message</div>

<https://example.org/bare>

https://example.org/also-bare

Line with a hard break  
and more.

A repeated sentence.

A repeated sentence.
"""


def entries_by_id(path):
    return {entry.msgid: entry for entry in read_po(path)}


def test_every_kind_of_block_becomes_one_message(make_project):
    project = make_project(languages=[], documents={"blocks.md": KITCHEN_SINK})
    project.ok("extract")
    entries = entries_by_id(project.root / "locales" / "blocks.pot")

    assert entries["All the blocks"].comment == "front matter title"
    assert entries["All the blocks"].occurrences == [("source/blocks.md", "2")]
    assert entries["A page with every kind of block"].comment == "front matter description"
    heading = entries["A heading with *emphasis*"]
    assert heading.comment == "heading level 1" and heading.occurrences == [("source/blocks.md", "7")]
    # Soft line breaks fold to one space; inline Markdown stays as written.
    paragraph = (
        "A paragraph that the author wrapped over three lines, with **strong** text, "
        "a [link](https://example.org/a) and `code`."
    )
    assert entries[paragraph].comment == "paragraph"
    assert entries[paragraph].occurrences == [("source/blocks.md", "9")]
    assert entries["First item"].comment == "list item"
    assert entries["Second item with a [relative link](../other/)"].comment == "list item"
    assert entries["A quoted paragraph."].comment == "blockquote paragraph"
    assert entries["Country"].comment == "table header cell"
    assert entries["Iraq"].comment == "table cell"
    assert entries["1"].comment == "table cell"
    assert entries["A map of the region"].comment == "image alt text"
    assert entries["Line with a hard break\nand more."].comment == "paragraph"
    repeated = entries["A repeated sentence."]
    assert repeated.occurrences == [("source/blocks.md", "38"), ("source/blocks.md", "40")]

    everything = " ".join(entries)
    assert "code block" not in everything
    assert "raw HTML" not in everything
    assert "example.org/bare" not in everything
    assert "also-bare" not in everything
    assert "2026-01-02" not in everything  # only title and description are translated


def test_identical_texts_become_one_message_with_every_place(make_project):
    project = make_project(languages=[])
    project.ok("extract")
    entries = entries_by_id(project.root / "locales" / "mission.pot")
    title = entries["Our Mission"]
    assert title.occurrences == [("source/mission.md", "2"), ("source/mission.md", "6"), ("source/mission.md", "10")]
    assert title.comment.split("\n") == ["front matter title", "heading level 1", "heading level 2"]
    assert len(entries) == 17


def test_ui_template_has_the_templates_texts_and_a_plural(make_project):
    project = make_project(languages=[])
    project.ok("extract")
    ui = read_po(project.root / "locales" / "ui.pot")
    ids = {entry.msgid: entry for entry in ui}
    assert "Skip to content" in ids
    assert "Languages" in ids
    assert "All languages" in ids
    assert "Global Coalition against Daesh" in ids  # the site name from the configuration
    plural = [entry for entry in ui if entry.msgid_plural]
    assert len(plural) == 1
    assert "%(count)s" in plural[0].msgid and "python-format" in plural[0].flags
    assert plural[0].occurrences[0][0] == "pipeline/templates/page.html"
    assert "passages have no translation yet" in plural[0].comment


def test_templates_pass_msgfmt_and_a_second_extract_changes_nothing(make_project):
    project = make_project(languages=[], documents={"blocks.md": KITCHEN_SINK})
    first = project.ok("extract")
    assert "locales/mission.pot: 17 messages (updated)" in first.out
    templates = sorted((project.root / "locales").glob("*.pot"))
    assert [path.name for path in templates] == ["blocks.pot", "mission.pot", "ui.pot"]
    for path in templates:
        msgfmt_check(path)
    before = {path: (path.read_bytes(), os.stat(path).st_mtime_ns) for path in templates}

    second = project.ok("extract")
    assert "(updated)" not in second.out
    assert "locales/mission.pot: 17 messages (unchanged)" in second.out
    for path in templates:
        assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before[path]


def test_a_template_laid_out_by_another_tool_is_the_same_template(make_project):
    project = make_project(languages=[], documents={"blocks.md": KITCHEN_SINK})
    project.ok("extract")
    path = project.root / "locales/blocks.pot"
    subprocess.run(["msgcat", "--width=40", "-o", str(path), str(path)], check=True)  # wrapped anew
    rewrapped = path.read_bytes()
    again = project.ok("extract")
    assert "locales/blocks.pot: " in again.out and "(updated)" not in again.out
    assert path.read_bytes() == rewrapped  # same messages, same date: nothing to write


def test_a_changed_document_rewrites_only_its_template(make_project, monkeypatch):
    project = make_project(languages=[], documents={"blocks.md": KITCHEN_SINK})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project.ok("extract")
    ui_before = (project.root / "locales" / "ui.pot").read_bytes()
    project.write("source/blocks.md", KITCHEN_SINK.replace("First item", "First entry"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = project.ok("extract")
    assert "locales/blocks.pot: 14 messages (updated)" in result.out
    assert "locales/ui.pot: 17 messages (unchanged)" in result.out
    assert (project.root / "locales" / "ui.pot").read_bytes() == ui_before
    blocks = read_po(project.root / "locales" / "blocks.pot")
    assert blocks.metadata["POT-Creation-Date"] == "2027-01-15 08:00+0000"
    assert "First entry" in {entry.msgid for entry in blocks}


def test_moved_places_rewrite_the_template_but_keep_its_date(make_project, monkeypatch):
    project = make_project(languages=["fr"], documents={"blocks.md": KITCHEN_SINK})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project.ok("update")
    # The same texts, two lines further down: only the references change.
    project.write("source/blocks.md", KITCHEN_SINK.replace("# A heading", "\n\n# A heading"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = project.ok("update")
    assert "locales/blocks.pot: 14 messages (updated)" in result.out
    template = read_po(project.root / "locales" / "blocks.pot")
    assert template.metadata["POT-Creation-Date"] == "2023-11-14 22:13+0000"  # the first extract's
    heading = next(entry for entry in template if entry.msgid == "A heading with *emphasis*")
    assert heading.occurrences == [("source/blocks.md", "9")]
    # The catalogue follows the template's places, and its own dates stay too.
    catalogue = read_po(project.po("fr", "blocks"))
    assert next(entry for entry in catalogue if entry.msgid == heading.msgid).occurrences == heading.occurrences
    assert catalogue.metadata["POT-Creation-Date"] == "2023-11-14 22:13+0000"
    again = project.ok("update")
    assert "(updated)" not in again.out


def test_broken_front_matter_is_an_error_with_its_line(make_project):
    project = make_project(languages=[], documents={"bad.md": "---\ntitle: ok\ndescription: [unclosed\n---\n\nText.\n"})
    result = project.run("extract")
    assert result.status == 11  # broken front matter
    assert result.err.startswith("source/bad.md:3: error: front matter is not valid YAML")
    assert "Traceback" not in result.err
    assert not (project.root / "locales").exists()


def test_a_document_that_is_not_utf8_is_an_error_with_its_line(make_project):
    project = make_project(languages=[])
    (project.root / "source" / "latin.md").write_bytes(b"# Title\n\nCaf\xe9 society.\n")
    result = project.run("extract")
    assert result.status == 10  # not UTF-8
    assert result.err.strip() == ("source/latin.md:3: error: not UTF-8 text (byte 0xe9); save the document as UTF-8")


def test_the_site_name_is_placed_in_the_configuration_file_without_a_line(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    template = project.root / "locales" / "ui.pot"
    site = next(entry for entry in read_po(template) if entry.msgid == "Global Coalition against Daesh")
    assert site.occurrences == [("pipeline.toml", "")]
    assert "#: pipeline.toml\n" in template.read_text(encoding="utf-8")
    # A setting added above site-name moves its line: nothing to translate changed, nothing is written.
    config = project.root / "pipeline.toml"
    config.write_text('# the mission site\nedit-url = "https://example.org/edit/"\n' + config.read_text())
    before = {path: path.read_bytes() for path in sorted((project.root / "locales").rglob("*.po*"))}
    again = project.ok("update")
    assert "locales/ui.pot: 17 messages (unchanged)" in again.out
    assert {path: path.read_bytes() for path in before} == before
