"""Finish a PDF written by QPdfWriter: searchable spaces, metadata, a tagged north arrow.

Three fixes after Qt has written the page (with pypdf, without re-parsing the map):

- **Spaces.** Qt builds each font's ToUnicode map by asking which character a glyph
  draws; DejaVu Sans draws TAB (U+0009) and SPACE with the same glyph, and Qt keeps
  the first, so text extraction read "Til\\tfylkestinget". The map is corrected to
  U+0020, and search and copy see normal spaces.
- **Metadata.** Qt's own XMP packet replaces whatever is set through QPdfWriter, so
  the title, sources and the north arrow's box are written here (namespace
  ``urn:legekart:page:1``, ``legekart:northArrow`` = "x y width height" in points from
  the page's top-left corner).
- **North arrow.** The arrow is drawn in its own content stream inside marked content
  ``/Figure <</Name (north-arrow) /Alt (…)>> BDC … EMC``, so a reader or a test finds
  it by name.
"""

from __future__ import annotations

import re
from pathlib import Path

_ARRAY = re.compile(rb"\[([^\]]*)\]")
_PAIR = re.compile(rb"(<[0-9A-Fa-f]{4}>\s+(?:<[0-9A-Fa-f]{4}>\s+)?)<0009>")


def _fix_to_unicode(data: bytes) -> bytes:
    """Map the shared TAB/SPACE glyph to SPACE in a ToUnicode CMap."""
    data = _ARRAY.sub(lambda m: b"[" + m.group(1).replace(b"<0009>", b"<0020>") + b"]", data)
    return _PAIR.sub(lambda m: m.group(1) + b"<0020>", data)


def finish_pdf(path: Path, xmp: bytes, arrow_pdf: bytes | None = None, arrow_alt: str = "north arrow") -> None:
    """Rewrite ``path`` in place with the fixes above."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    page = writer.pages[0]
    resources = page["/Resources"].get_object()
    for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
        tu = font.get_object().get("/ToUnicode")
        if tu is not None:
            tu = tu.get_object()
            tu.set_data(_fix_to_unicode(tu.get_data()))
    if arrow_pdf is not None:
        arrow = PdfReader(BytesIO(arrow_pdf)).pages[0]
        content = arrow.get_contents().get_data() if arrow.get_contents() is not None else b""
        a_res = arrow.get("/Resources")
        a_res = a_res.get_object() if a_res is not None else DictionaryObject()
        for kind, entries in a_res.items():
            entries = entries.get_object()
            if not isinstance(entries, DictionaryObject):
                continue
            target = resources.get(kind)
            if target is None:
                target = DictionaryObject()
                resources[NameObject(kind)] = target
            target = target.get_object()
            for name, obj in entries.items():
                new = "/NorthArrow" + name[1:]
                target[NameObject(new)] = obj.clone(writer)
                content = re.sub(re.escape(name.encode()) + rb"(?=[\s/\[<(])", new.encode(), content)
        alt = arrow_alt.encode("ascii", "replace")
        head, tail = StreamObject(), StreamObject()
        head.set_data(b"q\n")
        tail.set_data(b"\nQ\n/Figure <</Name (north-arrow) /Alt (" + alt + b")>> BDC\n" + content + b"\nEMC\n")
        old = page["/Contents"]
        parts = list(old.get_object()) if isinstance(old.get_object(), ArrayObject) else [old]
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(head), *parts, writer._add_object(tail)])
    meta = StreamObject()
    meta.set_data(xmp)
    meta[NameObject("/Type")] = NameObject("/Metadata")
    meta[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(meta)
    with open(path, "wb") as fh:
        writer.write(fh)
