"""The one document finder: which files of ``source/`` are documents, and under which names.

``extract``, ``check --source``, ``status`` and ``build`` all find documents
here, so they agree on what a document is and say the same when there is none.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..config import Project
from ..errors import SourceError
from ..files import inside
from .base import Document, SourceFormat, document_name


def find_documents(project: Project, format: SourceFormat) -> dict[str, Path]:
    """Every document in ``source/`` (name -> file), in name order; an error if there is none."""
    if not project.source_dir.is_dir():
        raise SourceError(f"no source/ folder: put the {format.label} documents to publish there", project.root)
    paths: dict[str, Path] = {}
    for path in sorted(project.source_dir.glob(f"*{format.suffix}")):
        shown = project.relative(path)
        paths[document_name(inside(path, project.source_dir, shown), shown)] = path
    if not paths:
        raise SourceError(
            f"no {format.label} documents (*{format.suffix}) to publish", project.relative(project.source_dir)
        )
    return paths


def require_home(project: Project, names: Iterable[str]) -> None:
    """Refuse a site without its home document (``home`` in the configuration)."""
    names = list(names)
    if project.home not in names:
        raise SourceError(
            f"the home document {project.home!r} (home in the configuration) is not in source/; "
            f"the documents are: {', '.join(names)}",
            project.relative(project.source_dir),
        )


class Sources:
    """The project's documents as found, each parsed by its format only when something needs it."""

    def __init__(self, project: Project, paths: dict[str, Path], format: SourceFormat) -> None:
        self.project = project
        self.paths = paths  # document name -> file, in name order
        self.format = format
        self.parsed: dict[str, Document] = {}

    @classmethod
    def find(cls, project: Project, format: SourceFormat | None = None) -> Sources:
        """The documents of a site: found, and its home among them."""
        format = format or default_format()
        paths = find_documents(project, format)
        require_home(project, paths)
        return cls(project, paths, format)

    def document(self, name: str) -> Document:
        if name not in self.parsed:
            path = self.paths[name]
            self.parsed[name] = self.format.parse(path, self.project.relative(path))
        return self.parsed[name]


def load_documents(project: Project, format: SourceFormat | None = None) -> list[Document]:
    """Parse every document in ``source/``, in name order."""
    format = format or default_format()
    return [format.parse(path, project.relative(path)) for path in find_documents(project, format).values()]


def default_format() -> SourceFormat:
    """Markdown, the format of ``source/*.md``."""
    # Lazy: the Markdown parser takes ~0.1 s to import (python -X importtime),
    # and commands that only name documents (`update`, `check`) do not parse them.
    from .markdown import MarkdownFormat

    return MarkdownFormat()
