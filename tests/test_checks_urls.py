"""The ``urls`` check, called directly: addresses read as a linkifier reads them; the same page in
another form is a warning, another page an error.

The cases are modelled on the real catalogues of /work/shared/realworld-catalogues (file:line in
the docstrings); the strings are our own.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from check_helpers import fails, findings, passes

from pipeline.checks import markup_of
from pipeline.checks.urls import emails, find_urls, strip_urls, urls


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("詳細は<https://docs.example.org/>を参照。", ["https://docs.example.org/"]),  # sphinx-ja.po:1639
        ("詳細は https://docs.example.org/guide#intro を参照。", ["https://docs.example.org/guide#intro"]),
        ("详情见https://docs.example.org/guide。", ["https://docs.example.org/guide"]),
        ("انظر https://docs.example.org/guide، ثم", ["https://docs.example.org/guide"]),
        ("See https://docs.example.org/guide.", ["https://docs.example.org/guide"]),
        ("(see https://docs.example.org/guide)", ["https://docs.example.org/guide"]),
        ("See https://en.example.org/wiki/Tea_(drink), then", ["https://en.example.org/wiki/Tea_(drink)"]),
        ('<a href="https://docs.example.org/">docs</a>', ["https://docs.example.org/"]),
        ("«https://docs.example.org/»", ["https://docs.example.org/"]),
        ("[B]https://docs.example.org/help[/B][CR]Next", ["https://docs.example.org/help"]),  # Kodi markup
        ("Visit www.example.org!", ["www.example.org"]),
        ("No address in https:// alone", []),
    ],
)
def test_an_address_ends_where_a_linkifier_ends_it(text, found):
    assert find_urls(text) == found


def test_strip_urls_keeps_the_punctuation_after_an_address():
    assert strip_urls("See https://docs.example.org/guide.") == "See ."


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        # An autolink before Japanese text (sphinx-ja.po:1639).
        ("More at <https://docs.example.org/>.", "詳しくは<https://docs.example.org/>を見てください。"),
        ("More at https://docs.example.org/.", "詳しくは https://docs.example.org/ を見てください。"),
        # Percent-encoding and the host's case are no change.
        ("See https://example.org/caf%C3%A9", "Voir https://Example.org/café"),
        # A bare host with or without its slash is the same address.
        ("See https://forum.example.org/ for help.", "Voir https://forum.example.org pour de l’aide."),
    ],
)
def test_the_same_address_passes(msgid, msgstr):
    assert passes(urls, msgid, msgstr, lang="ja", markup="plain")


def test_an_address_in_a_markdown_autolink_is_counted_once():
    found = fails(urls, "See <https://a.example/> now.", "Voir <https://b.example/> maintenant.")
    assert found == [
        ("error", "the address https://a.example/ is missing or changed"),
        ("error", "the address https://b.example/ is not in the source"),
    ]


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr", "how"),
    [
        # fdroid-fa-pages.po:65 and :792: a trailing slash dropped.
        ("fa", "[Give](https://fund.example.org/Team/).", "[بدهید](https://fund.example.org/Team).", "trailing slash"),
        (
            "fa",
            "[Doc](https://git.example.org/ext/#setup)",
            "[سند](https://git.example.org/ext#setup)",
            "trailing slash",
        ),
        ("fr", "[Doc](http://docs.example.org/a)", "[Doc](https://docs.example.org/a)", "another scheme"),
        # pydocsfr-fr-tutorial-introduction.po:555: the Wikipedia of the reader's language.
        ("fr", "`Tea <https://en.wikipedia.org/wiki/Tea>`_", "`Thé <https://fr.wikipedia.org/wiki/Thé>`_", "language"),
        # tails-fr-about.po:590: the site's page in French.
        ("fr", '<a href="https://www.example.org/">X</a>', '<a href="https://www.example.org/fr/">X</a>', "language"),
        ("fr", "https://example.org/help", "https://example.org/help?lang=fr", "language"),
        ("zh_TW", "https://example.org/en/help", "https://example.org/zh-tw/help", "language"),
    ],
)
def test_the_same_page_in_another_form_is_a_warning(code, msgid, msgstr, how):
    found = fails(urls, msgid, msgstr, lang=code, markup="plain")
    assert [severity for severity, _ in found] == ["warning"], found
    assert how in found[0][1]


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr"),
    [
        # fdroid-ar-pages.po:248, :796, :832: a word of the address translated.
        (
            "ar",
            "[Add](https://git.example.org/team/site-pages/list.md)",
            "[أضف](https://git.example.org/team/site-صفحات/list.md)",
        ),
        # fdroid-ar-pages.po:953: a typo.
        ("ar", "[Held](https://example.org/news/payments-paused)", "[معلقة](https://example.org/news/payments-pasued)"),
        # fdroid-fa-pages.po:419: another page of the same site.
        (
            "fa",
            "[Add](https://git.example.org/site/pages/partners.md)",
            "[افزودن](https://git.example.org/site/pages/team.md)",
        ),
        # A language version, but not the reader's: French pages for an Arabic reader.
        ("ar", "[UN](https://www.example.org/en/)", "[الأمم](https://www.example.org/fr/)"),
        # Another site that happens to have a language label.
        ("fr", "https://en.example.org/tea", "https://fr.other.example/thé"),
        # tails-fa-faq.po:1084: another video.
        ("fa", 'play "https://video.example/watch?v=AbC123"', 'play "https://video.example/watch?v=XyZ789"'),
    ],
)
def test_another_page_is_an_error(code, msgid, msgstr):
    found = fails(urls, msgid, msgstr, lang=code, markup="plain")
    assert {severity for severity, _ in found} == {"error"}, found


def test_a_dropped_link_is_an_error():
    """debhandbook-fa-IR-derivatives.po:350: the DocBook <ulink> left out."""
    assert fails(
        urls, 'A live CD. <ulink url="https://live.example.org" />', "یک دیسک زنده.", lang="fa", markup="plain"
    ) == [("error", "the address https://live.example.org is missing or changed")]


def test_the_url_map_still_gives_the_translated_address():
    url_map = {"https://example.org/en/": "https://example.org/ar/"}
    assert passes(urls, "[X](https://example.org/en/)", "[س](https://example.org/ar/)", lang="ar", url_map=url_map)


REALWORLD = Path("/work/shared/realworld-catalogues")


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="the real-world catalogues are not here")
@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("sphinx-ja.po", 1639, []),  # <https://…>を見て
        ("tails-fr-about.po", 590, ["warning"]),  # /fr/
        ("pydocsfr-fr-tutorial-introduction.po", 555, ["warning"]),  # fr.wikipedia.org
        ("fdroid-fa-pages.po", 792, ["warning"]),  # a trailing slash
        ("fdroid-ar-pages.po", 953, ["error", "error"]),  # a typo in the address
    ],
)
def test_real_catalogue_entries(name, line, expected):
    catalogue = polib.pofile(str(REALWORLD / name))
    # The line reported is the msgstr's: the entry is the last that starts before it.
    entry = max((entry for entry in catalogue if entry.linenum <= line), key=lambda entry: entry.linenum)
    code = catalogue.metadata["Language"].replace("-", "_")
    found = findings(urls, entry.msgid, entry.msgstr, lang=code, markup=markup_of(catalogue).value)
    assert [severity for severity, _ in found] == expected, found


def test_the_translator_credits_hold_the_translators_addresses():
    """The program's translators answer its credits message with their own names and addresses."""
    assert passes(emails, "translator-credits", "Ana Example <ana@example.org>", lang="ps", markup="plain")
    assert fails(emails, "Write to help@example.org.", "Écrivez à aide@example.org.", markup="plain")
