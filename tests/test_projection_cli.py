"""The `projection` command-line contract."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "projection", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def check_contract(d: dict) -> None:
    assert {"region", "topic", "years", "components", "total", "assumptions", "approximate"} <= set(d)
    assert d["approximate"] is True
    assert all(len(v) == len(d["years"]) for v in d["components"].values())
    assert sum(sum(v) for v in d["components"].values()) == d["total"]
    assert d["assumptions"] and all(a["nb"] and a["en"] for a in d["assumptions"])


@pytest.mark.parametrize("level,region,topic,name", [
    ("helseregion", "helse-nord", "fastleger", "Helse Nord"),
    ("fylke", "18", "psykiatere", "Nordland"),
    ("helseforetak", "nordlandssykehuset", "lis1", "Nordlandssykehuset HF"),
])
def test_projection_json(level, region, topic, name):
    r = run("--level", level, "--region", region, "--topic", topic, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    check_contract(d)
    assert d["region"] == {"level": level, "code": region, "name": name}
    assert d["topic"] == topic
    assert d["years"][-1] == 2035


def test_scenario_changes_the_total_and_is_compared():
    base = json.loads(run("--level", "helseregion", "--region", "helse-nord", "--json").stdout)
    r = run("--level", "helseregion", "--region", "helse-nord", "--scenario", "hours=45", "retirement_age=69",
            "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    check_contract(d)
    assert d["scenario"]["hours"] == 45 and d["scenario"]["retirement_age"] == 69
    assert d["comparison"]["total"]["base"] == base["total"]
    assert sum(d["components"]["working_hours"]) > 0
    assert sum(d["components"]["retirements"]) < sum(base["components"]["retirements"])


def test_national_tables_from_the_command_line():
    d = json.loads(run("--level", "land", "--topic", "psykiatere", "--json").stdout)
    assert d["total"] == 1399
    d = json.loads(run("--level", "land", "--json").stdout)
    assert d["total"] == 3622


@pytest.mark.parametrize("args", [
    ("--level", "fylke", "--region", "99"),
    ("--level", "helseregion", "--region", "helse-oslo"),
    ("--level", "fylke", "--region", "18", "--scenario", "nope=1"),
    ("--level", "fylke", "--region", "18", "--scenario", "hours=abc"),
    ("--level", "fylke", "--region", "18", "--scenario", "hours"),
    ("--level", "fylke", "--region", "18", "--scenario", "key=nope"),
    ("--level", "fylke", "--region", "18", "--topic", "lis1", "--scenario", "hours=45"),
])
def test_errors_exit_2_with_one_line(args):
    r = run(*args, "--json")
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


def test_text_output_and_params():
    r = run("--level", "fylke", "--region", "18", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "Nordland" in r.stdout and "Legekart's own model" in r.stdout
    r = run("--topic", "lis1", "--params", "--json")
    keys = {p["key"] for p in json.loads(r.stdout)["params"]}
    assert {"growth", "attrition", "inflow", "key"} <= keys


def test_cli_topics_match_the_model():
    from cli.cmd_projection import TOPICS as cli_topics
    from indicators.projection.national import TOPICS

    assert tuple(cli_topics) == tuple(TOPICS)
