"""Status columns: VG levels 1–7, survey wordings and colour words → rekruttering_status; KS categories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from import_files import write_csv

from indicators.catalogue import bundled
from indicators.importer import guess_plan, import_file, read_table
from indicators.importer.status import classify, parse_categories
from indicators.mapdata import map_frame
from indicators.session import Session


def test_vg_levels_follow_the_scheme():
    scheme = bundled().schemes["rekruttering_status"]
    for cls in scheme.classes:
        for level in cls.vg_levels:
            assert classify(str(level), "rekruttering_status") == cls.key
            assert classify(f"{level}.0", "rekruttering_status") == cls.key
    assert classify("8", "rekruttering_status") is None
    assert classify("0", "rekruttering_status") is None


def test_every_quoted_survey_sentence_maps_to_its_class():
    import re

    scheme = bundled().schemes["rekruttering_status"]
    n = 0
    for cls in scheme.classes:
        for phrase in re.findall(r"«([^»]+)»", cls.description_nb):
            assert classify(phrase, "rekruttering_status") == cls.key, phrase
            assert classify(phrase.upper() + " ", "rekruttering_status") == cls.key
            n += 1
    assert n >= 9


@pytest.mark.parametrize("text, key", [
    ("Rød", "rod"), ("rødt", "rod"), ("RED", "rod"), ("Gul", "gul"), ("oransje", "gul"), ("yellow", "gul"),
    ("Grønn", "gronn"), ("green", "gronn"), ("lys grønn", "gronn"), ("Svarte ikke", "ikke_svart"),
    ("did not answer", "ikke_svart"), ("Legekrise", "rod"), ("Nivå 4", "gul"),
    ("Rekrutterer greit, men merker utfordringer", "gul"),
])
def test_words(text, key):
    assert classify(text, "rekruttering_status") == key


@pytest.mark.parametrize("text, key", [
    ("Ikke utfordrende", "ikke"), ("litt utfordrende", "litt"), ("Ganske utfordrende", "ganske"),
    ("Meget utfordrende", "meget"), ("Svært utfordrende", "meget"), ("Vet ikke", "vet_ikke"),
])
def test_ks_categories(text, key):
    assert classify(text, "ks_rekruttering") == key


def test_blank_is_no_answer_for_status_but_missing_for_ks():
    keys, blank, failed = parse_categories(pd.Series(["Rød", "", "blå"], dtype=object), "rekruttering_status")
    assert list(keys) == ["rod", "ikke_svart", ""] and not blank.any() and list(failed) == [False, False, True]
    keys, blank, failed = parse_categories(pd.Series(["meget utfordrende", ""], dtype=object), "ks_rekruttering")
    assert list(keys) == ["meget", ""] and list(blank) == [False, True]


def _status_file(tmp_path):
    rows = [["Kommunenr", "Rekrutteringsstatus (1-7)", "KS-vurdering"],
            ["4601", "1", "Ikke utfordrende"], ["4602", "4", "Litt utfordrende"], ["4611", "7", "Meget utfordrende"],
            ["4612", "6", "Meget utfordrende"], ["4613", "", "Vet ikke"], ["4614", "9", "Ganske utfordrende"]]
    return write_csv(tmp_path / "status_2021.csv", rows)


def test_status_columns_are_detected_and_mapped(tmp_path):
    t = read_table(_status_file(tmp_path))
    plan = guess_plan(t)
    status, ks = plan.spec("Rekrutteringsstatus (1-7)"), plan.spec("KS-vurdering")
    assert (status.kind, status.scheme) == ("category", "rekruttering_status")
    assert (ks.kind, ks.scheme) == ("category", "ks_rekruttering")


def test_status_import_maps_units_and_county_shares(tmp_path):
    s = Session(map_vintage="2020")
    ids, a, _ = import_file(s, _status_file(tmp_path))
    status_id = next(i for i in ids if s.indicator(i).scheme == "rekruttering_status")
    mf = map_frame(s, "kommune", status_id)
    assert mf.mode == "categorical"
    assert (mf.categories[["4601", "4602", "4611", "4612", "4613"]].tolist()
            == ["gronn", "gul", "rod", "rod", "ikke_svart"])
    assert mf.categories["4614"] == ""  # '9' is not a level: reported, not guessed
    rep = next(v for v in a.report.value_columns if v.column == "Rekrutteringsstatus (1-7)")
    assert rep.failures == 1 and rep.failure_examples[0]["row"] == 7
    # county: share of the six units answering the worst class (rod), recomputed from counts
    fy = map_frame(s, "fylke", status_id)
    assert fy.mode == "share_of_class" and fy.share_class == "rod"
    # only 6 of 43 municipalities: the distribution is partial, so it is not Vestland's value
    assert np.isnan(fy.values["46"])
    assert (fy.frame.loc["46", "members_have"], fy.frame.loc["46", "members_of"]) == (5, 43)
    assert fy.frame.loc["46", "numerator"] / fy.frame.loc["46", "denominator"] == pytest.approx(2 / 5)
