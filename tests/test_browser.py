"""The site in a real browser: headless Chromium from Debian, driven by Playwright.

No browser is downloaded: Playwright drives /usr/bin/chromium (``.ci/run``
installs Debian's chromium when it is missing), and the accessibility engine
axe-core comes from the npm registry (``npm ci --prefix tests``). Screenshots
of the French and Arabic pages land in tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from test_site import Server

from conftest import CHROMIUM, REPOSITORY, copy_shipped, editing

AXE = REPOSITORY / "tests" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPOSITORY / "tests" / "screenshots"

# One worker runs them all (pytest-xdist): one browser and one served site for the module.
pytestmark = pytest.mark.xdist_group("browser")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The shipped project, its machine drafts published (labelled), and Dutch partly translated (one
    passage reviewed, the rest not translated), served by the preview server.

    Made once per test process: xdist may run other modules' tests between these, which would end
    (and make again) a module's fixture."""
    root = copy_shipped(tmp_path_factory.mktemp("browser") / "site", "source", "locales")
    (root / "pipeline.toml").write_text(
        'site-name = "Global Coalition against Daesh"\nbase-url = "https://mission.example.org/"\n'
        'home = "mission"\nlanguages = ["fr", "ar", "ckb", "ku", "ps", "nl"]\npublish-threshold = 0\n'
        'publish-drafts = ["fr", "ar", "ckb", "ku", "ps"]\npdf = false\n',
        encoding="utf-8",
    )
    for domain in ("mission", "ui"):
        with editing(root / f"locales/nl/LC_MESSAGES/{domain}.po") as catalogue:
            for entry in catalogue:
                entry.msgstr, entry.msgstr_plural = "", {index: "" for index in entry.msgstr_plural}
                entry.tcomment, entry.flags = "", [flag for flag in entry.flags if flag != "fuzzy"]
            if domain == "mission":
                catalogue.find("Our Mission").msgstr = "Onze missie"
    server = Server(root)
    yield root, server
    server.stop()


@pytest.fixture(scope="module")
def tab(browser):
    """One tab for the module's tests: opening one costs Chromium a renderer process (about 0.3 s of CPU)."""
    context = browser.new_context()
    opened = context.new_page()
    opened.problems = []  # console errors and uncaught exceptions
    opened.on("console", lambda message: message.type == "error" and opened.problems.append(message.text))
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    yield opened
    context.close()


def sized(tab, width: int, height: int):
    """The tab at that size, with no problems noted yet: what a new tab would be once a test opens its page.

    The page left open stays until then (opening about:blank first costs Chromium as much as a page)."""
    tab.set_viewport_size({"width": width, "height": height})
    tab.problems.clear()
    return tab


@pytest.fixture
def page(tab):
    return sized(tab, 1280, 900)


def test_arabic_is_right_to_left_with_the_switcher_at_the_inline_start(site, page):
    root, server = site
    page.goto(server.address + "ar/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    switcher = page.locator(".language-switcher ul").bounding_box()
    heading = page.locator("main h1").bounding_box()
    # Inline start is the right edge in Arabic: the switcher lines up with the text there.
    assert abs((switcher["x"] + switcher["width"]) - (heading["x"] + heading["width"])) < 2
    assert switcher["x"] > 640 - switcher["width"]
    page.goto(server.address + "fr/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    switcher = page.locator(".language-switcher ul").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert abs(switcher["x"] - heading["x"]) < 2
    assert page.problems == []


def test_every_language_link_leads_to_the_same_document(site, page):
    root, server = site
    reached = {}  # address: the page's language and canonical address, each address opened once

    def follow(href):
        # The address as the browser resolved it, fetched as the browser would (the page's language and canonical
        # address are in its HTML: no need to draw it).
        if href not in reached:
            response = page.request.get(href)
            assert response.ok, href
            html = response.text()
            lang = re.search(r'<html[^>]* lang="([^"]+)"', html)
            canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
            assert lang and canonical, href
            reached[href] = [lang.group(1), canonical.group(1)]
        return reached[href]

    for start in ("fr/", "ar/", "nl/", "en/"):
        page.goto(server.address + start)
        links = page.eval_on_selector_all(
            ".language-switcher a", "links => links.map(a => [a.href, a.hreflang || a.lang])"
        )
        assert len(links) == 7  # the source language and the six published ones
        for href, tag in links:
            lang, canonical = follow(href)
            assert lang == tag and canonical.endswith(f"/{tag}/"), href
    page.goto(server.address)
    links = page.eval_on_selector_all(".language-list a", "links => links.map(a => [a.href, a.hreflang])")
    assert {tag for _, tag in links} == {"en", "fr", "ar", "ckb", "ku", "ps", "nl"}
    for href, tag in links:
        assert follow(href)[0] == tag, href
    assert page.problems == []


def test_fallback_passages_are_marked_english(site, page):
    root, server = site
    page.goto(server.address + "nl/")
    assert page.locator("main h1").inner_text() == "Onze missie"
    fallbacks = page.eval_on_selector_all(
        "main [lang=en]", "nodes => nodes.filter(node => !node.closest('nav')).map(node => node.textContent)"
    )  # the table of contents repeats headings: the passages are counted in the text
    assert "Military Progress" in fallbacks
    notice = page.locator(".notice").inner_text()
    assert notice.startswith("16 passages on this page")
    assert len(fallbacks) == 16 + 1  # the passages, and the notice itself (ui.po is untranslated)
    page.goto(server.address + "ar/")
    assert page.eval_on_selector_all("main [lang=en]", "nodes => nodes.length") == 0


@pytest.mark.parametrize("path", ["", "fr/", "ar/", "nl/", "status.html"])
def test_no_page_scrolls_sideways_on_a_phone(site, tab, path):
    root, server = site
    phone = sized(tab, 360, 740)
    phone.goto(server.address + path)
    if path == "status.html":  # the table scrolls inside itself, the page does not
        assert phone.evaluate("getComputedStyle(document.querySelector('table')).overflowX") == "auto"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.problems == []


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: npm ci --prefix tests")
@pytest.mark.parametrize("path", ["fr/", "ar/", "", "status.html"])
def test_no_serious_accessibility_violations(site, page, path):
    root, server = site
    page.goto(server.address + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    serious = [violation for violation in violations if violation["impact"] in ("serious", "critical")]
    assert serious == []
    assert page.problems == []


def test_the_preview_reloads_the_open_page_when_a_catalogue_changes(site, page):
    root, server = site
    page.goto(server.address + "nl/")
    assert "Military Progress" in page.locator("main").inner_text()
    dutch = root / "locales/nl/LC_MESSAGES/mission.po"
    with page.expect_navigation(timeout=5000), editing(dutch) as catalogue:  # saved inside: the save reloads the page
        catalogue.find("Military Progress").msgstr = "Militaire vooruitgang"
    assert "Militaire vooruitgang" in page.locator("main").inner_text()
    assert page.problems == []


def test_screenshots_for_people_to_look_at(site, tab):
    root, server = site
    SCREENSHOTS.mkdir(exist_ok=True)
    for width, name in ((360, "phone"), (1280, "desktop")):
        shot = sized(tab, width, 900)
        # Pashto, Sorani and Kurmanji at phone width: each script's own letters, for a reader to look at (their
        # first screen: the heading and the notes; French and Arabic are shot whole, the page's length and all).
        for tag in ("fr", "ar") if name == "desktop" else ("fr", "ar", "ps", "ckb", "ku"):
            shot.goto(server.address + f"{tag}/")
            target = SCREENSHOTS / f"{tag}-{name}.png"
            shot.screenshot(path=str(target), full_page=tag in ("fr", "ar"))
            assert target.stat().st_size > 10_000


@pytest.mark.parametrize(("tag", "letters"), [("ps", "ټډړښږګڼېۍ"), ("ckb", "ڕڵێۆە"), ("ku", "çêîşû")])
def test_every_script_is_drawn_with_its_own_letters_and_the_draft_is_said(site, page, tag, letters):
    root, server = site
    page.goto(server.address + f"{tag}/")
    text = page.locator("main").inner_text()
    assert set(letters) & set(text), tag  # the language's own letters are on the page, not substitutes
    notice = page.locator(".draft-notice")
    assert notice.is_visible() and notice.get_attribute("data-draft") == "machine"
    drafts = page.eval_on_selector_all("main [data-draft=machine]", "nodes => nodes.length")
    assert drafts >= 10
    # Every letter is drawn by some font: no box where a glyph is missing (a text's width is not zero).
    width = page.evaluate("() => document.querySelector('main h1').getBoundingClientRect().width")
    assert width > 0
    assert page.problems == []
