"""``python -m gis hotspots``: the GeoPackage it writes, the map, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from gis.__main__ import main


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    return str(copy)


def test_writes_one_row_per_cell_with_class_and_a_map(db: str, tmp_path: Path, capsys) -> None:
    out, png = tmp_path / "h.gpkg", tmp_path / "h.png"
    code = main(["--db", db, "hotspots", "--layer", "incidents", "--cell", "1000", "--distance", "2000",
                 "--correction", "holm", "--out", str(out), "--map", str(png)])  # fmt: skip
    assert code == 0
    text = capsys.readouterr().out
    assert "Hotspots voor" in text and "cellen geschreven naar" in text
    cells = gpd.read_file(out)
    assert cells.crs.to_epsg() == 28992
    assert {"cell_id", "count", "z", "p", "p_adj", "class", "geometry"} <= set(cells.columns)
    assert set(cells["class"].unique()) <= {-3, -2, -1, 0, 1, 2, 3}
    assert cells["count"].sum() > 0 and (cells.geom_type.isin(["Polygon", "MultiPolygon"])).all()
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_area_and_period_options(db: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "a.gpkg"
    assert main(["--db", db, "hotspots", "--area", "Overijssel", "--from", "01-01-2024", "--to", "2026-12-31",
                 "--cell", "1000", "--distance", "2000", "--out", str(out)]) == 0  # fmt: skip
    assert "Overijssel" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cell", "0", "--distance", "500"], "Celgrootte 0"),
        (["--cell", "100000", "--distance", "500"], "Celgrootte"),
        (["--cell", "1000", "--distance", "2000", "--area", "Atlantis"], "bestaat niet"),
        (["--cell", "1000", "--distance", "2000", "--from", "2001-01-01", "--to", "2001-02-01"], "minder dan 10"),
    ],
)
def test_refusals_exit_2_and_write_nothing(db: str, tmp_path: Path, capsys, args: list[str], message: str) -> None:
    out = tmp_path / "x.gpkg"
    assert main(["--db", db, "hotspots", *args, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_wrong_output_name_is_refused(db: str, tmp_path: Path, capsys) -> None:
    assert main(["--db", db, "hotspots", "--cell", "500", "--distance", "1000", "--out", str(tmp_path / "h.csv")]) == 2
    assert ".gpkg" in capsys.readouterr().err
