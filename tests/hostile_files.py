"""Broken and hostile inputs for the fuzz suite, generated in the test's folder (no binary fixtures).

Each generator writes one file the 418-case campaign of issue 17 found mishandled (or
a small variant of it) and returns its path. Nothing here is real data.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import warnings
import zipfile
from pathlib import Path

from import_files import ten_municipalities, write_csv, write_xlsx

DEEP = 100_000


# -- helpers ---------------------------------------------------------------------------
def table_rows(n: int = 30) -> list[list[object]]:
    """A plain municipality table: key, name, a count and a share."""
    munis = (ten_municipalities() * (n // 10 + 1))[:n]
    return [["kommunenr", "navn", "antall", "andel"]] + [[c, m, a, round(a / b * 100, 1)] for c, m, a, b in munis]


def good_xlsx(path: Path, rows: list[list[object]] | None = None) -> Path:
    return write_xlsx(path, {"Tall": rows or table_rows()})


def rewrite_zip(src: Path, dst: Path, replace: dict[str, bytes] | None = None, level: int = 6) -> Path:
    """Copy a zip, replacing (or adding) members."""
    replace = dict(replace or {})
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for info in zin.infolist():
            data = replace.pop(info.filename, None)
            zout.writestr(info.filename, zin.read(info.filename) if data is None else data)
        for name, data in replace.items():
            zout.writestr(name, data)
    return dst


def corrupt_member(src: Path, dst: Path, member: str, at: float = 0.5) -> Path:
    """Flip bits in the middle of one member's compressed bytes (the central directory stays valid)."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(member)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    pos = start + max(1, int(info.compress_size * at))
    for i in range(pos, min(pos + 8, start + info.compress_size)):
        data[i] ^= 0x5A
    dst.write_bytes(bytes(data))
    return dst


def mark_encrypted(src: Path, dst: Path, member: str) -> Path:
    """Set the 'encrypted' flag of one member in its local and central headers."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(member)
    data[info.header_offset + 6] |= 0x1
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        name_len = struct.unpack("<H", data[i + 28:i + 30])[0]
        if data[i + 46:i + 46 + name_len].decode("utf-8", "replace") == member:
            data[i + 8] |= 0x1
        i = data.find(b"PK\x01\x02", i + 4)
    dst.write_bytes(bytes(data))
    return dst


def sheet_xml(rows_xml: str, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{dim}<sheetData>{rows_xml}</sheetData></worksheet>').encode()


def _rows_xml(n: int = 12) -> str:
    out = ['<row r="1"><c r="A1" t="inlineStr"><is><t>knr</t></is></c><c r="B1" t="inlineStr"><is><t>antall</t>'
           '</is></c></row>']
    for i, (code, _, a, _) in enumerate(ten_municipalities()[: n - 1], start=2):
        out.append(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{code}</t></is></c><c r="B{i}"><v>{a}</v></c></row>')
    return "".join(out)


SHEET = "xl/worksheets/sheet1.xml"


# -- tables that must be refused ---------------------------------------------------------
def xlsx_damaged_deflate(d: Path) -> Path:
    big = table_rows(400)
    return corrupt_member(good_xlsx(d / "_ok.xlsx", big), d / "deflate.xlsx", SHEET)


def xlsx_shared_string_out_of_range(d: Path) -> Path:
    rows = _rows_xml() + '<row r="20"><c r="A20" t="s"><v>99999</v></c><c r="B20"><v>1</v></c></row>'
    sst = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    return rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "sst.xlsx", {SHEET: sheet_xml(rows), "xl/sharedStrings.xml": sst})


def xlsx_malformed_xml(d: Path) -> Path:
    return rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "malformed.xlsx", {SHEET: sheet_xml(_rows_xml())[:-60]})


def xlsx_billion_laughs(d: Path) -> Path:
    ents = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    body = sheet_xml(_rows_xml()).decode().replace("<worksheet", f"<!DOCTYPE worksheet [{ents}]><worksheet", 1)
    body = body.replace("<t>knr</t>", "<t>&a9;</t>")
    return rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "laughs.xlsx", {SHEET: body.encode()})


def xlsx_member_of_zeros(d: Path) -> Path:
    return rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "zeros.xlsx", {SHEET: b"\x00" * 200_000})


def xlsx_shared_string_bomb(d: Path, mb: int = 200) -> Path:
    """A shared string that unpacks to ``mb`` MB from under 1 MB (the campaign's was 3 GB)."""
    dst = rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "_bomb_base.xlsx", {SHEET: sheet_xml(
        _rows_xml() + '<row r="30"><c r="A30" t="s"><v>0</v></c></row>')})
    with (zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
          z.open("xl/sharedStrings.xml", "w") as f):
        f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
        block = b"A" * (1 << 20)
        for _ in range(mb):
            f.write(block)
        f.write(b"</t></si></sst>")
    os.replace(dst, d / "bomb.xlsx")
    return d / "bomb.xlsx"


def xlsx_thirty_million_rows(d: Path) -> Path:
    rows = _rows_xml() + '<row r="30000000"><c r="A30000000"><v>1</v></c></row>'
    return rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "rows30m.xlsx", {SHEET: sheet_xml(rows, "A1:B30000000")})


def xlsx_far_row_undeclared(d: Path) -> Path:
    rows = _rows_xml() + '<row r="3000000"><c r="A3000000"><v>1</v></c></row>'
    return rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "rowfar.xlsx", {SHEET: sheet_xml(rows)})


def xlsx_many_empty_rows(d: Path) -> Path:
    """2 000 000 empty rows without a declared size (openpyxl parsed them all just to open the book)."""
    rows = _rows_xml() + "".join(f'<row r="{i}"/>' for i in range(20, 2_000_000))
    return rewrite_zip(good_xlsx(d / "_ok.xlsx"), d / "empty_rows.xlsx", {SHEET: sheet_xml(rows)}, level=1)


def xlsx_encrypted_member(d: Path) -> Path:
    return mark_encrypted(good_xlsx(d / "_ok.xlsx"), d / "encrypted.xlsx", SHEET)


def xlsx_truncated(d: Path) -> Path:
    data = good_xlsx(d / "_ok.xlsx", table_rows(300)).read_bytes()
    (d / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    return d / "truncated.xlsx"


def ods_truncated(d: Path) -> Path:
    from import_files import write_ods

    data = write_ods(d / "_ok.ods", {"Ark1": table_rows(300)}).read_bytes()
    (d / "truncated.ods").write_bytes(data[: len(data) // 2])
    return d / "truncated.ods"


def ods_repeat_bomb(d: Path) -> Path:
    """One row repeated 10 000 times with a value repeated 100 000 columns wide."""
    from import_files import write_ods

    src = write_ods(d / "_ok.ods", {"Ark1": table_rows(5)})
    with zipfile.ZipFile(src) as z:
        content = z.read("content.xml").decode()
    bomb = ('<table:table-row table:number-rows-repeated="10000"><table:table-cell table:number-columns-repeated='
            '"100000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
            '</table:table-row>')
    content = content.replace("</table:table-row>", "</table:table-row>" + bomb, 1)
    return rewrite_zip(src, d / "repeat.ods", {"content.xml": content.encode()})


def csv_ten_thousand_columns(d: Path) -> Path:
    header = ["kommunenr"] + [f"k{i}" for i in range(9_999)]
    rows = [header] + [[c] + [str(i % 97) for i in range(9_999)] for c, *_ in ten_municipalities() * 3]
    return write_csv(d / "wide.csv", rows)


def named_pipe(d: Path, name: str = "pipe.csv") -> Path:
    p = d / name
    os.mkfifo(p)
    return p


def long_path(d: Path, suffix: str = ".csv") -> Path:
    """A 5 000-character path (components of 200 characters; the file does not exist)."""
    return Path(str(d) + "/" + "/".join(["m" * 200] * 25) + suffix)


# -- tables that are read, with every drop counted --------------------------------------------
def csv_few_error_cells(d: Path) -> Path:
    rows = table_rows(30)
    rows[3][2], rows[9][2], rows[17][2] = "#DIV/0!", "NaN", "#DIV/0!"
    return write_csv(d / "div0.csv", rows)


def csv_many_error_cells(d: Path) -> Path:
    rows = table_rows(30)
    for i in range(1, 31, 3):
        rows[i][2] = ["#DIV/0!", "#N/A", "NaN", "inf", "#I/T"][i % 5]
    return write_csv(d / "errors.csv", rows)


def csv_stray_quote(d: Path) -> Path:
    rows = table_rows(30)
    rows[6][1] = '"' + str(rows[6][1])
    return write_csv(d / "quote.csv", rows)


def csv_decimal_commas(d: Path) -> Path:
    lines = ["kommunenr,navn,andel"] + [f"{c},{m},{a},{b % 10}" if i % 2 else f"{c},{m},{a}"
                                        for i, (c, m, a, b) in enumerate(ten_municipalities() * 3)]
    p = d / "commas.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def csv_mixed_encodings(d: Path, utf8_first: bool = True) -> Path:
    rows = ["År;kommunenr;navn;antall"] + [f"{2000 + y};{c};{m};{a}" for y in range(50) for c, m, a, _ in
                                           ten_municipalities() * 3]
    half = len(rows) // 2
    a, b = ("utf-8", "cp1252") if utf8_first else ("cp1252", "utf-8")
    data = "\n".join(rows[:half]).encode(a) + b"\n" + "\n".join(rows[half:]).encode(b) + b"\n"
    p = d / f"mixed_{a}_{b}.csv"
    p.write_bytes(data)
    return p


def csv_stray_byte(d: Path) -> Path:
    p = d / "x81.csv"
    p.write_bytes(b"kommunenr;navn;antall\n0301;Os\x81lo;3\n1103;Stavanger;4\n4601;Bergen;5\n")
    return p


def csv_lost_characters(d: Path) -> Path:
    text = "kommune;antall\nPorsanger - Porsáŋgu - Porsanki;3\nKárášjohka - Karasjok;4\nOslo;5\n"
    p = d / "porsanger.csv"
    p.write_bytes(text.encode("cp1252", errors="replace"))
    return p


def csv_huge_values(d: Path) -> Path:
    rows = table_rows(30)
    rows[2][2], rows[5][2] = "1e308", "1,7e308"
    return write_csv(d / "huge.csv", rows)


def xlsx_named_csv(d: Path) -> Path:
    p = d / "workbook.csv"
    p.write_bytes(good_xlsx(d / "_ok.xlsx").read_bytes())
    return p


def xlsx_error_cells_and_formulas(d: Path) -> Path:
    rows = table_rows(30)
    rows[4][2], rows[8][2] = "#DIV/0!", "#N/A"  # openpyxl stores these as error-typed cells
    rows[12][2], rows[13][2] = "=1+1", "=A2*2"  # formulas saved without a result
    return good_xlsx(d / "formulas.xlsx", rows)


# -- projects ------------------------------------------------------------------------------------
def good_project(d: Path) -> Path:
    """A project with one imported indicator and one boundary layer (generated here)."""
    import geopandas as gpd
    from shapely.geometry import box

    from indicators import project_file
    from indicators.importer import import_file
    from indicators.session import BoundaryLayer, Session

    s = Session()
    import_file(s, write_csv(d / "_t.csv", table_rows(30)))
    frame = gpd.GeoDataFrame({"code": ["A", "B"], "name": ["Ei", "To"]},
                             geometry=[box(250_000, 6_600_000, 260_000, 6_610_000), box(260_000, 6_600_000, 270_000,
                                                                                          6_610_000)], crs=25833)
    s.add_boundary_layer(BoundaryLayer(id="lag_test", name="Test", path="", frame=frame))
    project = project_file.Project(session=s, view=project_file.ViewState(level="fylke"))
    return project_file.save(project, d / "good.legekart", keep_backup=False)


def _members(path: Path) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        meta = json.loads(z.read("project.json"))
        return meta, {n: z.read(n) for n in z.namelist() if n != "project.json"}


def write_project(dst: Path, meta: dict, members: dict[str, bytes], fix_checksums: bool = True,
                  raw_meta: bytes | None = None) -> Path:
    if fix_checksums:
        meta["checksums"] = {k: hashlib.sha256(v).hexdigest() for k, v in sorted(members.items())}
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.json", raw_meta if raw_meta is not None else json.dumps(meta))
        for k, v in members.items():
            z.writestr(k, v)
    return dst


def project_variant(d: Path, kind: str) -> Path:
    src = good_project(d)
    meta, members = _members(src)
    dst = d / f"{kind}.legekart"
    if kind == "flipped_bit":
        return corrupt_member(src, dst, "observations.csv")
    if kind == "encrypted":
        return mark_encrypted(src, dst, "observations.csv")
    if kind == "deep_json":
        return write_project(dst, meta, members, raw_meta=("[" * DEEP + "]" * DEEP).encode())
    if kind == "deep_boundary":
        members["boundaries/0.geojson"] = ('{"type":"FeatureCollection","features":'
                                           + "[" * DEEP + "]" * DEEP + "}").encode()
    elif kind == "infinite_boundary":
        fc = json.loads(members["boundaries/0.geojson"])
        fc["features"][0]["geometry"]["coordinates"][0][0] = [1e400, 1e400]
        members["boundaries/0.geojson"] = json.dumps(fc).encode()  # json writes Infinity
    elif kind == "builtin_id":
        old = meta["indicators"][0]["id"]
        meta["indicators"][0]["id"] = "fastlegelister"
        members["observations.csv"] = members["observations.csv"].replace(old.encode(), b"fastlegelister")
    elif kind == "wrong_columns":
        members["observations.csv"] = b"a,b,c\n1,2,3\n"
    elif kind == "bomb_member":
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr("project.json", json.dumps(meta))
            for k, v in members.items():
                z.writestr(k, v)
            with z.open("imports/0/padding.bin", "w") as f:
                for _ in range(64):
                    f.write(b"\x00" * (1 << 20))
        return dst
    elif kind.startswith("view_"):
        meta["view"].update({"view_layer": {"level": "lag_finnes_ikke"}, "view_indicator": {"indicator": "nope"},
                             "view_classes": {"classes": -5}, "view_palette": {"palette": "Regnbue"}}[kind])
    else:
        raise ValueError(kind)
    return write_project(dst, meta, members)


# -- boundary files -------------------------------------------------------------------------------
def _utm_frame():
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"kommunenummer": ["0301", "1103"], "navn": ["Oslo", "Stavanger"]},
                            geometry=[box(590_000, 6_640_000, 610_000, 6_660_000),
                                      box(300_000, 6_560_000, 320_000, 6_580_000)], crs=25833)


def _geojson(path: Path, gdf, crs_name: str | None) -> Path:
    fc = json.loads(gdf.to_json())
    fc.pop("crs", None)
    if crs_name:
        fc["crs"] = {"type": "name", "properties": {"name": crs_name}}
    path.write_text(json.dumps(fc), encoding="utf-8")
    return path


def _shapefile_zip(d: Path, gdf, name: str, drop: str = "") -> Path:
    folder = d / f"_{name}"
    folder.mkdir(exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdf.to_file(folder / "kommuner.shp", engine="pyogrio")
    dst = d / f"{name}.zip"
    with zipfile.ZipFile(dst, "w") as z:
        for f in sorted(os.listdir(folder)):
            if not (drop and f.endswith(drop)):
                z.write(folder / f, f"Kommuner/{f}")
    return dst


def boundary_variant(d: Path, kind: str) -> Path:
    utm = _utm_frame()
    if kind == "deep_wrapped":
        p = d / "deep.geojson"
        p.write_text('{"Kommune":' + '{"a":' * DEEP + "1" + "}" * DEEP + "}", encoding="utf-8")
        return p
    if kind == "utm_declared_wgs84":
        return _geojson(d / "utm_4326.geojson", utm, "urn:ogc:def:crs:EPSG::4326")
    if kind == "utm_undeclared":
        return _geojson(d / "utm_default.geojson", utm, None)
    if kind == "lonlat_declared_utm":
        return _geojson(d / "lonlat_25833.geojson", utm.to_crs(4326), "urn:ogc:def:crs:EPSG::25833")
    if kind == "huge_coordinates":
        from shapely.affinity import scale

        big = utm.to_crs(4326)
        big["geometry"] = [scale(g, 1e298, 1e298, origin=(0, 0)) for g in big.geometry]
        return _geojson(d / "huge.geojson", big, "urn:ogc:def:crs:EPSG::4326")
    if kind == "prj_contradicts":
        return _shapefile_zip(d, utm.set_crs(4326, allow_override=True), "prj_wrong")
    if kind == "shapefile_without_dbf":
        return _shapefile_zip(d, utm, "no_dbf", drop=".dbf")
    raise ValueError(kind)


def mutate(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    """Apply (op, position, value) mutations: flip, insert, delete, truncate — for hypothesis."""
    b = bytearray(data)
    for op, pos, val in ops:
        if not b:
            break
        i = pos % len(b)
        if op == "flip":
            b[i] ^= 1 << (val % 8)
        elif op == "insert":
            b[i:i] = bytes([val % 256]) * (1 + val % 7)
        elif op == "delete":
            del b[i:i + 1 + val % 16]
        elif op == "truncate":
            del b[max(1, i):]
    return bytes(b)



def unmatched_rows_table(d: Path, n: int = 150_000) -> Path:
    """A table whose rows mostly match nothing (the unmatched file is then large to write)."""
    path = d / "many_unmatched.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("kommunenr;antall\n0301;1\n1103;2\n")
        f.writelines(f"Sted {i % 50};{i}\n" for i in range(n))
    return path


def write_unmatched(table_path: str, target: str) -> int:
    """Import, then write the unmatched rows over ``target`` (what ``--unmatched --force`` does)."""
    from indicators.importer import analyse, guess_plan, read_table, write_unmatched_csv

    table = read_table(table_path)
    analysis = analyse(table, guess_plan(table, level="kommune"))
    print(write_unmatched_csv(table, analysis, target, lang="en", force=True), flush=True)
    return 0
