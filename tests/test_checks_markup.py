"""The ``markup``, ``urls``, ``emails`` and ``placeholders`` checks, called directly."""

from __future__ import annotations

import pytest
from check_helpers import fails, passes

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
