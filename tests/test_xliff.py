"""XLIFF 2.1 and 1.2 out and in: states, notes, inline codes, a CAT tool's return, and refusals.

No package on PyPI ships the XLIFF schemas (translate-toolkit ships none), so every exported file is
checked two ways: structurally here (namespaces, required attributes, ids, code pairing, element order),
and read by an independent implementation, Translate Toolkit's XLIFF classes.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from conftest import editing, msgfmt_check
from pipeline import api
from pipeline.errors import ExchangeError
from pipeline.exchange import inline as inline_module
from pipeline.exchange.inline import Code, join, segment
from pipeline.exchange.xliff import (
    XLIFF1_NS,
    XLIFF2_NS,
    FileSection,
    Unit,
    code_table,
    read_document,
    resolve,
    unit_id,
    xliff_document,
)
from pipeline.pofile import read_po
from pipeline.status import EntryState, entry_state
from pipeline.xmltext import escape, quoteattr

X2 = f"{{{XLIFF2_NS}}}"
X1 = f"{{{XLIFF1_NS}}}"
PIPELINE = "{urn:pipeline:exchange:1}"
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld-catalogues"
# The OASIS schemas of XLIFF 1.2 (strict) and 2.0 (core, which 2.1 keeps), as Debian's php-symfony-translation
# ships them (.ci/run installs it; no PyPI package has them).
SCHEMAS = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")


class LocalXmlNamespaceSchema(etree.Resolver):
    """The schema of xml:lang and xml:space, which both XLIFF schemas import from the W3C's site, read from
    the same folder: validation never goes to the network."""

    def resolve(self, url, public_id, context):  # type: ignore[no-untyped-def]
        if url and url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@functools.cache
def xliff_schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalXmlNamespaceSchema())
    name = "xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff-core-2.0.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def assert_schema_valid(data: bytes, version: str, name: str = "") -> None:
    """The document is valid against its version's OASIS schema (the test is skipped without the schemas)."""
    if not SCHEMAS.is_dir():
        pytest.skip("the XLIFF schemas are not installed: apt-get install php-symfony-translation (.ci/run does)")
    schema = xliff_schema(version)
    document = etree.fromstring(data)
    assert schema.validate(document), f"{name}: {schema.error_log}"


MARKUP = """\
# Markup **test**

A passage with **strong words**, *emphasis*, a [link to the site](https://example.org/about "About") and `code`.

See <https://example.org/feed> and ![the logo](logo.png) for more.

Plain words only.
"""


def structure_2(root: etree._Element) -> None:
    """What the XLIFF 2.x core schema requires of our files, checked by hand."""
    assert root.tag == f"{X2}xliff" and root.get("version") == "2.1"
    assert root.get("srcLang") and root.get("trgLang")
    file_ids = [file.get("id") for file in root]
    assert all(file.tag == f"{X2}file" for file in root) and len(set(file_ids)) == len(file_ids)
    for file in root:
        units = list(file)
        assert units and all(unit.tag == f"{X2}unit" for unit in units)
        ids = [unit.get("id") for unit in units]
        assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in ids)
        for unit in units:
            order = [child.tag.split("}")[1] for child in unit]
            allowed = ["notes", "originalData", "segment"]
            assert order == sorted(order, key=allowed.index), order  # notes, originalData, then segments
            data_ids = {data.get("id") for data in unit.iter(f"{X2}data")}
            segment_element = unit.find(f"{X2}segment")
            assert segment_element.get("state") in ("initial", "translated", "reviewed", "final")
            if segment_element.get("subState"):
                assert ":" in segment_element.get("subState")
            children = [child.tag.split("}")[1] for child in segment_element]
            assert children in (["source"], ["source", "target"])
            for part in segment_element:
                for code in part.iter(f"{X2}pc", f"{X2}ph"):
                    assert code.get("id")
                    for ref in ("dataRef", "dataRefStart", "dataRefEnd"):
                        if code.get(ref) is not None:
                            assert code.get(ref) in data_ids
                    if code.get("subType"):
                        assert code.get("type") == "fmt"
            source_codes = {code.get("id") for code in segment_element.find(f"{X2}source").iter(f"{X2}pc", f"{X2}ph")}
            target = segment_element.find(f"{X2}target")
            if target is not None:
                target_codes = [code.get("id") for code in target.iter(f"{X2}pc", f"{X2}ph")]
                assert all(code in source_codes or code.startswith("t") for code in target_codes)


def structure_1(root: etree._Element) -> None:
    assert root.tag == f"{X1}xliff" and root.get("version") == "1.2"
    for file in root:
        assert file.tag == f"{X1}file"
        for attribute in ("original", "source-language", "datatype"):
            assert file.get(attribute)
        body = file.find(f"{X1}body")
        units = list(body)
        ids = [unit.get("id") for unit in units]
        assert len(set(ids)) == len(ids)
        for unit in units:
            order = [child.tag.split("}")[1] for child in unit]
            assert order[0] == "source" and order[1] == "target"
            assert set(order[2:]) <= {"context-group", "note"}
            target = unit.find(f"{X1}target")
            assert target.get("state") in ("new", "needs-review-translation", "signed-off")
            for code in unit.iter(f"{X1}g", f"{X1}x"):
                assert code.get("id") and code.get("ctype")


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def entries(path: Path) -> dict[str, object]:
    return {unit_id(entry.msgctxt, entry.msgid): entry for entry in read_po(path) if not entry.obsolete}


# ---------------------------------------------------------------- export


def test_export_2_1_states_notes_and_translate_toolkit_agree(make_project, tmp_path):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    with editing(project.po("ar", "mission")) as catalogue:
        catalogue.find("Our Mission").flags.remove("fuzzy")  # reviewed
        catalogue.find("Military Progress").msgstr = ""  # untranslated
        catalogue.find("Military Progress").flags.remove("fuzzy")
        catalogue.find("Stabilising Liberated Areas").tcomment = "a translator's note"  # no draft any more: fuzzy
    site = api.load_project(project.root)
    result = api.export_xliff(site, ["ar"], output=tmp_path / "ar.xlf")
    assert result.format == "xliff 2.1" and [file.path for file in result.files] == [tmp_path / "ar.xlf"]
    data = (tmp_path / "ar.xlf").read_bytes()
    root = parse(data)
    structure_2(root)
    assert root.get("srcLang") == "en" and root.get("trgLang") == "ar"
    assert [file.get("original") for file in root] == [
        "locales/ar/LC_MESSAGES/mission.po",
        "locales/ar/LC_MESSAGES/ui.po",
    ]
    assert {file.get(f"{PIPELINE}project") for file in root} == {"https://example.org/site/"}
    po = entries(project.po("ar", "mission"))
    states = {}
    for unit in root[0]:
        entry = po[unit.get("id")]
        segment_element = unit.find(f"{X2}segment")
        states[entry_state(entry)] = (segment_element.get("state"), segment_element.get("subState"))
        assert "".join(segment_element.find(f"{X2}source").itertext()) == entry.msgid
        notes = [(note.get("category"), note.text) for note in unit.iter(f"{X2}note")]
        assert ("location", f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}") in notes
        assert [text for category, text in notes if category == "block"] == entry.comment.split("\n")
        if entry.tcomment:
            assert ("translator", entry.tcomment) in notes
    assert states == {
        EntryState.TRANSLATED: ("final", None),
        EntryState.DRAFT: ("translated", "pipeline:draft"),
        EntryState.FUZZY: ("translated", "pipeline:fuzzy"),
        EntryState.UNTRANSLATED: ("initial", None),
    }
    # The second opinion: Translate Toolkit reads every unit, with its text and state.
    store = tt_xliff2.Xliff2File.parsefile(str(tmp_path / "ar.xlf"))
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "ar"
    assert len(store.units) == result.files[0].units == sum(len(file) for file in root)
    for unit in store.units:
        if unit.getid() not in po:
            continue  # the page texts
        entry = po[unit.getid()]
        state = entry_state(entry)
        assert unit.source == entry.msgid
        assert unit.istranslated() == (state is not EntryState.UNTRANSLATED)
        assert unit.isapproved() == (state is EntryState.TRANSLATED)
        if state is not EntryState.UNTRANSLATED:
            assert unit.target == entry.msgstr
    # Deterministic: the same catalogues, the same bytes, and the file is left as it was.
    again = api.export_xliff(site, ["ar"], output=tmp_path / "ar.xlf")
    assert not again.files[0].written and (tmp_path / "ar.xlf").read_bytes() == data


def test_export_1_2_states_and_translate_toolkit_agree(make_project, tmp_path):
    project = make_project(languages=["fr"]).with_shipped("fr", reviewed=True)
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Our Mission").flags.append("fuzzy")
        catalogue.find("Military Progress").msgstr = ""
    site = api.load_project(project.root)
    api.export_xliff(site, ["fr"], ["mission"], version="1.2", output=tmp_path / "fr.xlf")
    root = parse((tmp_path / "fr.xlf").read_bytes())
    structure_1(root)
    assert len(root) == 1 and root[0].get("target-language") == "fr"
    store = tt_xliff.xlifffile.parsefile(str(tmp_path / "fr.xlf"))
    po = entries(project.po("fr", "mission"))
    assert len(store.units) == len(po)
    for unit in store.units:
        entry = po[unit.getid()[-21:]]  # Translate Toolkit puts the file's name before our id
        state = entry_state(entry)
        assert unit.source == entry.msgid
        assert unit.isfuzzy() == (state in (EntryState.FUZZY, EntryState.DRAFT))
        assert unit.isapproved() == (state is EntryState.TRANSLATED)
        assert unit.istranslated() == (state is EntryState.TRANSLATED)
        assert unit.getlocations() == [f"{where}:{line}" for where, line in entry.occurrences]
        assert unit.target == (entry.msgstr if state is not EntryState.UNTRANSLATED else "")


def test_inline_markdown_becomes_codes_and_link_targets_stay_out_of_the_text(make_project, tmp_path):
    project = make_project(languages=["fr"], documents={"markup.md": MARKUP})
    project.ok("update")
    site = api.load_project(project.root)
    api.export_xliff(site, ["fr"], ["markup"], output=tmp_path / "two.xlf")
    api.export_xliff(site, ["fr"], ["markup"], version="1.2", output=tmp_path / "one.xlf")
    root = parse((tmp_path / "two.xlf").read_bytes())
    structure_2(root)
    sources = {unit.get("id"): unit.find(f"{X2}segment/{X2}source") for unit in root[0]}
    passage = next(s for s in sources.values() if "passage" in "".join(s.itertext()))
    assert "".join(passage.itertext()) == "A passage with strong words, emphasis, a link to the site and ."
    assert "example.org/about" not in etree.tostring(passage, encoding="unicode")
    codes = [(code.tag.split("}")[1], code.get("type"), code.get("subType")) for code in passage]
    assert codes == [("pc", "fmt", "xlf:b"), ("pc", "fmt", "xlf:i"), ("pc", "link", None), ("ph", "fmt", None)]
    assert passage[3].get("disp") == "code"
    data = {d.get("id"): d.text for d in passage.getparent().getparent().iter(f"{X2}data")}
    assert data["d3e"] == '](https://example.org/about "About")' and data["d1s"] == "**" and data["d4"] == "`code`"
    see = next(s for s in sources.values() if "See" in "".join(s.itertext()))
    assert [code.get("type") for code in see] == ["link", "image"] and "".join(
        see.itertext()
    ) == "See  and the logo for more."
    one = parse((tmp_path / "one.xlf").read_bytes())
    structure_1(one)
    passage_1 = next(u.find(f"{X1}source") for u in one.iter(f"{X1}trans-unit") if "passage" in "".join(u.itertext()))
    assert [(code.tag.split("}")[1], code.get("ctype")) for code in passage_1] == [
        ("g", "bold"), ("g", "italic"), ("g", "link"), ("x", "x-md-code")
    ]  # fmt: skip
    assert "example.org/about" not in etree.tostring(passage_1, encoding="unicode")
    # Translate Toolkit reads both with the codes in place.
    assert len(tt_xliff2.Xliff2File.parsefile(str(tmp_path / "two.xlf")).units) == len(sources)
    assert len(tt_xliff.xlifffile.parsefile(str(tmp_path / "one.xlf")).units) == len(sources)


# ---------------------------------------------------------------- a CAT tool's round trip


def cat_tool_translates(path: Path, version: str, translate) -> None:
    """What a CAT tool does: the source's content copied into the target with its codes (text translated),
    the state set, an attribute and a note of its own added, the file indented again."""
    tree = etree.parse(str(path))
    ns = X2 if version == "2.1" else X1
    for unit in tree.iter(f"{ns}unit", f"{ns}trans-unit"):
        unit.set("{urn:example:cat}memoq-id", "42")
        holder = unit.find(f"{ns}segment") if version == "2.1" else unit
        source = holder.find(f"{ns}source")
        target = holder.find(f"{ns}target")
        if target is None:
            target = etree.SubElement(holder, f"{ns}target")
        for child in list(target):
            target.remove(child)
        target.text = translate(source.text or "")
        for child in source:
            moved = copy.deepcopy(child)
            for node in moved.iter():
                node.text = translate(node.text or "") if node.text else node.text
                node.tail = translate(node.tail) if node.tail else node.tail
            target.append(moved)
        if version == "2.1":
            holder.set("state", "translated")
            holder.attrib.pop("subState", None)
            notes = unit.find(f"{ns}notes")
            if notes is None:
                notes = etree.Element(f"{ns}notes")
                unit.insert(0, notes)
            etree.SubElement(notes, f"{ns}note", category="cat-tool").text = "QA passed"
        else:
            target.set("state", "translated")
            etree.SubElement(unit, f"{ns}note", {"from": "memoQ"}).text = "QA passed"
    etree.indent(tree, space="\t")  # whitespace between elements changes; text does not
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_cat_tools_translation_comes_back_with_its_markup(make_project, tmp_path, version):
    project = make_project(languages=["fr"], documents={"markup.md": MARKUP})
    project.ok("update")
    site = api.load_project(project.root)
    exported = tmp_path / "fr.xlf"
    api.export_xliff(site, ["fr"], ["markup"], version=version, output=exported)
    cat_tool_translates(
        exported, version, lambda text: text.replace("A passage", "Un passage").replace("words", "mots")
    )
    before_ui = project.po("fr", "ui").read_bytes()
    result = api.import_xliff(site, exported)
    assert result.files == [(exported, version)]
    [catalogue] = result.catalogues
    assert catalogue.written and catalogue.domain == "markup" and catalogue.language.code == "fr"
    po = {entry.msgid: entry for entry in read_po(project.po("fr", "markup"))}
    passage = po[
        'A passage with **strong words**, *emphasis*, a [link to the site](https://example.org/about "About") and `code`.'
    ]
    assert passage.msgstr == (
        'Un passage with **strong mots**, *emphasis*, a [link to the site](https://example.org/about "About") and `code`.'
    )
    assert "fuzzy" not in passage.flags  # "translated" without the needs-review marker: reviewed
    assert po["See <https://example.org/feed> and ![the logo](logo.png) for more."].msgstr == (
        "See <https://example.org/feed> and ![the logo](logo.png) for more."
    )
    assert catalogue.changed == len(po) and catalogue.reviewed == 0 and catalogue.empty == 0
    assert project.po("fr", "ui").read_bytes() == before_ui  # not in the file: not touched
    msgfmt_check(project.po("fr", "markup"))
    # The same file again: nothing changes, nothing is written.
    stamp = os.stat(project.po("fr", "markup")).st_mtime_ns
    again = api.import_xliff(site, exported)
    assert not again.catalogues[0].written and again.catalogues[0].unchanged == len(po)
    assert os.stat(project.po("fr", "markup")).st_mtime_ns == stamp


def test_moved_codes_and_a_translators_own_link_target(make_project, tmp_path):
    """Codes moved in the target keep their Markdown; a target code of its own (a localized link) is kept."""
    project = make_project(languages=["fr"], documents={"markup.md": MARKUP})
    project.ok("update")
    source = 'A passage with **strong words**, *emphasis*, a [link to the site](https://example.org/about "About") and `code`.'
    with editing(project.po("fr", "markup")) as catalogue:
        catalogue.find(
            source
        ).msgstr = "Un `code`, [le site](https://example.org/fr/about) et *emphase*, **mots forts**."
    site = api.load_project(project.root)
    exported = tmp_path / "fr.xlf"
    api.export_xliff(site, ["fr"], ["markup"], output=exported)
    text = exported.read_text(encoding="utf-8")
    assert '<pc id="t1"' in text and "https://example.org/fr/about" in text  # in originalData only
    # A reviewer reorders the codes and rewrites the words around them.
    target = re.search(r"<target>(Un .*?)</target>", text)[1]
    rewritten = (
        '<pc id="1" dataRefStart="d1s" dataRefEnd="d1e" type="fmt" subType="xlf:b">Mots forts</pc>, '
        '<pc id="2" dataRefStart="d2s" dataRefEnd="d2e" type="fmt" subType="xlf:i">emphase</pc>, '
        '<pc id="t1" dataRefStart="dt1s" dataRefEnd="dt1e" type="link">le site</pc> et '
        '<ph id="4" dataRef="d4" type="fmt" disp="code"/>.'
    )
    exported.write_text(text.replace(target, rewritten).replace('subState="pipeline:fuzzy"', ""), encoding="utf-8")
    api.import_xliff(site, exported)
    entry = read_po(project.po("fr", "markup")).find(source)
    assert entry.msgstr == "**Mots forts**, *emphase*, [le site](https://example.org/fr/about) et `code`."


def test_states_come_back_as_the_project_models_them(make_project, tmp_path):
    project = make_project(languages=["ar"]).with_shipped("ar")
    site = api.load_project(project.root)
    exported = tmp_path / "ar.xlf"
    api.export_xliff(site, ["ar"], ["mission"], output=exported)
    text = exported.read_text(encoding="utf-8")
    units = re.findall(r'<unit id="(m\w+)">.*?</unit>', text, re.DOTALL)
    blocks = {uid: re.search(rf'<unit id="{uid}">.*?</unit>', text, re.DOTALL)[0] for uid in units}
    final, edited, emptied, initial = units[:4]
    changes = {
        final: lambda b: b.replace('state="translated" subState="pipeline:draft"', 'state="final"'),
        edited: lambda b: re.sub(r"<target>.*?</target>", "<target>نص جديد</target>", b),
        emptied: lambda b: re.sub(r"<target>.*?</target>", "<target/>", b).replace(
            'state="translated" subState="pipeline:draft"', 'state="final"'
        ),
        initial: lambda b: b.replace('state="translated" subState="pipeline:draft"', 'state="initial"'),
    }
    for uid, change in changes.items():
        text = text.replace(blocks[uid], change(blocks[uid]))
    exported.write_text(text, encoding="utf-8")
    before = entries(project.po("ar", "mission"))
    before_text = {uid: before[uid].msgstr for uid in units}
    result = api.import_xliff(site, exported)
    after = entries(project.po("ar", "mission"))
    assert entry_state(after[final]) is EntryState.TRANSLATED  # final: reviewed, the draft comment kept as history
    assert after[final].tcomment == before[final].tcomment
    assert after[edited].msgstr == "نص جديد" and "fuzzy" in after[edited].flags  # still needs review
    assert after[emptied].msgstr == before_text[emptied] and "fuzzy" in after[emptied].flags  # never erased
    assert entry_state(after[initial]) is EntryState.DRAFT  # initial with a target: needs review, as it was
    [catalogue] = result.catalogues
    assert (catalogue.changed, catalogue.reviewed, catalogue.marked, catalogue.empty) == (1, 1, 0, 1)
    for uid in units[4:]:
        assert after[uid].msgstr == before[uid].msgstr and after[uid].flags == before[uid].flags
    msgfmt_check(project.po("ar", "mission"))


def test_plural_forms_travel_as_units_of_their_own(make_project, tmp_path):
    project = make_project(languages=["ar"]).with_shipped("ar")
    site = api.load_project(project.root)
    exported = tmp_path / "ar.xlf"
    api.export_xliff(site, ["ar"], ["ui"], output=exported)
    root = parse(exported.read_bytes())
    plural = [unit for unit in root[0] if re.fullmatch(r"m\w+-\d", unit.get("id"))]
    assert len(plural) == 6  # Arabic's six forms
    text = exported.read_text(encoding="utf-8")
    for unit in plural:
        target = unit.find(f"{X2}segment/{X2}target")
        old = etree.tostring(target, encoding="unicode").split(">", 1)[1].rsplit("<", 1)[0]
        text = text.replace(f"<target>{old}</target>", f"<target>{old} ({unit.get('id')[-1]})</target>", 1)
    exported.write_text(text.replace('subState="pipeline:draft"', "").replace('state="translated"', 'state="final"'))
    api.import_xliff(site, exported)
    entry = next(entry for entry in read_po(project.po("ar", "ui")) if entry.msgid_plural)
    assert all(form.endswith(f" ({index})") for index, form in entry.msgstr_plural.items())
    assert "fuzzy" not in entry.flags
    msgfmt_check(project.po("ar", "ui"))


def test_imported_translations_are_checked(make_project, tmp_path):
    project = make_project(languages=["fr"], documents={"markup.md": MARKUP})
    project.ok("update")
    exported = tmp_path / "fr.xlf"
    project.ok("export", "--format", "xliff", "--lang", "fr", "--document", "markup", "-o", str(exported))
    text = exported.read_text(encoding="utf-8")
    text = text.replace(
        '<segment state="initial">\n        <source>Plain words only.</source>',
        '<segment state="translated">\n        <source>Plain words only.</source><target>Mots [x](javascript:alert(1))</target>',
    )
    exported.write_text(text, encoding="utf-8")
    result = project.run("import", str(exported))
    assert result.status == 1, result.err
    assert "locales/fr/LC_MESSAGES/markup.po:" in result.out and "error[" in result.out
    assert (
        "locales/fr/LC_MESSAGES/markup.po: 1 translation changed, 3 without a translation in the file (written)"
        in result.out
    )
    assert "fr: 1 entry changed in 1 of 1 catalogues" in result.out
    assert "1 error in the imported translations" in result.out


# ---------------------------------------------------------------- refusals


def exported_fr(project, tmp_path: Path, version: str = "2.1") -> Path:
    project.ok("update")
    path = tmp_path / "fr.xlf"
    api.export_xliff(api.load_project(project.root), ["fr"], version=version, output=path)
    return path


def refused(project, path: Path, expected: str) -> str:
    before = project.snapshot("locales")
    result = project.run("import", str(path))
    assert result.status == 30, (result.status, result.err)
    assert result.out == ""
    [line] = result.err.splitlines()
    assert re.match(rf"{re.escape(str(path))}:\d+: error: ", line), line
    assert expected in line, line
    assert project.snapshot("locales") == before  # nothing written
    return line


def test_a_file_for_another_project_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    path = exported_fr(project, tmp_path)
    path.write_text(path.read_text().replace("https://example.org/site/", "https://other.example/"))
    refused(project, path, "is for another project (https://other.example/)")


def test_xliff_1_2_names_the_project_as_its_schema_allows_and_older_files_still_come_in(make_project, tmp_path):
    project = make_project(languages=["fr"])
    path = exported_fr(project, tmp_path, "1.2")
    text = path.read_text()
    assert 'product-name="https://example.org/site/"' in text and "pipeline:" not in text
    path.write_text(text.replace("https://example.org/site/", "https://other.example/"))
    refused(project, path, "is for another project (https://other.example/)")
    # As files exported before this layout name it: in the tool's own namespace.
    older = text.replace('product-name="https://example.org/site/"', 'pipeline:project="https://example.org/site/"')
    older = older.replace('version="1.2">', 'xmlns:pipeline="urn:pipeline:exchange:1" version="1.2">', 1)
    path.write_text(older)
    assert project.ok("import", str(path)).status == 0
    path.write_text(
        older.replace('pipeline:project="https://example.org/site/"', 'pipeline:project="https://x.example/"')
    )
    refused(project, path, "is for another project (https://x.example/)")


def test_a_stale_source_text_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"])
    path = exported_fr(project, tmp_path)
    text = path.read_text()
    # a unit whose source was edited in the file
    edited = text.replace("<source>Military Progress</source>", "<source>Military Regress</source>")
    path.write_text(edited)
    line = refused(project, path, "its source text is not the one in locales/fr/LC_MESSAGES/mission.po")
    unit_start = edited.rindex("<unit ", 0, edited.index("Military Regress"))
    assert int(line.split(":")[1]) == edited[:unit_start].count("\n") + 1  # the unit's line
    # the document changed after the export: the unit's message is gone
    path.write_text(text)
    source = project.root / "source/mission.md"
    source.write_text(source.read_text().replace("## Military Progress", "## Military Advances"))
    project.ok("update")
    refused(project, path, "is not a message of locales/fr/LC_MESSAGES/mission.po any more")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda text: text[: len(text) // 2], "not well-formed XML"),
        (lambda text: text.replace("</source>", "</sauce>", 1), "not well-formed XML"),
        (lambda text: text.replace('trgLang="fr"', 'trgLang="de"'), "target language 'de' is not among"),
        (lambda text: text.replace('pipeline:domain="mission"', 'pipeline:domain="missing"'), "'missing' is none of"),
        (
            lambda text: text.replace("<segment", "<segmnt").replace("</segment>", "</segmnt>"),
            "<unit> without <segment>",
        ),
        (lambda text: text.replace("urn:oasis:names:tc:xliff:document:2.0", "urn:example"), "not an XLIFF 1.2 or 2.x"),
        (lambda text: text.replace("</target>", '<ph id="99"/></target>', 1), "inline code '99'"),
        (lambda text: text.replace('state="translated"', 'state="done"', 1), "'done' is not an XLIFF 2 state"),
        (lambda text: text.replace("</target>", "<b>M</b></target>", 1), "<b> is not an XLIFF 2 inline"),
    ],
)
def test_a_damaged_file_is_refused_with_its_line(make_project, tmp_path, damage, expected):
    project = make_project(languages=["fr"]).with_shipped("fr")
    path = exported_fr(project, tmp_path)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    refused(project, path, expected)


def test_the_api_raises_exchange_error(make_project, tmp_path):
    project = make_project(languages=["fr"])
    path = exported_fr(project, tmp_path, "1.2")
    path.write_text(path.read_text().replace('target-language="fr"', ""))
    with pytest.raises(ExchangeError) as raised:
        api.import_xliff(api.load_project(project.root), path)
    assert raised.value.exit_status == 30 and raised.value.line == 3


def test_command_line_export_writes_one_file_per_language(make_project, tmp_path):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    out = tmp_path / "agency"
    result = project.ok("export", "--format", "xliff", "--xliff-version", "1.2", "-o", str(out))
    assert sorted(path.name for path in out.iterdir()) == ["ar.xlf", "fr.xlf"]
    assert f"{out / 'fr.xlf'}: fr, " in result.out and "(xliff 1.2, written)" in result.out
    again = project.ok("export", "--format", "xliff", "--xliff-version", "1.2", "-o", str(out))
    assert again.out.count("(xliff 1.2, unchanged)") == 2
    assert project.run("export", "--format", "xliff", "--lang", "de").status == 4
    assert project.run("export", "--format", "tmx", "--document", "mission").status == 1


# ---------------------------------------------------------------- the inline codes, on real catalogues


def realworld() -> list[Path]:
    return sorted(REALWORLD.glob("*.po")) if REALWORLD.is_dir() else []


@functools.cache
def realworld_units(path: Path) -> tuple[Unit, ...]:
    """A real catalogue's singular messages as units (read once for both XLIFF versions)."""
    messages = (entry for entry in read_po(path) if not entry.obsolete and not entry.msgid_plural and entry.msgid)
    return tuple(
        Unit(
            f"u{number}", entry.msgid, entry.msgstr, EntryState.TRANSLATED if entry.msgstr else EntryState.UNTRANSLATED
        )
        for number, entry in enumerate(messages)
    )


@functools.cache
def realworld_xliff(path: Path, version: str) -> bytes:
    """A real catalogue's singular messages as an XLIFF document (made once for the tests that read it)."""
    return xliff_document([FileSection("x.po", "x", realworld_units(path))], "en", "fr", "p", version)


# The tests of the real catalogues as XLIFF run on one worker (pytest-xdist), which reads and writes them once.
ON_THE_REAL_XLIFF = pytest.mark.xdist_group("realworld-xliff")


@pytest.mark.skipif(not realworld(), reason="the real-world catalogues are not in /work/shared")
@pytest.mark.parametrize("version", ["2.1", "1.2"])
@ON_THE_REAL_XLIFF
def test_real_catalogues_survive_the_xml_and_the_codes(version):
    """Every message of every real-world catalogue, written as XLIFF and read back, is the same message."""
    coded = 0
    for path in realworld():
        units = realworld_units(path)
        coded += sum(any(isinstance(piece, Code) for piece in segment(unit.source)) for unit in units)
        data = realworld_xliff(path, version)
        _, [read] = read_document(data, path.name)
        for unit, back in zip(units, read.units, strict=True):
            table = code_table(unit.source, unit.target)
            assert resolve(back.source, table, "", "") == unit.source.replace("\x00", "")
            if unit.target and "\x1b" not in unit.target:
                assert back.target is not None and resolve(back.target, table, "", "") == unit.target
        if version == "1.2":
            assert len(tt_xliff.xlifffile.parsestring(data).units) == len(units)
        else:
            assert len(tt_xliff2.Xliff2File.parsestring(data).units) == len(units)
    assert coded > 500


def test_a_source_text_is_read_once_for_every_language_and_no_translation_is_kept(make_project, tmp_path):
    """Keeping the translations' segments pushed the source texts out of the cache on a large site (15,000
    messages a language), and every language's file read all of them again: the export of 40 languages
    took half as long again."""
    project = make_project(languages=["fr", "de"], documents={"markup.md": MARKUP})
    project.ok("update")
    for code in ("fr", "de"):
        with editing(project.po(code, "markup")) as catalogue:
            for entry in catalogue:
                entry.msgstr = f"{entry.msgid} *({code})*"  # each translation has Markdown of its own
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    sources = {entry.msgid for entry in read_po(project.po("fr", "markup")) if segment(entry.msgid) != (entry.msgid,)}
    assert len(sources) == 3
    inline_module._segment.cache_clear()
    api.export_xliff(api.load_project(project.root), ["fr", "de"], ["markup"], output=tmp_path, jobs=1)
    kept = inline_module._segment.cache_info()
    assert kept.currsize == kept.misses == len(sources)  # only the source texts, each read once
    assert kept.hits >= len(sources)  # the second language found them kept


def test_segments_join_to_the_message():
    for message in [
        "**a** _b_ `` c`d `` [e](f (g)) ![h](<i j> 'k') <https://l.example> m\\*n &amp; o\np  \nq",
        "[not a link] *not emphasis",
        "",
    ]:
        assert join(segment(message)) == message


def test_text_and_attributes_escaped_by_hand_read_back_as_written_by_two_xml_parsers():
    """The XML the exports write by hand reads back, character for character, with lxml and with expat."""
    text = "a & b < c > d \"e\" 'f' \r\n g \r h \t i \n j ]]> k"
    document = f"<a b={quoteattr(text)}>{escape(text)}</a>"
    for element in (etree.fromstring(document), ElementTree.fromstring(document)):
        assert element.get("b") == text
        assert element.text == text


def test_a_carriage_return_in_a_translation_survives_export_and_import(make_project, tmp_path):
    project = make_project(languages=["fr"]).with_shipped("fr", reviewed=True)
    path = project.po("fr", "mission")
    with editing(path) as catalogue:
        entry = next(entry for entry in catalogue if entry.msgstr and not entry.msgid_plural)
        entry.msgstr = entry.msgstr + "\r\nDeuxième ligne"
    before = path.read_bytes()
    site = api.load_project(project.root)
    for version in ("2.1", "1.2"):
        exported = tmp_path / f"fr-{version}.xlf"
        api.export_xliff(site, ["fr"], ["mission"], version=version, output=exported)
        assert b"&#13;\nDeuxi" in exported.read_bytes()
        [catalogue] = api.import_xliff(site, exported).catalogues
        assert catalogue.changed == 0
        assert path.read_bytes() == before  # the translation as it was, "\r\n" and all
    api.export_tmx(site, ["fr"], output=tmp_path)
    segments = [seg.xpath("string()") for seg in etree.parse(str(tmp_path / "fr.tmx")).iter("seg")]
    assert entry.msgstr in segments


def test_a_region_tag_and_indentation_from_a_tool_are_understood(make_project, tmp_path):
    project = make_project(languages=["fr"], documents={"markup.md": MARKUP})
    project.ok("update")
    path = tmp_path / "fr.xlf"
    api.export_xliff(api.load_project(project.root), ["fr"], ["markup"], output=path)
    text = (
        path.read_text(encoding="utf-8")
        .replace('trgLang="fr"', 'trgLang="fr-FR"')
        .replace('srcLang="en"', 'srcLang="en-US"')
    )
    text = text.replace(
        '<segment state="initial">\n        <source>Plain words only.</source>',
        '<segment state="final">\n        <source>Plain words only.</source>\n        <target>\n          Mots simples.\n        </target>',
    )
    path.write_text(text, encoding="utf-8")
    project.ok("import", str(path))
    assert read_po(project.po("fr", "markup")).find("Plain words only.").msgstr == "Mots simples."


def test_several_files_come_in_together_or_not_at_all(make_project, tmp_path):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    out = tmp_path / "out"
    project.ok("export", "--format", "xliff", "-o", str(out))
    for code in ("fr", "ar"):
        path = out / f"{code}.xlf"
        path.write_text(path.read_text(encoding="utf-8").replace('subState="pipeline:draft"', ""), encoding="utf-8")
    good = (out / "ar.xlf").read_text(encoding="utf-8")
    (out / "ar.xlf").write_text(good.replace("</xliff>", ""), encoding="utf-8")
    before = project.snapshot("locales")
    result = project.run("import", str(out / "fr.xlf"), str(out / "ar.xlf"))
    assert result.status == 30 and result.err.startswith(f"{out / 'ar.xlf'}:")
    assert project.snapshot("locales") == before
    (out / "ar.xlf").write_text(good, encoding="utf-8")
    result = project.ok("import", str(out / "fr.xlf"), str(out / "ar.xlf"))
    assert "fr: 34 entries changed in 2 of 2 catalogues" in result.out
    assert "ar: 34 entries changed in 2 of 2 catalogues" in result.out
    assert all(
        entry_state(entry) is EntryState.TRANSLATED
        for code in ("fr", "ar")
        for domain in ("mission", "ui")
        for entry in read_po(project.po(code, domain))
        if entry.msgid
    )


def test_files_imported_in_parallel_give_what_one_process_gives(make_project, tmp_path):
    """--jobs 2 imports each file in a worker of its own: the same catalogues, report and problems as --jobs 1;
    with two bad files, the first one's error in the order given, whichever worker ends first."""
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    out = tmp_path / "out"
    project.ok("export", "--format", "xliff", "-o", str(out))
    for code in ("fr", "ar"):
        path = out / f"{code}.xlf"
        text = path.read_text(encoding="utf-8").replace('subState="pipeline:draft"', "")
        path.write_text(text.replace("<target>Notre mission</target>", "<target>Notre mission.</target>"), "utf-8")
    before = project.snapshot("locales")
    outcomes = []
    for jobs in ("1", "2"):
        result = project.run("import", "--jobs", jobs, str(out / "fr.xlf"), str(out / "ar.xlf"))
        outcomes.append((result.status, result.out, project.snapshot("locales")))
        assert not list((project.root / "locales").rglob("*.tmp"))
        for path, data in before.items():
            (project.root / "locales" / path).write_bytes(data)
    assert outcomes[0] == outcomes[1]
    assert "fr: 34 entries changed in 2 of 2 catalogues" in outcomes[0][1] and "warning[punctuation]" in outcomes[0][1]

    good = {code: (out / f"{code}.xlf").read_text(encoding="utf-8") for code in ("fr", "ar")}
    (out / "fr.xlf").write_text(good["fr"].replace("</xliff>", ""), encoding="utf-8")
    (out / "ar.xlf").write_text(good["ar"].replace('srcLang="en"', 'srcLang="de"'), encoding="utf-8")
    for files in ((out / "fr.xlf", out / "ar.xlf"), (out / "ar.xlf", out / "fr.xlf")):
        result = project.run("import", "--jobs", "2", *map(str, files))
        assert result.status == 30 and result.err.startswith(f"{files[0]}:"), result.err
        assert project.snapshot("locales") == before
        assert not list((project.root / "locales").rglob("*.tmp"))


def test_two_files_for_one_catalogue_are_applied_in_turn(make_project, tmp_path):
    """Two revisions of one language (in workers of their own, with --jobs 2): the later file's translation
    stands, as when they are read one after the other."""
    project = make_project(languages=["fr"]).with_shipped("fr")
    first = exported_fr(project, tmp_path)
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("<target>Notre mission</target>", "<target>Notre première mission</target>"))
    second = tmp_path / "second.xlf"
    second.write_text(text.replace("<target>Notre mission</target>", "<target>Notre seconde mission</target>"))
    result = project.ok("import", "--jobs", "2", str(first), str(second))
    assert result.out.count("locales/fr/LC_MESSAGES/mission.po:") == 1  # one catalogue, reported once
    assert read_po(project.po("fr", "mission")).find("Our Mission").msgstr == "Notre seconde mission"


def test_a_language_without_catalogues_is_said(make_project, tmp_path):
    project = make_project(languages=["fr"])
    result = project.run("export", "--format", "xliff", "--lang", "fr", "-o", str(tmp_path / "fr.xlf"))
    assert result.status == 1 and not (tmp_path / "fr.xlf").exists()
    assert result.err == "pipeline: error: fr has no catalogue with messages to export; run `pipeline update` first\n"


def test_a_plural_form_the_catalogue_lacks_is_refused(make_project, tmp_path):
    project = make_project(languages=["fr"]).with_shipped("fr")
    path = exported_fr(project, tmp_path)
    text = path.read_text(encoding="utf-8")
    form = re.search(r'<unit id="(m\w+)-1">', text)[1]
    path.write_text(text.replace(f'<unit id="{form}-1">', f'<unit id="{form}-7">'), encoding="utf-8")
    refused(project, path, "has no plural form 7 (its forms are 0, 1)")


# ---------------------------------------------------------------- the OASIS schemas


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_every_exported_file_is_valid_against_the_xliff_schema(make_project, tmp_path, version):
    """The shipped translations of every language with markup of every kind, as every export writes them."""
    project = make_project(languages=["fr", "ar", "ps", "nl"], documents={"markup.md": MARKUP}).with_shipped(
        "fr", "ar", "ps", "nl"
    )
    project.ok("update")
    out = tmp_path / "xliff"
    project.ok("export", "--format", "xliff", "--xliff-version", version, "-o", str(out))
    files = sorted(out.glob("*.xlf"))
    assert len(files) == 4
    for path in files:
        assert_schema_valid(path.read_bytes(), version, path.name)


@pytest.mark.skipif(not realworld(), reason="the real-world catalogues are not in ../shared")
@pytest.mark.parametrize("version", ["2.1", "1.2"])
@ON_THE_REAL_XLIFF
def test_real_catalogues_as_xliff_are_valid_against_the_schema(version):
    for path in realworld():
        data = realworld_xliff(path, version)
        assert_schema_valid(data, version, path.name)


def test_the_schemas_refuse_what_they_should():
    """The validation is real: a unit without its source is refused by both."""
    unit = Unit("u1", "Our Mission", "Notre mission", EntryState.TRANSLATED)
    for version, source in (("2.1", b"<source>Our Mission</source>"), ("1.2", b"<source>Our Mission</source>")):
        data = xliff_document([FileSection("x.po", "x", (unit,))], "en", "fr", "p", version)
        assert source in data
        assert_schema_valid(data, version)
        with pytest.raises(AssertionError):
            assert_schema_valid(data.replace(source, b""), version)
