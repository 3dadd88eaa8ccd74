"""Updating from SSB against a stand-in server on 127.0.0.1: the good answer and every bad one.

Every failure must give its one clear reason and leave the previous data byte-identical.
"""

from __future__ import annotations

import pytest
from ssb_fake import FakeSsb, encode, synthetic_07459, synthetic_12005

from geo.crosswalk import municipality_codes
from indicators.ssb import client, store, update
from indicators.ssb.errors import SsbError
from indicators.ssb.query import VARIABLES_12005, build_query
from indicators.ssb.snapshot import Snapshot, user_snapshot_path

# the bundled 12005 file covers 351 of the 357 2024 municipalities
CODES = sorted(set(municipality_codes("2024")) - {"1853", "3336", "4220", "5514", "5518", "5528"})
OLD_YEARS = ["2023", "2024", "2025"]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LEGEKART_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def previous(data_dir):
    """The data in use before the update: an earlier update of 2023–2025."""
    snap = synthetic_12005(CODES, OLD_YEARS, seed=1)
    path = store.apply(snap)
    return path, path.read_bytes()


def served() -> Snapshot:
    """SSB's answer: the same municipalities plus 2026, and Halden's old code 3001 for 2020–2023."""
    new = synthetic_12005(CODES, [*OLD_YEARS, "2026"], seed=1)
    halden = synthetic_12005(["3001"], ["2020", "2021", "2022", "2023"], seed=5)
    for var in new.values:
        new.values[var]["3001"] = halden.values[var]["3001"]
    new.region_names["3001"] = "Halden (2020-2023)"
    return new


@pytest.fixture
def fake():
    f = FakeSsb(encode(served())).start()
    yield f
    f.stop()


def test_the_query_asks_for_every_region_year_and_the_18_variables(fake, data_dir):
    update.prepare("12005", base=fake.base)
    path, body = fake.requests[0]
    assert path == "/api/v0/no/table/12005"
    assert body == build_query("12005")
    sel = {q["code"]: q["selection"] for q in body["query"]}
    assert sel["KOKkommuneregion0000"] == {"filter": "all", "values": ["*"]}  # old codes come back too
    assert sel["Tid"] == {"filter": "all", "values": ["*"]}
    assert sel["ContentsCode"]["values"] == list(VARIABLES_12005) and len(VARIABLES_12005) == 18
    assert body["response"] == {"format": "json-stat2"}


def test_report_then_apply_gives_the_new_year_for_every_municipality(fake, previous):
    path, before = previous
    prepared = update.prepare("12005", base=fake.base)
    r = prepared.report
    assert path.read_bytes() == before  # preparing writes nothing
    assert r["years"] == ["2020", "2021", "2022", "2023", "2024", "2025", "2026"]
    assert r["new_years"] == ["2020", "2021", "2022", "2026"]
    assert r["units"] == 351 and r["codes"] == 352 and r["pre_2024_codes"] == ["3001"]
    assert r["added"] == 351 * 18 + 4 * 18 and r["modified"] == 0 and r["removed"] == 0
    assert r["changed"] == r["added"]
    assert r["units_added"] == ["3001"] and r["units_missing_count"] == 0
    update.apply(prepared)
    snap = Snapshot.read(path)
    assert all(snap.value("KOSandelpasiente0000", c, "2026") is not None for c in CODES)
    # the renumbered municipality: old code for 2020–2023, new code from 2024
    assert sorted(snap.values["KOSgjsnlisteleng0000"]["3001"]) == ["2020", "2021", "2022", "2023"]
    assert sorted(snap.values["KOSgjsnlisteleng0000"]["3101"]) == ["2023", "2024", "2025", "2026"]
    assert snap.query == build_query("12005") and snap.via.startswith("POST http://127.0.0.1:")
    assert snap.source_text() == f"Statistisk sentralbyrå, tabell 12005, hentet {snap.retrieved[:10]}"
    assert snap.retrieved[:4] >= "2026" or snap.retrieved[:2] == "20"
    # the same answer again: nothing differs any more
    assert update.prepare("12005", base=fake.base).report["changed"] == 0


def test_changed_values_are_counted_against_the_data_in_use(fake, previous):
    fake.doc = encode(_with(served(), "KOSgjsnlisteleng0000", "1804", "2025", 1234.0))
    r = update.prepare("12005", base=fake.base).report
    assert r["modified"] == 1


def _with(snap: Snapshot, var: str, code: str, year: str, value: float) -> Snapshot:
    snap.values[var][code][year] = value
    return snap


def _assert_fails(fake, previous, key: str, words: str, **kw) -> SsbError:
    path, before = previous
    with pytest.raises(SsbError) as e:
        update.prepare("12005", base=fake.base, **kw)
    assert e.value.key == key, e.value.message("en")
    assert words in e.value.message("en")
    assert e.value.message("nb") != e.value.message("en")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["12005.json"]
    return e.value


@pytest.mark.parametrize("mode, key, words", [
    ("http500", "http", "HTTP 500"),
    ("truncated", "truncated", "cut off"),
    ("layout", "layout", "Kjonn"),
    ("garbage", "garbage", "not JSON"),
])
def test_bad_answers_change_nothing(fake, previous, mode, key, words):
    fake.mode = mode
    _assert_fails(fake, previous, key, words)


def test_a_slow_answer_times_out(fake, previous):
    fake.mode, fake.delay = "slow", 5.0
    err = _assert_fails(fake, previous, "timeout", "did not answer within 0.3 seconds", timeout=0.3)
    assert "svarte ikke innen 0,3 sekunder" in err.message("nb")


def test_no_server_is_no_network(previous, data_dir):
    f = FakeSsb({}).start()
    base = f.base
    f.stop()  # the port is closed now: connection refused
    path, before = previous
    with pytest.raises(SsbError) as e:
        update.prepare("12005", base=base, timeout=2)
    assert e.value.key == "offline" and "could not be reached" in str(e.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("var, value, words", [
    ("KOSandelpasiente0000", 140.0, "is not a share (0–100)"),
    ("KOSgjsnlisteleng0000", -3.0, "is not a count (≥ 0)"),
    ("KOSantallavtaler0000", 99.0, "exceeds KOSantallavtaler0002"),
    ("KOSantallkvinnel0000", 500.0, "exceeds KOSantallavtaler0001"),
])
def test_values_out_of_range_or_pairs_broken_change_nothing(fake, previous, var, value, words):
    fake.doc = encode(_with(served(), var, "1804", "2026", value))
    _assert_fails(fake, previous, "invalid", words)


def test_a_year_in_the_future_or_not_a_year(fake, previous):
    fake.doc = encode(synthetic_12005(CODES[:20], ["2099"]))
    _assert_fails(fake, previous, "invalid", "future")
    fake.doc = encode(synthetic_12005(CODES[:20], ["2025K1"]))
    _assert_fails(fake, previous, "layout", "not years")


def test_codes_legekart_cannot_place_are_left_out_and_listed(fake, previous):
    snap = served()
    for var in snap.values:
        snap.values[var]["1702"] = {"2016": 1.0}  # Steinkjer before 2018: no crosswalk reaches it
    fake.doc = encode(snap)
    prepared = update.prepare("12005", base=fake.base)
    assert prepared.report["left_out_codes_count"] == 1 and "1702" in prepared.report["left_out_codes"]
    assert "1702" not in prepared.checked.snapshot.regions()


def test_another_region_dimension_is_a_layout_error(fake, previous):
    snap = synthetic_12005([f"{i:04d}" for i in range(1, 60)], ["2025"])
    fake.doc = encode(snap)
    _assert_fails(fake, previous, "layout", "no municipality")


def test_a_missing_variable_is_a_layout_error(fake, previous):
    snap = served()
    snap = Snapshot(snap.table, snap.retrieved, snap.via, snap.variables[:-1],
                    {k: v for k, v in snap.values.items() if k != snap.variables[-1].code})
    fake.doc = encode(snap)
    _assert_fails(fake, previous, "layout", "variables missing: KOSantallavtaler0002")


def test_the_answer_size_is_capped(fake, previous):
    _assert_fails(fake, previous, "too_large", "larger than", max_bytes=10_000)


def test_cancel_between_chunks(fake, previous):
    _assert_fails(fake, previous, "cancelled", "cancelled", cancel=lambda: True)


def test_truncated_json_without_a_length_is_truncated_not_garbage():
    with pytest.raises(SsbError) as e:
        client.parse_body(b'{"class": "dataset", "value": [1, 2, ')
    assert e.value.key == "truncated"
    with pytest.raises(SsbError) as e:
        client.parse_body(b"Service Unavailable")
    assert e.value.key == "garbage"


def test_population_07459_keeps_2021_on_and_2024_codes(data_dir):
    snap = synthetic_07459(["3101", "3001", "1804"], ["2020", "2021", "2024"])
    f = FakeSsb(encode(snap, region_dim="Region")).start()
    try:
        prepared = update.prepare("07459", base=f.base)
        body = f.requests[0][1]
    finally:
        f.stop()
    sel = {q["code"]: q["selection"] for q in body["query"]}
    assert set(sel) == {"Region", "ContentsCode", "Tid"}  # age and sex eliminated: SSB sums them
    got = prepared.checked.snapshot
    assert got.years() == ["2021", "2024"] and prepared.report["left_out_years"] == ["2020"]
    assert got.regions() == ["1804", "3001", "3101"]
    update.apply(prepared)
    assert user_snapshot_path("07459").is_file() and not user_snapshot_path("12005").exists()


def test_revert_parks_the_update_and_the_status_says_so(previous):
    path, before = previous
    assert store.status("12005")["in_use"] == "user"
    parked = store.revert("12005")
    assert not path.exists() and parked.read_bytes() == before
    assert store.status("12005")["in_use"] in ("bundled", "none")
    with pytest.raises(SsbError) as e:
        store.revert("12005")
    assert e.value.key == "no_user_snapshot"


def test_an_unreadable_user_snapshot_falls_back_to_the_bundled_data(data_dir):
    path = user_snapshot_path("12005")
    path.parent.mkdir(parents=True)
    path.write_text('{"schema": 1, "values": ', encoding="utf-8")
    use = store.in_use("12005")
    assert use.kind in ("bundled", "none") and use.problem


def test_real_bundled_figures_pass_the_checks():
    """Optional: SSB's own 12005 figures (the file the lead vendors) satisfy every range and pair rule."""
    import json
    from pathlib import Path

    from indicators.ssb import validate
    from indicators.ssb.snapshot import Variable

    src = Path(__file__).resolve().parents[2] / "shared" / "data" / "ssb-12005-fastlege" / "fastlege.json"
    if not src.is_file():
        pytest.skip("../shared/data is not beside the checkout (optional extra check)")
    d = json.loads(src.read_text(encoding="utf-8"))
    assert [(m["code"], m["label"], m["unit"]) for m in d["metrics"]] == [
        (c, label, unit) for c, (label, unit) in VARIABLES_12005.items()]
    latest = str(d["latestYear"])
    values: dict = {m["code"]: {} for m in d["metrics"]}
    for code, k in d["kommuner"].items():
        for var, x in k["latest"].items():
            if x is not None:
                values[var].setdefault(code, {})[latest] = float(x)
        for var, series in k["trend"].items():
            for p in series:
                if p["value"] is not None:
                    values[var].setdefault(code, {})[str(p["year"])] = float(p["value"])
    snap = Snapshot("12005", d["generatedAt"], "fastlege.json",
                    tuple(Variable(m["code"], m["label"], m["unit"]) for m in d["metrics"]), values)
    checked = validate.check(snap)
    assert len(checked.snapshot.regions()) == 351 and not checked.dropped_codes


@pytest.fixture
def fresh_bundle():
    """Sessions in this test derive the SSB rows anew, and later tests never see the synthetic ones."""
    from indicators import observations

    observations._bundled.cache_clear()
    yield
    observations._bundled.cache_clear()


def test_a_renumbered_municipality_series_spans_both_codes_in_the_session(fake, data_dir, fresh_bundle):
    from indicators.session import Session

    update.apply(update.prepare("12005", base=fake.base))
    s = Session()
    rows = s.observations.frame
    halden = rows[(rows["indicator"] == "ssb_listelengde") & (rows["level"] == "kommune")
                  & (rows["code"] == "3101") & (rows["vintage"] == "2024")]
    by_year = dict(zip(halden["period"], halden["value"]))
    assert sorted(by_year) == ["2020", "2021", "2022", "2023", "2024", "2025", "2026"]
    assert by_year["2021"] == served().value("KOSgjsnlisteleng0000", "3001", "2021")  # SSB's old code
    assert by_year["2026"] == served().value("KOSgjsnlisteleng0000", "3101", "2026")
    old = halden[halden["period"] == "2021"].iloc[0]
    assert "earlier code 3001" in old["note"] and bool(old["derived"])
    assert (f"hentet {Snapshot.read(user_snapshot_path('12005')).retrieved_date()}"
            == s.catalogue.sources["ssb-12005"].date)


def test_reload_keeps_the_imports_and_reads_the_update(fake, data_dir, fresh_bundle, tmp_path):
    from indicators.importer import import_file
    from indicators.session import Session

    csv = tmp_path / "mine.csv"
    csv.write_text("Kommune;Mine tall\n1804 Bodø;3\n1806 Narvik;4\n", encoding="utf-8")
    s = Session()
    ids, _, _ = import_file(s, csv)
    assert "2026" not in s.periods("ssb_listelengde")
    update.apply(update.prepare("12005", base=fake.base))
    s.reload_ssb()
    assert "2026" in s.periods("ssb_listelengde") and ids[0] in s.catalogue
    assert len(s.select(ids[0], level="kommune")) >= 2
    store.revert("12005")
    s.reload_ssb()
    assert "2026" not in s.periods("ssb_listelengde") and s.catalogue.sources["ssb-12005"].date == "hentet 2026-05-05"
