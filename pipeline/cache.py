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
import re
from functools import cache
from pathlib import Path
from stat import S_ISLNK
from typing import Any, NamedTuple

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


# The libraries whose behaviour shapes the output (locale data, Markdown, templates, .mo files): distribution, module.
LIBRARIES = (
    ("babel", "babel"),
    ("markdown-it-py", "markdown_it"),
    ("mdit-py-plugins", "mdit_py_plugins"),
    ("jinja2", "jinja2"),
    ("markupsafe", "markupsafe"),
    ("polib", "polib"),
    ("pyyaml", "yaml"),
    ("num2words", "num2words"),
)
_TOOL_FILES = (".py", ".html", ".css", ".svg", ".xml", ".txt")
SIGNATURE_RECORD = ".build/tool.json"  # under output/: the signature, and the stamp of the files it was made from


def tool_signature(project: Project) -> str:
    """The tool's own version: its release, every file of the package (code, templates, stylesheet), and
    the versions of the libraries whose behaviour shapes the output.

    Hashing the package and asking the libraries' metadata takes ~50 ms, a quarter of a build with nothing
    to do: the signature is kept in build space with the stamp (names, sizes, modification times) of the
    files it was made from, and made again only when that stamp differs, as a document's hash is.
    """
    kept = _kept_signature(project.output_dir)
    if kept is not None and kept[0] == _tool_stamp():
        return kept[1]
    return _made_signature()


def keep_tool_signature(project: Project) -> None:
    """Keep the signature for the next command (by those that write build space anyway: builds, updates)."""
    if _kept_signature(project.output_dir) != (_tool_stamp(), _made_signature()):
        body = json.dumps({"stamp": _tool_stamp(), "signature": _made_signature()}, sort_keys=True) + "\n"
        write_if_changed(project.output_dir / SIGNATURE_RECORD, body.encode(), project.output_dir)


def _kept_signature(output: Path) -> tuple[str, str] | None:
    try:
        kept = json.loads((output / SIGNATURE_RECORD).read_bytes())
        return str(kept["stamp"]), str(kept["signature"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _package_files() -> list[Path]:
    found = []
    for folder, folders, names in os.walk(Path(__file__).parent):  # os.walk: a third of Path.rglob's time
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        found += [Path(folder, name) for name in sorted(names) if name.endswith(_TOOL_FILES)]
    return found


@cache
def _origin(module: str) -> Path | None:
    """A library's module file (rewritten when the library is installed again or upgraded)."""
    from importlib.util import find_spec  # cheap: finds a module's file without importing it

    spec = find_spec(module)
    return Path(spec.origin) if spec is not None and spec.origin is not None else None


@cache
def installed(distribution: str, module: str) -> str:
    """A library's name and version (``weasyprint-66.0.dist-info``), for keys that change when it is upgraded;
    found without importing it, nor importlib.metadata (see ``_installed``)."""
    return _installed(distribution, _origin(module))


def _installed(distribution: str, origin: Path | None) -> str:
    """The distribution's name and version as its metadata folder beside the module says them
    (``babel-2.19.0.dist-info``), or as importlib.metadata does where there is none.

    Importing importlib.metadata and asking it for eight versions takes ~100 ms, a tenth of a small
    site's whole build into an empty output/; the folder's name holds the same version.
    """
    if origin is not None:
        folder = origin.parent.parent if origin.name == "__init__.py" else origin.parent  # a package, or a module
        wanted = _distribution_key(distribution)
        for name in _folder_names(folder):
            stem, _, rest = name.partition("-")
            if rest and name.endswith((".dist-info", ".egg-info")) and _distribution_key(stem) == wanted:
                return name
    from importlib.metadata import PackageNotFoundError, version  # lazy: see above

    try:
        return f"{distribution}={version(distribution)}"
    except PackageNotFoundError:
        return f"{distribution}: not installed"


def _distribution_key(name: str) -> str:
    """A distribution's name as installers compare it (PEP 503: PyYAML, pyyaml and py_yaml are one)."""
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _folder_names(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(os.listdir(folder)))
    except OSError:
        return ()


@cache
def _tool_stamp() -> str:
    parts: list[str] = [__version__]
    libraries = [path for _, module in LIBRARIES if (path := _origin(module)) is not None]
    for path in [*_package_files(), *libraries]:
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*parts)


@cache
def _made_signature() -> str:
    package = Path(__file__).parent
    parts: list[str | bytes] = [__version__, *(installed(name, module) for name, module in LIBRARIES)]
    for path in _package_files():
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(*parts)


class Stamp(NamedTuple):
    """What a file was when it was last read (a named tuple: a large site's manifest holds 12,000)."""

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
    keep_tool_signature(project)
    body = json.dumps(
        {**data, "tool": tool_signature(project)}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
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
    if not isinstance(data, dict) or data.get("tool") != tool_signature(project):
        return None
    return data


class KeptAnswers:
    """Answers of a pure function of a key and the tool (a language's names in the locale data, a
    page template's texts, a document's messages, the hash of a template's layout), kept in build
    space so that the next command does not work them out again.

    A record of the change cache: one written by another version of the tool (another Babel, say,
    which may answer differently) is ignored. Saving keeps only the answers this command asked for,
    so the record never holds what the project no longer has.
    """

    def __init__(self, project: Project, place: str, kind: str) -> None:
        self._project, self._place, self._kind = project, place, kind
        found = (read_record(project, place, kind) or {}).get("answers")
        self._kept: dict[str, Any] = found if isinstance(found, dict) else {}
        self._asked: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        """The answer kept for ``key``, as JSON gave it back (lists for tuples); None if there is none."""
        if key in self._kept:
            self._asked[key] = self._kept[key]
        return self._asked.get(key)

    def put(self, key: str, answer: Any) -> None:
        """Keep ``answer`` (JSON-serializable) for ``key``."""
        self._asked[key] = json.loads(json.dumps(answer))

    def save(self) -> None:
        """Write the answers this command asked for, if it asked any and they differ from those kept."""
        if self._asked and self._asked != self._kept:
            write_record(self._project, self._place, self._kind, {"answers": self._asked})


def read_any_record(project: Project, place: str, kind: str) -> dict[str, Any] | None:
    """What any version recorded at ``place`` (for what must be found even across versions: files to remove)."""
    try:
        data = (project.output_dir / place).read_bytes()
        found = json.loads(data.split(b"\n", 1)[1] if data.startswith(_header(kind).encode()) else data)
    except (OSError, ValueError, IndexError):
        return None
    return found if isinstance(found, dict) else None
