"""Work spread over processes: one task per language, on as many CPUs as asked for.

Workers are forked, so they share what the parent parsed before starting them
(documents, messages, the project); results come back in whatever order the
workers finish, and callers make their output independent of that order.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")


def worth_it(jobs: int, tasks: list) -> bool:
    """Whether starting worker processes pays: more than one job and more than one task."""
    return jobs > 1 and len(tasks) > 1 and hasattr(os, "fork")


def run(
    function: Callable[[Task], Result],
    tasks: list[Task],
    jobs: int | None,
    cost: Callable[[Task], float] | None = None,
) -> Iterator[Result]:
    """``function`` over ``tasks``, in forked worker processes when that pays, else here (0: all CPUs).

    With ``cost`` (an estimate of each task's work), the costliest tasks start
    first, so that the last ones to start are short and no worker is left
    finishing a long one while the others wait.
    """
    jobs = default_jobs(jobs)
    if not worth_it(jobs, tasks):
        yield from map(function, tasks)
        return
    from multiprocessing import get_context

    if cost is not None:
        tasks = sorted(tasks, key=cost, reverse=True)
    gc.freeze()
    try:
        # Ctrl-C is the parent's to handle: workers ignore it, and are stopped with the pool.
        with get_context("fork").Pool(min(jobs, len(tasks)), signal.signal, (signal.SIGINT, signal.SIG_IGN)) as pool:
            yield from pool.imap_unordered(function, tasks)
    finally:
        gc.unfreeze()


def default_jobs(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1
