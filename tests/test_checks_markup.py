"""The ``markup``, ``urls``, ``emails`` and ``placeholders`` checks, called directly."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from check_helpers import fails, passes

from pipeline.api import check_files
from pipeline.checks import MarkupKind, markup_of
from pipeline.checks.markup import markup
from pipeline.checks.placeholders import placeholders
from pipeline.checks.urls import emails, urls

SOURCE = "See the **report** of the [UN](https://www.un.org/en/)."


@pytest.mark.parametrize(
    ("msgstr", "check", "message"),
    [
        ("Voir le **rapport** de l’[ONU](https://www.un.org/en/).", None, None),
        (
            "Voir le rapport de l’[ONU](https://www.un.org/en/).",
            markup,
            "the source has 1 **strong**, the translation 0",
        ),
        ("Voir le **rapport de l’ONU.", markup, "the source has 1 **strong**, the translation 0"),
        (
            "Voir le <b>rapport</b> de l’[ONU](https://www.un.org/en/).",
            markup,
            "raw HTML is not allowed in a translation: <b>",
        ),
        ("Voir le **rapport** de l’ONU.", urls, "the address https://www.un.org/en/ is missing or changed"),
        (
            "Voir le **rapport** de l’[ONU](https://evil.example/).",
            urls,
            "the address https://evil.example/ is not in the source",
        ),
    ],
)
def test_markup_and_link_targets(msgstr, check, message):
    if check is None:
        assert passes(markup, SOURCE, msgstr) and passes(urls, SOURCE, msgstr)
    else:
        assert ("error", message) in fails(check, SOURCE, msgstr)


def test_unbalanced_markers_and_links_are_counted():
    assert fails(markup, "The **work** goes on.", "Le **travail continue.") == [
        ("error", "the source has 1 **strong**, the translation 0"),
        ("error", "unbalanced Markdown: '**' is left open or unclosed"),
    ]
    assert fails(markup, "[A](a) and [B](b).", "[A](a) et B.") == [
        ("error", "the source has 2 links, the translation 1")
    ]


def test_the_url_map_allows_a_translated_link_target():
    url_map = {"https://www.un.org/en/": "https://www.un.org/fr/"}
    source = "See the [UN](https://www.un.org/en/)."
    assert passes(urls, source, "Voir l’[ONU](https://www.un.org/fr/).", url_map=url_map)
    assert fails(urls, source, "انظر [الأمم المتحدة](https://www.un.org/fr/).", lang="ar") == [
        ("error", "the address https://www.un.org/en/ is missing or changed"),
        ("error", "the address https://www.un.org/fr/ is not in the source"),
    ]


def test_emails_stay():
    assert fails(emails, "Write to press@example.org.", "Écrivez à presse@example.org.") == [
        ("error", "the e-mail address press@example.org is missing or changed"),
        ("error", "the e-mail address presse@example.org is not in the source"),
    ]


def test_placeholders():
    assert fails(placeholders, "{count} passages", "{nombre} passages") == [
        ("error", "placeholder {count} is missing from the translation"),
        ("error", "placeholder {nombre} is not in the source"),
    ]
    assert fails(placeholders, "%(count)s passages", "passages", flags=("python-format",)) == [
        ("error", "placeholder %(count)s is missing from the translation")
    ]
    assert passes(placeholders, "%(count)s passage", "un passage", flags=("python-format",), plural=True)
    assert fails(placeholders, "Skip to content", "100% du contenu", formatted=True) == [
        ("error", "a lone % would break the page: write %% for a percent sign")
    ]
    assert passes(placeholders, "Skip to content", "100%% du contenu", formatted=True)
    assert passes(placeholders, "Skip to content", "100% du contenu")  # a page's text is not %-formatted


# HTML in messages, in any catalogue: the strings are our own, modelled on the cases of the real-world
# catalogues named in each test (../shared/realworld-catalogues).

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld-catalogues"


@pytest.mark.parametrize("kind", ["plain", "markdown"])
@pytest.mark.parametrize(
    ("source", "msgstr", "message"),
    [
        # wagtail-admin-ar.po:878: a screen-reader span's opening tag dropped (its text would show)
        (
            '%(n)s Book <span class="sr-only">in %(shelf)s</span>',
            "%(n)s livre dans %(shelf)s</span>",
            'the source\'s HTML <span class="sr-only"> is missing from the translation',
        ),
        # wagtail-admin-tr.po:682: the emphasis around a placeholder replaced by stray characters
        (
            'No book matches "<em>%(query)s</em>"',
            'Aucun livre pour "1%(query)s1"',
            "the source's HTML <em> is missing from the translation",
        ),
        # wagtail-admin-tr.po:1772 and 1505: an element dropped, one of two dropped
        (
            "You have <span>unread notes</span>",
            "Vous avez des notes non lues",
            "the source's HTML <span> is missing from the translation",
        ),
        (
            "Kept by <b>you</b> until <b>%(day)s</b>",
            "Gardé jusqu’au <b>%(day)s</b>",
            "the source's HTML <b> is missing from the translation",
        ),
        # debhandbook-fa-IR-derivatives.po:350: a DocBook link left out
        (
            'A live system. <ulink type="block" url="https://example.org" />',
            "Un système autonome.",
            'the source\'s HTML <ulink type="block" url="https://example.org" /> is missing from the translation',
        ),
        # a class changed: the styling or script that needs it is lost
        (
            '<span class="badge">New</span>',
            '<span class="insigne">Nouveau</span>',
            'the tag <span class="badge"> is changed to <span class="insigne">',
        ),
    ],
)
def test_the_sources_html_elements_stay(kind, source, msgstr, message):
    assert ("error", message) in fails(markup, source, msgstr, markup=kind)


@pytest.mark.parametrize(
    ("source", "msgstr"),
    [
        # the elements move with the words (Weblate's xml-tags and the Translate Toolkit compare in order)
        (
            'Press <b>Save</b>, then <a href="%(url)s">go back</a>.',
            'Revenez <a href="%(url)s">en arrière</a> après <b>Enregistrer</b>.',
        ),
        ("<b>bold <i>both</i></b>", "<i><b>les deux</b> en gras</i>"),
        # the attributes in another order, other quotes, a void element written another way
        ("<a href='#top' class=\"up\">Top</a><br>", '<a class="up" href="#top">Haut</a><br />'),
        # text for the reader in attributes is translated
        (
            '<abbr title="World Health Organization">WHO</abbr>',
            '<abbr title="Organisation mondiale de la santé">OMS</abbr>',
        ),
        ('<img src="logo.png" alt="Our logo">', '<img src="logo.png" alt="Notre logo">'),
        # debhandbook-ar-MA-solvingproblems.po:230: a direction added for a Latin name in an Arabic text
        ("Edit <filename>/etc/hosts</filename>.", 'حرّر <filename dir="ltr">/etc/hosts</filename>.'),
    ],
)
def test_html_may_move_and_its_texts_be_translated(source, msgstr):
    assert passes(markup, source, msgstr, markup="plain")
    assert passes(markup, source, msgstr, markup="markdown")


def test_html_closed_before_opened_or_overlapping_is_broken():
    assert fails(markup, "Read <b>this</b> now", "Lisez </b>ceci<b> maintenant", markup="plain") == [
        ("error", "broken HTML: </b> closes an element that is not open")
    ]
    assert fails(markup, "<b>bold <i>both</i></b>", "<b>gras <i>les deux</b></i>", markup="plain") == [
        ("error", "broken HTML: <i> and <b> overlap: close the inner element first")
    ]


def test_a_localised_link_target_is_for_a_reviewer():
    # tails-fr-about.po:590: the site's own page in the translation's language
    source = 'Made with <a href="https://example.org/">Example</a>.'
    assert fails(markup, source, 'Fait avec <a href="https://example.org/fr/">Example</a>.', markup="plain") == [
        ("warning", 'the tag <a href="https://example.org/"> is changed to <a href="https://example.org/fr/">')
    ]


def test_words_in_angle_brackets_are_not_html():
    # sphinx-*.po, kodiyoutube-nl-nl_nl.po: placeholders of a command's usage
    assert passes(
        markup, "Usage: %s <PID> <original entry>", "Utilisation : %s <IDP> <entrée originale>", markup="plain"
    )
    # pydocsfr-fr-tutorial-classes.po:753: a reST cross-reference with a target the source writes otherwise
    assert passes(markup, "Lists are :term:`mutable`.", "Les listes sont :term:`muables <mutable>`.", markup="plain")
    # pydocstr-tr-tutorial-controlflow.po: a reference whose text has a space
    assert passes(markup, "See :ref:`notes <tut-notes>`.", "Voir :ref:`les notes <tut-notes>`.", markup="plain")


def test_xml_quoted_in_a_programs_message_is_text():
    # glib-ru.po:2878: other quotes in an element the message names: shown as text, for a reviewer
    assert fails(markup, "<item key='%s'> is repeated", "<item key=«%s»> est répété", markup="plain") == [
        ("warning", "the tag <item key='%s'> is changed to <item key=«%s»>")
    ]
    # glib-tr.po:2825: printf arguments numbered to reorder them
    assert passes(
        markup,
        "<item key='%s'> in <list id='%s'>",
        "<list id='%2$s'> contient <item key='%1$s'>",
        markup="plain",
        flags=("c-format",),
    )


def test_html_a_translation_adds():
    # a program's message may be shown as HTML or as text: for a reviewer
    assert fails(markup, "Saved", "<b>Enregistré</b>", markup="plain") == [
        ("warning", "the translation adds HTML the source does not have: <b>")
    ]
    # whatever the catalogue, nothing that runs code or changes the page
    assert fails(markup, "Saved", "Enregistré<script>x()</script>", markup="plain") == [
        ("error", "the translation adds HTML the source does not have: <script>")
    ]
    assert ("error", "the translation adds HTML the source does not have: <b>") in fails(
        markup, "Press <i>Save</i>", "Appuyez sur <i>Enregistrer</i> <b>ici</b>"
    )
    # in Markdown, HTML in a code span is shown as written
    assert passes(markup, "Write `<br>` for a break.", "Écrivez `<br>` pour un saut de ligne.")
    assert fails(markup, "Write `x` here.", "Écrivez `x` <br> ici.") == [
        ("error", "raw HTML is not allowed in a translation: <br>")
    ]


@pytest.mark.parametrize(
    ("source", "msgstr"),
    [
        ("Read the *manual*", "Lisez le manuel"),  # a program's asterisks
        ("Option `%s' is unknown", "Option « %s » inconnue"),  # Sphinx's quotes
        ("**kwargs and __init__", "**kwargs et __init__ ** __"),
        ("See [the list](list)", "Voir la liste"),
    ],
)
def test_nothing_markdown_in_other_catalogues(source, msgstr):
    assert passes(markup, source, msgstr, markup="plain")


@pytest.mark.parametrize(
    ("types", "kind"),
    [
        (["Title ##", "Plain text"], MarkupKind.MARKDOWN),  # fdroid-*-pages.po
        (["Yaml Front Matter Hash Value: title", "Plain text"], MarkupKind.MARKDOWN),
        (["Bullet: '1. '", "Plain text"], MarkupKind.MARKDOWN),  # tails-ar-desktop.po (ikiwiki)
        (["Title =", "Plain text"], MarkupKind.MARKDOWN),  # tails-fa-contribute.po
        (["Content of: <div><p>", "Content of: <h1>"], MarkupKind.PLAIN),  # tails-fr-about.po (XHTML)
        (["Title ==", "Bullet: '* '", "delimited block -"], MarkupKind.PLAIN),  # AsciiDoc
        (["Plain text"], MarkupKind.PLAIN),
        ([], MarkupKind.PLAIN),
    ],
)
def test_the_catalogues_kind_comes_from_po4a_block_types(types, kind):
    catalogue = polib.POFile()
    for number, block in enumerate(types or [None]):
        catalogue.append(polib.POEntry(msgid=f"text {number}", msgstr="", comment=block and f"type: {block}"))
    assert markup_of(catalogue) is kind


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real-world catalogues are not here")
def test_on_real_catalogues():
    # markup_of reads po4a's "#. type:" comments: the files without any are plain text, unread (parsing
    # all fifty-nine takes seconds)
    po4a = [path for path in sorted(CORPUS.glob("*.po")) if b"\n#. type: " in path.read_bytes()]
    kinds = {path.name: markup_of(polib.pofile(str(path))) for path in po4a}
    assert sorted(name for name, kind in kinds.items() if kind is MarkupKind.MARKDOWN) == [
        "fdroid-ar-pages.po",
        "fdroid-fa-pages.po",
        "fdroid-tr-pages.po",
        "tails-ar-desktop.po",
        "tails-ar-restartfirsttime.po",
        "tails-fa-contribute.po",
        "tails-fa-faq.po",
        "tails-tr-graphics.po",
    ]
    names = ["wagtail-admin-tr.po", "pydocsfr-fr-tutorial-classes.po", "glib-tr.po"]
    found = {
        (Path(problem.file).name, problem.line, problem.severity)
        for problem in check_files([CORPUS / name for name in names]).problems
        if problem.check == "markup"
    }
    assert found == {
        ("wagtail-admin-tr.po", 682, "error"),
        ("wagtail-admin-tr.po", 1505, "error"),
        ("wagtail-admin-tr.po", 1772, "error"),
    }
