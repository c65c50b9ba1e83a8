"""GeoPackage exports open cleanly in older QGIS (version 1.2, conformant DATE/DATETIME) and carry the
app's style in ``layer_styles``; fields are readable (activities as words, history, municipalities)."""

from __future__ import annotations

import sqlite3
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from gis.io.area_export import export_areas, with_history
from gis.io.layer_export import export_points

BOX = shapely.box(220_000, 470_000, 222_000, 471_000)


def _saved(data: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "export.gpkg"
    path.write_bytes(data)
    return path


def _read_strict(path: Path, layer: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # GDAL's "Non-conformant content" is a RuntimeWarning
        return pyogrio.read_dataframe(path, layer=layer)


def _styles(path: Path) -> list[tuple[str, bool, str]]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT f_table_name, useAsDefault, styleQML FROM layer_styles").fetchall()


def test_dumpings_gpkg_is_version_1_2_with_utc_times_and_a_status_style(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": [220_500.0, 221_000.0], "y": [470_500.0, 470_600.0],
                          "found_at": pd.to_datetime(["2024-12-04 14:20", "2024-07-01 09:00"]),
                          "status": ["gemeld", "geruimd"], "notes": ["=1+1", "<b>x</b>"]})  # fmt: skip
    path = _saved(export_points(frame, "gpkg", "rd", "dumpingen"), tmp_path)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # 'GPKG'
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10200  # GeoPackage 1.2, not 1.4
        stored = [r[0] for r in con.execute("SELECT found_at FROM dumpingen ORDER BY fid")]
    # Dutch wall time 14:20 in December is 13:20 UTC; 09:00 in July is 07:00 UTC (summer time)
    assert stored == ["2024-12-04T13:20:00.000Z", "2024-07-01T07:00:00.000Z"]
    back = _read_strict(path, "dumpingen")
    assert back["notes"].tolist() == ["=1+1", "<b>x</b>"]
    ((table, default, qml),) = _styles(path)
    assert table == "dumpingen" and default
    renderer = ET.fromstring(qml.split(">", 1)[1]).find("renderer-v2")  # after the DOCTYPE
    assert renderer is not None and renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "status"
    values = [c.get("value") for c in renderer.iter("category")]
    assert values == ["gemeld", "in onderzoek", "geruimd", "gesloten"]
    colours = {o.get("value") for o in renderer.iter("Option") if o.get("name") == "color"}
    assert len(colours) == 4  # a colour per status


def test_incident_dates_are_date_fields(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": [220_500.0], "y": [470_500.0], "occurred_on": pd.to_datetime(["2024-03-05"]),
                          "source_org": ["politie"], "category": ["drugslab"]})  # fmt: skip
    path = _saved(export_points(frame, "gpkg", "rd", "incidents"), tmp_path)
    with sqlite3.connect(path) as con:
        types = {r[1]: r[2] for r in con.execute("PRAGMA table_info(incidents)")}
        assert types["occurred_on"] == "DATE"
        assert con.execute("SELECT occurred_on FROM incidents").fetchone()[0] == "2024-03-05"
    assert str(_read_strict(path, "incidents")["occurred_on"].iloc[0].date()) == "2024-03-05"
    assert "source_org" in _styles(path)[0][2]


def test_area_gpkg_has_readable_fields_history_municipalities_and_a_style(tmp_path: Path) -> None:
    areas = gpd.GeoDataFrame({"id": [7], "name": ["Salland Oost"], "process_status": ["afbakening"],
                              "activities": ['{"kinds": ["landbouw", "natuur"], "text": "=1+1"}']},
                             geometry=[BOX], crs="EPSG:28992")  # fmt: skip
    municipalities = gpd.GeoDataFrame(
        {"code": ["GM0001", "GM0002", "GM0003"], "name": ["Westdorp", "Oostdorp", "Verweg"]},
        geometry=[shapely.box(219_000, 469_000, 221_000, 472_000), shapely.box(221_000, 469_000, 223_000, 472_000),
                  shapely.box(300_000, 400_000, 301_000, 401_000)],
        crs="EPSG:28992",
    )  # fmt: skip
    changed = pd.Timestamp("2026-11-30 10:15")
    full = with_history(areas, {7: {"version": 3, "changed_by": "gis.deventer", "changed_at": changed}},
                        municipalities)  # fmt: skip
    path = _saved(export_areas(full, "gpkg", "rd"), tmp_path)
    back = _read_strict(path, "pps_gebieden")
    row = back.iloc[0]
    assert row["activities"] == "landbouw, natuur; =1+1"  # words, not the stored JSON
    assert row["municipalities"] == "Oostdorp, Westdorp"
    assert (row["version"], row["changed_by"]) == (3, "gis.deventer")
    assert row["changed_at"] == pd.Timestamp("2026-11-30 09:15", tz="UTC")
    assert row["hectares"] == pytest.approx(200.0)
    ((table, _default, qml),) = _styles(path)
    assert table == "pps_gebieden" and 'fieldName="name"' in qml and "singleSymbol" in qml
