"""KML as Google Earth, Google My Maps and QField write it, read without GDAL's KML driver.

GDAL's plain KML driver drops ``<TimeStamp>``/``<TimeSpan>`` (where Google Earth and My Maps keep a
placemark's date), ``<ExtendedData>`` fields and the tables in ``<description>``, and answers a broken
file in English. This reader keeps all of them as columns:

- ``name``, ``description`` (as plain text), ``map`` (the folder path, ``Map A / Sub``);
- ``datum`` from ``TimeStamp/when`` or ``TimeSpan/begin``, ``datum_einde`` from ``TimeSpan/end``, as written
  (ISO 8601, with the time of day and zone where given);
- each ``ExtendedData`` ``Data``/``SimpleData`` by its name (``displayName`` when there is no name);
- ``key: value`` rows of a description table (``<tr><td>key</td><td>value</td></tr>``, as Google Earth
  exports attributes) or of ``key: value`` lines (My Maps), when the placemark has no field of that name.

Geometry: Point, LineString, LinearRing, Polygon (with holes), MultiGeometry, in WGS84 (KML always is).
The upload guard has already refused DOCTYPE/ENTITY declarations before this parser sees the file.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

MAX_PLACEMARKS = 500_000


class KmlError(ValueError):
    """A KML file that cannot be read, with a Dutch reason (without the file name)."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _coords(el: ET.Element | None) -> list[tuple[float, float]]:
    if el is None:
        return []
    out = []
    for token in _text(el).split():
        parts = token.split(",")
        try:
            out.append((float(parts[0]), float(parts[1])))
        except (ValueError, IndexError):
            raise KmlError(f"ongeldige coördinaten '{token[:60]}' (verwacht: lengte,breedte[,hoogte])") from None
    return out


def _ring(boundary: ET.Element | None) -> list[tuple[float, float]]:
    ring = _child(boundary, "LinearRing") if boundary is not None else None
    return _coords(_child(ring, "coordinates")) if ring is not None else []


def _geometry(el: ET.Element) -> BaseGeometry | None:
    kind = _local(el.tag)
    if kind == "Point":
        pts = _coords(_child(el, "coordinates"))
        return shapely.Point(pts[0]) if pts else None
    if kind in ("LineString", "LinearRing"):
        pts = _coords(_child(el, "coordinates"))
        return shapely.LineString(pts) if len(pts) >= 2 else None
    if kind == "Polygon":
        shell = _ring(_child(el, "outerBoundaryIs"))
        holes = [_ring(b) for b in el if _local(b.tag) == "innerBoundaryIs"]
        return shapely.Polygon(shell, [h for h in holes if len(h) >= 4]) if len(shell) >= 4 else None
    if kind == "MultiGeometry":
        parts = [g for g in (_geometry(c) for c in el) if g is not None]
        if not parts:
            return None
        types = {p.geom_type for p in parts}
        if types == {"Point"}:
            return shapely.MultiPoint(parts)
        if types == {"Polygon"}:
            return shapely.MultiPolygon(parts)
        if types == {"LineString"}:
            return shapely.MultiLineString(parts)
        return shapely.GeometryCollection(parts)
    return None


class _Table(HTMLParser):
    """The cells of a description: rows of a table, or lines of text (``<br>`` ends a line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = [[]]
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
            self.text.append("\n")
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self.text.append(" ")
        elif tag in ("br", "p", "div"):
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.rows[-1]:
            self.rows[-1][-1] += data


def _description_fields(raw: str) -> tuple[str, dict[str, str]]:
    """The description as plain text, and the ``key: value`` pairs it holds."""
    parser = _Table()
    parser.feed(raw)
    parser.close()
    text = re.sub(r"[ \t]+", " ", "".join(parser.text)).strip()
    fields: dict[str, str] = {}
    for row in parser.rows:
        cells = [c.strip() for c in row]
        if len(cells) == 2 and cells[0]:
            fields.setdefault(cells[0].rstrip(":"), cells[1])
    if not fields:
        for line in text.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() and len(key) <= 60 and not key.strip().startswith("http"):
                fields.setdefault(key.strip(), value.strip())
    return text, fields


def _extended(el: ET.Element | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    if el is None:
        return fields
    for node in el.iter():
        kind = _local(node.tag)
        if kind == "Data":
            name = node.get("name") or _text(_child(node, "displayName"))
            if name:
                fields[name] = _text(_child(node, "value"))
        elif kind == "SimpleData" and node.get("name"):
            fields[str(node.get("name"))] = (node.text or "").strip()
    return fields


def _when(pm: ET.Element) -> tuple[str, str]:
    stamp, span = _child(pm, "TimeStamp"), _child(pm, "TimeSpan")
    if stamp is not None:
        return _text(_child(stamp, "when")), ""
    if span is not None:
        return _text(_child(span, "begin")), _text(_child(span, "end"))
    return "", ""


def _placemark(pm: ET.Element, folder: str) -> dict[str, object]:
    row: dict[str, object] = {"name": _text(_child(pm, "name")) or None, "map": folder or None}
    text, from_description = _description_fields(_text(_child(pm, "description")))
    row["description"] = text or None
    begin, end = _when(pm)
    if begin:
        row["datum"] = begin
    if end:
        row["datum_einde"] = end
    for key, value in _extended(_child(pm, "ExtendedData")).items():
        row.setdefault(key, value)
    for key, value in from_description.items():
        row.setdefault(key, value)
    geoms = [g for g in (_geometry(c) for c in pm) if g is not None]
    row["geometry"] = geoms[0] if len(geoms) == 1 else (shapely.GeometryCollection(geoms) if geoms else None)
    return row


def _walk(el: ET.Element, path: list[str], rows: list[dict[str, object]]) -> None:
    for child in el:
        kind = _local(child.tag)
        if kind == "Placemark":
            rows.append(_placemark(child, " / ".join(path)))
            if len(rows) > MAX_PLACEMARKS:
                raise KmlError(f"meer dan {MAX_PLACEMARKS:,} plaatsmarkeringen".replace(",", "."))
        elif kind in ("Folder", "Document"):
            name = _text(_child(child, "name"))
            _walk(child, [*path, name] if kind == "Folder" and name else path, rows)


def read_kml(path: Path) -> gpd.GeoDataFrame:
    """Every placemark of a KML file, in every folder (raises ``KmlError`` with a Dutch reason)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        raise KmlError(
            f"de KML is onvolledig of beschadigd (de XML klopt niet bij regel {line}, kolom {column})"
        ) from None
    if _local(root.tag) != "kml":
        raise KmlError(f"het is geen KML (het begint met <{html.escape(_local(root.tag))}>, niet met <kml>)")
    rows: list[dict[str, object]] = []
    _walk(root, [], rows)
    if not rows:
        raise KmlError("de KML bevat geen plaatsmarkeringen (Placemark)")
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    frame = frame.drop(columns=[c for c in ("map", "description") if c in frame and frame[c].isna().all()])
    return frame
