"""A bundled level's codes come without its geometry (the window's first paint joins
figures to codes and draws from cached arrays), and are exactly the codes of its shapes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo import boundaries
from geo.levels import LEVELS, MapLevel

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("vintage", ["2020", "2024"])
def test_the_codes_are_the_codes_of_the_shapes(vintage):
    for level in LEVELS:
        got = boundaries.codes(level, vintage)
        assert got == boundaries.shapes(level, vintage).codes
        assert len(got) > 1 and list(got) == sorted(got)


def test_codes_do_not_read_the_geometry_until_shapes_are_read():
    loads: list[str] = []
    real = boundaries.map_level("kommune", "2024")

    def load():
        loads.append("shapes")
        return boundaries.shapes("kommune", "2024")

    lv = MapLevel(id="kommune", vintage="2024", name_nb="Kommune", name_en="Municipality", parent="fylke",
                  credit_nb="", credit_en="", bundled=True, _load=load,
                  _codes=lambda: boundaries.codes("kommune", "2024"))
    assert lv.codes == real.shapes().codes and loads == []
    lv.shapes()
    assert lv.codes == real.shapes().codes and loads == ["shapes"]


def test_mapping_figures_on_a_fresh_process_reads_no_geometry(tmp_path):
    """Nor the GeoPackage at all once the user cache holds the codes (sqlite3 is not imported)."""
    import os

    code = (
        "import sys\n"
        "import geo.boundaries as b\n"
        "read = []\n"
        "real = b.shapes\n"
        "b.shapes = lambda *a: read.append(a) or real(*a)\n"
        "from indicators.session import Session\n"
        "from indicators.mapdata import map_frame\n"
        "s = Session(map_vintage='2024')\n"
        "f = map_frame(s, 'kommune', 'ssb_andel_pasienter_uten_lege')\n"
        "print(len(f.codes), 'sqlite3' in sys.modules, read)\n"
    )
    env = {**os.environ, "LEGEKART_CACHE_DIR": str(tmp_path / "cache")}
    seen = []
    for _ in range(2):  # the first process fills the user cache
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180,
                              env=env)
        assert done.returncode == 0, done.stderr
        seen.append(done.stdout.strip().split(maxsplit=2))
    n = str(len(boundaries.codes("kommune", "2024")))
    assert seen[0][0] == n and seen[0][2].strip() == "[]"
    assert seen[1] == [n, "False", "[]"]
