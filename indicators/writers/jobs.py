"""An export job, its formats, and the headless half of running it (HTML, GeoPackage, CSV, XLSX).

Shared by File → Eksporter kart… and ``main.py export``. The image formats (PNG, SVG,
PDF) are drawn by ``gui.exporter``, which calls :func:`write_data` for the others, so
a CSV export from the command line never imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.gazetteer import Unit
from indicators.session import Session
from indicators.view import ViewState

IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("html", "gpkg", "csv", "xlsx")
FORMATS = IMAGE_FORMATS + DATA_FORMATS
SUFFIXES = {"png": ".png", "svg": ".svg", "pdf": ".pdf", "html": ".html", "gpkg": ".gpkg", "csv": ".csv",
            "xlsx": ".xlsx"}
_BY_SUFFIX = {".htm": "html", **{v: k for k, v in SUFFIXES.items()}}

Extent = tuple[float, float, float, float]


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else from the file suffix."""
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise ValueError(f"cannot tell the format from {Path(path).name!r}; use a suffix "
                         f"({', '.join(SUFFIXES.values())}) or --format")
    return _BY_SUFFIX[suffix]


@dataclass
class ExportJob:
    path: Path
    fmt: str
    view: ViewState
    #: page size for PNG/SVG/PDF (gui.render.page_size.PageSize); None = A4 at 300 dpi
    page: object | None = None
    #: limit the export to this county / health region / health-trust area
    region: Unit | None = None
    #: an explicit map extent (the current view), images only
    extent: Extent | None = None
    title: str | None = None
    #: None = automatic; the page's subtitle, source line and free note
    subtitle: str | None = None
    source: str | None = None
    note: str | None = None
    #: "map" or "map+ranking" (images only)
    layout: str = "map"


def region_name(region: Unit | None) -> str | None:
    if region is None:
        return None
    return region.short_name if region.level == "kommune" else region.name


def write_data(session: Session, job: ExportJob) -> Path:
    """Write an HTML, GeoPackage, CSV or XLSX export atomically; returns its path."""
    from geo.regions import region_codes
    from indicators.mapdata import map_frame

    path = Path(job.path)
    codes = region_codes(session.level(job.view.level), job.region, session.map_vintage) \
        if job.region is not None else None
    lang = job.view.lang
    if job.fmt == "html":
        from indicators.view_data import frame_and_classes
        from indicators.writers.html import html_text, write_html
        from indicators.writers.page_text import restrict_legend

        frame, cls = frame_and_classes(session, job.view)
        text = html_text(session, frame, lang, region_name(job.region), codes, job.title, job.subtitle,
                         job.source, job.note)
        return write_html(path, session, frame, restrict_legend(cls, codes), text, lang, codes)
    if job.fmt == "gpkg":  # the layer carries the map's classes as its QGIS style
        from indicators.view_data import frame_and_classes
        from indicators.writers.gpkg import write_gpkg

        frame, cls = frame_and_classes(session, job.view)
        return write_gpkg(path, session, frame, lang, codes, cls.restricted(codes))
    if session.map_vintage != job.view.map_vintage:  # the view names the map; the data follow it
        session.map_vintage = job.view.map_vintage
    frame = map_frame(session, job.view.level, job.view.indicator, job.view.period)  # tables need no classes
    if job.fmt == "csv":
        from indicators.writers.table import write_csv

        return write_csv(path, session, frame, lang, codes)
    if job.fmt == "xlsx":
        from indicators.writers.table import write_xlsx

        return write_xlsx(path, session, frame, lang, codes)
    raise ValueError(f"unknown format {job.fmt!r}")
