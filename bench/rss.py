"""Wall time and peak memory of one whole process, measured together (Linux/macOS).

``os.wait4`` returns the finished child's own resource usage, so its peak RSS costs
nothing extra to measure and is not mixed up with other children of the benchmark.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def timed_run_rss(cmd: list[str], rss_mb: list[float], cwd: Path | None = None) -> float:
    """Run ``cmd`` like bench.run.timed_run; append the process's peak RSS (MB) to ``rss_mb``."""
    from bench.run import ROOT, env

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd or ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    stderr = proc.stderr.read()  # until the process exits (it prints one line on error)
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    rss_mb.append(usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024))
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        tail = stderr.decode(errors="replace").strip()[-400:]
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed ({proc.returncode}): {tail}")
    return elapsed
