"""Files: written whole or not at all, only inside the project, one command at a time.

Every file the tool writes goes through ``write_if_changed``: a temporary file
in the same folder, flushed, then renamed over the old one, so a reader (or a
killed command) never sees half a file. Translators' catalogues are also synced
to the disk file by file, to survive a power cut. The site is made again from
them at will, so the build syncs its thousands of files in one go
(``sync_all``) before the manifest that vouches for them is written. A file
whose content would not change is not touched, and keeps its timestamp.
A command that must read and check all its input before it changes anything
(``update``, the first phase of ``build``) stages each file beside its place
(``stage``, ``Staging``) and commits them all at the end, or discards them all.

Nothing is read or written outside the project's ``source/``, ``locales/`` and
``output/``: ``inside`` refuses a path that ``..`` or a symbolic link would lead
out. ``project_lock`` keeps two commands from writing to one project at once;
``writing_to`` is the one context every writing command (and each rebuild of
the preview) runs in: the lock, then the cleanup and mark of ``writing``.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Busy, OutputError, OutsideProject

if TYPE_CHECKING:  # config imports this module: the project is only a type here
    from .config import Project

TEMPORARY_MARK = ".pipeline-"  # in the names of temporary files: ".mission.po.pipeline-k2j3.tmp"
LOCK_WAIT_SECONDS = 600


def inside(path: Path, folder: Path, shown: str | None = None) -> Path:
    """``path`` if it stays inside ``folder`` once ``..`` and symbolic links are followed."""
    root = _resolved_folder(folder)
    # Folders are resolved once per command (thousands of files share a few folders); the file itself always.
    parent = _resolved(os.fspath(path.parent))
    full = os.path.join(parent, path.name)
    if os.path.islink(full) or ".." in path.parts:
        full = os.path.realpath(path)
    if full != root and not full.startswith(root + os.sep):
        raise OutsideProject(
            f"leads out of {folder.name}/ (through '..', an absolute path or a symbolic link); refusing to use it",
            shown or str(path),
        )
    return path


_RESOLVED: dict[str, str] = {}


def forget_resolved() -> None:
    """Start a command afresh: folders may have been moved or linked since the last one (serve)."""
    _RESOLVED.clear()


def _resolved(folder: str) -> str:
    found = _RESOLVED.get(folder)
    if found is None:
        found = _RESOLVED[folder] = os.path.realpath(folder)
    return found


def _resolved_folder(folder: Path) -> str:
    """One of the project's own folders, which must not itself be a link elsewhere."""
    key = "\0" + os.fspath(folder)
    if key not in _RESOLVED:
        if folder.is_symlink():
            raise OutsideProject(
                f"is a symbolic link; {folder.name}/ must be a real folder of the project", folder.name
            )
        _RESOLVED[key] = os.path.realpath(folder)
    return _RESOLVED[key]


def write_if_changed(path: Path, data: bytes, within: Path, durable: bool = True) -> bool:
    """Write ``data`` to ``path`` (which must be inside ``within``) unless it already holds exactly that.

    Returns True when the file was written. ``durable=False`` leaves syncing
    it to the disk to a later ``sync_all``.
    """
    if _holds(path, data, within):
        return False
    write_atomic(path, data, durable)
    return True


# Files larger than this are compared piece by piece: a large site's sitemap is tens of megabytes, and
# reading it whole beside the new one doubled the build's peak memory at its end.
_COMPARED_WHOLE = 1 << 20


def _holds(path: Path, data: bytes, within: Path) -> bool:
    """Whether ``path`` (which must be inside ``within``) holds exactly ``data`` already."""
    inside(path, within)
    try:
        with open(path, "rb") as stream:
            if len(data) <= _COMPARED_WHOLE:
                return stream.read() == data
            if os.fstat(stream.fileno()).st_size != len(data):
                return False
            expected = memoryview(data)
            offset = 0
            while piece := stream.read(_COMPARED_WHOLE):
                if expected[offset : offset + len(piece)] != piece:
                    return False
                offset += len(piece)
            return offset == len(data)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise OutputError(f"cannot read: {error.strerror}", path) from None


def sync_all() -> None:
    """Everything written so far, on the disk: one flush instead of one per file."""
    os.sync()


# The marks of the command that is writing, and whether each is on the disk yet (see ``writing``).
_MARKS: dict[Path, bool] = {}


@contextmanager
def writing(mark: Path, folders: list[Path]) -> Iterator[None]:
    """Run a writing command: clean up after a killed predecessor, and leave a mark while writing.

    The mark (a file in build space) appears with the first file written and goes
    when the command ends; a mark left behind means a command was killed, and
    the next one removes the temporary files it may have left.
    """
    if mark.exists():
        for folder in folders:
            remove_leftovers(folder)
        mark.unlink(missing_ok=True)
    # Another project's command may be under way in this process (a library caller writing to two):
    # its marks are put back afterwards; a finished command's are never left behind.
    outer = dict(_MARKS)
    _MARKS.clear()
    _MARKS[mark] = False
    try:
        yield
    except BaseException:
        # A command that stops on an error (or Ctrl-C) leaves no temporary file behind either.
        for folder in folders:
            remove_leftovers(folder)
        raise
    finally:
        _MARKS.clear()
        _MARKS.update(outer)
        mark.unlink(missing_ok=True)


# The lock files this thread holds (see ``writing_to``): another thread's command waits for the lock.
_HELD = threading.local()


@contextmanager
def writing_to(project: Project, wait: bool = True) -> Iterator[None]:
    """Write to ``project``: hold its lock, clean up after a killed predecessor, mark the writing.

    The one context every writing command runs in, the command line's and each
    rebuild of the preview. Re-entrant in a thread: an operation that takes it
    inside a caller's ``with writing_to(project)`` goes on under the caller's lock
    (a second flock on the same file would wait for the first for ever). With
    ``wait=False`` a project another command is writing to raises ``Busy`` at once.
    """
    inside(project.lock_path, project.output_dir)  # output/ must be the project's own before anything is made
    held: set[str] = _HELD.__dict__.setdefault("paths", set())
    key = os.path.realpath(project.lock_path)
    if key in held:
        yield
        return
    with (
        project_lock(project.lock_path, wait=wait),
        writing(project.unfinished_mark, [project.locales_dir, project.output_dir]),
    ):
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)


def mark_while_writing(mark: Path) -> None:
    """Have ``mark`` made with the next file written, to say that writing has begun (``unmark`` removes it)."""
    _MARKS[mark] = False


def unmark(mark: Path) -> None:
    _MARKS.pop(mark, None)
    mark.unlink(missing_ok=True)


def _make_marks() -> None:
    """Make the marks still waiting for the first file written (see ``writing``)."""
    if not all(_MARKS.values()):
        for mark in [mark for mark, made in _MARKS.items() if not made]:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
            _MARKS[mark] = True


def stage(path: Path, data: bytes, within: Path, durable: bool = True) -> Path | None:
    """Write ``data`` beside ``path`` in a synced temporary file, to take its place later with ``commit``.

    None if ``path`` already holds exactly that. A command that must read all
    its input before changing anything stages each file as it is made (memory
    holds one at a time), then commits them all, or discards them all.
    ``durable=False`` leaves syncing it to a ``sync_all`` before the commits.
    """
    return None if _holds(path, data, within) else _temporary(path, data, durable)


def commit(staged: Path, path: Path) -> None:
    _make_marks()  # putting a file in its place is writing: the command's marks must say so first
    try:
        os.replace(staged, path)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror}", path) from None


def discard(staged: Path) -> None:
    staged.unlink(missing_ok=True)


class Staging:
    """Files made beside their places, not yet in them: committed together, or discarded together.

    A staged file's name follows from its place and the staging's ``token``
    (``.name.pipeline-staged-TOKEN.tmp``), so a build can stage thousands without
    keeping a list of them: it names the places when it commits or discards (it
    knows them), and nothing but the folders staging had to make is held here.
    Worker processes stage with their parent's token and hand their staging
    back, to be added to the parent's. Files are not synced: a build syncs
    everything in one go before its manifest vouches for it.
    """

    def __init__(self, token: str) -> None:
        # One per command (its process id): what a killed command's workers may still be staging is theirs.
        self.token = token
        # Folders made to hold staged files: discarding leaves no empty folder of a build that never happened.
        self.folders: list[str] = []

    def staged(self, path: Path) -> Path:
        """Where ``path``'s new content waits until it is committed."""
        return path.with_name(f".{path.name}{TEMPORARY_MARK}staged-{self.token}.tmp")

    def put(self, path: Path, data: bytes, within: Path) -> bool:
        """Stage ``data`` for ``path`` (inside ``within``); False, staging nothing, if it holds exactly that."""
        if _holds(path, data, within):
            return False
        _make_marks()
        target = self.staged(path)
        # Not followed if it is a link; one left by an earlier command with the same token is written over.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
        try:
            try:
                handle = os.open(target, flags, 0o644)
            except FileNotFoundError:  # a new folder: made on its first file, not asked after on every file
                made = _missing_folder(path.parent)
                path.parent.mkdir(parents=True, exist_ok=True)
                if made is not None:
                    self.folders.append(os.fspath(made))
                handle = os.open(target, flags, 0o644)
            with os.fdopen(handle, "wb") as stream:
                os.fchmod(handle, 0o644)  # whatever the umask, as every file the tool writes
                stream.write(data)
        except OSError as error:
            target.unlink(missing_ok=True)
            raise OutputError(f"cannot write: {error.strerror}", path) from None
        return True

    def add(self, other: Staging) -> None:
        self.folders += other.folders

    def commit(self, paths: Iterable[Path]) -> None:
        """Put each of ``paths`` (every place this staging put a file for) in place."""
        for path in paths:
            commit(self.staged(path), path)
        self.folders = []

    def discard(self, paths: Iterable[Path]) -> None:
        """Drop what was staged for ``paths``, and the folders made for it."""
        for path in paths:
            discard(self.staged(path))
        # Deepest first; a folder that holds anything else stays.
        for folder in sorted(set(self.folders), key=len, reverse=True):
            _remove_empty_tree(folder)
        self.folders = []


def _missing_folder(folder: Path) -> Path | None:
    """The outermost of ``folder`` and its parents that does not exist yet; None if ``folder`` exists."""
    missing = None
    while not folder.is_dir() and folder.parent != folder:
        missing, folder = folder, folder.parent
    return missing


def _remove_empty_tree(folder: str) -> None:
    if not os.path.isdir(folder) or os.path.islink(folder):
        return
    for parent in sorted((entry[0] for entry in os.walk(folder)), key=len, reverse=True):
        try:
            os.rmdir(parent)
        except OSError:
            pass  # not empty: something in it is not this staging's


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, fsync unless not ``durable``, rename)."""
    commit(_temporary(path, data, durable), path)


def _temporary(path: Path, data: bytes, durable: bool = True) -> Path:
    """``data`` in a new temporary file in ``path``'s folder, synced if ``durable``."""
    _make_marks()
    import tempfile  # lazy: ~10 ms to import (python -X importtime), and commands that write nothing skip it

    prefix = f".{path.name}{TEMPORARY_MARK}"
    try:
        try:
            handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        except FileNotFoundError:  # a new folder: made on its first file, not asked after on every file
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror}", path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise OutputError(f"cannot write: {error.strerror}", path) from None
        raise
    return Path(temporary)


def remove_leftovers(folder: Path) -> int:
    """Delete temporary files an interrupted (killed) command left in ``folder``."""
    removed = 0
    if not folder.is_dir() or folder.is_symlink():
        return 0
    for parent, _, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp") and TEMPORARY_MARK in name:
                try:
                    os.unlink(os.path.join(parent, name))
                    removed += 1
                except OSError:
                    pass
    return removed


@contextmanager
def project_lock(lock_file: Path, wait: bool = True) -> Iterator[None]:
    """Hold the project's lock: a second command waits (or, with ``wait=False``, stops)."""
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"cannot create the lock: {error.strerror}", lock_file) from None
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or time.monotonic() > deadline:
                    raise Busy(
                        "another pipeline command is writing to this project; try again when it has finished"
                    ) from None
                if not told:
                    print("waiting for another pipeline command on this project to finish...", file=sys.stderr)
                    told = True
                time.sleep(0.1)
        # The lock file itself is never written: a command that changes nothing leaves no trace.
        yield
    finally:
        os.close(handle)  # closing releases the lock
