"""Bounded resources: time and peak memory on hostile sizes, and how time grows with size.

    python benchmarks/limits.py            # every case
    python benchmarks/limits.py --quick    # smaller sizes, to try it out in a minute

Cases: a 50 MB catalogue, a 1 MB paragraph, 10,000 messages in one document,
200 languages; each is measured at its size and at a quarter of it, so the
table shows whether time grows linearly (a ratio near 4) or worse.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from babel import localedata

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from measure import Measured, timed  # noqa: E402

from pipeline.languages import language  # noqa: E402

WORDS = "the coalition works with partners to stabilise liberated areas and counter propaganda online".split()


def sentence(index: int, words: int) -> str:
    return " ".join(WORDS[(index * 7 + offset) % len(WORDS)] for offset in range(words)).capitalize() + f" {index}."


def project(root: Path, languages: list[str], body: str) -> Path:
    (root / "source").mkdir(parents=True)
    codes = ", ".join(f'"{code}"' for code in languages)
    (root / "pipeline.toml").write_text(
        f'site-name = "Limits"\nbase-url = "https://limits.example.org/"\nhome = "page"\n'
        f"languages = [{codes}]\npublish-threshold = 0\n",
        encoding="utf-8",
    )
    (root / "source/page.md").write_text(f"---\ntitle: Limits\n---\n\n# Limits\n\n{body}\n", encoding="utf-8")
    return root


def translate_all(root: Path, code: str, padding: int = 0) -> None:
    """Fill one catalogue; ``padding`` translator-comment lines per entry make it as big as wanted."""
    from pipeline.pofile import po_text, read_po

    path = root / "locales" / code / "LC_MESSAGES" / "page.po"
    catalogue = read_po(path)
    for entry in catalogue:
        entry.msgstr = entry.msgid.upper()
        if padding:
            entry.tcomment = "\n".join(f"reviewed line {line}: " + "x" * 60 for line in range(padding))
    path.write_text(po_text(catalogue), encoding="utf-8")


def run(root: Path, *command: str) -> Measured:
    return timed([sys.executable, "-m", "pipeline", "--project", str(root), *command])


def big_catalogue(root: Path, scale: float) -> str:
    entries = int(2000 * scale)
    project(root, ["fr"], "\n\n".join(sentence(index, 12) for index in range(entries)))
    run(root, "update")
    translate_all(root, "fr", padding=300)
    size = (root / "locales/fr/LC_MESSAGES/page.po").stat().st_size
    return f"{size / 1e6:.0f} MB catalogue"


def long_paragraph(root: Path, scale: float) -> str:
    text = " ".join(sentence(index, 20) for index in range(int(8000 * scale)))
    project(root, ["fr"], text)
    run(root, "update")
    translate_all(root, "fr")
    return f"{len(text) / 1e6:.1f} MB paragraph"


def many_messages(root: Path, scale: float) -> str:
    count = int(10_000 * scale)
    project(root, ["fr"], "\n\n".join(sentence(index, 10) for index in range(count)))
    run(root, "update")
    translate_all(root, "fr")
    return f"{count} messages in one document"


def many_languages(root: Path, scale: float) -> str:
    seen, codes = set(), []
    for code in sorted(localedata.locale_identifiers()):
        try:
            lang = language(code)
        except Exception:  # noqa: BLE001 (some identifiers are not languages: skip them)
            continue
        if "_" in lang.code or lang.code in seen or lang.code == "en":
            continue
        seen.add(lang.code)
        codes.append(lang.code)
    codes = codes[: int(200 * scale)]
    project(root, codes, "\n\n".join(sentence(index, 12) for index in range(20)))
    run(root, "update")
    for code in codes:
        translate_all(root, code)
    return f"{len(codes)} languages"


CASES: dict[str, Callable[[Path, float], str]] = {
    "catalogue": big_catalogue,
    "paragraph": long_paragraph,
    "messages": many_messages,
    "languages": many_languages,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("cases", nargs="*", metavar="CASE", help=f"some of: {', '.join(CASES)} (default: all)")
    args = parser.parse_args()
    unknown = set(args.cases) - set(CASES)
    if unknown:
        parser.error(f"unknown case {sorted(unknown)[0]!r}; the cases are {', '.join(CASES)}")
    full = 0.1 if args.quick else 1.0
    rows = []
    for name in args.cases or CASES:
        results = {}
        for scale in (full / 4, full):
            root = Path(tempfile.mkdtemp(prefix=f"pipeline-limits-{name}-"))
            label = CASES[name](root / "project", scale)
            update = run(root / "project", "update")
            build = run(root / "project", "build")
            check = run(root / "project", "check")
            results[scale] = (label, update, build, check)
            shutil.rmtree(root, ignore_errors=True)
        (small_label, small_update, small_build, small_check) = results[full / 4]
        label, update, build, check = results[full]
        rows.append(
            f"| {label} | {update[0]:.2f} s, {update[1]:.0f} MB | {build[0]:.2f} s, {build[1]:.0f} MB | "
            f"{check[0]:.2f} s, {check[1]:.0f} MB | {build[0] / small_build[0]:.1f} |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; one run each.",
            "",
            "| case | update | build | check | build time at 4x the size |",
            "|---|---|---|---|---:|",
            *rows,
        ]
    )
    print(table)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / ("limits-quick.md" if args.quick else "limits.md")).write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
