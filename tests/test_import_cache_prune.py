"""The import cache of ``export --data`` keeps a bounded number of tables, least recently used first out."""

from __future__ import annotations

import os
import time

from indicators.session import Session


def _table(path, value: str) -> None:
    path.write_text(f"kommunenr;verdi\n0301;{value}\n1804;3,0\n", encoding="utf-8")


def test_old_tables_leave_the_import_cache_and_a_recently_used_one_stays(tmp_path, monkeypatch):
    from geo import disk_cache
    from indicators import user_column

    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(user_column, "KEEP_TABLES", 2)
    tables = [tmp_path / f"t{i}.csv" for i in range(3)]
    for i, t in enumerate(tables):
        _table(t, f"{i + 1},5")

    def entries() -> set[str]:
        return {p.name for p in disk_cache.cache_dir().glob(user_column.PREFIX + "*.pkl")}

    def mapped(path) -> str:
        return user_column.load_user_column(Session(), path, "verdi", "kommune")

    mapped(tables[0])
    first = entries()
    mapped(tables[1])
    assert len(entries()) == 2
    # t0 is used again (from the cache) after t1, so t1 is now the least recently used
    for p in disk_cache.cache_dir().glob("*.pkl"):
        os.utime(p, ns=(time.time_ns() - 10**10, time.time_ns() - 10**10))
    assert mapped(tables[0]).startswith("import_t0")
    mapped(tables[2])
    kept = entries()
    assert len(kept) == 2
    assert first <= kept, "the table used most recently was pruned"
    # the pruned table is imported afresh and still maps the same values
    s = Session()
    ind = user_column.load_user_column(s, tables[1], "verdi", "kommune")
    rows = s.observations.select_columns(ind, "kommune", vintage=s.map_vintage)
    assert sorted(rows["value"].tolist()) == [2.5, 3.0]
