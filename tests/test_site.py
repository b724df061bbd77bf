"""The reader's page around the text: dates, isolation, search engines, the dashboard, the preview."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPOSITORY, editing

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def shipped(make_project, languages=("fr", "ar"), threshold=80):
    project = make_project(languages=list(languages), threshold=threshold)
    for code in ("fr", "ar"):
        if code in languages:
            shutil.copytree(REPOSITORY / "locales" / code, project.root / "locales" / code)
    return project


def test_last_updated_comes_from_the_document_and_is_written_per_locale(make_project):
    project = shipped(make_project)
    mission = project.root / "source/mission.md"
    mission.write_text(mission.read_text().replace("---\n\n", "date: 2026-11-26\n---\n\n", 1))
    project.ok("build")
    assert (
        '<p class="updated">Dernière mise à jour\u00a0: <time datetime="2026-11-26">26 novembre 2026</time></p>'
        in project.read("output/fr/index.html")
    )
    assert '<time datetime="2026-11-26">26 نوفمبر 2026</time>' in project.read("output/ar/index.html")
    assert '<time datetime="2026-11-26">November 26, 2026</time>' in project.read("output/en/index.html")
    # Not the build time: building again later gives the same page.
    before = project.read("output/fr/index.html")
    time.sleep(1.1)
    shutil.rmtree(project.root / "output")
    project.ok("build")
    assert project.read("output/fr/index.html") == before


def test_last_updated_comes_from_git_when_the_project_is_a_folder_of_a_larger_repository(make_project):
    project = make_project(languages=["fr"])
    repository = project.root.parent  # the project is a folder of the repository, as docs/ often is
    environment = {**os.environ, "GIT_COMMITTER_DATE": "2025-03-04T10:00:00", "GIT_AUTHOR_DATE": "2025-03-04T10:00:00"}
    for command in (["init", "-q"], ["add", "project/source"], ["commit", "-qm", "first"]):
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *command],
            cwd=repository,
            env=environment,
            check=True,
        )
    project.ok("build")
    assert '<time datetime="2025-03-04">March 4, 2025</time>' in project.read("output/en/index.html")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repository, capture_output=True, text=True).stdout
    assert json.loads(project.read("output/.build/manifest.json").split("\n", 1)[1])["head"] == head.strip()


def test_an_isolated_run_is_escaped_like_the_text_around_it(make_project):
    project = shipped(make_project)
    with editing(project.po("ar", "mission")) as catalogue:
        entry = next(entry for entry in catalogue if "(UNDP)" in entry.msgstr)
        entry.msgstr = entry.msgstr.replace("(UNDP)", '(UNDP < AT&T) "؟"')
    project.ok("build")
    arabic = project.read("output/ar/index.html")
    assert "(<bdi>UNDP</bdi> &lt; <bdi>AT&amp;T</bdi>) &quot;؟&quot;" in arabic


def test_latin_names_and_figures_are_isolated_inside_arabic(make_project):
    project = shipped(make_project)
    project.ok("build")
    arabic = project.read("output/ar/index.html")
    assert "برنامج الأمم المتحدة الإنمائي (<bdi>UNDP</bdi>)" in arabic
    assert "<bdi>2178</bdi>" in arabic
    assert "<bdi>" not in project.read("output/fr/index.html")
    for path in (project.root / "output").rglob("*.html"):
        assert "<script" not in path.read_text(encoding="utf-8"), path  # every page works without JavaScript


def test_open_graph_locales(make_project):
    project = shipped(make_project)
    project.ok("build")
    arabic = project.read("output/ar/index.html")
    assert '<meta property="og:locale" content="ar_EG">' in arabic
    assert '<meta property="og:locale:alternate" content="fr_FR">' in arabic
    assert '<meta property="og:locale:alternate" content="en_US">' in arabic
    assert '<meta property="og:url" content="https://example.org/site/ar/">' in arabic
    assert '<meta property="og:title" content="مهمتنا">' in arabic


def test_sitemap_and_robots(make_project):
    project = shipped(make_project)
    project.write("source/about.md", "---\ntitle: About\ndate: 2026-01-05\n---\n\n# About\n\nWho we are.\n")
    project.ok("build")
    tree = ET.parse(project.root / "output/sitemap.xml")
    urlset = tree.getroot()
    assert urlset.tag == f"{SITEMAP}urlset"
    urls = urlset.findall(f"{SITEMAP}url")
    locations = [url.find(f"{SITEMAP}loc").text for url in urls]
    assert locations[0] == "https://example.org/site/"
    assert sorted(locations[1:]) == sorted(
        f"https://example.org/site/{tag}/{page}" for tag in ("en", "fr", "ar") for page in ("", "about/")
    )
    for url in urls:
        links = url.findall(f"{XHTML}link")
        assert {link.get("hreflang") for link in links} == {"en", "fr", "ar", "x-default"}
        assert all(link.get("rel") == "alternate" and link.get("href").startswith("https://") for link in links)
        for child in url:
            assert child.tag in (f"{SITEMAP}loc", f"{SITEMAP}lastmod", f"{XHTML}link")
    about = next(url for url in urls if url.find(f"{SITEMAP}loc").text.endswith("/fr/about/"))
    assert about.find(f"{SITEMAP}lastmod").text == "2026-01-05"
    assert project.read("output/robots.txt") == (
        "User-agent: *\nDisallow: /site/.build/\nSitemap: https://example.org/site/sitemap.xml\n"
    )


def test_the_dashboard(make_project):
    project = shipped(make_project, languages=("fr", "ar", "nl"))
    project.ok("update")
    with editing(project.po("nl", "mission")) as catalogue:
        catalogue.find("Our Mission").msgstr = "Onze missie"
        catalogue.find("Military Progress").msgstr = "Militaire vooruitgang"
        catalogue.find("Military Progress").flags.append("fuzzy")
    project.ok("build")
    dashboard = project.read("output/status.html")
    assert '<meta name="robots" content="noindex">' in dashboard
    row = re.search(r"<tr>\s*<th scope=\"row\"><span lang=\"nl\".*?</tr>", dashboard, re.S)[0]
    assert '<span lang="nl" dir="ltr">Nederlands</span>' in row
    assert 'aria-label="4.2 % translated, 4.2 % fuzzy, 91.6 % untranslated"' in row
    assert "<td>1 / 24</td>" in row and "in progress" in row
    assert '<a href="../locales/nl/LC_MESSAGES/mission.po">mission</a>' in row
    french = re.search(r"<tr>\s*<th scope=\"row\"><span lang=\"fr\".*?</tr>", dashboard, re.S)[0]
    assert '<a href="fr/" hreflang="fr">published</a>' in french
    assert project.ok("status", "--format", "html").out == dashboard

    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'edit-url = "https://github.com/example/site/blob/main"\n')
    project.ok("build")
    assert (
        '<a href="https://github.com/example/site/blob/main/locales/nl/LC_MESSAGES/mission.po">mission</a>'
        in project.read("output/status.html")
    )


def test_the_stylesheet_uses_logical_properties_only():
    css = (REPOSITORY / "pipeline/static/style.css").read_text(encoding="utf-8")
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        css,
    )
    assert physical == []
    assert "@media print" in css


# ------------------------------------------------------------------ the preview server


class Server:
    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "--project", str(root), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            self.lines.append(line)
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                self.address = found[1]
                return
        raise AssertionError("the preview server did not start:\n" + "".join(self.lines))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.address + path.lstrip("/"), timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(self, path: str, predicate, seconds: float = 5.0) -> str:
        deadline = time.monotonic() + seconds
        while True:
            page = self.get(path)
            if predicate(page) or time.monotonic() > deadline:
                return page
            time.sleep(0.1)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=10)


@pytest.fixture
def preview(make_project):
    project = shipped(make_project)
    server = Server(project.root)
    yield project, server
    if server.process.poll() is None:
        server.process.kill()


def test_preview_rebuilds_on_a_catalogue_change_and_shows_errors_without_dying(preview):
    project, server = preview
    page = server.get("/fr/")
    assert "<h1>Notre mission</h1>" in page
    assert "new EventSource('/__pipeline_events')" in page
    assert "<script" not in project.read("output/fr/index.html")  # the reload script is the preview's only

    path = project.po("fr", "mission")
    good = path.read_text(encoding="utf-8")
    started = time.monotonic()
    path.write_text(good.replace('msgstr "Notre mission"', 'msgstr "Notre belle mission"'), encoding="utf-8")
    page = server.wait_for("/fr/", lambda page: "Notre belle mission" in page)
    assert "<h1>Notre belle mission</h1>" in page
    assert time.monotonic() - started < 2.0

    broken = good.replace('msgstr "Notre mission"', 'msgstr "Notre mission')
    line = broken.split("\n").index('msgstr "Notre mission') + 1
    path.write_text(broken, encoding="utf-8")
    page = server.wait_for("/fr/", lambda page: 'role="alert"' in page)
    assert (
        f"locales/fr/LC_MESSAGES/mission.po:{line}: error: unterminated string: the closing double quote is missing"
        in page
    )
    assert server.process.poll() is None

    path.write_text(good, encoding="utf-8")
    page = server.wait_for("/fr/", lambda page: 'role="alert"' not in page)
    assert "<h1>Notre mission</h1>" in page
    assert server.get("/locales/fr/LC_MESSAGES/ui.po").startswith("# French translation")
    assert server.stop() == 0
    assert "stopped" in server.process.stdout.read()


def test_preview_sends_a_folder_asked_without_its_slash_to_the_folder(preview):
    project, server = preview
    with urllib.request.urlopen(server.address + "fr?from=link", timeout=5) as response:
        assert response.geturl() == server.address + "fr/?from=link"  # where the page's relative links work
        assert "<h1>Notre mission</h1>" in response.read().decode("utf-8")
    with pytest.raises(urllib.error.HTTPError) as missing:
        server.get("/../locales")
    assert missing.value.code == 404


def test_preview_announces_each_rebuild(preview):
    project, server = preview
    events = urllib.request.urlopen(server.address + "__pipeline_events", timeout=10)
    time.sleep(0.3)
    (project.root / "source/mission.md").write_text(
        (project.root / "source/mission.md").read_text().replace("# Our Mission", "# Our Mission Today"),
        encoding="utf-8",
    )
    assert events.readline() == b"data: reload\n"
    events.close()
