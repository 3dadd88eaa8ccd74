"""``main.py import FILE [--level …] [--sheet NAME] [--dry-run] --json``: the exact contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from import_files import ten_municipalities, write_csv, write_xlsx

from cli.main import main

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {"rows", "matched", "unmatched", "duplicates", "vintage", "key_column", "value_columns"}


def run_cli(capsys, *args):
    code = main(["import", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def table(tmp_path):
    rows = [["Kommune", "Lister uten fast lege", "Lister"]]
    rows += [[f"{c} {n}", num, den] for c, n, num, den in ten_municipalities()]
    rows += [["Atlantis", 1, 2], ["03", 5, 6]]
    return write_csv(tmp_path / "lister.csv", rows)


def test_json_report_with_unmatched_rows_exits_0(capsys, table):
    code, out, err = run_cli(capsys, table, "--json")
    assert code == 0 and err == ""
    d = json.loads(out)
    assert REQUIRED <= set(d)
    assert (d["rows"], d["matched"], d["key_column"], d["vintage"]) == (12, 10, "Kommune", "2020")
    assert [(u["row"], u["key"]) for u in d["unmatched"]] == [(12, "Atlantis"), (13, "03")]
    assert all(set(u) == {"row", "key", "reason"} and u["reason"] for u in d["unmatched"])
    assert "mixed levels" in d["unmatched"][1]["reason"] and d["mixed_levels"] is True
    assert d["duplicates"] == []
    assert {v["column"]: v["kind"] for v in d["value_columns"]} == {"Lister uten fast lege": "count", "Lister": "count"}
    assert {w["id"] for w in d["would_add"]} and all(w["levels"]["kommune"] == 10 for w in d["would_add"])


def test_dry_run_and_level(capsys, table):
    code, out, _ = run_cli(capsys, table, "--dry-run", "--level", "kommune", "--json")
    d = json.loads(out)
    assert code == 0 and d["dry_run"] is True and "would_add" not in d and d["level"] == "kommune"
    code, out, _ = run_cli(capsys, table, "--level", "fylke", "--json")
    d = json.loads(out)
    assert code == 0 and d["level"] == "fylke" and d["matched"] == 1  # only '03' is a county


def test_sheet_option(capsys, tmp_path):
    path = write_xlsx(tmp_path / "bok.xlsx",
                      {"Info": [["tekst"]], "Tall": [["knr", "antall"], ["0301", 4], ["1103", 2]]})
    code, out, _ = run_cli(capsys, path, "--sheet", "Tall", "--json")
    d = json.loads(out)
    assert code == 0 and d["sheet"] == "Tall" and d["matched"] == 2
    code, out, err = run_cli(capsys, path, "--sheet", "Nope", "--json")
    assert code == 2 and out == "" and "no sheet named 'Nope'" in err and len(err.strip().splitlines()) == 1


def test_unmatched_rows_can_be_written(capsys, table, tmp_path):
    target = tmp_path / "ut.csv"
    code, out, _ = run_cli(capsys, table, "--json", "--unmatched", target)
    assert code == 0 and json.loads(out)["unmatched_written"] == 2
    assert "Atlantis" in target.read_text(encoding="utf-8-sig")


def test_readable_table_without_keys_exits_0_and_says_why(capsys, tmp_path):
    path = write_csv(tmp_path / "frukt.csv", [["frukt", "antall"], ["eple", 3], ["pære", 4]])
    code, out, _ = run_cli(capsys, path, "--json")
    d = json.loads(out)
    assert code == 0 and d["matched"] == 0 and d["key_column"] == "frukt"
    assert d["notes"][0].startswith("no column holds municipality")
    assert [u["reason"] for u in d["unmatched"]] == ["no municipality is called 'eple'",
                                                     "no municipality is called 'pære'"]


BAD = {
    "empty.csv": (b"", "empty"),
    "garbage.csv": (bytes(range(256)) * 20, "binary"),
    "report.csv": (b"%PDF-1.4\n1 0 obj <<>> endobj\n", "PDF"),
    "headers.csv": (b"kommunenr;antall\n", "no data rows"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_files_exit_2_with_one_line(capsys, tmp_path, name):
    content, words = BAD[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli(capsys, path, "--json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err


def test_subprocess_contract(tmp_path, table):
    """The real entry point: stdout is exactly one JSON object; errors are one stderr line."""
    ok = subprocess.run([sys.executable, "main.py", "import", str(table), "--json"], cwd=ROOT,
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stderr == ""
    assert json.loads(ok.stdout)["matched"] == 10 and ok.stdout.count("\n") == 1
    pdf = tmp_path / "x.csv"
    pdf.write_bytes(b"%PDF-1.5\n")
    bad = subprocess.run([sys.executable, "main.py", "import", str(pdf), "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1
    missing = subprocess.run([sys.executable, "main.py", "import", str(tmp_path / "nope.csv"), "--json"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "not found" in missing.stderr and "Traceback" not in missing.stderr
