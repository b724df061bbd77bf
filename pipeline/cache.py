"""The change cache: how a command knows what changed since the last one, so it redoes only that.

Files are known by a ``Stamp`` (size, modification time, content hash); a
file whose size and modification time are those recorded keeps its hash
without being read again. What a command records (the build's manifest,
what each catalogue was last merged with) is kept in build space as a
``record``: a line with the hash of the rest, then JSON that names the
version of the tool that wrote it. A record that is damaged, edited by hand,
or written by another version is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from stat import S_ISLNK
from typing import Any

from . import __version__
from .config import Project
from .errors import PipelineError
from .files import inside, write_if_changed


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


@cache
def tool_signature() -> str:
    """The tool's own version: its release, every file of the package (code, templates, stylesheet), and
    the versions of the libraries whose behaviour shapes the output (locale data, Markdown, templates, .mo files)."""
    from importlib.metadata import version  # lazy: ~25 ms to import, and only builds and updates sign the tool

    package = resources.files("pipeline")
    libraries = ("babel", "markdown-it-py", "mdit-py-plugins", "jinja2", "markupsafe", "polib", "pyyaml", "num2words")
    parts: list[str | bytes] = [__version__, *(f"{name}={version(name)}" for name in libraries)]
    for folder in (package, package / "templates", package / "static"):
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if entry.is_file() and entry.name.endswith((".py", ".html", ".css", ".svg", ".xml", ".txt")):
                parts += [entry.name, entry.read_bytes()]
    return digest(*parts)


@dataclass(frozen=True)
class Stamp:
    """What a file was when it was last read."""

    size: int
    mtime_ns: int
    digest: str


def stamp_files(
    project: Project, paths: list[str], known: dict[str, Stamp], unreadable: type[PipelineError] = PipelineError
) -> dict[str, Stamp]:
    """Each file's stamp, its content hashed again only if its size or modification time differs from ``known``.

    ``paths`` are absolute (strings: there are thousands); the names in the
    result, as in ``known``, are relative to the project. A missing file has no
    stamp; one that cannot be read is an ``unreadable`` error. A symbolic link is
    followed only if it stays inside the project's folders.
    """
    root = os.fspath(project.root) + os.sep
    stamps: dict[str, Stamp] = {}
    for path in paths:
        name = path[len(root) :]
        try:
            stat = os.lstat(path)
            if S_ISLNK(stat.st_mode):
                inside(Path(path), project.root / name.split(os.sep, 1)[0], name)
                stat = os.stat(path)
            old = known.get(name)
            if old is not None and old.size == stat.st_size and old.mtime_ns == stat.st_mtime_ns:
                stamps[name] = old
            else:
                with open(path, "rb") as stream:
                    stamps[name] = Stamp(stat.st_size, stat.st_mtime_ns, digest(stream.read()))
        except FileNotFoundError:
            continue
        except OSError as error:
            raise unreadable(f"cannot read: {error.strerror}", name) from None
    return stamps


def _header(kind: str) -> str:
    return f"pipeline {kind}"


def write_record(project: Project, place: str, kind: str, data: dict[str, Any]) -> bool:
    """Keep ``data`` at ``place`` (under output/) for the next run of this version; True if the file changed."""
    body = json.dumps({**data, "tool": tool_signature()}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    encoded = (body + "\n").encode()
    return write_if_changed(
        project.output_dir / place, f"{_header(kind)} {digest(encoded)}\n".encode() + encoded, project.output_dir
    )


def read_record(project: Project, place: str, kind: str) -> dict[str, Any] | None:
    """What this version of the tool recorded at ``place``; None if nothing usable is there."""
    try:
        first, body = (project.output_dir / place).read_bytes().split(b"\n", 1)
        if first.decode("ascii") != f"{_header(kind)} {digest(body)}":
            return None  # damaged, or edited by hand
        data = json.loads(body)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != tool_signature():
        return None
    return data


def read_any_record(project: Project, place: str, kind: str) -> dict[str, Any] | None:
    """What any version recorded at ``place`` (for what must be found even across versions: files to remove)."""
    try:
        data = (project.output_dir / place).read_bytes()
        found = json.loads(data.split(b"\n", 1)[1] if data.startswith(_header(kind).encode()) else data)
    except (OSError, ValueError, IndexError):
        return None
    return found if isinstance(found, dict) else None
