"""A printable map page: one import point for the page modules.

The page is split by what each part holds: :mod:`page_size` (paper and pixels),
:mod:`page_layout` (where everything goes), :mod:`page_paint` (drawing it),
:mod:`page_insets` (Oslo inset, locator), :mod:`page_labels` (names and the rule
for leaving them out), :mod:`page_furniture` (scale bar, north arrow, size key),
:mod:`page_ranking` ("kart + rangering"), :mod:`page_points` (point layers) and
:mod:`text_fit` (the cap on long titles).
"""

from __future__ import annotations

from gui.render.page_furniture import NorthArrow, ScaleBar, SizeKey, grid_convergence  # noqa: F401
from gui.render.page_insets import OSLO_CAPTION, OSLO_CODE, Inset, Locator  # noqa: F401
from gui.render.page_labels import MIN_AREA_MM2, LabelPlan, fitting_labels  # noqa: F401
from gui.render.page_layout import (  # noqa: F401
    PageLayout,
    PageOptions,
    TextBlock,
    layout_page,
    legend_has_data,
    level_labels_plural,
)
from gui.render.page_paint import clipped_content, paint_page  # noqa: F401
from gui.render.page_place import nice_length  # noqa: F401
from gui.render.page_ranking import LAYOUTS  # noqa: F401
from gui.render.page_size import (  # noqa: F401
    MAX_DPI,
    MAX_PIXELS,
    MAX_SIDE,
    MIN_DPI,
    PRESETS_MM,
    PageSize,
    check_dpi,
    page_size,
    pixel_size,
)
