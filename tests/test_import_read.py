"""Reading files: delimiters, encodings, header rows, sheets, ODS — and every bad input."""

from __future__ import annotations

import codecs

import pytest
from import_files import write_csv, write_ods, write_xlsx

from indicators.importer import ImportFailure, guess_plan, list_sheets, read_table
from indicators.importer.analysis import analyse

ROWS = [["Kommunenr", "Kommune", "Andel"], ["0301", "Oslo", "2,5"], ["5401", "Tromsø", "1,0"],
        ["3024", "Bærum", "0,5"], ["1507", "Ålesund", "3"]]


@pytest.mark.parametrize("delimiter, name", [(";", "semicolon"), (",", "comma"), ("\t", "tab"), ("|", "pipe")])
def test_delimiters_are_sniffed(tmp_path, delimiter, name):
    rows = [[c if delimiter != "," or "," not in c else f'"{c}"' for c in r] for r in ROWS]
    t = read_table(write_csv(tmp_path / "t.csv", rows, delimiter))
    assert t.delimiter == name and t.columns == ["Kommunenr", "Kommune", "Andel"]
    assert t.frame["Andel"].tolist() == ["2,5", "1,0", "0,5", "3"]


@pytest.mark.parametrize("encoding, label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"),
                                             ("cp1252", "Windows-1252"), ("utf-16", "UTF-16")])
def test_encodings_are_detected(tmp_path, encoding, label):
    t = read_table(write_csv(tmp_path / "t.csv", ROWS, ";", encoding))
    assert t.encoding == label
    assert t.columns[0] == "Kommunenr"  # no BOM left in the first header
    assert t.frame["Kommune"].tolist() == ["Oslo", "Tromsø", "Bærum", "Ålesund"]


def test_windows_1252_after_a_long_utf8_looking_start(tmp_path):
    """A file that is plain ASCII for 300 kB and then has a cp1252 'ø' is re-read as cp1252."""
    rows = [["Kommunenr", "Kommune", "Antall"]] + [["0301", "Oslo", str(i)] for i in range(30_000)]
    rows.append(["5401", "Tromsø", "7"])
    t = read_table(write_csv(tmp_path / "t.csv", rows, ";", "cp1252"))
    assert t.frame["Kommune"].iloc[-1] == "Tromsø"
    assert any(m.key == "note.encoding_fallback" for m in t.notes)


def test_title_rows_above_the_header_are_skipped(tmp_path):
    rows = [["Fastleger i kommunene 2023"], ["Kilde: egen telling"], [], *ROWS, [], ["Merknad: tall er foreløpige"]]
    t = read_table(write_csv(tmp_path / "t.csv", rows))
    assert t.header_row == 4 and t.columns == ["Kommunenr", "Kommune", "Andel"]
    assert t.row_numbers.tolist()[:2] == [5, 6]
    assert len(t) == 5  # the footnote is kept as a row and reported, not dropped silently
    a = analyse(t, guess_plan(t))
    assert a.report.unmatched_count == 1 and a.report.unmatched[0][0] == 10


def test_headerless_table(tmp_path):
    t = read_table(write_csv(tmp_path / "t.csv", ROWS[1:]))
    assert t.columns == ["Kolonne 1", "Kolonne 2", "Kolonne 3"] and len(t) == 4


def test_trailing_delimiters_and_ragged_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("knr;antall\n0301;5;\n1103;6;\n4601;7;8\n", encoding="utf-8")
    t = read_table(path)
    plan = guess_plan(t)
    a = analyse(t, plan)
    assert a.report.matched == 2 and a.report.unmatched_count == 1
    assert t.columns == ["knr", "antall"]  # trailing ';' is not a column
    assert "3 fields" in a.report.unmatched[0][2].text("en") and a.report.unmatched[0][0] == 4


def test_xlsx_sheet_choice_header_rows_and_percent_cells(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", {
        "Om tabellen": [["Denne fila har tall i arket Data"]],
        "Data": [["Fastleger 2023"], [None], ["Kommunenr", "Kommune", "Andel uten fast lege", "Lister"],
                 [301, "Oslo", 0.025, 1200], [5401.0, "Tromsø", 0.1, 300], ["4601", "Bergen", None, 600]],
    }, percent_columns={"Data": {2}})
    assert list_sheets(path) == ["Om tabellen", "Data"]
    t = read_table(path, sheet="Data")
    assert t.sheet == "Data" and t.header_row == 3 and t.sheets == ["Om tabellen", "Data"]
    assert t.frame["Kommunenr"].tolist() == ["301", "5401", "4601"]
    assert t.frame["Andel uten fast lege"].tolist() == ["2.5 %", "10 %", ""]
    plan = guess_plan(t)
    assert plan.key_column == "Kommunenr"
    spec = plan.spec("Andel uten fast lege")
    assert spec.kind == "ratio" and spec.unit == "%"
    with pytest.raises(ImportFailure, match="no sheet named 'Nope'"):
        read_table(path, sheet="Nope")


def test_xlsx_default_sheet_is_the_first_with_data(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", {"Tom": [], "Tall": ROWS})
    assert read_table(path).sheet == "Tall"


def test_ods(tmp_path):
    path = write_ods(tmp_path / "t.ods", {
        "Forside": [["Ingen tall her"]],
        "Tall": [["Tabell 1"], ["Kommunenr", "Kommune", "Andel"], ["0301", "Oslo", ("percent", "0.025")],
                 [1103, "Stavanger", ("percent", "0.5")]],
    })
    assert list_sheets(path) == ["Forside", "Tall"]
    t = read_table(path, sheet="Tall")
    assert t.header_row == 2 and t.frame["Andel"].tolist() == ["2.5 %", "50 %"]
    assert t.frame["Kommunenr"].tolist() == ["0301", "1103"]
    assert read_table(path).sheet == "Tall"  # the first sheet has no table


# -- bad input -------------------------------------------------------------------------------
def _fails(path, key):
    with pytest.raises(ImportFailure) as info:
        read_table(path)
    assert info.value.key == key, info.value
    assert info.value.message("nb") and info.value.message("nb") != str(info.value)  # Norwegian for the GUI
    return info.value


def test_empty_file(tmp_path):
    p = tmp_path / "tom.csv"
    p.write_bytes(b"")
    assert "empty" in str(_fails(p, "file.empty"))


def test_blank_lines_only(tmp_path):
    p = tmp_path / "blank.csv"
    p.write_text("\n \n\t\n", encoding="utf-8")
    _fails(p, "file.blank")


def test_binary_garbage(tmp_path):
    import random

    p = tmp_path / "søppel.csv"
    rng = random.Random(4)
    p.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    assert "binary" in str(_fails(p, "file.binary"))


def test_pdf_renamed_to_csv(tmp_path):
    p = tmp_path / "rapport.csv"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert "PDF" in str(_fails(p, "file.pdf"))


@pytest.mark.parametrize("head, key", [
    (b"\x89PNG\r\n\x1a\n0000", "file.image"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "file.xls"),
    (b"<!DOCTYPE html><html><body><table></table></body></html>", "file.html"),
    (b"SQLite format 3\x00" + b"\0" * 100, "file.geo"),
])
def test_other_files_renamed_to_csv(tmp_path, head, key):
    p = tmp_path / "x.csv"
    p.write_bytes(head)
    _fails(p, key)


def test_only_headers(tmp_path):
    assert "no data rows" in str(_fails(write_csv(tmp_path / "h.csv", [ROWS[0]]), "file.header_only"))


def test_only_headers_xlsx(tmp_path):
    with pytest.raises(ImportFailure) as info:
        read_table(write_xlsx(tmp_path / "h.xlsx", {"A": [ROWS[0]]}))
    assert info.value.key == "file.header_only"


def test_one_column(tmp_path):
    p = tmp_path / "en.csv"
    p.write_text("Kommune\nOslo\nBergen\n", encoding="utf-8")
    _fails(p, "file.one_column")


def test_utf16_with_bom_is_text_not_binary(tmp_path):
    p = tmp_path / "excel_unicode.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + "Kommunenr\tAntall\r\n0301\t5\r\n".encode("utf-16-le"))
    t = read_table(p)
    assert t.frame["Antall"].tolist() == ["5"]


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFailure, match="file not found"):
        read_table(tmp_path / "finnes_ikke.csv")
    with pytest.raises(ImportFailure, match="folder"):
        read_table(tmp_path)


def test_damaged_xlsx(tmp_path):
    import zipfile

    p = tmp_path / "skadet.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", "<not really>")
    with pytest.raises(ImportFailure) as info:
        read_table(p)
    assert info.value.key == "file.bad_xlsx"
