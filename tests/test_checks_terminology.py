"""The ``terminology`` check, called directly: the shipped glossary through prefixes and elision."""

from __future__ import annotations

import pytest
from check_helpers import fails, passes

from pipeline.checks import Glossary
from pipeline.checks.terminology import Term, load_glossary, terminology
from pipeline.errors import ConfigError


@pytest.mark.parametrize(
    ("code", "msgstr", "expected"),
    [
        (
            "ar",
            "هزيمة الدولة الإسلامية.",
            [
                '"Daesh" must be translated as "داعش" (glossary)',
                '"الدولة الإسلامية" is not used for "Daesh"; write "داعش" (glossary)',
            ],
        ),
        ("ar", "هزيمة تنظيم داعش.", []),
        ("ar", "التصدي لداعش وبداعش والداعشيين.", []),  # proclitics: ل، وب
        (
            "fr",
            "La défaite de l’État islamique.",
            [
                '"Daesh" must be translated as "Daech" (glossary)',
                '"État islamique" is not used for "Daesh"; write "Daech" (glossary)',
            ],
        ),
        (
            "fr",
            "La défaite d’ISIS, c’est-à-dire de Daech.",
            ['"ISIS" is not used for "Daesh"; write "Daech" (glossary)'],
        ),
        ("fr", "La défaite durable de Daech.", []),
        # Diacritics and kashida are folded before the text is cut into words: written with harakat
        # ("دَاعِش"), stretched ("داعـــش") or with a decomposed accent (E + U+0301), a term is still a term.
        ("ar", "هزيمة دَاعِش.", []),
        ("ar", "هزيمة داعـــش.", []),
        (
            "ar",
            "هزيمة الدَّوْلَة الإِسْلَامِيَّة.",
            [
                '"Daesh" must be translated as "داعش" (glossary)',
                '"الدولة الإسلامية" is not used for "Daesh"; write "داعش" (glossary)',
            ],
        ),
        (
            "fr",
            "La défaite de l’E\u0301tat islamique.",
            [
                '"Daesh" must be translated as "Daech" (glossary)',
                '"État islamique" is not used for "Daesh"; write "Daech" (glossary)',
            ],
        ),
    ],
)
def test_the_glossary_is_enforced_through_prefixes_and_elision(code, msgstr, expected):
    if not expected:
        assert passes(terminology, "The defeat of Daesh.", msgstr, lang=code)
        return
    found = fails(terminology, "The defeat of Daesh.", msgstr, lang=code)
    assert [message for _, message in found] == expected
    assert all(severity == "error" for severity, _ in found)


def test_a_forbidden_term_is_found_across_a_line_break_and_an_elision():
    assert fails(terminology, "Daesh fell.", "Daech, que certains appelaient l’État\nislamique, est tombé.") == [
        ("error", '"État islamique" is not used for "Daesh"; write "Daech" (glossary)')
    ]


def test_a_forbidden_term_the_source_has_is_allowed_and_no_glossary_finds_nothing():
    glossary = Glossary([Term("Daesh", {"fr": "Daech"}, {"*": ["ISIS"]})])
    assert passes(terminology, "ISIS, or Daesh.", "ISIS, ou Daech.", glossary=glossary)
    assert passes(terminology, "The defeat of Daesh.", "La défaite de l’État islamique.", glossary=Glossary())


def test_comment_lines_say_where_renderings_come_from_and_errors_keep_the_files_lines(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text(
        "# Where each rendering comes from.\nterm,fr,forbidden:fr\n# fr: the French government's usage\n"
        "Daesh,Daech,État islamique\n,Daech\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as raised:
        load_glossary(path, "locales/glossary.csv")
    assert (raised.value.line, raised.value.message) == (5, "the term (first column) is empty")
    path.write_text(path.read_text(encoding="utf-8").replace(",Daech\n", ""), encoding="utf-8")
    (term,) = load_glossary(path, "locales/glossary.csv").terms
    assert (term.source, term.required, term.forbidden) == ("Daesh", {"fr": "Daech"}, {"fr": ["État islamique"]})
