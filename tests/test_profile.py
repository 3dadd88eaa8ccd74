"""The one-page municipality profile: its words, the page and the command line (issue 12)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from pypdf import PdfReader

from indicators.catalogue import Indicator
from indicators.profile import build_profile, file_name
from indicators.session import Session
from tests.conftest import ROOT

SHARE = "ssb_andel_pasienter_uten_lege"
A4_POINTS = (595.28, 841.89)


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.fixture(scope="module")
def session() -> Session:
    return Session()


def share_text_of_breakdown() -> str:
    r = run("breakdown", "1804", "--json")
    assert r.returncode == 0, r.stderr
    own = {v["indicator"]: v for v in json.loads(r.stdout)["own_values"]}
    assert own[SHARE]["period"] == "2025"
    return own[SHARE]["text"]


def pdf_text(path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def test_profile_words(session):
    prof = build_profile(session, "1804")
    text = prof.text()
    assert prof.title == "Bodø" and "Nordland" in prof.subtitle
    assert "Statistisk sentralbyrå" in text and "Kartgrunnlag: Kartverket" in prof.credit
    assert "KOSandelpasiente0000" in text  # SSB table and variable
    rows = {r.indicator_id: r for _, rows in prof.groups for r in rows}
    share = rows[SHARE]
    assert share.own.replace("\xa0", " ") == "0,0 %" and share.period == "2025"
    assert share.versus == "better" and share.rank_county == "1. av 40" and share.rank_country == "1. av 351"
    assert "mot 351 av 357 kommuner" in prof.headline.versus_text
    assert any("Sentralitetsklasse 3" in f for f in prof.facts) and any("Folketall" in f for f in prof.facts)
    assert [t.indicator.id for t in prof.trends][0] == SHARE


def test_profile_in_english(session):
    prof = build_profile(session, "1804", lang="en")
    assert prof.kind.startswith("Municipality profile") and prof.subtitle == "Municipality 1804 in Nordland"
    assert prof.headline.versus_text == "Better than Norway (against 351 of 357 municipalities)"
    assert prof.columns[0] == "Indicator" and "Base map" in prof.credit


def test_imported_indicator_is_marked_as_own_data():
    s = Session()
    ind = Indicator(id="egne_ventetid", theme="import", name_nb="Ventetid fastlege (dager)",
                    name_en="GP waiting time (days)", unit="dager", kind="rate", worse="higher",
                    origin="ventetid_nordland.xlsx", sources=())
    rows = pd.DataFrame([{"indicator": ind.id, "level": "kommune", "vintage": "2024", "code": c, "period": "2025",
                          "value": v, "source": "ventetid_nordland.xlsx", "origin": "import"}
                         for c, v in (("1804", 12.0), ("1806", 20.0), ("1856", 3.0))])
    s.add_indicator(ind, rows)
    prof = build_profile(s, "1804")
    title, first = prof.groups[0]
    assert title.startswith("Egne data")  # the planner's own rows come first
    assert first[0].indicator_id == "egne_ventetid" and first[0].imported_from == "ventetid_nordland.xlsx"
    assert first[0].rank_country == "2. av 3"
    assert any("ventetid_nordland.xlsx" in line for line in prof.sources)


def test_file_names():
    from geo.gazetteer import gazetteer

    gaz = gazetteer("2024")
    assert file_name(gaz.get("kommune", "1804")) == "1804-bodo.pdf"
    assert file_name(gaz.get("kommune", "3118"), ".png") == "3118-indre-ostfold.png"


def test_cli_profile_pdf_contract(tmp_path):
    r = run("profile", "1804", "--out", "bodo.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    reader, text = pdf_text(tmp_path / "bodo.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=1.0)
    assert "Bodø" in text and "Statistisk sentralbyrå" in text and "Kommuneprofil" in text
    share = share_text_of_breakdown().replace("\xa0", " ")
    assert "," in share and share in text  # "0,0 %", as breakdown 1804 shows it
    # the file exists now: it is never replaced without --force
    again = run("profile", "1804", "--out", "bodo.pdf", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr


def test_cli_unknown_code_writes_nothing(tmp_path):
    r = run("profile", "9999", "--out", "x.pdf", cwd=tmp_path)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "9999" in r.stderr
    assert not (tmp_path / "x.pdf").exists() and list(tmp_path.iterdir()) == []


def test_cli_png_and_english(tmp_path):
    from PySide6.QtGui import QImage

    r = run("profile", "1856", "--out", str(tmp_path / "rost.png"), "--lang", "en")
    assert r.returncode == 0, r.stderr
    image = QImage(str(tmp_path / "rost.png"))
    assert (image.width(), image.height()) == (1654, 2339)  # A4 at 200 dpi
    assert "Røst" in image.text("Title") and "Municipality profile" in image.text("Title")


def test_cli_county_batch_writes_every_municipality(tmp_path):
    from geo.gazetteer import gazetteer

    out = tmp_path / "nordland"
    r = run("profile", "--county", "18", "--out", str(out))
    assert r.returncode == 0, r.stderr
    expected = {file_name(u) for u in gazetteer("2024").members("fylke", "18")}
    assert len(expected) == 41
    assert {p.name for p in out.iterdir()} == expected
    assert "1804-bodo.pdf" in expected and "1856-rost.pdf" in expected
    _, text = pdf_text(out / "1856-rost.pdf")
    assert "Røst" in text and "Statistisk sentralbyrå" in text
