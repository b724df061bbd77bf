"""Machine drafts: a state every tool keeps, a policy for publishing them, and readers who are told."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import editing, msgfmt_check
from pipeline.pofile import po_text, read_po
from pipeline.status import EntryState, entry_state, mark_draft

GNU = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
DATE = "2026-11-29"


def drafted(project, lang: str) -> None:
    """Translate the mission and the page texts into ``lang`` (each text marked with the language, its
    placeholders kept) and mark every translation a machine draft."""
    project.ok("update")
    for domain in ("mission", "ui"):
        with editing(project.po(lang, domain)) as catalogue:
            for entry in catalogue:
                if entry.obsolete:
                    continue
                if entry.msgid_plural:
                    entry.msgstr_plural = {form: f"[{lang}] {entry.msgid_plural}" for form in entry.msgstr_plural}
                else:
                    entry.msgstr = f"[{lang}] {entry.msgid}"
                mark_draft(entry, "test-engine", DATE)


def states(path: Path) -> dict[str, EntryState]:
    return {entry.msgid: entry_state(entry) for entry in read_po(path) if not entry.obsolete}


# ------------------------------------------------------------------ the state in the file


def test_a_draft_is_fuzzy_with_a_comment_naming_its_source_and_a_reviewer_clears_it_with_fuzzy():
    entry = polib.POEntry(msgid="Our Mission", msgstr="Notre mission", flags=["python-format"])
    assert entry_state(entry) is EntryState.TRANSLATED
    mark_draft(entry, "test-engine", DATE)
    assert entry.flags == ["fuzzy", "python-format"]
    assert re.fullmatch(r"mt: engine=test-engine date=2026-11-29 src=[0-9a-f]{8} tgt=[0-9a-f]{8}", entry.tcomment)
    assert entry_state(entry) is EntryState.DRAFT
    entry.flags.remove("fuzzy")  # what Poedit's "Needs work", Weblate's "Needs editing" or an editor does
    assert entry_state(entry) is EntryState.TRANSLATED  # reviewed; the comment stays as history
    entry.flags.insert(0, "fuzzy")
    entry.msgid = "Our Mission, revised"  # the source changed since it was drafted: stale, never published
    assert entry_state(entry) is EntryState.FUZZY
    entry.msgid, entry.previous_msgid = "Our Mission", "Our old mission"  # msgmerge's fuzzy match
    assert entry_state(entry) is EntryState.FUZZY
    plain = polib.POEntry(msgid="Close", msgstr="Fermer", flags=["fuzzy"])
    assert entry_state(plain) is EntryState.FUZZY  # fuzzy without a draft comment: a translator's doubt


def test_marking_again_replaces_the_draft_comment_and_keeps_the_translators_own():
    entry = polib.POEntry(msgid="Close", msgstr="Fermer", tcomment="checked with the style guide")
    mark_draft(entry, "engine-a", DATE)
    mark_draft(entry, "engine-b", DATE)
    assert entry.tcomment.splitlines()[0] == "checked with the style guide"
    assert [line.split()[1] for line in entry.tcomment.splitlines()[1:]] == ["engine=engine-b"]
    assert entry.flags == ["fuzzy"]


@GNU
def test_msgcat_and_msgmerge_keep_the_draft_state_and_a_changed_source_makes_it_stale(make_project, tmp_path):
    project = make_project(languages=["fr"])
    drafted(project, "fr")
    path = project.po("fr", "mission")
    before = states(path)
    assert set(before.values()) == {EntryState.DRAFT}
    # msgcat is what Poedit runs on every file it saves: the draft comment and fuzzy survive it.
    catted = tmp_path / "catted.po"
    subprocess.run(["msgcat", "-o", str(catted), str(path)], check=True)
    assert states(catted) == before
    # msgmerge with the same template changes nothing either.
    merged = tmp_path / "merged.po"
    template = project.root / "locales/mission.pot"
    subprocess.run(["msgmerge", "--quiet", "-o", str(merged), str(path), str(template)], check=True)
    assert states(merged) == before
    # A changed source: msgmerge keeps the old draft as a fuzzy suggestion (with #|), which is no draft.
    changed = tmp_path / "changed.pot"
    changed.write_text(template.read_text(encoding="utf-8").replace('"Our Mission"', '"Our Renewed Mission"'))
    subprocess.run(["msgmerge", "--quiet", "-o", str(merged), str(path), str(changed)], check=True)
    after = states(merged)
    assert after["Our Renewed Mission"] is EntryState.FUZZY
    assert [state for msgid, state in after.items() if msgid != "Our Renewed Mission"] == [EntryState.DRAFT] * (
        len(after) - 1
    )
    msgfmt_check(merged)


def test_the_layouts_poedit_and_weblate_write_keep_the_state(tmp_path):
    # Poedit writes the entry back through msgcat: translator comment first, flags on one line.
    # Weblate writes through Translate Toolkit, which sorts the flags and keeps every other line.
    # A reviewer in either clears "Needs work"/"Needs editing": fuzzy goes, the comment stays.
    entry = polib.POEntry(msgid="Our Mission", msgstr="Notre mission")
    mark_draft(entry, "test-engine", DATE)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
    for flags in ("#, fuzzy, python-format", "#, python-format, fuzzy"):
        text = header + f'# {entry.tcomment}\n{flags}\nmsgid "Our Mission"\nmsgstr "Notre mission"\n'
        (tmp_path / "draft.po").write_text(text, encoding="utf-8")
        assert states(tmp_path / "draft.po") == {"Our Mission": EntryState.DRAFT}
        reviewed = text.replace(flags, "#, python-format")
        (tmp_path / "reviewed.po").write_text(reviewed, encoding="utf-8")
        assert states(tmp_path / "reviewed.po") == {"Our Mission": EntryState.TRANSLATED}


def test_update_keeps_drafts_and_a_changed_source_makes_a_draft_or_a_review_stale(make_project):
    project = make_project(languages=["fr"])
    drafted(project, "fr")
    with editing(project.po("fr", "mission")) as catalogue:
        reviewed = catalogue.find("Military Progress")
        reviewed.flags.remove("fuzzy")  # a reviewer approved this one
    project.ok("update")
    before = states(project.po("fr", "mission"))
    assert before["Military Progress"] is EntryState.TRANSLATED and before["Our Mission"] is EntryState.DRAFT
    mission = project.root / "source/mission.md"
    mission.write_text(
        mission.read_text(encoding="utf-8")
        .replace("## Stabilising Liberated Areas", "## Stabilising the Liberated Areas")
        .replace("## Military Progress", "## Military Progress Made"),
        encoding="utf-8",
    )
    project.ok("update")
    after = states(project.po("fr", "mission"))
    assert after["Stabilising the Liberated Areas"] is EntryState.FUZZY  # was a draft: stale, not publishable
    assert after["Military Progress Made"] is EntryState.FUZZY  # was reviewed: needs a look again
    assert after["Our Mission"] is EntryState.DRAFT  # unchanged: still a draft


# ------------------------------------------------------------------ publishing, counting, telling the reader


def configure(project, line: str) -> None:
    """Set the project's ``publish-drafts`` (the tests' projects publish drafts, as the repository does)."""
    config = project.root / "pipeline.toml"
    text = re.sub(r"^publish-drafts = .*$", line, config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(text, encoding="utf-8")


def test_drafts_are_published_labelled_only_where_the_configuration_says(make_project):
    project = make_project(languages=["fr", "nl"], threshold=80)
    drafted(project, "fr")
    drafted(project, "nl")
    configure(project, 'publish-drafts = ["fr"]')
    out = project.ok("build").out
    assert "published: en, fr\n" in out and "nl 0%" in out  # nl's drafts are not shown: it is in progress
    page = project.read("output/fr/index.html")
    assert '<div class="notice draft-notice" role="note" data-draft="machine">' in page
    assert "[fr] This translation was drafted by machine and has not yet been reviewed by a translator." in page
    assert '<a href="../en/" hreflang="en">[fr] Read the original text</a>' in page
    drafts = re.findall(r'<(p|h1|h2|li|span)\b[^>]*class="draft" data-draft="machine"', page)
    assert len(drafts) >= 10 and "[fr] Military Progress" in page
    assert not re.search(r' lang="en"[^>]*>\s*Military Progress', page)  # not a fallback to the source
    # The switcher of every page and the language index say which language is a draft.
    assert re.search(
        r'hreflang="fr"[^>]*>français</a>\s*<span class="draft-label">', project.read("output/en/index.html")
    )
    assert "machine draft, not yet reviewed" in project.read("output/index.html")


def test_without_the_policy_drafts_fall_back_to_the_source_and_do_not_count(make_project):
    project = make_project(languages=["fr"], threshold=0)
    drafted(project, "fr")
    configure(project, "publish-drafts = false")
    project.ok("build")
    page = project.read("output/fr/index.html")
    assert "draft-notice" not in page and "[fr]" not in page and 'data-draft="machine"' not in page
    assert 'lang="en"' in page  # every passage is shown in the source language, marked as such


def test_a_reviewed_translation_is_shown_as_such_beside_drafts(make_project):
    project = make_project(languages=["fr"])
    drafted(project, "fr")
    configure(project, "publish-drafts = true")
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Military Progress").flags.remove("fuzzy")
    project.ok("build")
    page = project.read("output/fr/index.html")
    heading = re.search(r"<h2[^>]*>\[fr\] Military Progress</h2>", page)[0]
    assert "draft" not in heading
    assert re.search(r'<h1[^>]*class="draft" data-draft="machine"[^>]*>\[fr\] Our Mission</h1>', page)


def test_an_error_in_a_draft_holds_it_back_and_check_reads_drafts(make_project):
    project = make_project(languages=["fr"])
    drafted(project, "fr")
    configure(project, "publish-drafts = true")
    with editing(project.po("fr", "mission")) as catalogue:
        entry = catalogue.find("87 partners united in ensuring Daesh’s enduring defeat")
        entry.msgstr = "[fr] 88 partenaires"  # a changed number: an error, as in any translation
        mark_draft(entry, "test-engine", DATE)
    result = project.run("check")
    assert result.status == 1 and "error[numbers]" in result.out
    project.ok("build")
    assert "[fr] 88 partenaires" not in project.read("output/fr/index.html")


def test_status_counts_reviewed_draft_fuzzy_and_untranslated_per_language_and_document(make_project):
    project = make_project(languages=["fr"])
    drafted(project, "fr")
    configure(project, "publish-drafts = true")
    with editing(project.po("fr", "mission")) as catalogue:
        catalogue.find("Military Progress").flags.remove("fuzzy")  # reviewed
        catalogue.find("Our Mission").tcomment = ""  # fuzzy without a draft comment
    (status,) = json.loads(project.ok("status", "--format", "json").out)
    mission = status["documents"]["mission"]
    assert (mission["reviewed"], mission["fuzzy"], mission["untranslated"]) == (1, 1, 0)
    assert mission["draft"] == mission["reviewed"] + mission["draft"] + mission["fuzzy"] - 2 > 0
    ui = status["documents"]["ui"]
    assert ui["draft"] > 0 and ui["untranslated"] == status["untranslated"] == 0
    assert (status["reviewed"], status["draft"], status["drafts_published"]) == (
        1,
        mission["draft"] + ui["draft"],
        True,
    )
    text = project.ok("status").out
    assert re.search(rf"^fr\s+1/\d+\s+[\d.]+%\s+{status['draft']}\*\s+1\s", text, re.M)
    dashboard = project.ok("status", "--format", "html").out
    assert '<th scope="col">Reviewed</th><th scope="col">Draft</th>' in dashboard
    assert f"<td>{status['draft']} (published)</td>" in dashboard and 'class="bar-draft"' in dashboard


def test_what_the_repository_publishes_is_labelled_and_every_draft_passes_the_checks():
    repository = Path(__file__).resolve().parent.parent
    for path in sorted((repository / "locales").glob("*/LC_MESSAGES/*.po")):
        catalogue = read_po(path)
        found = {entry_state(entry) for entry in catalogue if not entry.obsolete}
        assert found <= {EntryState.DRAFT, EntryState.TRANSLATED}, path  # nothing stale or missing
        assert po_text(catalogue) == path.read_text(encoding="utf-8")
