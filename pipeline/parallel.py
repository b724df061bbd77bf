"""Work spread over processes: one task per language, on as many CPUs as asked for.

Workers are forked, so they share what the parent made before starting them
(documents, messages, the project, a build's context object); results come
back in whatever order the workers finish, and callers make their output
independent of that order. A worker dies with the process that started it.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")
Context = TypeVar("Context")


def worth_it(jobs: int, tasks: list[Any]) -> bool:
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
    yield from run_with(None, _without_context(function), tasks, jobs, cost)


class _without_context:
    """``function(task)`` called as ``function(context, task)``; picklable, as pool tasks must be."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __call__(self, context: object, task: Any) -> Any:
        return self.function(task)


def run_with(
    context: Context,
    function: Callable[[Context, Task], Result],
    tasks: list[Task],
    jobs: int | None,
    cost: Callable[[Task], float] | None = None,
) -> Iterator[Result]:
    """``function(context, task)`` over ``tasks``, as ``run`` does.

    ``context`` is what every task shares (a build's documents, templates,
    manifest): workers are forked with it, so it is never pickled, however
    large; each task and each result is.
    """
    jobs = default_jobs(jobs)
    if not worth_it(jobs, tasks):
        for task in tasks:
            yield function(context, task)
        return
    # Lazy: multiprocessing takes ~5 ms to import (python -X importtime); runs with one job never need it.
    from multiprocessing import get_context

    if cost is not None:
        tasks = sorted(tasks, key=cost, reverse=True)
    gc.freeze()
    try:
        with get_context("fork").Pool(min(jobs, len(tasks)), _start_worker, (context,)) as pool:
            yield from pool.imap_unordered(_call, [(function, task) for task in tasks])
    finally:
        gc.unfreeze()


# The context of the pool this worker process belongs to, set once as the worker starts (``_start_worker``).
# A pool's tasks reach their worker pickled, and a context must not be: this is the one way the worker's
# copy of it, inherited by fork, reaches them. The parent never sets it.
_WORKER_CONTEXT: list[Any] = []


def _start_worker(context: object) -> None:
    # Ctrl-C is the parent's to handle: workers ignore it, and are stopped with the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _WORKER_CONTEXT[:] = [context]


def _call(item: tuple[Callable[[Any, Any], Result], Any]) -> Result:
    function, task = item
    return function(_WORKER_CONTEXT[0], task)


def _die_with_parent() -> None:
    """Die with the process that started this worker (Linux).

    A build killed outright (SIGKILL, the out-of-memory killer) would otherwise
    leave its workers going on with the language in hand: making files in build
    space that nobody will commit, while the next build makes the same ones.
    """
    import multiprocessing  # lazy as in run(): in a worker it is imported already, and this only names it

    parent = multiprocessing.parent_process()
    if parent is None or not sys.platform.startswith("linux"):
        return
    import ctypes  # lazy: ~15 ms to import, and only a worker process on Linux needs it

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent.pid:  # already gone before that was asked
        os._exit(1)


def default_jobs(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1
