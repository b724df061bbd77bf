"""No injection: a corpus of hostile translations, built, parsed, and opened in Chromium.

Every payload of tests/data/xss-payloads.txt goes into a French catalogue three
ways (as the whole passage, as a link's text, as a link's target), and into
the page templates' texts and the front matter's title and description. The
checks are switched off, so that what is proved is the renderer's own safety.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPOSITORY, editing
from pipeline.checks import CHECKS

# One worker runs them all (pytest-xdist): the hostile site is built once for the module, and the browser test
# shares test_browser's Chromium (conftest's ``browser``, one per worker).
pytestmark = pytest.mark.xdist_group("browser")

PAYLOADS = [
    line
    for line in (REPOSITORY / "tests/data/xss-payloads.txt").read_text(encoding="utf-8").split("\n")
    if line and not line.startswith("# ")
]
ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "input", "base", "video",
                  "audio", "source", "details", "marquee", "isindex", "button", "textarea"}  # fmt: skip


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


def assert_nothing_runs(path: Path, found: list[tuple[str, dict[str, str]]]) -> None:
    """No element of a page that runs or embeds anything, no event handler, no address but the web's or mail."""
    for tag, attributes in found:
        assert tag not in FORBIDDEN_TAGS, (path, tag)
        for name, value in attributes.items():
            assert not name.startswith("on"), (path, tag, name)
            if name in ("href", "src", "action", "formaction", "background", "data"):
                head = re.split(r"[/?#]", "".join(value.split()).lower(), maxsplit=1)[0]
                assert ":" not in head or head.split(":")[0] + ":" in ALLOWED_SCHEMES, (path, tag, name, value)


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 60


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss") / "site"
    (root / "source").mkdir(parents=True)
    ids = ", ".join(f'"{check}"' for check in CHECKS)
    (root / "pipeline.toml").write_text(
        'site-name = "Global Coalition against Daesh"\nbase-url = "https://example.org/"\nhome = "whole"\n'
        f'languages = ["fr", "ar"]\npublish-threshold = 0\npdf = false\n\n[disable-checks]\n"*" = [{ids}]\n',
        encoding="utf-8",
    )
    shapes = {
        "whole": ("Passage {n} with a [link](https://example.org/{n}) and **bold** text.", "{payload}"),
        "text": ("Link {n}: [text](https://example.org/{n}).", "Lien {n} : [{payload}](https://example.org/{n})."),
        "target": ("Link {n}: [text](https://example.org/{n}).", "Lien {n} : [texte]({payload})."),
    }
    for name, (source, _) in shapes.items():
        body = "\n\n".join(source.format(n=n) for n in range(len(PAYLOADS)))
        (root / "source" / f"{name}.md").write_text(
            f"---\ntitle: Title of {name}\ndescription: Description of {name}\n---\n\n# Heading of {name}\n\n{body}\n",
            encoding="utf-8",
        )
    from pipeline.cli import main

    assert main(["--project", str(root), "update"]) == 0
    for code in ("fr", "ar"):
        for name, (source, translation) in shapes.items():
            with editing(root / "locales" / code / "LC_MESSAGES" / f"{name}.po") as catalogue:
                for n, payload in enumerate(PAYLOADS):
                    catalogue.find(source.format(n=n)).msgstr = translation.format(n=n, payload=payload)
                for number, entry in enumerate(entry for entry in catalogue if not entry.msgstr):
                    entry.msgstr = PAYLOADS[(number * 7) % len(PAYLOADS)]  # title, description, heading
        with editing(root / "locales" / code / "LC_MESSAGES" / "ui.po") as catalogue:
            for number, entry in enumerate(catalogue):
                payload = PAYLOADS[(number * 11) % len(PAYLOADS)]
                if entry.msgid_plural:
                    entry.msgstr_plural = {index: f"%(count)s {payload}" for index in entry.msgstr_plural}
                else:
                    entry.msgstr = payload
    assert main(["--project", str(root), "build"]) == 0
    return root


def pages(root: Path) -> list[Path]:
    return sorted(path for path in (root / "output").rglob("*.html") if ".build" not in path.parts)


def test_no_script_handler_or_foreign_url_in_any_page(hostile_site):
    english = {
        tag
        for name in ("whole", "text", "target")
        for tag, _ in elements(
            (hostile_site / f"output/en/{'' if name == 'whole' else name + '/'}index.html").read_text()
        )
    }
    checked = 0
    for path in pages(hostile_site):
        html = path.read_text(encoding="utf-8")
        found = elements(html)
        assert [tag for tag, _ in found].count("body") == 1 and [tag for tag, _ in found].count("title") == 1, path
        assert not [attributes for tag, attributes in found if tag == "meta" and "http-equiv" in attributes], path
        assert_nothing_runs(path, found)
        if path.parent.parent.name == "fr" or path.parent.name == "fr":
            assert {tag for tag, _ in found} <= english | {"bdi", "span"}, path
        checked += 1
    assert checked >= 6


def test_payloads_are_shown_as_text(hostile_site):
    whole = (hostile_site / "output/fr/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in whole
    assert "{{ 7*7 }}" in whole and ">49<" not in whole


def test_no_page_runs_a_script_or_opens_a_dialog_in_chromium(hostile_site, browser):
    watch = """
        window.__ran = [];
        for (const name of ['alert', 'confirm', 'prompt', 'print', 'open'])
            window[name] = (...args) => window.__ran.push(name);
        document.addEventListener('securitypolicyviolation', event => window.__ran.push('csp'));
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.add_init_script(watch)
        for path in pages(hostile_site):
            page.goto(path.as_uri())
            page.wait_for_timeout(50)
            assert page.evaluate("window.__ran") == [], path
            assert page.evaluate("document.scripts.length") == 0, path
            bad = page.evaluate(
                """() => [...document.querySelectorAll('*')].flatMap(element =>
                    [...element.attributes].filter(a => a.name.startsWith('on')).map(a => element.tagName + ' ' + a.name)
                  ).concat([...document.querySelectorAll('a[href], img[src]')]
                    .map(element => new URL(element.href || element.src, location.href).protocol)
                    .filter(protocol => !['http:', 'https:', 'mailto:', 'file:'].includes(protocol)))"""
            )
            assert bad == [], (path, bad)
        assert dialogs == []
    finally:
        context.close()
