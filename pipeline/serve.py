"""Live preview: build, serve the site on 127.0.0.1, rebuild on every change, reload the page.

The preview is built into its own folder in build space,
``output/.build/preview/``, never into the published site: with ``--all`` it
shows languages below the publish threshold, which must not end up in what a
publisher uploads, and ``pipeline build`` then makes exactly the site it would
have made without a preview. The folder has its own manifest, so each rebuild
does only what changed; it takes the project's lock like any other build
(each rebuild is ``api.build_preview``). It has no PDFs unless ``--pdf``
asks for them: a translator's save is on the page at once, not half a second
per PDF later.

The watcher looks at ``source/``, ``locales/``, the page templates and the
configuration a few times a second; after a rebuild every open page reloads
itself (a small script, added only to what the preview server sends, listens
for server-sent events). A broken catalogue does not stop the server: its
error, with file and line, goes to standard error and is shown at the top of
every page until it is fixed. Ctrl-C stops the server with exit status 130.
"""

from __future__ import annotations

import html
import re
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from . import api
from .config import Project
from .errors import OutputError, PipelineError, error_line

EVENTS = "/__pipeline_events"
POLL_SECONDS = 0.2
RELOAD_SCRIPT = (
    "<script>/* pipeline serve: reload after each rebuild */"
    f"new EventSource('{EVENTS}').onmessage=function(){{location.reload()}};</script>"
)


def _to_standard_error(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class Preview:
    """The state the server and the watcher share: the last build's error and a change counter."""

    def __init__(
        self,
        project: Project,
        preview_all: bool,
        log: Callable[[str], None] = print,
        complain: Callable[[str], None] = _to_standard_error,
        pdf: bool = False,
    ) -> None:
        self.root = project.root
        self.output = project.preview().output_dir  # what is served
        self.locales = project.locales_dir
        self.preview_all = preview_all
        self.pdf = pdf
        self.log = log  # progress, on standard output
        self.complain = complain  # errors, on standard error
        self.error: str | None = None
        self.version = 0
        self.changed = threading.Condition()
        self.building = False

    def rebuild(self, jobs: int | None = None) -> None:
        """Build the preview again; whatever goes wrong is said and shown on the pages, and the watching goes on."""
        started = time.perf_counter()
        self.building = True
        try:
            # The configuration is read again each time: a change to it is a change to the site.
            project = api.load_project(self.root)
            # As `pipeline build` does (the same lock, always waited for), into the preview's own folder.
            report = api.build_preview(project, all_languages=self.preview_all, jobs=jobs, pdf=self.pdf)
        except PipelineError as error:
            self.error = error_line(error)
            self.complain(self.error)
        except Exception as error:  # noqa: BLE001 (a preview that stops rebuilding would show stale pages)
            self.error = f"pipeline: error: {type(error).__name__}: {error}"
            self.complain(self.error)
        else:
            self.error = None
            self.log(f"rebuilt in {time.perf_counter() - started:.2f} s: {report.written} files written")
        finally:
            self.building = False
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def fingerprint(self) -> list[tuple[str, int, int]]:
        """What the site is made of, as (path, modification time, size)."""
        watched = [self.root / "source", self.locales, Path(str(resources.files("pipeline") / "templates"))]
        files = [self.root / "pipeline.toml", self.root / "pyproject.toml"]
        for folder in watched:
            if folder.is_dir():
                files.extend(path for path in folder.rglob("*") if path.is_file())
        seen = []
        for path in sorted(files):
            try:
                stat = path.stat()
            except OSError:
                continue
            seen.append((str(path), stat.st_mtime_ns, stat.st_size))
        return seen

    def watch(self, stop: threading.Event, last: list[tuple[str, int, int]]) -> None:
        """Rebuild whenever the site's files differ from what they were (``last``: as ``fingerprint`` found them
        before the build now served), until ``stop`` is set."""
        while not stop.wait(POLL_SECONDS):
            current = self.fingerprint()
            if current != last and not stop.is_set():
                last = current
                # In this thread, with the server's threads running, forking worker processes is not safe.
                self.rebuild(jobs=1)


class Handler(SimpleHTTPRequestHandler):
    """Serves the preview's folder, its pages with the reload script.

    Only what the site holds: the dashboard links catalogues only where they are
    published (``edit-url``, ``publish-catalogues``), in the preview as on the site.
    """

    preview: Preview

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            self.events()
        else:
            self.page(path)

    def events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        seen = self.preview.version
        try:
            while True:
                with self.preview.changed:
                    self.preview.changed.wait_for(partial(self.changed_since, seen), timeout=15)
                if self.preview.version != seen:
                    seen = self.preview.version
                    self.wfile.write(b"data: reload\n\n")
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def changed_since(self, version: int) -> bool:
        return self.preview.version != version

    def page(self, path: str) -> None:
        output = self.preview.output.resolve()
        target = (output / path.lstrip("/")).resolve()
        if target.is_dir() and target.is_relative_to(output):
            if not path.endswith("/"):
                # As a web server does: the page's relative links are relative to its folder.
                self.send_response(301)
                self.send_header("Location", path + "/" + self.path[len(path) :])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_relative_to(output) or not target.is_file():
            if self.preview.error:
                self.send_bytes(
                    self.with_preview(
                        b'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Build failed</title><body></body>'
                    ),
                    "text/html; charset=utf-8",
                )
            else:
                self.send_error(404)
            return
        if target.suffix != ".html":
            super().do_GET()
            return
        self.send_bytes(self.with_preview(target.read_bytes()), "text/html; charset=utf-8")

    def with_preview(self, page: bytes) -> bytes:
        added = RELOAD_SCRIPT
        if self.preview.error:
            added = (
                '<div role="alert" style="position:sticky;inset-block-start:0;padding:1rem;background:#a40e26;'
                f'color:#fff;font:1rem/1.4 monospace;white-space:pre-wrap" dir="ltr" lang="en">'
                f"{html.escape(self.preview.error)}</div>{added}"
            )
        text = page.decode("utf-8")
        body = re.search(r"<body\b[^>]*>", text)  # the error goes first, where it is seen
        at = body.end() if body else 0
        return (text[:at] + added + text[at:]).encode("utf-8")

    def send_bytes(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the preview prints builds, not every request


def serve(
    project: Project,
    port: int,
    preview_all: bool,
    log: Callable[[str], None] = print,
    complain: Callable[[str], None] = _to_standard_error,
    pdf: bool = False,
) -> int:
    """Run the preview until Ctrl-C, which comes out of here as KeyboardInterrupt (exit status 130)."""
    preview = Preview(project, preview_all, log, complain, pdf)
    handler = partial(type("PreviewHandler", (Handler,), {"preview": preview}), directory=str(preview.output))
    try:  # the port first: a busy one is said at once, not after a whole build
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise OutputError(
            f"cannot serve on 127.0.0.1:{port}: {error.strerror} (try --port with another number)"
        ) from None
    server.daemon_threads = True
    stop = threading.Event()
    # Taken before the first build, not by the watcher once started: a catalogue saved during that build, or
    # just after the address is shown (a busy machine may start the watcher late), is a change it sees.
    watcher = threading.Thread(target=preview.watch, args=(stop, preview.fingerprint()), daemon=True)
    try:
        preview.rebuild()
        watcher.start()
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        log(f"serving the preview ({project.relative(preview.output)}/) at {address} (Ctrl-C stops)")
        log("watching source/, locales/, the templates and the configuration")
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
        if watcher.is_alive():
            # A rebuild under way finishes, and releases the lock, before the command ends.
            if preview.building:
                log("finishing the rebuild under way (Ctrl-C again stops at once)")
            watcher.join()
    return 0
