"""Peer for the cold start: QGIS (PyQGIS) opens a window with the 2024 municipality map
and prints "painted" once its canvas has rendered. Run with the system python that has QGIS:

    /usr/bin/python3 bench/peers/qgis_window.py BOUNDARIES.gpkg

Why: the cold-start target is absolute (0.6 s) and moves with the machine; a peer doing the
same task in the same run gives a ratio that does not.
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer  # noqa: E402
from qgis.gui import QgsMapCanvas  # noqa: E402

gpkg = sys.argv[1]
app = QgsApplication([], True)
app.setPrefixPath("/usr", True)
app.initQgis()
layer = QgsVectorLayer(f"{gpkg}|layername=kommune", "kommuner", "ogr")
assert layer.isValid()
QgsProject.instance().addMapLayer(layer)
canvas = QgsMapCanvas()
canvas.resize(1280, 800)
canvas.setDestinationCrs(layer.crs())
canvas.setLayers([layer])
canvas.setExtent(layer.extent())


def painted() -> None:
    print("painted", flush=True)
    app.exit(0)


canvas.mapCanvasRefreshed.connect(painted)
canvas.show()
canvas.refresh()
app.exec_()
