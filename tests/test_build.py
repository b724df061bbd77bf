"""`pipeline build`: a correct, safe page for every published language."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import editing, text_runs
from pipeline.pofile import read_po


def source_messages(project):
    project.ok("extract")
    return {entry.msgid for name in ("mission", "ui") for entry in read_po(project.root / "locales" / f"{name}.pot")}


def test_pages_for_every_published_language(make_project):
    project = make_project(languages=["fr", "ar", "tr"]).with_shipped("fr", "ar")
    project.ok("update")
    result = project.ok("build")
    assert "3 pages in 3 languages" in result.out
    assert "published: en, fr, ar" in result.out
    assert "in progress (below 80%): tr 0%" in result.out

    arabic = project.read("output/ar/index.html")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<title>مهمتنا – التحالف الدولي ضد داعش</title>" in arabic
    assert '<meta name="description" content="87 شريكًا' in arabic
    assert '<link rel="canonical" href="https://example.org/site/ar/">' in arabic
    for tag in ("en", "fr", "ar"):
        assert f'<link rel="alternate" hreflang="{tag}" href="https://example.org/site/{tag}/">' in arabic
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/site/">' in arabic
    assert '<a href="../fr/" hreflang="fr" lang="fr" dir="ltr">français</a>' in arabic
    assert '<a href="../ar/" lang="ar" dir="rtl" aria-current="page">العربية</a>' in arabic
    assert 'lang="tr"' not in arabic  # unpublished languages are not offered
    assert '<html lang="fr" dir="ltr">' in project.read("output/fr/index.html")
    assert '<html lang="en" dir="ltr">' in project.read("output/en/index.html")

    index = project.read("output/index.html")
    assert (
        '<a href="ar/" hreflang="ar"><span lang="ar" dir="rtl">العربية</span> <span class="english-name">Arabic</span></a>'
        in index
    )
    assert (
        '<span lang="tr" dir="ltr">Türkçe</span> <span class="english-name">Turkish</span> <span class="progress">0% translated</span>'
        in index
    )
    assert (project.root / "output/static/style.css").stat().st_size > 1000


def test_complete_french_page_has_no_english_and_no_fallback(make_project):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    english = source_messages(project)
    project.ok("build")
    french = project.read("output/fr/index.html")
    assert not re.search(r'\slang="en"', french.replace('hreflang="en" lang="en" dir="ltr">English</a>', ""))
    assert 'class="notice"' not in french
    runs = [text for text, lang, _, tag in text_runs(french) if lang == "fr" and tag not in ("style", "script")]
    assert "Notre mission" in runs
    assert not [text for text in runs if text in english]


def test_untranslated_passages_fall_back_marked_and_counted(make_project):
    project = make_project(languages=["fr", "ar"], threshold=50).with_shipped("fr", "ar", reviewed=True)
    project.ok("update")
    english = source_messages(project)
    for code in ("fr", "ar"):
        with editing(project.po(code, "mission")) as catalogue:
            for entry in catalogue:
                if entry.msgid.startswith(("The Global Coalition is working", "Military Progress")):
                    entry.msgstr = ""
                if entry.msgid.startswith("Having supported"):
                    entry.flags.append("fuzzy")  # a translator's doubt, not a draft: never published
                    entry.tcomment = ""
    project.ok("build")

    french = project.read("output/fr/index.html")
    assert '<h2 id="military-progress" lang="en">Military Progress</h2>' in french
    assert '<p lang="en">The Global Coalition is working with' in french
    assert '<p lang="en">Having supported its local security partners' in french
    assert "3 passages de cette page ne sont pas encore traduits" in french
    runs = text_runs(french)
    unmarked_english = [text for text, lang, _, _ in runs if lang == "fr" and text in english]
    assert unmarked_english == []
    assert {text for text, lang, _, _ in runs if lang == "en"} >= {"Military Progress"}

    arabic = project.read("output/ar/index.html")
    # Inside a right-to-left page, a fallback also says its direction.
    assert '<h2 id="military-progress" lang="en" dir="ltr">Military Progress</h2>' in arabic
    assert '<p lang="en" dir="ltr">Having supported' in arabic
    notice = re.search(r'<p class="notice" role="note">\s*(.*?)\s*</p>', arabic, re.S)
    assert notice and notice[1].startswith("3 فقرات")  # Arabic's "few" form, for 3


def test_partial_ui_translation_marks_its_fallbacks(make_project):
    project = make_project(languages=["nl"], threshold=0)
    project.ok("update")
    with editing(project.po("nl", "ui")) as catalogue:
        catalogue.find("Skip to content").msgstr = "Naar de inhoud"
    project.ok("build")
    dutch = project.read("output/nl/index.html")
    assert '<a class="skip-link" href="#content">Naar de inhoud</a>' in dutch
    assert '<span lang="en">All languages</span>' in dutch
    assert '<span lang="en">Global Coalition against Daesh</span>' in dutch
    assert '<p lang="en">The Global Coalition against Daesh was formed' in dutch


def test_languages_below_the_threshold_are_not_published(make_project):
    project = make_project(languages=["fr", "ar"], threshold=100).with_shipped("fr", reviewed=True)
    project.ok("update")
    with editing(project.po("fr", "ui")) as catalogue:
        catalogue.find("All languages").msgstr = ""
    result = project.ok("build")
    assert "published: en\n" in result.out
    assert "in progress (below 100%): fr 97%, ar 0%" in result.out
    assert not (project.root / "output/fr").exists()


def test_a_language_held_back_by_errors_says_so_beside_its_progress(make_project):
    project = make_project(languages=["fr"], threshold=100).with_shipped("fr", reviewed=True)
    project.ok("update")
    with editing(project.po("fr", "mission")) as catalogue:
        entry = catalogue.find("87 partners united in ensuring Daesh’s enduring defeat")
        entry.msgstr = entry.msgstr.replace("87 ", "")  # a figure lost: an error, so the passage is held back
    result = project.ok("build")
    assert "published: en\n" in result.out
    assert "in progress (below 100%): fr 97% (100% translated, 1 held back by errors)" in result.out


def test_two_builds_are_byte_identical_and_a_rebuild_writes_nothing(make_project):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    project.ok("build")
    first = project.snapshot("output")
    again = project.ok("build")
    assert again.out.startswith("output/: nothing changed (3 pages in 3 languages)")
    shutil.rmtree(project.root / "output")
    project.ok("build")
    assert project.snapshot("output") == first


def test_compiled_catalogues_go_to_build_space_not_beside_the_po_files(make_project):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    project.ok("build")
    assert not list((project.root / "locales").rglob("*.mo"))
    compiled = sorted(path.relative_to(project.root).as_posix() for path in (project.root / "output").rglob("*.mo"))
    assert compiled == [
        "output/.build/locale/ar/LC_MESSAGES/mission.mo",
        "output/.build/locale/ar/LC_MESSAGES/ui.mo",
        "output/.build/locale/fr/LC_MESSAGES/mission.mo",
        "output/.build/locale/fr/LC_MESSAGES/ui.mo",
    ]
    for name in compiled:  # GNU gettext reads them back, and finds the translations in them
        text = subprocess.run(["msgunfmt", str(project.root / name)], capture_output=True, text=True, check=True).stdout
        assert 'msgstr "' in text and 'msgstr ""\n\n' not in text.split("\n\n", 1)[1]


def test_a_broken_catalogue_stops_the_build_and_leaves_the_site_alone(make_project):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    project.ok("build")
    before = project.site()
    path = project.po("ar", "mission")
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index('msgid "Our Mission"') + 2
    path.write_text(text.replace('msgstr "مهمتنا"', 'msgstr "مهمتنا" oops'), encoding="utf-8")
    result = project.run("build")
    assert result.status == 21  # not the PO format
    assert result.err == (
        f"locales/ar/LC_MESSAGES/mission.po:{line}: error: unexpected text after the string: 'oops' "
        "(is a quote unescaped?)\n"
    )
    assert project.site() == before


def test_other_documents_get_their_own_pages_and_removed_ones_go(make_project):
    about = "---\ntitle: About us\n---\n\n# About us\n\nWho we are.\n"
    project = make_project(languages=["fr"], documents={"about.md": about}, threshold=0).with_shipped("fr")
    project.ok("update")
    project.ok("build")
    page = project.read("output/fr/about/index.html")
    assert '<html lang="fr" dir="ltr">' in page
    assert '<p lang="en">Who we are.</p>' in page
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/site/en/about/">' in page
    assert '<link rel="stylesheet" href="../../static/style.css">' in page
    assert (project.root / "output/en/about/index.html").exists()

    (project.root / "source/about.md").unlink()
    result = project.ok("build")
    assert "5 removed" in result.out  # two pages, its compiled catalogue and its two rendered texts
    assert not (project.root / "output/fr/about").exists()
    assert (project.root / "output/fr/index.html").exists()


def test_a_project_template_replaces_the_built_in_one(make_project):
    project = make_project(languages=["fr"]).with_shipped("fr")
    with open(project.root / "pipeline.toml", "a", encoding="utf-8") as config:
        config.write('templates = "source/_templates"\n')
    project.write(
        "source/_templates/base.html",
        """\
        <!DOCTYPE html>
        <html lang="{{ lang.tag }}" dir="{{ lang.direction }}"><head><title>{% block title %}{% endblock %}</title>{% block head %}{% endblock %}</head>
        <body class="custom">{% block switcher %}{% endblock %}<main>{% block content %}{% endblock %}</main>
        <footer>{% trans %}Custom footer{% endtrans %}{% block footer %}{% endblock %}</footer></body></html>
        """,
    )
    result = project.ok("update")
    ui = {entry.msgid: entry for entry in read_po(project.root / "locales/ui.pot")}
    assert ui["Custom footer"].occurrences == [("source/_templates/base.html", "4")]
    assert "Skip to content" not in ui  # the built-in base.html is no longer used
    assert "locales/fr/LC_MESSAGES/ui.po: 1 new, 1 obsolete" in result.out
    project.ok("build")
    french = project.read("output/fr/index.html")
    assert '<body class="custom">' in french
    assert '<span lang="en">Custom footer</span>' in french


def every_file(root):
    """Every file under output/, build space included, with its bytes and modification time; and every folder."""
    output = root / "output"
    files = {
        str(path.relative_to(output)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }
    return files, sorted(str(path.relative_to(output)) for path in output.rglob("*") if path.is_dir())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_broken_catalogue_among_changed_ones_leaves_every_file_of_output_as_it_was(make_project, jobs):
    """Every changed catalogue of every language is read and checked before a file is written, build space too."""
    project = make_project(languages=["fr", "ar", "nl"]).with_shipped("fr", "ar", reviewed=True)
    project.ok("update")
    project.ok("build")
    before = every_file(project.root)
    # Changed catalogues in the languages before and after the broken one, which is not the first read.
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Our Mission").msgstr = "Notre belle mission"
    with editing(project.po("fr", "ui")) as catalogue:
        catalogue.find("All languages").msgstr = "Toutes les langues du site"
    with editing(project.po("nl", "mission")) as catalogue:
        catalogue.find("Our Mission").msgstr = "Onze missie"
    with editing(project.po("nl", "ui")) as catalogue:
        catalogue.find("All languages").msgstr = "Alle talen"
    path = project.po("ar", "ui")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = lines.index('msgid "All languages"') + 2
    lines[line - 1] = lines[line - 1].removesuffix('"')  # its translation's closing quote lost
    path.write_text("\n".join(lines), encoding="utf-8")

    result = project.run("build", "--jobs", jobs)
    assert result.status == 21, result.err
    assert result.err == (
        f"locales/ar/LC_MESSAGES/ui.po:{line}: error: unterminated string: the closing double quote is missing\n"
    )
    assert every_file(project.root) == before  # no compiled catalogue, rendered text, mark or temporary file

    path.write_text(text, encoding="utf-8")  # mended: the build goes through, with every change
    project.ok("build", "--jobs", jobs)
    assert '<h1 id="our-mission">Notre belle mission</h1>' in project.read("output/fr/index.html")
    assert not list((project.root / "output").rglob("*.tmp"))
    assert not (project.root / "output/.build/building").exists()


def test_a_first_build_that_fails_leaves_nothing_but_the_lock(make_project):
    project = make_project(languages=["fr", "ar", "nl"]).with_shipped("fr", "ar")
    project.ok("update")
    path = project.po("ar", "mission")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "مهمتنا"', 'msgstr "مهمتنا'), encoding="utf-8")
    before = every_file(project.root)  # what update left in build space (below)
    for jobs in ("1", "2"):
        result = project.run("build", "--jobs", jobs)
        assert result.status == 21 and result.err.startswith("locales/ar/LC_MESSAGES/mission.po:"), result.err
        assert every_file(project.root) == before
    memory = [".build/memory/ar.json", ".build/memory/fr.json", ".build/memory/nl.json"]  # update's translation memory
    # What update read of the documents and templates, by content; its record of merged catalogues; the tool's key.
    kept = [".build/document-messages.json", ".build/merged.json", ".build/template-texts.json", ".build/tool.json"]
    assert sorted(before[0]) == sorted([".build/lock", *memory, *kept])
    assert sorted(before[1]) == [".build", ".build/memory"]


def test_build_strict_refusing_writes_nothing(make_project):
    project = make_project(languages=["fr", "ar"]).with_shipped("fr", "ar")
    project.ok("build")
    before = every_file(project.root)
    with editing(project.po("fr", "mission")) as catalogue:
        entry = catalogue.find("87 partners united in ensuring Daesh’s enduring defeat")
        entry.msgstr = entry.msgstr.replace("87 ", "")  # a figure lost: an error
    with editing(project.po("ar", "mission")) as catalogue:
        catalogue.find("Our Mission").msgstr = "رسالتنا"
    result = project.run("build", "--strict")
    assert result.status == 1 and "translations with errors in fr (1)" in result.err
    assert every_file(project.root) == before
