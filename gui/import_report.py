"""The match report as Norwegian (or English) HTML for the import dialog."""

from __future__ import annotations

from html import escape

from indicators import format as fmt
from indicators.importer.report import MatchReport

ROWS_SHOWN = 50
KIND_NAMES = {
    "count": ("antall", "count"), "ratio": ("andel/forholdstall", "ratio"), "rate": ("rate", "rate"),
    "category": ("kategori", "category"),
}
LEVEL_NAMES = {
    "kommune": ("kommuner", "municipalities"), "fylke": ("fylker", "counties"),
    "helseregion": ("helseregioner", "health regions"), "helseforetak": ("helseforetaksområder", "health-trust areas"),
}


def _n(x: int, lang: str) -> str:
    return fmt.number(float(x), lang, 0)


def _t(nb: str, en: str, lang: str) -> str:
    return en if lang == "en" else nb


def report_html(report: MatchReport, lang: str = "nb") -> str:
    """Everything the planner must know before pressing OK, most important first."""
    d = report.to_dict(lang)
    out: list[str] = []
    src = d["file"] + (f" – {_t('ark', 'sheet', lang)} «{escape(d['sheet'])}»" if d["sheet"] else "")
    level = LEVEL_NAMES.get(d["level"], (d["level"], d["level"]))[lang == "en"]
    out.append(f"<p><b>{escape(src)}</b>: {_n(d['rows'], lang)} {_t('rader lest', 'rows read', lang)}. "
               f"{_t('Nøkkelkolonne', 'Key column', lang)}: «{escape(d['key_column'])}» ({escape(level)}).</p>")
    ok_colour = "#1a7f37" if d["matched"] else "#b42318"
    out.append(
        f"<p style='color:{ok_colour}'><b>{_n(d['matched'], lang)} {_t('av', 'of', lang)} {_n(d['rows'], lang)} "
        f"{_t('rader har treff', 'rows matched', lang)}</b> ({_n(d['units'], lang)} {escape(level)})."
        + (f" <b style='color:#b42318'>{_n(d['unmatched_count'], lang)} {_t('uten treff', 'unmatched', lang)}.</b>"
           if d["unmatched_count"] else "") + "</p>"
    )
    if d["vintage"] and d["vintage_detail"].get("confidence") != "none":
        conf = {"high": _t("høy", "high", lang), "low": _t("lav", "low", lang), "none": _t("ingen", "none", lang)}
        v = d["vintage_detail"]
        text = _t(f"Nummer/navn følger inndelingen fra {d['vintage']}",
                  f"Keys follow the {d['vintage']} structure", lang)
        text += f" ({_t('sikkerhet', 'confidence', lang)}: {conf.get(v.get('confidence'), v.get('confidence'))})"
        if d["vintage"] != d.get("map", "2024"):
            text += _t("; omregnet til enhetene på kartet.", "; harmonised to the units on the map.", lang)
        out.append(f"<p>{escape(text)}</p>")
    if d["unmatched"]:
        out.append(f"<h4>{_t('Rader uten treff', 'Unmatched rows', lang)} ({_n(d['unmatched_count'], lang)})</h4>")
        out.append(_table([_t("Rad", "Row", lang), _t("Nøkkel", "Key", lang), _t("Årsak", "Reason", lang)],
                          [(u["row"], u["key"], u["reason"]) for u in d["unmatched"][:ROWS_SHOWN]]))
        if d["unmatched_count"] > ROWS_SHOWN:
            out.append(f"<p>… {_t('og', 'and', lang)} {_n(d['unmatched_count'] - ROWS_SHOWN, lang)} "
                       + _t("til. Lagre radene uten treff for å se alle.",
                            "more. Save the unmatched rows to see all.", lang)
                       + "</p>")
    if d["duplicates"]:
        out.append("<h4>"
                   + _t("Dubletter (samme enhet flere ganger med ulike verdier)",
                        "Duplicates (same unit, different values)", lang)
                   + f" ({_n(d['duplicates_count'], lang)})</h4>")
        rows = []
        for dup in d["duplicates"][:ROWS_SHOWN]:
            vals = "; ".join(f"{c}: {', '.join(_val(x, lang) for x in v)}" for c, v in dup["values"].items())
            rows.append((f"{dup['code']} {dup['name']}", ", ".join(str(r) for r in dup["rows"]), vals))
        out.append(_table([_t("Enhet", "Unit", lang), _t("Rader", "Rows", lang), _t("Verdier", "Values", lang)], rows))
    if d["repeated_identical_rows"]:
        out.append(f"<p>{_n(d['repeated_identical_rows'], lang)} "
                   + _t("rader gjentar en annen rad med de samme verdiene og er bare tatt med én gang.",
                        "rows repeat another row with the same values and are counted once.", lang)
                   + "</p>")
    if d["out_of_range"]:
        out.append(f"<h4>{_t('Verdier utenfor gyldig område', 'Values out of range', lang)} "
                   f"({_n(d['out_of_range_count'], lang)})</h4>")
        out.append(_table([_t("Rad", "Row", lang), _t("Nøkkel", "Key", lang), _t("Kolonne", "Column", lang),
                           _t("Årsak", "Reason", lang)],
                          [(o["row"], o["key"], o["column"], o["reason"]) for o in d["out_of_range"][:ROWS_SHOWN]]))
    out.append(f"<h4>{_t('Verdikolonner', 'Value columns', lang)}</h4>")
    rows = []
    for v in d["value_columns"]:
        if not v["included"]:
            continue
        kind = KIND_NAMES.get(v["kind"], (v["kind"], v["kind"]))[lang == "en"]
        bad = ""
        if v["failures"]:
            ex = ", ".join(f"{_t('rad', 'row', lang)} {e['row']}: «{e['text']}»" for e in v["failure_examples"][:3])
            bad = f"{_n(v['failures'], lang)} {_t('ulesbare', 'unreadable', lang)} ({ex})"
        unit = v["unit"] if v["unit"] and v["unit"] != kind else ""
        rows.append((v["column"], f"{kind} {unit}".strip(), _n(v["values"], lang), _n(v["missing"], lang), bad,
                     _n(v["units"], lang)))
    out.append(_table([_t("Kolonne", "Column", lang), _t("Type", "Kind", lang), _t("Verdier", "Values", lang),
                       _t("Mangler", "Missing", lang), _t("Ulesbare", "Unreadable", lang),
                       _t("Enheter på kartet", "Units on the map", lang)], rows))
    if d["harmonisation"]:
        out.append(f"<h4>{_t('Omregning til kartets enheter', 'Harmonisation to the map units', lang)}</h4><ul>")
        seen = set()
        for h in d["harmonisation"][:ROWS_SHOWN]:
            line = f"{h['code']} {h['name']}: {h['note']}" + (" ≈" if h["approximate"] else "")
            if line not in seen:
                seen.add(line)
                out.append(f"<li>{escape(line)}</li>")
        out.append("</ul>")
    if d["notes"]:
        out.append(f"<h4>{_t('Merknader', 'Notes', lang)}</h4><ul>"
                   + "".join(f"<li>{escape(n)}</li>" for n in d["notes"]) + "</ul>")
    return "\n".join(out)


def _val(x, lang: str) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return fmt.number(x, lang)
    return str(x)


def _table(header: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th align='left'>{escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return (f"<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
            f"<tr>{head}</tr>{body}</table>")
