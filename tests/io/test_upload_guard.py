"""Uploads open only what they say they are: each attack through every upload path.

Paths: the area reader of the Gebieden page (``read_area_file``/``layers_of``), ``python -m gis import
--layer areas``, the point import (``read_table`` and ``python -m gis import --layer incidents``), and
photos/attachments. Each attack reads a secret file or contacts a local port when the file is opened as
GDAL would guess it; the tests assert a Dutch refusal and that the secret and the port were never seen.
"""

from __future__ import annotations

import io
import socket
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from gis.__main__ import main
from gis.importing.errors import ImportFileError
from gis.importing.readers import read_table
from gis.io.area_files import AreaFileError, layers_of, read_area_file
from gis.io.attachments import AttachmentError, check_attachment
from gis.io.photos import PhotoError, check_photo
from gis.io.upload_guard import FileKind, UploadRefused, check_file
from tests.importing.files import xlsx_file
from tests.photo_factory import png_bomb

SECRET = "GEHEIM-7731"
BOX = shapely.box(200_000, 450_000, 203_000, 452_000)  # in the Achterhoek: a valid area if it got through


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the upload: a CSV with a polygon in RD New and the secret as its name."""
    path = tmp_path / "geheim.csv"
    path.write_text(f'naam,wkt\n{SECRET},"{BOX.wkt}"\n', encoding="utf-8")
    return path


def vrt(source: str) -> bytes:
    """A GDAL VRT reading ``source``; the comment makes it pass a naive '<kml' content test."""
    return (
        "<OGRVRTDataSource><!-- <kml> -->"
        f'<OGRVRTLayer name="geheim"><SrcDataSource>{source}</SrcDataSource><SrcLayer>geheim</SrcLayer>'
        '<GeometryType>wkbPolygon</GeometryType><LayerSRS>EPSG:28992</LayerSRS><GeometryField encoding="WKT" '
        'field="wkt"/></OGRVRTLayer></OGRVRTDataSource>'
    ).encode()


def shapefile_parts(tmp_path: Path) -> dict[str, bytes]:
    folder = tmp_path / "echt"
    folder.mkdir(exist_ok=True)
    gpd.GeoDataFrame({"naam": ["Echt"]}, geometry=[BOX], crs=28992).to_file(folder / "gebied.shp", engine="pyogrio")
    return {f"gebied{p.suffix}": p.read_bytes() for p in folder.iterdir()}


def zipped(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "cli.duckdb")
    assert main(["--db", db, "init", "--no-demo"]) == 0
    return db


@pytest.fixture
def listener() -> Iterator[tuple[int, socket.socket]]:
    """A local port that records whether anything connected to it."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.3)
        yield server.getsockname()[1], server


def assert_no_connection(server: socket.socket) -> None:
    with pytest.raises(TimeoutError):
        server.accept()[0].close()


def area_refused(name: str, data: bytes) -> str:
    with pytest.raises(AreaFileError) as err:
        read_area_file(name, data)
    assert SECRET not in str(err.value)
    return str(err.value)


def points_refused(path: Path) -> str:
    with pytest.raises(ImportFileError) as err:
        read_table(path)
    assert SECRET not in str(err.value)
    return str(err.value)


def cli_refused(db: str, layer: str, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--db", db, "import", "--layer", layer, str(path), "--dry-run"]) == 2
    out, err = capsys.readouterr()
    assert SECRET not in out + err and "Er is niets ingelezen" in err
    return err


def every_path(tmp_path: Path, name: str, data: bytes, db: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The refusal of each upload path for one file (areas: only names the area reader accepts)."""
    path = tmp_path / name
    path.write_bytes(data)
    messages = [points_refused(path), cli_refused(db, "incidents", path, capsys)]
    messages.append(cli_refused(db, "areas", path, capsys))
    if Path(name).suffix in (".geojson", ".json", ".gpkg", ".kml", ".zip"):
        messages.append(area_refused(name, data))
        with pytest.raises(AreaFileError):
            layers_of(name, data)
    return messages


@pytest.mark.parametrize("name", ["gebied.geojson", "gebied.kml", "gebied.gpkg", "gebied.csv", "gebied.json"])
def test_vrt_under_any_name_is_refused_everywhere(tmp_path: Path, secret: Path, cli_db: str, capsys, name: str) -> None:
    for message in every_path(tmp_path, name, vrt(str(secret)), cli_db, capsys):
        assert f"'{name}' is geweigerd: het is een GDAL-VRT-bestand" in message or (
            name.endswith(".csv") and "Bestandstype '.csv' wordt niet ondersteund" in message  # areas: no CSV at all
        )


def test_vrt_pointing_at_a_url_is_refused_without_connecting(tmp_path: Path, listener, cli_db: str, capsys) -> None:
    port, server = listener
    data = vrt(f"/vsicurl/http://127.0.0.1:{port}/geheim.csv")
    for name in ("gebied.geojson", "gebied.kml", "gebied.gpkg"):
        for message in every_path(tmp_path, name, data, cli_db, capsys):
            assert "GDAL-VRT" in message
    assert_no_connection(server)


def test_area_message_names_the_file_and_the_formats(secret: Path) -> None:
    assert area_refused("x.geojson", vrt(str(secret))) == (
        "Bestand 'x.geojson' is geweigerd: het is een GDAL-VRT-bestand dat naar andere bestanden kan verwijzen. "
        "Upload het gebied als GeoJSON, GeoPackage, zipped Shapefile of KML."
    )


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "FeatureCollection", "name": "/vsicurl/http://127.0.0.1:1/x", "features": []}',
        '{"type": "FeatureCollection", "name": "\\/vsizip\\/\\/tmp\\/a.zip", "features": []}',
        '{"type": "FeatureCollection", "crs": {"type": "link", "properties": {"href": "file:///etc/passwd"}}}',
        '{"type": "FeatureCollection", "x": "<SrcDataSource>/etc/passwd</SrcDataSource>"}',
    ],
)
def test_geojson_referring_to_other_files_is_refused(tmp_path: Path, cli_db: str, capsys, text: str) -> None:
    for message in every_path(tmp_path, "gebied.geojson", text.encode(), cli_db, capsys):
        assert "verwijst naar een ander bestand of adres" in message


def test_content_must_match_the_suffix(tmp_path: Path, cli_db: str, capsys) -> None:
    gpkg = tmp_path / "echt.gpkg"
    gpd.GeoDataFrame({"naam": ["Echt"]}, geometry=[BOX], crs=28992).to_file(gpkg, engine="pyogrio")
    for message in every_path(tmp_path, "gebied.geojson", gpkg.read_bytes(), cli_db, capsys):
        assert "'gebied.geojson' is geweigerd: de " in message and ".geojson" in message
    geojson = gpd.GeoDataFrame({"naam": ["Echt"]}, geometry=[BOX], crs=28992).to_json().encode()
    (tmp_path / "x.gpkg").write_bytes(geojson)
    assert "de naam eindigt op .gpkg, maar de inhoud is geojson" in points_refused(tmp_path / "x.gpkg")
    assert "de inhoud past niet bij .gpkg" in area_refused("x.gpkg", geojson)
    assert "de inhoud past niet bij .kml" in area_refused("x.kml", geojson)


def test_zip_with_a_vrt_member_or_a_vrt_as_shp_is_refused(tmp_path: Path, secret: Path, cli_db: str, capsys) -> None:
    parts = shapefile_parts(tmp_path)
    with_member = zipped({**parts, "lek.vrt": vrt(str(secret))})
    for message in every_path(tmp_path, "gebied.zip", with_member, cli_db, capsys):
        assert "Bestand 'gebied.zip: lek.vrt' is geweigerd: het is een GDAL-VRT-bestand" in message
    as_shp = zipped({**parts, "gebied.shp": vrt(str(secret))})
    for message in every_path(tmp_path, "gebied.zip", as_shp, cli_db, capsys):
        assert "Bestand 'gebied.zip: gebied.shp' is geweigerd: het is een GDAL-VRT-bestand" in message


@pytest.mark.parametrize("member", ["../../buiten.shp", "/tmp/buiten.shp", "C:\\temp\\buiten.shp"])
def test_zip_slip_is_refused(tmp_path: Path, cli_db: str, capsys, member: str) -> None:
    parts = shapefile_parts(tmp_path)
    for message in every_path(tmp_path, "gebied.zip", zipped({**parts, member: b"x"}), cli_db, capsys):
        assert "ongeldig pad" in message
    assert not (tmp_path.parent / "buiten.shp").exists()


def test_nested_zip_and_too_many_members_are_refused(tmp_path: Path, cli_db: str, capsys) -> None:
    parts = shapefile_parts(tmp_path)
    for message in every_path(tmp_path, "gebied.zip", zipped({**parts, "binnen.zip": zipped(parts)}), cli_db, capsys):
        assert "een zip-bestand in een zip-bestand wordt niet uitgepakt" in message
    crowded = zipped({**parts, **{f"leeg/{i}.txt": b"" for i in range(1001)}})
    for message in every_path(tmp_path, "gebied.zip", crowded, cli_db, capsys):
        assert f"het zip-bestand heeft {len(parts) + 1001} onderdelen; de grens is 1000" in message


def kml_with_entity(target: Path) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE kml [<!ENTITY geheim SYSTEM "{target}">]>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&geheim;</name>'
        "<Polygon><outerBoundaryIs><LinearRing><coordinates>6.5,52.0 6.6,52.0 6.6,52.1 6.5,52.0</coordinates>"
        "</LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>"
    ).encode()


def test_xxe_in_kml_is_refused(tmp_path: Path, secret: Path, cli_db: str, capsys) -> None:
    for message in every_path(tmp_path, "gebied.kml", kml_with_entity(secret), cli_db, capsys):
        assert "DOCTYPE- of ENTITY-declaratie" in message
    laughs = b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><kml/>'
    assert "DOCTYPE- of ENTITY-declaratie" in area_refused("lach.kml", laughs)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b'<?xml version="1.0" encoding="UTF-7"?><kml>+ADw-!DOCTYPE</kml>', "tekenset 'UTF-7'"),
        ("<kml></kml>".encode("utf-16"), "een KML-bestand is XML"),
        (b"<?xml version='1.0'?><gpx></gpx>", "hoofdelement is geen <kml>"),
    ],
)
def test_kml_that_scans_cannot_see_through_is_refused(data: bytes, why: str) -> None:
    assert why in area_refused("gebied.kml", data)


def test_xxe_in_an_xlsx_sheet_is_refused(tmp_path: Path, secret: Path, cli_db: str, capsys) -> None:
    book = xlsx_file(tmp_path, [["Pleegdatum", "X", "Y"], ["2024-03-01", 221000, 455000]], name="boek.xlsx")
    with zipfile.ZipFile(book) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY geheim SYSTEM "{secret}">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&geheim;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    path = tmp_path / "incidenten.xlsx"
    path.write_bytes(zipped(parts))
    assert "'incidenten.xlsx: xl/worksheets/sheet1.xml' is geweigerd: het bevat een DOCTYPE" in points_refused(path)
    assert "DOCTYPE- of ENTITY-declaratie" in cli_refused(cli_db, "incidents", path, capsys)


def poisoned_gpkg(tmp_path: Path, secret: Path, how: str) -> bytes:
    path = tmp_path / f"{how}.gpkg"
    gpd.GeoDataFrame({"naam": ["Echt"]}, geometry=[BOX], crs=28992).to_file(path, layer="gebied", engine="pyogrio")
    con = sqlite3.connect(path)
    if how == "virtualogr":
        con.execute("PRAGMA writable_schema=ON")
        sql = f"CREATE VIRTUAL TABLE lek USING VirtualOGR('{secret}')"
        con.execute("INSERT INTO sqlite_master VALUES ('table', 'lek', 'lek', 0, ?)", (sql,))
    elif how == "contents":
        con.execute("UPDATE gpkg_contents SET description = '/vsicurl/http://127.0.0.1:1/x'")
    else:
        con.execute("CREATE VIEW lek AS SELECT ogr_datasource_load_layers('/tmp/x') AS x")
    con.commit()
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("how", ["virtualogr", "contents", "view"])
def test_geopackage_with_foreign_tables_or_references_is_refused(
    tmp_path: Path, secret: Path, cli_db: str, capsys, how: str
) -> None:
    for message in every_path(tmp_path, "gebied.gpkg", poisoned_gpkg(tmp_path, secret, how), cli_db, capsys):
        assert "Bestand 'gebied.gpkg' is geweigerd" in message


def test_good_files_still_pass_and_gdal_has_no_vrt_driver(tmp_path: Path) -> None:
    gpkg = tmp_path / "g.gpkg"
    gpd.GeoDataFrame({"naam": ["Echt"]}, geometry=[BOX], crs=28992).to_file(gpkg, engine="pyogrio")
    assert read_area_file("g.gpkg", gpkg.read_bytes())["name"].tolist() == ["Echt"]
    assert read_area_file("g.zip", zipped(shapefile_parts(tmp_path)))["name"].tolist() == ["Echt"]
    assert "OGR_VRT" not in pyogrio.list_drivers()  # removed from GDAL altogether
    raster = tmp_path / "r.csv"
    raster.write_bytes(b"  <VRTDataset rasterXSize='1'/>")
    with pytest.raises(UploadRefused, match="GDAL-VRT"):
        check_file(raster, FileKind.CSV, "r.csv", max_unzipped=1)


def test_60_megapixel_png_is_refused_before_decoding() -> None:
    png = png_bomb(8_000, 7_500)  # 60 million pixels in a few kB; 438 MB when decoded
    assert len(png) < 200_000
    started = time.perf_counter()
    with pytest.raises(PhotoError) as err:
        check_photo("groot.png", png)
    assert err.value.errors == ["'groot.png' is te groot: 8.000 × 7.500 pixels; maximaal 40 miljoen pixels."]
    with pytest.raises(AttachmentError, match=r"'scan.png' is te groot: 8\.000 × 7\.500 pixels; maximaal 40"):
        check_attachment("overig", "scan.png", png)
    assert time.perf_counter() - started < 1.0  # decoding alone takes longer than this
