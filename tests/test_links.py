"""Every link of the built site leads to a file of the site, wherever it is published.

The site is ``output/`` without build space (``output/.build/`` is never
uploaded). A link may be relative, root-relative, or absolute under
``base-url`` (canonical, hreflang, the sitemap's addresses): each is mapped
onto ``output/`` and must reach a file there, and a ``#fragment`` an ``id`` of
that page. Other absolute http(s) addresses and mailto: lead elsewhere on
purpose and are not followed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from conftest import ON_THE_REPOSITORY_BUILD
from pipeline.cli import main
from pipeline.config import load_project

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class Page(HTMLParser):
    """A page's links (every href and src) and the ids a fragment can point at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


class Site:
    """The published site in ``output``, as a browser would find it at ``base_url``."""

    def __init__(self, output: Path, base_url: str) -> None:
        self.output = output.resolve()
        self.base_url = base_url
        self.pages: dict[Path, Page] = {}
        self.checked = 0

    def page(self, path: Path) -> Page:
        if path not in self.pages:
            self.pages[path] = parsed = Page()
            parsed.feed(path.read_text(encoding="utf-8"))
        return self.pages[path]

    def file_at(self, url: str) -> Path | None:
        """The file of the site an address under ``base_url`` is served from, or None."""
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return None
        relative = unquote(parts.path[len(base.path) :])
        path = (self.output / relative).resolve()
        if relative == "" or relative.endswith("/") or path.is_dir():
            path = path / "index.html"
        inside = path.is_relative_to(self.output) and ".build" not in path.relative_to(self.output).parts
        return path if inside and path.is_file() else None

    def dead(self, link: str, at: str) -> str | None:
        """What is wrong with ``link``, found on the page at address ``at``; None if it leads where it should."""
        self.checked += 1
        if link.strip().lower().startswith("mailto:"):
            return None
        address = urljoin(at, link.strip())
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https"):
            return f"{link}: not a web address"
        target = self.file_at(address)
        if target is None:
            written_out = urlsplit(link.strip()).scheme or link.strip().startswith("//")
            if written_out and not address.startswith(self.base_url):
                return None  # another site's page, linked on purpose
            return f"{link}: no such file in the site"
        if parts.fragment:
            if target.suffix != ".html" or unquote(parts.fragment) not in self.page(target).ids:
                return f"{link}: no id {parts.fragment!r} in {target.relative_to(self.output)}"
        return None

    def dead_links(self) -> list[str]:
        found = []
        for path in sorted(self.output.rglob("*")):
            relative = path.relative_to(self.output)
            if ".build" in relative.parts or not path.is_file():
                continue
            at = self.base_url + relative.as_posix()
            links: list[str] = []
            if path.suffix == ".html":
                links = self.page(path).links
            elif path.name == "sitemap.xml":
                root = ET.parse(path).getroot()
                links = [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]
                links += [link.get("href") or "" for link in root.iter(f"{XHTML}link")]
            elif path.name == "robots.txt":
                lines = path.read_text(encoding="utf-8").splitlines()
                links = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
            for link in links:
                problem = self.dead(link, at)
                if problem:
                    found.append(f"{relative.as_posix()}: {problem}")
        return found


def built(root: Path) -> Site:
    assert main(["--project", str(root), "build", "--quiet"]) == 0
    return Site(root / "output", load_project(root).base_url)


@ON_THE_REPOSITORY_BUILD
def test_every_link_of_the_shipped_site_leads_into_it(repository_build):
    root = repository_build.root
    site = Site(root / "output", load_project(root).base_url)
    assert site.dead_links() == []
    assert site.checked >= 80  # every page's stylesheet, icon, switcher, alternates, skip link, the sitemap...
    dashboard = (root / "output/status.html").read_text(encoding="utf-8")
    assert "LC_MESSAGES" not in dashboard and "<td>mission, ui</td>" in dashboard  # named, not linked


def with_setting(make_project, setting: str):
    project = make_project(languages=["fr", "ar", "nl"], documents={"about.md": "---\ntitle: About\n---\n\n# About\n"})
    project.with_shipped("fr", "ar")
    with open(project.root / "pipeline.toml", "a", encoding="utf-8") as config:
        config.write(setting + "\n")
    project.ok("update")
    return project


def test_every_link_leads_into_the_site_with_edit_url(make_project):
    project = with_setting(make_project, 'edit-url = "https://github.com/example/site/blob/main/"')
    site = built(project.root)
    assert site.dead_links() == []
    assert (
        '<a href="https://github.com/example/site/blob/main/locales/nl/LC_MESSAGES/about.po">about</a>'
        in project.read("output/status.html")
    )


def test_every_link_leads_into_the_site_with_the_catalogues_published(make_project):
    project = with_setting(make_project, "publish-catalogues = true")
    site = built(project.root)
    assert site.dead_links() == []
    dashboard = project.read("output/status.html")
    assert dashboard.count('.po">') == 9  # three languages, three catalogues each, every link followed above
    assert '<a href="locales/nl/LC_MESSAGES/about.po">about</a>' in dashboard


def test_the_link_checker_finds_what_is_dead(tmp_path):
    """The checker itself: every kind of dead link it must catch, and what it must let pass."""
    output = tmp_path / "output"
    (output / "fr").mkdir(parents=True)
    (output / ".build").mkdir()
    (output / ".build/manifest.json").write_text("{}")
    (output / "static").mkdir()
    (output / "static/style.css").write_text("")
    (output / "fr/index.html").write_text(
        '<a id="top" href="../static/style.css">ok</a> <a href="#top">ok</a> <a href="/site/fr/">ok</a>'
        ' <a href="https://example.org/site/fr/#top">ok</a> <a href="https://elsewhere.example/x">ok</a>'
        ' <a href="mailto:a@example.org">ok</a> <a href="../fr">ok</a>'
        ' <a href="../locales/fr/LC_MESSAGES/ui.po">dead</a> <a href="#nowhere">dead</a>'
        ' <a href="/other/fr/">dead</a> <a href="https://example.org/site/de/">dead</a>'
        ' <img src="../.build/manifest.json"> <a href="../../x.html">dead</a> <a href="javascript:alert(1)">dead</a>'
    )
    site = Site(output, "https://example.org/site/")
    assert site.dead_links() == [
        "fr/index.html: ../locales/fr/LC_MESSAGES/ui.po: no such file in the site",
        "fr/index.html: #nowhere: no id 'nowhere' in fr/index.html",
        "fr/index.html: /other/fr/: no such file in the site",
        "fr/index.html: https://example.org/site/de/: no such file in the site",
        "fr/index.html: ../.build/manifest.json: no such file in the site",
        "fr/index.html: ../../x.html: no such file in the site",
        "fr/index.html: javascript:alert(1): not a web address",
    ]
