"""Per-page publication, the site's navigation, tables of contents and the 404 pages."""

from __future__ import annotations

import re

from conftest import editing

ABOUT = """\
---
title: About us
weight: 20
---

# About us

We are a coalition of many countries.
"""

CONTACT = """\
---
title: Contact
weight: 5
---

# Contact

Write to us.
"""


def translate(project, lang: str, domain: str) -> None:
    """Every message of ``domain`` translated (reviewed) into ``lang``."""
    with editing(project.po(lang, domain)) as catalogue:
        for entry in catalogue:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {form: f"[{lang}] {entry.msgid_plural}" for form in entry.msgstr_plural}
            else:
                entry.msgstr = f"[{lang}] {entry.msgid}"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")


def site_with_untranslated_about(make_project, documents: dict[str, str] | None = None):
    """fr: the mission (home) translated, ``about`` not at all (0%)."""
    project = make_project(languages=["fr"], documents=documents or {"about.md": ABOUT})
    project.ok("update")
    translate(project, "fr", "mission")
    translate(project, "fr", "ui")
    project.ok("build")
    return project


def nav(html: str) -> str:
    found = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL)
    assert found, html
    return found[0]


def test_a_page_is_published_where_its_own_messages_reach_the_threshold(make_project):
    project = site_with_untranslated_about(make_project)
    root = project.root / "output"
    assert (root / "fr/index.html").is_file()  # the home page decides that French appears
    assert not (root / "fr/about/index.html").exists()
    assert (root / "en/about/index.html").is_file()
    # The switcher and alternates of "about" name only the languages it exists in.
    about = project.read("output/en/about/index.html")
    assert 'hreflang="fr"' not in about
    assert "language-switcher" not in about  # one language: no switcher at all
    home = project.read("output/fr/index.html")
    assert 'hreflang="en"' in home and '<link rel="alternate" hreflang="fr"' in home
    sitemap = project.read("output/sitemap.xml")
    assert "/fr/about/" not in sitemap and "/en/about/" in sitemap and "/fr/" in sitemap
    assert 'href="fr/"' in project.read("output/index.html")


def test_a_page_published_later_appears_and_one_unpublished_again_is_removed(make_project):
    project = site_with_untranslated_about(make_project)
    translate(project, "fr", "about")
    project.ok("build")
    assert (project.root / "output/fr/about/index.html").is_file()
    assert 'hreflang="fr"' in project.read("output/en/about/index.html")  # the English page's switcher changed
    assert "/fr/about/" in project.read("output/sitemap.xml")
    with editing(project.po("fr", "about")) as catalogue:
        for entry in catalogue:
            entry.msgstr = ""
    project.ok("build")
    assert not (project.root / "output/fr/about/index.html").exists()
    assert 'hreflang="fr"' not in project.read("output/en/about/index.html")


def test_the_navigation_falls_back_to_the_original_and_says_so(make_project):
    project = site_with_untranslated_about(make_project)
    menu = nav(project.read("output/fr/index.html"))
    assert 'aria-labelledby="site-nav-label"' in menu
    # The mission in French, the current page; "about" leads to the English page, marked as English.
    assert '<a href="../fr/" aria-current="page">' in menu
    assert re.search(
        r'<a href="../en/about/" hreflang="en" lang="en" dir="ltr">About us <span class="original-language">'
        r"\(English\)</span></a>",
        menu,
    ), menu


def test_the_navigation_follows_the_weights_then_the_names(make_project):
    project = make_project(languages=["fr"], documents={"about.md": ABOUT, "contact.md": CONTACT})
    project.ok("build")
    menu = nav(project.read("output/en/about/index.html"))
    titles = re.findall(r"<a [^>]*>([^<]+)</a>", menu)
    assert titles[:2] == ["Contact", "About us"]  # weights 5, 20; the mission has none: last
    assert '<a href="../../en/about/" aria-current="page">About us</a>' in menu
    assert menu.count("aria-current") == 1


def test_the_navigation_follows_the_configured_list(make_project):
    project = make_project(languages=["fr"], documents={"about.md": ABOUT, "contact.md": CONTACT})
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'nav = ["mission", "about"]\n', encoding="utf-8")
    project.ok("build")
    menu = nav(project.read("output/en/contact/index.html"))
    hrefs = re.findall(r'<a href="([^"]+)"', menu)
    assert hrefs == ["../../en/", "../../en/about/"]  # the mission (home), then about
    assert "contact/" not in menu and "aria-current" not in menu


def test_a_nav_naming_no_document_is_a_configuration_error(make_project):
    project = make_project(languages=["fr"], documents={"about.md": ABOUT})
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'nav = ["mission", "abuot"]\n', encoding="utf-8")
    line = len(config.read_text().splitlines())
    result = project.run("build")
    assert result.status != 0
    assert f"pipeline.toml:{line}" in result.err and "'abuot'" in result.err, result.err
    config.write_text(config.read_text().replace('"abuot"', "3"), encoding="utf-8")
    result = project.run("build")
    assert result.status != 0 and "nav" in result.err


def test_a_long_page_gets_a_table_of_contents_of_its_headings(make_project):
    sections = "\n".join(f'<h2 id="part-{n}">Part {n}</h2>\n\nText {n}.\n' for n in range(1, 5))
    long = f"---\ntitle: Long\n---\n\n# Long\n\n{sections}"
    project = make_project(languages=["fr"], documents={"long.md": long, "about.md": ABOUT})
    project.ok("build")
    page = project.read("output/en/long/index.html")
    toc = re.search(r'<nav class="table-of-contents".*?</nav>', page, re.DOTALL)
    assert toc, page
    assert re.findall(r'href="#([^"]+)"', toc[0]) == ["part-1", "part-2", "part-3", "part-4"]
    assert page.index("<h1") < toc.start()  # after the title
    assert "table-of-contents" not in project.read("output/en/about/index.html")


def test_404_pages_in_every_published_language(make_project):
    project = site_with_untranslated_about(make_project)
    french = project.read("output/fr/404.html")
    assert '<html lang="fr"' in french and 'class="site-nav"' in french
    assert 'href="/site/static/style.css"' in french  # shown at any address: links from the site's path
    assert 'href="/site/en/about/" hreflang="en"' in french
    main = project.read("output/404.html")
    assert '<html lang="en"' in main
    assert '<a href="/site/fr/" hreflang="fr"><span lang="fr" dir="ltr">français</span>' in main
    assert '<a href="/site/en/" hreflang="en">' in main
    assert not (project.root / "output/de/404.html").exists()
    assert "404" not in project.read("output/sitemap.xml")


def test_a_title_translated_later_changes_the_navigation_of_every_page(make_project):
    project = make_project(languages=["fr"], documents={"about.md": ABOUT}, threshold=0)
    project.ok("update")
    translate(project, "fr", "mission")
    translate(project, "fr", "ui")
    project.ok("build")
    assert "About us <span" not in nav(project.read("output/fr/index.html"))  # threshold 0: about is published
    translate(project, "fr", "about")
    project.ok("build")
    assert "[fr] About us" in nav(project.read("output/fr/index.html"))
