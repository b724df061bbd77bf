"""The fuzzy matches of ``update``: GNU msgmerge's measure, the same choices msgmerge makes."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.catalogue import CatalogueResult, merge
from pipeline.pofile import read_po
from pipeline.similarity import FUZZY_MAX_LENGTH, all_similar, most_similar, ratio

CATALOGUES = Path(__file__).resolve().parents[2] / "shared" / "realworld-catalogues"


def test_the_measure_is_msgmerges():
    # 2 x the characters in common, in order, / both lengths: "Incorrect ", "o", "d" and "." of 19 and 15.
    assert ratio("Incorrect password.", "Incorrect code.") == pytest.approx(2 * 13 / 34)
    assert ratio("Same text", "Same text") == 1.0
    assert ratio("Our Mission", "Something else entirely") is None  # below the cut-off
    assert most_similar("Our mission", ["Their vision", "Our Mission", "Our missions"]) == (
        2,
        pytest.approx(2 * 11 / 23),
    )
    assert most_similar("Our mission", ["Our mission!", "Our missionX"])[0] == 0  # the first of the best
    assert most_similar("x" * 100, ["x" * (FUZZY_MAX_LENGTH + 1), "x" * 99]) == (1, pytest.approx(198 / 199))
    assert most_similar("x" * (FUZZY_MAX_LENGTH + 1), ["x" * (FUZZY_MAX_LENGTH + 1)]) is None
    # Every close one, the most alike first (ties in the candidates' order), each with its own ratio.
    assert all_similar("Our mission", ["Their vision", "Our missions", "Our Mission", "Our mission!"]) == [
        (1, pytest.approx(2 * 11 / 23)),
        (3, pytest.approx(2 * 11 / 23)),
        (2, pytest.approx(2 * 10 / 22)),
        (0, pytest.approx(2 * 7 / 23)),
    ]


def edited(text: str, rng: random.Random) -> str:
    """A source text as an author edits it: a word reworded, one added, or one taken out."""
    words = text.split(" ")
    at = rng.randrange(len(words))
    kind = rng.randrange(3)
    if kind == 0:
        words[at] = words[at][::-1]
    elif kind == 1:
        words.insert(at, "really")
    elif len(words) > 1:
        del words[at]
    return " ".join(words)


@pytest.mark.skipif(not CATALOGUES.is_dir(), reason="../shared/realworld-catalogues is not there")
@pytest.mark.parametrize("name", ["allauth-fr.po", "django-nl.po", "glib-tr.po", "sphinx-fr.po", "glib-fa.po"])
def test_a_changed_text_gets_the_old_translation_msgmerge_would_give_it(name, tmp_path):
    """A quarter of a real catalogue's texts edited, a tenth removed: where msgmerge offers an old translation
    no longer in use, ``update`` offers the same one (msgmerge may also offer one still in use; we do not)."""
    old_path = CATALOGUES / name
    old = read_po(old_path, name)
    rng = random.Random(name)
    template = polib.POFile(wrapwidth=0)
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    texts: set[str] = set()  # the template's texts (polib's find reads the whole catalogue each time)
    for entry in old:
        if entry.obsolete or entry.msgid_plural or entry.msgctxt:
            continue
        chance = rng.random()
        if chance < 0.1:
            continue
        text = edited(entry.msgid, rng) if chance < 0.35 else entry.msgid
        if text not in texts:
            texts.add(text)
            template.append(polib.POEntry(msgid=text))
    template_path = tmp_path / "new.pot"
    template_path.write_text(str(template), encoding="utf-8")
    theirs_path = tmp_path / "merged.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(theirs_path), str(old_path), str(template_path)], check=True
    )

    def offered(catalogue: polib.POFile) -> dict[str, str | None]:
        return {
            entry.msgid: entry.previous_msgid if "fuzzy" in entry.flags else None
            for entry in catalogue
            if not entry.obsolete
        }

    theirs = offered(polib.pofile(str(theirs_path)))
    ours = offered(merge(template, read_po(old_path, name), 2, CatalogueResult(tmp_path, None, "x")))
    old_texts = {entry.msgid for entry in old if not entry.obsolete}
    changed = [entry.msgid for entry in template if entry.msgid not in old_texts]
    comparable = [text for text in changed if theirs[text] is not None and theirs[text] not in texts]
    assert len(comparable) > 30
    assert [ours[text] for text in comparable] == [theirs[text] for text in comparable]
