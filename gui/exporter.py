"""Run an export job: images (PNG, SVG, PDF) are drawn here with the one renderer; every other
format is written by the headless writers in :mod:`indicators.writers`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indicators.session import Session
from indicators.writers.jobs import (  # noqa: F401  (the export dialog's names)
    FORMATS,
    IMAGE_FORMATS,
    SUFFIXES,
    ExportJob,
    format_of,
    region_name,
    write_data,
)


def run_job(session: Session, job: ExportJob, cancelled: Callable[[], bool] | None = None) -> Path:
    """Write one export file atomically; returns its path."""
    path = Path(job.path)
    if job.fmt in IMAGE_FORMATS:
        from gui.export_image import export_image
        from gui.render.document import build
        from gui.render.page import PageOptions, page_size

        doc = build(session, job.view)
        options = PageOptions(job.page or page_size("a4", 300), extent=job.extent, region=job.region,
                              title=job.title, subtitle=job.subtitle, source=job.source, note=job.note,
                              layout=job.layout)
        export_image(path, session, doc, options, job.fmt, cancelled)
        return path
    return write_data(session, job)
