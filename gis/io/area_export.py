"""Export PPS areas as GeoJSON or GeoPackage, in RD New or WGS84, readable by QGIS.

GeoJSON in RD New carries a ``crs`` member (GDAL writes it), so QGIS places it correctly; GeoJSON
in WGS84 follows RFC 7946. The GeoPackage is version 1.2 with the app's area style (``gis.io.gpkg``).
Fields are readable: activities as words (not the stored JSON), the version with who changed it and
when, the municipalities the area lies in and its hectares. Text is exported as it is (data, not markup).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import geopandas as gpd
import pyogrio

from gis.delineation import decode_activities
from gis.geo.crs import RD, WGS84
from gis.io.gpkg import LayerStyle, gpkg_bytes
from gis.maps.styles import AREA_COLOUR

FORMATS: dict[str, tuple[str, str, str]] = {
    # format: (GDAL driver, file extension, MIME type)
    "geojson": ("GeoJSON", "geojson", "application/geo+json"),
    "gpkg": ("GPKG", "gpkg", "application/geopackage+sqlite3"),
}
SYSTEMS: dict[str, str] = {"rd": RD, "wgs84": WGS84}
COLUMNS = ("id", "name", "process_status", "activities", "hectares", "municipalities", "version", "changed_by",
           "changed_at")  # fmt: skip
AREA_STYLE = LayerStyle("polygon", colour=AREA_COLOUR, label_field="name", name="PPS-gebieden")


def readable_activities(raw: object) -> str:
    """The stored activities (JSON) as text: ``landbouw, natuur; toelichting``."""
    if not isinstance(raw, str) or not raw:
        return ""
    activities = decode_activities(raw)
    kinds = ", ".join(activities.kinds)
    return "; ".join(part for part in (kinds, activities.text) if part)


def with_history(
    areas: gpd.GeoDataFrame, versions: dict[int, dict], municipalities: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """``areas`` with their newest version (``version``, ``changed_by``, ``changed_at``, from ``versions``
    per area id) and the names of the ``municipalities`` (RD New) they overlap, for an export."""
    out = areas.copy()
    for column in ("version", "changed_by", "changed_at"):
        out[column] = [versions.get(int(i), {}).get(column) for i in out["id"]]
    names = []
    for geom in out.geometry:
        hit = municipalities[municipalities.intersects(geom)] if len(municipalities) else municipalities
        overlap = hit[hit.intersection(geom).area > 0.01 * geom.area] if len(hit) else hit
        names.append(", ".join(sorted(overlap["name"].astype(str))) if len(overlap) else "")
    out["municipalities"] = names
    return out


def areas_for_export(store: object, areas: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The store's areas (or ``areas``) with history and municipalities (``with_history``), as the store
    answers the signed-in role (a counts-only role gets no author names)."""
    frame = store.areas() if areas is None else areas  # type: ignore[attr-defined]
    versions: dict[int, dict] = {}
    for area_id in frame["id"]:
        history = store.area_versions(int(area_id))  # type: ignore[attr-defined]
        if len(history):
            newest = history.iloc[0]
            versions[int(area_id)] = {"version": int(newest["version"]), "changed_by": newest["changed_by"],
                                      "changed_at": newest["changed_at"]}  # fmt: skip
    return with_history(frame, versions, store.municipalities())  # type: ignore[attr-defined]


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
    if "activities" in frame.columns:
        frame["activities"] = frame["activities"].map(readable_activities)
    keep = [c for c in COLUMNS if c in frame.columns]
    out = gpd.GeoDataFrame(frame[keep], geometry=frame.geometry, crs=areas.crs).to_crs(SYSTEMS[system])
    if fmt == "gpkg":
        return gpkg_bytes([(layer, out, AREA_STYLE)])
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
