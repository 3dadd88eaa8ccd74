"""The `main.py export` contract: files, formats, exit codes, --indicator all, --force."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from cli.main import main
from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "export", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=180)


def one_line_error(r) -> str:
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def test_png_defaults_are_a4_at_300_dpi(tmp_path):
    out = tmp_path / "lister.png"
    r = run("--indicator", "lister_uten_fast_lege_andel", "--level", "fylke", "--out", str(out))
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2480, 3508)
    assert round(img.dotsPerMeterX() * 0.0254) == 300


def test_existing_file_needs_force(tmp_path):
    out = tmp_path / "tabell.csv"
    out.write_text("gammel", encoding="utf-8")
    r = run("--indicator", "lister_uten_fast_lege_andel", "--level", "fylke", "--out", str(out))
    assert "--force" in one_line_error(r)
    assert out.read_text(encoding="utf-8") == "gammel"
    r = run("--indicator", "lister_uten_fast_lege_andel", "--level", "fylke", "--out", str(out), "--force")
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8-sig").startswith("code;name;value")


def test_indicator_all_writes_one_file_per_indicator(tmp_path):
    from indicators.session import Session

    session = Session(map_vintage="2020")
    expected = {i.id for i in session.catalogue if i.maps and "helseregion" in session.data_levels(i.id)}
    out = tmp_path / "alle"
    r = run("--indicator", "all", "--level", "helseregion", "--format", "xlsx", "--out", str(out))
    assert r.returncode == 0, r.stderr
    written = {p.name for p in out.iterdir()}
    assert written == {f"{i}_helseregion.xlsx" for i in expected}
    assert len(r.stdout.strip().splitlines()) == len(expected)
    # a second run refuses to overwrite, and touches nothing
    r = run("--indicator", "all", "--level", "helseregion", "--format", "xlsx", "--out", str(out))
    assert "exists" in one_line_error(r)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("args,message", [
    (("--indicator", "nope", "--level", "fylke"), "unknown indicator"),
    (("--indicator", "lis1_stillinger", "--level", "kommune"), "no data at level kommune"),
    (("--indicator", "lis1_stillinger", "--level", "planet"), "unknown level"),
    (("--indicator", "lister_uten_fast_lege_andel", "--level", "fylke", "--period", "1066"), "no period"),
    (("--indicator", "lister_uten_fast_lege_andel", "--level", "fylke", "--dpi", "1200"), "--dpi"),
    (("--indicator", "lister_uten_fast_lege_andel", "--level", "fylke", "--region", "Narnia"), "unknown region"),
    (("--indicator", "lister_uten_fast_lege_andel", "--level", "fylke", "--format", "tiff"), "invalid choice"),
])
def test_user_errors_exit_2_with_one_line(tmp_path, capsys, args, message):
    code, out, err = cli(capsys, *args, "--out", str(tmp_path / "x.png"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert list(tmp_path.iterdir()) == []


def test_unknown_suffix_and_missing_folder(tmp_path, capsys):
    code, _, err = cli(capsys, "--indicator", "lis1_stillinger", "--level", "helseregion", "--out",
                       str(tmp_path / "x.jpg"))
    assert code == 2 and "--format" in err
    code, _, err = cli(capsys, "--indicator", "lis1_stillinger", "--level", "helseregion", "--out",
                       str(tmp_path / "nope" / "x.csv"))
    assert code == 2 and "folder does not exist" in err


def test_format_from_suffix_region_and_language(tmp_path, capsys):
    out = tmp_path / "nordland.csv"
    code, stdout, err = cli(capsys, "--indicator", "ks_rekruttering", "--level", "kommune", "--region", "Nordland",
                            "--lang", "en", "--out", str(out))
    assert code == 0, err
    assert stdout.strip() == str(out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 41 and lines[0].startswith("code;name")
    assert ";no;" in lines[1]  # English yes/no flags


def test_data_column_is_imported_and_mapped(tmp_path, capsys):
    data = tmp_path / "egne.csv"
    data.write_text("kommunenummer;kommune;andel uten lege\n1804;Bodø;12,5\n1806;Narvik;8,1\n5001;Trondheim;3,2\n",
                    encoding="utf-8")
    out = tmp_path / "egne.csv.out.csv"
    code, _, err = cli(capsys, "--data", str(data), "--column", "andel uten lege", "--level", "kommune", "--region",
                       "18", "--out", str(out))
    assert code == 0, err
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + 41 and any(r.startswith("1804;Bodø;12,5;") for r in rows)
    code, _, err = cli(capsys, "--data", str(data), "--column", "nope", "--level", "kommune", "--out",
                       str(tmp_path / "x.csv"))
    assert code == 2 and "no column 'nope'" in err and len(err.strip().splitlines()) == 1


def test_data_needs_a_column(tmp_path, capsys):
    data = tmp_path / "egne.csv"
    data.write_text("kommunenummer;andel\n1804;12,5\n", encoding="utf-8")
    code, _, err = cli(capsys, "--data", str(data), "--level", "kommune", "--out", str(tmp_path / "egne.png"))
    assert code == 2 and "--column" in err
