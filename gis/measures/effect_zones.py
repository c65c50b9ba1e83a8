"""The zones and periods of a measure's effect analysis (``gis.measures.effect``): the treated zone from the
measure's place, comparable zones without a measure, and their counts before and after, through the store.

* Treated zone: a point measure's 250 m buffer, a road segment's 100 m buffer, a zone itself.
* Comparison zones: copies of the treated zone shifted over a lattice (1.5 × its width apart) within the
  municipalities the area lies in, not touching the treated zone (plus half a step) or another placed
  measure of the area; of those, the ``n_comparison`` whose count before the measure is nearest to the
  treated zone's (on a log scale), ties by distance.
* Periods: after = from the start to the last data day (at most ``max_days``), before = as long, just before.
* Counts: ``grid_counts`` with the period's dates. A raw-data role gets exact counts (10 m cells, a cell
  counted in a zone by its centre). A counts-only role gets released counts only: 1 km cells of whole
  calendar years, cells under 5 not shown; its zones are 1 km cells (the treated zone: the cells whose
  centre lies in the buffer, else the cell holding it), and a zone with a cell not shown is hidden, never 0.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gis.domain.catalog import Layer
from gis.domain.roles import PermissionDenied
from gis.io.reference import REGION_PROVINCES
from gis.measures.effect import EffectResult, did, not_measured
from gis.store import Filters
from gis.store.filters import BBox
from gis.store.guard_rules import counts_only

__all__ = ["BUFFER_M", "RAW_CELL_M", "RELEASED_CELL_M", "treated_zone", "zone_counts"]

BUFFER_M = {"punt": 250.0, "weg": 100.0, "zone": 0.0}
RAW_CELL_M = 10.0
RELEASED_CELL_M = 1000.0
NOUNS = {Layer.DUMPINGS: ("dumpingen", "dumpings"), Layer.INCIDENTS: ("incidenten", "incidents"),
         Layer.BARNS: ("schuren", "barns")}  # fmt: skip


def treated_zone(geom: shapely.Geometry, place_kind: str | None) -> shapely.Geometry:
    """The zone of a placed measure: a point's 250 m buffer, a road's 100 m buffer, a polygon itself."""
    kind = place_kind or ("punt" if geom.geom_type.endswith("Point") else
                          "weg" if "Line" in geom.geom_type else "zone")  # fmt: skip
    return geom.buffer(BUFFER_M.get(kind, 0.0)) if BUFFER_M.get(kind, 0.0) > 0 else geom


def _value(row: Any, key: str) -> Any:
    v = row.get(key) if hasattr(row, "get") else getattr(row, key, None)
    return None if v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v)) else v


def _periods(start: date, last: date, max_days: int) -> tuple[date, date, date, date]:
    end = min(last, start + timedelta(days=max_days - 1))
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1), start, end


def _year_periods(start: date, last: date, max_years: int = 2) -> tuple[date, date, date, date] | None:
    """Whole calendar years from the start (its own year only when it starts on 1 January; the last data year
    only when the data reach December), and as many just before the start's year: the fixed periods a
    counts-only role may count."""
    first_after = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    final = last.year if last >= date(last.year, 12, 1) else last.year - 1
    years = min(final - first_after + 1, max_years)
    if years < 1:
        return None
    return (date(start.year - years, 1, 1), date(start.year - 1, 12, 31), date(first_after, 1, 1),
            date(first_after + years - 1, 12, 31))  # fmt: skip


def _region(store: Any, area_id: int) -> tuple[shapely.Geometry, list[str]]:
    areas = store.areas()
    area = areas[areas["id"] == int(area_id)].geometry.iloc[0]
    hit = store.municipalities(list(REGION_PROVINCES))
    hit = hit[hit.geometry.intersects(area)]
    if hit.empty:  # an area outside the region's provinces: its own municipalities
        hit = store.municipalities()
        hit = hit[hit.geometry.intersects(area)]
    return shapely.union_all(list(hit.geometry)), [str(n) for n in hit["name"]]


def _others(store: Any, area_id: int, measure_id: Any) -> shapely.Geometry:
    """The other placed measures of the area (their zones), which comparison zones must not touch."""
    try:
        rows = store.area_measures(int(area_id))
    except (AttributeError, NotImplementedError, PermissionDenied):
        return shapely.Polygon()
    zones = [treated_zone(r.geometry, _value(r._asdict(), "place_kind")) for r in rows.itertuples()
             if r.geometry is not None and not r.geometry.is_empty and r.id != measure_id]  # fmt: skip
    return shapely.union_all(zones) if zones else shapely.Polygon()


MIN_STEP_M = 250.0  # comparison zones are copies of the zone at least this far apart
MAX_CANDIDATES = 4_000  # at most this many copies are tried (the step widens until they fit)


def _candidates(zone: shapely.Geometry, region: shapely.Geometry, avoid: shapely.Geometry) -> list[shapely.Geometry]:
    if region.is_empty:
        return []
    minx, miny, maxx, maxy = zone.bounds
    rx0, ry0, rx1, ry1 = region.bounds
    # copies at least MIN_STEP_M apart, and no more than MAX_CANDIDATES of them: a tiny drawn zone must not make
    # the analysis try millions of copies (the comparison only needs the n_comparison most similar ones)
    step = max(1.5 * max(maxx - minx, maxy - miny, 1.0), MIN_STEP_M)
    while ((rx1 - rx0) / step + 2) * ((ry1 - ry0) / step + 2) > MAX_CANDIDATES:
        step *= 1.5
    keep_out = shapely.union_all([zone.buffer(step / 2), avoid])
    out = []
    for dx in np.arange(math.floor((rx0 - minx) / step) * step, rx1 - minx + step, step):
        for dy in np.arange(math.floor((ry0 - miny) / step) * step, ry1 - miny + step, step):
            moved = shapely.affinity.translate(zone, float(dx), float(dy))
            if region.contains(moved) and not moved.intersects(keep_out):
                out.append(moved)
    return out


def _cells(store: Any, layer: Layer, period: tuple[date, date], cell: float, box: BBox) -> pd.DataFrame:
    f = Filters(date_from=period[0], date_to=period[1])
    return store.grid_counts(layer, f, cell, box)


def _in_zones(cells: pd.DataFrame, zones: list[shapely.Geometry], cell: float) -> np.ndarray:
    x = cells["x0"].to_numpy(float) + cell / 2
    y = cells["y0"].to_numpy(float) + cell / 2
    n = cells["n"].to_numpy(float)
    return np.array([float(n[shapely.contains_xy(z, x, y)].sum()) for z in zones])


def _raw_table(store: Any, layer: Layer, zone: shapely.Geometry, region: shapely.Geometry,
               avoid: shapely.Geometry, periods: tuple[date, ...], n_comparison: int) -> pd.DataFrame:  # fmt: skip
    zones = [zone, *_candidates(zone, region, avoid)]
    box = BBox(*shapely.union_all(zones).bounds)
    before = _in_zones(_cells(store, layer, periods[:2], RAW_CELL_M, box), zones, RAW_CELL_M)
    after = _in_zones(_cells(store, layer, periods[2:], RAW_CELL_M, box), zones, RAW_CELL_M)
    centre = zone.centroid
    order = sorted(range(1, len(zones)), key=lambda i: (abs(math.log1p(before[i]) - math.log1p(before[0])),
                                                        zones[i].centroid.distance(centre)))  # fmt: skip
    chosen = [0, *order[:n_comparison]]
    return _table(chosen, before, after, periods)


def _table(chosen: list[int], before: np.ndarray, after: np.ndarray, periods: tuple[date, ...]) -> pd.DataFrame:
    days_before = (periods[1] - periods[0]).days + 1
    days_after = (periods[3] - periods[2]).days + 1
    rows = []
    for rank, i in enumerate(chosen):
        name = "maatregel" if rank == 0 else f"vergelijking {rank}"
        rows.append((name, rank == 0, False, before[i], float(days_before)))
        rows.append((name, rank == 0, True, after[i], float(days_after)))
    return pd.DataFrame(rows, columns=["zone", "treated", "after", "n", "exposure"])


def _released_year_cells(store: Any, layer: Layer, first: date, last: date, box: BBox) -> dict[tuple, float]:
    """Released 1 km cell counts summed over the whole years from ``first`` to ``last``; a cell not shown in
    one of the years is left out (its sum is unknown)."""
    total: dict[tuple, float] = {}
    seen: list[set[tuple]] = []
    for year in range(first.year, last.year + 1):
        cells = _cells(store, layer, (date(year, 1, 1), date(year, 12, 31)), RELEASED_CELL_M, box)
        keys = list(zip(cells["x0"].astype(float), cells["y0"].astype(float), strict=True))
        seen.append(set(keys))
        for k, n in zip(keys, cells["n"].astype(float), strict=True):
            total[k] = total.get(k, 0.0) + n
    common = set.intersection(*seen) if seen else set()
    return {k: v for k, v in total.items() if k in common}


def _released_table(store: Any, layer: Layer, zone: shapely.Geometry, region: shapely.Geometry,
                    avoid: shapely.Geometry, periods: tuple[date, ...], n_comparison: int) -> pd.DataFrame:  # fmt: skip
    c = RELEASED_CELL_M
    box = BBox(*region.bounds)
    before = _released_year_cells(store, layer, periods[0], periods[1], box)
    after = _released_year_cells(store, layer, periods[2], periods[3], box)
    x0, y0, x1, y1 = (math.floor(v / c) * c for v in zone.bounds)
    mine = [(x, y) for x in np.arange(x0, x1 + c, c) for y in np.arange(y0, y1 + c, c)
            if zone.contains(shapely.Point(x + c / 2, y + c / 2))]  # fmt: skip
    if not mine:
        p = zone.representative_point()
        mine = [(math.floor(p.x / c) * c, math.floor(p.y / c) * c)]
    mine = [(float(x), float(y)) for x, y in mine]
    treated_b = sum(before[k] for k in mine) if all(k in before for k in mine) else math.nan
    treated_a = sum(after[k] for k in mine) if all(k in after for k in mine) else math.nan
    keep_out = shapely.union_all([zone.buffer(c / 2), avoid])
    keys = [k for k in before if k in after and k not in mine]
    xs, ys = np.array([k[0] for k in keys]) + c / 2, np.array([k[1] for k in keys]) + c / 2
    ok = shapely.contains_xy(region, xs, ys) & ~shapely.contains_xy(keep_out, xs, ys) if keys else []
    others = [k for k, good in zip(keys, ok, strict=True) if good]
    base = 0.0 if math.isnan(treated_b) else treated_b
    others.sort(key=lambda k: (abs(math.log1p(before[k]) - math.log1p(base)), k))
    picked = others[:n_comparison]
    b = np.array([treated_b, *(before[k] for k in picked)])
    a = np.array([treated_a, *(after[k] for k in picked)])
    return _table(list(range(len(b))), b, a, periods)


def _design(
    n: int, names: list[str], noun: tuple[str, str], released: bool, periods: tuple[date, ...]
) -> tuple[str, str]:
    where = ", ".join(names)
    fmt = "%d-%m-%Y"
    p_nl = (f"vóór {periods[0].strftime(fmt)} t/m {periods[1].strftime(fmt)}, na {periods[2].strftime(fmt)} t/m "
            f"{periods[3].strftime(fmt)}")  # fmt: skip
    p_en = f"before {periods[0]} to {periods[1]}, after {periods[2]} to {periods[3]}"
    if released:
        return (f"Vergelijking: {n} vakken van 1 km elders in {where} met minstens 5 {noun[0]} per jaar, gekozen op "
                f"een aantal vóór de maatregel dat het dichtst bij dat van de zone ligt; vrijgegeven aantallen per "
                f"kalenderjaar ({p_nl}).",
                f"Comparison: {n} 1 km cells elsewhere in {where} with at least 5 {noun[1]} a year, chosen by a count "
                f"before the measure nearest to the zone's; released counts per calendar year ({p_en}).")  # fmt: skip
    return (f"Vergelijking: {n} zones van dezelfde vorm en grootte elders in {where}, zonder andere maatregel, "
            f"gekozen op een aantal {noun[0]} vóór de maatregel dat het dichtst bij dat van de zone ligt ({p_nl}).",
            f"Comparison: {n} zones of the same shape and size elsewhere in {where}, without another measure, chosen "
            f"by a count of {noun[1]} before the measure nearest to the zone's ({p_en}).")  # fmt: skip


def _start_of(row: Any, start: date | None) -> date | None:
    chosen = start or _value(row, "start_on") or _value(row, "end_on")
    return None if chosen is None else pd.Timestamp(chosen).date()


def _title(row: Any) -> str:
    return str(_value(row, "title") or _value(row, "name") or _value(row, "code") or "")


def zone_counts(
    store: Any, area_id: int, measure_row: Any, layer: Any, start: date | None = None, max_days: int = 730,
    n_comparison: int = 20, permutations: int = 200,
) -> EffectResult:  # fmt: skip
    """Count ``layer`` in the measure's zone and its comparison zones before and after ``start`` (else the
    measure's start, else its end) and run ``did``; a plain "too few" result when it cannot be measured."""
    lay, title = Layer(layer), _title(measure_row)
    noun = NOUNS[lay]
    geom = _value(measure_row, "geometry")
    if geom is None or geom.is_empty:
        return not_measured(f"Maatregel '{title}' staat niet op de kaart; plaats hem als punt, wegvak of zone.",
                            f"Measure '{title}' is not on the map; place it as a point, road or zone.")  # fmt: skip
    day = _start_of(measure_row, start)
    if day is None:
        return not_measured(f"Maatregel '{title}' heeft geen begin- of einddatum; vul die in het plan in.",
                            f"Measure '{title}' has no start or end date; fill it in in the plan.")  # fmt: skip
    last = store.date_span()[1]
    last_day = None if last is None else pd.Timestamp(last).date()
    released = getattr(store, "principal", None) is not None and counts_only(store.principal, lay)
    periods = None
    if last_day is not None and last_day >= day:
        periods = _year_periods(day, last_day) if released else _periods(day, last_day, max_days)
    if periods is None:
        nl_when = day.strftime("%d-%m-%Y")
        extra_nl = " (uw rol ziet alleen aantallen per heel kalenderjaar)" if released else ""
        extra_en = " (your role sees counts per whole calendar year only)" if released else ""
        return not_measured(f"Er zijn nog geen gegevens van na de maatregel '{title}' (vanaf {nl_when}){extra_nl}; "
                            "een effect is nog niet te meten.",
                            f"There are no data yet from after measure '{title}' (from {day}){extra_en}; an effect "
                            "cannot be measured yet.")  # fmt: skip
    zone = treated_zone(geom, _value(measure_row, "place_kind"))
    region, names = _region(store, area_id)
    avoid = _others(store, area_id, _value(measure_row, "id"))
    build = _released_table if released else _raw_table
    table = build(store, lay, zone, region, avoid, periods, n_comparison)
    result = did(table, noun, permutations)
    n = int(table.loc[~table["treated"], "zone"].nunique())
    nl, en = _design(n, names, noun, released, periods)
    return EffectResult(result.ratio, result.low, result.high, result.p, result.placebo_p, result.mde,
                        result.too_few, result.message_nl, result.message_en, table, result.model, nl, en,
                        periods)  # fmt: skip
