"""Measurements that must run in a fresh process (cold start, memory at each scale).

``python -m bench.probe cold`` opens the real window offscreen and prints one JSON
line when the first map is painted; ``python -m bench.probe scale N`` loads a
synthetic layer of about N polygons and times re-colour, hit-test and an A4
300 dpi render, reporting the process's peak memory.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold() -> dict:
    import tempfile

    from cli import environment  # noqa: F401  (main.py's process set-up, before numpy)
    from gui.app import application, quiet_offscreen_warnings

    app = application()  # as main.py starts the window: the application first, then Qt's other modules
    from PySide6.QtCore import QSettings

    quiet_offscreen_warnings()
    from gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(os.path.join(tmp, "s.ini"), QSettings.IniFormat)
        window = MainWindow(settings=settings, restore=False)
        window.show()
        window.canvas.repaint()  # synchronous: the map is painted when this returns
        app.processEvents()
        print("painted", flush=True)
        return {"rss_mb": peak_rss_mb(), "since_import_s": time.perf_counter() - T0}


def scale(target: int, reps: int) -> dict:
    import numpy as np
    import pandas as pd
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from gui.app import application

    application()
    from bench.synthetic import subdivide
    from gui.render.map_painter import MapContent, paint_map
    from gui.render.raster_cache import ChoroplethCache, paint_map_screen
    from gui.render.scene import from_geometries
    from indicators.catalogue import bundled
    from indicators.classify import classify_continuous

    layer = subdivide(target)
    rss_before = peak_rss_mb()
    t = time.perf_counter()
    geo = from_geometries("synthetic", layer["code"], layer["name"], layer.geometry.values)
    prepare = time.perf_counter() - t
    ind = bundled().get("lister_uten_fast_lege_andel")
    rng = np.random.default_rng(7)
    width, height = 1100, 900
    canvas = QImage(width, height, QImage.Format_ARGB32_Premultiplied)
    cache = ChoroplethCache()
    codes = list(geo.codes)

    def values() -> pd.Series:
        return pd.Series(rng.uniform(0, 10, len(codes)), index=codes)

    cls = classify_continuous(values(), ind, "quantiles", 5)
    t = time.perf_counter()
    p = QPainter(canvas)
    paint_map_screen(p, QRectF(0, 0, width, height), geo.bounds, MapContent(geo, cls), cache)
    p.end()
    first_view = time.perf_counter() - t
    recolour = []
    for _ in range(reps):
        v = values()
        t = time.perf_counter()
        cls = classify_continuous(v, ind, "quantiles", 5)
        p = QPainter(canvas)
        paint_map_screen(p, QRectF(0, 0, width, height), geo.bounds, MapContent(geo, cls), cache)
        p.end()
        recolour.append(time.perf_counter() - t)
    xmin, ymin, xmax, ymax = geo.bounds
    pts = rng.uniform([xmin, ymin], [xmax, ymax], size=(200, 2))
    t = time.perf_counter()
    for x, y in pts:
        geo.hit(float(x), float(y))
    hit = (time.perf_counter() - t) / len(pts)
    a4 = QImage(2480, 3508, QImage.Format_ARGB32_Premultiplied)
    export = []
    for _ in range(max(1, reps // 3)):
        t = time.perf_counter()
        p = QPainter(a4)
        paint_map(p, QRectF(0, 0, 2480, 3508), geo.bounds, MapContent(geo, cls), scale=300 / 96)
        p.end()
        export.append(time.perf_counter() - t)
    return {
        "polygons": len(codes), "prepare_s": prepare, "first_view_s": first_view,
        "recolour_s": recolour, "hit_s": hit, "render_a4_300dpi_s": export,
        "rss_mb": peak_rss_mb(), "rss_before_layer_mb": rss_before,
    }


T0 = time.perf_counter()

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    what = sys.argv[1]
    if what == "cold":
        print(json.dumps(cold()), flush=True)
    elif what == "scale":
        print(json.dumps(scale(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 9)), flush=True)
    else:
        raise SystemExit(f"unknown probe {what!r}")
