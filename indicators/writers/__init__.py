"""Every headless writer in one place: offline HTML, GeoPackage (with its QGIS style), CSV/XLSX
tables, and the words on a page. None of them imports Qt; the image writers (PNG, SVG,
PDF) live beside the one renderer in ``gui/``."""
