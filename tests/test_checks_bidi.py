"""The ``bidi`` check, called directly: what can hide or reorder text is an error, ordinary marks are not.

The cases are modelled on the real catalogues in ``../shared/realworld-catalogues`` (GNOME's Persian and
Arabic translators keep a Latin word, a command or a placeholder in place with marks and balanced
embeddings); the strings are this file's own. The last tests read those catalogues, when they are there.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from check_helpers import fails, messages, passes

from pipeline import api
from pipeline.checks.bidi import bidi

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
ZWNJ = "\u200c"

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld-catalogues"


@pytest.mark.parametrize(
    ("lang", "source", "translation"),
    [
        # A mark after a quoted placeholder, before the colon that follows it (glib-fa, glib-ar).
        ("fa", "Cannot open “%s”: %s", f"باز کردن «{LRM}%s»{RLM}: %s ممکن نیست"),
        ("ar", "Cannot read '%s': %s", f"لا يمكن قراءة '%s'{RLM}: %s"),
        # A mark at the start, so that a text beginning with a placeholder or a Latin name reads right to left.
        ("fa", "%s copied", f"{RLM}%s کپی شد"),
        ("fa", "GNOME is running", f"{RLM}GNOME در حال اجراست"),
        ("ar", "Use the %s option", f"استخدم الخيار {ALM}%s"),
        # Balanced embeddings and isolates around a command, an address, a figure or a time (glib-fa, fdroid-fa).
        ("fa", "Use --verbose for details.", f"برای جزئیات از {LRE}--verbose{PDF} استفاده کنید."),
        ("fa", "Call +1 555 0100", f"تماس: {LRE}+1 555 0100{PDF}"),
        ("fa", "%H:%M:%S", f"{LRI}%OH:%OM:%OS{PDI}"),
        ("ps", "%I:%M %p", f"{RLE}%I:%M %p{PDF}"),
        ("fa", "Open smb://host/share/a.txt", f"باز کردن {LRE}smb://host/share/a.txt{PDF}"),
        ("ar", "Start Server", f"{RLE}Server بدء التشغيل{PDF}"),
        ("fa", "A mark: \\q", f"نشانهٔ {LRE}\\{PDF}q{LRE}{PDF}"),  # empty pairs do nothing
        # An isolate closes the embeddings opened inside it (UAX #9, X6a): nothing runs on.
        ("ar", "Name (id)", f"{RLI}الاسم {LRE}(id){PDI}"),
        # A mark next to a zero-width non-joiner is no worse than the non-joiner alone.
        ("fa", "methods", f"روش{LRM}{ZWNJ}ها"),
    ],
)
def test_marks_and_balanced_controls_in_right_to_left_text_pass(lang, source, translation):
    assert passes(bidi, source, translation, lang=lang, markup="plain")


def test_overrides_are_errors_even_balanced_and_even_when_the_source_has_them():
    found = fails(bidi, "The UNDP supports it.", f"يدعمه {RLO}UNDP{PDF} برنامج.", lang="ar")
    assert found == [("error", f"U+202E RIGHT-TO-LEFT OVERRIDE reverses the letters it holds: {REMOVE}")]
    assert messages(bidi, f"a {LRO}b{PDF}", f"آ {LRO}ب{PDF}", lang="fa") == [
        f"U+202D LEFT-TO-RIGHT OVERRIDE reverses the letters it holds: {REMOVE}"
    ]


REMOVE = "remove it (a mark, U+200E or U+200F, keeps a word in its place)"
NEVER_CLOSED = "is never closed: it runs on into the text the page puts after this one"


@pytest.mark.parametrize(
    ("translation", "control"),
    [
        (f"هشدار{LRE}:", "U+202A LEFT-TO-RIGHT EMBEDDING"),  # allauth-ar: an LRE where an LRM was meant
        (f"{RLE}%(num)d سال", "U+202B RIGHT-TO-LEFT EMBEDDING"),  # django-ckb
        (f"پس از {LRE}(?( نیامد", "U+202A LEFT-TO-RIGHT EMBEDDING"),  # glib-fa
        (f"ساعت {LRI}%H:%M", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        (f"{FSI}%s را باز کن", "U+2068 FIRST STRONG ISOLATE"),
    ],
)
def test_an_embedding_or_isolate_left_open_is_an_error(translation, control):
    (message,) = messages(bidi, "Warning:", translation, lang="fa", markup="plain")
    assert message.startswith(f"{control} {NEVER_CLOSED}")


@pytest.mark.parametrize(
    ("translation", "control"),
    [
        (f"از «%s help{PDF}» استفاده کنید", "U+202C POP DIRECTIONAL FORMATTING"),  # glib-fa: a stray PDF
        (f"{PDI}%Oy/%Om/%Od{PDI}", "U+2069 POP DIRECTIONAL ISOLATE"),  # glib-fa: PDI where LRI was meant
        (f"{LRI}الف{PDF}{PDI}", "U+202C POP DIRECTIONAL FORMATTING"),  # a PDF closes no isolate
    ],
)
def test_a_closing_control_that_closes_nothing_is_an_error(translation, control):
    found = messages(bidi, "Use %s", translation, lang="fa", markup="plain")
    assert f"{control} closes nothing: it would close the page's own direction; remove it" in found


@pytest.mark.parametrize(
    ("translation", "markup", "inside"),
    [
        (f"خطا در %(na{LRM}me)s", "plain", "the placeholder %(name)s"),
        (f"خطا در %{RLM}s", "plain", "the placeholder %s"),
        (f"خطا در {{co{LRM}unt}}", "plain", "the placeholder {count}"),
        (f"نشانی https://exa{RLM}mple.org را ببینید", "plain", "the address https://example.org"),
        (f'<a href="https://example.org"{LRM}>پیوند</a>', "plain", 'the tag <a href="https://example.org">'),
        (f"فرمان `ls {RLM}-l` را بزنید", "markdown", "the code `ls -l`"),
        (f"[اینجا](/docs/{LRM}start/) را ببینید", "markdown", "the address /docs/start/"),
    ],
)
def test_a_control_inside_what_a_program_reads_is_an_error(translation, markup, inside):
    found = messages(bidi, "Error in %(name)s", translation, lang="fa", markup=markup)
    assert any(message.endswith(f"inside {inside}: a program reads it, no reader sees it; move it outside")
               for message in found), found  # fmt: skip


@pytest.mark.parametrize(
    "translation",
    [
        f"نشانی https://example.org{LRM}. را ببینید",  # a mark after an address, before its full stop
        f"«{LRM}%s»{RLM}: %s",
        f"<b>{LRE}GNOME{PDF}</b> و {RLM}<i>%s</i>",
    ],
)
def test_a_control_next_to_what_a_program_reads_passes(translation):
    assert passes(bidi, "Error in %s", translation, lang="fa", markup="plain")


@pytest.mark.parametrize(
    ("translation", "markup", "edge"),
    [
        (f"{LRE}<b>GNOME{PDF}</b> اجرا شد", "plain", "<b>"),
        (f"<b>{LRI}GNOME</b> اجرا شد{PDI}", "plain", "</b>"),
        (f"به {LRI}[F-Droid{PDI}](https://f-droid.org) بپیوندید", "markdown", "[…]"),
        (f"به **{LRE}F-Droid** بپیوندید{PDF}", "markdown", "**…**"),
    ],
)
def test_a_pair_spanning_an_element_edge_is_an_error(translation, markup, edge):
    found = messages(bidi, "Join F-Droid", translation, lang="fa", markup=markup)
    assert any(f"are on either side of the edge of {edge}: put both inside it or both outside" in message
               for message in found), found  # fmt: skip


def test_a_pair_inside_or_around_a_link_passes():
    assert passes(bidi, "Join F-Droid", f"به [{LRI}F-Droid{PDI}](https://f-droid.org) بپیوندید", lang="fa")
    assert passes(bidi, "Join F-Droid", f"به {LRE}[F-Droid](https://f-droid.org){PDF} بپیوندید", lang="fa")


def test_controls_in_a_left_to_right_text_without_right_to_left_letters_are_a_warning():
    assert fails(bidi, "Uzbek", f"{LRM}Özbekçe", lang="tr", markup="plain") == [
        (
            "warning",
            "U+200E LEFT-TO-RIGHT MARK in a left-to-right text without right-to-left letters: it has nothing to do "
            "here but reorder it; remove it",
        )
    ]
    assert passes(bidi, f"Name: {RLI}ابن{PDI}.", f"Nom\u00a0: {RLI}ابن{PDI}.")  # an Arabic name in French
    assert passes(bidi, f"{LRM}Uzbek", f"{LRM}Özbekçe", lang="tr")  # as the source has it


@pytest.mark.parametrize(
    ("translation", "word"),
    [(f"نمونه{LRM}ها", f"ه{LRM}ه"), (f"پیمانه{RLM}ی %s", f"ه{RLM}ی")],  # sphinx-fa: a mark where ZWNJ was meant
)
def test_a_mark_between_two_letters_of_a_word_is_a_warning(translation, word):
    assert fails(bidi, "Examples", translation, lang="fa", markup="plain") == [
        (
            "warning",
            f"U+{ord(word[1]):04X} {'LEFT-TO-RIGHT' if word[1] == LRM else 'RIGHT-TO-LEFT'} MARK between two letters"
            f' of a word ("{word}") does nothing there; a zero-width non-joiner (U+200C) keeps letters apart',
        )
    ]


def test_a_text_without_controls_is_not_read_further():
    assert passes(bidi, "The UNDP supports it.", "يدعم برنامج UNDP الدول.", lang="ar")


def test_a_whole_right_to_left_catalogue_with_marks_has_no_bidi_errors(tmp_path):
    path = tmp_path / "app.po"
    path.write_text(
        textwrap.dedent(
            f"""\
            msgid ""
            msgstr ""
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Language: fa\\n"
            "Plural-Forms: nplurals=2; plural=(n > 1);\\n"

            #, c-format
            msgid "Cannot open “%s”: %s"
            msgstr "باز کردن «{LRM}%s»{RLM}: %s ممکن نیست"

            msgid "Use --strict to stop."
            msgstr "برای توقف از {LRE}--strict{PDF} استفاده کنید."

            msgid "Warning:"
            msgstr "هشدار{LRE}:"
            """
        ),
        encoding="utf-8",
    )
    found = [(problem.line, problem.check, problem.severity) for problem in api.check_files([path]).problems]
    assert [item for item in found if item[1] == "bidi"] == [(14, "bidi", "error")]


# ---------------------------------------------------------------- the real catalogues, when they are there

# Every bidi error the real catalogues hold, each read and judged: an embedding never closed, or a closing
# control that closes nothing. The hundreds of marks and balanced pairs around them are not among them.
REAL_ERRORS = {
    "allauth-ar.po": [98, 167, 210, 226, 1131, 1135, 1149, 1283, 1296],  # an LRE where an LRM was meant
    "django-ckb.po": [1142, 1148, 1154, 1160, 1166, 1172],  # "%(num)d year" opens an RLE it never closes
    "fdroid-fa-pages.po": [311, 404],  # an LRE before a phone number, never closed
    "glib-fa.po": [204, 3676, 3684, 3688, 4788, 5767, 5795, 5886],  # a stray PDF, PDI for LRI, LRE left open
}
QUIET = ["glib-ar.po", "glib-ps.po", "django-fa.po", "sphinx-fa.po", "debhandbook-ar-MA-solvingproblems.po"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real-world catalogues are not here")
@pytest.mark.parametrize("name", [*REAL_ERRORS, *QUIET])
def test_the_real_catalogues_bidi_errors_are_the_true_ones(name):
    result = api.check_files([CORPUS / name])
    errors = [problem.line for problem in result.problems if problem.check == "bidi" and problem.severity == "error"]
    assert errors == REAL_ERRORS.get(name, [])
