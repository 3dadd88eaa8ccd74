"""``main.py update --source ssb``: the exact contracts, as real processes, and a kill during apply."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from ssb_fake import FakeSsb, encode, synthetic_12005
from test_ssb_update import CODES, OLD_YEARS, served

from indicators.ssb.snapshot import Snapshot
from tests.conftest import ROOT


def _env(tmp_path, url: str | None) -> dict:
    env = {**os.environ, "LEGEKART_DATA_DIR": str(tmp_path / "data"), "LEGEKART_SSB_TIMEOUT": "5"}
    env.pop("LEGEKART_SSB_URL", None)
    if url:
        env["LEGEKART_SSB_URL"] = url
    return env


def cli(tmp_path, url, *args, timeout=120):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "update", *args], cwd=ROOT,
                          env=_env(tmp_path, url), capture_output=True, text=True, timeout=timeout)


def _closed_port_url() -> str:
    f = FakeSsb({}).start()
    url = f.base
    f.stop()
    return url


@pytest.fixture
def fake():
    f = FakeSsb(encode(served())).start()
    yield f
    f.stop()


def test_no_network_exits_2_with_one_line_and_writes_nothing(tmp_path):
    p = cli(tmp_path, _closed_port_url(), "--source", "ssb", "--dry-run", "--json")
    assert p.returncode == 2 and p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "could not be reached" in lines[0] and "Traceback" not in p.stderr
    assert not (tmp_path / "data").exists()


def test_update_applies_and_prints_one_json_report(tmp_path, fake):
    p = cli(tmp_path, fake.base, "--source", "ssb", "--table", "12005", "--json")
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.strip().splitlines()) == 1
    r = json.loads(p.stdout)
    assert r["years"] == ["2020", "2021", "2022", "2023", "2024", "2025", "2026"]
    # compared with the bundled figures: the new year is added, the synthetic values differ
    assert r["in_use"]["kind"] == "bundled" and r["new_years"] == ["2026"]
    assert isinstance(r["changed"], int) and r["changed"] == r["added"] + r["modified"] + r["removed"]
    assert r["added"] >= 351 * 18
    assert r["units"] == 351 and r["applied"] is True
    snap = Snapshot.read(r["path"])
    assert "2026" in snap.years() and snap.table == "12005"
    assert fake.requests[0][0] == "/api/v0/no/table/12005"
    # the same answer again: nothing differs from the data now in use
    again = json.loads(cli(tmp_path, fake.base, "--json").stdout)
    assert again["changed"] == 0 and again["new_years"] == []


def test_dry_run_writes_nothing_and_text_output_reads(tmp_path, fake):
    p = cli(tmp_path, fake.base, "--dry-run")
    assert p.returncode == 0, p.stderr
    assert "New years: 2020, 2021, 2022, 2023, 2024, 2025, 2026" in p.stdout or "New years:" in p.stdout
    assert "Dry run: nothing written." in p.stdout
    assert not (tmp_path / "data" / "ssb" / "12005.json").exists()


@pytest.mark.parametrize("mode, words", [("http500", "HTTP 500"), ("truncated", "cut off"),
                                         ("layout", "layout"), ("garbage", "not JSON")])
def test_bad_answers_exit_2_and_keep_the_previous_file(tmp_path, fake, mode, words):
    assert cli(tmp_path, fake.base).returncode == 0
    path = tmp_path / "data" / "ssb" / "12005.json"
    before = path.read_bytes()
    fake.mode = mode
    p = cli(tmp_path, fake.base, "--json")
    assert p.returncode == 2 and words in p.stderr and len(p.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_slow_answer_times_out_by_flag(tmp_path, fake):
    fake.mode, fake.delay = "slow", 10.0
    p = cli(tmp_path, fake.base, "--timeout", "0.5", "--json")
    assert p.returncode == 2 and "did not answer within 0.5 s" in p.stderr  # the message names the flag's limit


def test_revert_and_status(tmp_path, fake):
    assert cli(tmp_path, fake.base).returncode == 0
    s = json.loads(cli(tmp_path, None, "--status", "--json").stdout)
    assert s["in_use"] == "user" and "2026" in s["years"]
    r = cli(tmp_path, None, "--revert", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["reverted"] is True and out["in_use"] in ("bundled", "none")
    assert not (tmp_path / "data" / "ssb" / "12005.json").exists() and os.path.exists(out["parked"])
    again = cli(tmp_path, None, "--revert")
    assert again.returncode == 2 and "no update of table 12005" in again.stderr


WRITER = r'''
import sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from indicators.ssb import store
from indicators.ssb.snapshot import Snapshot
a, b = Snapshot.read({a!r}), Snapshot.read({b!r})
store.apply(a)
print("ready", flush=True)
if {pause!r}:  # stop inside a write: the temporary file is whole, the rename has not happened
    import os, time
    def replace(src, dst):
        print("inside", flush=True)
        time.sleep(60)
    os.replace = replace
for i in range(100000):
    store.apply(b if i % 2 == 0 else a)
'''


def test_sigkill_during_apply_leaves_the_old_or_the_new_snapshot(tmp_path, monkeypatch):
    """Kill a process that keeps applying two large snapshots; the file is always one of them whole."""
    a = synthetic_12005(CODES, OLD_YEARS, seed=1)
    b = synthetic_12005(CODES, [*OLD_YEARS, "2026"], seed=2)
    a.write(tmp_path / "a.json")
    b.write(tmp_path / "b.json")
    env = _env(tmp_path, None)
    target = tmp_path / "data" / "ssb" / "12005.json"
    for delay in (0.05, 0.13, 0.21, 0.34, 0.55, None):
        proc = subprocess.Popen([sys.executable, "-c", WRITER.format(
            root=str(ROOT), tests=str(ROOT / "tests"), a=str(tmp_path / "a.json"), b=str(tmp_path / "b.json"),
            pause=delay is None)], env=env, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == "ready"
            if delay is None:  # the last kill lands inside a write for sure
                assert proc.stdout.readline().strip() == "inside"
            else:
                time.sleep(delay)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        got = Snapshot.read(target)  # never a broken file
        assert got.values in (a.values, b.values)
    leftovers = [p.name for p in target.parent.iterdir() if p.name != "12005.json"]
    # the kill inside a write left its temporary file, and only such files are left
    assert leftovers and all(n.startswith(".12005.") and ".part" in n for n in leftovers)
    # the next apply clears what the killed writers left behind
    from indicators.ssb import store

    monkeypatch.setenv("LEGEKART_DATA_DIR", str(tmp_path / "data"))
    store.apply(a)
    assert sorted(p.name for p in target.parent.iterdir()) == ["12005.json"]


def _breakdown(tmp_path, code: str) -> dict:
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "breakdown", code, "--json"], cwd=ROOT,
                       env=_env(tmp_path, None), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def _share(d: dict) -> dict:
    return next(x for x in d["own_values"] if x["indicator"] == "ssb_andel_pasienter_uten_lege")


def test_after_the_update_breakdown_shows_the_new_year_cited_with_its_date(tmp_path, fake):
    before = _share(_breakdown(tmp_path, "1804"))
    assert before["period"] == "2025" and "hentet 2026-05-05" in before["source_title"]
    r = json.loads(cli(tmp_path, fake.base, "--json").stdout)
    assert r["in_use"]["kind"] == "bundled" and r["new_years"] == ["2026"] and r["changed"] > 0
    retrieved = Snapshot.read(r["path"]).retrieved_date()
    after = _share(_breakdown(tmp_path, "1804"))
    assert after["period"] == "2026" and after["value"] == served().value("KOSandelpasiente0000", "1804", "2026")
    assert f"(hentet {retrieved})" in after["source_title"]
    # back to the bundled figures
    assert cli(tmp_path, None, "--revert").returncode == 0
    again = _share(_breakdown(tmp_path, "1804"))
    assert again["period"] == "2025" and "hentet 2026-05-05" in again["source_title"]
