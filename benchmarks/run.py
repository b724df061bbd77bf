"""Time every stage of the pipeline, and the reference tools on the same corpus, in one run.

    python benchmarks/run.py --size mission            # the shipped project: 1 page, 10 languages
    python benchmarks/run.py --size medium --runs 3    # 50 pages x 30 paragraphs x 20 languages
    python benchmarks/run.py --size large --runs 1 --no-pdf   # 300 pages x 40 paragraphs x 40 languages

Each pipeline stage runs as its own process, as a publisher runs it; the table
gives the median wall time of ``--runs`` runs, the median CPU time (the command's
and its workers') and CPU per message of the corpus, and the command's peak
memory. A bare ``python -c pass`` is timed in the same run, and the builds are
given as multiples of it under the table.
With the ``bench`` extra installed (``pip install -e '.[bench]'``: Sphinx with
MyST and sphinx-intl, Translate Toolkit, mdpo) and GNU gettext, the reference
tools are timed on the same corpus in the same run and the ratios printed:
Sphinx (one ``sphinx-build -D language=`` per language: everything, then
everything again with nothing changed, then the one language whose catalogue
changed), po4a and mdpo (translated Markdown for every page and language: mdpo both through
its Python API in one warm process and through its ``md2po2md`` command), ``msgmerge``
(one call per catalogue), ``pybabel update`` (one call per template),
``pofilter`` and ``pocount``. The table is printed and written to
``benchmarks/results/<size>.md``.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import generate  # noqa: E402
from measure import Measured, timed  # noqa: E402

SIZES = {"mission": None, "small": (10, 30, 10), "medium": (50, 30, 20), "large": (300, 40, 40)}
BIN = Path(sys.executable).parent
SET_ASIDE = Path(tempfile.gettempdir()) / f"pipeline-bench-set-aside-{os.getpid()}"


@dataclass
class Timing:
    stage: str
    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0  # user + system, the command's workers included
    reference: str = ""
    reference_seconds: float = 0.0
    per_message: bool = True  # a stage of the pipeline over the corpus, not a figure for scale


def pipeline(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "--project", str(project), *args]


def median_of(runs: int, command: list[str], prepare=None, ok=(0,)) -> Measured:
    """The median wall and CPU seconds of ``runs`` runs, and the highest peak of memory."""
    results: list[Measured] = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        results.append(timed(command, ok=ok))
    return Measured(
        statistics.median(run.seconds for run in results),
        max(run.peak_mb for run in results),
        statistics.median(run.cpu_seconds for run in results),
    )


def set_aside(path: Path) -> None:
    """Take ``path`` out of the way of a timed build, to be deleted when the run ends (``empty_set_aside``).

    Deleting thousands of files just before a build would slow the build down:
    for a minute after a deletion, ext4 skips the freed inodes when it makes
    new files (in the kernel's ``recently_deleted``), which cost the medium
    build ~0.3 s. A build into a fresh clone does not pay that. Every tool's
    old output is set aside alike.
    """
    if path.exists():
        SET_ASIDE.mkdir(exist_ok=True)
        try:
            path.rename(SET_ASIDE / f"{len(list(SET_ASIDE.iterdir()))}-{path.name}")
        except OSError:  # on another file system (--keep elsewhere): deleted after all
            shutil.rmtree(path)


@atexit.register
def empty_set_aside() -> None:
    shutil.rmtree(SET_ASIDE, ignore_errors=True)


def corpus(size: str, folder: Path) -> Path:
    project = folder / "project"
    if SIZES[size] is None:
        project.mkdir(parents=True)
        for name in ("pyproject.toml", "source", "locales"):
            source = HERE.parent / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    else:
        pages, paragraphs, languages = SIZES[size]
        generate(project, pages, paragraphs, languages)
    return project


def languages_of(project: Path) -> list[str]:
    """The corpus's translation languages: the folders of ``locales/``."""
    return sorted(path.name for path in (project / "locales").iterdir() if path.is_dir())


def describe(project: Path) -> tuple[int, int, int, int]:
    catalogues = list((project / "locales").rglob("*.po"))
    messages = sum(path.read_text(encoding="utf-8").count("\nmsgid ") - 1 for path in catalogues)
    languages = len(languages_of(project))
    return len(list((project / "source").glob("*.md"))), languages, len(catalogues), messages


def touch_one_catalogue(project: Path) -> str:
    """Change one translation, as a translator saving a file in Poedit does; return its language."""
    from pipeline.pofile import po_text, read_po

    path = sorted((project / "locales").glob("*/LC_MESSAGES/*.po"))[0]
    catalogue = read_po(path)
    entry = next(entry for entry in catalogue if entry.msgstr and not entry.msgid_plural)
    entry.msgstr = entry.msgstr[:-1] if entry.msgstr.endswith("…") else entry.msgstr + "…"
    path.write_text(po_text(catalogue), encoding="utf-8")
    return path.parent.parent.name


def forget_merges(project: Path) -> None:
    from pipeline.catalogue import MERGED

    (project / "output" / MERGED).unlink(missing_ok=True)


def change_every_document(project: Path) -> None:
    for document in sorted((project / "source").glob("*.md")):
        text = document.read_text(encoding="utf-8")
        document.write_text(text + "\nOne more paragraph for the benchmark.\n", encoding="utf-8")


def exchange(project: Path, folder: Path, stage) -> None:
    """XLIFF and TMX out, then XLIFF back in: as returned untouched, and with every translation changed
    (as a CAT tool returns an agency's revision); the catalogues are put back as they were after each run."""
    xliff, tmx, revised = folder / "xliff", folder / "tmx", folder / "revised"
    stage("export, XLIFF 2.1, every language", "export", "--format", "xliff", "-o", str(xliff))
    stage("export, TMX 1.4b, every language", "export", "--format", "tmx", "-o", str(tmx))
    files = sorted(xliff.glob("*.xlf"))
    kept = folder / "locales-before-import"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(project / "locales", kept)

    def put_back() -> None:
        # Set aside, not deleted: the import writes a catalogue where one was just deleted, which ext4 makes
        # slow for a minute (see set_aside); the update it is compared with pays nothing of the kind.
        set_aside(project / "locales")
        shutil.copytree(kept, project / "locales")

    stage("import, XLIFF as exported (nothing changed)", "import", *map(str, files), prepare=put_back, ok=(0, 1))
    revised.mkdir(exist_ok=True)
    for path in files:
        (revised / path.name).write_bytes(revise(path.read_bytes()))
    changed = sorted(map(str, revised.glob("*.xlf")))
    stage("import, XLIFF with every translation changed", "import", *changed, prepare=put_back, ok=(0, 1))
    put_back()


def revise(data: bytes) -> bytes:
    """An XLIFF 2 file with every non-empty target changed at its end, as a reviser's edit."""
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for target in root.iter("{urn:oasis:names:tc:xliff:document:2.0}target"):
        if len(target):
            target[-1].tail = (target[-1].tail or "") + " (rev.)"
        elif target.text:
            target.text += " (rev.)"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def serve_rebuild(project: Path, runs: int) -> float:
    """The preview's rebuild after a catalogue is saved, in the running server's warm process."""
    from pipeline.config import load_project
    from pipeline.serve import Preview

    preview = Preview(load_project(project), preview_all=False, log=lambda line: None)
    preview.rebuild()
    times = []
    for _ in range(runs):
        touch_one_catalogue(project)
        started = time.perf_counter()
        preview.rebuild()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Sphinx:
    """Sphinx with MyST on a copy of the corpus: one ``sphinx-build -D language=`` per language, as its i18n guide says.

    Its own incremental builds are timed too: everything again with nothing
    changed, and one language after one of its catalogues changed.
    """

    def __init__(self, project: Path, folder: Path) -> None:
        self.project, self.site = project, folder / "sphinx"
        self.languages = ["en", *languages_of(project)]

    def full(self) -> float | None:
        if not (BIN / "sphinx-build").exists():
            return None
        site = self.site
        set_aside(site)
        shutil.copytree(self.project / "source", site / "source")
        shutil.copytree(self.project / "locales", site / "source" / "locales", ignore=shutil.ignore_patterns("*.pot"))
        home = sorted((self.project / "source").glob("*.md"))[0].stem
        (site / "source" / "conf.py").write_text(
            f'extensions = ["myst_parser"]\nroot_doc = "{home}"\nlocale_dirs = ["locales/"]\n'
            'gettext_compact = False\nexclude_patterns = ["locales"]\nhtml_theme = "basic"\n',
            encoding="utf-8",
        )
        return self.build(self.languages)

    def nothing_changed(self) -> float | None:
        return self.build(self.languages) if (self.site / "out").exists() else None

    def one_catalogue_changed(self) -> float | None:
        if not (self.site / "out").exists():
            return None
        code = touch_one_catalogue(self.site / "source")
        return self.build([code])

    def build(self, languages: list[str]) -> float:
        started = time.perf_counter()
        for code in languages:
            subprocess.run(
                [str(BIN / "sphinx-build"), "-q", "-b", "html", "-D", f"language={code}", "source", f"out/{code}"],
                cwd=self.site, check=True, capture_output=True,
            )  # fmt: skip
        return time.perf_counter() - started


def pybabel(project: Path, folder: Path) -> float | None:
    """Babel's ``pybabel update``, one call per template (it updates every language's catalogue of it)."""
    if not (BIN / "pybabel").exists():
        return None
    locales = folder / "pybabel"
    shutil.rmtree(locales, ignore_errors=True)
    shutil.copytree(project / "locales", locales)
    started = time.perf_counter()
    for template in sorted(locales.glob("*.pot")):
        subprocess.run(
            [str(BIN / "pybabel"), "-q", "update", "-i", str(template), "-d", str(locales), "-D", template.stem],
            check=True, capture_output=True,
        )  # fmt: skip
    return time.perf_counter() - started


def mdpo(project: Path, folder: Path) -> float | None:
    """mdpo: a translated Markdown file for every page and language, in one process."""
    try:
        from mdpo.po2md import pofile_to_markdown
    except ImportError:
        return None
    out = folder / "mdpo"
    out.mkdir(exist_ok=True)
    started = time.perf_counter()
    for code in languages_of(project):
        for document in sorted((project / "source").glob("*.md")):
            catalogue = project / "locales" / code / "LC_MESSAGES" / f"{document.stem}.po"
            if catalogue.exists():
                pofile_to_markdown(str(document), str(catalogue), save=str(out / f"{code}-{document.name}"))
    return time.perf_counter() - started


def md2po2md(project: Path, folder: Path) -> float | None:
    """mdpo's own command for many languages: ``md2po2md`` once per page, translating it into every language.

    As its documentation shows it (``md2po2md README.md -l es fr -o "locale/{lang}"``), with the
    catalogues put where it looks for them (``<lang>/<page>.md.po``) before the clock starts. Besides
    the translated Markdown it also brings each catalogue up to date, as po4a does by default.
    """
    if not (BIN / "md2po2md").exists():
        return None
    site = folder / "md2po2md"
    set_aside(site)
    shutil.copytree(project / "source", site / "source")
    languages = languages_of(project)
    for code in languages:
        (site / "out" / code).mkdir(parents=True)
        for catalogue in (project / "locales" / code / "LC_MESSAGES").glob("*.po"):
            shutil.copy(catalogue, site / "out" / code / f"{catalogue.stem}.md.po")
    pages = sorted(path.name for path in (site / "source").glob("*.md"))
    started = time.perf_counter()
    for page in pages:
        subprocess.run(
            [str(BIN / "md2po2md"), "-q", f"source/{page}", "-l", *languages, "-o", "out/{lang}"],
            cwd=site, check=True, capture_output=True,
        )  # fmt: skip
    return time.perf_counter() - started


def po4a(project: Path, folder: Path) -> float | None:
    """po4a: one run of its unified command translating every page into every language (Markdown)."""
    if shutil.which("po4a") is None:
        return None
    site = folder / "po4a"
    set_aside(site)
    shutil.copytree(project / "source", site / "source")
    shutil.copytree(project / "locales", site / "locales")
    languages = languages_of(project)
    lines = [
        f"[po4a_langs] {' '.join(languages)}",
        "[po4a_paths] locales/$master.pot $lang:locales/$lang/LC_MESSAGES/$master.po",
        "[options] --keep 0 --master-charset UTF-8 --localized-charset UTF-8",
        *(
            f'[type: text] source/{page.name} $lang:out/$lang/{page.name} pot={page.stem} opt:"-o markdown"'
            for page in sorted((site / "source").glob("*.md"))
        ),
    ]
    (site / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(["po4a", "--no-update", "po4a.cfg"], cwd=site, check=True, capture_output=True)
    return time.perf_counter() - started


def msgmerge(project: Path, folder: Path) -> float | None:
    if shutil.which("msgmerge") is None:
        return None
    started = time.perf_counter()
    for catalogue in sorted((project / "locales").glob("*/LC_MESSAGES/*.po")):
        template = project / "locales" / f"{catalogue.stem}.pot"
        subprocess.run(
            ["msgmerge", "--quiet", "--previous", "-o", str(folder / "merged.po"), str(catalogue), str(template)],
            check=True,
        )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="mission")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the corpus here (or use the one already there)")
    parser.add_argument("--no-references", action="store_true", help="time the pipeline only")
    parser.add_argument(
        "--no-pdf",
        action="store_true",
        help="every build with --no-pdf, and no build with PDFs (the large corpus would make 12,000 of them)",
    )
    args = parser.parse_args()

    # As an installed package would be: the tool's own modules compiled once.
    compileall.compile_dir(str(HERE.parent / "pipeline"), quiet=1)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1780000000")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    project = folder / "project"
    if not project.exists():
        project = corpus(args.size, folder)
    pages, languages, catalogues, messages = describe(project)
    print(f"corpus: {pages} pages, {languages} languages, {catalogues} catalogues, {messages} messages", flush=True)
    output = project / "output"
    runs = args.runs
    rows: list[Timing] = []

    def stage(name: str, *command: str, prepare=None, ok=(0,)) -> Timing:
        seconds, peak, cpu = median_of(runs, pipeline(project, *command), prepare, ok)
        rows.append(Timing(name, seconds, peak, cpu))
        print(f"{name}: {seconds:.2f} s, {peak:.0f} MB, {cpu:.2f} s of CPU", flush=True)
        return rows[-1]

    stage("extract", "extract")
    # A fresh corpus has never been merged: the first update merges every
    # catalogue and records what it merged; "nothing changed" is every later one.
    stage("update, first run (every catalogue merged)", "update", prepare=lambda: forget_merges(project))
    stage("update, nothing changed", "update")
    full_update = stage("update, every document changed", "update", prepare=lambda: change_every_document(project))
    check = stage("check (all checks, all catalogues)", "check", ok=(0, 1))
    status = stage("status", "status")
    exchange(project, folder, stage)
    # Without PDFs, as builds were before there were any (and as the reference tools make no PDF either);
    # then with them, the default: the difference, per PDF made, is what a page's PDF costs.
    build = stage(
        "build, full, --no-pdf (into an empty output/)",
        "build",
        "--quiet",
        "--no-pdf",
        prepare=lambda: set_aside(output),
    )
    # Everything rendered again, build space kept (its compiled templates): what --force costs.
    forced = stage("build, everything again, --no-pdf --force", "build", "--quiet", "--no-pdf", "--force")
    pdf = ("--no-pdf",) if args.no_pdf else ()
    if not args.no_pdf:
        with_pdfs = stage(
            "build, full, with PDFs (into an empty output/)", "build", "--quiet", prepare=lambda: set_aside(output)
        )
        made = len(list(output.rglob("*.pdf")))
        if made:
            each = (with_pdfs.seconds - build.seconds) / made
            rows.append(Timing(f"PDFs: each of the {made} (the difference of the two builds, per PDF)", each, 0))
            print(f"PDFs: {made}, {each:.3f} s each", flush=True)
    unchanged_build = stage("build, nothing changed", "build", "--quiet", *pdf)
    one_po_build = stage(
        "build, one .po changed", "build", "--quiet", *pdf, prepare=lambda: touch_one_catalogue(project)
    )
    # The scale a build's whole command is read against, in the same run (a bare interpreter's start-up).
    # Its runs vary from 35 to 75 ms on a shared machine, and the median of five gave 0.034 s in one run
    # and 0.043 s in the next (the no-op build's ratio 6.1, then 4.1, for builds of 0.21 s and 0.18 s):
    # so the median of many, a second in all.
    bare = median_of(max(runs, 21), [sys.executable, "-c", "pass"])
    rows.append(
        Timing(
            "start-up of a bare `python -c pass`, for scale",
            bare.seconds,
            bare.peak_mb,
            bare.cpu_seconds,
            per_message=False,
        )
    )
    print(f"start-up of a bare python -c pass: {bare.seconds:.3f} s", flush=True)
    seconds = serve_rebuild(project, runs)
    rows.append(Timing("serve: rebuild after a .po is saved (warm process)", seconds, 0))
    print(f"serve rebuild: {seconds:.2f} s", flush=True)

    sphinx = Sphinx(project, folder)
    references = [
        (build, "Sphinx + MyST, one sphinx-build per language", sphinx.full),
        (unchanged_build, "Sphinx, every language again, nothing changed", sphinx.nothing_changed),
        (one_po_build, "Sphinx, the one language whose .po changed", sphinx.one_catalogue_changed),
        (build, "po4a, every page and language (Markdown, not HTML)", lambda: po4a(project, folder)),
        (build, "mdpo po2md, in one warm process (Markdown, not HTML)", lambda: mdpo(project, folder)),
        (build, "mdpo md2po2md, one call per page (Markdown, not HTML)", lambda: md2po2md(project, folder)),
        (full_update, "GNU msgmerge, one call per catalogue", lambda: msgmerge(project, folder)),
        (full_update, "pybabel update, one call per template", lambda: pybabel(project, folder)),
    ]
    if (BIN / "pofilter").exists():
        references.append(
            (
                check,
                "Translate Toolkit pofilter",
                lambda: timed(
                    [
                        str(BIN / "pofilter"),
                        "--progress=none",
                        "-i",
                        str(project / "locales"),
                        "-o",
                        str(folder / "pofilter"),
                    ],
                    ok=(0, 1),
                )[0],
            )
        )  # noqa: E501
    if (BIN / "pocount").exists():
        references.append(
            (status, "Translate Toolkit pocount", lambda: timed([str(BIN / "pocount"), str(project / "locales")])[0])
        )  # noqa: E501
    extra: list[Timing] = []
    for row, name, measure in [] if args.no_references else references:
        seconds = measure()
        if seconds is None:
            continue
        print(f"{name}: {seconds:.2f} s", flush=True)
        if row.reference:
            extra.append(
                Timing(row.stage, row.seconds, row.peak_mb, row.cpu_seconds, reference=name, reference_seconds=seconds)
            )
        else:
            row.reference, row.reference_seconds = name, seconds

    lines = [
        f"Corpus: {pages} pages, {languages} languages, {catalogues} catalogues, {messages} messages "
        f"(size {args.size}); {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"median of {runs} runs.",
        "",
        "| stage | pipeline | CPU | CPU per message | peak MB | reference | reference | ratio |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for row in rows + extra:
        cells = [
            row.stage,
            f"{row.seconds:.2f} s",
            f"{row.cpu_seconds:.2f} s" if row.cpu_seconds else "",
            f"{row.cpu_seconds / messages * 1e6:.0f} µs" if row.cpu_seconds and row.per_message else "",
            f"{row.peak_mb:.0f}" if row.peak_mb else "",
        ]
        if row.reference:
            cells += [row.reference, f"{row.reference_seconds:.2f} s", f"{row.reference_seconds / row.seconds:.1f}x"]
        else:
            cells += ["", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"A full build into an empty output/ takes {build.seconds / bare.seconds:.1f} times a bare start-up, "
        f"everything again with --force {forced.seconds / bare.seconds:.1f} times, "
        f"and a build with nothing changed {unchanged_build.seconds / bare.seconds:.1f} times.",
    ]
    table = "\n".join(lines)
    print(table)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / f"{args.size}.md").write_text(table + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
