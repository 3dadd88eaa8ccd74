"""The pandas-free one-column join gives exactly what the import pipeline gives.

Each table is imported twice into a fresh session: once with
:func:`indicators.importer.plain_join.join_plain`, once with ``analyse`` +
``apply_import`` (no aggregation up, as the export does). The indicator, every
observation column (values, types, order, row labels), the mapping and the match
report must be equal. Tables the join leaves to the pipeline must be declined, never
joined differently.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from geo.gazetteer import gazetteer
from indicators.importer import analyse, apply_import, guess_plan, read_table
from indicators.importer.plain_join import join_plain
from indicators.session import Session
from indicators.user_column import ImportedColumn, _taken

ROOT = Path(__file__).resolve().parent.parent


def _codes(vintage: str, level: str = "kommune") -> list[str]:
    return [u.code for u in gazetteer(vintage).level_units(level)]


def _write(path: Path, header: list[str], rows: list[list[object]], sep: str = ";") -> Path:
    lines = [sep.join(header)] + [sep.join(str(c) for c in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _both(path: Path, column: str, level: str, vintage: str,
          maps: tuple[str, ...] | None = None) -> tuple[ImportedColumn | None, ImportedColumn]:
    """(the plain join's result or None when declined, the pipeline's result).

    With ``maps`` the plain join builds rows for those maps only."""
    out: list[ImportedColumn | None] = []
    for plain in (True, False):
        session = Session(map_vintage=vintage)
        table = read_table(path)
        plan = guess_plan(table, level=level)
        for v in plan.value_columns:
            v.include = v.column == column
        if plain:
            got = join_plain(session, table, plan) if maps is None else join_plain(session, table, plan, maps)
            out.append(None if got is None else _taken(session, got))
        else:
            analysis = analyse(table, plan, layers=session.boundary_layers, map_vintage=vintage)
            ids = apply_import(session, table, analysis=analysis, aggregate_up=False)
            out.append(_taken(session, ids[0]))
    return out[0], out[1]  # type: ignore[return-value]


def _assert_equal(a: ImportedColumn, b: ImportedColumn) -> None:
    assert a.indicator == b.indicator
    assert (a.name, a.path) == (b.name, b.path)
    assert a.mapping == b.mapping
    assert a.report == b.report
    assert a.rows.names == b.rows.names
    assert len(a.rows) == len(b.rows)
    assert np.array_equal(a.rows.index, b.rows.index)
    for c in a.rows.names:
        x, y = a.rows[c], b.rows[c]
        assert x.dtype == y.dtype, c
        if x.dtype.kind == "f":
            assert np.array_equal(x, y, equal_nan=True), c
        else:
            assert list(x) == list(y), c
            assert [type(v) for v in x] == [type(v) for v in y], c


def _rng_values(n: int, seed: int, high: float = 20.0, decimals: int = 1) -> list[float]:
    return list(np.random.default_rng(seed).uniform(0, high, n).round(decimals))


# -- tables the join takes ---------------------------------------------------------------
def _joined_cases(tmp: Path) -> list[tuple[Path, str, str]]:
    from geo.crosswalk import municipality_codes

    k20, k24, k19 = _codes("2020"), _codes("2024"), sorted(municipality_codes("2019"))
    names24 = [u.short_name for u in gazetteer("2024").level_units("kommune")]
    cases = [
        (_write(tmp / "k2020.csv", ["kommunenummer", "verdi"], list(zip(k20, _rng_values(len(k20), 1)))),
         "verdi", "kommune"),
        (_write(tmp / "k2024_komma.csv", ["Kommune", "Andel uten lege (%)"],
                [[c, f"{v:.1f}".replace(".", ",")] for c, v in zip(k24, _rng_values(len(k24), 2, 40))]),
         "Andel uten lege (%)", "kommune"),
        (_write(tmp / "k2019_antall.csv", ["knr", "antall innbyggere uten lege"],
                [[c, int(v)] for c, v in zip(k19, _rng_values(len(k19), 3, 5000, 0))]),
         "antall innbyggere uten lege", "kommune"),
        (_write(tmp / "navn_2024.csv", ["kommune", "ventetid"],
                [[n, v] for n, v in zip(names24[:120], _rng_values(120, 4))]), "ventetid", "kommune"),
        (_write(tmp / "kode_og_navn.csv", ["region", "rate per 1000"],
                [[f"{c} {n}", v] for c, n, v in zip(k24[:80], names24[:80], _rng_values(80, 5, 9, 2))]),
         "rate per 1000", "kommune"),
        (_write(tmp / "med_hull_2023.csv", ["kommunenr", "verdi"],
                [[c, ".." if i % 7 == 0 else v] for i, (c, v) in enumerate(zip(k24, _rng_values(len(k24), 6)))]
                + [["9999", "1,5"], ["Atlantis", "2"]]), "verdi", "kommune"),
        (_write(tmp / "to_kolonner.csv", ["kommunenummer", "a", "b"],
                [[c, v, v * 2] for c, v in zip(k20[:200], _rng_values(200, 7))]), "b", "kommune"),
        (_write(tmp / "fylker.csv", ["fylkesnummer", "verdi"],
                [[c, v] for c, v in zip(_codes("2024", "fylke"), _rng_values(15, 8))]), "verdi", "fylke"),
        (_write(tmp / "helseregioner.csv", ["helseregion", "verdi"],
                [[n, v] for n, v in zip(["Helse Nord", "Helse Vest", "Helse Midt-Norge", "Helse Sør-Øst"],
                                        _rng_values(4, 9))]), "verdi", "helseregion"),
        (_write(tmp / "komma.csv", ["kommunenummer", "verdi"],
                [[c, f'"{v:.1f}"'.replace(".", ",")] for c, v in zip(k24[:50], _rng_values(50, 10))], sep=","),
         "verdi", "kommune"),
    ]
    return cases


@pytest.mark.parametrize("vintage", ["2024", "2020"])
def test_the_plain_join_equals_the_pipeline(tmp_path, vintage):
    cases = _joined_cases(tmp_path)
    for path, column, level in cases:
        plain, pipeline = _both(path, column, level, vintage)
        assert plain is not None, f"{path.name} was left to the pipeline"
        _assert_equal(plain, pipeline)


@pytest.mark.parametrize("vintage", ["2024", "2020"])
def test_the_export_join_onto_one_map_equals_that_maps_rows_of_the_pipeline(tmp_path, vintage):
    """The command line harmonises onto the map it draws only: the same indicator, mapping
    and report, and exactly the pipeline's rows of that map (unvintaged levels: all)."""
    for path, column, level in _joined_cases(tmp_path):
        plain, pipeline = _both(path, column, level, vintage, maps=(vintage,))
        assert plain is not None, f"{path.name} was left to the pipeline"
        keep = np.flatnonzero(np.isin(pipeline.rows["vintage"], [vintage, ""]))
        assert 0 < len(keep) < len(pipeline.rows) or level == "helseregion", path.name
        rows = pipeline.rows.take(keep)
        rows.index = np.arange(len(rows))  # the row labels are session positions: compared from 0
        plain.rows.index = np.arange(len(plain.rows))
        _assert_equal(plain, ImportedColumn(pipeline.indicator, rows, pipeline.name, pipeline.path,
                                            pipeline.mapping, pipeline.report))
        assert set(plain.rows["vintage"]) == ({vintage} if level != "helseregion" else {""})


def test_the_equal_results_say_what_the_tables_hold(tmp_path):
    """The compared results are not empty or trivial: harmonised rows, reasons, periods."""
    cases = {p.name: (p, c, lv) for p, c, lv in _joined_cases(tmp_path)}
    plain, _ = _both(*cases["k2019_antall.csv"], "2020")
    assert plain is not None
    assert plain.report["vintage"] == "2019" and plain.report["harmonisation"]
    assert plain.rows["derived"].any() and (plain.rows["vintage"] == "2024").any()
    holes, _ = _both(*cases["med_hull_2023.csv"], "2024")
    assert holes is not None
    assert holes.report["unmatched_count"] == 2 and holes.report["periods"] == ["2023"]
    assert holes.report["value_columns"][0]["missing"] == len(range(0, len(_codes("2024")), 7))


# -- tables left to the pipeline ---------------------------------------------------------
def test_tables_the_join_does_not_take_are_declined(tmp_path):
    k24 = _codes("2024")
    declined = [
        (_write(tmp_path / "dupl.csv", ["kommunenummer", "verdi"], [[k24[0], 1], [k24[0], 2], [k24[1], 3]]), "verdi"),
        (_write(tmp_path / "periode.csv", ["kommunenummer", "år", "verdi"],
                [[c, y, 1.5] for c in k24[:20] for y in (2022, 2023)]), "verdi"),
        (_write(tmp_path / "negativ.csv", ["kommunenummer", "verdi"], [[c, -1 if i == 3 else 2]
                                                                      for i, c in enumerate(k24[:30])]), "verdi"),
        (_write(tmp_path / "over100.csv", ["kommunenummer", "andel (%)"], [[c, 120 if i == 0 else 5]
                                                                          for i, c in enumerate(k24[:30])]),
         "andel (%)"),
    ]
    for path, column in declined:
        plain, pipeline = _both(path, column, "kommune", "2024")
        assert plain is None, path.name
        assert pipeline.report["matched"] > 0


def test_a_new_plain_table_is_exported_without_pandas(tmp_path):
    """The command line's import of a never-seen table does not load pandas (once the
    user cache holds the session and the unit structures, as after the first start)."""
    import os

    k24 = _codes("2024")
    env = {**os.environ, "LEGEKART_CACHE_DIR": str(tmp_path / "cache")}
    seen = []
    for name in ("forste", "ny"):  # the first run fills the user cache
        table = _write(tmp_path / f"{name}.csv", ["kommunenummer", "verdi"],
                       list(zip(k24, _rng_values(len(k24), 11))))
        code = (
            "import sys\n"
            "from indicators.session import Session\n"
            "from indicators.user_column import load_user_column\n"
            "s = Session()\n"
            f"i = load_user_column(s, {str(table)!r}, 'verdi', 'kommune')\n"
            "print(i, 'pandas' in sys.modules)\n"
        )
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env=env)
        assert done.returncode == 0, done.stderr
        seen.append(done.stdout.split())
    assert seen[1] == ["import_ny_verdi", "False"]


def test_the_packages_names_stay_the_functions_once_their_modules_are_loaded():
    """Importing a submodule sets the package attribute of its name: no public name is one."""
    import importlib

    import indicators.importer as importer

    for name, where in importer._WHERE.items():
        importlib.import_module(f"indicators.importer.{where}")
        assert not isinstance(getattr(importer, name), type(importer)), name
