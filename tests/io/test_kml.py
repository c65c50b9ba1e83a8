"""KML as Google Earth and My Maps write it: dates from TimeStamp/TimeSpan, ExtendedData fields,
description tables and lines, every folder, and polygons with holes; hostile text stays text."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from gis.__main__ import main
from gis.importing import read_table
from gis.io.area_files import read_area_file
from gis.io.kml import read_kml

DATA = Path(__file__).parent / "data"


def test_google_earth_dates_fields_and_folders_become_columns() -> None:
    frame = read_kml(DATA / "google_earth.kml")
    assert frame["name"].tolist() == ["Vaten bij bosrand", "Jerrycans", "Gebied"]
    assert frame["map"].tolist()[:2] == ["Drugsafval", "Drugsafval / Sub"] and pd.isna(frame.loc[2, "map"])
    assert frame.loc[0, "datum"] == "2024-05-03T14:20:00+02:00"  # TimeStamp, with its time and zone
    assert frame.loc[1, "datum"] == "2024-06-01" and frame.loc[1, "datum_einde"] == "2024-06-02"  # TimeSpan
    assert frame.loc[0, "Pleegtijd"] == "14:20"  # ExtendedData/Data
    assert frame["Registratienr"].tolist()[:2] == ["PL0600-2024-001", "PL0600-2024-002"]  # table, SimpleData
    assert frame.loc[0, "Categorie"] == "drugslab"
    assert frame.geometry.geom_type.tolist() == ["Point", "Point", "Polygon"]
    assert frame.crs.to_epsg() == 4326
    assert (frame.geometry.iloc[0].x, frame.geometry.iloc[0].y) == (6.5921, 52.1503)


def test_my_maps_fields_and_hostile_text_stay_text() -> None:
    frame = read_kml(DATA / "my_maps.kml")
    assert frame.loc[0, "name"] == "<script>alert(1)</script>"
    assert frame.loc[0, "Datum"] == "12-03-2024" and frame.loc[0, "Soort"] == "vaten"
    assert frame.loc[0, "Opmerking"] == '=HYPERLINK("http://x")'  # from the description lines, as text
    assert frame["map"].tolist() == ["Laag zonder titel", "Gebieden"]
    polygon = frame.geometry.iloc[1]
    assert polygon.geom_type == "Polygon" and len(polygon.interiors) == 1


def test_the_import_takes_a_google_earth_kml_with_its_dates(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = str(tmp_path / "db.duckdb")
    assert main(["--db", db, "init", "--no-demo"]) == 0
    table = read_table(DATA / "google_earth.kml")
    assert "datum" in table.frame.columns and table.geometry is not None
    code = main(["--db", db, "import", "--layer", "incidents", str(DATA / "google_earth.kml"), "--source", "politie"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Goed: 2 rijen" in out.out  # the two points; the polygon has no date and is refused by row
    with duckdb.connect(db, read_only=True) as con:
        dates = [r[0] for r in con.execute("SELECT occurred_on FROM incidents ORDER BY occurred_on").fetchall()]
    assert [pd.Timestamp(d).date().isoformat() for d in dates] == ["2024-05-03", "2024-06-01"]


def test_an_area_drawn_in_my_maps_is_read_as_a_polygon_with_its_name() -> None:
    areas = read_area_file("my_maps.kml", (DATA / "my_maps.kml").read_bytes())
    assert areas["name"].tolist() == ["Buurtschap Oost"]
    assert areas.crs.to_epsg() == 28992 and areas.geometry.iloc[0].area > 1_000_000
