"""Export point records (``x``/``y`` in RD New plus fields) as CSV, GeoJSON or GeoPackage.

Shared by the pages' download buttons and ``python -m gis export``. CSV keeps RD x/y and adds
lat/lon, is semicolon-separated UTF-8 with BOM and guarded against formulas; GeoJSON is WGS84
(RFC 7946) unless RD New is asked for; GeoPackage carries its CRS.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from gis.geo.crs import RD, WGS84, rd_to_wgs84
from gis.io.csv_export import to_csv_bytes

FORMATS: dict[str, tuple[str, str]] = {
    # format: (file extension, MIME type)
    "csv": ("csv", "text/csv"),
    "geojson": ("geojson", "application/geo+json"),
    "gpkg": ("gpkg", "application/geopackage+sqlite3"),
}


def _plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(out[col]):
            continue
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return out


def export_points(frame: pd.DataFrame, fmt: str, system: str = "wgs84", layer: str = "records") -> bytes:
    """``frame`` (with ``x``/``y`` in RD New) as file bytes in ``fmt`` (csv|geojson|gpkg)."""
    if fmt not in FORMATS:
        raise ValueError(f"Onbekend exportformaat '{fmt}'; kies uit {', '.join(FORMATS)}.")
    if system not in ("rd", "wgs84"):
        raise ValueError(f"Onbekend coördinatenstelsel '{system}'; kies rd of wgs84.")
    data = frame.reset_index(drop=True)
    if fmt == "csv":
        lon, lat = rd_to_wgs84(data["x"].to_numpy(float), data["y"].to_numpy(float))
        return to_csv_bytes(data.assign(lat=pd.Series(lat).round(6), lon=pd.Series(lon).round(6)))
    attrs = _plain_columns(data.drop(columns=["x", "y"]))
    gdf = gpd.GeoDataFrame(attrs, geometry=gpd.points_from_xy(data["x"], data["y"]), crs=RD)
    if system == "wgs84":
        gdf = gdf.to_crs(WGS84)
    driver = "GeoJSON" if fmt == "geojson" else "GPKG"
    options = {"RFC7946": "YES"} if fmt == "geojson" and system == "wgs84" else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{FORMATS[fmt][0]}"
        pyogrio.write_dataframe(gdf, path, driver=driver, layer=layer, layer_options=options)
        return path.read_bytes()


def mime_type(fmt: str) -> str:
    """The MIME type of an export format."""
    return FORMATS[fmt][1]
