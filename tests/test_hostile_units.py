"""Issue 17, layer by layer: the small pieces the fuzz suite relies on."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.input_limits import LimitError, check_path, check_xml_prolog, check_zip, load_json
from indicators.atomic_file import TargetExists, TargetIsSource, check_target
from indicators.importer.csvlines import join_decimal_commas
from indicators.importer.keys import repair_mojibake
from indicators.importer.numbers import parse_series


@pytest.mark.parametrize("cells, width, expected", [
    (["0301", "Oslo", "12", "5"], 3, ["0301", "Oslo", "12,5"]),
    (["0301", "1", "5", "2", "5"], 3, ["0301", "1,5", "2,5"]),
    (["1103", "12", "5"], 2, ["1103", "12,5"]),        # the key is never the whole part of a number
    (["0301", "Oslo", "12", "5", "3"], 4, None),       # (12,5)(3) or (12)(5,3): cannot tell
    (["0301", "Oslo", "x", "5"], 3, None),              # no digits to join
    (["0301", "Oslo", "012", "5"], 3, None),            # '012' is not the whole part of a number
])
def test_decimal_commas_are_joined_only_when_unambiguous(cells, width, expected):
    assert join_decimal_commas(cells, width) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 999), st.one_of(st.none(), st.integers(1, 9))), min_size=1, max_size=6))
def test_joined_decimal_commas_give_back_the_numbers_or_nothing(values):
    """Write numbers with decimal commas into a comma-split row: a join is either exact or refused."""
    row = ["K-1"]
    for whole, frac in values:
        row += [str(whole)] + ([str(frac)] if frac is not None else [])
    joined = join_decimal_commas(row, len(values) + 1)
    if joined is not None:
        assert joined[1:] == [f"{w},{f}" if f is not None else str(w) for w, f in values]


@pytest.mark.parametrize("text, fixed", [("TromsÃ¸", "Tromsø"), ("Ã…r", "År"), ("Ã˜rland", "Ørland"),
                                         ("KÃ¡rÃ¡Å¡johka", "Kárášjohka"), ("Åse", "Åse"), ("Ålesund Ã¦", "Ålesund æ")])
def test_mojibake_repair_covers_capitals_and_sami_letters(text, fixed):
    assert repair_mojibake(text) == fixed


def test_error_values_and_huge_numbers_are_unreadable_not_blank():
    p = parse_series(pd.Series(["1", "#DIV/0!", "NaN", "inf", "1e308", "", "..", "Err:502", "#I/T"]))
    assert p.unreadable.tolist() == [False, True, True, True, True, False, False, True, True]
    assert p.too_large.tolist()[4] and p.n_values == 1 and np.isnan(p.values[1:]).all()


def _zip(members: dict[str, bytes], level: int = 9) -> zipfile.ZipFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for k, v in members.items():
            z.writestr(k, v)
    return zipfile.ZipFile(buf)


def test_zip_limits_refuse_bombs_from_the_directory_alone():
    check_zip(_zip({"a.xml": b"<a>" + b"x" * 1000 + b"</a>"}))
    with pytest.raises(LimitError, match="compressed"):
        check_zip(_zip({"big.xml": b"\0" * (20 << 20)}))
    with pytest.raises(LimitError, match="unpack"):
        check_zip(_zip({"s.xml": b"a" * (2 << 20)}), whole=("s.xml",), total=1 << 20)


@pytest.mark.parametrize("xml, refused", [
    (b'<?xml version="1.0"?><!-- note --><root/>', False),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><root>&a;</root>', True),
    (b'<?xml version="1.0"?><root><t>&lt;!DOCTYPE in text</t></root>', False),
])
def test_a_dtd_is_refused_before_any_parser(xml, refused):
    z = _zip({"p.xml": xml})
    if refused:
        with pytest.raises(LimitError, match="DTD"):
            check_xml_prolog(z, "p.xml")
    else:
        check_xml_prolog(z, "p.xml")


def test_json_depth_and_constants():
    assert load_json(b"[[1]]") == [[1]]
    with pytest.raises(LimitError, match="nested deeper"):
        load_json(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(LimitError, match="not valid JSON"):
        load_json(b"[Infinity]")
    assert load_json(b"[NaN]", allow_constants=True)[0] != 0


def test_paths_too_long_for_the_system():
    check_path("/tmp/" + "a" * 255)
    with pytest.raises(LimitError, match="name is too long"):
        check_path("/tmp/" + "a" * 256)
    with pytest.raises(LimitError, match="path is too long"):
        check_path("/tmp/" + "/".join(["a" * 200] * 25))


def test_writers_never_write_onto_their_input_or_an_existing_file(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("x")
    with pytest.raises(TargetIsSource):
        check_target(tmp_path / "." / "t.csv", [src], force=True)
    with pytest.raises(TargetExists):
        check_target(src, [], force=False)
    check_target(src, [], force=True)
    check_target(tmp_path / "new.csv", [src])


def test_mixed_encoding_note_names_the_true_byte_offset(tmp_path):
    import hostile_files as hf

    from indicators.importer import read_table

    path = hf.csv_mixed_encodings(tmp_path, utf8_first=True)
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError) as info:
        data.decode("utf-8")
    table = read_table(path)
    note = next(m for m in table.notes if m.key == "note.mixed_encoding")
    assert note.params["pos"] == info.value.start > 10_000
    assert table.frame["navn"].str.contains("Ã").sum() == 0 and "Bømlo" in set(table.frame["navn"])
