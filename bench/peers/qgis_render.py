"""Peer: QGIS (PyQGIS) loads, joins, classifies (graduated, quantile) and renders
the same A4 300 dpi map. Run with the system python that has QGIS:

    /usr/bin/python3 bench/peers/qgis_render.py BOUNDARIES.gpkg DATA.csv COLUMN OUT.png
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsClassificationQuantile,
    QgsGradientColorRamp,
    QgsGraduatedSymbolRenderer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsStyle,
    QgsSymbol,
    QgsVectorLayer,
    QgsVectorLayerJoinInfo,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

gpkg, csv, column, out = sys.argv[1:5]
app = QgsApplication([], False)
app.setPrefixPath("/usr", True)
app.initQgis()
layer = QgsVectorLayer(f"{gpkg}|layername=kommune", "kommuner", "ogr")
table = QgsVectorLayer(f"file://{os.path.abspath(csv)}?delimiter=;&detectTypes=yes&geomType=none", "data",
                       "delimitedtext")
assert layer.isValid() and table.isValid()
QgsProject.instance().addMapLayers([layer, table])
join = QgsVectorLayerJoinInfo()
join.setJoinLayer(table)
join.setJoinFieldName("kommunenummer")
join.setTargetFieldName("code")
join.setUsingMemoryCache(True)
join.setPrefix("d_")
layer.addJoin(join)
field = f"d_{column}"
renderer = QgsGraduatedSymbolRenderer(field)
renderer.setClassificationMethod(QgsClassificationQuantile())
renderer.setSourceSymbol(QgsSymbol.defaultSymbol(layer.geometryType()))
renderer.setSourceColorRamp(QgsStyle().defaultStyle().colorRamp("Reds")
                            or QgsGradientColorRamp(QColor("#ffffb2"), QColor("#bd0026")))
renderer.updateClasses(layer, 5)
layer.setRenderer(renderer)
settings = QgsMapSettings()
settings.setLayers([layer])
settings.setDestinationCrs(layer.crs())
settings.setOutputSize(QSize(2480, 3508))
settings.setOutputDpi(300)
settings.setExtent(layer.extent())
settings.setBackgroundColor(QColor("white"))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
job.renderedImage().save(out, "PNG")
app.exitQgis()
