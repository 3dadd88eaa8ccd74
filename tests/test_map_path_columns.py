"""The map path on numpy columns: the same rows and tables pandas gave, and no pandas on it.

The oracle here is the pandas code the map path used before (filter, order printed
before derived and by source preference, one row per cell; join to the level's units),
written out once in this file so the columns can be checked against it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.levels import VINTAGED_LEVELS
from indicators.mapdata import FRAME_COLUMNS, map_frame
from indicators.session import Session

ROOT = Path(__file__).resolve().parent.parent


def _select_with_pandas(obs, indicator, level, period, vintage):
    f = obs.frame
    m = (f["indicator"] == indicator) & ~(f["level"].isin(VINTAGED_LEVELS) & (f["vintage"] != vintage))
    if level is not None:
        m &= f["level"] == level
    if period is not None:
        m &= f["period"] == period
    df = f[m]
    if df.empty:
        return df
    prio = {s: i for i, s in enumerate(obs.source_priority.get(indicator, ()))}
    df = df.assign(_d=df["derived"].astype(int), _s=df["source"].map(lambda s: prio.get(s, len(prio))))
    df = df.sort_values(["_d", "_s"], kind="stable")
    keys = ["indicator", "level", "vintage", "code", "period", "category"]
    return df.drop_duplicates(keys).drop(columns=["_d", "_s"])


def _join_with_pandas(codes, rows):
    base = pd.DataFrame(index=pd.Index(codes, name="code"))
    frame = base.join(rows.drop_duplicates("code").set_index("code")[FRAME_COLUMNS], how="left")
    for c in ("category", "source", "table", "seed_lines", "note", "origin", "period"):
        frame[c] = frame[c].fillna("").astype(str)
    for c in ("approximate", "derived"):
        frame[c] = frame[c].fillna(False).astype(bool)
    partial = frame["members_of"].notna() & (frame["members_have"] < frame["members_of"])
    frame.loc[partial, "value"] = np.nan
    return frame


@pytest.fixture(scope="module")
def session() -> Session:
    return Session(map_vintage="2024")


CASES = [
    ("ssb_andel_pasienter_uten_lege", "kommune", "2025"),
    ("ssb_andel_pasienter_uten_lege", "fylke", "2025"),  # four partial counties
    ("ssb_andel_pasienter_uten_lege", "helseregion", "2019"),
    ("folketall", "kommune", "2020"),  # carried to the 2024 map (derived rows beside printed)
    ("lister_uten_fast_lege_andel", "fylke", None),
]


@pytest.mark.parametrize("indicator,level,period", CASES)
def test_selected_rows_are_those_pandas_selected(session, indicator, level, period):
    obs = session.observations
    got = obs.select(indicator, level, period, vintage="2024")
    expected = _select_with_pandas(obs, indicator, level, period, "2024")
    assert len(got) > 0
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


@pytest.mark.parametrize("indicator,level,period", [c for c in CASES if c[2]])
def test_map_table_is_the_pandas_join(session, indicator, level, period):
    mf = map_frame(session, level, indicator, period)
    rows = _select_with_pandas(session.observations, indicator, level, period, "2024")
    expected = _join_with_pandas(list(session.level(level).codes), rows)
    pd.testing.assert_frame_equal(mf.frame, expected, check_dtype=False)
    assert mf.codes == list(session.level(level).codes)
    for code in mf.codes[:: max(1, len(mf.codes) // 25)]:
        assert mf.is_partial(code) == bool(expected.loc[code, "members_of"] > expected.loc[code, "members_have"])


def test_partial_counties_have_no_value_but_keep_their_sums(session):
    mf = map_frame(session, "fylke", "ssb_andel_pasienter_uten_lege", "2025")
    assert mf.is_partial("18") and np.isnan(mf.table["value"][mf.position("18")])
    assert mf.value_text(session, "18") == "Delvis: bare 40 av 41 kommuner har tall"
    assert not mf.is_partial("46")


def test_an_added_and_dropped_indicator_changes_the_rows_and_the_version():
    s = Session(map_vintage="2024")
    before = s.observations.version
    rows = s.observations.select("ssb_andel_pasienter_uten_lege", "kommune", "2025", vintage="2024").copy()
    rows["indicator"] = "egen_kopi"
    s.observations.add(rows)
    assert s.observations.version == before + 1
    assert len(s.observations.select_columns("egen_kopi", "kommune", "2025", vintage="2024")) == len(rows)
    s.observations.drop_indicator("egen_kopi")
    assert s.observations.select_columns("egen_kopi", vintage="2024").empty
    assert s.observations.version == before + 2


def _run_export(args: list[str], cache: Path) -> tuple[set[str], subprocess.CompletedProcess]:
    """Run ``main.py`` in a child and report which of pandas, geopandas and psygnal it imported."""
    script = ("import runpy, sys; sys.argv = ['main.py'] + sys.argv[1:]\n"
              "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
              "except SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
              "print('IMPORTED', *[m for m in ('pandas', 'geopandas', 'psygnal') if m in sys.modules])\n"
              "sys.exit(code)")
    env = dict(os.environ, LEGEKART_CACHE_DIR=str(cache), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("IMPORTED"))
    return set(line.split()[1:]), out


def test_a_map_page_of_bundled_data_is_drawn_without_pandas(tmp_path):
    cache = tmp_path / "cache"
    args = ["export", "--indicator", "ssb_andel_pasienter_uten_lege", "--level", "kommune", "--format", "png",
            "--dpi", "72", "--out", str(tmp_path / "a.png")]
    _run_export(args, cache)  # the first run fills the cache (and may need pandas for it)
    imported, _ = _run_export([*args, "--force"], cache)
    assert imported == set(), "the export of a bundled map imported " + ", ".join(sorted(imported))


def test_the_same_table_again_comes_from_the_import_cache_and_a_changed_one_does_not(tmp_path):
    cache = tmp_path / "cache"
    data = tmp_path / "mine.csv"
    data.write_text("kommunenr;verdi\n0301;12,5\n1804;3,0\n4601;7,25\n", encoding="utf-8")
    out = tmp_path / "mine.png"
    args = ["export", "--level", "kommune", "--data", str(data), "--column", "verdi", "--format", "png",
            "--dpi", "72", "--out", str(out), "--force"]
    first, _ = _run_export(args, cache)
    assert "pandas" in first  # read and matched by the import pipeline
    page = out.read_bytes()
    again, _ = _run_export(args, cache)
    assert again == set()
    assert _pixels(out) == _pixels_of(page, tmp_path)
    data.write_text("kommunenr;verdi\n0301;1,0\n1804;3,0\n4601;7,25\n", encoding="utf-8")
    changed, _ = _run_export(args, cache)
    assert "pandas" in changed  # the file changed: imported afresh
    assert _pixels(out) != _pixels_of(page, tmp_path)


def _pixels(path: Path) -> bytes:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull()
    return bytes(image.constBits())


def _pixels_of(png: bytes, tmp: Path) -> bytes:
    p = tmp / "earlier.png"
    p.write_bytes(png)
    try:
        return _pixels(p)
    finally:
        p.unlink()


def test_a_cell_found_by_comparing_columns_is_the_cell_the_index_finds(session, monkeypatch):
    from geo.levels import LAND, LAND_CODE
    from indicators.observations import Observations, _LazyCells

    obs = session.observations
    keys = list(obs._cells()._positions)[::997][:12] + [("ssb_andel_pasienter_uten_lege", LAND, "", LAND_CODE)]
    monkeypatch.setattr(_LazyCells, "FEW", len(keys))
    fresh = Observations(obs.columns, dict(obs.source_priority))
    by_mask = [fresh._cells().get(k) for k in keys]  # the first questions: no index is built
    assert fresh._cells()._index is None
    monkeypatch.setattr(_LazyCells, "FEW", 0)
    indexed = Observations(obs.columns, dict(obs.source_priority))
    by_index = [indexed._cells().get(k) for k in keys]

    def shown(rows):  # NaN != NaN: compare each value's type and how it prints
        return [[(k, type(v), repr(v)) for k, v in r.items()] for r in rows]

    assert all(by_index) and [shown(r) for r in by_mask] == [shown(r) for r in by_index]
    assert fresh._cells().get(("no_such_indicator", "kommune", "2024", "0301")) is None


def test_the_window_tooltip_says_why_a_unit_has_no_value_without_pandas_frames(qapp):
    from gui.render.document import build
    from gui.window_overlay import tooltip_text
    from indicators.view import ViewState

    session = Session(map_vintage="2024")  # its own: no other test's frame is shared through the memo
    view = ViewState(map_vintage="2024")
    doc = build(session, view)
    evenes = tooltip_text(doc, session, view, "1853")
    assert evenes.startswith("Evenes") and "Ingen data" in evenes
    assert "SSBs tabell 12005 har ingen verdi for kommunen i 2025" in evenes
    assert tooltip_text(doc, session, view, "1804").endswith("0,0\xa0%")
    assert tooltip_text(doc, session, view, "9999") == ""
    assert "frame" not in doc.frame.__dict__  # answered from the columns; no DataFrame was built


def test_rows_keep_their_types_when_every_row_of_an_indicator_is_dropped_and_added_again():
    from indicators.observations import Observations, empty

    obs = Observations(empty())
    one = pd.DataFrame({"indicator": ["egen"], "level": ["kommune"], "vintage": ["2024"], "code": ["0301"],
                        "period": ["2025"], "value": ["12.5"]})
    obs.add(one)
    obs.drop_indicator("egen")
    assert len(obs.columns) == 0 and obs.columns["value"].dtype == float
    obs.add(one)
    rows = obs.select_columns("egen", "kommune", "2025", vintage="2024")
    assert rows["value"].dtype == float and rows["value"].tolist() == [12.5]


def test_columns_read_back_from_their_pickle_equal_what_was_written(session):
    import pickle

    from indicators.columns import Columns

    rows = session.observations.columns
    back = pickle.loads(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.names == rows.names and np.array_equal(back.index, rows.index)
    for c in rows.names:
        assert back[c].dtype == rows[c].dtype, c
        if rows[c].dtype == object:
            assert back[c].tolist() == rows[c].tolist(), c
        else:
            assert np.array_equal(back[c], rows[c], equal_nan=rows[c].dtype.kind == "f"), c
    # a column that is not all text keeps its own objects; the earlier (columns, index) layout still reads
    mixed = Columns({"x": np.array(["a", None, 1.0, "a"], dtype=object)})
    assert pickle.loads(pickle.dumps(mixed))["x"].tolist() == ["a", None, 1.0, "a"]
    old = Columns.__new__(Columns)
    old.__setstate__(({"x": np.array(["b"], dtype=object)}, np.arange(1)))
    assert old["x"].tolist() == ["b"] and len(old) == 1
