"""Wall time and peak memory of one whole process, measured together (Linux, macOS).

The process is started by a small launcher that waits for it with ``os.wait4`` and reports
its wall time and ``ru_maxrss``. Why the launcher: on Linux a process's ``ru_maxrss`` starts
at the peak of the process it was forked from (it is kept across exec), so a child of the
benchmark (which holds a Qt window, ~240 MB) reported at least that; the launcher is small,
so its child's peak is its own. Timing inside the launcher leaves out the launcher's start.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LAUNCHER = r"""
import json, os, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
wall = time.perf_counter() - t
kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
print(json.dumps({"wall": wall, "rss_mb": kb / 1024, "code": os.waitstatus_to_exitcode(status)}))
"""


def timed_run_rss(cmd: list[str], rss_mb: list[float], cwd: Path | None = None) -> float:
    """Run ``cmd`` like bench.run.timed_run; append the process's own peak RSS (MB) to ``rss_mb``."""
    from bench.run import ROOT, env

    r = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], cwd=cwd or ROOT, env=env(), capture_output=True,
                       text=True)
    try:
        d = json.loads(r.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        d = {"code": r.returncode}
    if r.returncode != 0 or d["code"] != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed ({d['code']}): {r.stderr.strip()[-400:]}")
    rss_mb.append(d["rss_mb"])
    return d["wall"]
