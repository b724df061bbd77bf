"""The reader's page around the text: dates, isolation, search engines, the dashboard, the preview."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPOSITORY, editing, text_runs

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def shipped(make_project, languages=("fr", "ar"), threshold=80):
    """A project with the repository's French and Arabic catalogues, for those of ``languages``."""
    project = make_project(languages=list(languages), threshold=threshold)
    return project.with_shipped(*(code for code in ("fr", "ar") if code in languages))


def test_last_updated_comes_from_the_document_and_is_written_per_locale(make_project):
    project = shipped(make_project)
    mission = project.root / "source/mission.md"
    mission.write_text(mission.read_text().replace("---\n\n", "date: 2026-11-26\n---\n\n", 1))
    project.ok("build")
    assert (
        '<p class="updated">Dernière mise à jour\u00a0: <time datetime="2026-11-26" lang="fr" dir="ltr">'
        "26 novembre 2026</time></p>" in project.read("output/fr/index.html")
    )
    assert '<time datetime="2026-11-26" lang="ar" dir="rtl">26 نوفمبر 2026</time>' in project.read(
        "output/ar/index.html"
    )
    assert '<time datetime="2026-11-26" lang="en" dir="ltr">November 26, 2026</time>' in project.read(
        "output/en/index.html"
    )
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
    assert '<time datetime="2025-03-04" lang="en" dir="ltr">March 4, 2025</time>' in project.read(
        "output/en/index.html"
    )
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


def test_latin_names_and_figures_are_isolated_inside_arabic(built_shipped_project):
    root = built_shipped_project  # shipped(make_project), built: read, never written
    arabic = (root / "output/ar/index.html").read_text(encoding="utf-8")
    assert "برنامج الأمم المتحدة الإنمائي (<bdi>UNDP</bdi>)" in arabic
    assert "<bdi>2178</bdi>" in arabic
    assert "<bdi>" not in (root / "output/fr/index.html").read_text(encoding="utf-8")
    for path in (root / "output").rglob("*.html"):
        assert "<script" not in path.read_text(encoding="utf-8"), path  # every page works without JavaScript


def test_open_graph_locales(built_shipped_project):
    arabic = (built_shipped_project / "output/ar/index.html").read_text(encoding="utf-8")  # read, never written
    # Facebook's locales: Arabic as a whole is ar_AR there (not the likely ar_EG).
    assert '<meta property="og:locale" content="ar_AR">' in arabic
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
    # "about" has no translation: its page is published in English only (per-page publication).
    assert sorted(locations[1:]) == sorted(
        [*(f"https://example.org/site/{tag}/" for tag in ("en", "fr", "ar")), "https://example.org/site/en/about/"]
    )
    for url in urls:
        links = url.findall(f"{XHTML}link")
        about_page = url.find(f"{SITEMAP}loc").text.endswith("/about/")  # in English only: its only alternate
        wanted = {"en", "x-default"} if about_page else {"en", "fr", "ar", "x-default"}
        assert {link.get("hreflang") for link in links} == wanted
        assert all(link.get("rel") == "alternate" and link.get("href").startswith("https://") for link in links)
        for child in url:
            assert child.tag in (f"{SITEMAP}loc", f"{SITEMAP}lastmod", f"{XHTML}link")
    about = next(url for url in urls if url.find(f"{SITEMAP}loc").text.endswith("/en/about/"))
    assert about.find(f"{SITEMAP}lastmod").text == "2026-01-05"
    assert project.read("output/robots.txt") == (
        "User-agent: *\nDisallow: /site/.build/\nSitemap: https://example.org/site/sitemap.xml\n"
    )


def test_a_sitemap_is_made_again_only_when_a_pages_languages_or_a_documents_date_change(make_project, monkeypatch):
    from pipeline.pages import Site

    project = shipped(make_project)
    about = "---\ntitle: About\ndate: {}\n---\n\n# About\n\n{}\n"
    project.write("source/about.md", about.format("2026-01-05", "Who we are."))
    project.ok("build")
    made = []
    sitemaps = Site.sitemaps
    monkeypatch.setattr(
        Site, "sitemaps", lambda self, documents: made.append(len(documents)) or sitemaps(self, documents)
    )
    project.write("source/about.md", about.format("2026-01-05", "Who we are, and why."))
    project.ok("build")
    assert made == []  # a passage changed: the same pages, in the same languages, of the same dates
    project.write("source/about.md", about.format("2026-02-01", "Who we are, and why."))
    project.ok("build")
    assert made == [2] and "<lastmod>2026-02-01</lastmod>" in project.read("output/sitemap.xml")
    (project.root / "output/sitemap.xml").unlink()
    project.ok("build")
    assert made == [2, 2] and "<lastmod>2026-02-01</lastmod>" in project.read("output/sitemap.xml")


def test_a_site_past_the_sitemap_limits_gets_an_index_of_sitemaps(make_project, monkeypatch):
    from pipeline import sitemap

    project = shipped(make_project)
    project.write("source/about.md", "---\ntitle: About\ndate: 2026-01-05\n---\n\n# About\n\nWho we are.\n")
    project.ok("build")
    whole = ET.parse(project.root / "output/sitemap.xml").getroot()
    pages = [_element(url) for url in whole.findall(f"{SITEMAP}url")]
    assert len(pages) == 5
    size = (project.root / "output/sitemap.xml").stat().st_size

    # --force: the limits are the tool's own, not an input a build watches
    monkeypatch.setattr(sitemap, "MAX_URLS", 2)  # the protocol's 50,000, made small
    project.ok("build", "--force")
    index = ET.parse(project.root / "output/sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = [item.find(f"{SITEMAP}loc").text for item in index.findall(f"{SITEMAP}sitemap")]
    assert locations == [f"https://example.org/site/sitemap-{number}.xml" for number in (1, 2, 3)]
    split = []
    for number in (1, 2, 3):
        urlset = ET.parse(project.root / f"output/sitemap-{number}.xml").getroot()
        assert urlset.tag == f"{SITEMAP}urlset" and 1 <= len(urlset) <= 2
        split += [_element(url) for url in urlset]
    assert split == pages  # the same pages with the same alternates, in the same order
    # A sitemap's lastmod in the index is its latest page's; the one without dated pages has none.
    dated = [item.find(f"{SITEMAP}lastmod") for item in index.findall(f"{SITEMAP}sitemap")]
    about = next(
        number for number in (1, 2, 3) if b"/en/about/" in (project.root / f"output/sitemap-{number}.xml").read_bytes()
    )
    assert [None if item is None else item.text for item in dated] == [
        "2026-01-05" if number == about else None for number in (1, 2, 3)
    ]
    assert project.read("output/robots.txt").endswith("Sitemap: https://example.org/site/sitemap.xml\n")

    monkeypatch.setattr(sitemap, "MAX_URLS", 50_000)
    monkeypatch.setattr(sitemap, "MAX_BYTES", size * 2 // 3)  # the protocol's 50 MiB, made small
    project.ok("build", "--force")
    sizes = [path.stat().st_size for path in sorted((project.root / "output").glob("sitemap-*.xml"))]
    assert len(sizes) == 2 and all(part <= size * 2 // 3 for part in sizes)

    monkeypatch.setattr(sitemap, "MAX_BYTES", 52_428_800)
    project.ok("build", "--force")
    assert ET.parse(project.root / "output/sitemap.xml").getroot().tag == f"{SITEMAP}urlset"
    assert not list((project.root / "output").glob("sitemap-*.xml"))  # the index's sitemaps are gone with it


def _element(element: ET.Element) -> bytes:
    element.tail = None  # the whitespace after it differs at the end of a file
    return ET.tostring(element)


def test_the_sitemap_limits_are_the_protocols():
    from pipeline import sitemap

    assert (sitemap.MAX_URLS, sitemap.MAX_BYTES) == (50_000, 50 * 1024 * 1024)


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
    assert 'aria-label="2.9% reviewed, 0% machine draft, 2.9% fuzzy, 94.2% untranslated"' in row
    assert "<td>1 / 34</td>" in row and "in progress" in row
    # The catalogues are beside the site, not in it: named, not linked (a link would be dead once published).
    assert "<td>mission, ui</td>" in row and "LC_MESSAGES" not in dashboard
    french = re.search(r"<tr>\s*<th scope=\"row\"><span lang=\"fr\".*?</tr>", dashboard, re.S)[0]
    assert '<a href="fr/" hreflang="fr">published</a>' in french
    assert project.ok("status", "--format", "html").out == dashboard

    config = project.root / "pipeline.toml"
    plain = config.read_text()
    config.write_text(plain + 'edit-url = "https://github.com/example/site/blob/main"\n')
    project.ok("build")
    assert (
        '<a href="https://github.com/example/site/blob/main/locales/nl/LC_MESSAGES/mission.po">mission</a>'
        in project.read("output/status.html")
    )


def test_the_dashboard_links_catalogues_published_with_the_site(make_project):
    project = shipped(make_project, languages=("fr", "ar", "nl"))
    project.ok("update")
    (project.po("nl", "ui")).unlink()  # a missing catalogue is neither listed nor published
    config = project.root / "pipeline.toml"
    plain = config.read_text()
    config.write_text(plain + "publish-catalogues = true\n")
    project.ok("build")
    dashboard = project.read("output/status.html")
    row = re.search(r"<tr>\s*<th scope=\"row\"><span lang=\"nl\".*?</tr>", dashboard, re.S)[0]
    assert '<td><a href="locales/nl/LC_MESSAGES/mission.po">mission</a></td>' in row
    assert '<a href="locales/fr/LC_MESSAGES/ui.po">ui</a>' in dashboard
    published = sorted(
        path.relative_to(project.root / "output").as_posix() for path in (project.root / "output/locales").rglob("*")
        if path.is_file()
    )  # fmt: skip
    assert published == [f"locales/{code}/LC_MESSAGES/{domain}.po" for code in ("ar", "fr") for domain in
                         ("mission", "ui")] + ["locales/nl/LC_MESSAGES/mission.po"]  # fmt: skip
    for name in published:
        assert (project.root / "output" / name).read_bytes() == (project.root / name).read_bytes()

    # Only the catalogue that changed is copied again; the others keep their date.
    stamps = {path: path.stat().st_mtime_ns for path in (project.root / "output/locales").rglob("*.po")}
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Our Mission").msgstr = "Notre belle mission"
    project.ok("build")
    changed = {path.relative_to(project.root).as_posix() for path, stamp in stamps.items()
               if path.stat().st_mtime_ns != stamp}  # fmt: skip
    assert changed == {"output/locales/fr/LC_MESSAGES/mission.po"}
    assert (project.root / "output/locales/fr/LC_MESSAGES/mission.po").read_bytes() == project.po(
        "fr", "mission"
    ).read_bytes()

    config.write_text(plain + "publish-catalogues = false\n")  # switched off: the copies go
    project.ok("build")
    assert not (project.root / "output/locales").exists()
    assert "<td>mission</td>" in project.read("output/status.html")


def test_publish_catalogues_must_be_true_or_false(make_project):
    project = make_project(languages=["fr"])
    config = project.root / "pipeline.toml"
    config.write_text(config.read_text() + 'publish-catalogues = "yes"\n')
    result = project.run("build")
    assert result.status == 3
    assert result.err == "pipeline.toml:9: error: publish-catalogues: must be true or false, not 'yes'\n"


def test_the_stylesheet_uses_logical_properties_only():
    css = (REPOSITORY / "pipeline/static/style.css").read_text(encoding="utf-8")
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        css,
    )
    assert physical == []
    assert "@media print" in css


def with_date(project, day: str = "2026-11-26") -> None:
    mission = project.root / "source/mission.md"
    mission.write_text(mission.read_text().replace("---\n\n", f"date: {day}\n---\n\n", 1))


def run_of(html: str, text: str) -> tuple[str, str | None, str | None, str]:
    return next(run for run in text_runs(html) if text in run[0])


def test_a_date_is_marked_with_the_language_it_is_written_in(make_project):
    project = shipped(make_project)
    with_date(project)
    # Arabic's label has no translation: it falls back to English, and the date inside it stays Arabic.
    with editing(project.po("ar", "ui")) as catalogue:
        catalogue.find("Last updated: %(date)s").msgstr = ""
    project.ok("build")
    arabic = project.read("output/ar/index.html")
    assert run_of(arabic, "Last updated:")[1:3] == ("en", "ltr")
    assert run_of(arabic, "26 نوفمبر 2026") == ("26 نوفمبر 2026", "ar", "rtl", "time")
    # French's label is translated: label and date are both French.
    french = project.read("output/fr/index.html")
    assert run_of(french, "Dernière mise à jour")[1] == "fr"
    assert run_of(french, "26 novembre 2026") == ("26 novembre 2026", "fr", "ltr", "time")


def test_open_graph_locales_come_from_the_list_facebook_accepts(make_project):
    project = make_project(languages=["ar_EG", "ckb", "fa_AF", "fr_CA", "zh_TW", "pt_BR", "haw"], threshold=0)
    project.ok("build")
    expected = {
        "ar-EG": "ar_AR", "ckb": "cb_IQ", "fa-AF": "fa_IR", "fr-CA": "fr_CA", "zh-TW": "zh_TW", "pt-BR": "pt_BR",
        "haw": "haw",  # not in the list: the language's code, no made-up territory
        "en": "en_US",
    }  # fmt: skip
    for tag, value in expected.items():
        page = project.read(f"output/{tag}/index.html")
        assert f'<meta property="og:locale" content="{value}">' in page, tag
        alternates = re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', page)
        assert sorted(alternates) == sorted(set(expected.values()) - {value}), tag  # each once, never its own


def test_gettext_folder_names_are_published_under_bcp_47_tags(make_project):
    project = make_project(languages=["zh_CN", "sr@latin", "pt_BR"], threshold=0)
    project.ok("update")
    for folder in ("zh_CN", "sr@latin", "pt_BR"):
        assert project.po(folder, "mission").is_file() and project.po(folder, "ui").is_file()
    with editing(project.po("sr@latin", "mission")) as catalogue:
        catalogue.find("Our Mission").msgstr = "Naša misija"
    project.ok("build")
    folders = {path.name for path in (project.root / "output").iterdir() if path.is_dir()}
    assert folders == {".build", "static", "en", "zh-CN", "sr-Latn", "pt-BR"}
    chinese, serbian = project.read("output/zh-CN/index.html"), project.read("output/sr-Latn/index.html")
    assert '<html lang="zh-CN" dir="ltr">' in chinese and '<html lang="sr-Latn" dir="ltr">' in serbian
    assert '<h1 id="our-mission">Naša misija</h1>' in serbian
    assert '<link rel="alternate" hreflang="sr-Latn" href="https://example.org/site/sr-Latn/">' in chinese
    assert '<meta property="og:locale" content="zh_CN">' in chinese
    assert '<meta property="og:locale" content="sr_RS">' in serbian
    tree = ET.parse(project.root / "output/sitemap.xml")
    hreflangs = {link.get("hreflang") for link in tree.getroot().iter(f"{XHTML}link")}
    assert hreflangs == {"en", "zh-CN", "sr-Latn", "pt-BR", "x-default"}
    status = {item["language"]: item["tag"] for item in json.loads(project.ok("status", "--format", "json").out)}
    assert status == {"zh_CN": "zh-CN", "sr@latin": "sr-Latn", "pt_BR": "pt-BR"}
    assert project.ok("status", "--lang", "zh-cn").out.count("zh_CN ") == 1
    assert project.ok("check", "--lang", "sr@latin").out.startswith("0 errors, 0 warnings in 1 messages of 2 files")


@pytest.mark.parametrize(
    ("source", "index", "threshold", "bar"),
    [
        ("en", "0% translated", "80%", "0% reviewed, 0% machine draft, 0% fuzzy, 100% untranslated"),
        (
            "fr",
            "0\u00a0% translated",
            "80\u00a0%",
            "0\u00a0% reviewed, 0\u00a0% machine draft, 0\u00a0% fuzzy, 100\u00a0% untranslated",
        ),
        ("tr", "%0 translated", "%80", "%0 reviewed, %0 machine draft, %0 fuzzy, %100 untranslated"),
    ],
)
def test_percentages_are_written_the_way_the_pages_language_writes_them(make_project, source, index, threshold, bar):
    project = make_project(languages=["ar"])
    config = project.root / "pipeline.toml"
    translations = '["ar"]' if source == "en" else '["ar", "en"]'
    config.write_text(
        config.read_text()
        .replace('source-language = "en"', f'source-language = "{source}"')
        .replace('languages = ["ar"]', f"languages = {translations}")
    )
    project.ok("build")
    # The language index and the dashboard speak the source language (<html lang>): its way of writing them.
    assert f'<span class="progress">{index}</span>' in project.read("output/index.html")
    dashboard = project.read("output/status.html")
    assert f"Languages are published when {threshold} of their messages" in dashboard
    assert f'aria-label="{bar}"' in dashboard


# ------------------------------------------------------------------ the preview server


class Server:
    """``pipeline serve`` in a process of its own, its standard output and standard error read apart."""

    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "--project", str(root), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.errors: list[str] = []  # standard error, line by line, as it comes
        self.reader = threading.Thread(target=lambda: self.errors.extend(self.process.stderr), daemon=True)
        self.reader.start()
        self.lines: list[str] = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            self.lines.append(line)
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                self.address = found[1]
                return
        raise AssertionError("the preview server did not start:\n" + "".join(self.lines + self.errors))

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
        """Ctrl-C, as a person stops it; the exit status."""
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=10)
        self.reader.join(timeout=5)
        self.lines += self.process.stdout.readlines()
        return status


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
    assert '<h1 id="our-mission" class="draft" data-draft="machine">Notre mission</h1>' in page
    assert "new EventSource('/__pipeline_events')" in page
    assert "<script" not in project.read("output/.build/preview/fr/index.html")  # the reload script is the server's

    path = project.po("fr", "mission")
    good = path.read_text(encoding="utf-8")
    started = time.monotonic()
    path.write_text(good.replace('msgstr "Notre mission"', 'msgstr "Notre belle mission"'), encoding="utf-8")
    page = server.wait_for("/fr/", lambda page: "Notre belle mission" in page)
    assert '<h1 id="our-mission" class="draft" data-draft="machine">Notre belle mission</h1>' in page
    assert time.monotonic() - started < 2.0

    broken = good.replace('msgstr "Notre mission"', 'msgstr "Notre mission')
    line = broken.split("\n").index('msgstr "Notre mission') + 1
    path.write_text(broken, encoding="utf-8")
    page = server.wait_for("/fr/", lambda page: 'role="alert"' in page)
    error = f"locales/fr/LC_MESSAGES/mission.po:{line}: error: unterminated string: the closing double quote is missing"
    assert error in page
    assert server.process.poll() is None

    path.write_text(good, encoding="utf-8")
    page = server.wait_for("/fr/", lambda page: 'role="alert"' not in page)
    assert '<h1 id="our-mission" class="draft" data-draft="machine">Notre mission</h1>' in page
    with pytest.raises(urllib.error.HTTPError) as missing:  # the catalogues are not in the site: not served either
        server.get("/locales/fr/LC_MESSAGES/ui.po")
    assert missing.value.code == 404

    assert server.stop() == 130  # Ctrl-C: "interrupted", as the exit statuses say
    assert error + "\n" in server.errors  # the error on standard error, the progress on standard output
    assert server.errors[-1] == "pipeline: interrupted\n"
    assert not [line for line in server.lines if "error" in line]
    assert [line for line in server.lines if line.startswith("rebuilt in ")]


def test_a_catalogue_saved_while_the_preview_starts_is_rebuilt(make_project):
    """The watcher compares with the files as they were before the first build, not as it first finds them: on
    a busy machine it may look only after a translator has saved, and that save must still be rebuilt."""
    from pipeline import api
    from pipeline.serve import Preview

    project = shipped(make_project)
    preview = Preview(api.load_project(project.root), False, log=lambda line: None, complain=lambda line: None)
    before = preview.fingerprint()
    path = project.po("fr", "mission")
    path.write_text(
        path.read_text(encoding="utf-8").replace('msgstr "Notre mission"', 'msgstr "Notre belle mission"'),
        encoding="utf-8",
    )
    stop = threading.Event()
    rebuilt: list[int | None] = []

    def rebuild(jobs: int | None = None) -> None:
        rebuilt.append(jobs)
        stop.set()

    preview.rebuild = rebuild  # type: ignore[method-assign]
    watching = threading.Thread(target=preview.watch, args=(stop, before))
    watching.start()
    watching.join(timeout=5)
    stop.set()
    assert rebuilt == [1]  # one rebuild, in one process (the server's threads are running)


def test_preview_sends_a_folder_asked_without_its_slash_to_the_folder(preview):
    project, server = preview
    with urllib.request.urlopen(server.address + "fr?from=link", timeout=5) as response:
        assert response.geturl() == server.address + "fr/?from=link"  # where the page's relative links work
        assert '<h1 id="our-mission" class="draft" data-draft="machine">Notre mission</h1>' in response.read().decode(
            "utf-8"
        )
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


def test_a_preview_of_every_language_leaves_the_published_site_alone(make_project, tmp_path):
    """`serve --all` shows languages below the threshold; the site a publisher then builds and uploads has none."""
    project = shipped(make_project, languages=("fr", "ar", "nl"))
    project.ok("update")
    fresh = tmp_path / "fresh"
    shutil.copytree(project.root, fresh)

    server = Server(project.root, "--all")
    try:
        assert '<html lang="nl" dir="ltr">' in server.get("/nl/")  # 0% translated, and previewed
        assert 'hreflang="nl"' in server.get("/fr/")
    finally:
        status = server.stop()
    assert status == 130
    assert server.lines[0].startswith("rebuilt in ")
    assert "serving the preview (output/.build/preview/) at http://127.0.0.1:" in server.lines[1]
    # The preview was built in build space; nothing of it is in the site.
    assert sorted(path.name for path in (project.root / "output").iterdir()) == [".build"]
    assert (project.root / "output/.build/preview/nl/index.html").is_file()

    result = project.ok("build")
    assert "published: en, fr, ar\n" in result.out and "in progress (below 80%): nl 0%" in result.out
    assert not (project.root / "output/nl").exists()
    assert 'hreflang="nl"' not in project.read("output/fr/index.html")
    site = project.site()
    project.root = fresh  # the same project, never previewed
    project.ok("build")
    assert project.site() == site
