"""The indicator catalogue: what each indicator means and how it is drawn.

Bundled indicators come from ``data/indicators/catalogue.toml``; imported columns
are added to a :class:`Catalogue` at run time, so the map, breakdown and exports
treat both the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATALOGUE_TOML = DATA_DIR / "indicators" / "catalogue.toml"
#: the seed indicators, SSB table 12005, and the reference attributes (population, centrality)
CATALOGUE_FILES = (CATALOGUE_TOML, DATA_DIR / "indicators" / "catalogue_ssb.toml",
                   DATA_DIR / "indicators" / "catalogue_befolkning.toml")

KINDS = ("ratio", "count", "rate", "category")
CLASSIFICATIONS = ("quantiles", "equal_interval", "natural_breaks", "manual", "categorical")


@dataclass(frozen=True)
class SchemeClass:
    """One class of a categorical scheme (e.g. a recruitment status), with its colour and order."""

    key: str
    label_nb: str
    label_en: str
    order: int
    colour: str = ""
    description_nb: str = ""
    description_en: str = ""
    vg_levels: tuple[int, ...] = ()

    def label(self, lang: str = "nb") -> str:
        return self.label_en if lang == "en" else self.label_nb


@dataclass(frozen=True)
class Scheme:
    """A categorical scheme: its classes in legend order."""

    id: str
    name_nb: str
    name_en: str
    classes: tuple[SchemeClass, ...]

    def keys(self) -> list[str]:
        return [c.key for c in self.classes]

    def get(self, key: str) -> SchemeClass:
        for c in self.classes:
            if c.key == key:
                return c
        raise KeyError(f"{key!r} is not a class of scheme {self.id!r}")


@dataclass(frozen=True)
class Source:
    """Where bundled figures come from: the document, table or SSB release they are cited by."""

    id: str
    title: str
    publisher: str = ""
    date: str = ""
    seed_file: str = ""
    url: str = ""

    def citation(self) -> str:
        parts = [self.publisher, self.title, self.date]
        return ": ".join(p for p in parts[:2] if p) + (f" ({self.date})" if self.date else "")


@dataclass(frozen=True)
class Indicator:
    """What an indicator measures, in which unit, which direction is worse and how it aggregates."""

    id: str
    theme: str
    name_nb: str
    name_en: str
    unit: str
    kind: str
    worse: str = "higher"
    numerator: str = ""
    denominator: str = ""
    scale: float = 1.0
    classification: str = "quantiles"
    classes: int = 5
    palette: str = "YlOrRd"
    scheme: str = ""
    maps: bool = True
    description_nb: str = ""
    description_en: str = ""
    sources: tuple[str, ...] = ()
    #: for imported indicators: the file they came from
    origin: str = ""
    #: SSB StatBank table and ContentsCode the values come from ("" for other sources)
    ssb_table: str = ""
    ssb_code: str = ""
    #: ContentsCodes whose sum is the numerator / denominator (ratio of sums for larger units)
    ssb_numerator: tuple[str, ...] = ()
    ssb_denominator: tuple[str, ...] = ()
    #: whether values of smaller units are summed into larger ones (False: class or index values)
    aggregates: bool = True

    def name(self, lang: str = "nb") -> str:
        return self.name_en if lang == "en" else self.name_nb

    def description(self, lang: str = "nb") -> str:
        return self.description_en if lang == "en" else self.description_nb

    @property
    def is_category(self) -> bool:
        return self.kind == "category"

    @property
    def is_imported(self) -> bool:
        return bool(self.origin)

    def ssb(self) -> dict | None:
        """``{"table", "code"}`` for an SSB indicator (a derived one also names its counts)."""
        if not self.ssb_table:
            return None
        out: dict = {"table": self.ssb_table, "code": self.ssb_code or None}
        if not self.ssb_code:
            out["derived_by"] = "Legekart"
        if self.ssb_numerator:
            out["numerator"] = list(self.ssb_numerator)
            out["denominator"] = list(self.ssb_denominator)
        return out


THEMES = {
    "rekruttering": ("Rekrutteringsstatus", "Recruitment status"),
    "lister": ("Fastlegelister uten fast lege", "GP lists without a permanent GP"),
    "kapasitet": ("Listelengde og kapasitet", "List length and capacity"),
    "psykiatri": ("Psykiatri: ledige og manglende stillinger", "Psychiatry vacancies"),
    "lis1": ("LIS1-stillinger", "LIS1 positions"),
    "bemanning": ("Bemanning og arbeidstid", "Staffing"),
    "befolkning": ("Befolkning og sentralitet", "Population and centrality"),
    "import": ("Egne data (importert)", "Own data (imported)"),
}


def theme_name(theme: str, lang: str = "nb") -> str:
    nb, en = THEMES.get(theme, (theme, theme))
    return en if lang == "en" else nb


@dataclass
class Catalogue:
    """The indicators, schemes and sources a session knows, bundled and imported alike."""

    indicators: dict[str, Indicator]
    schemes: dict[str, Scheme]
    sources: dict[str, Source] = field(default_factory=dict)

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"unknown indicator {indicator_id!r}") from None

    def __contains__(self, indicator_id: str) -> bool:
        return indicator_id in self.indicators

    def __iter__(self):
        return iter(self.indicators.values())

    def scheme_of(self, indicator: Indicator) -> Scheme | None:
        return self.schemes.get(indicator.scheme) if indicator.scheme else None

    def add(self, indicator: Indicator) -> None:
        if indicator.kind not in KINDS:
            raise ValueError(f"unknown kind {indicator.kind!r}")
        self.indicators[indicator.id] = indicator

    def remove(self, indicator_id: str) -> None:
        self.indicators.pop(indicator_id, None)

    def copy(self) -> Catalogue:
        return Catalogue(dict(self.indicators), dict(self.schemes), dict(self.sources))

    def by_theme(self) -> dict[str, list[Indicator]]:
        out: dict[str, list[Indicator]] = {}
        for ind in self.indicators.values():
            out.setdefault(ind.theme, []).append(ind)
        return out


def _scheme(sid: str, raw: dict) -> Scheme:
    classes = tuple(
        SchemeClass(
            key=c["key"],
            label_nb=c.get("label_nb", c["key"]),
            label_en=c.get("label_en", c.get("label_nb", c["key"])),
            order=int(c.get("order", i)),
            colour=c.get("colour", ""),
            description_nb=c.get("description_nb", ""),
            description_en=c.get("description_en", ""),
            vg_levels=tuple(c.get("vg_levels", ())),
        )
        for i, c in enumerate(raw.get("class", []))
    )
    return Scheme(sid, raw.get("name_nb", sid), raw.get("name_en", sid), tuple(sorted(classes, key=lambda c: c.order)))


def parse(raw: dict) -> Catalogue:
    schemes = {sid: _scheme(sid, s) for sid, s in raw.get("scheme", {}).items()}
    sources = {
        sid: Source(
            id=sid,
            title=s.get("title", ""),
            publisher=s.get("publisher", ""),
            date=str(s.get("date", "")),
            seed_file=s.get("seed_file", ""),
            url=s.get("url", ""),
        )
        for sid, s in raw.get("source", {}).items()
    }
    known = {f.name for f in Indicator.__dataclass_fields__.values()}  # type: ignore[attr-defined]
    indicators = {}
    for item in raw.get("indicator", []):
        kw = {k: v for k, v in item.items() if k in known}
        kw["sources"] = tuple(kw.get("sources", ()))
        for name in ("ssb_numerator", "ssb_denominator"):
            kw[name] = tuple(kw.get(name, ()))
        if "scale" in kw:
            kw["scale"] = float(kw["scale"])
        ind = Indicator(**kw)
        if ind.kind not in KINDS:
            raise ValueError(f"{ind.id}: unknown kind {ind.kind!r}")
        if ind.is_category and ind.scheme not in schemes:
            raise ValueError(f"{ind.id}: unknown scheme {ind.scheme!r}")
        indicators[ind.id] = ind
    return Catalogue(indicators, schemes, sources)


def _merged(files) -> dict:
    import tomllib  # only when the cached catalogue is rebuilt (~5 ms of imports otherwise)

    raw: dict = {"source": {}, "scheme": {}, "indicator": []}
    for path in files:
        with open(path, "rb") as f:
            part = tomllib.load(f)
        for table in ("source", "scheme"):
            clash = set(raw[table]) & set(part.get(table, {}))
            if clash:
                raise ValueError(f"{path.name}: {table} {sorted(clash)} defined twice")
            raw[table].update(part.get(table, {}))
        raw["indicator"] += part.get("indicator", [])
    ids = [i["id"] for i in raw["indicator"]]
    if len(ids) != len(set(ids)):
        raise ValueError("an indicator id is defined twice in the catalogue files")
    return raw


@lru_cache(maxsize=1)
def _bundled() -> Catalogue:
    """Parsed once per change of the TOML files or of this module: parsing the three files
    took ~20 ms of every start (tomllib is pure Python)."""
    from geo.disk_cache import cached, key_of

    key = key_of([*CATALOGUE_FILES, Path(__file__)])
    return cached("catalogue", key, lambda: parse(_merged(CATALOGUE_FILES)), kind=Catalogue)


def bundled() -> Catalogue:
    """A fresh copy of the bundled catalogue (callers may add imported indicators)."""
    return _bundled().copy()


__all__ = [
    "Catalogue", "Indicator", "Scheme", "SchemeClass", "Source", "bundled", "parse",
    "theme_name", "THEMES",
]
