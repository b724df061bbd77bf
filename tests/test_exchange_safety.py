"""Hostile exchange files: XML attacks refused with nothing written, hostile translations published as text.

Every payload of the XSS corpus (tests/data/xss-payloads.txt) comes in through an XLIFF file: as a
target's text, as text inside a target's inline code, in an inline code's original data, in a code's
``disp`` attribute and in notes. With the checks off (so that what is proved is the import's and the
renderer's own safety), the site is built and every page held to test_xss.py's assertions.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import pytest
from test_xss import PAYLOADS, assert_nothing_runs, elements

from conftest import Project, new_project
from pipeline import api
from pipeline.checks import CHECKS
from pipeline.exchange import xmlsafe
from pipeline.pofile import read_po

# ---------------------------------------------------------------- XML attacks


def exported(project, tmp_path):
    project.ok("update")
    path = tmp_path / "fr.xlf"
    api.export_xliff(api.load_project(project.root), ["fr"], ["mission"], output=path)
    return path


def with_prolog(text: str, prolog: str, target: str = "") -> str:
    """The exported file with ``prolog`` after the XML declaration and ``target`` as the first unit's target."""
    text = text.replace("?>\n", f"?>\n{prolog}\n", 1)
    if target:
        text = text.replace(
            "</source>\n      </segment>", f"</source>\n        <target>{target}</target>\n      </segment>", 1
        )
    return text


ATTACKS = {
    "external entity (XXE)": (
        '<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        "&xxe;",
        "declares XML entities",
    ),
    "billion laughs": (
        '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;",
        "declares XML entities",
    ),
    "parameter entity": (
        '<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>',
        "x",
        "declares XML entities",
    ),
    "external DTD": ('<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/xliff.dtd">', "x", "document type declaration"),
    "bare DOCTYPE": ("<!DOCTYPE xliff>", "x", "document type declaration"),
    "undeclared entity": ("", "&passwd;", "not well-formed XML: Entity 'passwd' not defined"),
}


def assert_refused(project, path, expected, line=None):
    before = project.snapshot("locales")
    result = project.run("import", str(path))
    assert result.status == 30, (result.status, result.out, result.err)
    [said] = result.err.splitlines()
    found = re.match(rf"{re.escape(str(path))}:(\d+): error: (.*)$", said)
    assert found is not None and expected in found[2], said
    if line is not None:
        assert int(found[1]) == line, said
    assert project.snapshot("locales") == before and result.out == ""
    assert "root:" not in said  # nothing of /etc/passwd


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_xml_attacks_are_refused_with_nothing_written(make_project, tmp_path, attack):
    prolog, target, expected = ATTACKS[attack]
    project = make_project(languages=["fr"])
    path = exported(project, tmp_path)
    path.write_text(with_prolog(path.read_text(encoding="utf-8"), prolog, target), encoding="utf-8")
    assert_refused(project, path, expected, line=2 if prolog else None)


def test_an_attack_in_utf16_is_refused_too(make_project, tmp_path):
    project = make_project(languages=["fr"])
    path = exported(project, tmp_path)
    prolog, target, _ = ATTACKS["external entity (XXE)"]
    text = with_prolog(path.read_text(encoding="utf-8"), prolog, target).replace(
        'encoding="UTF-8"', 'encoding="UTF-16"'
    )
    path.write_bytes(text.encode("utf-16"))
    assert_refused(project, path, "declares XML entities", line=2)


def test_deep_nesting_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    path = exported(project, tmp_path)
    deep = "<mrk id='m' translate='yes'>" * 5000 + "x" + "</mrk>" * 5000
    path.write_text(with_prolog(path.read_text(encoding="utf-8"), "", deep), encoding="utf-8")
    assert_refused(project, path, "nested deeper")


def test_a_huge_file_is_refused_before_it_is_read(make_project, tmp_path, monkeypatch):
    project = make_project(languages=["fr"])
    path = exported(project, tmp_path)
    monkeypatch.setattr(xmlsafe, "MAX_BYTES", 1000)
    assert_refused(project, path, "more than the 1000 an exchange file may have")


def test_a_file_that_is_not_xml_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    path = tmp_path / "fr.xlf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert_refused(project, path, "not well-formed XML")


def test_a_file_is_read_one_part_at_a_time_and_the_parts_read_are_let_go(make_project, tmp_path):
    """A language of a large site is tens of megabytes of XLIFF, an agency's memory may be hundreds of
    megabytes of TMX: neither is held as one tree."""
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="fr">
  <file id="f1"><unit id="a"><segment><source>One</source></segment></unit></file>
  <!-- between the parts -->
  <file id="f2"><unit id="b"><segment><source>Two</source></segment></unit></file>
  <file id="f3"><group id="g"><file id="nested"/></group></file>
</xliff>
"""
    parts = xmlsafe.parse_parts(data, "fr.xlf", "xliff", "file")
    root = next(parts)
    assert xmlsafe.local(root.tag) == "xliff" and root.get("trgLang") == "fr"
    seen = []
    for part in parts:
        earlier = list(root)[: root.index(part)]  # what is still there of what came before: the last part, cleared
        seen.append((part.get("id"), part.sourceline, len(part), [len(element) for element in earlier]))
    assert seen == [("f1", 3, 1, []), ("f2", 5, 1, [0, 0]), ("f3", 6, 1, [0])]  # f3's inner <file> is its own
    assert len(root) == 1 and len(root[0]) == 0  # the last part, cleared once the caller was done with it

    # A translation memory's units are in its <body>: each is read whole, then let go.
    memory = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header srclang="en"/><body>
<tu tuid="1"><tuv xml:lang="en"><seg>One</seg></tuv></tu><!-- a note -->
<tu tuid="2"><tuv xml:lang="en"><seg>Two</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="en"><seg>Three</seg></tuv></tu>
</body></tmx>
"""
    parts = xmlsafe.parse_parts(memory, "fr.tmx", "tmx", "tu", within="body", tmx_doctype=True)
    root = next(parts)
    units = []
    for unit in parts:
        body = unit.getparent()
        units.append((unit.get("tuid"), unit.sourceline, [len(element) for element in list(body)[: body.index(unit)]]))
    assert units == [("1", 4, []), ("2", 5, [0, 0]), ("3", 6, [0])]
    assert [xmlsafe.local(child.tag) for child in root] == ["header", "body"] and len(root[1]) == 1

    project = make_project(languages=["fr"])
    path = exported(project, tmp_path)
    text = path.read_text(encoding="utf-8")
    other = tmp_path / "memory.xlf"
    other.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n', encoding="utf-8")
    assert_refused(project, other, "not an XLIFF 1.2 or 2.x file: its root element is <tmx>", line=2)
    # Broken after the parts read: said at its line, in the whole parser's words, with nothing written.
    part = "<file id='x'><unit id='u'>\n<segment><source>&passwd;</source></segment></unit></file>"
    broken = text.replace("</xliff>", part + "</xliff>")
    path.write_text(broken, encoding="utf-8")
    line = broken[: broken.index("&passwd;")].count("\n") + 1
    assert_refused(project, path, "not well-formed XML: Entity 'passwd' not defined", line=line)


# ---------------------------------------------------------------- the XSS corpus, through XLIFF

SHAPES = {
    "whole": "Passage {n} with a [link](https://example.org/{n}) and **bold** text.",
    "text": "Link {n}: [text](https://example.org/{n}).",
    "target": "Link {n}: [text](https://example.org/{n}).",
}


@pytest.fixture(scope="module")
def hostile_import(tmp_path_factory):
    """A site whose French translations all came from a hostile XLIFF file, built."""
    base = tmp_path_factory.mktemp("hostile-xliff")
    root = new_project(base / "site", ["fr"], threshold=0, mission=False)
    ids = ", ".join(f'"{check}"' for check in CHECKS)
    with open(root / "pipeline.toml", "a", encoding="utf-8") as config:
        config.write(f'\n[disable-checks]\n"*" = [{ids}]\n')
    config_text = (root / "pipeline.toml").read_text(encoding="utf-8").replace('home = "mission"', 'home = "whole"')
    (root / "pipeline.toml").write_text(config_text, encoding="utf-8")
    for name, source in SHAPES.items():
        body = "\n\n".join(source.format(n=n) for n in range(len(PAYLOADS)))
        (root / "source" / f"{name}.md").write_text(f"# Heading of {name}\n\n{body}\n", encoding="utf-8")
    project = Project(root, None)
    from pipeline.cli import main

    assert main(["--project", str(root), "update"]) == 0
    site = api.load_project(root)
    path = base / "fr.xlf"
    api.export_xliff(site, ["fr"], list(SHAPES), output=path)
    text = path.read_text(encoding="utf-8")
    for name, source in SHAPES.items():
        for n, payload in enumerate(PAYLOADS):
            message = source.format(n=n)
            start = text.index(f'pipeline:domain="{name}"')
            block_start = text.rindex(
                "<unit ", 0, text.index(">" + escape(message).split(" [")[0].split(" <")[0], start)
            )
            block_end = text.index("</unit>", block_start)
            block = text[block_start:block_end]
            hostile = escape(payload)
            if name == "whole":
                new_target = hostile
            elif name == "text":  # inside the link's code, and in the code's disp
                new_target = (
                    f'Lien {n} : <pc id="1" dataRefStart="d1s" dataRefEnd="d1e" type="link" disp={quoteattr(payload)}>'
                    f"{hostile}</pc>."
                )
            else:  # in the code's original data (never used: the catalogue's own Markdown is)
                new_target = f'Lien {n} : <pc id="1" dataRefStart="d1s" dataRefEnd="d1e" type="link">texte</pc>.'
                block = block.replace(
                    f'<data id="d1e">](https://example.org/{n})</data>', f'<data id="d1e">]({hostile})</data>'
                )
            block = block.replace("<notes>", f'<notes>\n        <note category="hostile">{hostile}</note>')
            block = block.replace('state="initial"', 'state="final"')
            block = re.sub(
                r"</source>\s*</segment>",
                lambda _, new=new_target: f"</source>\n        <target>{new}</target>\n      </segment>",
                block,
            )
            text = text[:block_start] + block + text[block_end:]
    path.write_text(text, encoding="utf-8")
    result = api.import_xliff(site, path)
    assert sum(catalogue.changed for catalogue in result.catalogues) == 3 * len(PAYLOADS)
    assert main(["--project", str(root), "build"]) == 0
    return project


# One worker runs both (pytest-xdist): the hostile site is built once.
@pytest.mark.xdist_group("exchange-xss")
def test_the_corpus_came_in(hostile_import):
    catalogue = read_po(hostile_import.po("fr", "whole"))
    assert {entry.msgstr for entry in catalogue} >= set(PAYLOADS) - {""}
    text = {entry.msgid: entry.msgstr for entry in read_po(hostile_import.po("fr", "text"))}
    for n, payload in enumerate(PAYLOADS):  # inside the link's code: the link's own Markdown around it
        assert (
            text[f"Link {n}: [text](https://example.org/{n})."] == f"Lien {n} : [{payload}](https://example.org/{n})."
        )
    # A code's original data in the file is never used: the link keeps the catalogue's own target.
    target = {entry.msgid: entry.msgstr for entry in read_po(hostile_import.po("fr", "target"))}
    assert all(
        target[f"Link {n}: [text](https://example.org/{n})."] == f"Lien {n} : [texte](https://example.org/{n})."
        for n in range(len(PAYLOADS))
    )


@pytest.mark.xdist_group("exchange-xss")
def test_no_page_has_script_handler_or_foreign_url(hostile_import):
    root = hostile_import.root
    english = {
        tag
        for name in SHAPES
        for tag, _ in elements((root / f"output/en/{'' if name == 'whole' else name + '/'}index.html").read_text())
    }
    pages = sorted(path for path in (root / "output").rglob("*.html") if ".build" not in path.parts)
    checked = 0
    for path in pages:
        found = elements(path.read_text(encoding="utf-8"))
        assert [tag for tag, _ in found].count("body") == 1, path
        assert_nothing_runs(path, found)
        if "/fr/" in str(path):
            assert {tag for tag, _ in found} <= english | {"bdi", "span"}, path
            checked += 1
    assert checked >= 3
    whole = (root / "output/fr/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in whole


def test_the_corpus_through_xliff_1_2_comes_in_as_text(make_project, tmp_path):
    """The same payloads in 1.2 targets, as text and inside a <g> code: the catalogue gets exactly the text,
    the code's Markdown from the catalogue (the rendering of such text is what the build test above proves)."""
    source = "Link: [text](https://example.org/)."
    project = make_project(languages=["fr"], documents={"links.md": f"# Links\n\n{source}\n"})
    project.ok("update")
    site = api.load_project(project.root)
    path = tmp_path / "fr.xlf"
    for payload in PAYLOADS:
        api.export_xliff(site, ["fr"], ["links"], version="1.2", output=path)
        text = path.read_text(encoding="utf-8")
        target = f'Lien : <g id="1" ctype="link">{escape(payload)}</g>. {escape(payload)}'
        start = text.index("<source>Link: ")
        end = text.index("</trans-unit>", start)
        unit = re.sub(
            r"<target[^>]*>.*</target>",
            lambda _, new=target: f'<target state="signed-off">{new}</target>',
            text[start:end],
        )
        unit = unit.replace(
            '<note from="developer">', f'<note from="x">{escape(payload)}</note><note from="developer">'
        )
        text = text[:start] + unit + text[end:]
        path.write_text(text, encoding="utf-8")
        api.import_xliff(site, path)
        got = {entry.msgid: entry.msgstr for entry in read_po(project.po("fr", "links"))}
        assert got[source] == f"Lien : [{payload}](https://example.org/). {payload}".strip()
