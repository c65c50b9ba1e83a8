"""Area export: GeoJSON and GeoPackage in RD New and WGS84, read back as QGIS would (GDAL)."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pytest
import shapely

from gis.io.area_export import export_areas, export_filename, slug

BOX = shapely.box(220_000, 470_000, 222_000, 471_000)


@pytest.fixture
def areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": [1], "name": ["Salland <b>Oost</b>"], "process_status": ["afbakening"],
                             "activities": ['{"kinds": ["landbouw"], "text": "=1+1"}']},
                            geometry=[BOX], crs="EPSG:28992")  # fmt: skip


def _read_gpkg(data: bytes, tmp_path) -> gpd.GeoDataFrame:
    path = tmp_path / "export.gpkg"  # as saved by the browser: QGIS opens the .gpkg file
    path.write_bytes(data)
    return gpd.read_file(path, layer="pps_gebieden")


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
@pytest.mark.parametrize(("system", "epsg"), [("rd", 28992), ("wgs84", 4326)])
def test_export_reads_back_in_its_crs(areas, fmt: str, system: str, epsg: int, tmp_path) -> None:
    data = export_areas(areas, fmt, system)
    back = gpd.read_file(io.BytesIO(data)) if fmt == "geojson" else _read_gpkg(data, tmp_path)
    assert back.crs.to_epsg() == epsg
    assert back["name"].tolist() == ["Salland <b>Oost</b>"]
    assert back["hectares"].tolist() == [200.0]
    # Through WGS84 and back moves the corners by millimetres: well under 0.001% of the area.
    assert back.to_crs(28992).geometry.iloc[0].symmetric_difference(BOX).area < 1e-5 * BOX.area


def test_geojson_in_rd_names_its_crs_and_wgs84_follows_rfc7946(areas) -> None:
    rd = json.loads(export_areas(areas, "geojson", "rd"))
    assert rd["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"
    wgs = json.loads(export_areas(areas, "geojson", "wgs84"))
    assert "crs" not in wgs
    lon, lat = wgs["features"][0]["geometry"]["coordinates"][0][0]
    assert 3 < lon < 8 and 50 < lat < 54


def test_bad_format_and_names(areas) -> None:
    with pytest.raises(ValueError, match="Onbekend exportformaat 'shp'"):
        export_areas(areas, "shp", "rd")
    with pytest.raises(ValueError, match="coördinatenstelsel 'utm'"):
        export_areas(areas, "gpkg", "utm")
    assert slug("../../etc/passwd <x>") == "etc-passwd-x"
    assert export_filename("KIEK UUT Salland", "gpkg", "rd") == "kiek-uut-salland_rd.gpkg"
    assert slug("???") == "gebied"
