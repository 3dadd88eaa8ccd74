"""UTM zone 33 on ETRS89 (EPSG:25833) ↔ longitude/latitude, without pyproj.

Why: the page's north arrow needs two point conversions, and importing pyproj (and its
PROJ database) costs the export and the window more than the whole map drawing does.
Krüger's series to sixth order in n (Karney 2011, "Transverse Mercator with an accuracy
of a few nanometers") agrees with PROJ to well under a millimetre inside the zone and
far beyond it, which is all the arrow (drawn to 0.01°) needs.
"""

from __future__ import annotations

import math

_A_AXIS = 6378137.0
_F = 1 / 298.257222101  # GRS80 (ETRS89)
_K0 = 0.9996
_LON0 = math.radians(15.0)  # zone 33
_FALSE_EASTING = 500000.0

_N = _F / (2 - _F)
_N2, _N3, _N4, _N5, _N6 = (_N ** k for k in range(2, 7))
_A = _A_AXIS / (1 + _N) * (1 + _N2 / 4 + _N4 / 64 + _N6 / 256)
_ALPHA = (
    _N / 2 - 2 * _N2 / 3 + 5 * _N3 / 16 + 41 * _N4 / 180 - 127 * _N5 / 288 + 7891 * _N6 / 37800,
    13 * _N2 / 48 - 3 * _N3 / 5 + 557 * _N4 / 1440 + 281 * _N5 / 630 - 1983433 * _N6 / 1935360,
    61 * _N3 / 240 - 103 * _N4 / 140 + 15061 * _N5 / 26880 + 167603 * _N6 / 181440,
    49561 * _N4 / 161280 - 179 * _N5 / 168 + 6601661 * _N6 / 7257600,
    34729 * _N5 / 80640 - 3418889 * _N6 / 1995840,
    212378941 * _N6 / 319334400,
)
_BETA = (
    _N / 2 - 2 * _N2 / 3 + 37 * _N3 / 96 - _N4 / 360 - 81 * _N5 / 512 + 96199 * _N6 / 604800,
    _N2 / 48 + _N3 / 15 - 437 * _N4 / 1440 + 46 * _N5 / 105 - 1118711 * _N6 / 3870720,
    17 * _N3 / 480 - 37 * _N4 / 840 - 209 * _N5 / 4480 + 5569 * _N6 / 90720,
    4397 * _N4 / 161280 - 11 * _N5 / 504 - 830251 * _N6 / 7257600,
    4583 * _N5 / 161280 - 108847 * _N6 / 3991680,
    20648693 * _N6 / 638668800,
)
_DELTA = (
    2 * _N - 2 * _N2 / 3 - 2 * _N3 + 116 * _N4 / 45 + 26 * _N5 / 45 - 2854 * _N6 / 675,
    7 * _N2 / 3 - 8 * _N3 / 5 - 227 * _N4 / 45 + 2704 * _N5 / 315 + 2323 * _N6 / 945,
    56 * _N3 / 15 - 136 * _N4 / 35 - 1262 * _N5 / 105 + 73814 * _N6 / 2835,
    4279 * _N4 / 630 - 332 * _N5 / 35 - 399572 * _N6 / 14175,
    4174 * _N5 / 315 - 144838 * _N6 / 6237,
    601676 * _N6 / 22275,
)
_E2N = 2 * math.sqrt(_N) / (1 + _N)  # the ellipsoid's eccentricity, written with n


def to_xy(lon: float, lat: float) -> tuple[float, float]:
    """Easting and northing (metres, EPSG:25833) of a longitude/latitude in degrees."""
    phi, lam = math.radians(lat), math.radians(lon) - _LON0
    s = math.sin(phi)
    t = math.sinh(math.atanh(s) - _E2N * math.atanh(_E2N * s))
    xi1 = math.atan2(t, math.cos(lam))
    eta1 = math.atanh(math.sin(lam) / math.sqrt(1 + t * t))
    xi, eta = xi1, eta1
    for j, a in enumerate(_ALPHA, start=1):
        xi += a * math.sin(2 * j * xi1) * math.cosh(2 * j * eta1)
        eta += a * math.cos(2 * j * xi1) * math.sinh(2 * j * eta1)
    return _FALSE_EASTING + _K0 * _A * eta, _K0 * _A * xi


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    """Longitude and latitude in degrees of an EPSG:25833 point."""
    xi = y / (_K0 * _A)
    eta = (x - _FALSE_EASTING) / (_K0 * _A)
    xi1, eta1 = xi, eta
    for j, b in enumerate(_BETA, start=1):
        xi1 -= b * math.sin(2 * j * xi) * math.cosh(2 * j * eta)
        eta1 -= b * math.cos(2 * j * xi) * math.sinh(2 * j * eta)
    chi = math.asin(math.sin(xi1) / math.cosh(eta1))
    phi = chi + sum(d * math.sin(2 * j * chi) for j, d in enumerate(_DELTA, start=1))
    lam = math.atan2(math.sinh(eta1), math.cos(xi1))
    return math.degrees(_LON0 + lam), math.degrees(phi)
