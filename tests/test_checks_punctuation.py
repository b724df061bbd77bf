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


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr"),
    [
        ("fr", "Cannot read the file %s: %s", "Impossible de lire le fichier %s : %s"),  # an ordinary space
        ("fr", "Done; continuing", "Fait ; on continue"),
        ("fr", "It raises :exc:`KeyError` here.", "Elle lève :exc:`KeyError` ici."),  # a reST role
        ("fr", "Use the :maxdepth: option.", "Utilisez l'option :maxdepth:."),  # an option's name
        ("fr", "Compare with ``!=`` only.", "Comparez seulement avec ``!=``."),  # code in double backquotes
        ("fr", "See [[!img logo.png]]", "Voir [[!img logo.png]]"),
        ("ar", "Sept.", "سبتمبر"),  # an abbreviation's point ends no sentence
        ("ps", "Thu", "پ."),
        ("tr", "It must hold only letters and “.”\n", "Yalnızca “.” ve harflerden oluşmalıdır\n"),  # a quoted dot
        ("tr", "The value has no dot (.)", "Değerde nokta (.) yok"),  # a mark named in brackets
        ("ru", "the tag must end with “>” as “%s” begins", "Тег должен заканчиваться на «>». Он начинается с «%s»."),
        ("tr", "The folder holds a file. Delete it too", "Klasörde bir dosya var. Onu da silin."),  # source forgot
        ("ja", "project name, used with --quick", "プロジェクト名。--quick で使われます。"),
    ],
)
def test_conventions_and_code_pass(code, msgid, msgstr):
    assert passes(punctuation, msgid, msgstr, lang=code, markup="plain")


@pytest.mark.parametrize(
    ("code", "msgid", "msgstr", "message"),
    [
        (
            "fr",
            "Bad key %r; skipped",
            "Clé %r invalide; ignorée",
            'French puts a no-break space (U+00A0 or U+202F) before ";"',
        ),
        ("fr", "Why not?", "Pourquoi pas?", 'French puts a no-break space (U+00A0 or U+202F) before "?"'),
        ("tr", "Files removed:", "Dosyalar silindi.", 'the source ends with ":", the translation with "."'),
        (
            "tr",
            "The file was saved",
            "Dosya kaydedildi.",
            'the source ends with no punctuation, the translation with "."',
        ),
    ],
)
def test_a_real_difference_still_fails(code, msgid, msgstr, message):
    assert fails(punctuation, msgid, msgstr, lang=code, markup="plain") == [("warning", message)]


def test_full_width_punctuation_holds_its_own_space():
    assert passes(whitespace, "Cannot open the file: ", "无法打开文件：", lang="zh_Hans")
    assert passes(whitespace, "Value: ", "値：", lang="ja")
    assert fails(whitespace, "Value: ", "Valeur :") == [
        ("warning", "the source and the translation end with different whitespace")
    ]
