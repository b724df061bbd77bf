"""When each document last changed: front matter ``date``, else its last commit; never the build time.

Dates from version control are asked for once (one ``git log`` for all
documents) and kept in the manifest for as long as the commit and the
documents stay the same.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

from ..cache import digest
from ..config import Project
from ..errors import FrontMatterError
from ..manifest import Manifest
from .base import Document
from .discover import Sources


def document_dates(sources: Sources, manifest: Manifest, previous: Manifest | None) -> dict[str, date | None]:
    """Each document's date, recorded in ``manifest`` with the key it holds for."""
    project = sources.project
    dates: dict[str, date | None] = {}
    ask_git = []
    for name, path in sources.paths.items():
        key = digest(manifest.head, manifest.inputs[project.relative(path)].digest)
        old = previous.dates.get(name) if previous else None
        if old is not None and old[0] == key:
            dates[name] = date.fromisoformat(old[1]) if old[1] else None
        else:
            dates[name] = front_matter_date(project, sources.document(name))
            if dates[name] is None:
                ask_git.append(name)
        manifest.dates[name] = [key, None]
    if ask_git:
        committed = _git_dates(project, [sources.paths[name] for name in ask_git])
        for name in ask_git:
            dates[name] = committed.get(project.relative(sources.paths[name]))
    for name, day in dates.items():
        manifest.dates[name][1] = day.isoformat() if day else None
    return dates


def front_matter_date(project: Project, document: Document) -> date | None:
    value = document.front_matter.get("date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise FrontMatterError(
                f"front matter date {value!r} is not a date such as 2026-11-26", project.relative(document.path)
            ) from None
    return None


def _git_dates(project: Project, paths: list[Path]) -> dict[str, date]:
    """The date of the last commit that touched each path, from one ``git log``."""
    wanted = {project.relative(path) for path in paths}
    try:
        found = subprocess.run(
            # --relative: paths as the project names them, also when it is a folder of a larger repository
            ["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", *sorted(wanted)],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, date] = {}
    current: date | None = None
    for line in found.stdout.splitlines() if found.returncode == 0 else []:
        if line.startswith("\0"):
            try:
                current = date.fromisoformat(line[1:].strip())
            except ValueError:
                current = None
        elif line and current is not None and line in wanted and line not in dates:
            dates[line] = current
    return dates
