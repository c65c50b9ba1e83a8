"""Export point records (``x``/``y`` in RD New plus fields) as CSV, GeoJSON or GeoPackage.

Shared by the pages' download buttons and ``python -m gis export``. CSV keeps RD x/y and adds
lat/lon, is semicolon-separated UTF-8 with BOM and guarded against formulas; GeoJSON is WGS84
(RFC 7946) unless RD New is asked for; GeoPackage is version 1.2 with dates as DATE and a QGIS style
(dumpings by status, incidents by source organisation, in the app's colours; ``gis.io.gpkg``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from gis.domain.catalog import DUMPING_STATUSES, SOURCE_ORGS, Layer
from gis.geo.crs import RD, WGS84, rd_to_wgs84
from gis.io.csv_export import to_csv_bytes
from gis.io.gpkg import LayerStyle, gpkg_bytes
from gis.maps.dumping_map import STATUS_COLOURS
from gis.maps.styles import LAYER_COLOURS

FORMATS: dict[str, tuple[str, str]] = {
    # format: (file extension, MIME type)
    "csv": ("csv", "text/csv"),
    "geojson": ("geojson", "application/geo+json"),
    "gpkg": ("gpkg", "application/geopackage+sqlite3"),
}


DATE_COLUMNS = ("occurred_on", "vacant_since", "last_inspection")  # dates without a time of day
_SOURCE_COLOURS = ("#1f78b4", "#e31a1c", "#ff7f00", "#33a02c", "#6a3d9a", "#b15928", "#a6cee3")


def layer_style(layer: str) -> LayerStyle:
    """The QGIS style of an exported point layer (``dumpings``/``dumpingen``, ``incidents``, ``barns``)."""
    if layer in ("dumpings", "dumpingen"):
        cats = tuple((s, s, STATUS_COLOURS.get(s, "#b15928")) for s in DUMPING_STATUSES)
        return LayerStyle("point", field="status", categories=cats, name="Drugsafvaldumpingen per status")
    if layer in ("incidents", "incidenten"):
        cats = tuple((o.code, o.name, c) for o, c in zip(SOURCE_ORGS, _SOURCE_COLOURS, strict=False))
        return LayerStyle("point", field="source_org", categories=cats, name="Incidenten per bron")
    return LayerStyle("point", colour=LAYER_COLOURS[Layer.BARNS], label_field="address", name="Leegstaande schuren")


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
    if fmt == "gpkg":
        return gpkg_bytes([(layer, gdf, layer_style(layer))], date_columns=DATE_COLUMNS)
    driver = "GeoJSON"
    options = {"RFC7946": "YES"} if system == "wgs84" else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{FORMATS[fmt][0]}"
        pyogrio.write_dataframe(gdf, path, driver=driver, layer=layer, layer_options=options)
        return path.read_bytes()


def mime_type(fmt: str) -> str:
    """The MIME type of an export format."""
    return FORMATS[fmt][1]
