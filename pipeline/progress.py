"""Progress of long commands: a bar on a terminal, plain lines in a log, nothing with --quiet."""

from __future__ import annotations

import sys
import time
from typing import TextIO

LONG = 50  # stages with fewer items than this finish too fast to need reporting
_DRAWN: list[Progress] = []  # a bar left half-drawn on the terminal, if any


class Progress:
    """Reports ``step`` calls for one stage at a time.

    On a terminal the bar is redrawn in place (at most ten times a second);
    otherwise each finished item is a line, as CI logs want; ``quiet`` says
    nothing, and neither does a stage too short to need it.
    """

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.terminal = self.stream.isatty()
        self.stage = ""
        self.total = 0
        self.done = 0
        self.drawn = 0.0

    def start(self, stage: str, total: int) -> None:
        self.stage, self.total, self.done = stage, (total if total >= LONG else 0), 0
        if self.total and not self.quiet and not self.terminal:
            print(f"{stage}: {total} to do", file=self.stream, flush=True)

    def step(self, item: str, count: int = 1) -> None:
        self.done += count
        if self.quiet or not self.total:
            return
        if not self.terminal:
            print(f"{self.stage}: {item} ({self.done}/{self.total})", file=self.stream, flush=True)
            return
        now = time.monotonic()
        if now - self.drawn < 0.1 and self.done < self.total:
            return
        self.drawn = now
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (width - filled)
        print(f"\r{self.stage} [{bar}] {self.done}/{self.total} {item:<12}", end="", file=self.stream, flush=True)
        _DRAWN[:] = [self]
        if self.done >= self.total:
            finish_line()


def finish_line() -> None:
    """End a half-drawn bar's line, so that what is printed next (an error) starts on a line of its own."""
    for progress in _DRAWN:
        print(file=progress.stream, flush=True)
    _DRAWN.clear()


SILENT = Progress(quiet=True)
