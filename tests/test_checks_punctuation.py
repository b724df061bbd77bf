"""The ``punctuation`` and ``whitespace`` checks, called directly: each script's own marks and typography."""

from __future__ import annotations

import pytest
from check_helpers import fails, messages, passes

from pipeline.checks.punctuation import punctuation, whitespace


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr"),
    [
        ("ar", "Why does it matter?", "لماذا يهم ذلك؟"),  # ؟ ends an Arabic question
        ("fa_AF", "Why does it matter?", "چرا این مهم است؟"),
        ("zh_Hans", "The work continues.", "工作仍在继续。"),
        ("fr", "Note: the work continues.", "Remarque\u00a0: le travail continue."),
        ("fr", "Is it over?", "Est-ce fini\u202f?"),
        ("fr", "Really?!", "Vraiment\u202f?!"),  # one space before the group of marks
        ("fr", "Run `pipeline check --lang fr`.", "Lancez `pipeline check --lang fr`."),  # code: no typography
        ("fr", "Use `a:b` here.", "Utilisez `a:b` ici."),
        ("fr", "It opens at 10:30.", "Ouverture à 10:30."),  # a time, not a colon
        ("ar", "Our Mission", "مهمتنا"),
    ],
)
def test_each_scripts_own_punctuation_passes(code, msgid, msgstr):
    assert passes(punctuation, msgid, msgstr, lang=code)


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr", "message"),
    [
        ("ar", "Why does it matter?", "لماذا يهم ذلك.", 'the source ends with "?", the translation with "."'),
        ("ar", "Why does it matter?", "لماذا يهم ذلك?", 'Arabic script ends with "؟", not "?"'),
        (
            "fr",
            "The work continues.",
            "Le travail continue",
            'the source ends with ".", the translation with no punctuation',
        ),
        (
            "fr",
            "Note: the work continues.",
            "Remarque: le travail continue.",
            'French puts a no-break space (U+00A0 or U+202F) before ":"',
        ),
        ("zh_Hans", "The work continues.", "工作仍在继续！", 'the source ends with ".", the translation with "！"'),
    ],
)
def test_wrong_punctuation_is_a_warning(code, msgid, msgstr, message):
    assert fails(punctuation, msgid, msgstr, lang=code) == [("warning", message)]


def test_whitespace():
    assert "the source and the translation end with different whitespace" in messages(
        whitespace, "Label: ", "Étiquette\u00a0:"
    )
    assert fails(whitespace, "The work continues.", "Le travail  continue.") == [
        ("warning", "double space in the translation")
    ]
    assert fails(whitespace, " Indented", "Indenté") == [
        ("warning", "the source and the translation start with different whitespace")
    ]
    assert passes(whitespace, "Two  spaces", "Deux  espaces")  # as the source has them
