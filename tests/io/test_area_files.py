"""Area file import: each format, CRS detection, and the bad files of issue 3."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gis.io import area_files
from gis.io.area_files import AreaFileError, layers_of, read_area_file

BOX = shapely.box(200_000, 450_000, 203_000, 452_000)  # 600 ha in the Achterhoek/Twente


def frame(crs: str = "EPSG:28992") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"naam": ["Proefgebied"]}, geometry=[BOX], crs="EPSG:28992").to_crs(crs)


def write(tmp_path: Path, gdf: gpd.GeoDataFrame, name: str, driver: str) -> bytes:
    path = tmp_path / name
    gdf.to_file(path, driver=driver, engine="pyogrio")
    return path.read_bytes()


def zipped_shapefile(tmp_path: Path, gdf: gpd.GeoDataFrame, skip: tuple[str, ...] = ()) -> bytes:
    folder = tmp_path / "shp"
    folder.mkdir()
    gdf.to_file(folder / "gebied.shp", engine="pyogrio")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in folder.iterdir():
            if f.suffix not in skip:
                zf.write(f, f.name)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "driver", "crs"),
    [
        ("a.geojson", "GeoJSON", "EPSG:28992"),
        ("a.geojson", "GeoJSON", "EPSG:4326"),
        ("a.gpkg", "GPKG", "EPSG:28992"),
        ("a.gpkg", "GPKG", "EPSG:4326"),
        ("a.kml", "KML", "EPSG:4326"),  # KML is WGS84 by definition
    ],
)
def test_formats_and_crs(tmp_path: Path, name: str, driver: str, crs: str) -> None:
    got = read_area_file(name, write(tmp_path, frame(crs), name, driver))
    assert got.crs.to_epsg() == 28992
    assert got.geometry.iloc[0].area == pytest.approx(BOX.area, rel=1e-4)
    assert got["name"].iloc[0] == "Proefgebied"


def test_zipped_shapefile(tmp_path: Path) -> None:
    got = read_area_file("gebied.zip", zipped_shapefile(tmp_path, frame()))
    assert got.geometry.iloc[0].area == pytest.approx(BOX.area, rel=1e-6)


def test_shapefile_without_prj_is_detected_as_rd(tmp_path: Path) -> None:
    got = read_area_file("gebied.zip", zipped_shapefile(tmp_path, frame(), skip=(".prj",)))
    assert got.geometry.iloc[0].equals(BOX)  # same area; shapefiles store rings clockwise
    assert "ontbreekt de .prj" in got.attrs["notes"][0] and "RD New (EPSG:28992)" in got.attrs["notes"][0]


def test_points_beside_polygons_are_skipped_with_a_note(tmp_path: Path) -> None:
    mixed = gpd.GeoDataFrame({"name": ["vlak", "punt"]}, geometry=[BOX, shapely.Point(BOX.centroid)],
                             crs="EPSG:28992")  # fmt: skip
    got = read_area_file("a.gpkg", write(tmp_path, mixed, "a.gpkg", "GPKG"))
    assert got["name"].tolist() == ["vlak"]
    assert got.attrs["notes"] == ["1 object(en) die geen vlak zijn (Point) zijn overgeslagen."]


def test_geojson_without_crs_in_wgs84(tmp_path: Path) -> None:
    data = frame("EPSG:4326").to_json().encode()
    assert read_area_file("a.geojson", data).geometry.iloc[0].area == pytest.approx(BOX.area, rel=1e-4)


def test_geopackage_layers_listed(tmp_path: Path) -> None:
    data = write(tmp_path, frame(), "a.gpkg", "GPKG")
    assert layers_of("a.gpkg", data) == ["a"]


def swapped_geojson() -> bytes:
    gj = json.loads(frame("EPSG:4326").to_json())
    ring = gj["features"][0]["geometry"]["coordinates"][0]
    gj["features"][0]["geometry"]["coordinates"][0] = [[lat, lon] for lon, lat in ring]
    gj.pop("crs", None)
    return json.dumps(gj).encode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.geojson", b"", "leeg"),
        ("a.txt", b"x", "niet ondersteund"),
        ("a.geojson", b"{ niet json", "de GeoJSON is onvolledig of beschadigd"),
        ("a.geojson", gpd.GeoDataFrame(geometry=[shapely.Point(200_000, 450_000)], crs=28992).to_json().encode(),
         "geen vlakken"),
        ("a.geojson", swapped_geojson(), "lat/lon"),
        ("a.zip", b"PK\x03\x04 kapot", "beschadigd"),
    ],
)  # fmt: skip
def test_bad_files(name: str, data: bytes, message: str) -> None:
    with pytest.raises(AreaFileError, match=message):
        read_area_file(name, data)


def test_zip_without_shp(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("leesmij.txt", "geen shapefile")
    with pytest.raises(AreaFileError, match=r"geen \.shp"):
        read_area_file("a.zip", buf.getvalue())


def test_unknown_crs_is_named(tmp_path: Path) -> None:
    data = write(tmp_path, frame("EPSG:3035"), "a.gpkg", "GPKG")
    with pytest.raises(AreaFileError, match="EPSG:3035"):
        read_area_file("a.gpkg", data)


def test_too_large_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(area_files, "MAX_BYTES", 1000)
    with pytest.raises(AreaFileError, match="grens is"):
        read_area_file("a.geojson", b" " * 5000)
