"""Translations are untrusted: nothing in a catalogue may add markup or script to a page."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from html.parser import HTMLParser

import pytest

from conftest import Project, check_all_catalogues, editing, new_project
from pipeline.checks import CHECKS
from pipeline.cli import main


def without_checks(project):
    """The checks hold hostile entries back; switch them off so the renderer itself is tested."""
    ids = ", ".join(f'"{check}"' for check in CHECKS)
    with open(project.root / "pipeline.toml", "a", encoding="utf-8") as config:
        config.write(f"\n[disable-checks]\nfr = [{ids}]\n")
    return project


@pytest.fixture(scope="module")
def updated_french(tmp_path_factory):
    """``without_checks(make_project(languages=["fr"], threshold=0))`` and an ``update``: made once, only copied."""
    root = new_project(tmp_path_factory.mktemp("safety") / "project", ["fr"], threshold=0)
    without_checks(Project(root, None))
    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        assert main(["--project", str(root), "update"]) == 0, printed.getvalue()
    check_all_catalogues(root)  # as project.ok("update") does
    return root


@pytest.fixture
def french(updated_french, tmp_path, capsys):
    """A copy of ``updated_french`` for one test, modification times kept (as shipped_project copies)."""
    root = tmp_path / "project"
    shutil.copytree(updated_french, root, symlinks=True)
    return Project(root, capsys)


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }} {% raw %}x{% endraw %}",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "<https://ok.example/path>",
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_safe(html: str) -> None:
    for tag, attributes in tags_of(html):
        assert tag not in ("script", "iframe", "svg", "style", "object", "embed"), tag
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src"):
                cleaned = "".join((value or "").split()).lower()
                assert not cleaned.startswith(("javascript:", "data:", "vbscript:")), value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_translations_render_as_text(french, payload):
    project = french
    for domain in ("mission", "ui"):
        with editing(project.po("fr", domain)) as catalogue:
            for entry in catalogue:
                if entry.msgid_plural:
                    entry.msgstr_plural = {index: f"%(count)s {payload}" for index in entry.msgstr_plural}
                else:
                    entry.msgstr = payload
    project.ok("build")
    page = project.read("output/fr/index.html")
    assert_safe(page)
    # The page has exactly the elements the source page has, plus at most safe links and images.
    english_tags = {tag for tag, _ in tags_of(project.read("output/en/index.html"))}
    extra = {tag for tag, _ in tags_of(page)} - english_tags
    assert extra <= {"a", "img", "span"}, extra
    if "{{" in payload:
        assert "{{ 7*7 }}" in page and ">49<" not in page  # template syntax is text, never evaluated


def test_links_keep_only_safe_targets(make_project):
    links = "See [a](https://example.org/a) [b](../b/) [c](mailto:c@example.org) [d](https://example.org/d)."
    project = without_checks(
        make_project(languages=["fr"], threshold=0, documents={"links.md": f"# Links\n\n{links}\n"})
    )
    project.ok("update")
    with editing(project.po("fr", "links")) as catalogue:
        catalogue.find(
            links
        ).msgstr = (
            "Voir [ok](https://example.org/fr/) [rel](../en/) [mail](mailto:a@example.org) [bad](javascript:alert(1))."
        )
    project.ok("build")
    page = project.read("output/fr/links/index.html")
    hrefs = [attributes.get("href") for tag, attributes in tags_of(page) if tag == "a"]
    assert "https://example.org/fr/" in hrefs and "../en/" in hrefs and "mailto:a@example.org" in hrefs
    assert not [href for href in hrefs if href and "javascript" in href]
    assert "[bad](javascript:alert(1))" in page  # shown as text, not a link


def test_a_translation_cannot_add_markup_the_source_lacks(french):
    project = french
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Military Progress").msgstr = "Progrès ![pixel](https://tracker.example/p.png) militaires"
        catalogue.find("Our Mission").msgstr = "[Notre mission](https://evil.example/)"
    project.ok("build")
    page = project.read("output/fr/index.html")
    elements = tags_of(page)
    assert not [tag for tag, _ in elements if tag == "img"]
    assert not [attributes for tag, attributes in elements if "evil.example" in (attributes.get("href") or "")]
    assert (
        '<h2 id="military-progress" lang="en">Military Progress</h2>' in page
        and '<h1 id="our-mission" lang="en">Our Mission</h1>' in page
    )


def test_with_checks_on_hostile_entries_are_held_back(make_project):
    project = make_project(languages=["fr"], threshold=0)
    project.ok("update")
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Our Mission").msgstr = "<script>alert(1)</script> Notre mission"
        catalogue.find("Military Progress").msgstr = "[Progrès](javascript:alert(1)) militaires"
    result = project.ok("build")
    assert "fr: 2 passages held back by errors; run pipeline check --lang fr" in result.out
    page = project.read("output/fr/index.html")
    assert (
        '<h1 id="our-mission" lang="en">Our Mission</h1>' in page
        and '<h2 id="military-progress" lang="en">Military Progress</h2>' in page
    )
    assert "alert" not in page


@pytest.mark.parametrize(
    "translation", ["Mis à jour : %(datum)s", "Mis à jour %s", "Mis à jour à 100 %", "Mis à jour : %(date)"]
)
def test_a_page_text_jinja2_cannot_format_shows_the_source_text(make_project, translation):
    """Jinja2 %-formats page texts with the source's names: a name of the translator's own, %s or a lone %
    would stop the build; with the checks off, the English text is shown instead."""
    project = without_checks(make_project(languages=["fr"], threshold=0, documents={"about.md": "# About\n"}))
    project.write("source/about.md", "---\ndate: 2026-05-01\n---\n# About\n")
    project.ok("update")
    with editing(project.po("fr", "ui")) as catalogue:
        for entry in catalogue:
            if entry.msgid == "Last updated: %(date)s":
                entry.msgstr = translation
    project.ok("build")
    page = project.read("output/fr/about/index.html")
    assert 'lang="en">Last updated: ' in page
    assert translation.split("%")[0].strip() not in page.split("<footer")[-1]
