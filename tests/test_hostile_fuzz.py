"""Issue 17: random damage to valid tables, workbooks, projects and boundary files.

Hypothesis flips, inserts, deletes and truncates bytes of a valid file; each mutant
runs in its own bounded process (tests/hostile_runner.py). Whatever happens, the
answer is exit 0 with every row, cell and column accounted for, or exit 2 in at most
two lines — never a raw exception, a hang or a changed input file. Examples are few
(CI time) and derandomised, so a failure reproduces.
"""

from __future__ import annotations

import hashlib
import json

import hostile_files as hf
import pytest
from hostile_runner import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_cli import assert_accounted

OPS = st.lists(st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate"]), st.integers(0, 1 << 30),
                         st.integers(0, 255)), min_size=1, max_size=6)
FUZZ = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    d = tmp_path_factory.mktemp("seeds")
    geojson = hf._geojson(d / "utm.geojson", hf._utm_frame().to_crs(4326), None)
    return {
        "csv": hf.write_csv(d / "t.csv", hf.table_rows(30)).read_bytes(),
        "xlsx": hf.good_xlsx(d / "t.xlsx").read_bytes(),
        "legekart": hf.good_project(d).read_bytes(),
        "geojson": geojson.read_bytes(),
    }


def _check(tmp_path, kind: str, name: str, data: bytes, argv_for):
    d = tmp_path / hashlib.sha1(data).hexdigest()[:12]
    d.mkdir(exist_ok=True)
    path = d / name
    path.write_bytes(data)
    o = run(kind, argv_for(path), d / "_run")
    assert o.code in (0, 2), (o.code, o.err[-800:])
    assert not o.raw, o.err[-800:]
    assert path.read_bytes() == data  # the input is never touched
    if o.code == 2:
        assert 1 <= len(o.lines) <= 2 and o.out == "", o.err
    return o


@FUZZ
@given(ops=OPS)
def test_damaged_csv(seeds, tmp_path, ops):
    o = _check(tmp_path, "cli", "t.csv", hf.mutate(seeds["csv"], ops), lambda p: ["import", str(p), "--json"])
    if o.code == 0:
        assert_accounted(json.loads(o.out))


@FUZZ
@given(ops=OPS)
def test_damaged_xlsx(seeds, tmp_path, ops):
    o = _check(tmp_path, "cli", "t.xlsx", hf.mutate(seeds["xlsx"], ops), lambda p: ["import", str(p), "--json"])
    if o.code == 0:
        assert_accounted(json.loads(o.out))


@FUZZ
@given(ops=OPS)
def test_damaged_project(seeds, tmp_path, ops):
    _check(tmp_path, "cli", "p.legekart", hf.mutate(seeds["legekart"], ops), lambda p: ["open", str(p), "--check"])


@FUZZ
@given(ops=OPS)
def test_damaged_geojson(seeds, tmp_path, ops):
    _check(tmp_path, "boundary", "g.geojson", hf.mutate(seeds["geojson"], ops), str)
