"""The hotspots of one PPS area for the safety analysis (0-/1-meting, report): the Hotspots page's Gi* analysis
restricted to the area for a period, and the static area map with its hotspot cells.

The analysis runs as the Hotspots page runs it: through the guarded store's ``aggregate_source`` (the cells are
aggregates; the records never reach the caller), and for a role that sees a layer only as released counts on
the coarse settings of ``gis.privacy.hotspots`` (allowed cells, a fixed period, the released pseudo points).
No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd

from gis.domain.catalog import Layer
from gis.domain.roles import Access, layer_access
from gis.hotspots.analysis import HotspotQuery, run_hotspots
from gis.hotspots.gistar import HotspotError
from gis.hotspots.grid import GridError
from gis.hotspots.messages import in_lang
from gis.io.reference import REGION_PROVINCES
from gis.privacy.hotspots import coarse_hotspot_query
from gis.reports.charts import area_map_png
from gis.reports.document import fmt_date_nl
from gis.store import Store
from gis.store.guard import GuardedStore

__all__ = ["HOTSPOT_LAYERS", "AreaHotspots", "area_hotspots", "area_map"]

HOTSPOT_LAYERS: tuple[Layer, ...] = (Layer.INCIDENTS, Layer.DUMPINGS)
_NOUN = {Layer.INCIDENTS: "incidenten", Layer.DUMPINGS: "dumpingen"}


@dataclass(frozen=True)
class AreaHotspots:
    """The outcome for one area: the significant cells (Gi* ``class`` column, RD New) or ``None`` with the
    reason in ``note``; what went in (layers, period, cell size) and whether it was the coarse computation."""

    cells: gpd.GeoDataFrame | None
    layers: tuple[str, ...]
    aggregate_only: bool
    cell_m: float | None
    date_from: date | None
    date_to: date | None
    hot_cells: int
    note: str

    def info(self) -> dict[str, object]:
        """JSON-able description (for a frozen measurement)."""
        return {"layers": list(self.layers), "aggregate_only": self.aggregate_only, "cell_m": self.cell_m,
                "from": _iso(self.date_from), "to": _iso(self.date_to), "hot_cells": self.hot_cells,
                "note": self.note}  # fmt: skip


def _iso(day: date | None) -> str | None:
    return None if day is None else pd.Timestamp(day).date().isoformat()


def area_hotspots(store: Store, area_id: int, period: tuple[date | None, date | None]) -> AreaHotspots:
    """Gi* hotspots of incidents and dumpings (the layers the role sees) in area ``area_id`` for ``period``."""
    principal = getattr(store, "principal", None)
    layers = tuple(
        lay for lay in HOTSPOT_LAYERS if principal is None or layer_access(principal, lay) >= Access.AGGREGATE
    )
    names = tuple(lay.value for lay in layers)
    if not layers:
        return AreaHotspots(None, names, True, None, *period, 0, "Uw rol ziet geen lagen voor een hotspotkaart.")
    aggregate_only = principal is not None and any(layer_access(principal, lay) < Access.RAW for lay in layers)
    source = store.aggregate_source(*layers) if isinstance(store, GuardedStore) else store
    q = HotspotQuery(layers=names, date_from=period[0], date_to=period[1], area_id=int(area_id))
    if aggregate_only:
        q = coarse_hotspot_query(q, source.date_span())
    try:
        result = run_hotspots(source, q)
    except (HotspotError, GridError) as exc:
        return AreaHotspots(None, names, aggregate_only, q.cell_m, q.date_from, q.date_to, 0,
                            "Geen hotspotkaart: " + in_lang(exc, "nl"))  # fmt: skip
    cells = result.frame(significant_only=True)
    hot = int(result.hot().sum())
    what = " en ".join(_NOUN[lay] for lay in layers)
    size = f"{round(result.cells.cell_m):,}".replace(",", ".")
    note = (f"Hotspots (Getis-Ord Gi*, correctie {q.correction.upper()}) van {what} op cellen van {size} m: "
            f"{hot} hotspotcellen (95% of meer).")  # fmt: skip
    if aggregate_only:
        note += " Berekend op vrijgegeven aantallen (grove cellen, vaste periode)."
    return AreaHotspots(cells, names, aggregate_only, float(result.cells.cell_m), result.query.date_from,
                        result.query.date_to, hot, note)  # fmt: skip


def area_map(store: Store, area_id: int, hotspots: AreaHotspots | None, title: str) -> bytes:
    """The static map of the area (municipalities named, the area outlined) with its hotspot cells, as PNG."""
    areas = store.areas()
    row = areas[areas["id"] == int(area_id)]
    if row.empty:
        raise ValueError(f"Gebied {area_id} bestaat niet (meer).")
    munis = store.municipalities(list(REGION_PROVINCES))
    subtitle = ""
    if hotspots is not None and hotspots.date_from and hotspots.date_to:
        subtitle = f"Hotspots {fmt_date_nl(hotspots.date_from)} – {fmt_date_nl(hotspots.date_to)}"
    cells = hotspots.cells if hotspots is not None else None
    return area_map_png(row.geometry.iloc[0], munis, None, cells, title, subtitle=subtitle,
                        mark="DEMO" if store.is_demo() else "")  # fmt: skip
