"""The build manifest: what the last build read and made, so the next one does only what changed.

Each input (the configuration, every document, catalogue and project
template, the glossary, the version-control head that dates come from) is
known by its stamp (``cache``: a file whose size and modification time did
not change keeps its hash without being read again). The manifest also keeps, per
catalogue, its counts and check results; per document and language, the key
its text was rendered for; and per builder, each output's path and the key it
was made from (``outputs``: a builder's outputs are its own business, whatever
their names). It is a record of the change cache, ``output/.build/manifest.json``:
one that is corrupt or was written by another version of the tool is ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .cache import Stamp, digest, read_any_record, read_record, stamp_files, tool_signature, write_record
from .config import Project
from .files import inside
from .layout import CatalogueId, catalogue_relative
from .sources import UI_DOMAIN
from .status import Counts, LanguageStatus

MANIFEST = ".build/manifest.json"
KIND = "build manifest"


@dataclass
class CatalogueStats:
    """One catalogue's counts and check results, and the key they were computed for."""

    key: str
    counts: Counts = field(default_factory=Counts)
    errors: int = 0
    warnings: int = 0
    fuzzy_critical: int = 0
    held_back: int = 0
    missing: bool = False


@dataclass
class Manifest:
    site_key: str = ""
    head: str = ""  # the commit the documents' dates were read at
    inputs: dict[str, Stamp] = field(default_factory=dict)
    stats: dict[CatalogueId, CatalogueStats] = field(default_factory=dict)
    dates: dict[str, list[Any]] = field(default_factory=dict)  # document -> [key, ISO date or None]
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # builder -> output path -> its key
    files: list[str] = field(default_factory=list)  # every file the build made, under output/
    published: list[str] = field(default_factory=list)
    texts: dict[CatalogueId, str] = field(default_factory=dict)  # the key each document's text was rendered for
    builders: list[str] = field(default_factory=list)  # the builders that made the site, by name
    # language -> [the keys of the texts its navigation shows, the navigation's own key] (``BuildContext``)
    navigation: dict[str, list[str]] = field(default_factory=dict)

    def save(self, project: Project) -> None:
        """Keep the manifest in build space for the next build."""
        data = {
            "site_key": self.site_key,
            "head": self.head,
            "inputs": {name: [item.size, item.mtime_ns, item.digest] for name, item in self.inputs.items()},
            "stats": {str(name): _stats_row(item) for name, item in self.stats.items()},
            "dates": self.dates,
            "outputs": self.outputs,
            "files": self.files,
            "published": self.published,
            "texts": {str(name): key for name, key in self.texts.items()},
            "builders": self.builders,
            "navigation": self.navigation,
        }
        write_record(project, MANIFEST, KIND, data)


COUNT_FIELDS = [item.name for item in fields(Counts)]
STATS_FIELDS = [item.name for item in fields(CatalogueStats) if item.name != "counts"]


def _stats_row(stats: CatalogueStats) -> list[Any]:
    return [[getattr(stats.counts, name) for name in COUNT_FIELDS], *(getattr(stats, name) for name in STATS_FIELDS)]


def _stats_from_row(row: list[Any]) -> CatalogueStats:
    """The stats ``_stats_row`` wrote, read back by position (a large site's manifest has 12,000 rows): the
    fields in their declared order, ``key`` then ``counts`` first (tests/test_incremental.py checks it)."""
    if len(row) != 1 + len(STATS_FIELDS) or len(row[0]) != len(COUNT_FIELDS):
        raise ValueError("a catalogue's stats recorded with other fields")
    return CatalogueStats(row[1], Counts(*row[0]), *row[2:])


def load_manifest(project: Project) -> Manifest | None:
    """The last build's manifest, or None if there is none, it is damaged, or another version wrote it."""
    data = read_record(project, MANIFEST, KIND)
    if data is None:
        return None
    try:
        return Manifest(
            site_key=str(data["site_key"]),
            head=str(data["head"]),
            inputs={str(path): Stamp(*value) for path, value in data["inputs"].items()},
            stats={CatalogueId.parse(str(name)): _stats_from_row(value) for name, value in data["stats"].items()},
            dates={str(name): list(value) for name, value in data["dates"].items()},
            outputs={
                str(builder): {str(path): str(key) for path, key in made.items()}
                for builder, made in data["outputs"].items()
            },
            files=[str(path) for path in data["files"]],
            published=[str(code) for code in data["published"]],
            texts={CatalogueId.parse(str(name)): str(key) for name, key in data["texts"].items()},
            builders=[str(name) for name in data["builders"]],
            navigation={str(code): [str(made_of), str(key)] for code, (made_of, key) in data["navigation"].items()},
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def statuses_from(project: Project, manifest: Manifest) -> list[LanguageStatus]:
    """Each configured language's progress, summed from its catalogues' recorded stats."""
    by_language: dict[str, list[tuple[str, CatalogueStats]]] = {}
    for name, stats in sorted(manifest.stats.items()):
        by_language.setdefault(name.code, []).append((name.domain, stats))
    statuses = []
    for lang in project.languages:
        counts = Counts()
        status = LanguageStatus(lang, counts, False, [], drafts_published=project.publishes_drafts(lang.code))
        for domain, stats in by_language.get(lang.code, []):
            counts.add(stats.counts)
            status.documents[domain] = stats.counts
            status.errors += stats.errors
            status.warnings += stats.warnings
            status.fuzzy_critical += stats.fuzzy_critical
            status.held_back += stats.held_back
            status.documents_held_back[domain] = stats.held_back
            if stats.missing:
                status.missing.append(domain)
        # A language appears when its home page, with the page texts around it, reaches the threshold
        # (each other page is published on its own: ``LanguageStatus.publishes``); a project whose home
        # is no document goes by every message.
        if project.home in status.documents:
            percent = status.document_publishable_percent(project.home, UI_DOMAIN)
            status.published = percent >= project.publish_threshold
        else:
            status.published = counts.total > 0 and status.publishable_percent >= project.publish_threshold
        statuses.append(status)
    return statuses


def previous_files(project: Project) -> list[str]:
    """The files the last build made, even from a manifest this version cannot otherwise use."""
    files = (read_any_record(project, MANIFEST, KIND) or {}).get("files", [])
    return [str(name) for name in files] if isinstance(files, list) else []


def scan_inputs(project: Project, paths: list[str], previous: Manifest | None) -> dict[str, Stamp]:
    """Every input's stamp, the last build's standing for a file whose size and modification time are the same."""
    return stamp_files(project, paths, previous.inputs if previous is not None else {})


def input_paths(project: Project, documents: list[Path], domains: list[str]) -> list[str]:
    """Every file a build reads, as absolute paths (strings: there are thousands): the documents, and
    each language's catalogue of each of ``domains``."""
    paths = [project.config_path, *documents, project.glossary_path]
    if project.templates_dir is not None:  # the project's own templates and stylesheet
        paths += sorted(path for path in project.templates_dir.iterdir() if path.is_file())
    found = [os.fspath(path) for path in paths]
    for lang in project.languages:
        folder = project.locales_dir / lang.code / "LC_MESSAGES"
        inside(folder, project.locales_dir)  # the language's folder may not lead out; its files are checked as read
        prefix = os.fspath(project.root)
        found += [os.path.join(prefix, catalogue_relative(lang.code, domain)) for domain in domains]
    return found


def site_key(project: Project, inputs: dict[str, Stamp], preview_all: bool) -> str:
    """What every count and page depends on: the tool, the configuration, the project's templates, the glossary."""
    shared = [project.config_path, project.glossary_path]
    if project.templates_dir is not None:
        shared += [path for path in project.templates_dir.iterdir() if path.is_file()]
    names = sorted({project.relative(path) for path in shared})
    return digest(
        tool_signature(project),
        str(preview_all),
        *(f"{name}={inputs[name].digest}" for name in names if name in inputs),
    )


def vcs_head(root: Path) -> str:
    """The commit the working tree is on (dates come from it), read from .git without running git.

    The project may be a folder of a larger repository, or a worktree (whose
    branches live in the main repository's folder, named by ``commondir``).
    """
    folder = next((folder for folder in (root, *root.parents) if (folder / ".git").exists()), None)
    if folder is None:
        return "none"
    git = folder / ".git"
    try:
        if git.is_file():  # a worktree or submodule: .git names the real folder
            git = (folder / git.read_text().split(":", 1)[1].strip()).resolve()
        common = (git / (git / "commondir").read_text().strip()).resolve() if (git / "commondir").is_file() else git
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head
        reference = head.split(":", 1)[1].strip()
        for place in (git, common):
            if (place / reference).is_file():
                return (place / reference).read_text().strip()
        for line in (common / "packed-refs").read_text().splitlines():
            if line.endswith(" " + reference):
                return line.split(" ", 1)[0]
        return head
    except (OSError, IndexError):
        return "none"
