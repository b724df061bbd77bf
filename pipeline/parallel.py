"""Work spread over processes: one task per language, on as many CPUs as asked for.

Workers are forked, so they share what the parent made before starting them:
the function and its context object (documents, messages, the project) are
their arguments, never pickled; each task and each result is. Results come
back in whatever order the workers finish, and callers make their output
independent of that order. A worker's error is raised in the parent; a
worker dies with the process that started it. No state is kept in the module.
"""

from __future__ import annotations

import gc
import os
import pickle
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")
Context = TypeVar("Context")


# Below this much input (bytes of catalogues and documents), starting worker processes costs more than
# it saves. Measured on 2 CPUs: the mission's project (180 KB) checks in 0.5 s in one process and 0.7 s
# with two; a corpus of 850 KB is about even; 3.5 MB builds a third faster with two.
SMALL_WORK = 512 * 1024


def worth_it(jobs: int | None, tasks: list[Task], cost: Callable[[Task], float] | None = None) -> bool:
    """Whether starting worker processes pays: more than one job and one task, and, when the number of
    jobs is left to us (None or 0) and ``cost`` says the bytes of input each task reads, enough work."""
    if default_jobs(jobs) <= 1 or len(tasks) <= 1 or not hasattr(os, "fork"):
        return False
    return bool(jobs) or cost is None or sum(cost(task) for task in tasks) >= SMALL_WORK


def run(
    function: Callable[[Task], Result],
    tasks: list[Task],
    jobs: int | None,
    cost: Callable[[Task], float] | None = None,
) -> Iterator[Result]:
    """``function`` over ``tasks``, in forked worker processes when that pays, else here (0: all CPUs).

    With ``cost`` (each task's work, as the bytes of input it reads), the
    costliest tasks start first, so that the last ones to start are short and
    no worker is left finishing a long one while the others wait; and work too
    small to pay for starting workers is done here.
    """
    yield from run_with(None, lambda _, task: function(task), tasks, jobs, cost)


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
    if not worth_it(jobs, tasks, cost):
        for task in tasks:
            yield function(context, task)
        return
    # Lazy: multiprocessing takes ~5 ms to import (python -X importtime); runs with one job never need it.
    from multiprocessing import get_context

    if cost is not None:
        tasks = sorted(tasks, key=cost, reverse=True)
    fork = get_context("fork")
    todo, done = fork.Queue(), fork.Queue()
    # A forked worker's arguments are not pickled: each gets the context itself, as the parent has it.
    workers = [
        fork.Process(target=_work, args=(context, function, todo, done), daemon=True)
        for _ in range(min(default_jobs(jobs), len(tasks)))
    ]
    gc.freeze()  # the objects shared with the workers stay untouched by their collector: no copy on write
    try:
        for worker in workers:
            worker.start()
        for task in tasks:
            todo.put(task)
        for _ in workers:
            todo.put(None)  # no more tasks: the worker returns
        for _ in tasks:
            yield _result(done, workers)
        for worker in workers:
            worker.join()
    finally:
        gc.unfreeze()
        for worker in workers:
            if worker.is_alive():  # stopped early: an error, or the caller stopped asking
                worker.terminate()
                worker.join()
        todo.cancel_join_thread()  # tasks nobody will read are not waited for
        todo.close()
        done.close()


class WorkerFailed(Exception):
    """A worker process ended without giving a task's result (killed, or out of memory)."""


def _work(context: Any, function: Callable[[Any, Any], Any], todo: Any, done: Any) -> None:
    """A worker process: ``function(context, task)`` for each task until told to stop; results back pickled."""
    # Ctrl-C is the parent's to handle: workers ignore it, and are stopped with the run.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    while (task := todo.get()) is not None:
        try:
            outcome: tuple[bool, Any, str] = (True, function(context, task), "")
        except BaseException as error:  # every error goes back to the parent, which raises it
            outcome = (False, error, traceback.format_exc())
        try:
            data = pickle.dumps(outcome)
        except Exception as error:  # an error or result that cannot travel: say so, with what it was
            failed = RuntimeError(f"a worker's result could not be sent back: {error}")
            data = pickle.dumps((False, failed, outcome[2]))
        done.put(data)


def _result(done: Any, workers: list[Any]) -> Any:
    """The next result any worker gives; its error raised here, with the worker's traceback as the cause."""
    while True:
        try:
            data = done.get(timeout=0.5)
            break
        except queue.Empty:
            dead = [worker for worker in workers if worker.exitcode not in (None, 0)]
            if dead and done.empty():
                raise WorkerFailed(f"a worker process stopped (exit status {dead[0].exitcode})") from None
    ok, value, trace = pickle.loads(data)
    if ok:
        return value
    raise value from WorkerTraceback(trace)


class WorkerTraceback(Exception):
    """Where in a worker process an error was raised (the traceback as text: tracebacks do not travel)."""

    def __str__(self) -> str:
        return str(self.args[0])


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
