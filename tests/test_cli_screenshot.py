"""`main.py screenshot` renders the real window offscreen."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage

from tests.conftest import ROOT


def test_screenshot_writes_png_of_requested_size(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "screenshot", "--out", str(out), "--level", "fylke",
                        "--indicator", "lister_uten_fast_lege_andel", "--select", "18", "--size", "1200x800"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1200, 800)
    # the map is not blank: many distinct colours
    colours = {img.pixel(x, y) for x in range(0, 1200, 25) for y in range(0, 800, 25)}
    assert len(colours) > 20


def test_screenshot_bad_arguments_exit_2(tmp_path):
    for args in (["--size", "huge"], ["--indicator", "nope"], ["--select", "9999"]):
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), "screenshot", "--out", str(tmp_path / "x.png"),
                            *args],
                           capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                           timeout=120)
        assert r.returncode == 2, args
        assert len(r.stderr.strip().splitlines()) == 1
