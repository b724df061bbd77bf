"""Time one command and take its peak memory and CPU time, as the benchmarks report them.

    python benchmarks/measure.py command arguments...

prints ``seconds peak-kilobytes cpu-seconds exit-status``. The command is started from this
small process, not from the benchmark runner: on Linux a child's ru_maxrss
counts the memory of the process that started it, and the runner (which may
have just generated a large corpus) would inflate every figure. The CPU time is
the command's own and that of the worker processes it waited for (user and system).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import NamedTuple


class Measured(NamedTuple):
    """One run of a command."""

    seconds: float  # wall-clock
    peak_mb: float  # the command's maximum resident memory
    cpu_seconds: float  # user + system, its workers included


def timed(command: list[str], ok: tuple[int, ...] = (0,)) -> Measured:
    """Wall seconds, peak MB and CPU seconds of ``command``; SystemExit if it fails."""
    result = subprocess.run([sys.executable, __file__, *command], capture_output=True, text=True, check=False)
    try:
        seconds, peak, cpu, status = result.stdout.split()[-4:]
    except ValueError:
        raise SystemExit(f"{' '.join(command)}: no measurement\n{result.stderr[-2000:]}") from None
    if int(status) not in ok:
        raise SystemExit(f"{' '.join(command)} failed with status {status}:\n{result.stderr[-2000:]}")
    return Measured(float(seconds), int(peak) / 1024, float(cpu))


def main() -> None:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{wall:.4f} {usage.ru_maxrss} {cpu:.4f} {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main()
