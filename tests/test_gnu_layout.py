"""Catalogues in GNU gettext's layout, byte for byte, and what GNU gettext reads, read.

``msgcat --to-code=UTF-8`` is the reference for the layout: every catalogue
of the real-world corpus and every focused case below is run through it here,
on the fly, and our text must be its text. ``msgfmt --check`` is the judge of
what a catalogue may be.
"""

from __future__ import annotations

import random
import re
import subprocess
import time
from pathlib import Path

import polib
import pytest

from conftest import REPOSITORY, msgfmt_check
from pipeline.catalogue import CatalogueResult, merge
from pipeline.errors import CatalogueEncodingError, HeaderError, PluralFormsError
from pipeline.languages import language
from pipeline.pofile import nplurals_of, parse_po, po_text, read_catalogue, read_po, written_differently

SHARED = REPOSITORY.parent / "shared" / "realworld-catalogues"
CATALOGUES = sorted(SHARED.glob("*.po")) + sorted((REPOSITORY / "tests/data/catalogues").glob("*.po"))
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="the real-world catalogues are not beside this checkout")

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def msgcat(path: Path) -> str:
    result = subprocess.run(["msgcat", "--to-code=UTF-8", str(path)], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def gnu_layout(text: str, tmp_path: Path) -> str:
    path = tmp_path / "gnu.po"
    path.write_text(text, encoding="utf-8")
    return msgcat(path)


def ours(text: str) -> str:
    return po_text(parse_po(text.encode("utf-8"), "ours.po"))


def quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def msgfmt_verdict(path: Path) -> tuple[int, list[str]]:
    """msgfmt --check's exit status and messages, without the file name and line numbers (layouts differ)."""
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    messages = [re.sub(r"^.*?:\d+: ", "", line) for line in result.stderr.splitlines()]
    return result.returncode, sorted(message for message in messages if message.strip())


# ------------------------------------------------------------------ real catalogues


@pytest.mark.parametrize("path", CATALOGUES, ids=[path.name for path in CATALOGUES])
def test_our_text_is_msgcats_passes_msgfmt_as_the_original_did_and_reads_back_the_same(path: Path, tmp_path):
    text = po_text(read_po(path))
    assert text == msgcat(path)
    written = tmp_path / path.name
    written.write_text(text, encoding="utf-8")
    verdict = msgfmt_verdict(written)
    if verdict != (0, []):
        # Warnings about the header as published, or (debhandbook-ar-MA-solvingproblems, sphinx-fa,
        # wagtail-admin-tr) translation errors: the original's, no more (a clean file needs no comparison).
        assert verdict == msgfmt_verdict(path)
    assert po_text(read_po(written)) == text


@needs_shared
def test_the_corpus_is_all_there():
    assert len(CATALOGUES) >= 71


# ------------------------------------------------------------------ where lines break

URL = "If you think there should be something here, please [submit an issue](https://gitlab.com/fdroid/issues)."
CASES = {
    # libunistring breaks after "/" before a letter but not inside "://": the URL moves whole.
    "url": (URL, '"(https://gitlab.com/fdroid/issues)."'),
    # No break before a closing quotation mark or bracket, even after a slash.
    "closing quote": (
        "Warning: Schema “%s” has path “%s”.  Paths starting with “/apps/”, “/desktop/” or “/system/” are deprecated.",
        '"desktop/” or “/system/” are deprecated."',
    ),
    "closing guillemet": (
        "Предупреждение: схема «%s» содержит путь «%s». Пути, начинающиеся с «/apps/», «/desktop/» или «/system/».",
        '"apps/», «/desktop/» или «/system/»."',
    ),
    # A break after a hyphen before a letter, never between two hyphens.
    "hyphens": ("aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaa --verbose-mode-on", '"mode-on"'),
    # No break just before the \n that ends a string: the last word goes along.
    "final newline": ("aaaaaaaaa " * 7 + "aaaaa.\n", '"aaaaa.\\n"'),
    # No break inside an escape sequence (\\ is two characters that could part).
    "escapes": ('aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa a C:\\\\server\\share "quoted"', None),
    # Ideographs break anywhere but before closing punctuation; each counts two columns.
    "cjk": ("警告：模式“%s”的路径为“%s”。以“/apps/”、“/desktop/”或“/system/”开头的路径已弃用。" * 2, None),
    "japanese": ("ファイル「%s」を開けませんでした。ファイルが存在するか確認してください。ー々ぁ" * 2, None),
    # Arabic: breaks after spaces, the Arabic comma is no break of its own; vowel signs count no column.
    "arabic": (
        "تلتزم الدول الأعضاء السبعة والثمانون في التحالف بمواجهة التنظيم على جميع الجبهات، بما في ذلك تفكيك شبكاته",
        None,
    ),
    "arabic vowels": ("بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ " * 6, None),
    "persian": (
        "این پرونده\u200cها را نمی\u200cتوان باز کرد؛ لطفاً دوباره تلاش کنید و اگر مشکل ادامه داشت گزارش دهید.",
        None,
    ),
    # Hebrew letters break as letters (found without the rules one by one), but after a hyphen, a maqaf
    # or a solidus that follows them (LB21a, LB21b).
    "hebrew": ("הקואליציה הבינלאומית נגד דאעש מחויבת להתמודד עם הארגון בכל החזיתות, כולל פירוק רשתותיו " * 2, None),
    "hebrew niqqud": ("בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ " * 4, None),
    "hebrew hyphens": ("הקואליציה הבינלאומית נגד דאעש-מחויבת להתמודד עם־הארגון בכל החזיתות/כולל פירוק " * 2, None),
    # A word longer than a line stays whole, on a line of its own.
    "long word": ("See " + "x" * 90 + " for details, and the rest of the sentence after it.", '"' + "x" * 90 + ' "'),
    "leading spaces": ("      " + "indented " * 12, None),
    "tabs and quotes": ('Press\t"OK"\tthen\t"Cancel"\t' * 5, None),
    "many lines": (
        "first line\nsecond line that is long enough to be wrapped by the writer at seventy-nine\n\nlast",
        None,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_break_rule_is_msgcats(case, tmp_path):
    text, line = CASES[case]
    po = HEADER + f'msgid "{quoted(text)}"\nmsgstr ""\n\n#, no-wrap\nmsgid "{quoted(text)} (kept)"\nmsgstr ""\n'
    written = ours(po)
    assert written == gnu_layout(po, tmp_path)
    if line is not None:
        assert line in written.split("\n")


def test_no_wrap_keeps_lines_whole_but_still_cuts_after_newlines(tmp_path):
    po = HEADER + f'#, no-wrap\nmsgid "{quoted(URL * 2)}\\n{quoted(URL)}"\nmsgstr ""\n'
    written = ours(po)
    assert written == gnu_layout(po, tmp_path)
    assert f'"{quoted(URL * 2)}\\n"\n"{quoted(URL)}"' in written


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # Each one breaks inside the directive if it is not kept whole (checked below).
        ("python-format", "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaa %(user-name)s bbb"),
        ("c-format", "a" * 71 + " x%+dy tail"),
        ("c-format", "a" * 71 + " x% dy tail"),
        ("c-format", "a" * 72 + " x%%y tail"),
        ("javascript-format", "a" * 71 + " x%+dy tail"),
        # GNU gettext 0.21 keeps the start of the string whole, as long as the shortest directive.
        ("python-brace-format", "a " + "b" * 80 + " {user.name} " + "c " * 10),
    ],
)
def test_format_directives_stay_whole_as_gnu_keeps_them(flag, text, tmp_path):
    po = HEADER + f'#, {flag}\nmsgid "{quoted(text)}"\nmsgstr "{quoted(text)}"\n'
    assert ours(po) == gnu_layout(po, tmp_path)
    without_flag = po.replace(f"#, {flag}\n", "")
    assert ours(without_flag) == gnu_layout(without_flag, tmp_path) != ours(po).replace(f"#, {flag}\n", "")


PIECES = ["%s", "%d", "% d", "%+d", "%1$s", "%%", "%(name)s", "%(user-name)s", "{0}", "{user.name}", "{x:>10}", "{{",
          "word", "a", "ccc", "https://example.org/a/b", "x-y", "--", "—", "«", "»", "“", "”", "(", ")", "中文", "。",
          "عربي", "،", "\u200c", "é", " ", " ", "  ", ".", ",", ":", "!", '"', "\\", "\t", "\n", "/", "1234", "$", "…",
          "\u00a0", "\u2028", "\u0301", "\u200d", "\U0001f1e6\U0001f1e7", "\u05d0-", "\u200b", "\x1b", "가각",
          "wordwordwordwordwordwordwordwordwordwordword"]  # fmt: skip
FLAGS = [[], ["c-format"], ["python-format"], ["python-brace-format"], ["javascript-format"], ["no-wrap"],
         ["fuzzy", "c-format"], ["python-format", "python-brace-format"], ["no-c-format"]]  # fmt: skip


@pytest.mark.parametrize("seed", range(3))
def test_random_entries_from_awkward_pieces_are_laid_out_as_msgcat_does(seed, tmp_path):
    rng = random.Random(seed)
    po = HEADER
    for number in range(150):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        flags = rng.choice(FLAGS)
        prefix = "#~ " if rng.random() < 0.1 else ""
        po += f"#, {', '.join(flags)}\n" if flags else ""
        po += f'{prefix}msgctxt "{number}"\n{prefix}msgid "{quoted(text)}"\n{prefix}msgstr "{quoted(text[::-1])}"\n\n'
    assert ours(po) == gnu_layout(po, tmp_path)


# ------------------------------------------------------------------ flags, references, obsolete entries


def test_flags_come_in_gnus_order_and_translators_own_flags_survive(tmp_path):
    po = HEADER + (
        "#, my-flag, c-format, fuzzy, range: 1..5, wrap, possible-python-format, max-length:80\n"
        'msgid "a %s"\nmsgstr "b %s"\n\n'
        "#, fuzzy, impossible-c-format, ignore-length\n"
        'msgid "empty"\nmsgstr ""\n\n'
        "#, fuzzy c-format\n"  # GNU gettext also separates flags by spaces
        'msgid "spaced %d"\nmsgstr "espacé %d"\n\n'
        '#, placeholders:"%s of %s", no-wrap\n'  # a Weblate flag with a quoted value stays whole
        'msgid "placed"\nmsgstr "placé"\n\n'
        "#, fuzzy, range: 1..3, no-wrap, python-format, my-flag\n"
        '#~ msgid "old"\n#~ msgstr "vieux"\n'
    )
    written = ours(po)
    assert "#, fuzzy, c-format, python-format, range: 1..5, my-flag, max-length:80\n" in written
    assert '#, ignore-length\nmsgid "empty"' in written  # no fuzzy on an untranslated entry, as msgcat
    assert '#, fuzzy, c-format\nmsgid "spaced %d"' in written
    assert '#, no-wrap, placeholders:"%s of %s"\n' in written
    assert "#, fuzzy, python-format, no-wrap, my-flag\n#~ msgid" in written  # no range on an obsolete entry
    # The one deliberate difference from msgcat: it drops flags it does not know; translators' survive here.
    own = re.compile(r', (?:my-flag|max-length:80|ignore-length|placeholders:"%s of %s")|(?<=#), ignore-length')
    assert own.sub("", written).replace("#\n", "") == gnu_layout(po, tmp_path)
    assert po_text(parse_po(written.encode(), "again.po")) == written


def test_lone_empty_comment_lines_and_invalid_ranges_are_as_msgcat_has_them(tmp_path):
    po = (
        "#\n"
        + HEADER
        + '#\n#.\n#, range: 3..1, range: 2..4\nmsgid "a"\nmsgstr "b"\n\n# x\n#\n#.\n#. y\nmsgid "c"\nmsgstr ""\n'
    )
    written = ours(po)
    assert written == gnu_layout(po, tmp_path)
    assert written.startswith("#\nmsgid") and '#\n#.\n#, range: 2..4\nmsgid "a"' in written
    assert po_text(parse_po(written.encode(), "again.po")) == written


def test_references_once_each_without_a_leading_dot_slash_and_wrapped_at_79(tmp_path):
    po = HEADER + (
        "#: a.md:1 ./b.md:2 a.md:1 c.md d.md:007 e.md : 5 f.md: 6 g.md :7\n#: my file.md:3\n"
        + "#: " + " ".join(f"source/documents/a-rather-long-name-{number}.md:{number}" for number in range(6)) + "\n"
        + 'msgid "a"\nmsgstr "b"\n'
    )  # fmt: skip
    written = ours(po)
    assert written == gnu_layout(po, tmp_path)
    # A file name with a space is two places to GNU gettext 0.21 ("my", and "file.md" line 3), written back as read.
    assert "#: a.md:1 b.md:2 c.md d.md:7 e.md:5 f.md:6 g.md:7 my file.md:3\n#: source/documents/" in written
    assert all(len(line) <= 79 for line in written.split("\n") if line.startswith("#:"))


def test_obsolete_entries_without_a_translation_are_dropped_as_msgcat_drops_them(tmp_path):
    po = HEADER + (
        '# kept\n#~| msgid "older"\n#~ msgid "gone"\n#~ msgstr "parti"\n\n'
        '# nothing to bring back\n#~ msgid "empty"\n#~ msgstr ""\n\n'
        '#~ msgid "plural"\n#~ msgid_plural "plurals"\n#~ msgstr[0] ""\n#~ msgstr[1] "some"\n'
    )
    written = ours(po)
    assert written == gnu_layout(po, tmp_path)
    assert '#~| msgid "older"' in written and '"empty"' not in written and '"plurals"' not in written


# What changes the text of a catalogue (its entries' translations and places: written_differently says so
# without laying it out), and what does not (the same places said another way, no plural form at all).
_CHANGES = {
    "translation": lambda entry, rng: setattr(entry, "msgstr", entry.msgstr + rng.choice([" ", "x", '"', "\\n"])),
    "plural form": lambda entry, rng: entry.msgstr_plural.update({0: entry.msgstr_plural.get(0, "") + "x"}),
    "place moved": lambda entry, rng: setattr(
        entry, "occurrences", [(where, str(int(line or 0) + 1)) for where, line in entry.occurrences] or [("a", "1")]
    ),
    "place added": lambda entry, rng: entry.occurrences.append(("new.md", str(rng.randrange(1, 999)))),
    "comment": lambda entry, rng: setattr(entry, "tcomment", (entry.tcomment or "") + " x"),
    "flag": lambda entry, rng: entry.flags.append("no-wrap" if "no-wrap" not in entry.flags else "c-format"),
}
_SAME_TEXT = {
    "place again": lambda entry, rng: entry.occurrences.extend(entry.occurrences[:1]),
    "place with ./": lambda entry, rng: setattr(
        entry, "occurrences", [("./" + where, line) for where, line in entry.occurrences]
    ),
    "no form": lambda entry, rng: entry.msgstr_plural.clear() if entry.msgstr_plural == {0: ""} else None,
}


@pytest.mark.parametrize("path", CATALOGUES[::3], ids=[path.name for path in CATALOGUES[::3]])
def test_a_catalogue_is_known_to_be_written_differently_only_when_its_text_differs(path: Path):
    """``update`` leaves out laying out the catalogue as read when ``written_differently`` says the
    merged one differs: it must never say so of two catalogues with the same text."""
    original = read_po(path)
    original_text = po_text(original)
    rng = random.Random(path.name)
    written = [entry for entry in original if not entry.obsolete]
    for name, change in [*_CHANGES.items(), *_SAME_TEXT.items()]:
        for _ in range(2):
            copy = read_po(path)
            entries = [entry for entry in copy if not entry.obsolete]
            if not entries:
                continue
            index = rng.randrange(len(entries))
            if name in ("plural form", "no form") and not written[index].msgid_plural:
                continue
            if name == "translation" and written[index].msgid_plural:
                continue
            change(entries[index], rng)
            differs = po_text(copy) != original_text
            said = written_differently(copy, original)
            assert not said or differs, f"{name}: said to differ, the same text"
            if name in _SAME_TEXT:
                assert not differs and not said, name
            elif name in ("translation", "plural form", "place moved", "place added"):
                assert said and differs, name  # what update relies on to skip the layout


# ------------------------------------------------------------------ the header


HEADER_OF_EVERYTHING = """\
# Translator comment
#
#. extracted header comment
#: somefile.c:12 other.c ./lib/x.c:3
#, fuzzy, no-wrap, c-format, my-header-flag
#| msgid "old"
msgid ""
msgstr ""
"Project-Id-Version: x\\n"
"Language: fr \\n"
"Language: de\\n"
"garbage line\\n"
"\\n"
"X-Custom:   spaced  \\n"
"Report-Msgid-Bugs-To: https://bugzilla.example.org/enter_bug.cgi?product=glib&keywords=I18N+L10N\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"Last: no newline"

msgid "a"
msgstr "b"
"""


def test_nothing_of_a_header_is_lost(tmp_path):
    written = ours(HEADER_OF_EVERYTHING)
    own_flag = written.replace(", my-header-flag", "")
    assert own_flag == gnu_layout(HEADER_OF_EVERYTHING, tmp_path)
    catalogue = parse_po(HEADER_OF_EVERYTHING.encode(), "fr.po")
    # GNU gettext looks a field up by its first line.
    assert catalogue.metadata["Language"] == "fr" and catalogue.metadata["X-Custom"] == "spaced"
    assert catalogue.metadata_is_fuzzy and catalogue.header == "Translator comment\n"


def test_fields_changed_through_metadata_are_written_in_place(tmp_path):
    catalogue = parse_po(HEADER_OF_EVERYTHING.encode(), "fr.po")
    catalogue.metadata["Plural-Forms"] = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
    catalogue.metadata["POT-Creation-Date"] = "2026-02-03 04:05+0000"
    del catalogue.metadata["X-Custom"]
    written = po_text(catalogue)
    assert '"Language: fr \\n"\n"Language: de\\n"\n"garbage line\\n"\n"\\n"\n"Report-Msgid-Bugs-To:' in written
    assert '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"\n"Last: no newline\\n"\n' in written
    assert written.endswith('"POT-Creation-Date: 2026-02-03 04:05+0000\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    assert "X-Custom" not in written
    assert gnu_layout(written, tmp_path) == written.replace(", my-header-flag", "")


def test_the_header_survives_a_merge_with_a_template():
    catalogue = parse_po(HEADER_OF_EVERYTHING.encode(), "fr.po")
    template = polib.POFile()
    template.metadata = {"POT-Creation-Date": "2026-05-06 07:08+0000"}
    template.append(polib.POEntry(msgid="a"))
    merged = merge(template, catalogue, 2, CatalogueResult(Path("fr.po"), language("fr"), "mission"))
    written = po_text(merged)
    head = written[: written.index('msgid ""')]
    assert head == po_text(catalogue)[: len(head)]  # comments, references, flags, previous text
    assert (
        '"Language: fr \\n"\n"Language: de\\n"' in written
        and '"POT-Creation-Date: 2026-05-06 07:08+0000\\n"' in written
    )


def test_a_catalogue_without_a_header_is_written_without_one(tmp_path):
    po = 'msgid "a"\nmsgstr "b"\n'
    assert ours(po) == gnu_layout(po, tmp_path) == po


# ------------------------------------------------------------------ what GNU gettext reads


PLURAL = 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "{0}"\nmsgstr[1] "{1}"\n'
NO_PLURAL_FORMS = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: t\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
    '"Last-Translator: \\n"\n"Language-Team: \\n"\n"Language: nl\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n'
)


def test_plural_entries_without_plural_forms_are_read_with_gnus_default_of_two(tmp_path):
    path = tmp_path / "nl.po"
    path.write_text(NO_PLURAL_FORMS + PLURAL.format("", ""), encoding="utf-8")
    msgfmt_check(path)  # untranslated: GNU gettext takes it as it is
    catalogue = read_catalogue(path, "nl.po", "nl")
    assert nplurals_of(catalogue) is None  # the checks warn: the file does not say
    assert len(catalogue[0].msgstr_plural) == 2
    # Translated too (msgfmt compiles it; only --check asks for the line, which the checks report).
    path.write_text(NO_PLURAL_FORMS + PLURAL.format("%d bestand", "%d bestanden"), encoding="utf-8")
    assert read_catalogue(path, "nl.po", "nl")[0].msgstr_plural == {0: "%d bestand", 1: "%d bestanden"}
    path.write_text(NO_PLURAL_FORMS + PLURAL.format("a", "b") + 'msgstr[2] "c"\n', encoding="utf-8")
    with pytest.raises(PluralFormsError, match="3 plural forms but GNU gettext's default is nplurals=2"):
        read_po(path)


@needs_shared
@pytest.mark.parametrize("name", ["glib-ku.po", "glib-ps.po"])
def test_glibs_catalogues_without_plural_forms_are_read(name):
    catalogue = read_catalogue(SHARED / name, name, name[5:7])
    assert nplurals_of(catalogue) is None
    assert any(len(entry.msgstr_plural) == 2 for entry in catalogue)


def test_a_template_with_gnus_placeholder_plural_forms_is_read(tmp_path):
    template = tmp_path / "messages.pot"
    template.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n' + PLURAL.format("", ""),
        encoding="utf-8",
    )
    catalogue = read_po(template)
    assert nplurals_of(catalogue) is None and catalogue[0].msgstr_plural == {0: "", 1: ""}
    assert po_text(catalogue) == msgcat(template)
    # A translator's catalogue must say how many forms: refused, as msgfmt --check refuses it.
    with pytest.raises(HeaderError, match="nplurals=INTEGER"):
        read_catalogue(template, "fr.po", "fr")


def test_a_utf8_file_whose_header_says_latin1_is_refused_on_the_charset_line(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    path = project.po("fr", "mission")
    text = path.read_text(encoding="utf-8").replace(
        'msgid "Our Mission"\nmsgstr ""', 'msgid "Our Mission"\nmsgstr "Notre mission à nous"'
    )
    text = text.replace("charset=UTF-8", "charset=ISO-8859-1")
    path.write_text(text, encoding="utf-8")  # the editor saved UTF-8 and left the header alone
    line = text[: text.index("charset=")].count("\n") + 1
    files = project.snapshot()
    for command in ("update", "build", "status"):
        result = project.run(command)
        assert result.status == CatalogueEncodingError.exit_status == 20, (command, result.err)
        assert result.err == (
            f"locales/fr/LC_MESSAGES/mission.po:{line}: error: the file is UTF-8 but its header says "
            "charset=ISO-8859-1; change it to charset=UTF-8\n"
        )
        assert project.snapshot() == files
    path.write_text(text.replace("charset=ISO-8859-1", "charset=UTF-8"), encoding="utf-8")
    project.ok("update")


def test_genuine_legacy_files_are_still_read(tmp_path):
    latin = HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "coffee"\nmsgstr "café"\n'
    assert parse_po(latin.encode("iso-8859-1"), "fr.po").find("coffee").msgstr == "café"
    ascii_only = HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "a"\nmsgstr "b"\n'
    assert parse_po(ascii_only.encode(), "fr.po").find("a").msgstr == "b"  # valid UTF-8, but nothing to misread
    with pytest.raises(CatalogueEncodingError, match="the file is UTF-8 but its header says charset=ASCII"):
        parse_po((HEADER.replace("UTF-8", "ASCII") + 'msgid "a"\nmsgstr "é"\n').encode(), "fr.po")


@needs_shared
@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("glib2002-fr-latin1.po", "caractères"),
        ("glib2002-tr-latin5.po", "dönüşüm"),
        ("glib2006-ja-eucjp.po", "ディレクトリ"),
        ("sphinx-zh_TW.Big5.po", None),  # named for Big5, declared and written in UTF-8
    ],
)
def test_the_legacy_catalogues_of_the_corpus_are_read(name, word):
    catalogue = read_po(SHARED / name)
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"  # as it is written back
    assert word is None or any(word in entry.msgstr for entry in catalogue)


# ------------------------------------------------------------------ long texts


def test_long_texts_are_laid_out_in_linear_time():
    """Pathological strings (backslashes, directives, one long word) cost no more per character when longer."""

    def seconds(size: int) -> float:
        catalogue = polib.POFile()
        for number, piece in enumerate(["\\\\ ", "%s%d ", "{a}{b} ", "x", "中文。", "word - ", "\u0301a "]):
            flags = ["c-format"] if "%" in piece else ["python-brace-format"] if "{" in piece else []
            catalogue.append(polib.POEntry(msgid=f"{number}", msgstr=piece * (size // len(piece)), flags=flags))
        started = time.process_time()
        po_text(catalogue)
        return time.process_time() - started

    small, large = min(seconds(20_000) for _ in range(2)), min(seconds(80_000) for _ in range(2))
    assert large / max(small, 1e-3) < 8  # linear: about 4; quadratic: 16


def test_the_line_break_table_is_what_its_generator_makes():
    """``pipeline/_linebreak_data.py`` is generated (``python -m pipeline.linebreak``): kept in step with the code."""
    import unicodedata

    uniseg = pytest.importorskip("uniseg", reason="uniseg (the generator's source of classes) is not installed")
    if unicodedata.unidata_version != "14.0.0" or not uniseg.unidata_version.startswith("16."):
        pytest.skip("the table is made with Unicode 14.0 (Python 3.11) and uniseg 0.10 (Unicode 16.0)")
    from pipeline import linebreak

    table = linebreak._table()
    codes = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 17)]
    wrong = [code for code in codes if table[code] != linebreak._class_of(code) | linebreak._width_of(code) << 6]
    assert not wrong, [hex(code) for code in wrong[:10]]
