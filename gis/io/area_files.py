"""Read area boundaries from GeoJSON, GeoPackage, zipped Shapefile or KML into RD New polygons.

The suffix says the kind and the content must match it; ``gis.io.upload_guard`` checks the content
(no GDAL VRT, no references to other files, safe zips, no XML DOCTYPE) and opens the file with the
GDAL driver of its kind. The coordinate system comes from the file; where a file has none, RD New and
WGS84 are told apart by their coordinate ranges, and swapped lat/lon is detected. Errors are
``AreaFileError`` in Dutch.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pyogrio
import shapely

from gis.geo.crs import RD, WGS84
from gis.io.upload_guard import FileKind, check_file, copy_shapefile_parts, read_vector, refused_as, vector_layers

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (zip)",
            ".kml": "KML"}  # fmt: skip
_KINDS = {".geojson": FileKind.GEOJSON, ".json": FileKind.GEOJSON, ".gpkg": FileKind.GPKG,
          ".zip": FileKind.SHAPEFILE_ZIP, ".kml": FileKind.KML}  # fmt: skip
_HINT = "Upload het gebied als GeoJSON, GeoPackage, zipped Shapefile of KML."


class AreaFileError(ValueError):
    """A file that cannot give an area; ``str(err)`` is Dutch and names the problem."""


def _guess_crs(frame: gpd.GeoDataFrame) -> str:
    x, y = shapely.get_coordinates(frame.geometry.values).T
    if x.size == 0:
        raise AreaFileError("Het bestand bevat geen coördinaten.")
    if (x >= 0).all() and (x <= 300_000).all() and (y >= 300_000).all() and (y <= 625_000).all():
        return RD
    if (x >= 3).all() and (x <= 7.5).all() and (y >= 50.5).all() and (y <= 53.8).all():
        return WGS84
    if (y >= 3).all() and (y <= 7.5).all() and (x >= 50.5).all() and (x <= 53.8).all():
        raise AreaFileError(
            f"De coördinaten lijken lat/lon in plaats van lon/lat te staan (eerste punt {x[0]:.5f}, {y[0]:.5f}). "
            "Draai de volgorde om in het bronbestand (GeoJSON is altijd lengtegraad, breedtegraad)."
        )
    raise AreaFileError(
        f"Onbekend coördinatenstelsel: het eerste punt ({x[0]:.3f}, {y[0]:.3f}) is geen RD New en geen WGS84 "
        "binnen Nederland. Sla het bestand op in EPSG:28992 of EPSG:4326."
    )


_CRS_NAMES = {RD: "RD New (EPSG:28992)", WGS84: "WGS84 (EPSG:4326)"}


def _to_rd(frame: gpd.GeoDataFrame, notes: list[str]) -> gpd.GeoDataFrame:
    # GeoJSON readers declare WGS84 even for files in RD New, so geographic or missing CRSs are
    # decided by the coordinates themselves (which also catches swapped lat/lon).
    if frame.crs is None or frame.crs.is_geographic:
        guessed = _guess_crs(frame)
        if frame.crs is None:
            notes.append(
                "Het bestand noemt geen coördinatenstelsel (bij een Shapefile ontbreekt de .prj); "
                f"uit de coördinaten herkend als {_CRS_NAMES[guessed]}. Controleer de ligging op de kaart."
            )
        elif guessed == RD:
            notes.append("Het bestand noemt WGS84, maar de coördinaten zijn RD New; ze zijn als RD New gelezen.")
        return frame.set_crs(guessed, allow_override=True).to_crs(RD)
    epsg = frame.crs.to_epsg()
    if epsg == 28992:
        return frame
    if epsg == 3857:
        return frame.to_crs(RD)
    raise AreaFileError(
        f"Het coördinatenstelsel van het bestand ({frame.crs.name}, EPSG:{epsg}) wordt niet ondersteund; "
        "gebruik RD New (EPSG:28992) of WGS84 (EPSG:4326)."
    )


def _extract_shapefile(path: Path, workdir: Path) -> Path:
    """The parts of the first Shapefile in a checked zip, copied to fixed names (nothing else is unpacked)."""
    with zipfile.ZipFile(path) as zf:
        by_lower = {n.lower(): n for n in zf.namelist()}
        shp = [n for n in zf.namelist() if n.lower().endswith(".shp")]
        if not shp:
            raise AreaFileError(
                "Het zip-bestand bevat geen .shp-bestand (een Shapefile bestaat uit .shp, .shx, .dbf, .prj)."
            )
        stem = shp[0][:-4]
        for ext in (".shx", ".dbf"):
            if (stem + ext).lower() not in by_lower:
                raise AreaFileError(
                    f"Het zip-bestand mist {PurePosixPath(stem).name}{ext}; de Shapefile is onvolledig."
                )
        return copy_shapefile_parts(zf, stem, workdir, "gebied")


def _checked_copy(name: str, data: bytes, workdir: Path) -> tuple[Path, FileKind]:
    """The upload written to ``workdir`` after every check of its kind (raises ``AreaFileError``)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise AreaFileError(f"Bestandstype '{suffix or name}' wordt niet ondersteund; kies uit {', '.join(SUFFIXES)}.")
    if len(data) > MAX_BYTES:
        raise AreaFileError(f"Het bestand is {len(data) / 1e6:.0f} MB; de grens is {MAX_BYTES / 1e6:.0f} MB.")
    if not data:
        raise AreaFileError("Het bestand is leeg.")
    path = workdir / f"upload{suffix}"
    path.write_bytes(data)
    with refused_as(AreaFileError, _HINT):
        check_file(path, _KINDS[suffix], name, max_unzipped=MAX_UNZIPPED)
    return path, _KINDS[suffix]


def read_area_file(name: str, data: bytes, layer: str | None = None) -> gpd.GeoDataFrame:
    """Polygons from an uploaded file, in RD New, with a ``name`` column where the file has one.

    What the reader assumed or skipped is in ``frame.attrs["notes"]`` (Dutch), to show the user.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path, kind = _checked_copy(name, data, Path(tmp))
        if kind is FileKind.SHAPEFILE_ZIP:
            path = _extract_shapefile(path, Path(tmp))
        try:
            with refused_as(AreaFileError, _HINT):
                frame = read_vector(path, kind, name, layer=layer)
        except AreaFileError:
            raise
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
            detail = str(exc).replace(str(path), name).replace(tmp, "")
            label = SUFFIXES[Path(name).suffix.lower()]
            raise AreaFileError(f"Het bestand kan niet worden gelezen als {label}: {detail}") from exc
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    polys = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polys.empty:
        kinds = ", ".join(sorted(set(frame.geometry.geom_type))) or "niets"
        raise AreaFileError(f"Het bestand bevat geen vlakken (gevonden: {kinds}).")
    notes: list[str] = []
    if len(polys) < len(frame):
        other = ", ".join(sorted(set(frame.geometry.geom_type) - {"Polygon", "MultiPolygon"}))
        notes.append(f"{len(frame) - len(polys)} object(en) die geen vlak zijn ({other}) zijn overgeslagen.")
    polys = _to_rd(polys.copy(), notes)
    polys["geometry"] = polys.geometry.apply(lambda g: shapely.force_2d(g))
    candidates = [c for c in polys.columns if c.lower() in ("name", "naam", "statnaam", "gebied")]
    label = next((c for c in candidates if polys[c].notna().any()), None)
    polys["name"] = polys[label].astype(str) if label else [f"Vlak {i + 1}" for i in range(len(polys))]
    out = polys[["name", "geometry"]].reset_index(drop=True)
    out.attrs["notes"] = notes
    return out


def layers_of(name: str, data: bytes) -> list[str]:
    """The layer names in a GeoPackage (to let the user choose), after the same checks as ``read_area_file``."""
    with tempfile.TemporaryDirectory() as tmp:
        path, kind = _checked_copy(name, data, Path(tmp))
        if kind is FileKind.SHAPEFILE_ZIP:
            return []
        try:
            with refused_as(AreaFileError, _HINT):
                return vector_layers(path, kind, name)
        except AreaFileError:
            raise
        except (pyogrio.errors.DataSourceError, ValueError) as exc:
            raise AreaFileError(f"Het bestand kan niet worden gelezen: {str(exc).replace(tmp, '')}") from exc
