"""A deterministic corpus for benchmarks: P pages x M paragraphs x L languages.

    python benchmarks/corpus.py DIR --pages 50 --paragraphs 30 --languages 20

writes a complete project into DIR: ``pipeline.toml``, ``source/page-NNN.md``
with realistic paragraphs (inline markup, links, numbers), and filled
catalogues in real languages, Arabic-script ones included. The same arguments
always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.cli import main as pipeline_main  # noqa: E402
from pipeline.pofile import po_text, read_po  # noqa: E402

LANGUAGES = [
    "ar", "fr", "fa_AF", "ckb", "ps", "tr", "nl", "ha", "ku", "de",
    "es", "it", "pt", "ru", "zh_Hans", "ja", "ko", "ur", "he", "sw",
    "pl", "uk", "el", "hi", "bn", "id", "vi", "th", "ro", "cs",
    "sv", "da", "fi", "nb", "hu", "bg", "sr", "hr", "sk", "sl",
]  # fmt: skip

WORDS = (
    "coalition partners members support stabilisation restoration essential public services areas liberated "
    "working international local government continue redeveloping formerly controlled including damaged conflict "
    "ensuring citizens voluntarily return home safety rebuild communities social cohesion inclusive governance "
    "funding facility regional states recovering propaganda influence audiences important success efforts networks "
    "remain active communications campaigns testimony effects actions industry agenda preventing exploitation online "
    "spaces military progress security forces deliver defeat advise assist enable operational capabilities "
    "reconnaissance intelligence threat foreign fighters travelling territories countries working group obligations "
    "recommendations resolution requires measures strengthen financial system designating leaders facilitators"
).split()

# Letters that stand in for a translation, per script: enough to exercise every script's code paths.
ALPHABETS = {
    "Arab": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "Persian": "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
    "Hebr": "אבגדהוזחטיכלמנסעפצקרשת",
    "Cyrl": "абвгдежзийклмнопрстуфхцчшщыэюя",
    "Grek": "αβγδεζηθικλμνξοπρστυφχψω",
    "CJK": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年",
    "Kana": "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも",
    "Hang": "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허",
    "Deva": "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशसह",
    "Beng": "অআইঈউঊএঐওঔকখগঘচছজঝটঠডঢণতথদধনপফবভমযরলশসহ",
    "Thai": "กขคงจฉชซญดตถทนบปผพฟมยรลวสหอฮ",
}
SCRIPT_OF = {
    "ar": "Arab", "fa_AF": "Persian", "ckb": "Persian", "ps": "Persian", "ur": "Persian", "he": "Hebr",
    "ru": "Cyrl", "uk": "Cyrl", "bg": "Cyrl", "sr": "Cyrl", "el": "Grek", "zh_Hans": "CJK", "ja": "Kana",
    "ko": "Hang", "hi": "Deva", "bn": "Beng", "th": "Thai",
}  # fmt: skip
# Latin-script languages: their letters, some of them accented.
LATIN = "abcdefghijklmnopqrstuvwxyzàäçéèëïñöüş"
# Chinese, Japanese and Korean say in a character what Latin script says in two or three letters.
LETTERS_PER_CHARACTER = {"CJK": 3, "Kana": 2, "Hang": 2}


def paragraph(rng: random.Random, page: int, number: int) -> str:
    words: list[str] = []
    while len(words) < rng.randint(35, 70):
        word = rng.choice(WORDS)
        if not words or word != words[-1]:  # no accidental "in in"
            words.append(word)
    words[0] = words[0].capitalize()
    words.insert(rng.randint(3, 10), f"{rng.randint(2, 2100)}")
    if rng.random() < 0.5:
        at = rng.randint(5, len(words) - 5)
        words[at] = f"**{words[at]}**"
    if rng.random() < 0.4:
        at = rng.randint(5, len(words) - 5)
        words[at] = f"*{words[at]}*"
    if rng.random() < 0.4:
        at = rng.randint(5, len(words) - 6)
        words[at : at + 2] = [f"[{words[at]} {words[at + 1]}](https://example.org/{page}/{number})"]
    return " ".join(words) + "."


def document(rng: random.Random, page: int, paragraphs: int) -> str:
    lines = [
        "---",
        f"title: Page {page} on {rng.choice(WORDS)} {rng.choice(WORDS)}",
        f"description: About {rng.choice(WORDS)}",
        "---",
        "",
    ]
    lines += [f"# Page {page} on {rng.choice(WORDS)}", ""]
    for number in range(paragraphs):
        if number and number % 6 == 0:
            lines += [f"## {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} {number}", ""]
        lines += [paragraph(rng, page, number), ""]
    return "\n".join(lines)


def pseudo_translate(text: str, code: str) -> str:
    """A stand-in translation that keeps markup, link targets and numbers, in the language's script.

    Each language has its own, as on a real site: were two languages of one script given the same texts,
    whatever is kept by text (parsed Markdown, a text's checks) would serve one from the other's work,
    and a small corpus, whose texts the caches hold whole, would be timed faster than a real one.
    """
    script = SCRIPT_OF.get(code)
    salt = zlib.crc32(code.encode("ascii"))  # not hash(): the same bytes in every process
    out = []
    for piece in _pieces(text):
        if piece[0] or not piece[1].isalpha():
            out.append(piece[1])
        elif script is None:
            out.append(_pseudo_word(piece[1], LATIN, 1, salt) if len(piece[1]) > 3 else piece[1])
        else:
            out.append(_pseudo_word(piece[1], ALPHABETS[script], LETTERS_PER_CHARACTER.get(script, 1), salt))
    return "".join(out)


def _pseudo_word(word: str, alphabet: str, letters_per_character: int, salt: int) -> str:
    if letters_per_character == 1:
        return "".join(alphabet[(ord(letter) * 7 + index + salt) % len(alphabet)] for index, letter in enumerate(word))
    # Fewer characters than letters: drawn from the whole word, so that two words rarely come out the same.
    number = int.from_bytes(word.encode("utf-8"), "big") + salt
    length = -(-len(word) // letters_per_character)
    return "".join(alphabet[(number // len(alphabet) ** index) % len(alphabet)] for index in range(length))


def _pieces(text: str) -> list[tuple[bool, str]]:
    """(keep as is, text) pieces: link targets and non-letters are kept."""
    import re

    pieces: list[tuple[bool, str]] = []
    for part in re.split(r"(\]\([^)]*\)|%\([a-z]+\)s|[A-Za-z]+)", text):
        if not part:
            continue
        pieces.append((part.startswith(("](", "%(")), part))
    return pieces


def generate(root: Path, pages: int, paragraphs: int, languages: int, pdf: bool = True) -> None:
    """The corpus in ``root``; with ``pdf`` False its configuration turns PDFs off (the tests' corpora)."""
    codes = LANGUAGES[:languages]
    root.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(f'"{code}"' for code in codes)
    (root / "pipeline.toml").write_text(
        'site-name = "Benchmark Site"\nbase-url = "https://bench.example.org/"\nhome = "page-001"\n'
        f"languages = [{listed}]\npublish-threshold = 80\n" + ("" if pdf else "pdf = false\n"),
        encoding="utf-8",
    )
    source = root / "source"
    source.mkdir(exist_ok=True)
    rng = random.Random(20261126)
    for page in range(1, pages + 1):
        (source / f"page-{page:03d}.md").write_text(document(rng, page, paragraphs), encoding="utf-8")
    import contextlib
    import io
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1780000000")
    with contextlib.redirect_stdout(io.StringIO()):
        status = pipeline_main(["--project", str(root), "update"])
    if status:
        raise SystemExit(f"pipeline update failed with status {status}")
    for code_dir in sorted((root / "locales").iterdir()):
        if not code_dir.is_dir():
            continue
        for path in sorted((code_dir / "LC_MESSAGES").glob("*.po")):
            catalogue = read_po(path)
            for entry in catalogue:
                if entry.msgid_plural:
                    entry.msgstr_plural = {
                        index: pseudo_translate(entry.msgid_plural, code_dir.name) for index in entry.msgstr_plural
                    }
                else:
                    entry.msgstr = pseudo_translate(entry.msgid, code_dir.name)
            path.write_text(po_text(catalogue), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=30)
    parser.add_argument("--languages", type=int, default=20)
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        raise SystemExit(f"{args.folder} is not empty")
    generate(args.folder, args.pages, args.paragraphs, args.languages)
    print(f"{args.folder}: {args.pages} pages x {args.paragraphs} paragraphs x {args.languages} languages")


if __name__ == "__main__":
    main()
