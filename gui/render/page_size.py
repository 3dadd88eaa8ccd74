"""Paper presets and pixel sizes of an exported page.

Sizes are device pixels at ``dpi``; the layout works in 96-dpi screen pixels times
``scale`` (= dpi / 96), so a 300-dpi A4 page has the layout of a 96-dpi one, only
sharper, and a preview is the same page with fewer pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

#: paper sizes in millimetres (width, height)
PRESETS_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a4-landscape": (297.0, 210.0),
    "a3": (297.0, 420.0),
    "a3-landscape": (420.0, 297.0),
}
MIN_DPI, MAX_DPI = 72, 600
#: the largest free pixel size (per side) and page (A3 at 600 dpi is 70 Mpx)
MAX_SIDE, MAX_PIXELS = 20000, 80_000_000


@dataclass(frozen=True)
class PageSize:
    """A page in device pixels at ``dpi``; ``preset`` names the paper ('a4', …) if any."""

    width: int
    height: int
    dpi: float = 96.0
    preset: str | None = None

    @property
    def scale(self) -> float:
        """Device pixels per 96-dpi screen pixel (what ``paint_map`` calls ``scale``)."""
        return self.dpi / 96.0

    @property
    def size_mm(self) -> tuple[float, float]:
        if self.preset in PRESETS_MM:
            return PRESETS_MM[self.preset]
        return (self.width / self.dpi * 25.4, self.height / self.dpi * 25.4)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def px_per_mm(self) -> float:
        return self.dpi / 25.4

    def resized(self, width: int) -> PageSize:
        """The same page with ``width`` pixels (a preview): layout identical, fewer pixels."""
        f = width / self.width
        return PageSize(max(1, round(self.width * f)), max(1, round(self.height * f)), self.dpi * f, self.preset)


def check_dpi(dpi: float) -> float:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi must be between {MIN_DPI} and {MAX_DPI}, got {dpi:g}")
    return float(dpi)


def page_size(preset: str = "a4", dpi: float = 300) -> PageSize:
    """A paper preset at ``dpi``: A4 at 300 dpi is 2480 × 3508 pixels."""
    if preset not in PRESETS_MM:
        raise ValueError(f"unknown page {preset!r}; choose one of {', '.join(PRESETS_MM)}")
    check_dpi(dpi)
    w_mm, h_mm = PRESETS_MM[preset]
    return PageSize(round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi), float(dpi), preset)


def pixel_size(width: int, height: int, dpi: float = 96) -> PageSize:
    """A free pixel size (slides, web); ``dpi`` only sets how large text and lines are."""
    check_dpi(dpi)
    if not (64 <= width <= MAX_SIDE and 64 <= height <= MAX_SIDE) or width * height > MAX_PIXELS:
        raise ValueError(f"pixel size must be 64–{MAX_SIDE} per side and at most {MAX_PIXELS // 1_000_000} Mpx")
    return PageSize(int(width), int(height), float(dpi), None)
