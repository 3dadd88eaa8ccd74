"""The memo of the view's joined frame and classes: reused while nothing changed, fresh after a change."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.catalogue import Indicator
from indicators.session import Session
from indicators.view import ViewState
from indicators.view_data import clear_memo, frame_and_classes

IND = "test_memo_andel"


def _indicator() -> Indicator:
    return Indicator(id=IND, theme="import", name_nb="Memo", name_en="Memo", unit="%", kind="ratio",
                     worse="higher", origin="memo.csv", sources=())


def _rows(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([{"indicator": IND, "level": "kommune", "vintage": "2024", "code": c, "period": "2025",
                          "value": v, "source": "memo.csv", "origin": "import"} for c, v in values.items()])


@pytest.fixture
def session() -> Session:
    clear_memo()
    s = Session()
    s.add_indicator(_indicator(), _rows({"1804": 10.0, "4601": 20.0}))
    yield s
    clear_memo()


def test_the_same_view_gets_the_same_frame(session):
    view = ViewState(level="kommune", indicator=IND)
    frame, cls = frame_and_classes(session, view)
    again, cls_again = frame_and_classes(session, ViewState(level="kommune", indicator=IND))
    assert again is frame and cls_again is cls


def test_an_import_gives_a_fresh_frame(session):
    view = ViewState(level="kommune", indicator=IND)
    frame, _ = frame_and_classes(session, view)
    assert frame.frame.loc["1804", "value"] == 10.0
    session.add_indicator(_indicator(), _rows({"1804": 33.0, "4601": 20.0}))  # imported again, new values
    fresh, cls = frame_and_classes(session, view)
    assert fresh is not frame and fresh.frame.loc["1804", "value"] == 33.0
    assert cls.colour_of("1804") != cls.colour_of("4601")


def test_rows_added_to_the_observations_are_seen(session):
    view = ViewState(level="kommune", indicator=IND)
    frame, _ = frame_and_classes(session, view)
    assert pd.isna(frame.frame.loc["5001", "value"])
    session.observations.add(_rows({"5001": 5.0}))
    fresh, _ = frame_and_classes(session, view)
    assert fresh.frame.loc["5001", "value"] == 5.0


def test_another_session_does_not_share_frames(session):
    view = ViewState(level="kommune", indicator=IND)
    frame, _ = frame_and_classes(session, view)
    other = Session()
    other.add_indicator(_indicator(), _rows({"1804": 99.0}))
    theirs, _ = frame_and_classes(other, view)
    assert theirs is not frame and theirs.frame.loc["1804", "value"] == 99.0


def test_view_fields_are_part_of_the_key(session):
    frame, cls = frame_and_classes(session, ViewState(level="kommune", indicator=IND))
    _, en = frame_and_classes(session, ViewState(level="kommune", indicator=IND, lang="en"))
    _, equal = frame_and_classes(session, ViewState(level="kommune", indicator=IND, method="equal_interval"))
    assert en is not cls and en.legend[-1].label != cls.legend[-1].label
    assert equal is not cls and equal.method == "equal_interval" != cls.method
    county, _ = frame_and_classes(session, ViewState(level="fylke", indicator=IND))
    assert county is not frame and county.level == "fylke"
