"""Project files: exact round trip, atomic saves that survive being killed, migration,
and a loader that refuses hostile input cleanly."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators import project_file
from indicators.catalogue import Indicator
from indicators.project_file import Project, ProjectError
from indicators.session import ImportedDataset, Session
from indicators.view import ViewState
from tests.conftest import ROOT


def imported_session(n_rows: int = 356, seed: int = 3) -> Session:
    """A session with one synthetic imported indicator (test data, generated here)."""
    from geo.gazetteer import gazetteer

    s = Session(map_vintage="2020")
    codes = [u.code for u in gazetteer("2020").level_units("kommune")]
    rng = np.random.default_rng(seed)
    periods = max(1, n_rows // len(codes))
    rows = pd.DataFrame([
        {"indicator": "test_andel", "level": "kommune", "vintage": "2020", "code": c, "period": str(2000 + p),
         "value": round(float(rng.uniform(0, 30)), 3), "numerator": np.nan, "denominator": np.nan,
         "source": "synthetic.csv", "table": "", "seed_lines": f"row {i}", "origin": "import:synthetic.csv"}
        for p in range(periods) for i, c in enumerate(codes)
    ])
    ind = Indicator(id="test_andel", theme="import", name_nb="Testandel <b>&", name_en="Test share", unit="%",
                    kind="rate", origin="synthetic.csv", sources=("synthetic.csv",))
    s.add_indicator(ind, rows)
    s.imports.append(ImportedDataset(name="synthetic.csv", path="/tmp/synthetic.csv", indicator_ids=["test_andel"],
                                     table=rows[["code", "period", "value"]].astype(str),
                                     mapping={"key_column": "code", "value_columns": ["value"]},
                                     report={"rows": len(rows), "matched": len(rows)}))
    s.scenarios["fastleger"] = {"hours": 45.0}
    s.export_presets["rapport"] = {"format": "png", "dpi": 300, "page": "a4"}
    return s


def test_round_trip_reproduces_view_data_and_scenarios(tmp_path):
    s = imported_session()
    view = ViewState(map_vintage="2020", level="kommune", indicator="test_andel", period="2000",
                     method="natural_breaks", classes=4, palette="PuBu", colour_blind=True, labels=True,
                     selection="5001",
                     extent=(100000.0, 6500000.0, 400000.0, 7000000.0), lang="en")
    path = project_file.save(Project(s, view), tmp_path / "p.legekart")
    loaded = project_file.load(path)
    assert loaded.view == view
    assert loaded.session.catalogue.get("test_andel") == s.catalogue.get("test_andel")
    a = s.observations.frame[s.observations.frame.indicator == "test_andel"].reset_index(drop=True)
    loaded_obs = loaded.session.observations.frame
    b = loaded_obs[loaded_obs.indicator == "test_andel"].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert loaded.session.scenarios == {"fastleger": {"hours": 45.0}}
    assert loaded.session.export_presets == s.export_presets
    assert loaded.session.imports[0].mapping == s.imports[0].mapping
    assert loaded.session.imports[0].table.equals(s.imports[0].table)
    # the bundled data is not duplicated into the project
    with zipfile.ZipFile(path) as z:
        obs = pd.read_csv(z.open("observations.csv"))
    assert set(obs["indicator"]) == {"test_andel"}


def test_save_keeps_previous_version_as_backup(tmp_path):
    path = tmp_path / "p.legekart"
    project_file.save(Project(Session(map_vintage="2020"), ViewState(map_vintage="2020", indicator="lis1_stillinger")),
                      path)
    project_file.save(Project(Session(map_vintage="2020"),
                              ViewState(map_vintage="2020", indicator="psykiatri_ekstra_stillinger")), path)
    assert project_file.load(path).view.indicator == "psykiatri_ekstra_stillinger"
    assert project_file.load(project_file.backup_path(path)).view.indicator == "lis1_stillinger"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.legekart", "p.legekart.bak"]


def test_older_schema_opens_through_migration(tmp_path):
    meta = {"format": "legekart-project", "schema_version": 1, "kart": {"level": "helseregion",
            "indicator": "lis1_stillinger"}, "indicators": [], "imports": [], "boundary_layers": [], "checksums": {}}
    path = tmp_path / "old.legekart"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.json", json.dumps(meta))
    p = project_file.load(path)
    assert p.migrated_from == 1 and p.view.level == "helseregion" and p.scenarios == {}


def test_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "new.legekart"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.json", json.dumps({"format": "legekart-project", "schema_version": 99}))
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="newer Legekart"):
        project_file.load(path)
    assert path.read_bytes() == before


def test_damaged_member_is_detected(tmp_path):
    path = project_file.save(Project(imported_session(), ViewState(map_vintage="2020")), tmp_path / "p.legekart")
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["observations.csv"] = members["observations.csv"].replace(b"synthetic", b"synthetiX", 1)
    bad = tmp_path / "bad.legekart"
    with zipfile.ZipFile(bad, "w") as z:
        for n, d in members.items():
            z.writestr(n, d)
    with pytest.raises(ProjectError, match="checksum"):
        project_file.load(bad)


def test_open_check_command(tmp_path):
    good = project_file.save(Project(imported_session(), ViewState(map_vintage="2020")), tmp_path / "p.legekart")
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "open", str(good), "--check"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.count("\n") == 1 and "1 imported dataset" in r.stdout
    for content in (b"", b"PK\x03\x04garbage", b"%PDF-1.4 not a project"):
        bad = tmp_path / "bad.legekart"
        bad.write_bytes(content)
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), "open", str(bad), "--check"], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


SAVER = """
import sys
sys.path.insert(0, {root!r})
from tests.test_project_file import imported_session
from indicators import project_file
from indicators.project_file import Project
from indicators.view import ViewState
s = imported_session(n_rows=60_000)
i = 0
print("ready", flush=True)
while True:
    i += 1
    project_file.save(Project(s, ViewState(map_vintage="2020", period=str(i))), {path!r})
"""


def test_killed_during_save_previous_project_always_opens(tmp_path):
    """Kill a process that saves a large project in a loop at random moments: the file on
    disk always opens, whole."""
    path = tmp_path / "big.legekart"
    project_file.save(Project(imported_session(n_rows=60_000), ViewState(map_vintage="2020", period="0")), path)
    expected_rows = 168 * 356
    rnd = random.Random(20201)
    for _attempt in range(12):
        proc = subprocess.Popen([sys.executable, "-c", SAVER.format(root=str(ROOT), path=str(path))],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0.0, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        project = project_file.load(path)  # must not raise
        rows = project.session.observations.frame
        assert (rows["indicator"] == "test_andel").sum() == expected_rows
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        for name in leftovers:  # a killed writer may leave its temp file; it is never the project
            os.unlink(tmp_path / name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_fuzz_loader_with_random_bytes(tmp_path, data):
    path = tmp_path / "fuzz.legekart"
    path.write_bytes(data)
    with pytest.raises(ProjectError):
        project_file.load(path)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                           | st.text(max_size=20),
                           lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                           max_leaves=20)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=st.dictionaries(st.sampled_from(["format", "schema_version", "view", "indicators", "imports",
                                             "boundary_layers", "checksums", "scenarios", "kart"]), json_values),
       extra=st.dictionaries(st.sampled_from(["observations.csv", "imports/0/table.csv", "boundaries/0.geojson"]),
                             st.binary(max_size=200)))
def test_fuzz_loader_with_hostile_project_json(tmp_path, meta, extra):
    meta.setdefault("format", "legekart-project")
    path = tmp_path / "fuzz.legekart"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.json", json.dumps(meta))
        for n, d in extra.items():
            z.writestr(n, d)
    try:
        project = project_file.load(path)
    except ProjectError:
        return
    # whatever loads is a complete, usable project
    assert isinstance(project.view, ViewState)
    project.summary()
