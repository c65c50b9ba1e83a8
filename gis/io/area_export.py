"""Export PPS areas as GeoJSON or GeoPackage, in RD New or WGS84, readable by QGIS.

GeoJSON in RD New carries a ``crs`` member (GDAL writes it), so QGIS places it correctly; GeoJSON
in WGS84 follows RFC 7946. Text fields are exported as they are (they are data, not markup).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import geopandas as gpd
import pyogrio

from gis.geo.crs import RD, WGS84

FORMATS: dict[str, tuple[str, str, str]] = {
    # format: (GDAL driver, file extension, MIME type)
    "geojson": ("GeoJSON", "geojson", "application/geo+json"),
    "gpkg": ("GPKG", "gpkg", "application/geopackage+sqlite3"),
}
SYSTEMS: dict[str, str] = {"rd": RD, "wgs84": WGS84}
COLUMNS = ("id", "name", "process_status", "activities", "hectares", "version")


def slug(name: str) -> str:
    """A safe file name part: letters, digits and dashes only."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return text[:60] or "gebied"


def export_areas(areas: gpd.GeoDataFrame, fmt: str, system: str, layer: str = "pps_gebieden") -> bytes:
    """The areas (RD New frame) as file bytes in ``fmt`` (geojson|gpkg) and ``system`` (rd|wgs84)."""
    if fmt not in FORMATS:
        raise ValueError(f"Onbekend exportformaat '{fmt}'; kies uit {', '.join(FORMATS)}.")
    if system not in SYSTEMS:
        raise ValueError(f"Onbekend coördinatenstelsel '{system}'; kies uit {', '.join(SYSTEMS)}.")
    frame = areas.copy()
    frame["hectares"] = (frame.geometry.area / 10_000).round(2)
    keep = [c for c in COLUMNS if c in frame.columns]
    out = gpd.GeoDataFrame(frame[keep], geometry=frame.geometry, crs=areas.crs).to_crs(SYSTEMS[system])
    driver, ext, _ = FORMATS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{ext}"
        options = {"RFC7946": "YES"} if fmt == "geojson" and system == "wgs84" else {}
        pyogrio.write_dataframe(out, path, driver=driver, layer=layer, layer_options=options or None)
        return path.read_bytes()


def export_filename(name: str, fmt: str, system: str) -> str:
    """``<slug>_<system>.<ext>``, e.g. ``kiek-uut-salland_rd.gpkg``."""
    return f"{slug(name)}_{system}.{FORMATS[fmt][1]}"


def mime_type(fmt: str) -> str:
    """The MIME type of an export format."""
    return FORMATS[fmt][2]
