"""The projection panel (pytest-qt, offscreen): opens, recomputes, says it is a model, exports."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtCharts")

from openpyxl import load_workbook  # noqa: E402

from indicators import format as fmt  # noqa: E402
from indicators.projection import Scenario, project  # noqa: E402
from indicators.session import Session  # noqa: E402


@pytest.fixture(scope="module")
def _shared() -> Session:
    return Session(map_vintage="2020")


@pytest.fixture
def session(_shared) -> Session:
    """One loaded session for the module, with the custom scenarios reset per test
    (the panel keeps the planner's scenario in the session, so projects save it)."""
    _shared.scenarios.clear()
    return _shared


@pytest.fixture
def panel(qtbot, session):
    from gui.projection_panel import open_projection

    p = open_projection(None, session, "fylke", "18")
    qtbot.addWidget(p)
    return p


def test_panel_opens_for_a_region_with_name_total_and_model_note(panel, session):
    expected = project(session, "fylke", "18", "fastleger", Scenario.base("fastleger")).total
    assert panel.isVisible() and not panel.isModal()
    assert "Nordland" in panel.title_label.text()
    assert fmt.number(expected, "nb", 0) in panel.custom_total_label.text()
    assert fmt.number(expected, "nb", 0) in panel.base_total_label.text()
    assert "Legekarts egen modell" in panel.banner.text()
    assert "Legekarts egen modell" in panel.assumptions.toPlainText()
    assert panel.table.rowCount() == len(panel.custom.years) + 1
    assert panel.chart.chart().series()


def test_changing_a_scenario_control_changes_the_custom_total(panel):
    base_total = panel.base.total
    panel.form.set_value("hours", 45.0)
    assert panel.custom.total > base_total
    assert panel.base.total == base_total
    assert fmt.number(panel.custom.total, "nb", 0) in panel.custom_total_label.text()
    diff = panel.compare_table.item(panel.compare_table.rowCount() - 1, 3).text()
    assert diff == "+" + fmt.number(panel.custom.total - base_total, "nb", 0)
    panel.form.set_value("retirement_age", 70.0)
    later = panel.custom.component_totals["retirements"]
    assert later < panel.base.component_totals["retirements"]
    panel.form.reset()
    assert panel.custom.total == base_total


def test_key_selection_and_local_figure(panel):
    panel.form.set_value("key", "kommuner")
    assert panel.custom.keys["growth"]["id"] == "kommuner"
    assert any("grov" in s for s in panel.custom.sentences("nb"))
    panel.form.set_value("local_retirements", "50")
    assert panel.custom.component_totals["retirements"] == 50


def test_exports_write_files(panel, tmp_path):
    panel.form.set_value("hours", 45.0)
    png, svg = panel.export_chart(tmp_path / "c.png"), panel.export_chart(tmp_path / "c.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Legekarts egen modell" in svg.read_text(encoding="utf-8")
    csv_path = panel.export_table(tmp_path / "t.csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Omtrentlig;ja" in text and "Legekarts egen modell" in text
    assert "Sum;" in text and str(panel.custom.total) in text
    xlsx = panel.export_table(tmp_path / "t.xlsx")
    wb = load_workbook(xlsx)
    assert {"Framskrivning", "Forutsetninger", "Sammenligning"} <= set(wb.sheetnames)
    cells = [c for row in wb["Framskrivning"].iter_rows(values_only=True) for c in row]
    assert panel.custom.total in cells and "ja" in cells
    with pytest.raises(ValueError):
        panel.export_table(tmp_path / "t.txt")


def test_municipality_opens_its_county_and_switches_to_region(qtbot, session):
    from gui.projection_panel import open_projection

    p = open_projection(None, session, "kommune", "1804")  # Bodø
    qtbot.addWidget(p)
    assert (p.level, p.code) == ("fylke", "18")
    p.show_health_region()
    assert (p.level, p.code) == ("helseregion", "helse-nord")
    assert "Helse Nord" in p.title_label.text()
    assert p.custom.total == project(session, "helseregion", "helse-nord").total


def test_topics_levels_and_language(panel):
    panel.topic_combo.setCurrentIndex(panel.topic_combo.findData("lis1"))
    assert panel.custom.topic == "lis1" and "today" in panel.custom.reference
    panel.form.set_value("attrition", "lav")
    assert panel.custom.per_year[0] < panel.base.per_year[0]
    panel.level_combo.setCurrentIndex(panel.level_combo.findData("helseforetak"))
    panel.region_combo.setCurrentIndex(panel.region_combo.findData("nordlandssykehuset"))
    assert panel.custom.name == "Nordlandssykehuset HF"
    panel.retranslate("en")
    assert "Legekart's own model" in panel.banner.text()
    assert "Projection" in panel.title_label.text()


def test_custom_scenario_is_kept_in_the_session(qtbot, session):
    from gui.projection_panel import open_projection

    p = open_projection(None, session, "fylke", "18")
    qtbot.addWidget(p)
    p.form.set_value("hours", 45.0)
    assert session.scenarios["fastleger"]["hours"] == 45.0
    again = open_projection(None, session, "fylke", "18")
    qtbot.addWidget(again)
    assert again.form.values()["hours"] == 45.0
    assert again.custom.total == p.custom.total > again.base.total
