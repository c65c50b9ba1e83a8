"""Load the CBS municipality and province boundaries shipped in ``data/`` (RD New, 2023).

Municipalities get their province by a representative point inside each one (not the centroid,
which can lie in water).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from gis.config import DATA_DIR

MUNICIPALITIES_FILE = DATA_DIR / "cbs_gemeenten_2023_rd.geojson"
PROVINCES_FILE = DATA_DIR / "cbs_provincies_2023_rd.geojson"
REGION_PROVINCES: tuple[str, ...] = ("PV25", "PV23")  # Gelderland, Overijssel


def load_reference(
    municipalities_file: Path = MUNICIPALITIES_FILE, provinces_file: Path = PROVINCES_FILE
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return ``(municipalities, provinces)`` with columns code, name(, province_code), geometry."""
    munis = gpd.read_file(municipalities_file).rename(columns={"statcode": "code", "statnaam": "name"})
    provs = gpd.read_file(provinces_file).rename(columns={"statcode": "code", "statnaam": "name"})
    for frame, path in ((munis, municipalities_file), (provs, provinces_file)):
        if frame.crs is None or frame.crs.to_epsg() != 28992:
            raise ValueError(f"{path.name}: verwacht RD New (EPSG:28992), gevonden {frame.crs}.")
    points = munis[["code"]].copy()
    points = gpd.GeoDataFrame(points, geometry=munis.representative_point(), crs=munis.crs)
    joined = gpd.sjoin(points, provs[["code", "geometry"]], predicate="within", how="left")
    joined = joined[~joined.index.duplicated()]
    munis["province_code"] = joined["code_right"].reindex(munis.index)
    return munis[["code", "name", "province_code", "geometry"]], provs[["code", "name", "geometry"]]
