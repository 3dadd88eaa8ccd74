"""The joined table behind a map, as CSV (for Norwegian Excel) and XLSX.

One row per unit of the level, with the value, its counts, class, period, flags
and where the number comes from (source, table, seed lines, note), so a planner can
check every figure of an exported map. :func:`table` is also what the GeoPackage and
HTML exports put in their attributes.

CSV is UTF-8 with a byte-order mark, ``;`` between fields and a decimal comma: what
Excel in Norwegian opens without the import wizard. XLSX keeps unit numbers as text
(0301 stays 0301) and adds a sheet with the sources and notes.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING

from indicators.atomic_file import atomic_path
from indicators.mapdata import MapFrame
from indicators.session import Session

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

COLUMNS = ["code", "name", "value", "numerator", "denominator", "members_with_value", "members", "category",
           "category_label", "period", "unit", "approximate", "derived", "source", "source_title", "table",
           "seed_lines", "note"]
BOOL_TEXT = {"nb": ("nei", "ja"), "en": ("no", "yes")}
APPROX_NOTE = {
    "nb": "approximate = ja: omtrentlig verdi (f.eks. tall for tidligere kommuner/fylker regnet om til "
          "{map}-inndelingen). derived = ja: regnet ut eller omkodet av Legekart. members_with_value av members: "
          "for summer av kommuner; mangler noen, står value tom (delsum, ikke enhetens verdi).",
    "en": "approximate = yes: approximate value (e.g. figures for former municipalities/counties converted to the "
          "{map} units). derived = yes: computed or re-coded by Legekart. members_with_value of members: for sums of "
          "municipalities; when some are missing, value is empty (a partial sum, not the unit's value).",
}


def unit_names(session: Session, level: str) -> dict[str, str]:
    """Official unit names of a bundled level or an imported boundary layer."""
    layer = session.boundary_layers.get(level)
    if layer is not None:
        f = layer.frame
        return dict(zip(f["code"].astype(str), f["name"].astype(str)))
    return {u.code: u.name for u in session.gazetteer().level_units(level)}


def unit_short_names(session: Session, level: str) -> dict[str, str]:
    """Everyday names for labels and footnotes ('Karasjok', not every parallel name)."""
    if session.level(level).bundled:
        return {u.code: u.short_name for u in session.gazetteer().level_units(level)}
    return unit_names(session, level)


def source_titles(session: Session, ids: str) -> str:
    out = []
    for sid in (s for s in ids.split(";") if s):
        src = session.catalogue.sources.get(sid)
        out.append(src.citation() if src else sid)
    return "; ".join(out)


def value_unit(frame: MapFrame) -> str:
    return "%" if frame.mode == "share_of_class" else frame.indicator.unit


def value_text(session: Session, frame: MapFrame, code: str, lang: str = "nb") -> str:
    """Formatted value of one unit as the map shows it (see :meth:`MapFrame.value_text`)."""
    return frame.value_text(session, code, lang)


def table(session: Session, frame: MapFrame, lang: str = "nb", codes: set[str] | None = None) -> pd.DataFrame:
    """The joined table: one row per unit (only ``codes`` if given), in code order."""
    import pandas as pd

    f = frame.frame
    if codes is not None:
        f = f[f.index.isin(list(codes))]
    names = unit_names(session, frame.level)
    scheme = session.catalogue.scheme_of(frame.indicator)

    def category_label(key: str) -> str:
        if not key or scheme is None:
            return key or ""
        try:
            return scheme.get(key).label(lang)
        except KeyError:
            return key

    categories = f["category"].astype(str)
    if frame.mode == "share_of_class":
        categories = pd.Series("", index=f.index)  # the value is the share of this class
    out = pd.DataFrame({
        "code": f.index.astype(str),
        "name": [names.get(c, c) for c in f.index],
        "value": f["value"].astype(float).to_numpy(),
        "numerator": f["numerator"].astype(float).to_numpy(),
        "denominator": f["denominator"].astype(float).to_numpy(),
        "members_with_value": f["members_have"].astype(float).to_numpy(),
        "members": f["members_of"].astype(float).to_numpy(),
        "category": categories.to_numpy(),
        "category_label": [category_label(k) for k in categories],
        "period": [p or (frame.period or "") for p in f["period"]],
        "unit": value_unit(frame),
        "approximate": f["approximate"].astype(bool).to_numpy(),
        "derived": f["derived"].astype(bool).to_numpy(),
        "source": f["source"].astype(str).to_numpy(),
        "source_title": [source_titles(session, s) for s in f["source"]],
        "table": f["table"].astype(str).to_numpy(),
        "seed_lines": f["seed_lines"].astype(str).to_numpy(),
        "note": f["note"].astype(str).to_numpy(),
    })
    has = out["value"].notna() | (out["category"] != "")
    out.loc[~has, "period"] = ""
    return out[COLUMNS]


def _bool_text(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    no, yes = BOOL_TEXT.get(lang, BOOL_TEXT["nb"])
    df = df.copy()
    for c in ("approximate", "derived"):
        df[c] = df[c].map({True: yes, False: no})
    return df


def write_csv(path: str | Path, session: Session, frame: MapFrame, lang: str = "nb",
              codes: set[str] | None = None) -> Path:
    """UTF-8 with BOM, ``;`` and decimal comma (English: decimal point, still ``;``)."""
    df = _bool_text(table(session, frame, lang, codes), lang)
    path = Path(path)
    with atomic_path(path) as tmp:
        df.to_csv(tmp, sep=";", decimal="," if lang != "en" else ".", index=False, encoding="utf-8-sig",
                  lineterminator="\r\n")
    return path


def sources_rows(session: Session, frame: MapFrame, lang: str = "nb") -> list[tuple[str, str]]:
    """(label, text) pairs describing the indicator, its sources and the flags."""
    en = lang == "en"
    ind = frame.indicator
    rows: list[tuple[str, str]] = [
        ("Indicator" if en else "Indikator", ind.name(lang)),
        ("Id", ind.id),
        ("Description" if en else "Beskrivelse", ind.description(lang)),
        ("Level" if en else "Nivå", frame.level),
        ("Period" if en else "Periode", frame.period or ""),
        ("Unit" if en else "Enhet", value_unit(frame)),
    ]
    if frame.mode == "share_of_class":
        rows.append(("Value" if en else "Verdi",
                     f"share of units answering «{frame.share_class}»" if en
                     else f"andel enheter som svarte «{frame.share_class}»"))
    for sid in frame.sources():
        src = session.catalogue.sources.get(sid)
        label = ("Source " if en else "Kilde ") + sid
        rows.append((label, src.citation() + (f" <{src.url}>" if src.url else "") if src else sid))
    if ind.origin:
        rows.append(("Imported from" if en else "Importert fra", ind.origin))
    vintage = frame.vintage or session.map_vintage
    rows.append(("Flags" if en else "Merking", APPROX_NOTE["en" if en else "nb"].format(map=vintage)))
    rows.append(("Map" if en else "Kart", session.level(frame.level).credit(lang)))
    rows.append(("Created" if en else "Laget", dt.date.today().isoformat() + " · Legekart"))
    return rows


def write_xlsx(path: str | Path, session: Session, frame: MapFrame, lang: str = "nb",
               codes: set[str] | None = None) -> Path:
    """A data sheet (codes as text, numbers as numbers) and a sheet with sources and notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    df = _bool_text(table(session, frame, lang, codes), lang)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        values: list = []
        for v in row:
            if isinstance(v, float) and math.isnan(v):
                values.append(None)
            else:
                values.append(v)
        ws.append(values)
    for cell in ws["A"][1:]:
        cell.number_format = "@"  # text: keep leading zeros of unit numbers
    ws.freeze_panes = "C2"
    widths = {"code": 8, "name": 28, "value": 10, "numerator": 11, "denominator": 12, "category": 12,
              "category_label": 22, "period": 9, "unit": 8, "approximate": 12, "derived": 9, "source": 8,
              "source_title": 40, "table": 18, "seed_lines": 14, "note": 60}
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(col, 12)
    info = wb.create_sheet("Sources" if lang == "en" else "Kilder")
    for label, text in sources_rows(session, frame, lang):
        info.append([label, text])
    for cell in info["A"]:
        cell.font = Font(bold=True)
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 110
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
