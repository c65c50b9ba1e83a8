"""Counts per municipality or PPS area of the region, with their area and rate per 1,000 ha: store in, frames out.

Every count comes from the store's ``counts_by`` (through the guard for a signed-in role, so counts-only roles
get released counts with ``SUPPRESSED`` for hidden ones); the area comes from the geometries. No Streamlit here.
"""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED
from gis.io.reference import REGION_PROVINCES
from gis.store import Filters, Store

By = Literal["municipality", "area"]
HECTARE_M2 = 10_000.0
RATE_PER_HA = 1_000.0  # rates are per 1,000 ha


def region_units(store: Store, by: By) -> gpd.GeoDataFrame:
    """The units counted: municipalities of the region's provinces (``REGION_PROVINCES``) or the saved PPS
    areas, as ``key, name, area_ha, geometry`` (RD New)."""
    if by == "municipality":
        units = store.municipalities(list(REGION_PROVINCES))
        key = units["code"].astype(str)
    elif by == "area":
        units = store.areas()
        key = units["id"].astype(int).astype(str)
    else:
        raise ValueError(f"Onbekende indeling {by!r}; kies municipality of area.")
    out = gpd.GeoDataFrame(
        {"key": key.to_numpy(), "name": units["name"].astype(str).to_numpy()},
        geometry=units.geometry.to_numpy(),
        crs=units.crs,
    )
    out["area_ha"] = out.geometry.area / HECTARE_M2
    return out[["key", "name", "area_ha", "geometry"]]


def _layer_counts(store: Store, layer: Layer, f: Filters, by: By) -> pd.Series:
    part = store.counts_by(layer, f, by)
    key = part["code" if by == "municipality" else "id"]
    key = key.astype(str) if by == "municipality" else key.astype(int).astype(str)
    return pd.Series(part["n"].to_numpy(dtype=np.int64), index=key.to_numpy())


def region_counts(store: Store, f: Filters, by: By, layers: tuple[Layer, ...] = tuple(Layer)) -> gpd.GeoDataFrame:
    """Every unit of the region with one count column per layer (``SUPPRESSED`` where the store hides it).

    Units the store does not list count 0; points outside the region's municipalities (near the border) are
    not listed, so the table and the map show the region only.
    """
    out = region_units(store, by)
    for layer in layers:
        counts = _layer_counts(store, Layer(layer), f, by)
        out[Layer(layer).value] = out["key"].map(counts).fillna(0).astype(np.int64)
    return out


def rate_per_1000_ha(counts: pd.Series, area_ha: pd.Series) -> pd.Series:
    """Count per 1,000 ha; NaN where the count is hidden (``SUPPRESSED``) or the area is empty: a rate is never
    computed from a hidden value."""
    n = counts.astype("float64").where(counts != SUPPRESSED)
    area = area_ha.astype("float64").where(area_ha > 0)
    return n / area * RATE_PER_HA


def with_rates(frame: pd.DataFrame, layers: tuple[Layer, ...]) -> pd.DataFrame:
    """``frame`` (from ``region_counts``) with a ``<layer>_rate`` column per layer."""
    out = frame.copy()
    for layer in layers:
        out[f"{Layer(layer).value}_rate"] = rate_per_1000_ha(out[Layer(layer).value], out["area_ha"])
    return out


def rate_breaks(rates: np.ndarray, classes: int = 5) -> list[float]:
    """Upper bounds (one decimal, strictly increasing) of up to ``classes`` quantile classes of the positive,
    known rates; zero and hidden rates get classes of their own."""
    values = np.asarray(rates, dtype="float64")
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return []
    qs = np.quantile(values, np.linspace(0, 1, classes + 1)[1:])
    out: list[float] = []
    for q in np.ceil(qs * 10) / 10:
        if not out or q > out[-1]:
            out.append(float(q))
    return out


def rate_class(rate: float, breaks: list[float]) -> int | None:
    """``None`` for a hidden rate (NaN), 0 for zero, else 1 + the index of the class it falls in."""
    if not np.isfinite(rate):
        return None
    if rate <= 0:
        return 0
    return 1 + min(int(np.searchsorted(np.asarray(breaks), rate, side="left")), len(breaks) - 1)


def fmt_number(value: float, lang: str = "nl", decimals: int = 0) -> str:
    """A number with thousands separators and ``decimals`` decimals: ``16.865,1`` in Dutch, ``16,865.1`` in
    English."""
    text = f"{float(value):,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
