"""How the harness measures: whole processes, their wall time and peak RSS, contenders in rounds.

Kept apart from the cases (:mod:`bench.run`) so that every case module and probe measures
the same way: the environment, GNU time for the peak RSS, warm-up and alternation.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.report import QGIS_PYTHON

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


@dataclass
class Case:
    name: str
    samples: list[float]
    unit: str = "s"
    note: str = ""
    peers: dict[str, list[float]] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def env() -> dict:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    # the per-user caches of this checkout only: another checkout on the machine keys them with
    # its own code and would replace them between runs (the warm-up run builds them)
    e.setdefault("LEGEKART_CACHE_DIR", str(OUT / "cache"))
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return e


TIME = "/usr/bin/time"  # GNU time: forks from a small process, so the child's peak RSS is its own


def measured_run(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one whole process.

    Linux carries a process's RSS high-water mark across fork and exec, so a child forked
    from this harness (hundreds of MB after the window cases) would report the harness's
    peak; GNU time forks it from a small process instead. Without it the RSS is NaN.
    """
    wrapped, report = cmd, None
    if Path(TIME).exists():
        fd, report = tempfile.mkstemp(prefix="rss-", dir=OUT if OUT.is_dir() else None)
        os.close(fd)
        wrapped = [TIME, "-f", "%M", "-o", report, *cmd]
    t = time.perf_counter()
    r = subprocess.run(wrapped, cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    rss = float("nan")
    if report is not None:
        try:
            rss = int(Path(report).read_text().split()[-1]) / 1024
        except (OSError, ValueError, IndexError):
            pass
        Path(report).unlink(missing_ok=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed ({r.returncode}): "
                           f"{r.stderr.decode('utf-8', 'replace').strip()[-400:]}")
    return elapsed, rss


def timed_run(cmd: list[str], cwd: Path = ROOT) -> float:
    return measured_run(cmd, cwd)[0]


def repeat(fn, reps: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    return [fn() for _ in range(reps)]


def alternate(runs: dict[str, Callable[[], tuple[float, float]]], reps: int,
              warmup: int = 1) -> dict[str, tuple[list[float], list[float]]]:
    """Run every contender once per round, round after round (warm-up rounds first).

    Returns name → (wall times, peak RSS) over the measured rounds.
    """
    for _ in range(warmup):
        for fn in runs.values():
            fn()
    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in runs}
    for _ in range(reps):
        for name, fn in runs.items():
            wall, rss = fn()
            out[name][0].append(wall)
            out[name][1].append(rss)
    return out


def matplotlib_available() -> bool:
    """The geopandas+matplotlib peer needs the bench extra; without it the case runs without that peer."""
    import importlib.util
    return importlib.util.find_spec("matplotlib") is not None


def qgis_available() -> bool:
    return Path(QGIS_PYTHON).exists() and subprocess.run(
        [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


def compiled() -> None:
    """Byte-compile the project first, as an installed package is.

    Why: with PYTHONDONTWRITEBYTECODE set (as on some CI and sandbox machines) every
    edited module was compiled from source in every timed process, ~50 ms of each run."""
    import compileall

    for folder in ("cli", "geo", "gui", "indicators"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)
    compileall.compile_file(str(ROOT / "main.py"), quiet=1)
