"""The test suite's own machinery: what the parallel run promises the tests that share a costly fixture."""

from __future__ import annotations

import os

import pytest

from conftest import ON_THE_REPOSITORY_BUILD


@ON_THE_REPOSITORY_BUILD
def test_a_group_of_tests_runs_in_one_process(request):
    """The tests of one xdist group (one browser, one build of the repository) share one worker.

    pytest-xdist's ``--dist loadgroup`` marks a grouped test's id with its group; a pytest it does not work
    with (9.2 and pytest-xdist 3.8) drops the mark without a word, and every worker then pays for the browser
    and the builds again.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None or not request.config.getoption("loadgroup", False):
        pytest.skip("not run by pytest-xdist with --dist loadgroup (as -n 0 runs it): nothing is shared out")
    assert request.node.nodeid.endswith("@repository-build"), request.node.nodeid
