"""The area profile of the safety analysis (step B1): an area's figures beside its municipality, the rest of
the region and the other areas, as counts, rates per 1,000 ha and the rate ratio against the rest of the region.

Every count comes from the store's aggregate calls (``counts_by``, ``dumping_counts``), so a counts-only role
gets the released counts of the one disclosure-control module (``gis.privacy``) through the guard, with
``SUPPRESSED`` where a count is hidden; a rate or ratio is only computed from counts that were shown.
No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import shapely

from gis.analysis.stats import RateRatio, rate_ratio
from gis.counts import HECTARE_M2, RATE_PER_HA, fmt_number
from gis.domain.catalog import DUMPING_STATUSES, SOURCE_ORGS, WASTE_TYPES, Layer, label
from gis.domain.roles import SUPPRESSED, Access, layer_access
from gis.io.reference import REGION_PROVINCES
from gis.store import DumpingQuery, Filters, Store

LAYER_NOUN = {Layer.INCIDENTS: ("incidenten", "incidents"), Layer.DUMPINGS: ("dumpingen", "dumpings"),
              Layer.BARNS: ("leegstaande schuren", "vacant barns")}  # fmt: skip
LAYER_NOUN_ONE = {Layer.INCIDENTS: ("incident", "incident"), Layer.DUMPINGS: ("dumping", "dumping"),
                  Layer.BARNS: ("leegstaande schuur", "vacant barn")}  # fmt: skip


@dataclass(frozen=True)
class ProfileLine:
    """One line of the profile: a layer, optionally one value of a breakdown (source, category, waste, status)."""

    layer: Layer
    breakdown: str  # "totaal", "bron", "soort afval", "status"
    value: str | None
    area: int  # SUPPRESSED when hidden for the role
    municipality: int
    region: int | None  # None when a hidden count makes the region's total unknown
    other_areas_mean: float | None  # per 1,000 ha, over the other saved areas with a shown count
    ratio: RateRatio | None  # area against the rest of the region (None when a count is hidden)
    area_ha: float
    municipality_ha: float
    region_ha: float
    lower_bound: bool = False  # a counts-only role: the area's count is the sum of its shown 1 km cells

    def rate(self, which: str) -> float | None:
        """Count per 1,000 ha of ``area``, ``municipality`` or ``rest`` (the region without the area)."""
        n, ha = {"area": (self.area, self.area_ha), "municipality": (self.municipality, self.municipality_ha),
                 "rest": (self._rest(), self.region_ha - self.area_ha)}[which]  # fmt: skip
        if n is None or n == SUPPRESSED or ha <= 0:
            return None
        return n / ha * RATE_PER_HA

    def _rest(self) -> int | None:
        if self.region is None or self.area == SUPPRESSED:
            return None
        return max(self.region - self.area, 0)


@dataclass
class AreaProfile:
    """The profile of one area for one period."""

    area_id: int
    area_name: str
    municipality_code: str
    municipality_name: str
    date_from: date | None
    date_to: date | None
    lines: list[ProfileLine] = field(default_factory=list)
    denominators: dict[str, int] = field(default_factory=dict)  # farms, residents: as the partnership entered them

    def table(self, lang: str = "nl") -> pd.DataFrame:
        """The lines as a table; numeric columns stay numeric (hidden counts are NaN with ``verborgen`` True)."""
        rows = []
        for ln in self.lines:
            hidden = ln.area == SUPPRESSED or ln.municipality == SUPPRESSED
            rr = ln.ratio
            rows.append({
                "laag": LAYER_NOUN[ln.layer][0 if lang == "nl" else 1],
                "indeling": ln.breakdown,
                "waarde": label(ln.value, lang) if ln.value else "",
                "gebied": np.nan if ln.area == SUPPRESSED else ln.area,
                "gemeente": np.nan if ln.municipality == SUPPRESSED else ln.municipality,
                "regio": np.nan if ln.region is None else ln.region,
                "gebied_per_1000_ha": _num(ln.rate("area")),
                "gemeente_per_1000_ha": _num(ln.rate("municipality")),
                "rest_regio_per_1000_ha": _num(ln.rate("rest")),
                "andere_gebieden_per_1000_ha": _num(ln.other_areas_mean),
                "verhouding": _num(rr.ratio if rr else None),
                "verhouding_95_laag": _num(rr.low if rr else None),
                "verhouding_95_hoog": _num(rr.high if rr else None),
                **{f"gebied_per_1000_{_DENOMINATOR_NAMES[k]}": _per_thousand(ln, v)
                   for k, v in self.denominators.items() if k in _DENOMINATOR_NAMES},
                "verborgen": hidden,
                "ondergrens": ln.lower_bound,
            })  # fmt: skip
        return pd.DataFrame(rows)


_DENOMINATOR_NAMES = {"farms": "bedrijven", "residents": "inwoners"}


def _per_thousand(line: ProfileLine, denominator: int) -> float:
    """The area's count per 1,000 farms or residents (NaN when hidden or a lower bound)."""
    if line.area == SUPPRESSED or line.lower_bound or denominator <= 0:
        return np.nan
    return line.area / denominator * 1000


def _num(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _incident_categories(store: Store) -> list[str]:
    """The incident categories of every source organisation's code list (each once, in list order)."""
    codes = store.code_values("category")
    return list(dict.fromkeys(str(c) for c in codes["code"])) if len(codes) else []


def _counts_only(store: Store, layer: Layer) -> bool:
    """Whether ``store`` is guarded for a role that sees ``layer`` as released counts only."""
    principal = getattr(store, "principal", None)
    return principal is not None and layer_access(principal, layer) is Access.AGGREGATE


def _area_row(store: Store, area_id: int) -> tuple[str, shapely.Geometry]:
    areas = store.areas()
    row = areas[areas["id"] == int(area_id)]
    if row.empty:
        raise ValueError(f"Gebied {area_id} bestaat niet (meer).")
    return str(row["name"].iloc[0]), row.geometry.iloc[0]


def main_municipality(store: Store, geom: shapely.Geometry) -> tuple[str, str, float]:
    """The region municipality that covers most of ``geom``: ``(code, name, hectares)``."""
    munis = store.municipalities(list(REGION_PROVINCES))
    overlap = munis.geometry.intersection(geom).area
    if overlap.empty or float(overlap.max()) <= 0:
        raise ValueError("Het gebied ligt buiten de gemeenten van de regio.")
    best = munis.loc[overlap.idxmax()]
    return str(best["code"]), str(best["name"]), float(best.geometry.area / HECTARE_M2)


def region_hectares(store: Store) -> float:
    """The area of the region's municipalities in hectares."""
    return float(store.municipalities(list(REGION_PROVINCES)).geometry.area.sum() / HECTARE_M2)


def _line(
    layer: Layer, breakdown: str, value: str | None, munis: pd.DataFrame, areas: pd.DataFrame, area_id: int,
    muni_code: str, ha: tuple[float, float, float], area_ha_by_id: dict[int, float], region_codes: set[str],
    lower_bound: bool = False, region_total: int | None = None,
) -> ProfileLine:  # fmt: skip
    area_ha, muni_ha, region_ha = ha
    by_area = dict(zip(areas["id"].astype(int), areas["n"].astype(np.int64), strict=True))
    by_muni = dict(zip(munis["code"].astype(str), munis["n"].astype(np.int64), strict=True))
    area_n = int(by_area.get(int(area_id), 0))
    muni_n = int(by_muni.get(muni_code, 0))
    if region_total is not None:  # one released count of the whole selection
        region = None if region_total == SUPPRESSED else int(region_total)
    else:  # the sum of the region's municipalities, unknown when one of them is hidden
        shown = [int(v) for c, v in by_muni.items() if c in region_codes]
        region = None if SUPPRESSED in shown else int(sum(shown))
    others = [by_area[a] / area_ha_by_id[a] * RATE_PER_HA for a in by_area
              if a != int(area_id) and by_area[a] != SUPPRESSED and area_ha_by_id.get(a, 0) > 0]  # fmt: skip
    ratio = None
    if region is not None and area_n != SUPPRESSED and not lower_bound:
        ratio = rate_ratio(area_n, area_ha, max(region - area_n, 0), max(region_ha - area_ha, 0.0))
    return ProfileLine(layer, breakdown, value, area_n, muni_n, region, float(np.mean(others)) if others else None,
                       ratio, area_ha, muni_ha, region_ha, lower_bound)  # fmt: skip


def area_profile(store: Store, area_id: int, date_from: date | None = None, date_to: date | None = None) -> AreaProfile:
    """The profile of area ``area_id`` for the period (all data when open): per layer a total line, incidents
    per source, dumpings per waste type and per status. ``store`` is the signed-in role's guarded store."""
    name, geom = _area_row(store, area_id)
    code, muni_name, muni_ha = main_municipality(store, geom)
    all_areas = store.areas()
    area_ha_by_id = dict(zip(all_areas["id"].astype(int), all_areas.geometry.area / HECTARE_M2, strict=True))
    region_munis = store.municipalities(list(REGION_PROVINCES))
    region = set(region_munis["code"].astype(str))
    ha = (float(geom.area / HECTARE_M2), muni_ha, float(region_munis.geometry.area.sum() / HECTARE_M2))
    profile = AreaProfile(int(area_id), name, code, muni_name, date_from, date_to)
    profile.denominators = dict(store.area_denominators(area_id)) if hasattr(store, "area_denominators") else {}

    def add(layer: Layer, breakdown: str, value: str | None, f: Filters, statuses: tuple[str, ...] | None = None):
        total = None
        if statuses is not None:
            q = DumpingQuery(statuses=statuses, date_from=f.date_from, date_to=f.date_to,
                             waste_types=f.categories)  # fmt: skip
            munis, areas = store.dumping_counts("municipality", q), store.dumping_counts("area", q)
        else:
            munis, areas = store.counts_by(layer, f, "municipality"), store.counts_by(layer, f, "area")
            total = int(store.layer_count(layer, f))
        profile.lines.append(_line(layer, breakdown, value, munis, areas, area_id, code, ha, area_ha_by_id, region,
                                   _counts_only(store, layer), total))  # fmt: skip

    base = Filters(date_from=date_from, date_to=date_to)
    for layer in (Layer.INCIDENTS, Layer.DUMPINGS, Layer.BARNS):
        add(layer, "totaal", None, base if layer is not Layer.BARNS else Filters())
    for src in SOURCE_ORGS:
        add(Layer.INCIDENTS, "bron", src.code, Filters(date_from=date_from, date_to=date_to, sources=(src.code,)))
    for category in _incident_categories(store):
        add(Layer.INCIDENTS, "categorie", category,
            Filters(date_from=date_from, date_to=date_to, categories=(category,)))  # fmt: skip
    for waste in WASTE_TYPES:
        add(Layer.DUMPINGS, "soort afval", waste, Filters(date_from=date_from, date_to=date_to, categories=(waste,)))
    for status in DUMPING_STATUSES:
        add(Layer.DUMPINGS, "status", status, base, statuses=(status,))
    return profile


_SAY: dict[str, dict[str, str]] = {
    "few": {"nl": "{when} zijn in {area} minder dan 5 {noun} bekend; een vergelijking met de regio kan daarmee niet.",
            "en": "{when} fewer than 5 {noun} are known in {area}; too few to compare with the region."},
    "lower": {"nl": "{when} werden in {area} minstens {n} {noun} geteld (de som van de getoonde vakken van 1 km: uw "
                    "rol ziet alleen geaggregeerde aantallen, dus geen vergelijking met de regio).",
              "en": "{when} at least {n} {noun} were counted in {area} (the sum of the 1 km cells shown: your role "
                    "sees aggregates only, so no comparison with the region)."},
    "cells": {"nl": "{when}: uw rol ziet {noun} alleen als vakken van 1 km met minstens 5; in {area} valt zo'n vak "
                    "niet, dus een aantal voor het gebied is er niet (in de gemeente {municipality}: {muni}).",
              "en": "{when}: your role sees {noun} only as 1 km cells with at least 5; none lies in {area}, so there "
                    "is no count for the area (in the municipality of {municipality}: {muni})."},
    "head": {"nl": "{when} {verb} in {area} {n} {noun} geteld", "en": "{when} {n} {noun} {verb_en} counted in {area}"},
    "hidden": {"nl": "; vergelijken met de regio kan niet (een aantal is verborgen).",
               "en": "; no comparison with the region (a count is hidden)."},
    "more": {"nl": ", {x} keer het gemiddelde van de rest van de regio per hectare ({ci}).",
             "en": ", {x} times the rest of the region's rate per hectare ({ci})."},
    "same": {"nl": "; per hectare is dat niet aantoonbaar anders dan in de rest van de regio (verhouding {x}, {ci}).",
             "en": "; per hectare that is not shown to differ from the rest of the region (ratio {x}, {ci})."},
}  # fmt: skip


def summary(profile: AreaProfile, layer: Layer = Layer.DUMPINGS, lang: str = "nl") -> str:
    """One generated sentence on ``layer``'s total in the area against the region, said as the data carry it."""
    say = {k: v["en" if lang == "en" else "nl"] for k, v in _SAY.items()}
    line = next((ln for ln in profile.lines if ln.layer is layer and ln.breakdown == "totaal"), None)
    # barns have no event date: they are counted as registered now, whatever the period
    when = ("Nu" if lang == "nl" else "Now") if layer is Layer.BARNS else _period_text(profile, lang)
    words = {"when": when, "area": profile.area_name, "noun": LAYER_NOUN[layer][0 if lang == "nl" else 1]}
    if line is not None and line.lower_bound and line.area in (SUPPRESSED, 0):
        muni = "<5" if line.municipality == SUPPRESSED else fmt_number(line.municipality, lang)
        return say["cells"].format(**words, municipality=profile.municipality_name, muni=muni)
    if line is None or line.area == SUPPRESSED:
        return say["few"].format(**words)
    words["n"] = fmt_number(line.area, lang)
    if line.area == 1:
        words["noun"] = LAYER_NOUN_ONE[layer][0 if lang == "nl" else 1]
    if line.lower_bound:
        return say["lower"].format(**words)
    head = say["head"].format(**words, verb="werd" if line.area == 1 else "werden",
                              verb_en="was" if line.area == 1 else "were")  # fmt: skip
    rr = line.ratio
    if rr is None or rr.ratio is None or rr.low is None or rr.high is None:
        return head + say["hidden"]
    ci = f"95%: {_x(rr.low, lang)}–{_x(rr.high, lang)}"
    return head + say["more" if rr.significant else "same"].format(x=_x(rr.ratio, lang), ci=ci)


def _x(value: float, lang: str) -> str:
    if value == float("inf"):
        return "∞"
    return fmt_number(value, lang, 1)


def _period_text(profile: AreaProfile, lang: str) -> str:
    a, b = profile.date_from, profile.date_to
    if a and b and a.month == 1 and a.day == 1 and b.month == 12 and b.day == 31 and a.year == b.year:
        return f"In {a.year}"
    if a and b:
        fmt = "%d-%m-%Y"
        return (f"Van {a.strftime(fmt)} tot en met {b.strftime(fmt)}" if lang == "nl"
                else f"From {a.strftime(fmt)} to {b.strftime(fmt)}")  # fmt: skip
    return "In alle beschikbare gegevens" if lang == "nl" else "In all available data"


__all__ = ["AreaProfile", "ProfileLine", "area_profile", "main_municipality", "region_hectares", "summary"]
