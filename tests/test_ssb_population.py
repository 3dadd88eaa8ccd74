"""An applied update of SSB table 07459 adds the population from 2021 on, on both maps (issue 16)."""

from __future__ import annotations

import numpy as np

from geo.crosswalk import municipality_codes
from indicators.ssb.snapshot import Snapshot, Variable, user_snapshot_path


def test_population_update_reaches_both_maps_and_norways_sum(tmp_path, monkeypatch):
    monkeypatch.setenv("LEGEKART_DATA_DIR", str(tmp_path))
    codes = municipality_codes("2024")
    values = {"Personer1": {c: {"2025": 1000.0 + i} for i, c in enumerate(sorted(codes))}}
    Snapshot("07459", "2026-12-01T10:00:00", "test", (Variable("Personer1", "Personer", "personer"),),
             values).write(user_snapshot_path("07459"))
    from indicators.bundle import build

    frame = build()
    pop = frame[(frame["indicator"] == "folketall") & (frame["period"] == "2025")]
    k24 = pop[(pop["level"] == "kommune") & (pop["vintage"] == "2024")].set_index("code")
    assert len(k24) == 357 and k24.loc["3101", "value"] == values["Personer1"]["3101"]["2025"]
    assert k24.loc["3101", "source"] == "ssb-07459"
    land = pop[pop["level"] == "land"].iloc[0]
    assert land["value"] == sum(s["2025"] for s in values["Personer1"].values())
    k20 = pop[(pop["level"] == "kommune") & (pop["vintage"] == "2020")].set_index("code")
    assert k20.loc["1507", "value"] == values["Personer1"]["1508"]["2025"] + values["Personer1"]["1580"]["2025"]
    # the bundled years stay as they were
    old = frame[(frame["indicator"] == "folketall") & (frame["period"] == "2020") & (frame["level"] == "land")]
    assert old.iloc[0]["value"] == 5_367_580 and not np.isnan(old.iloc[0]["value"])
