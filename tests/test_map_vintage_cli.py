"""The command-line contracts of the 2024 map (issue 11), run as a planner runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

FILE = ROOT / "data" / "sources" / "ssb-12005" / "fastlege.json"


def main(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=timeout)


def as_json(*args: str) -> dict:
    r = main(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_info_levels_on_both_maps():
    d = as_json("info", "--json")
    assert d["levels"] == {"kommune": 357, "fylke": 15, "helseregion": 4, "helseforetak": 19}
    assert as_json("info", "--json", "--map", "2020")["levels"] == {
        "kommune": 356, "fylke": 11, "helseregion": 4, "helseforetak": 19}
    ssb = [i for i in d["indicators"] if i.get("ssb")]
    assert len(ssb) == 15 and all(i["ssb"]["table"] == "12005" for i in ssb)
    assert any(i["ssb"]["code"] == "KOSandelpasiente0000" for i in ssb)


def test_breakdown_bodo_same_period_and_honest_context():
    want = json.loads(FILE.read_text(encoding="utf-8"))["kommuner"]["1804"]["latest"]["KOSandelpasiente0000"]
    d = as_json("breakdown", "1804", "--json")
    own = {v["indicator"]: v for v in d["own_values"]}
    share = own["ssb_andel_pasienter_uten_lege"]
    assert share["ssb"]["code"] == "KOSandelpasiente0000" and share["value"] == want and share["period"] == "2025"
    for lv in ("fylke", "helseregion", "land"):
        ctx = d["context"][lv]
        for v in ctx["values"]:
            if v["indicator"] in own:
                assert v["period"] == own[v["indicator"]]["period"] or v.get("missing"), (lv, v["indicator"])
            if v.get("coverage"):
                assert v["value"] is None and v["derived"] is True, (lv, v["indicator"])
    county = next(v for v in d["context"]["fylke"]["values"] if v["indicator"] == "ssb_andel_pasienter_uten_lege")
    assert county["coverage"] == {"have": 40, "of": 41} and county["value"] is None


def test_breakdown_evenes_has_no_value_and_a_reason():
    d = as_json("breakdown", "1853", "--json")
    assert "ssb_andel_pasienter_uten_lege" not in {v["indicator"] for v in d["own_values"]}
    missing = {m["indicator"]: m for m in d["own_missing"]}
    assert "SSB's table has no value for this municipality" in missing["ssb_andel_pasienter_uten_lege"]["reason"]


def test_export_draws_the_2024_map_with_350_coloured_municipalities(tmp_path):
    out = tmp_path / "x.png"
    r = main("export", "--level", "kommune", "--indicator", "ssb_andel_pasienter_uten_lege", "--format", "png",
             "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 50_000


def test_export_pixels_at_interior_points_are_class_colours(qapp):
    """The same renderer as the CLI export: at least 350 municipalities carry a class colour."""
    from PySide6.QtGui import QColor

    from gui.export_image import render_image
    from gui.render.document import build
    from gui.render.page import PageOptions, page_size
    from indicators.session import Session
    from indicators.view import ViewState

    s = Session()
    doc = build(s, ViewState(level="kommune", indicator="ssb_andel_pasienter_uten_lege"))
    image, layout = render_image(s, doc, PageOptions(page_size("a4", 150)))
    colours = {e.colour.lower() for e in doc.classification.legend if not e.no_data}
    gaz = s.gazetteer()
    hits = 0
    for code in doc.geometry.codes:
        p = layout.to_device(*gaz.get("kommune", code).label_xy)
        if QColor(image.pixel(int(p.x()), int(p.y()))).name() in colours:
            hits += 1
    assert hits >= 350


@pytest.mark.parametrize("command", [("screenshot", "--out", "{tmp}/s.png", "--size", "800x600"),
                                     ("projection", "--level", "fylke", "--region", "18", "--json"),
                                     ("import", str(ROOT / "tests" / "import_files.py"), "--dry-run", "--json")])
def test_every_command_takes_map(tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    r = main(*args, "--map", "2020")
    assert "unrecognized arguments" not in r.stderr
    assert r.returncode in (0, 2), r.stderr


def test_projection_on_the_2024_counties():
    d = as_json("projection", "--level", "fylke", "--region", "55", "--json")
    assert d["region"] == {"level": "fylke", "code": "55", "name": "Troms"}
    assert "unknown" in main("projection", "--level", "fylke", "--region", "55", "--map", "2020").stderr
