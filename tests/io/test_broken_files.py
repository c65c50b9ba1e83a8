"""Every broken partner file is refused in Dutch, naming the file, with exit code 2, through every path:
the command line for each layer and the areas, and the readers behind the import and area pages."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from gis.__main__ import main
from gis.importing import ImportFileError, read_table
from gis.io.area_files import AreaFileError, read_area_file

KML_HEAD = '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'


def _empty_sqlite(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE iets (a INTEGER)")
    con.commit()
    con.close()
    return path.read_bytes()


BROKEN: dict[str, object] = {
    "kapot.gpkg": b"SQLite format 3\x00\x10\x00" + b"\x00" * 80 + b"rommel" * 200,
    "kapot.kml": KML_HEAD + "<Placemark><name>x</name><Point><coordinates>6.1,52.2</coordinates>",
    "leeg.kml": KML_HEAD + "<name>leeg</name></Document></kml>",
    "geenzip.zip": b"dit is geen zip",
    "afgekapt.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point",',
    "coordinaten.kml": KML_HEAD + "<Placemark><Point><coordinates>zes,vijftig</coordinates></Point></Placemark>"
    "</Document></kml>",
    "geenlaag.gpkg": _empty_sqlite,
}
REASON = {
    "kapot.gpkg": "geen leesbare GeoPackage",
    "kapot.kml": "onvolledig of beschadigd",
    "leeg.kml": "geen plaatsmarkeringen",
    "geenzip.zip": ".zip",
    "afgekapt.geojson": "onvolledig of beschadigd (de fout zit bij regel 1",
    "coordinaten.kml": "ongeldige coördinaten 'zes,vijftig'",
    "geenlaag.gpkg": "GeoPackage",
}
# What GDAL, Python or zipfile would say in English; none of it may reach the user.
ENGLISH = re.compile(r"Traceback|Error\b|Failed|Unterminated|not a database|out of bounds|BadZip|parsing|"
                     r"Onverwachte fout", re.I)  # fmt: skip


def _write(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    content = BROKEN[name]
    if callable(content):
        content = content(tmp_path / f"tmp_{name}")
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("db") / "leeg.duckdb")
    assert main(["--db", path, "init", "--no-demo"]) == 0
    return path


@pytest.mark.parametrize("layer", ["incidents", "dumpings", "barns", "areas"])
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_command_line_refuses_each_broken_file_with_exit_2_in_dutch(
    tmp_path: Path, db: str, name: str, layer: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, name)
    extra = ["--source", "politie"] if layer == "incidents" else []
    assert main(["--db", db, "import", "--layer", layer, str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert f"'{name}'" in err and REASON[name] in err and "niets ingelezen" in err, err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_page_readers_refuse_each_broken_file_in_dutch(tmp_path: Path, name: str) -> None:
    data = _write(tmp_path, name).read_bytes()
    with pytest.raises(ImportFileError) as table_error:
        read_table(data, name=name)
    with pytest.raises(AreaFileError) as area_error:
        read_area_file(name, data)
    for message in (str(table_error.value), str(area_error.value)):
        assert name in message and REASON[name] in message, message
        assert not ENGLISH.search(message), message
        assert str(tmp_path) not in message  # no server paths either
