"""read_table for every format: Excel, GeoJSON, GeoPackage, zipped Shapefile, KML; geometry and CRS notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.importing.errors import ImportFileError
from gis.importing.readers import FileKind, read_table, to_points
from tests.importing.files import RD_POINTS, geo_file, points_frame, shapefile_zip, xlsx_file


def test_excel_keeps_native_values_and_text_formulas(tmp_path: Path) -> None:
    rows = [
        ["Datum", "X", "Y", "Opmerking"],
        [datetime(2024, 3, 1), 221000.5, 455000, "=1+1"],
        [45352, "221000,5", "455000", "@cmd"],
    ]
    table = read_table(xlsx_file(tmp_path, rows, sheets=2))
    assert table.kind is FileKind.XLSX and table.geometry is None and table.crs is None
    assert table.layers == ["Incidenten", "Blad2"] and table.notes == ["Werkblad 'Incidenten' gelezen."]
    first, second = table.frame.to_dict("records")
    assert first == {"Datum": datetime(2024, 3, 1), "X": 221000.5, "Y": 455000, "Opmerking": "=1+1"}
    assert second["Datum"] == 45352 and second["Opmerking"] == "@cmd"


def test_excel_sheet_choice_and_header_only(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path, [["kolom"], ["waarde"]], sheets=2)
    with pytest.raises(ImportFileError, match="bevat alleen een kopregel"):
        read_table(path, sheet="Blad2")
    with pytest.raises(ImportFileError, match="geen werkblad 'Blad9'; kies uit: Incidenten, Blad2"):
        read_table(path, sheet="Blad9")


def test_geojson_crs_member_or_none(tmp_path: Path) -> None:
    plain = tmp_path / "plain.geojson"
    plain.write_text(points_frame("EPSG:4326").to_json(), encoding="utf-8")  # no "crs" member: WGS84 by default
    table = read_table(plain)
    assert table.kind is FileKind.GEOJSON and table.crs is None
    assert {"datum", "soort"} <= set(table.frame.columns)
    assert any(n.startswith("Coördinaten herkend als WGS84") for n in table.notes)
    assert read_table(geo_file(tmp_path, points_frame("EPSG:4326"), "p.geojson", "GeoJSON")).crs == "EPSG:4326"
    rd_table = read_table(geo_file(tmp_path, points_frame(), "rd.geojson", "GeoJSON"))
    assert rd_table.crs == "EPSG:28992"
    assert shapely.get_coordinates(rd_table.geometry).tolist() == [list(p) for p in RD_POINTS]


def test_geopackage_with_two_layers(tmp_path: Path) -> None:
    path = geo_file(tmp_path, points_frame(), "twee.gpkg", "GPKG", layer="incidenten")
    points_frame("EPSG:4326").to_file(path, layer="meldingen", engine="pyogrio")
    first = read_table(path)
    assert first.layers == ["incidenten", "meldingen"] and first.crs == "EPSG:28992"
    assert first.notes[0] == "Het bestand heeft 2 lagen (incidenten, meldingen); gelezen: 'incidenten'."
    second = read_table(path, layer="meldingen")
    assert second.crs == "EPSG:4326" and len(second.frame) == 3
    with pytest.raises(ImportFileError, match="geen laag 'x'; kies uit: incidenten, meldingen"):
        read_table(path, layer="x")


def test_other_crs_is_converted_to_wgs84(tmp_path: Path) -> None:
    table = read_table(geo_file(tmp_path, points_frame("EPSG:3857"), "p.gpkg", "GPKG"))
    assert table.crs == "EPSG:4326" and "EPSG:3857 is omgerekend naar WGS84" in table.notes[0]


def test_zipped_shapefile_with_and_without_prj(tmp_path: Path) -> None:
    table = read_table(shapefile_zip(tmp_path, points_frame()))
    assert table.kind is FileKind.SHAPEFILE_ZIP and table.crs == "EPSG:28992" and table.layers == ["incidenten"]
    assert table.frame["soort"].tolist() == ["Hennep", "XTC-lab", "hennep"]
    bare = read_table(shapefile_zip(tmp_path, points_frame(), skip=(".prj",), name="zonder.zip"))
    assert bare.crs is None
    assert any("geen .prj" in n for n in bare.notes)
    assert any("RD New" in n for n in bare.notes)


def test_zipped_shapefile_without_dbf_is_refused(tmp_path: Path) -> None:
    path = shapefile_zip(tmp_path, points_frame(), skip=(".dbf",))
    with pytest.raises(ImportFileError, match=r"mist 'incidenten.dbf' \(de attributen\); de Shapefile is onvolledig"):
        read_table(path)


def test_kml(tmp_path: Path) -> None:
    table = read_table(geo_file(tmp_path, points_frame("EPSG:4326"), "p.kml", "KML"))
    assert table.kind is FileKind.KML and table.crs == "EPSG:4326"
    assert "soort" in table.frame.columns and "tessellate" not in table.frame.columns
    x, y = shapely.get_x(table.geometry), shapely.get_y(table.geometry)
    assert np.all((x > 3) & (x < 7.5) & (y > 50.5) & (y < 53.8))


def test_mixed_geometry_types_become_points_with_notes(tmp_path: Path) -> None:
    frame = points_frame(mixed=True)
    frame = pd.concat([frame, frame.iloc[[1]]])  # a second polygon
    table = read_table(geo_file(tmp_path, frame, "gemengd.gpkg", "GPKG"))
    assert set(shapely.get_type_id(table.geometry)) == {0}
    assert "Geometrietypen in het bestand: 1 punt, 1 lijn, 2 vlakken." in table.notes
    assert "2 vlakken zijn teruggebracht tot een punt binnen het vlak." in table.notes
    assert shapely.box(200_000, 450_000, 201_000, 451_000).contains(table.geometry[1])


def test_to_points_handles_missing_geometry() -> None:
    points, notes = to_points(np.array([shapely.Point(1, 2), None, shapely.Point()], dtype=object))
    assert points[0] == shapely.Point(1, 2) and points[1] is None and points[2] is None
    assert notes == ["2 object(en) zonder geometrie."]


def test_bytes_and_size_limit(tmp_path: Path) -> None:
    data = geo_file(tmp_path, points_frame(), "p.gpkg", "GPKG").read_bytes()
    assert len(read_table(data, name="upload.gpkg").frame) == 3
    with pytest.raises(ImportFileError, match=r"'upload\.gpkg' is .* de grens is 1,0 kB"):
        read_table(data, name="upload.gpkg", max_bytes=1024)
