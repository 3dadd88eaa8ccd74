"""The key figures of a unit, grouped by theme: what the details panel and the profile show.

One row per indicator with the unit's own value first, then its county and Norway
*for the same period*, its rank and whether it is better or worse than Norway
(:mod:`indicators.compare`), and the unit's own series for a sparkline. By default
only indicators the unit has a value of its own for are listed; ``show_all`` adds
those that carry only a reason (Evenes in SSB's table) and those known only for the
county or the country. The planner's imported indicators come first: they are why
the planner opened the profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.levels import LAND
from indicators.breakdown import Breakdown, Value
from indicators.catalogue import Indicator, theme_name
from indicators.compare import Assessment
from indicators.series import sparkline
from indicators.session import Session

#: themes in the order shown: own imports first, then the GP scheme, psychiatry, LIS1…
THEME_ORDER = ("import", "lister", "kapasitet", "rekruttering", "psykiatri", "lis1", "bemanning", "befolkning")


@dataclass
class KeyFigure:
    indicator: Indicator
    #: the unit's own value (None when it has none)
    own: Value | None
    #: the unit's row that only carries a reason ("SSB's table has no value …")
    missing: Value | None
    county: Value | None
    norway: Value | None
    assessment: Assessment | None
    #: the unit's own series (period, value) for a sparkline; empty without one
    spark: tuple[tuple[str, float | None], ...] = ()

    @property
    def has_value(self) -> bool:
        return self.own is not None

    @property
    def period(self) -> str:
        for v in (self.own, self.missing, self.county, self.norway):
            if v is not None:
                return v.period
        return ""

    @property
    def imported_from(self) -> str:
        """The file an imported indicator came from ("" for bundled data)."""
        return self.indicator.origin if self.indicator.is_imported else ""


@dataclass
class ThemeGroup:
    theme: str
    rows: list[KeyFigure]

    def title(self, lang: str = "nb") -> str:
        return theme_name(self.theme, lang)


def theme_of(indicator: Indicator) -> str:
    return "import" if indicator.is_imported else indicator.theme


def key_figures(session: Session, bd: Breakdown, show_all: bool = False, with_spark: bool = True) -> list[ThemeGroup]:
    """The unit's rows by theme (see the module text); empty themes are left out."""
    county_level = "fylke" if bd.unit.level == "kommune" else "helseregion"
    county = bd.context.get(county_level, {})
    norway = bd.context.get(LAND, {})
    missing = bd.own_missing or {}
    groups: dict[str, list[KeyFigure]] = {}
    for ind in bd.indicators:
        own = bd.own.get(ind.id)
        miss = missing.get(ind.id)
        c, n = county.get(ind.id), norway.get(ind.id)
        # a partial sum ("40 av 41 kommuner") is no value of the unit's, but is shown as what it is
        if own is None and not show_all and not (miss is not None and miss.is_partial):
            continue
        if own is None and miss is None and c is None and n is None:
            continue
        spark = sparkline(session, ind, bd.unit.level, bd.unit.code) if with_spark and own is not None else ()
        row = KeyFigure(ind, own, miss, c, n, bd.assessment(session, ind.id) if own is not None else None, spark)
        groups.setdefault(theme_of(ind), []).append(row)
    order = {t: i for i, t in enumerate(THEME_ORDER)}
    out = []
    for theme in sorted(groups, key=lambda t: order.get(t, len(order))):
        rows = groups[theme]
        rows.sort(key=lambda r: 0 if r.has_value else 1 if r.missing is not None else 2)  # stable: catalogue order
        out.append(ThemeGroup(theme, rows))
    return out


def hidden_count(session: Session, bd: Breakdown) -> int:
    """How many rows "vis alle" would add."""
    shown = sum(len(g.rows) for g in key_figures(session, bd, False, with_spark=False))
    return sum(len(g.rows) for g in key_figures(session, bd, True, with_spark=False)) - shown
