"""One factory for the partner files of the import tests: tiny CSV, Excel and GIS files in ``tmp_path``."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import openpyxl
import shapely

RD_POINTS = [(221_000.0, 455_000.0), (200_500.0, 450_500.0), (155_000.0, 463_000.0)]


def csv_file(tmp_path: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    """Write ``text`` with the given encoding (``utf-8-sig`` adds a BOM)."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def xlsx_file(tmp_path: Path, rows: list[list[object]], name: str = "data.xlsx", sheets: int = 1) -> Path:
    """A workbook whose first sheet holds ``rows`` (first row = header); text stays text, even '=...'."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Incidenten"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a text cell that looks like a formula
            if isinstance(value, datetime):
                cell.number_format = "dd-mm-yyyy"
    for i in range(1, sheets):
        book.create_sheet(f"Blad{i + 1}").append(["kolom"])
    path = tmp_path / name
    book.save(path)
    return path


def points_frame(crs: str = "EPSG:28992", mixed: bool = False) -> gpd.GeoDataFrame:
    """Three incidents in RD New (optionally a polygon and a line among them), converted to ``crs``."""
    geoms = [shapely.Point(p) for p in RD_POINTS]
    if mixed:
        geoms[1] = shapely.box(200_000, 450_000, 201_000, 451_000)
        geoms[2] = shapely.LineString([(155_000, 463_000), (155_100, 463_100)])
    frame = gpd.GeoDataFrame(
        {"datum": ["2024-03-01", "2024-03-02", "2024-03-03"], "soort": ["Hennep", "XTC-lab", "hennep"]},
        geometry=geoms,
        crs="EPSG:28992",
    )
    return frame.to_crs(crs)


def geo_file(tmp_path: Path, frame: gpd.GeoDataFrame, name: str, driver: str, layer: str | None = None) -> Path:
    """Write ``frame`` with pyogrio (``layer`` for a GeoPackage with several layers)."""
    path = tmp_path / name
    frame.to_file(path, driver=driver, layer=layer, engine="pyogrio")
    return path


def shapefile_zip(tmp_path: Path, frame: gpd.GeoDataFrame, skip: tuple[str, ...] = (), name: str = "shp.zip") -> Path:
    """A zipped Shapefile ``incidenten.*`` without the parts whose suffix is in ``skip``."""
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    frame.to_file(folder / "incidenten.shp", engine="pyogrio")
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        for part in sorted(folder.iterdir()):
            if part.suffix not in skip:
                zf.write(part, f"export/{part.name}")
    return path


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A deflated zip with the given entries."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zeros_zip(path: Path, megabytes: int) -> Path:
    """A zip bomb: one entry of ``megabytes`` MB of zeros, streamed (never held in memory)."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("data.csv", "w", force_zip64=True) as f,
    ):
        block = bytes(1024**2)
        for _ in range(megabytes):
            f.write(block)
    return path
