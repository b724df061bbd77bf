"""The PDF of every page (builders/pdf.py): typeset in both directions, searchable in logical order, with its
title, language and bookmarks, the same bytes from the same inputs, made again only when its inputs change,
and none with --no-pdf or ``pdf = false``.

The first page of the French and Arabic PDFs is rendered to PNG (pdftoppm) into tests/screenshots/, beside the
browser tests' screenshots, for a person to look at. Skipped where WeasyPrint's system libraries (Pango),
poppler's tools or the Noto fonts (Debian's fonts-noto-core) are missing.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zlib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from conftest import REPOSITORY, Project, copy_shipped, new_project
from pipeline.cli import main


def _missing() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: Pango or its libraries are not installed
        return f"WeasyPrint cannot load: {error}"
    for tool in ("pdftotext", "pdftoppm", "pdfinfo", "fc-list"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: poppler-utils, fontconfig)"
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    for family in ("Noto Naskh Arabic", "Noto Sans"):
        if family not in families.splitlines() and not any(family in line.split(",") for line in families.splitlines()):
            return f"the {family} font is not installed (Debian: fonts-noto-core)"
    return None


pytestmark = pytest.mark.xdist_group("pdf")


@pytest.fixture(scope="session", autouse=True)
def _tools_present() -> None:
    """Skip where something the PDFs need is missing: found out by the first test to run, not at collection
    (importing WeasyPrint takes a second, which the worker that runs no PDF test need not spend)."""
    missing = _missing()
    if missing is not None:
        pytest.skip(missing)


SCREENSHOTS = REPOSITORY / "tests" / "screenshots"
DAY = "2024-05-01"  # the document's date: the PDFs' creation and modification dates, never the build's


def _build(root: Path, *args: str) -> str:
    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        status = main(["--project", str(root), "build", *args])
    assert status == 0, printed.getvalue()
    return printed.getvalue()


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped French and Arabic translations of the mission, dated, built once with PDFs."""
    root = new_project(tmp_path_factory.mktemp("pdf") / "project", ["fr", "ar"])
    config = root / "pipeline.toml"  # the tests' projects make no PDF (they are slow to make): these do
    config.write_text(config.read_text(encoding="utf-8").replace("pdf = false\n", ""), encoding="utf-8")
    copy_shipped(root, "locales/fr", "locales/ar")
    mission = root / "source" / "mission.md"
    mission.write_text(mission.read_text(encoding="utf-8").replace("---\n", f"---\ndate: {DAY}\n", 1), "utf-8")
    _build(root)
    return root


@pytest.fixture
def site_copy(pdf_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    root = tmp_path / "project"
    shutil.copytree(pdf_site, root, symlinks=True)
    return Project(root, capsys)


def pdf(root: Path, tag: str) -> Path:
    return root / "output" / tag / "mission.pdf"


def text_of(path: Path) -> str:
    """The PDF's text as pdftotext extracts it, without bidi controls and Arabic vowel marks, spaces collapsed
    (pdftotext places a mark it finds above a line apart from its letter)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True).stdout
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cf", "Mn"))
    return re.sub(r"\s+", " ", text)


def info(path: Path) -> dict[str, str]:
    lines = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout.splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def objects(path: Path) -> bytes:
    """The PDF's objects, its compressed object streams opened: where the catalogue and the outline are."""
    data = path.read_bytes()
    found = [data]
    for start in re.finditer(rb"stream\r?\n", data):
        try:
            found.append(zlib.decompressobj().decompress(data[start.end() :]))
        except zlib.error:
            pass
    return b"".join(found)


def pdf_titles(data: bytes) -> list[str]:
    """The bookmarks' titles: UTF-16 in hex where they need it, else literal strings (as WeasyPrint writes them)."""
    found = [bytes.fromhex(text.decode()).decode("utf-16") for text in re.findall(rb"/Title ?<([0-9a-fA-F]+)>", data)]
    return found + [text.decode("latin-1") for text in re.findall(rb"/Title ?\(([^)]*)\)", data)]


def test_every_page_has_its_pdf_and_links_it(pdf_site):
    for tag in ("en", "fr", "ar"):
        assert pdf(pdf_site, tag).read_bytes().startswith(b"%PDF-")
        page = (pdf_site / "output" / tag / "index.html").read_text(encoding="utf-8")
        assert f'href="../{tag}/mission.pdf"' in page


def first_page_image(root: Path, tag: str) -> None:
    """The PDF's first page as a PNG in tests/screenshots/ (``pdf-<tag>.png``), for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"pdf-{tag}"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf(root, tag)), str(target)],
        check=True,
    )
    assert target.with_suffix(".png").stat().st_size > 10_000


def test_the_arabic_pdf_reads_in_logical_order_and_joined(pdf_site):
    first_page_image(pdf_site, "ar")
    text = text_of(pdf(pdf_site, "ar"))
    # The title, the site's name, a paragraph's words and the draft note, as a reader (or a search) types them:
    # letters in logical order, not reversed, and not as presentation forms (isolated glyph code points).
    for words in ("مهمتنا", "التحالف الدولي ضد داعش", "بجهود أعضائه مجتمعين", "ولم يراجعها مترجم"):
        assert words in text, words
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)
    assert "انتمهم" not in text  # the title reversed


def test_the_french_pdf_keeps_its_accents(pdf_site):
    first_page_image(pdf_site, "fr")
    text = text_of(pdf(pdf_site, "fr"))
    assert "Coalition internationale contre Daech" in text
    assert "Cette traduction a été ébauchée par une machine" in text  # the page's draft note, in French
    assert "la défaite durable de Daech" in text
    assert "créée en septembre 2014" in text


def test_title_language_dates_bookmarks_and_tags(pdf_site):
    for tag, title, lang in (("fr", "Notre mission", "fr"), ("ar", "مهمتنا", "ar"), ("en", "Our Mission", "en")):
        path = pdf(pdf_site, tag)
        details = info(path)
        assert details["Title"] == title
        assert details["Tagged"] == "yes"  # PDF/UA-1: a structure for screen readers
        assert details["Page size"].endswith("(A4)")
        assert details["CreationDate"] == details["ModDate"]
        assert "2024" in details["CreationDate"]  # the document's date (pdfinfo writes it in local time)
        data = objects(path)
        assert f"/Lang ({lang})".encode() in data
        assert b"/Outlines" in data
        assert title in pdf_titles(data)  # the headings as bookmarks


def test_two_builds_give_the_same_bytes(pdf_site, site_copy):
    site_copy.ok("build", "--force")
    for tag in ("en", "fr", "ar"):
        assert pdf(site_copy.root, tag).read_bytes() == pdf(pdf_site, tag).read_bytes(), tag
    # The PDFs of a build share the fonts WeasyPrint has loaded: the Arabic one, made after the others
    # above, is the same made alone.
    pdf(site_copy.root, "ar").unlink()
    site_copy.ok("build")
    assert pdf(site_copy.root, "ar").read_bytes() == pdf(pdf_site, "ar").read_bytes()


def test_a_build_with_nothing_changed_writes_no_pdf(site_copy):
    stamps = {tag: pdf(site_copy.root, tag).stat().st_mtime_ns for tag in ("en", "fr", "ar")}
    assert "nothing changed" in site_copy.ok("build").out
    # A French catalogue changed: only the French PDF is made again.
    catalogue = site_copy.po("fr", "mission")
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("Notre mission", "Notre mission commune"), "utf-8"
    )
    site_copy.ok("build")
    assert pdf(site_copy.root, "en").stat().st_mtime_ns == stamps["en"]
    assert pdf(site_copy.root, "ar").stat().st_mtime_ns == stamps["ar"]
    assert "Notre mission commune" in text_of(pdf(site_copy.root, "fr"))


def test_no_pdf_switch_makes_none_and_links_none(site_copy):
    site_copy.ok("build", "--no-pdf")
    assert not list((site_copy.root / "output").rglob("*.pdf"))
    assert "mission.pdf" not in site_copy.read("output/fr/index.html")
    site_copy.ok("build")  # and back: the PDFs and their links return
    assert pdf(site_copy.root, "fr").is_file()
    assert "mission.pdf" in site_copy.read("output/fr/index.html")


def test_pdf_false_in_the_configuration_makes_none(site_copy):
    config = site_copy.root / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8") + "pdf = false\n", encoding="utf-8")
    site_copy.ok("build")
    assert not list((site_copy.root / "output").rglob("*.pdf"))
    assert "mission.pdf" not in site_copy.read("output/ar/index.html")


def test_pdf_must_be_true_or_false(site_copy):
    config = site_copy.root / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'pdf = "no"\n', encoding="utf-8")
    result = site_copy.run("build")
    assert result.status != 0
    assert "pdf: must be true or false" in result.err


def test_the_pdf_notes_are_the_page_templates_own_texts():
    """The notes NOTES and FOOTER translate are page.html's, word for word: ui.po translates them already."""
    from pipeline.builders.pdf import FOOTER, NOTES

    page = " ".join((REPOSITORY / "pipeline" / "templates" / "page.html").read_text(encoding="utf-8").split())
    found = re.findall(r"%}([^{]*(?:\{\{ count \}\}[^{]*)?)(?=\{% (?:endtrans|pluralize) %})", NOTES + FOOTER)
    assert len(found) == 4
    for text in found:
        assert " ".join(text.split()) in page, text


def test_the_preview_has_no_pdf_unless_asked(site_copy):
    """A translator's save shows on the previewed page at once; `serve --pdf` makes the PDFs too."""
    from pipeline import api

    project = api.load_project(site_copy.root)
    preview = site_copy.root / "output" / ".build" / "preview"
    api.build_preview(project)
    assert (preview / "fr" / "index.html").is_file() and not list(preview.rglob("*.pdf"))
    assert "mission.pdf" not in (preview / "fr" / "index.html").read_text(encoding="utf-8")
    api.build_preview(project, pdf=True)
    assert (preview / "fr" / "mission.pdf").is_file()
    assert "mission.pdf" in (preview / "fr" / "index.html").read_text(encoding="utf-8")


def test_a_pdf_is_made_again_when_an_image_it_shows_changes(site_copy):
    """A page links an image by its name; its PDF holds the image itself, so new bytes make a new PDF."""
    square = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="{}"/></svg>'
    )
    mission = site_copy.root / "source" / "mission.md"
    mission.write_text(mission.read_text(encoding="utf-8") + "\n![A square](square.svg)\n", encoding="utf-8")
    (site_copy.root / "source" / "square.svg").write_text(square.format("#c00"), encoding="utf-8")
    site_copy.ok("build")
    before, page = pdf(site_copy.root, "fr").read_bytes(), site_copy.read("output/fr/index.html")
    (site_copy.root / "source" / "square.svg").write_text(square.format("#00c"), encoding="utf-8")
    site_copy.ok("build")
    assert site_copy.read("output/fr/index.html") == page  # the page links the same file
    assert pdf(site_copy.root, "fr").read_bytes() != before  # the PDF shows the new one
