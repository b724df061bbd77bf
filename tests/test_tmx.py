"""TMX 1.4b out (one memory per language pair), and the reader of memories from outside.

TMX 1.4b has a DTD and no XSD, and no PyPI package ships either: each file is checked by hand
against what the DTD requires, and read by Translate Toolkit's TMX class as the second opinion.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx as tt_tmx

from conftest import editing
from pipeline import api
from pipeline.errors import ExchangeError
from pipeline.exchange.tmx import read_memory
from pipeline.pofile import read_po
from pipeline.status import EntryState, entry_state

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADER = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype")


def structure(root: etree._Element, source: str, target: str) -> list[etree._Element]:
    """What the TMX 1.4b DTD requires of our files, checked by hand."""
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header, body = list(root)
    assert header.tag == "header" and all(header.get(name) for name in HEADER)
    assert header.get("segtype") in ("block", "paragraph", "sentence", "phrase") and header.get("srclang") == source
    assert body.tag == "body"
    units = list(body)
    for unit in units:
        assert unit.tag == "tu"
        tags = [child.tag for child in unit]
        assert tags == sorted(tags, key=["note", "prop", "tuv"].index) and tags.count("tuv") == 2
        assert [tuv.get(XML_LANG) for tuv in unit.findall("tuv")] == [source, target]
        for tuv in unit.findall("tuv"):
            [seg] = list(tuv)
            assert seg.tag == "seg"
            opened: list[str] = []
            for code in seg:
                if code.tag == "bpt":
                    opened.append(code.get("i"))
                elif code.tag == "ept":
                    assert opened.pop() == code.get("i")  # each pair closed, innermost first
            assert not opened
            assert {code.tag for code in seg} <= {"bpt", "ept", "ph"}
    return units


def reviewed_pairs(project, code: str, drafts: bool = False) -> list[tuple[str, str]]:
    wanted = {EntryState.TRANSLATED} | ({EntryState.DRAFT, EntryState.FUZZY} if drafts else set())
    pairs = []
    for domain in ("mission", "ui"):
        for entry in read_po(project.po(code, domain)):
            if not entry.obsolete and not entry.msgid_plural and entry.msgstr and entry_state(entry) in wanted:
                pairs.append((entry.msgid, entry.msgstr))
    return pairs


def test_reviewed_translations_make_the_memory(make_project, tmp_path):
    project = make_project(languages=["fr", "fa_AF"]).with_shipped("fr", reviewed=True)
    project.ok("update")
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Our Mission").flags.append("fuzzy")  # back to a draft: not in the memory
    site = api.load_project(project.root)
    result = api.export_tmx(site, output=tmp_path)
    assert result.format == "tmx 1.4b"
    assert [(file.path.name, file.language.code) for file in result.files] == [("fr.tmx", "fr"), ("fa_AF.tmx", "fa_AF")]
    units = structure(etree.parse(str(tmp_path / "fr.tmx")).getroot(), "en", "fr")
    expected = reviewed_pairs(project, "fr")
    assert len(units) == len(expected) == result.files[0].units and "Our Mission" not in dict(expected)
    assert read_memory(tmp_path / "fr.tmx", "en", "fr") == expected
    store = tt_tmx.tmxfile.parsefile(str(tmp_path / "fr.tmx"))
    assert [(unit.source, unit.target) for unit in store.units] == expected  # the second opinion
    fa = structure(etree.parse(str(tmp_path / "fa_AF.tmx")).getroot(), "en", "fa-AF")
    assert fa == [] and result.files[1].units == 0  # nothing reviewed yet: an empty, valid memory
    # Deterministic: the same bytes again, left untouched.
    data = (tmp_path / "fr.tmx").read_bytes()
    assert not api.export_tmx(site, ["fr"], output=tmp_path / "fr.tmx").files[0].written
    assert (tmp_path / "fr.tmx").read_bytes() == data


def test_drafts_are_in_the_memory_only_when_asked_and_marked(make_project, tmp_path):
    project = make_project(languages=["ar"]).with_shipped("ar")
    result = project.ok("export", "--format", "tmx", "-o", str(tmp_path / "ar.tmx"))
    assert "ar, 0 translation units (tmx 1.4b, written)" in result.out
    project.ok("export", "--format", "tmx", "--drafts", "-o", str(tmp_path / "ar.tmx"))
    units = structure(etree.parse(str(tmp_path / "ar.tmx")).getroot(), "en", "ar")
    assert len(units) == len(reviewed_pairs(project, "ar", drafts=True)) > 20
    assert all(unit.find("prop[@type='x-state']").text == "needs-review" for unit in units)
    assert read_memory(tmp_path / "ar.tmx", "en", "ar") == reviewed_pairs(project, "ar", drafts=True)


def test_markup_is_kept_as_codes_holding_the_markdown(make_project, tmp_path):
    source = "Read **the [report](https://example.org/r)** and `run`."
    project = make_project(languages=["fr"], documents={"about.md": f"# About\n\n{source}\n"})
    project.ok("update")
    with editing(project.po("fr", "about")) as catalogue:
        catalogue.find(source).msgstr = "Lisez **le [rapport](https://example.org/r)** et `run`."
    api.export_tmx(api.load_project(project.root), output=tmp_path / "fr.tmx")
    [unit] = structure(etree.parse(str(tmp_path / "fr.tmx")).getroot(), "en", "fr")
    seg = unit.find("tuv/seg")
    assert [(code.tag, code.text) for code in seg] == [
        ("bpt", "**"), ("bpt", "["), ("ept", "](https://example.org/r)"), ("ept", "**"), ("ph", "`run`")
    ]  # fmt: skip
    assert read_memory(tmp_path / "fr.tmx", "en", "fr") == [
        (source, "Lisez **le [rapport](https://example.org/r)** et `run`.")
    ]


MEMORY = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="en-US" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="EN-us"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept></seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Bonjour le monde</seg></tuv>
      <tuv xml:lang="fr-CA"><seg>Allo le monde</seg></tuv>
      <tuv xml:lang="fa-AF"><seg>سلام دنیا</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en"><seg>Peace</seg></tuv>
      <tuv xml:lang="fr-CA"><seg>Paix</seg></tuv>
      <tuv xml:lang="fa"><seg>صلح</seg></tuv>
    </tu>
    <tu>
      <tuv lang="en"><seg>Old</seg></tuv>
      <tuv lang="FR"><seg>Vieux</seg></tuv>
    </tu>
    <tu><tuv xml:lang="en"><seg>Only English</seg></tuv></tu>
  </body>
</tmx>
"""


def test_read_memory_matches_languages_as_tmx_does(tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_text(MEMORY, encoding="utf-8")
    assert read_memory(path, "en", "fr") == [
        ("Hello <b>world</b>", "Bonjour le monde"),  # a bare fr takes fr-FR and fr-CA, the first one given
        ("Peace", "Paix"),
        ("Old", "Vieux"),  # TMX 1.1's lang=, any case
    ]
    assert read_memory(path, "en", "fr_CA") == [("Hello <b>world</b>", "Allo le monde"), ("Peace", "Paix")]
    assert read_memory(path, "en", "fa_AF") == [("Hello <b>world</b>", "سلام دنیا")]  # gettext's fa_AF is fa-AF
    assert read_memory(path, "en", "fa") == [("Hello <b>world</b>", "سلام دنیا"), ("Peace", "صلح")]
    assert read_memory(path, "en_US", "fr") == [("Hello <b>world</b>", "Bonjour le monde")]
    assert read_memory(path, "en", "ar") == []


def test_a_memory_is_read_once_for_all_its_languages_and_again_when_it_changes(tmp_path, monkeypatch):
    """An update asks for each of its languages in turn: a memory of many languages is not parsed each time."""
    from pipeline.exchange import xmlsafe

    parsed = []
    real = xmlsafe.parse_parts
    monkeypatch.setattr(
        xmlsafe, "parse_parts", lambda *args, **options: parsed.append(args[1]) or real(*args, **options)
    )
    path = tmp_path / "memory.tmx"
    path.write_text(MEMORY, encoding="utf-8")
    assert read_memory(path, "en", "fr")[1] == ("Peace", "Paix")
    assert read_memory(path, "en", "fa") == [("Hello <b>world</b>", "سلام دنیا"), ("Peace", "صلح")]
    assert read_memory(path, "en", "fr_CA")[0] == ("Hello <b>world</b>", "Allo le monde")
    assert parsed == [str(path)]
    path.write_text(MEMORY.replace("Paix", "La paix"), encoding="utf-8")  # another size: read again
    assert read_memory(path, "en", "fr")[1] == ("Peace", "La paix") and len(parsed) == 2
    path.write_text(MEMORY.replace("Paix", "Pace"), encoding="utf-8")  # the same size, at once: read again
    assert read_memory(path, "en", "fr")[1] == ("Peace", "Pace") and len(parsed) == 3


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            MEMORY.replace("</body>", ""),
            "not well-formed XML: Opening and ending tag mismatch: body line 5 and tmx",
            23,
        ),
        (MEMORY.replace("<tmx ", "<tnx ").replace("</tmx>", "</tnx>"), "not a TMX file", 3),
        (MEMORY.replace('<tuv xml:lang="fa">', "<tuv>"), "a <tuv> without xml:lang", 15),
        (MEMORY.replace('"tmx14.dtd">', '"tmx14.dtd" [<!ENTITY x SYSTEM "file:///etc/passwd">]>'), "entities", 2),
        (MEMORY.replace('"tmx14.dtd"', '"http://evil.example/tmx14.dtd"'), "document type declaration", 2),
    ],
)
def test_read_memory_refuses_a_damaged_file_with_its_line(tmp_path, text, message, line):
    path = tmp_path / "memory.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExchangeError) as raised:
        read_memory(path, "en", "fr")
    assert message in raised.value.message and raised.value.line == line and raised.value.path == str(path)


def test_read_memory_of_a_missing_file(tmp_path):
    with pytest.raises(ExchangeError, match="cannot read"):
        read_memory(Path(tmp_path / "none.tmx"), "en", "fr")
