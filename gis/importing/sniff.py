"""Recognise a partner file by its content and check it against its name before anything opens it.

Kinds: CSV/text, Excel (.xlsx), GeoJSON, GeoPackage, zipped Shapefile and KML. The allow-list, the
suffix/content match, the VRT refusal and the zip checks are those of ``gis.io.upload_guard``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from gis.importing.errors import ImportFileError
from gis.io import upload_guard as guard
from gis.io.upload_guard import MAX_RATIO, RATIO_MIN_BYTES, FileKind, format_size, refused_as

__all__ = ["HEAD_BYTES", "KIND_LABELS", "MAX_BYTES", "MAX_RATIO", "MAX_UNZIPPED", "RATIO_MIN_BYTES", "FileKind",
           "check_size", "check_zip", "format_size", "is_text", "looks_like", "sniff"]  # fmt: skip

HEAD_BYTES = 64 * 1024
MAX_BYTES = 500 * 1024**2  # largest file read at all
MAX_UNZIPPED = 2 * 1024**3  # total uncompressed size of a zip
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


KIND_LABELS: dict[FileKind, str] = {
    FileKind.CSV: "CSV-/tekstbestand",
    FileKind.XLSX: "Excel-werkboek (.xlsx)",
    FileKind.GEOJSON: "GeoJSON",
    FileKind.GPKG: "GeoPackage",
    FileKind.SHAPEFILE_ZIP: "Shapefile (zip)",
    FileKind.KML: "KML",
}

# Leading bytes of binary formats, to tell the user what a refused file looks like.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"SQLite format 3\x00", "een SQLite-database of GeoPackage"),
    (b"PK\x03\x04", "een zip-bestand (of Excel-/Word-bestand)"),
    (b"PK\x05\x06", "een leeg zip-bestand"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "een oud Office-bestand (.xls/.doc); sla het op als .xlsx of .csv"),
    (b"%PDF", "een PDF-document"),
    (b"\x89PNG", "een PNG-afbeelding"),
    (b"\xff\xd8\xff", "een JPEG-foto"),
    (b"GIF8", "een GIF-afbeelding"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"7z\xbc\xaf", "een 7-Zip-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"MZ", "een Windows-programma"),
    (b"\x7fELF", "een programma"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _display(source: str | Path | bytes, name: str | None) -> str:
    if name:
        return name
    return Path(source).name if isinstance(source, (str, Path)) else "het bestand"


def _head(source: str | Path | bytes, size: int = HEAD_BYTES) -> bytes:
    if isinstance(source, bytes):
        return source[:size]
    with open(source, "rb") as f:
        return f.read(size)


def check_size(source: str | Path | bytes, *, name: str | None = None, max_bytes: int = MAX_BYTES) -> int:
    """The file's size in bytes; refuses (before reading anything) a file larger than ``max_bytes``."""
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    if size > max_bytes:
        raise ImportFileError(
            f"'{_display(source, name)}' is {format_size(size)}; de grens is {format_size(max_bytes)}. "
            "Splits het bestand of lever alleen de benodigde kolommen."
        )
    return size


def looks_like(head: bytes) -> str:
    """A Dutch description of a binary file's type from its first bytes ("een PDF-document")."""
    for magic, label in _MAGIC:
        if head.startswith(magic):
            return label
    return "binaire gegevens"


def is_text(head: bytes) -> bool:
    """True when the first bytes read as text (UTF-8, UTF-16 with BOM or Windows-1252)."""
    if head.startswith(_UTF16_BOMS):
        return True
    if b"\x00" in head or any(head.startswith(m) for m, _ in _MAGIC):
        return False
    text = head.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls <= max(2, len(text) // 100)


def check_zip(
    zf: zipfile.ZipFile,
    display: str = "het zip-bestand",
    *,
    max_unzipped: int = MAX_UNZIPPED,
    max_ratio: float = MAX_RATIO,
) -> None:
    """Refuse zip bombs, path tricks and too many members from the directory alone, before extracting.

    Extraction through ``zipfile`` never produces more than an entry's declared size, so checking the
    declared sizes here bounds what a later read can unpack.
    """
    with refused_as(ImportFileError):
        guard.check_zip(zf, display, max_unzipped=max_unzipped, max_ratio=max_ratio)


def _zip_kind(source: str | Path | bytes, display: str, max_unzipped: int, max_ratio: float) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            check_zip(zf, display, max_unzipped=max_unzipped, max_ratio=max_ratio)
            names = zf.namelist()
    except zipfile.BadZipFile as exc:
        raise ImportFileError(f"'{display}' is een beschadigd zip-bestand ({exc}).") from exc
    if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
        return FileKind.XLSX
    if any(n.lower().endswith(".shp") for n in names):
        return FileKind.SHAPEFILE_ZIP
    if "word/document.xml" in names:
        raise ImportFileError(f"'{display}' is een Word-document; lever de gegevens als Excel, CSV of GIS-bestand.")
    shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    raise ImportFileError(
        f"'{display}' is een zip-bestand zonder Excel-werkboek of Shapefile (inhoud: {shown or 'leeg'})."
    )


def _text_kind(head: bytes, display: str) -> FileKind:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        if text.startswith("{") and '"type"' in text:
            return FileKind.GEOJSON
        raise ImportFileError(f"'{display}' is JSON maar geen GeoJSON (er staat geen \"type\" in).")
    if text.startswith("<"):
        if "<kml" in text[:4096].lower():
            return FileKind.KML
        raise ImportFileError(f"'{display}' is XML of HTML maar geen KML (er staat geen <kml> in).")
    return FileKind.CSV


def sniff(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    max_unzipped: int = MAX_UNZIPPED,
    max_ratio: float = MAX_RATIO,
) -> FileKind:
    """The real kind of a file, from its content, checked against the suffix of its name.

    Parameters
    ----------
    source
        A path, or the file's bytes.
    name
        The name the user gave (for messages and the text-suffix check); defaults to the path's name.
    max_unzipped, max_ratio
        Zip-bomb limits: total uncompressed size, and uncompressed/compressed ratio of a large entry.

    Raises
    ------
    ImportFileError
        Empty file, a binary file named ``.csv``/``.txt``, an unknown binary, JSON without ``"type"``,
        XML without ``<kml``, an unsafe or unrecognised zip, GDAL VRT content, or content of another kind
        than the name's suffix says.
    """
    display = _display(source, name)
    head = _head(source)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError(f"'{display}' is leeg.")
    with refused_as(ImportFileError):
        kind = _kind(source, head, display, max_unzipped, max_ratio)
        guard.verify_kind(display, head, kind)  # VRT under any name; a suffix naming another kind
    return kind


def _kind(source: str | Path | bytes, head: bytes, display: str, max_unzipped: int, max_ratio: float) -> FileKind:
    guard.refuse_vrt(display, head)
    text = is_text(head)
    if not text and Path(display).suffix.lower() in TEXT_SUFFIXES:
        raise ImportFileError(f"'{display}' is geen tekstbestand (het lijkt op {looks_like(head)}).")
    if head.startswith(b"SQLite format 3\x00"):
        return FileKind.GPKG
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(source, display, max_unzipped, max_ratio)
    if not text:
        raise ImportFileError(
            f"'{display}' wordt niet herkend (het lijkt op {looks_like(head)}); "
            "lever CSV, Excel (.xlsx), GeoJSON, GeoPackage, Shapefile (zip) of KML."
        )
    if head.startswith(_UTF16_BOMS):
        return FileKind.CSV
    return _text_kind(head, display)
