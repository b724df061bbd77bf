"""Anchors that hold across languages, links between documents, and the files of source/ in the site."""

from __future__ import annotations

import re

from conftest import editing
from pipeline.languages import language
from pipeline.sources.links import link_target, placeholder, resolve_document_links
from pipeline.sources.markdown.parse import heading_slug

MISSION = """\
# Our Mission

## Countering Daesh’s Propaganda

We answer [the team](about.md#the-team) and show ![a map of the region](map.png).

## Members {#members}

## Members

Back to [the first part](#countering-daeshs-propaganda).
"""

ABOUT = """\
# About us

## The Team

See [our members](./mission.md#members) and [the mission](mission.md).
"""

FRENCH = {
    "Our Mission": "Notre mission",
    "Countering Daesh’s Propaganda": "Contrer la propagande de Daech",
    "We answer [the team](about.md#the-team) and show ![a map of the region](map.png).": (
        "Nous répondons à [l’équipe](about.md#the-team) et montrons ![une carte de la région](map.png)."
    ),
    "Members": "Membres",
    "Back to [the first part](#countering-daeshs-propaganda).": (
        "Retour à [la première partie](#countering-daeshs-propaganda)."
    ),
}


def site(make_project, documents=None, french=FRENCH):
    project = make_project(
        languages=["fr"], documents=documents or {"mission.md": MISSION, "about.md": ABOUT}, mission=False
    )
    project.ok("extract")
    project.ok("update")
    with editing(project.po("fr", "mission")) as catalogue:
        for entry in catalogue:
            if entry.msgid in french:
                entry.msgstr = french[entry.msgid]
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    with editing(project.po("fr", "ui")) as catalogue:  # the page texts: not what these tests look at
        for entry in catalogue:
            entry.msgstr = entry.msgid
    return project


def ids(html):
    """The ids of the document's headings on a page (not the templates' own)."""
    return [found for found in re.findall(r'<h\d id="([^"]+)"', html) if not found.endswith("-label")]


def test_slugs_as_github_makes_them():
    assert heading_slug("Countering Daesh’s Propaganda") == "countering-daeshs-propaganda"
    assert heading_slug("Qui sommes-nous ? Écoles & santé") == "qui-sommes-nous-ecoles-sante"
    assert heading_slug("مهمتنا") == "section"


def test_headings_have_the_same_ids_in_every_language(make_project):
    project = site(make_project)
    project.ok("build")
    english, french = project.read("output/en/index.html"), project.read("output/fr/index.html")
    assert ids(english) == ids(french) == ["our-mission", "countering-daeshs-propaganda", "members", "members-2"]
    assert '<h2 id="countering-daeshs-propaganda">Contrer la propagande de Daech</h2>' in french
    # The self-link: after the heading, named by it (in the page's language), reached by keyboard.
    assert (
        '<div class="heading"><h2 id="members">Membres</h2>'
        '<a class="anchor" href="#members" aria-labelledby="members">#</a></div>'
    ) in french
    assert '<a href="#countering-daeshs-propaganda">la première partie</a>' in french
    assert "{#members}" not in english + french


def test_an_id_of_ones_own_leaves_the_templates_as_they_were(make_project):
    text = MISSION.replace("## Members {#members}", "## Members")
    project = make_project(languages=["fr"], documents={"mission.md": text, "about.md": ABOUT}, mission=False)
    project.ok("extract")
    before = (project.root / "locales/mission.pot").read_bytes()
    project.write(
        "source/mission.md",
        text.replace("## Countering Daesh’s Propaganda", "## Countering Daesh’s Propaganda {#daesh}"),
    )
    project.ok("extract")
    assert (project.root / "locales/mission.pot").read_bytes() == before
    project.ok("build")
    assert ids(project.read("output/en/index.html")) == ["our-mission", "daesh", "members", "members-2"]


def test_links_between_documents_in_the_readers_language(make_project):
    project = site(make_project)
    with editing(project.po("fr", "about")) as catalogue:
        for entry in catalogue:
            entry.msgstr = entry.msgid.replace("our members", "nos membres")
    project.ok("build")
    french_about = project.read("output/fr/about/index.html")
    assert '<a href="../../fr/#members">nos membres</a>' in french_about
    assert '<a href="../../en/about/#the-team">' not in project.read("output/fr/index.html")
    assert '<a href="../fr/about/#the-team">l’équipe</a>' in project.read("output/fr/index.html")
    assert '<a href="../en/about/#the-team">the team</a>' in project.read("output/en/index.html")
    assert "pipeline:" not in french_about + project.read("output/fr/index.html")


def test_a_link_to_a_page_not_published_in_the_language_goes_to_the_original_and_says_so(make_project):
    project = site(make_project)  # about.md has no French: its page is not published in French
    project.ok("build")
    french = project.read("output/fr/index.html")
    assert (
        '<a href="../en/about/#the-team" hreflang="en">l’équipe'
        ' <span class="link-language" lang="en" dir="ltr">(English)</span></a>'
    ) in french
    assert not (project.root / "output/fr/about/index.html").exists()


def test_files_of_source_are_copied_with_their_language_variants(make_project):
    project = site(make_project)
    (project.root / "source/map.png").write_bytes(b"\x89PNG map")
    (project.root / "source/map.fr.png").write_bytes(b"\x89PNG carte")
    project.ok("build")
    assert (project.root / "output/files/map.png").read_bytes() == b"\x89PNG map"
    assert (project.root / "output/files/map.fr.png").read_bytes() == b"\x89PNG carte"
    assert '<img src="../files/map.png" alt="a map of the region" />' in project.read("output/en/index.html")
    assert '<img src="../files/map.fr.png" alt="une carte de la région" />' in project.read("output/fr/index.html")

    (project.root / "source/map.png").write_bytes(b"\x89PNG new map")
    project.ok("build")
    assert (project.root / "output/files/map.png").read_bytes() == b"\x89PNG new map"
    (project.root / "source/map.fr.png").unlink()
    project.ok("build")
    assert not (project.root / "output/files/map.fr.png").exists()
    assert '<img src="../files/map.png" alt="une carte de la région" />' in project.read("output/fr/index.html")


def test_nothing_to_do_when_nothing_changed(make_project):
    project = site(make_project)
    (project.root / "source/map.png").write_bytes(b"\x89PNG map")
    project.ok("build")
    assert "nothing changed" in project.ok("build").out
    (project.root / "source/map.png").write_bytes(b"\x89PNG new map")
    assert "0 rendered (1 files written" in project.ok("build").out  # the copy, and no page


def test_the_alt_text_of_an_image_is_a_message(make_project):
    project = make_project(languages=["fr"], documents={"solo.md": "# T\n\n![A map](map.png)\n"})
    project.ok("extract")
    assert 'msgid "A map"' in project.read("locales/solo.pot")


def test_missing_documents_headings_and_files_are_source_errors(make_project):
    broken = ABOUT + "\nAlso [gone](gone.md), [no such part](mission.md#nowhere), [here](#none), ![x](lost.png).\n"
    project = make_project(languages=["fr"], documents={"mission.md": MISSION, "about.md": broken}, mission=False)
    (project.root / "source/map.png").write_bytes(b"png")
    result = project.run("check", "--source")
    assert result.status != 0
    errors = [line for line in result.out.splitlines() if "[links]" in line]
    assert errors == [
        "source/about.md:7: error[links]: 'gone.md' leads to no document: there is no source/gone.md",
        "source/about.md:7: error[links]: 'mission.md#nowhere': mission.md has no heading with the id 'nowhere'",
        "source/about.md:7: error[links]: '#none': this document has no heading with the id 'none'",
        "source/about.md:7: error[links]: 'lost.png' leads to no file in source/",
    ]
    assert "mission.md" not in "".join(line for line in errors if line.startswith("source/mission.md"))


def test_the_links_of_a_good_site_pass(make_project):
    project = make_project(languages=["fr"], documents={"mission.md": MISSION, "about.md": ABOUT}, mission=False)
    (project.root / "source/map.png").write_bytes(b"png")
    result = project.run("check", "--source")
    assert "[links]" not in result.out


def test_a_translation_cannot_write_a_placeholder(make_project):
    french = dict(FRENCH)
    french["Back to [the first part](#countering-daeshs-propaganda)."] = "Retour [ici](pipeline:doc:x) <b>x</b>."
    project = site(make_project, french=french)
    project.ok("build")
    page = project.read("output/fr/index.html")
    assert 'href="pipeline:' not in page
    assert "<b>" not in page


def test_what_a_link_leads_to():
    assert link_target("about.md#members").kind == "doc"
    assert link_target("./about.md").name == "about"
    assert link_target("images/map.png").name == "images/map.png"
    assert link_target("#members").kind == "here"
    for other in ("https://example.org/a.md", "/about.md", "../about.md", "about.md?x", "javascript:alert(1)", "x/"):
        assert link_target(other) is None, other
    assert placeholder("about.md#membres%20actifs") == "pipeline:doc:about#membres%20actifs"


def test_placeholders_are_resolved_for_the_page():
    html = '<p><a href="pipeline:doc:about#x">a</a> <img src="pipeline:file:m.png" alt="m" /> <a href="pipeline:doc:b">b</a></p>'
    english = language("en")

    def documents(name, fragment):
        return (f"../{name}/" + (f"#{fragment}" if fragment else ""), english if name == "b" else None)

    resolved = resolve_document_links(html, documents, lambda path: f"../files/{path}")
    assert resolved == (
        '<p><a href="../about/#x">a</a> <img src="../files/m.png" alt="m" /> '
        '<a href="../b/" hreflang="en">b <span class="link-language" lang="en" dir="ltr">(English)</span></a></p>'
    )
