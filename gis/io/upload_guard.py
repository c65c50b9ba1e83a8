"""Uploads open only what they say they are: one allow-list of file kinds for every reader.

The kind comes from the name's suffix AND the content together (GeoJSON, GeoPackage, zipped Shapefile,
KML, CSV, Excel); a mismatch is refused, and so are GDAL VRT content under any name, references to other
files (``/vsi…``, ``file://``, ``SrcDataSource``), unsafe zips, XML with a DOCTYPE/ENTITY and GeoPackages
with foreign virtual tables or OGR SQL calls. GIS files are opened with an explicit GDAL driver, and the
VRT drivers are removed from GDAL. ``UploadRefused`` is Dutch and names the file; ``refused_as`` turns it
into a reader's own error type. Image sizes are checked before any pixel is decoded.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from itertools import chain, count
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pyogrio
from pyogrio._ogr import _register_drivers

from gis.io.kml import KmlError, read_kml

MAX_PIXELS = 40_000_000  # a photo above 40 megapixels is refused before it is decoded
MAX_ZIP_MEMBERS = 1000
MAX_RATIO = 200.0  # uncompressed / compressed, for zip entries over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024**2
HEAD_BYTES = 64 * 1024


class FileKind(StrEnum):
    """The kinds of upload that are read at all."""

    CSV = "csv"
    XLSX = "xlsx"
    GEOJSON = "geojson"
    GPKG = "gpkg"
    SHAPEFILE_ZIP = "shapefile_zip"
    KML = "kml"


SUFFIX_KINDS: dict[str, FileKind] = {
    ".csv": FileKind.CSV, ".txt": FileKind.CSV, ".tsv": FileKind.CSV, ".xlsx": FileKind.XLSX,
    ".geojson": FileKind.GEOJSON, ".json": FileKind.GEOJSON, ".gpkg": FileKind.GPKG,
    ".zip": FileKind.SHAPEFILE_ZIP, ".kml": FileKind.KML,
}  # fmt: skip
# GDAL drivers per kind (CSV and Excel are read by pandas/openpyxl, KML by ``gis.io.kml``, never by GDAL).
DRIVERS: dict[FileKind, str] = {FileKind.GEOJSON: "GeoJSON", FileKind.GPKG: "GPKG",
                                FileKind.SHAPEFILE_ZIP: "ESRI Shapefile"}  # fmt: skip
_LABELS: dict[FileKind, str] = {FileKind.GEOJSON: "GeoJSON", FileKind.GPKG: "GeoPackage",
                                FileKind.SHAPEFILE_ZIP: "Shapefile", FileKind.KML: "KML"}  # fmt: skip
_PREFIXED = (FileKind.GEOJSON, FileKind.GPKG)  # "GeoJSON:path" and "GPKG:path" make GDAL use that driver only

_VRT = (b"<ogrvrtdatasource", b"<vrtdataset")
_REFS = (b"/vsi", b"\\/vsi", b"\\u002fvsi", b"&#47;vsi", b"&#x2f;vsi", b"file://", b"file:\\/\\/", b"srcdatasource")
_XXE = (b"<!doctype", b"<!entity")
_WHY_VRT = "het is een GDAL-VRT-bestand dat naar andere bestanden kan verwijzen"
_WHY_XXE = "het bevat een DOCTYPE- of ENTITY-declaratie, waarmee XML andere bestanden kan laden"
_ARCHIVES = (".zip", ".kmz", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz")
_XML_PARTS = (".xml", ".rels", ".vml")
_SAFE_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso-8859-15",
                   "windows-1252", "cp1252"}  # fmt: skip  # single-byte, ASCII-compatible: the scans see all
_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']", re.I)
_KML_ROOT = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->)*<(?:[\w.-]+:)?kml[\s>/]", re.S)
_SQL_CALLS = re.compile(r"\b(?:ogr|gdal)_\w*\s*\(|virtualogr|load_extension|readfile|writefile|fts3_tokenizer")
_GPKG_TABLES = ("gpkg_contents", "gpkg_ogr_contents", "gpkg_geometry_columns", "gpkg_extensions")
_BOM = b"\xef\xbb\xbf"


class UploadRefused(ValueError):
    """An upload that is not opened; ``str(err)`` is Dutch and names the file."""


def _refused(display: str, why: str) -> UploadRefused:
    return UploadRefused(f"Bestand '{display}' is geweigerd: {why}.")


@contextmanager
def refused_as(error: type[ValueError], hint: str = "") -> Iterator[None]:
    """Raise an ``UploadRefused`` inside the block as ``error`` (a reader's own type), ``hint`` appended."""
    try:
        yield
    except UploadRefused as exc:
        raise error(f"{exc} {hint}".strip()) from exc


def format_size(size: float) -> str:
    """A byte count for people, Dutch style: ``315 MB``, ``2 GB``, ``3,9 kB``, ``100 bytes``."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= factor:
            value = size / factor
            return (f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",")) + f" {unit}"
    return f"{size:.0f} bytes"


def _scan(display: str, chunks: Iterable[bytes], tokens: tuple[bytes, ...]) -> None:
    """Refuse when any token (lower case) occurs in the stream, also across chunk borders."""
    tail = b""
    for chunk in chunks:
        block = tail + chunk.lower()
        for token in tokens:
            if token in block:
                raise _refused(display, _WHY_VRT if token in _VRT else _WHY_XXE if token in _XXE else
                               f"het verwijst naar een ander bestand of adres ('{token.decode()}')")  # fmt: skip
        tail = block[-24:]


def _file_chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with open(path, "rb") as f:
        yield from iter(lambda: f.read(size), b"")


def _text_start(head: bytes) -> bytes:
    return head.removeprefix(_BOM).lstrip(b" \t\r\n")


def refuse_vrt(display: str, head: bytes) -> None:
    """Refuse GDAL VRT content (``<OGRVRTDataSource``, ``<VRTDataset``), whatever the file is called."""
    _scan(display, [head[:HEAD_BYTES]], _VRT)


def verify_kind(display: str, head: bytes, kind: FileKind) -> None:
    """Refuse VRT content under any name, a suffix that names another kind, and content unlike ``kind``.

    A name without a known suffix is judged by its content alone (the command line takes any name).
    """
    refuse_vrt(display, head)
    suffix = PurePosixPath(display.replace("\\", "/")).suffix.lower()
    named = SUFFIX_KINDS.get(suffix)
    if named is not None and named is not kind:
        raise _refused(display, f"de naam eindigt op {suffix}, maar de inhoud is {kind.value}")
    start = _text_start(head)
    expected = {
        FileKind.GEOJSON: (start.startswith(b"{"), "een GeoJSON-bestand begint met '{'"),
        FileKind.GPKG: (head.startswith(b"SQLite format 3\x00"), "een GeoPackage is een SQLite-bestand"),
        FileKind.SHAPEFILE_ZIP: (head.startswith(b"PK\x03\x04"), "een Shapefile moet gezipt zijn"),
        FileKind.XLSX: (head.startswith(b"PK\x03\x04"), "een Excel-werkboek (.xlsx) is een zip-bestand"),
        FileKind.KML: (start.startswith(b"<") and b"\x00" not in head, "een KML-bestand is XML"),
    }.get(kind, (True, ""))
    if not expected[0]:
        raise _refused(display, f"de inhoud past niet bij {suffix or kind.value} ({expected[1]})")


def _check_xml(display: str, head: bytes, chunks: Iterable[bytes], kml_root: bool) -> None:
    start = _text_start(head)
    if b"\x00" in head[:4096] or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refused(display, "de XML is niet in UTF-8 of een andere ASCII-tekenset opgeslagen")
    declared = _ENCODING.match(start)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in _SAFE_ENCODINGS:
        raise _refused(display, f"de XML-tekenset '{declared.group(1).decode('ascii', 'replace')}' wordt niet gelezen")
    _scan(display, chunks, _XXE + _VRT + _REFS)
    if kml_root and not _KML_ROOT.match(start[:HEAD_BYTES]):
        raise _refused(display, "het is XML, maar het hoofdelement is geen <kml>")


def check_zip(zf: zipfile.ZipFile, display: str, *, max_unzipped: int, max_ratio: float = MAX_RATIO) -> None:
    """Refuse zip bombs, path tricks and too many members from the directory alone, before extracting."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _refused(display, f"het zip-bestand heeft {len(infos)} onderdelen; de grens is {MAX_ZIP_MEMBERS}")
    total = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts or name[1:2] == ":":
            raise UploadRefused(f"'{display}' bevat een ongeldig pad: '{info.filename}'; het wordt niet geopend.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > max_ratio:
            raise UploadRefused(
                f"'{display}': '{info.filename}' pakt uit tot {format_size(info.file_size)} uit "
                f"{format_size(info.compress_size)} ({ratio:.0f} keer); dat lijkt een zip-bom en wordt niet geopend."
            )
    if total > max_unzipped:
        raise UploadRefused(f"'{display}' is uitgepakt {format_size(total)}; de grens is {format_size(max_unzipped)}.")


def _check_zip_members(path: Path, display: str, kind: FileKind, max_unzipped: int, max_ratio: float) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(zf, display, max_unzipped=max_unzipped, max_ratio=max_ratio)
            names = zf.namelist()
            workbook = "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
            if kind is FileKind.XLSX and not workbook:
                raise _refused(display, "het is een zip-bestand, maar geen Excel-werkboek")
            for info in zf.infolist():
                shown, lower = f"{display}: {info.filename}", info.filename.lower()
                if lower.endswith(".vrt"):
                    raise _refused(shown, _WHY_VRT)
                if info.is_dir() or (kind is FileKind.XLSX and not lower.endswith(_XML_PARTS)):
                    continue  # a workbook's images and embedded objects are never opened
                with zf.open(info) as member:
                    head = member.read(HEAD_BYTES)
                    if lower.endswith(_ARCHIVES) or head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
                        raise _refused(shown, "een zip-bestand in een zip-bestand wordt niet uitgepakt")
                    rest = chain([head], iter(lambda: member.read(1 << 20), b""))
                    if kind is FileKind.XLSX:
                        _check_xml(shown, head, rest, kml_root=False)
                    else:
                        _scan(shown, rest if lower.endswith((".prj", ".cpg")) else [head], _VRT + _REFS)
    except zipfile.BadZipFile as exc:
        raise UploadRefused(f"'{display}' is een beschadigd zip-bestand ({exc}).") from exc


SHAPEFILE_PARTS: tuple[str, ...] = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def copy_shapefile_parts(zf: zipfile.ZipFile, stem: str, workdir: Path, name: str) -> Path:
    """Copy the parts of the Shapefile ``stem`` in a checked zip to ``workdir/name.*`` (fixed names, nothing
    else is unpacked); returns the path of the ``.shp``."""
    by_lower = {n.lower(): n for n in zf.namelist()}
    for ext in SHAPEFILE_PARTS:
        member = by_lower.get((stem + ext).lower())
        if member is not None:
            with zf.open(member) as src, open(workdir / f"{name}{ext}", "wb") as dst:
                shutil.copyfileobj(src, dst)
    return workdir / f"{name}.shp"


def _check_gpkg(path: Path, display: str) -> None:
    """Read the SQLite schema (read-only, on the caller's temporary copy) before GDAL opens the file."""
    steps = count()
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise _refused(display, "het is geen leesbare GeoPackage: het bestand is beschadigd") from exc
    try:
        con.set_progress_handler(lambda: next(steps) > 10_000, 1000)  # at most ~10 million SQLite steps
        schema = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        types = {str(name).lower(): kind for kind, name, _ in schema}
        for kind, name, sql in schema:
            text = f"{name} {sql or ''}".lower()
            _scan(display, [text.encode()], _VRT + _REFS)
            virtual = (sql or "").lower().lstrip().startswith("create virtual table")
            if (virtual and not re.search(r"\busing\s+rtree\b", text)) or _SQL_CALLS.search(text):
                what = {"table": "tabel", "index": "index"}.get(kind, kind)
                raise _refused(display, f"de GeoPackage bevat een {what} '{name}' die GDAL andere bestanden laat lezen")
        for table in _GPKG_TABLES:
            if table in types and types[table] != "table":
                raise _refused(display, f"'{table}' is in deze GeoPackage geen tabel maar een {types[table]}")
            if table in types:
                for row in con.execute(f'SELECT * FROM "{table}"'):  # fixed table names
                    _scan(display, [" ".join(str(v) for v in row).encode()], _VRT + _REFS)
    except sqlite3.Error as exc:
        raise _refused(display, "het is geen leesbare GeoPackage: het bestand is beschadigd") from exc
    finally:
        con.close()


def check_file(path: Path, kind: FileKind, display: str, *, max_unzipped: int, max_ratio: float = MAX_RATIO) -> None:
    """All content checks of ``kind`` on the local file ``path`` (a temporary copy for a GeoPackage)."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    verify_kind(display, head, kind)
    if kind is FileKind.GEOJSON:
        if b"\x00" in head[:4096]:
            raise _refused(display, "GeoJSON moet in UTF-8 zijn opgeslagen")
        _scan(display, _file_chunks(path), _VRT + _REFS)
    elif kind is FileKind.KML:
        _check_xml(display, head, _file_chunks(path), kml_root=True)
    elif kind is FileKind.GPKG:
        _check_gpkg(path, display)
    elif kind in (FileKind.SHAPEFILE_ZIP, FileKind.XLSX):
        _check_zip_members(path, display, kind, max_unzipped, max_ratio)


def _source(path: Path, kind: FileKind, display: str) -> str:
    if kind in _PREFIXED:
        return f"{DRIVERS[kind]}:{path}"
    if kind not in DRIVERS:
        raise _refused(display, f"{kind.value} wordt niet met GDAL gelezen")
    used = pyogrio.read_info(str(path))["driver"]  # the VRT drivers are gone; check GDAL chose the right one
    if used != DRIVERS[kind]:
        raise _refused(display, f"GDAL leest het als {used}, niet als {DRIVERS[kind]}")
    return str(path)


KML_LAYER = "plaatsmarkeringen"  # a KML is read as one layer: every placemark, its folder in column ``map``


def vector_layers(path: Path, kind: FileKind, display: str) -> list[str]:
    """The layer names of a checked GIS file, opened with the driver of ``kind``."""
    if kind is FileKind.KML:
        return [KML_LAYER]
    try:
        return [str(row[0]) for row in np.atleast_2d(pyogrio.list_layers(_source(path, kind, display)))]
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, IndexError) as exc:
        raise _refused(display, read_error_reason(exc, kind)) from None


def read_vector(path: Path, kind: FileKind, display: str, layer: str | None = None) -> gpd.GeoDataFrame:
    """One layer of a checked GIS file, opened with the driver of ``kind``; KML with ``gis.io.kml`` (GDAL's
    driver loses dates and fields). A file GDAL cannot read is refused in Dutch (``UploadRefused``)."""
    if kind is FileKind.KML:
        try:
            return read_kml(path)
        except KmlError as exc:
            raise _refused(display, str(exc)) from None
    try:
        return pyogrio.read_dataframe(_source(path, kind, display), layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, IndexError) as exc:
        raise _refused(display, read_error_reason(exc, kind)) from None


_JSON_AT = re.compile(r"line (\d+), character (\d+)", re.I)


def read_error_reason(exc: BaseException, kind: FileKind) -> str:
    """GDAL's (English) complaint about a file of ``kind`` said in Dutch, never quoting GDAL's text."""
    text = str(exc)
    label = _LABELS.get(kind, kind.value)
    if kind is FileKind.GEOJSON:
        at = _JSON_AT.search(text)
        where = f" (de fout zit bij regel {at.group(1)}, teken {at.group(2)})" if at else ""
        return f"de GeoJSON is onvolledig of beschadigd{where}; sla het bestand opnieuw op of exporteer het opnieuw"
    if "not a database" in text or "malformed" in text or "corrupt" in text.lower():
        return f"het is geen leesbare {label}: het bestand is beschadigd"
    if "no such table" in text or "layer" in text.lower():
        return f"de {label} heeft geen leesbare laag met objecten"
    return f"het bestand is beschadigd of geen geldige {label}"


def check_pixels(display: str, width: int, height: int) -> None:
    """Refuse an image above ``MAX_PIXELS`` from its header size (``Image.open`` decodes nothing)."""
    if width * height > MAX_PIXELS:
        w, h = (f"{n:,}".replace(",", ".") for n in (width, height))
        limit = MAX_PIXELS // 1_000_000
        raise UploadRefused(f"'{display}' is te groot: {w} × {h} pixels; maximaal {limit} miljoen pixels.")


def _drop_vrt_drivers() -> None:
    """Deregister GDAL's VRT drivers (GDAL_SKIP is applied when drivers are registered again)."""
    skip = set((pyogrio.get_gdal_config_option("GDAL_SKIP") or "").split()) | {"OGR_VRT", "VRT"}
    pyogrio.set_gdal_config_options({"GDAL_SKIP": " ".join(sorted(skip))})
    _register_drivers()


_drop_vrt_drivers()
