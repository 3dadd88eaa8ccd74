"""Benchmark case: importing a million-row table (the timing that used to sit in
tests/test_import_large.py, where a loaded machine made it fail; the test keeps the
behaviour: progress calls, counts, bounded memory).

    python -m bench.import_large [--rows N] [--reps N]   this case alone
    python -m bench                                       with the others (registered in bench/run.py)

Each repetition is a fresh process that builds a session, then imports the file with a
progress callback, as File → Importer data… does; it reports the import's own wall time
and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROWS = 1_000_000
QUICK_ROWS = 50_000

#: run in a fresh process: the import alone is timed (start-up and the session excluded)
SCRIPT = r"""
import json, resource, sys, time
def peak_kb():  # this process's own peak: ru_maxrss starts at the parent's on Linux (kept across exec)
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from indicators.importer import import_file
from indicators.session import Session
s = Session(map_vintage="2020")
base = peak_kb()
calls = []
t0 = time.perf_counter()
ids, a, t = import_file(s, sys.argv[1], progress=lambda d, n: calls.append((d, n)))
dt = time.perf_counter() - t0
peak = peak_kb()
print(json.dumps({"seconds": dt, "base_mb": base / 1024, "peak_mb": peak / 1024, "rows": a.report.rows,
                  "matched": a.report.matched, "progress_calls": len(calls)}))
"""


def big_csv(path: Path, rows: int, seed: int = 1) -> Path:
    """The million-row test's own generated table (tests/import_files.py), so both measure the same file."""
    from tests.import_files import big_csv as generate

    return generate(path, rows, seed)


def run_once(path: Path) -> dict:
    from bench.run import ROOT, env

    r = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], cwd=ROOT, env=env(), capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError(f"large import failed ({r.returncode}): {r.stderr.strip()[-400:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def case_import_large(reps: int, quick: bool, rows: int | None = None) -> list:
    from bench.run import OUT, Case

    rows = rows or (QUICK_ROWS if quick else ROWS)
    OUT.mkdir(exist_ok=True)
    path = OUT / f"import_{rows}.csv"
    if not path.exists():
        big_csv(path, rows)
    runs = [run_once(path) for _ in range(max(1, reps))]
    if any(r["matched"] != rows for r in runs):
        raise RuntimeError(f"large import matched {runs[0]['matched']} of {rows} rows")
    label = f"{rows:,}".replace(",", " ")
    return [Case(f"import {label} rows (in process)", [r["seconds"] for r in runs],
                 note="read, match and harmonise with progress, in a fresh process (start-up excluded)"),
            Case(f"import {label} rows: peak RSS", [r["peak_mb"] for r in runs], unit="MB",
                 note="the importing process, session included")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.import_large", description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=ROWS)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)
    from bench.run import fmt_time

    for c in case_import_large(args.reps, False, args.rows):
        print(f"{c.name}: median {fmt_time(c.median, c.unit)} "
              f"(min {fmt_time(min(c.samples), c.unit)}, max {fmt_time(max(c.samples), c.unit)}, n {len(c.samples)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
