"""Open a GeoPackage layer in QGIS (PyQGIS, offscreen) and report how its default style
renders: run by the system Python that has python3-qgis, not the project's venv.

    python3 tests/qgis_render.py FILE.gpkg LAYER OUT.png X Y [X Y ...]

Prints JSON: renderer type, class labels and colours, and the rendered colour at each
map point (EPSG:25833), so a test can compare it with Legekart's own colours.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from qgis.core import QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    path, layer_name, out, *coords = argv
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
    report: dict = {"valid": layer.isValid()}
    r = layer.renderer()
    report["renderer"] = r.type()
    if r.type() == "graduatedSymbol":
        report["classes"] = [(x.label(), x.symbol().color().name(), x.lowerValue(), x.upperValue()) for x in r.ranges()]
    elif r.type() == "categorizedSymbol":
        report["classes"] = [(c.label(), c.symbol().color().name(), c.value()) for c in r.categories()]
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setBackgroundColor(QColor("#e6eef4"))
    settings.setOutputSize(QSize(900, 1100))
    settings.setExtent(layer.extent())
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(out, "PNG")
    xform = settings.mapToPixel()
    samples = []
    for x, y in zip(coords[0::2], coords[1::2]):
        p = xform.transform(QgsPointXY(float(x), float(y)))
        samples.append(QColor(image.pixel(int(p.x()), int(p.y()))).name())
    report["samples"] = samples
    print(json.dumps(report), flush=True)
    os._exit(0)  # QGIS 3.22 may crash while tearing down offscreen; the report is out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
