"""A page of one map reads the boundaries of that map only: the Oslo inset's square comes
from the map drawn (0301 is the same unit on both), not from the other map's shapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import json, sys
import geo.boundaries as b
read = []
real = b.shapes
def shapes(level, vintage):
    read.append([level, vintage])
    return real(level, vintage)
b.shapes = shapes
from cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "read": read}))
"""


def _export(tmp_path: Path, vintage: str) -> dict:
    out = tmp_path / f"kart_{vintage}.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _RUN, "export", "--indicator", "ssb_andel_pasienter_uten_lege",
                           "--level", "kommune", "--map", vintage, "--dpi", "72", "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["code"] == 0 and out.is_file(), done.stderr
    return got


def test_a_2020_page_with_its_oslo_inset_reads_no_2024_boundaries(tmp_path):
    got = _export(tmp_path, "2020")
    assert ["kommune", "2020"] in got["read"]
    assert all(v == "2020" for _, v in got["read"]), got["read"]


def test_a_2024_page_reads_no_2020_boundaries(tmp_path):
    got = _export(tmp_path, "2024")
    assert ["kommune", "2024"] in got["read"] and all(v == "2024" for _, v in got["read"]), got["read"]
