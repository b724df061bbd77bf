"""The source checks (``pipeline check --source``), called directly on (text, line) segments."""

from __future__ import annotations

from check_helpers import findings

from pipeline.checks import check_source_segments
from pipeline.checks.source import doubled_in_source, figures, markup_in_source
from pipeline.languages import language


def test_doubled_words_in_the_source():
    assert findings(doubled_in_source, [("It is is here.", 3), ("We had had enough.", 5)], "page.md", lang="en") == [
        ("warning", '"is is": a word is repeated')
    ]


def test_markers_that_make_nothing():
    assert findings(markup_in_source, [("A **bold claim.", 7), ("A **bold** one.", 8)], "page.md", lang="en") == [
        ("warning", "'**' does not make Markdown here: is something left open?")
    ]


def test_one_thing_counted_two_ways():
    segments = [("7 members joined in 2014.", 3), ("Then 8 members; in 2015 and 2016 members.", 5)]
    assert findings(figures, segments, "source/page.md", lang="en") == [
        ("warning", "8 members here, but 7 members at source/page.md:3")
    ]


def test_the_runner_says_where():
    problems = check_source_segments([("It is is here.", 3), ("7 members; 8 members.", 5)], "p.md", language("en"))
    assert [(p.line, p.msgid, p.check) for p in problems] == [
        (3, "It is is here.", "doubled-words"),
        (5, "", "figures"),
    ]
