"""Build each demo layer's records from sampled positions (see ``generator``)."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.demo.generator import (
    DEFAULT_SEED,
    SOURCE_WEIGHTS,
    STREETS,
    DemoData,
    _dates,
    _mixture,
    make_hotspots,
    rural_mask,
    town_cores,
)
from gis.demo.places import DEMO_AREAS
from gis.domain.catalog import (
    BARN_STATUSES,
    PLACE_TYPES,
    SOURCE_BY_CODE,
    SUBSTANCES,
    WASTE_TYPES,
)
from gis.geo.crs import RD


def demo_areas(municipalities: gpd.GeoDataFrame, seed: int = DEFAULT_SEED) -> gpd.GeoDataFrame:
    """The demo PPS areas: union of their municipalities minus the town cores."""
    cores = town_cores(seed).union_all()
    rows = []
    for name, munis, activities, status in DEMO_AREAS:
        sel = municipalities[municipalities["name"].isin(munis)]
        if len(sel) != len(munis):
            missing = sorted(set(munis) - set(sel["name"]))
            raise ValueError(f"Demogebied {name}: gemeenten niet gevonden: {', '.join(missing)}")
        geom = shapely.make_valid(shapely.difference(sel.union_all(), cores))
        rows.append({"name": name, "activities": activities, "process_status": status, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=RD)


def _incidents(rng: np.random.Generator, mask, spots, n: int) -> pd.DataFrame:
    pts, starts = _mixture(rng, mask, spots, n, share=0.55)
    codes = list(SOURCE_WEIGHTS)
    p = np.array(list(SOURCE_WEIGHTS.values()))
    src = rng.choice(len(codes), size=n, p=p / p.sum())
    cat_pick = rng.random(n)
    source = np.array(codes, dtype=object)[src]
    category = np.empty(n, dtype=object)
    for i, code in enumerate(codes):
        cats = np.array(SOURCE_BY_CODE[code].categories, dtype=object)
        sel = src == i
        category[sel] = cats[(cat_pick[sel] * len(cats)).astype(int)]
    days = _dates(rng, starts)
    conf = np.where(np.isin(source, ["politie", "riec"]), "vertrouwelijk", "intern")
    serial = np.arange(1, n + 1)
    years = days.astype("datetime64[Y]").astype(int) + 1970
    prefix = np.char.upper(np.array([c[:3] for c in source], dtype=str))
    ref = np.char.add(np.char.add(np.char.add(prefix, "-"), years.astype(str)), "-")
    ref = np.char.add(ref, np.char.zfill(serial.astype(str), 7))
    return pd.DataFrame({
        "x": pts[:, 0].round(1), "y": pts[:, 1].round(1),
        "precision_m": rng.choice([10.0, 25.0, 100.0, 250.0], size=n, p=[0.5, 0.3, 0.15, 0.05]),
        "source_org": source, "category": category, "occurred_on": days.astype("datetime64[s]"),
        "reference": ref.astype(object), "confidentiality": conf,
    })  # fmt: skip


def _barns(rng: np.random.Generator, mask, spots, n: int) -> pd.DataFrame:
    pts, _ = _mixture(rng, mask, spots, n, share=0.4)
    since = np.datetime64("2014-01-01") + rng.integers(0, 12 * 365, n).astype("timedelta64[D]")
    inspected = since + rng.integers(30, 700, n).astype("timedelta64[D]")
    inspected = np.minimum(inspected, np.datetime64("2026-10-31"))
    street = rng.choice(STREETS, n)
    return pd.DataFrame({
        "x": pts[:, 0].round(1), "y": pts[:, 1].round(1), "precision_m": 5.0,
        "address": [f"{s} {k} (demo)" for s, k in zip(street, rng.integers(1, 80, n), strict=True)],
        "bag_id": [f"9999100000{v:06d}" for v in rng.integers(0, 999_999, n)],
        "floor_area_m2": rng.integers(15, 250, n) * 10.0,
        "vacant_since": since.astype("datetime64[s]"),
        "owner_contact": [f"Eigenaar {i} (demo)" for i in range(1, n + 1)],
        "owner_consent": rng.random(n) < 0.7,
        "status": rng.choice(BARN_STATUSES, n, p=[0.45, 0.35, 0.15, 0.05]),
        "last_inspection": inspected.astype("datetime64[s]"),
        "risk_notes": rng.choice(["", "afgelegen, geen zicht vanaf weg", "recent verhuurd aan onbekende",
                                  "stroomverbruik opvallend", "ramen afgeplakt"], n),
        "source_org": "gemeente",
    })  # fmt: skip


def _dumpings(rng: np.random.Generator, mask, spots, n: int) -> pd.DataFrame:
    pts, starts = _mixture(rng, mask, spots, n, share=0.6)
    days = _dates(rng, starts)
    found = days.astype("datetime64[m]") + rng.integers(6 * 60, 20 * 60, n).astype("timedelta64[m]")
    age = (np.datetime64("2026-10-31") - days).astype(int)
    status = np.where(
        age > 240, "gesloten", np.where(age > 90, "geruimd", np.where(age > 20, "in onderzoek", "gemeld"))
    )
    cleaned = np.isin(status, ["geruimd", "gesloten"])
    count = rng.integers(1, 60, n)
    return pd.DataFrame({
        "x": pts[:, 0].round(1), "y": pts[:, 1].round(1),
        "precision_m": rng.choice([5.0, 10.0, 50.0], n),
        "found_at": found.astype("datetime64[s]"),
        "place_type": rng.choice(PLACE_TYPES, n, p=[0.25, 0.25, 0.15, 0.2, 0.1, 0.05]),
        "waste_type": rng.choice(WASTE_TYPES, n, p=[0.4, 0.25, 0.1, 0.1, 0.1, 0.05]),
        "container_count": count, "volume_l": count * rng.choice([20.0, 25.0, 200.0], n),
        "substances": rng.choice([*list(SUBSTANCES), "onbekend"], n),
        "into_soil_water": rng.random(n) < 0.2,
        "reporter_org": rng.choice(["omgevingsdienst", "politie", "natuur", "gemeente", "waterschap"], n),
        "reporter_name": [f"Melder {i} (demo)" for i in range(1, n + 1)],
        "status": status,
        "cleanup_cost": np.where(cleaned, rng.integers(8, 400, n) * 100.0, np.nan),
        "notes": rng.choice(["", "geur van anijs", "vaten lekken", "sporen van bandafdrukken",
                             "gevonden door boer bij maaien"], n),
    })  # fmt: skip


def generate(
    municipalities: gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    seed: int = DEFAULT_SEED,
    n_incidents: int = 5000,
    n_barns: int = 300,
    n_dumpings: int = 500,
) -> DemoData:
    """All demo layers for Gelderland + Overijssel; the same seed gives the same data."""
    region = provinces[provinces["code"].isin(["PV25", "PV23"])].union_all()
    mask = rural_mask(region, seed)
    rng = np.random.default_rng(seed)
    spots = make_hotspots(rng, mask)
    return DemoData(
        areas=demo_areas(municipalities, seed),
        barns=_barns(np.random.default_rng([seed, 2]), mask, spots, n_barns),
        dumpings=_dumpings(np.random.default_rng([seed, 3]), mask, spots, n_dumpings),
        incidents=_incidents(np.random.default_rng([seed, 4]), mask, spots, n_incidents),
        hotspots=spots,
    )


__all__ = ["DemoData", "date", "demo_areas", "generate"]
