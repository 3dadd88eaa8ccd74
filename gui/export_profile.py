"""Write a municipality profile as a one-page A4 PDF or PNG, atomically.

The page is :func:`gui.render.profile_page.paint_profile` on a QPdfWriter (text stays
text: searchable, and finished by :mod:`gui.pdf_finish` so spaces extract as
spaces) or on a QImage of the A4 size at ``dpi``. As with map exports the file is
written under a temporary name and renamed at the end, so a failure never leaves
half a file.
"""

from __future__ import annotations

from pathlib import Path

from gui.render.page_size import page_size
from gui.render.profile_page import paint_profile
from indicators.atomic_file import atomic_path
from indicators.profile import Profile, build_profile
from indicators.session import Session

FORMATS = ("pdf", "png")
#: PNG resolution by default: sharp on screen and in print, ~0.1 s to encode
PNG_DPI = 200
PDF_DPI = 300


def _sources(session: Session) -> dict[str, str]:
    return {sid: src.citation() for sid, src in session.catalogue.sources.items()}


def render_profile_image(session: Session, prof: Profile, dpi: float = PNG_DPI):
    """The page as a QImage (A4 at ``dpi``)."""
    from PySide6.QtGui import QImage, QPainter

    page = page_size("a4", dpi)
    image = QImage(page.width, page.height, QImage.Format_RGB32)
    dpm = round(page.dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    painter = QPainter(image)
    try:
        paint_profile(painter, prof, page, _sources(session))
    finally:
        painter.end()
    image.setText("Title", f"{prof.kind}: {prof.title}")
    image.setText("Description", " ".join([*prof.sources, prof.credit]))
    return image


def write_png(path: Path, session: Session, prof: Profile, dpi: float = PNG_DPI) -> None:
    image = render_profile_image(session, prof, dpi)
    with atomic_path(path) as tmp:
        if not image.save(str(tmp), "PNG", 80):
            raise OSError(f"could not write {path}")


def write_pdf(path: Path, session: Session, prof: Profile, dpi: float = PDF_DPI) -> None:
    from html import escape

    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from gui.pdf_finish import finish_pdf

    page = page_size("a4", dpi)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(round(dpi))
        size = QPageSize(QSizeF(210.0, 297.0), QPageSize.Millimeter, "", QPageSize.ExactMatch)
        writer.setPageLayout(QPageLayout(size, QPageLayout.Portrait, QMarginsF(0, 0, 0, 0)))
        writer.setTitle(f"{prof.kind}: {prof.title}")
        writer.setCreator("Legekart")
        painter = QPainter(writer)
        try:
            device_page = type(page)(writer.width(), writer.height(), dpi, "a4")
            paint_profile(painter, prof, device_page, _sources(session))
        finally:
            painter.end()
        title = escape(f"{prof.kind}: {prof.title}")
        xmp = (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape("; ".join(prof.sources))}</rdf:li>'
            '</rdf:Alt></dc:description><dc:creator><rdf:Seq><rdf:li>Legekart</rdf:li></rdf:Seq></dc:creator>'
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        ).encode()
        finish_pdf(tmp, xmp)


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """'pdf' or 'png' from ``fmt`` or the file's suffix (ValueError otherwise)."""
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"a profile is written as PDF or PNG, not {fmt or 'a file without a suffix'!r}")
    return fmt


def export_profile(path: str | Path, session: Session, code: str, lang: str = "nb", fmt: str | None = None,
                   dpi: float | None = None) -> Profile:
    """Build and write the profile of municipality ``code`` (KeyError for an unknown code)."""
    path = Path(path)
    fmt = format_of(path, fmt)
    prof = build_profile(session, code, lang)
    if fmt == "pdf":
        write_pdf(path, session, prof, dpi or PDF_DPI)
    else:
        write_png(path, session, prof, dpi or PNG_DPI)
    return prof
