"""Read any partner file (CSV, Excel, GeoJSON, GeoPackage, zipped Shapefile, KML) into one ``Table``.

The real type comes from the content and must match the name's suffix; sizes, zip archives and the
content of GIS files are checked by ``gis.io.upload_guard`` before anything is read, and GIS files are
opened with the GDAL driver of their kind. CSV is also available in chunks (``read_csv_chunks``).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pyogrio
import shapely

from gis.importing.coords import CRS_LABELS, detect_crs
from gis.importing.csvfile import CsvFormat, detect_csv_format, read_csv_chunks
from gis.importing.errors import ImportFileError
from gis.importing.sniff import (
    HEAD_BYTES,
    MAX_BYTES,
    MAX_RATIO,
    MAX_UNZIPPED,
    FileKind,
    check_size,
    sniff,
)
from gis.io.upload_guard import check_file, copy_shapefile_parts, read_vector, refused_as, vector_layers

__all__ = [
    "MAX_BYTES", "CsvFormat", "FileKind", "ImportFileError", "Table", "detect_csv_format", "read_csv_chunks",
    "read_table", "sniff", "to_points",
]  # fmt: skip

_TYPE_NAMES: dict[str, tuple[str, str]] = {
    "Point": ("punt", "punten"),
    "MultiPoint": ("multipunt", "multipunten"),
    "LineString": ("lijn", "lijnen"),
    "MultiLineString": ("multilijn", "multilijnen"),
    "LinearRing": ("ring", "ringen"),
    "Polygon": ("vlak", "vlakken"),
    "MultiPolygon": ("multivlak", "multivlakken"),
    "GeometryCollection": ("verzameling", "verzamelingen"),
}
# Names of shapely.GeometryType ids 0..7 (missing, -1, is masked separately).
_TYPE_BY_ID = np.array(
    ["Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon",
     "GeometryCollection"], dtype=object
)  # fmt: skip
_KML_HOUSEKEEPING = ("id", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility",
                     "drawOrder", "icon")  # fmt: skip
_SUFFIXES: dict[FileKind, str] = {
    FileKind.CSV: ".csv", FileKind.XLSX: ".xlsx", FileKind.GEOJSON: ".geojson", FileKind.GPKG: ".gpkg",
    FileKind.SHAPEFILE_ZIP: ".zip", FileKind.KML: ".kml",
}  # fmt: skip
_SHP_PARTS: dict[str, str] = {".shx": "de index", ".dbf": "de attributen"}


@dataclass
class Table:
    """One partner file as a table.

    ``frame`` holds the attribute columns (CSV: strings; other formats: native values, empty = NaN); its
    row ``i`` is spreadsheet row ``i + 2`` of the file. ``geometry`` is an object array of shapely points
    (``None`` where a row has none), aligned with ``frame``, or ``None`` for CSV and Excel. ``crs`` is the
    EPSG code the file declares (``"EPSG:28992"`` or ``"EPSG:4326"``; other systems are converted to
    WGS84), or ``None``. ``layers`` lists the layers of a GeoPackage/KML, the sheets of a workbook or the
    Shapefiles in a zip. ``notes`` says in Dutch what the reader assumed or changed.
    """

    frame: pd.DataFrame
    geometry: np.ndarray | None
    crs: str | None
    kind: FileKind
    layers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _count(n: int, kind: str) -> str:
    single, plural = _TYPE_NAMES.get(kind, (kind, kind))
    return f"{n} {single if n == 1 else plural}"


def to_points(geometry: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Every geometry as a 2D point; Dutch notes on mixed types and on what was reduced.

    Polygons become a point inside the polygon (``representative_point``), lines a point on the line,
    multipoints one of their points. Missing and empty geometries become ``None``.
    """
    geoms = np.asarray(geometry, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    names = pd.Series(_TYPE_BY_ID[np.maximum(shapely.get_type_id(geoms), 0)])
    counts = names[~missing].value_counts()
    counts = counts.reindex([t for t in _TYPE_BY_ID if t in counts.index])
    notes: list[str] = []
    if len(counts) > 1:
        notes.append("Geometrietypen in het bestand: " + ", ".join(_count(int(n), k) for k, n in counts.items()) + ".")
    if missing.any():
        notes.append(f"{int(missing.sum())} object(en) zonder geometrie.")
    polygons = int(counts.get("Polygon", 0) + counts.get("MultiPolygon", 0))
    lines = int(counts.get("LineString", 0) + counts.get("MultiLineString", 0) + counts.get("LinearRing", 0))
    if polygons:
        verb = "vlak is" if polygons == 1 else "vlakken zijn"
        notes.append(f"{polygons} {verb} teruggebracht tot een punt binnen het vlak.")
    if lines:
        verb = "lijn is" if lines == 1 else "lijnen zijn"
        notes.append(f"{lines} {verb} teruggebracht tot een punt op de lijn.")
    other = int(counts.get("MultiPoint", 0) + counts.get("GeometryCollection", 0))
    if other:
        notes.append(f"{other} multipunt(en) of verzameling(en) teruggebracht tot één punt.")
    points = np.full(geoms.shape, None, dtype=object)
    present = ~missing
    points[present] = shapely.force_2d(shapely.point_on_surface(geoms[present]))
    return points, notes


def _read_excel(path: Path, display: str, sheet: str | int | None) -> tuple[pd.DataFrame, list[str], list[str]]:
    with pd.ExcelFile(path, engine="openpyxl") as book:
        sheets = [str(s) for s in book.sheet_names]
        chosen = 0 if sheet is None else sheet
        if isinstance(chosen, str) and chosen not in sheets:
            raise ImportFileError(f"'{display}' heeft geen werkblad '{chosen}'; kies uit: {', '.join(sheets)}.")
        frame = pd.read_excel(book, sheet_name=chosen, dtype=object)
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.columns.empty:
        raise ImportFileError(f"'{display}' is leeg (werkblad '{sheets[0] if sheet is None else sheet}').")
    filled = frame.notna() & frame.astype(str).ne("")
    keep_cols = [c for c in frame.columns if not (c.startswith("Unnamed:") and not filled[c].any())]
    last = np.flatnonzero(filled[keep_cols].any(axis=1).to_numpy())
    frame = frame.loc[:, keep_cols].iloc[: (last[-1] + 1) if last.size else 0].reset_index(drop=True)
    if frame.empty:
        raise ImportFileError(f"'{display}' bevat alleen een kopregel, geen gegevens.")
    name = sheets[chosen] if isinstance(chosen, int) else chosen
    notes = [f"Werkblad '{name}' gelezen."] if len(sheets) > 1 else []
    return frame, sheets, notes


def _extract_shapefile(path: Path, display: str, workdir: Path, layer: str | None) -> tuple[Path, list[str], list[str]]:
    with zipfile.ZipFile(path) as zf:  # checked by upload_guard.check_file in read_table
        by_lower = {n.lower(): n for n in zf.namelist()}
        stems = [n[:-4] for n in zf.namelist() if n.lower().endswith(".shp")]
        layers = [PurePosixPath(s).name for s in stems]
        if layer is not None and layer not in layers:
            raise ImportFileError(f"'{display}' heeft geen Shapefile '{layer}'; kies uit: {', '.join(layers)}.")
        stem = stems[layers.index(layer)] if layer is not None else stems[0]
        notes = [f"Het zip-bestand bevat {len(stems)} Shapefiles; gelezen: '{PurePosixPath(stem).name}'."]
        notes = notes if len(stems) > 1 and layer is None else []
        for ext, part in _SHP_PARTS.items():
            if (stem + ext).lower() not in by_lower:
                raise ImportFileError(
                    f"'{display}' mist '{PurePosixPath(stem).name}{ext}' ({part}); de Shapefile is onvolledig."
                )
        if (stem + ".prj").lower() not in by_lower:
            notes.append(
                f"'{display}' heeft geen .prj (coördinatenstelsel); het stelsel wordt uit de coördinaten herkend."
            )
        return copy_shapefile_parts(zf, stem, workdir, "data"), layers, notes


def _declared_crs(frame_crs: object, kind: FileKind, path: Path) -> str | None:
    if frame_crs is None:
        return None
    if kind is FileKind.GEOJSON:  # GDAL says WGS84 for any GeoJSON without a "crs" member
        with open(path, "rb") as f:
            if b'"crs"' not in f.read(HEAD_BYTES):
                return None
    epsg = frame_crs.to_epsg()  # type: ignore[attr-defined]
    return f"EPSG:{epsg}" if epsg else frame_crs.to_string()  # type: ignore[attr-defined]


def _read_geo(
    path: Path, kind: FileKind, display: str, layer: str | None, workdir: Path
) -> tuple[pd.DataFrame, np.ndarray, str | None, list[str], list[str]]:
    notes: list[str] = []
    if kind is FileKind.SHAPEFILE_ZIP:
        path, layers, notes = _extract_shapefile(path, display, workdir, layer)
        layer = None
    else:
        try:
            with refused_as(ImportFileError):
                layers = vector_layers(path, kind, display)
        except pyogrio.errors.DataSourceError as exc:
            raise ImportFileError(f"'{display}' kan niet worden gelezen: {exc}") from exc
        if layer is not None and layer not in layers:
            raise ImportFileError(f"'{display}' heeft geen laag '{layer}'; kies uit: {', '.join(layers)}.")
        if layer is None and len(layers) > 1:
            notes.append(f"Het bestand heeft {len(layers)} lagen ({', '.join(layers)}); gelezen: '{layers[0]}'.")
        layer = layer or layers[0]
    try:
        with refused_as(ImportFileError):
            gdf = read_vector(path, kind, display, layer=layer)
    except ImportFileError:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise ImportFileError(f"'{display}' kan niet worden gelezen: {exc}") from exc
    if gdf.empty:
        raise ImportFileError(f"'{display}' bevat geen objecten{f' in laag {layer!r}' if layer else ''}.")
    crs = _declared_crs(gdf.crs, kind, path)
    if crs is not None and crs not in ("EPSG:28992", "EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
        notes.append(f"Het coördinatenstelsel {crs} is omgerekend naar WGS84.")
        crs = "EPSG:4326"
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    if kind is FileKind.KML:  # the KML driver adds styling columns; keep them only when they say something
        frame = frame.drop(columns=[c for c in _KML_HOUSEKEEPING if c in frame and frame[c].nunique() <= 1])
    return frame.reset_index(drop=True), np.asarray(gdf.geometry.values, dtype=object), crs, layers, notes


def _crs_note(points: np.ndarray, crs: str | None) -> list[str]:
    present = ~shapely.is_missing(points)
    if not present.any():
        return []
    guess = detect_crs(shapely.get_x(points[present]), shapely.get_y(points[present]))
    expected = {"EPSG:28992": "rd", "EPSG:4326": "wgs84"}.get(crs or "")
    if guess.kind == "unknown" or expected in (None, guess.kind):
        return guess.notes if expected is None else []
    return [f"Het bestand noemt {crs}, maar de coördinaten zijn {CRS_LABELS[guess.kind]}.", *guess.notes]


def _local_path(source: str | Path | bytes, kind: FileKind, workdir: Path) -> Path:
    """A path ending in the suffix of the file's real kind; a GeoPackage is always a private copy (its
    SQLite schema is checked, then opened by GDAL, on the same bytes)."""
    target = workdir / f"upload{_SUFFIXES[kind]}"
    if isinstance(source, bytes):
        target.write_bytes(source)
        return target
    path = Path(source)
    if kind is FileKind.GPKG:
        shutil.copyfile(path, target)
        return target
    if path.suffix.lower() == _SUFFIXES[kind] or kind in (FileKind.CSV, FileKind.XLSX):
        return path
    try:
        target.symlink_to(path.resolve())
    except OSError:
        shutil.copyfile(path, target)
    return target


def read_table(
    source: str | Path | bytes,
    layer: str | None = None,
    *,
    sheet: str | int | None = None,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED,
    max_ratio: float = MAX_RATIO,
) -> Table:
    """Read a whole partner file (any supported format) into a ``Table``.

    Parameters
    ----------
    source
        A path, or the uploaded bytes.
    layer
        GeoPackage/KML layer or Shapefile (in a zip) to read; the first when omitted.
    sheet
        Excel sheet name or index; the first when omitted.
    name
        The user's file name, for messages (defaults to the path's name).
    max_bytes, max_unzipped, max_ratio
        Size limit of the file, and zip-bomb limits (see ``sniff``).

    Raises
    ------
    ImportFileError
        With a Dutch message for a file that is too large, empty, header-only, of an unknown type or of
        another kind than its name says, an unsafe zip, a GDAL VRT or a file that refers to other files,
        XML with a DOCTYPE/ENTITY, an incomplete Shapefile, or an unknown layer or sheet.
    """
    display = name or (Path(source).name if isinstance(source, (str, Path)) else "het bestand")
    check_size(source, name=display, max_bytes=max_bytes)
    kind = sniff(source, name=display, max_unzipped=max_unzipped, max_ratio=max_ratio)
    with tempfile.TemporaryDirectory(prefix="import-") as tmp:
        path = _local_path(source, kind, Path(tmp))
        with refused_as(ImportFileError):
            check_file(path, kind, display, max_unzipped=max_unzipped, max_ratio=max_ratio)
        if kind is FileKind.CSV:
            fmt = detect_csv_format(path)
            chunks = list(read_csv_chunks(path, fmt=fmt, name=display, max_bytes=max_bytes))
            return Table(pd.concat(chunks, ignore_index=True), None, None, kind, [], fmt.notes)
        if kind is FileKind.XLSX:
            frame, sheets, notes = _read_excel(path, display, sheet)
            return Table(frame, None, None, kind, sheets, notes)
        frame, geometry, crs, layers, notes = _read_geo(path, kind, display, layer, Path(tmp))
    points, point_notes = to_points(geometry)
    return Table(frame, points, crs, kind, layers, [*notes, *point_notes, *_crs_note(points, crs)])
