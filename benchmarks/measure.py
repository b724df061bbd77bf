"""Time one command and take its peak memory, as the benchmarks report them.

    python benchmarks/measure.py command arguments...

prints ``seconds peak-kilobytes exit-status``. The command is started from this
small process, not from the benchmark runner: on Linux a child's ru_maxrss
counts the memory of the process that started it, and the runner (which may
have just generated a large corpus) would inflate every figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def timed(command: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall seconds and peak MB of ``command``; SystemExit if it fails."""
    result = subprocess.run([sys.executable, __file__, *command], capture_output=True, text=True, check=False)
    try:
        seconds, peak, status = result.stdout.split()[-3:]
    except ValueError:
        raise SystemExit(f"{' '.join(command)}: no measurement\n{result.stderr[-2000:]}") from None
    if int(status) not in ok:
        raise SystemExit(f"{' '.join(command)} failed with status {status}:\n{result.stderr[-2000:]}")
    return float(seconds), int(peak) / 1024


def main() -> None:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    print(f"{time.perf_counter() - start:.4f} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main()
