"""A 1 000 000-row file: streamed with progress, cancellable without a trace, memory bounded.

How long it takes is a benchmark, not a test: ``python -m bench.import_large`` (also part of
``python -m bench``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from import_files import big_csv

from indicators.importer import ImportCancelled, analyse, guess_plan, import_file, read_table
from indicators.session import Session

ROOT = Path(__file__).resolve().parent.parent
ROWS = 1_000_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return big_csv(tmp_path_factory.mktemp("big") / "million.csv", ROWS)


def _state(s: Session):
    return len(s.observations.frame), sorted(s.catalogue.indicators), list(s.imports)


def test_cancel_during_read_leaves_the_session_untouched(big):
    s = Session(map_vintage="2020")
    before = _state(s)
    calls = []
    stop = {"now": False}

    def progress(done, total):
        calls.append((done, total))
        stop["now"] = True  # the user presses cancel after the first chunk

    with pytest.raises(ImportCancelled):
        import_file(s, big, progress=progress, cancel=lambda: stop["now"])
    # stopped early: one chunk reported, part of the file read, not all of it
    assert len(calls) == 1 and 0 < calls[0][0] < calls[0][1] == os.path.getsize(big)
    assert _state(s) == before


def test_cancel_during_analysis(tmp_path):
    t = read_table(big_csv(tmp_path / "mid.csv", 200_000))
    plan = guess_plan(t)
    steps = []
    with pytest.raises(ImportCancelled):
        analyse(t, plan, progress=lambda d, n: steps.append(d), cancel=lambda: len(steps) >= 2)
    assert steps == [0, 1]  # stopped between the key step and the value columns


# The peak is this process's own (VmHWM): ru_maxrss starts at the parent's peak on Linux (it is
# kept across exec), so under a large pytest process peak - base was ~0 and the bound could not fail.
SCRIPT = r"""
import json, resource, sys
def peak_kb():
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
ids, a, t = import_file(s, sys.argv[1], progress=lambda d, n: calls.append((d, n)))
peak = peak_kb()
r = a.report
print(json.dumps({"base_mb": base / 1024, "peak_mb": peak / 1024, "calls": calls,
                  "rows": r.rows, "matched": r.matched, "duplicates": r.duplicates_count,
                  "listed": len(r.duplicates), "ids": ids, "units": r.units,
                  "table_mb": float(t.frame.memory_usage(deep=False).sum()) / 1e6}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is POSIX")
def test_million_rows_progress_counts_and_memory(big):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(big)], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["rows"] == ROWS and r["matched"] == ROWS and len(r["ids"]) == 2 and r["units"] == 356
    # every unit appears ~2800 times with different values: all counted, the list capped
    assert r["duplicates"] == 356 and r["listed"] == 200
    done = [d for d, _ in r["calls"]]
    assert len(done) >= 10 and done == sorted(done) and done[-1] == r["calls"][-1][1] == os.path.getsize(big)
    # bounded memory: the 14 MB file costs a pointer per cell plus shared strings, not a
    # Python object per cell (that alone would be > 250 MB)
    assert r["table_mb"] < 30
    assert r["peak_mb"] - r["base_mb"] < 250, r


def test_many_distinct_junk_keys_stay_bounded(tmp_path):
    """30 000 different keys that are no units: every row gets a reason, the reasons stay few."""
    path = tmp_path / "personer.csv"
    path.write_text("kommune;antall\n" + "".join(f"sted{i};{i % 7}\n" for i in range(30_000)), encoding="utf-8")
    t = read_table(path)
    plan = guess_plan(t)
    a = analyse(t, plan)
    rep = a.report
    assert rep.matched == 0 and rep.unmatched_count == 30_000 and len(rep.unmatched) == 1000
    assert len(a.reasons) <= 20_001
    assert a.reason_of(0).text("en") == "no municipality is called 'sted0'"
    assert "one of very many distinct keys" in a.reason_of(29_999).text("en")
    with pytest.raises(ImportCancelled):
        analyse(t, plan, cancel=lambda: True)
