"""What an aggregate-only role gets for each aggregate call of the store: sums of released base units
(``gis.privacy.units``) over fixed geography and whole months, with totals below ``MIN_SHOWN`` hidden.

``gis.store.guard`` sends every aggregate call of such a role here (``answer``), and hotspot computations
read ``pseudo_points`` instead of records; raw-data roles keep exact counts from the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gis.domain.catalog import Layer
from gis.privacy.rules import BASE_CELL_M, MIN_SHOWN, SUPPRESSED, allowed_cell, coarse_filters
from gis.privacy.units import centres, inside, released_units, select
from gis.store.dumpings import DumpingQuery
from gis.store.filters import BBox, Filters

__all__ = ["AGGREGATE_CALLS", "answer", "hide_small", "pseudo_points", "shown"]


def shown(n: int) -> int:
    """A released total as shown: ``SUPPRESSED`` below ``MIN_SHOWN``."""
    return int(n) if n >= MIN_SHOWN else SUPPRESSED


def hide_small(frame: pd.DataFrame, column: str = "n") -> pd.DataFrame:
    """``frame`` with counts below ``MIN_SHOWN`` in ``column`` set to ``SUPPRESSED``."""
    out = frame.copy()
    out[column] = out[column].where(out[column] >= MIN_SHOWN, SUPPRESSED).astype(np.int64)
    return out


def _area_geom(store: Any, area_id: int | None) -> shapely.Geometry | None:
    if area_id is None:
        return None
    areas = store.areas()
    row = areas[areas["id"] == int(area_id)]
    return None if row.empty else row.geometry.iloc[0]


def _selected(store: Any, layer: Layer, f: Filters, bbox: BBox | None = None, cell_m: float = BASE_CELL_M,
              statuses: tuple[str, ...] | None = None) -> pd.DataFrame:  # fmt: skip
    units = released_units(store, layer)
    return select(units, layer, f, bbox, cell_m, _area_geom(store, f.area_id), statuses)


def layer_count(store: Any, layer: Layer, f: Filters, bbox: BBox | None = None) -> int:
    """Released records in the selection (a box is widened to whole 1 km cells)."""
    return shown(int(_selected(store, Layer(layer), f, bbox)["v"].sum()))


def grid_counts(store: Any, layer: Layer, f: Filters, cell_m: float, bbox: BBox | None = None) -> pd.DataFrame:
    """Released counts per allowed cell (``x0, y0, n``); cells below ``MIN_SHOWN`` are left out."""
    cell = allowed_cell(cell_m)
    units = _selected(store, Layer(layer), f, bbox, cell)
    x, y = centres(units)
    frame = pd.DataFrame({"x0": np.floor(x / cell) * cell, "y0": np.floor(y / cell) * cell, "n": units["v"]})
    cells = frame.groupby(["x0", "y0"], as_index=False)["n"].sum()
    return cells[cells["n"] >= MIN_SHOWN].reset_index(drop=True).astype({"n": np.int64})


def count_within(store: Any, layer: Layer, geom: shapely.Geometry) -> int:
    """Released records in the 1 km cells whose centre lies inside ``geom`` (a drawn or uploaded shape)."""
    units = released_units(store, Layer(layer))
    return shown(int(units.loc[inside(units, geom), "v"].sum()))


def _by(store: Any, layer: Layer, units: pd.DataFrame, by: str) -> pd.DataFrame:
    if by == "municipality":
        sums = units.groupby("municipality_code", observed=True, dropna=False)["v"].sum()
        names = store.municipalities().set_index("code")["name"]
        frame = pd.DataFrame({"code": sums.index.astype(object), "n": sums.to_numpy()})
        frame.insert(1, "name", frame["code"].map(names).fillna("(buiten gemeentegrenzen)"))
        return frame.sort_values(["n", "name"], ascending=[False, True])
    if by == "area":
        rows = [(int(a.id), str(a.name), int(units.loc[inside(units, a.geometry), "v"].sum()))
                for a in store.areas().itertuples()]  # fmt: skip
        frame = pd.DataFrame(rows, columns=["id", "name", "n"])
        return frame[frame["n"] > 0].sort_values(["n", "name"], ascending=[False, True])
    if by == "month":
        if Layer(layer) is Layer.BARNS:
            raise ValueError(f"De laag {Layer(layer).value} heeft geen datum; tellen per maand kan niet.")
        sums = units.groupby("month")["v"].sum()
        return pd.DataFrame({"month": sums.index.date, "n": sums.to_numpy()})
    raise ValueError(f"Onbekende indeling: {by}")


def counts_by(store: Any, layer: Layer, f: Filters, by: str = "municipality") -> pd.DataFrame:
    """Released counts per municipality, PPS area (by cell centre) or month; small ones ``SUPPRESSED``."""
    frame = _by(store, Layer(layer), _selected(store, Layer(layer), f), by).rename(columns={"v": "n"})
    return hide_small(frame[frame["n"] > 0].reset_index(drop=True))


def dumping_counts(store: Any, by: str, q: DumpingQuery | None = None) -> pd.DataFrame:
    """Released dumping sites per month, municipality or area for a register selection."""
    q = q or DumpingQuery()
    f = Filters(q.date_from, q.date_to, None, q.area_id, None, q.waste_types)
    units = _selected(store, Layer.DUMPINGS, f, statuses=q.statuses)
    if q.municipalities is not None:
        units = units[units["municipality_code"].isin(list(q.municipalities))]
    frame = _by(store, Layer.DUMPINGS, units, by)
    return hide_small(frame[frame["n"] > 0].reset_index(drop=True))


def pseudo_points(
    store: Any, layer: Layer, f: Filters, extra: Sequence[str] = (), bbox: BBox | None = None
) -> dict[str, np.ndarray]:
    """What a computation on points (hotspots) gets instead of records: per released unit, ``v`` points at
    its 1 km cell's centre, dated the first of its month."""
    units = _selected(store, Layer(layer), coarse_filters(f), bbox)
    reps = units["v"].to_numpy(dtype=np.int64)
    x, y = centres(units)
    out: dict[str, np.ndarray] = {"x": np.repeat(x, reps), "y": np.repeat(y, reps)}
    for e in extra:
        if e == "date":
            out[e] = np.repeat(units["month"].to_numpy(dtype="datetime64[D]"), reps)
        elif e in ("source", "category"):
            out[e] = np.repeat(units[e].astype(object).to_numpy(), reps)
        else:
            raise ValueError(f"Onbekend veld {e!r}; kies uit: date, source, category.")
    return out


AGGREGATE_CALLS = {
    "layer_count": layer_count,
    "grid_counts": grid_counts,
    "count_within": count_within,
    "counts_by": counts_by,
    "dumping_counts": dumping_counts,
}


def answer(store: Any, name: str, args: tuple, kwargs: dict) -> Any:
    """The released answer to the aggregate store call ``name(*args, **kwargs)`` of an aggregate-only role."""
    return AGGREGATE_CALLS[name](store, *args, **kwargs)
