"""Files: written whole or not at all, only inside the project, one command at a time.

Every file the tool writes goes through ``write_if_changed``: a temporary file
in the same folder, flushed and synced, then renamed over the old one, so a
reader (or a crash) never sees half a file. A file whose content would not
change is not touched, and keeps its timestamp.

Nothing is read or written outside the project's ``source/``, ``locales/`` and
``output/``: ``inside`` refuses a path that ``..`` or a symbolic link would lead
out. ``project_lock`` keeps two commands from writing to one project at once.
"""

from __future__ import annotations

import fcntl
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Busy, OutputError, OutsideProject

TEMPORARY_MARK = ".pipeline-"  # in the names of temporary files: ".mission.po.pipeline-k2j3.tmp"
LOCK_WAIT_SECONDS = 600


def inside(path: Path, folder: Path, shown: str | None = None) -> Path:
    """``path`` if it stays inside ``folder`` once ``..`` and symbolic links are followed."""
    if folder.is_symlink():
        raise OutsideProject(f"is a symbolic link; {folder.name}/ must be a real folder of the project", folder.name)
    if not path.resolve().is_relative_to(folder.resolve()):
        raise OutsideProject(
            f"leads out of {folder.name}/ (through '..', an absolute path or a symbolic link); refusing to use it",
            shown or str(path),
        )
    return path


def write_if_changed(path: Path, data: bytes, within: Path) -> bool:
    """Write ``data`` to ``path`` (which must be inside ``within``) unless it already holds exactly that.

    Returns True when the file was written.
    """
    inside(path, within)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise OutputError(f"cannot read: {error.strerror}", path) from None
    write_atomic(path, data)
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (temporary file, fsync, rename)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}{TEMPORARY_MARK}", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror}", path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise OutputError(f"cannot write: {error.strerror}", path) from None
        raise


def remove_leftovers(folder: Path) -> int:
    """Delete temporary files an interrupted (killed) command left in ``folder``."""
    removed = 0
    if not folder.is_dir() or folder.is_symlink():
        return 0
    for path in folder.rglob(f".*{TEMPORARY_MARK}*.tmp"):
        try:
            path.unlink()
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
                holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
                if not wait or time.monotonic() > deadline:
                    raise Busy(
                        f"another pipeline command (process {holder}) is writing to this project; "
                        "try again when it has finished"
                    ) from None
                if not told:
                    print(f"waiting for another pipeline command (process {holder}) to finish...", file=sys.stderr)
                    told = True
                time.sleep(0.1)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(handle)  # closing releases the lock
