"""The worker processes: the shared context reaches them unpickled, errors come back, a dead worker is reported."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from pipeline.errors import CatalogueError
from pipeline.parallel import SMALL_WORK, WorkerFailed, WorkerTraceback, run, run_with, worth_it


class Unpicklable:
    """A context that cannot be pickled (it holds a lock), as a build's documents may not be."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.words = {1: "one", 2: "two", 3: "three"}


def _word(context: Unpicklable, task: int) -> tuple[int, str, int]:
    return task, context.words[task], os.getpid()


def test_the_context_reaches_every_worker_without_being_pickled():
    results = list(run_with(Unpicklable(), _word, [1, 2, 3], jobs=2))
    assert sorted(result[:2] for result in results) == [(1, "one"), (2, "two"), (3, "three")]
    assert os.getpid() not in {pid for _, _, pid in results}  # the work was done in worker processes
    assert len({pid for _, _, pid in results}) <= 2


def test_one_job_runs_here_and_in_task_order():
    assert [result[:2] for result in run_with(Unpicklable(), _word, [3, 1], jobs=1)] == [(3, "three"), (1, "one")]
    assert {result[2] for result in run_with(Unpicklable(), _word, [3, 1], jobs=1)} == {os.getpid()}


def _broken(task: int) -> int:
    if task == 2:
        raise CatalogueError("invalid control sequence", "locales/fr/LC_MESSAGES/x.po", 6)
    return task


def test_a_workers_error_is_raised_here_with_its_place_and_the_workers_traceback():
    with pytest.raises(CatalogueError) as raised:
        list(run(_broken, [1, 2, 3, 4], jobs=2))
    assert (raised.value.message, raised.value.path, raised.value.line) == (
        "invalid control sequence",
        "locales/fr/LC_MESSAGES/x.po",
        6,
    )
    assert isinstance(raised.value.__cause__, WorkerTraceback)
    assert "_broken" in str(raised.value.__cause__)


def _die(task: int) -> int:
    if task == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return task


def test_a_worker_killed_outright_is_reported_not_waited_for():
    with pytest.raises(WorkerFailed, match="exit status -9"):
        list(run(_die, [1, 2], jobs=2))


def test_costliest_tasks_start_first_and_every_result_comes_back():
    assert sorted(run(abs, [-5, 1, -3, 2], jobs=2, cost=abs)) == [1, 2, 3, 5]


def test_small_work_stays_in_one_process_unless_jobs_are_asked_for():
    small, large = [1000, 2000], [SMALL_WORK, 1]
    assert not worth_it(None, small, float) and not worth_it(0, small, float)  # the default: it would not pay
    assert worth_it(None, large, float) or (os.cpu_count() or 1) == 1
    assert worth_it(2, small, float)  # --jobs 2 is what the user asked for
    assert not worth_it(2, [SMALL_WORK]) and not worth_it(1, large, float)
    pids = {pid for _, _, pid in run_with(Unpicklable(), _word, [1, 2], jobs=None, cost=lambda task: 10)}
    assert pids == {os.getpid()}
