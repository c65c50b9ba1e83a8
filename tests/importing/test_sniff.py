"""Recognising files by content, and refusing binaries named .csv, zip bombs and path tricks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from gis.importing.errors import ImportFileError
from gis.importing.sniff import FileKind, check_size, sniff
from tests.importing.files import csv_file, geo_file, points_frame, shapefile_zip, xlsx_file, zeros_zip, zip_bytes


def test_kinds_by_content_not_name(tmp_path: Path) -> None:
    assert sniff(csv_file(tmp_path, "a;b\n1;2\n")) is FileKind.CSV
    assert sniff(xlsx_file(tmp_path, [["a"], [1]], name="werkboek.csv.bin")) is FileKind.XLSX
    assert sniff(geo_file(tmp_path, points_frame("EPSG:4326"), "p.json", "GeoJSON")) is FileKind.GEOJSON
    gpkg = geo_file(tmp_path, points_frame(), "p.gpkg", "GPKG")
    assert sniff(gpkg.rename(tmp_path / "p.dat")) is FileKind.GPKG
    assert sniff(shapefile_zip(tmp_path, points_frame())) is FileKind.SHAPEFILE_ZIP
    assert sniff(geo_file(tmp_path, points_frame("EPSG:4326"), "p.kml", "KML")) is FileKind.KML
    assert sniff(b"\xef\xbb\xbfdatum;x\n") is FileKind.CSV


@pytest.mark.parametrize(
    ("data", "looks"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "een PDF-document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "een PNG-afbeelding"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "een oud Office-bestand"),
        (bytes(range(256)) * 4, "binaire gegevens"),
    ],
)
def test_binary_named_csv_is_refused(data: bytes, looks: str) -> None:
    with pytest.raises(ImportFileError, match=f"'x.csv' is geen tekstbestand \\(het lijkt op {looks}"):
        sniff(data, name="x.csv")


def test_empty_json_and_xml(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=re.escape("'leeg.csv' is leeg")):
        sniff(csv_file(tmp_path, " \n\n", name="leeg.csv"))
    with pytest.raises(ImportFileError, match="JSON maar geen GeoJSON"):
        sniff(b'{"naam": "geen geo"}', name="a.json")
    with pytest.raises(ImportFileError, match="geen KML"):
        sniff(b"<html><body>hallo</body></html>", name="a.kml")


def test_zip_bomb_is_refused_by_ratio_before_extracting(tmp_path: Path) -> None:
    bomb = zeros_zip(tmp_path / "bom.zip", megabytes=300)
    assert bomb.stat().st_size < 2 * 1024**2
    with pytest.raises(ImportFileError, match=r"pakt uit tot 300 MB uit \d+ kB \(\d+ keer\); dat lijkt een zip-bom"):
        sniff(bomb)


def test_zip_total_size_limit(tmp_path: Path) -> None:
    data = zip_bytes({"a.shp": b"x" * 4000, "a.dbf": b"y" * 4000})
    with pytest.raises(ImportFileError, match="is uitgepakt 7,8 kB; de grens is 1000 bytes"):
        sniff(data, name="a.zip", max_unzipped=1000)


@pytest.mark.parametrize("member", ["../../etc/passwd.shp", "/abs/a.shp", "C:\\temp\\a.shp"])
def test_zip_path_traversal_is_refused(member: str) -> None:
    with pytest.raises(ImportFileError, match="ongeldig pad"):
        sniff(zip_bytes({member: b"x"}), name="a.zip")


def test_zip_without_workbook_or_shapefile(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"zonder Excel-werkboek of Shapefile \(inhoud: notities.txt\)"):
        sniff(zip_bytes({"notities.txt": b"hallo"}), name="a.zip")
    with pytest.raises(ImportFileError, match="beschadigd zip-bestand"):
        sniff(b"PK\x03\x04" + b"\x00" * 50, name="a.zip")
    assert zipfile.is_zipfile(shapefile_zip(tmp_path, points_frame()))


def test_size_limit_before_reading(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "a\n" * 1000)
    assert check_size(path) == 2000
    with pytest.raises(ImportFileError, match=re.escape("'data.csv' is 2,0 kB; de grens is 100 bytes")):
        check_size(path, max_bytes=100)


def test_suffix_and_content_must_agree_and_vrt_is_refused(tmp_path: Path) -> None:
    gpkg = geo_file(tmp_path, points_frame(), "p.gpkg", "GPKG")
    with pytest.raises(ImportFileError, match=r"'p.geojson' is geweigerd: de naam eindigt op .geojson, maar de inhoud"):
        sniff(gpkg.read_bytes(), name="p.geojson")
    with pytest.raises(ImportFileError, match=r"'p.csv' is geweigerd: de naam eindigt op .csv, maar de inhoud is kml"):
        sniff(b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>', name="p.csv")
    with pytest.raises(ImportFileError, match="JSON maar geen GeoJSON"):
        sniff(b'[{"type": "Feature"}]', name="p.geojson")  # GeoJSON is an object, never an array
    with pytest.raises(ImportFileError, match=r"'v\.txt' is geweigerd: het is een GDAL-VRT-bestand"):
        sniff(b"\xef\xbb\xbf  <OGRVRTDataSource><OGRVRTLayer name='x'/></OGRVRTDataSource>", name="v.txt")
