"""Reading and writing PO files: strict errors with their line, GNU gettext's layout."""

from __future__ import annotations

import subprocess

import polib
import pytest

from conftest import REPOSITORY, msgfmt_check
from pipeline.errors import CatalogueError, CatalogueSyntaxError, HeaderError
from pipeline.pofile import parse_po, po_text, read_catalogue, read_po

FULL_HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: test\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
    '"Last-Translator: \\n"\n"Language-Team: \\n"\n"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('msgid "a\nmsgstr "b"\n', 6, "unterminated string"),
        ('msgid "a"\nmsgstr "b"\nfoo bar\n', 8, "syntax error: unexpected 'foo'"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6, "this message has no msgstr"),
        (
            'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',
            9,
            "duplicate message definition (first defined at line 6)",
        ),
        ('msgid "a\\q"\nmsgstr "x"\n', 6, "invalid escape sequence '\\q'"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[5] "y"\n', 9, "expected msgstr[1] here, found msgstr[5]"),
        (
            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n',
            6,
            "has 1 plural forms but the header's Plural-Forms says nplurals=2",
        ),
        ('msgid "a"b"\nmsgstr "x"\n', 6, "unexpected text after the string"),
        ('msgid "a"\nmsgstr[0] "x"\n', 7, "msgstr[N] is only for a message with msgid_plural"),
        ('msgstr "x"\n', 6, "msgstr without its msgid"),
        ('msgctxt "c"\nmsgstr "x"\n', 7, "msgstr before msgid"),
        ('msgid "a"\nmsgstr "x"\n"continued" junk\n', 8, "unexpected text after the string"),
    ],
)
def test_broken_catalogues_are_reported_with_their_line(body, line, message):
    with pytest.raises(CatalogueError) as caught:
        parse_po((HEADER + body).encode(), "fr.po")
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"fr.po:{line}: ")


def test_invalid_bytes_are_reported_with_their_line():
    data = (HEADER + 'msgid "a"\nmsgstr "caf').encode() + b"\xe9" + b'"\n'
    with pytest.raises(CatalogueError) as caught:
        parse_po(data, "fr.po")
    assert caught.value.line == 7
    assert "byte 0xe9 is not valid UTF-8" in caught.value.message


def test_other_charsets_bom_and_crlf_are_read_and_written_back_as_utf8():
    latin = HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "coffee"\nmsgstr "café"\n'
    catalogue = parse_po(latin.encode("iso-8859-1"), "fr.po")
    assert catalogue.find("coffee").msgstr == "café"
    assert "charset=UTF-8" in po_text(catalogue)

    arabic = HEADER.replace("UTF-8", "windows-1256") + 'msgid "Peace"\nmsgstr "سلام"\n'
    assert parse_po(arabic.encode("cp1256"), "ar.po").find("Peace").msgstr == "سلام"

    crlf = ("\ufeff" + HEADER + 'msgid "a"\nmsgstr "b"\n').replace("\n", "\r\n").encode("utf-8")
    catalogue = parse_po(crlf, "fr.po")
    assert catalogue.find("a").msgstr == "b"
    assert "\r" not in po_text(catalogue)


@pytest.mark.parametrize(
    ("line", "places"),
    [
        # As tools write them, every word a file and a line: the quick reading.
        ("a.md:1 b/c.md:12\tC:\\x.c:3", [("a.md", "1"), ("b/c.md", "12"), ("C:\\x.c", "3")]),
        ("a.md:007 b.md:0", [("a.md", "7"), ("b.md", "0")]),  # GNU gettext reads the number
        ("lib:io.c:5", [("lib:io.c", "5")]),  # the last colon ends the file's name
        # Anything else word by word, as GNU gettext reads it: a file alone, spaced colons.
        ("a.md b.md:2", [("a.md", ""), ("b.md", "2")]),
        ("a.md : 3 b.md :4 c.md: 5", [("a.md", "3"), ("b.md", "4"), ("c.md", "5")]),
        (":a.md:1 a.md:1x a.md:\u0663", [(":a.md", "1"), ("a.md:1x", ""), ("a.md:\u0663", "")]),
    ],
)
def test_references_are_read_as_gnu_gettext_reads_them(line, places):
    catalogue = parse_po(f'#: {line}\nmsgid "a"\nmsgstr "b"\n'.encode(), "fr.po")
    assert catalogue[0].occurrences == places


def test_every_part_of_an_entry_survives_a_round_trip(tmp_path):
    text = (
        "# French translation.\n#\n"
        + FULL_HEADER
        + "# a translator's note\n#   indented note\n#. extracted\n#: a.md:1 b.md\n#, fuzzy, python-format\n"
        + '#| msgctxt "old context"\n#| msgid "old"\nmsgctxt "menu"\nmsgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
        + 'msgstr[0] "%(n)s fichier"\nmsgstr[1] "%(n)s fichiers"\n\n'
        + '# kept\n#, fuzzy\n#~| msgid "older"\n#~ msgid "gone"\n#~ msgstr "parti"\n'
    )
    catalogue = parse_po(text.encode(), "fr.po")
    entry = catalogue[0]
    assert entry.tcomment == "a translator's note\n  indented note"
    assert entry.comment == "extracted"
    assert entry.occurrences == [("a.md", "1"), ("b.md", "")]
    assert entry.flags == ["fuzzy", "python-format"]
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("old context", "old")
    assert entry.msgctxt == "menu" and entry.msgstr_plural == {0: "%(n)s fichier", 1: "%(n)s fichiers"}
    gone = catalogue[1]
    assert gone.obsolete and gone.msgstr == "parti" and gone.previous_msgid == "older" and gone.tcomment == "kept"
    assert po_text(catalogue) == text
    written = tmp_path / "fr.po"
    written.write_text(po_text(catalogue), encoding="utf-8")
    msgfmt_check(written)


TRICKY = [
    "The Global Coalition against Daesh was formed in September 2014 and is unique in its membership, scope and commitment.",
    "A line with a\nnewline in the middle that is long enough to need wrapping on its second line for sure, yes.",
    "Daesh’s use of social media tied to acts of terrorism is well-documented; co-operation is co-led by x-y-z.",
    "https://example.org/a-very-long-url/that/does/not/fit/on/one/line/at/all/because/it/is/long/really",
    "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaaa (UNDP) 1,234.5 50% $100 more",
    "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaa ( bracketed words ) and more",
    "中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文。中文",
    "تلتزم الدول الأعضاء السبعة والثمانون في التحالف بمواجهة التنظيم على جميع الجبهات، بما في ذلك تفكيك شبكاته والتصدي",
    'Quotes "inside" and a backslash \\ and a tab\tbetween words, which the layout escapes before it wraps them.',
]


def test_layout_is_the_one_gnu_msgcat_writes(tmp_path):
    catalogue = parse_po(HEADER.encode(), "t.po")
    for number, text in enumerate(TRICKY):
        catalogue.append(
            polib.POEntry(msgid=text, msgstr=text[::-1], occurrences=[(f"source/doc{number}.md", "12")] * 5)
        )
    catalogue.append(polib.POEntry(msgid="old", msgstr=TRICKY[0], obsolete=True, previous_msgid=TRICKY[2]))
    ours = tmp_path / "ours.po"
    ours.write_text(po_text(catalogue), encoding="utf-8")
    gnu = subprocess.run(["msgcat", str(ours)], capture_output=True, text=True, check=True).stdout
    assert po_text(catalogue) == gnu


def test_shipped_catalogues_are_in_gnu_layout():
    paths = sorted((REPOSITORY / "locales").rglob("*.po")) + sorted((REPOSITORY / "locales").glob("*.pot"))
    assert paths
    for path in paths:
        gnu = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
        assert po_text(read_po(path)) == gnu, path


# ------------------------------------------------------------------ malformed escapes and plural expressions

ESCAPE_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'


@pytest.mark.parametrize(
    ("escape", "said"),
    [
        ("\\xz", "'\\x' in a string: hex digits must follow it"),  # what msgfmt calls an invalid control sequence
        ("\\x", "'\\x' in a string: hex digits must follow it"),
        ("\\x110000", "'\\x110000' in a string: beyond U+10FFFF"),
        ("\\x7fffffff", "'\\x7fffffff' in a string: beyond U+10FFFF"),
        ("\\xDaech", "'\\xDaec' in a string: not a character"),  # a surrogate: found by mutation fuzzing
        ("\\777", "'\\777' in a string: beyond \\377"),
        ("\\u0041", "'\\u' in a string"),
        ("\\q", "'\\q' in a string"),
    ],
)
def test_a_malformed_escape_is_the_files_own_error_at_its_line(escape, said):
    with pytest.raises(CatalogueSyntaxError) as raised:
        parse_po((ESCAPE_HEADER + f'msgid "a"\nmsgstr ""\n"b{escape}"\n').encode(), "px.po")
    assert (str(raised.value.path), raised.value.line, raised.value.exit_status) == ("px.po", 8, 21)
    assert said in raised.value.message


@pytest.mark.parametrize(("escape", "value"), [("\\x41", "A"), ("\\x41BC", "\u41bc"), ("\\101", "A"), ("\\377", "ÿ")])
def test_well_formed_escapes_read_as_gnu_reads_every_hex_digit(escape, value):
    (entry,) = parse_po((ESCAPE_HEADER + f'msgid "a"\nmsgstr "{escape}"\n').encode(), "px.po")
    assert entry.msgstr == value


@pytest.mark.parametrize("expression", ["n%0", "n/0", "(n%10)/(n%10)>0", "(n/(n-1))>1"])
def test_a_plural_expression_that_can_divide_by_zero_is_refused_as_msgfmt_check_refuses_it(tmp_path, expression):
    path = tmp_path / "fr.po"
    header = ESCAPE_HEADER.replace(
        '"Language: fr\\n"\n', f'"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural={expression};\\n"\n'
    )
    path.write_text(header + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    gnu = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert gnu.returncode != 0 and "division by zero" in gnu.stderr
    with pytest.raises(HeaderError) as raised:
        read_catalogue(path, "locales/fr/LC_MESSAGES/fr.po", "fr")
    assert raised.value.exit_status == 23 and raised.value.line == 1
    assert "can divide by zero" in raised.value.message


def test_a_broken_escape_stops_a_build_with_one_line_and_exit_21(make_project):
    project = make_project(languages=["fr"])
    project.ok("update")
    path = project.po("fr", "mission")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('msgid "Our Mission"\nmsgstr ""', 'msgid "Our Mission"\nmsgstr "Notre\\xmission"'), "utf-8"
    )
    line = path.read_text(encoding="utf-8").split("\n").index('msgstr "Notre\\xmission"') + 1
    before = project.snapshot("output")
    result = project.run("build")
    assert result.status == 21
    assert result.err == (
        f"locales/fr/LC_MESSAGES/mission.po:{line}: error: invalid escape sequence '\\x' in a string: "
        "hex digits must follow it\n"
    )
    assert project.snapshot("output") == before
