"""Issue 17, data loss and after-kill: writers never replace what the planner had.

``import --unmatched`` used to write with a plain ``open(path, "w")``: it replaced an
unrelated file without asking, replaced the input table with its own unmatched rows,
truncated the old file on a full disk and left partial files when killed. Exports
left hidden ``.part`` files and project saves ``.tmp`` files after a kill.
"""

from __future__ import annotations

import os
import random
import time

import hostile_files as hf
import pytest
from hostile_runner import _child, context, run_main

OLD = "rad;årsak\n1;the old file the planner had\n".encode()


@pytest.fixture
def table(tmp_path):
    rows = hf.table_rows(10) + [["9999", "Atlantis", 1, 1.0]]
    return hf.write_csv(tmp_path / "lister.csv", rows)


def test_existing_file_is_not_replaced_without_force(table, tmp_path):
    target = tmp_path / "ut.csv"
    target.write_bytes(OLD)
    o = run_main(["import", table, "--json", "--unmatched", target])
    assert o.code == 2 and len(o.lines) == 1 and "use --force" in o.err and o.out == ""
    assert target.read_bytes() == OLD
    o = run_main(["import", table, "--json", "--unmatched", target, "--force"])
    assert o.code == 0 and "Atlantis" in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("force", [False, True])
def test_the_input_table_is_never_the_output(table, force):
    before = table.read_bytes()
    o = run_main(["import", table, "--json", "--unmatched", table] + (["--force"] if force else []))
    assert o.code == 2 and len(o.lines) == 1 and "table being imported" in o.err and not o.raw
    assert table.read_bytes() == before


def test_a_full_disk_leaves_the_old_file_whole(table, tmp_path):
    """RLIMIT_FSIZE makes every write past 4 kB fail (EFBIG) — a full disk for this process."""
    target = tmp_path / "ut.csv"
    target.write_bytes(OLD)
    big = hf.unmatched_rows_table(tmp_path, 2_000)
    o = run_main(["import", big, "--json", "--unmatched", target, "--force"], fsize=4096)
    assert o.code == 2 and len(o.lines) == 1 and "cannot write" in o.err and not o.raw, o.err
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_screenshot_does_not_replace_a_file_without_force(tmp_path):
    target = tmp_path / "vindu.png"
    target.write_bytes(b"the planner's own picture")
    o = run_main(["screenshot", "--out", target])
    assert o.code == 2 and len(o.lines) == 1 and "use --force" in o.err
    assert target.read_bytes() == b"the planner's own picture"


def test_a_kill_during_the_write_leaves_the_old_file_or_the_whole_new_one(tmp_path):
    big = hf.unmatched_rows_table(tmp_path)
    target = tmp_path / "ut.csv"
    rng = random.Random(17)
    outcomes = set()
    for _ in range(3):
        target.write_bytes(OLD)
        p = context().Process(target=_child,
                              args=("call", ("hostile_files", "write_unmatched", (str(big), str(target))),
                                    str(tmp_path / "out"), str(tmp_path / "err"), None))
        p.start()
        time.sleep(rng.uniform(1.2, 3.8))  # reading takes about 2 s, writing about 2 s more
        p.kill()
        p.join()
        data = target.read_bytes()
        if data == OLD:
            outcomes.add("old")
        else:  # complete: a header, every unmatched row, and a final line end
            text = data.decode("utf-8-sig")
            assert text.endswith("\n") and text.count("\n") == 150_001, "a partial file was left"
            outcomes.add("new")
    assert outcomes  # every kill left one of the two complete versions


def test_stale_export_part_files_are_removed_on_the_next_export(tmp_path):
    from indicators.atomic_file import STALE_AGE, atomic_path

    old = time.time() - STALE_AGE - 60
    stale = [tmp_path / ".kart.a1b2c3d4.part.png", tmp_path / ".kart.zzzz_999.part.png"]
    fresh = tmp_path / ".kart.q1w2e3r4.part.png"  # another export may be writing it now
    foreign = [tmp_path / ".kart.part.png", tmp_path / ".annet.a1b2c3d4.part.png", tmp_path / "kart.a1b2c3d4.part.png"]
    for p in stale + [fresh] + foreign:
        p.write_bytes(b"x" * 100)
        if p is not fresh:
            os.utime(p, (old, old))
    with atomic_path(tmp_path / "kart.png") as tmp:
        tmp.write_bytes(b"png")
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and all(p.exists() for p in foreign)
    assert (tmp_path / "kart.png").read_bytes() == b"png"


def test_stale_project_temp_files_are_removed_on_the_next_save(tmp_path):
    from indicators import project_file
    from indicators.atomic_file import STALE_AGE
    from indicators.session import Session

    old = time.time() - STALE_AGE - 60
    dead = tmp_path / ".arbeid.legekart.999999999.tmp"
    dead_bak = tmp_path / ".arbeid.legekart.999999998.bak.tmp"
    mine = tmp_path / f".arbeid.legekart.{os.getppid()}.tmp"  # a live process: left alone
    other = tmp_path / ".annet.legekart.999999999.tmp"
    for p in (dead, dead_bak, mine, other):
        p.write_bytes(b"x" * 100)
        os.utime(p, (old, old))
    project_file.save(project_file.Project(session=Session(), view=project_file.ViewState()), tmp_path / "arbeid")
    assert not dead.exists() and not dead_bak.exists()
    assert mine.exists() and other.exists()
    assert project_file.load(tmp_path / "arbeid.legekart").view.level == project_file.ViewState().level
