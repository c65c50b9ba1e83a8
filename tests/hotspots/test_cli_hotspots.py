"""``python -m gis hotspots``: the GeoPackage it writes, the map, and its exit codes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from gis.__main__ import main
from gis.i18n import fmt_int
from gis.store import open_store


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
    cells = gpd.read_file(out, layer="hotspots")
    assert cells.crs.to_epsg() == 28992
    assert {"cell_id", "count", "z", "p", "p_adj", "class", "geometry"} <= set(cells.columns)
    assert set(cells["class"].unique()) <= {-3, -2, -1, 0, 1, 2, 3}
    assert cells["count"].sum() > 0 and (cells.geom_type.isin(["Polygon", "MultiPolygon"])).all()
    assert png.read_bytes()[:4] == b"\x89PNG"


def counted_by_hand(db: str, cells: gpd.GeoDataFrame, start: date | None, end: date | None) -> pd.Series:
    """Per cell_id the incidents of ``start``..``end`` (inclusive) inside the cell's polygon, read from the
    database with plain SQL and located with a spatial join (not with the analysis' own counting)."""
    s = open_store(db, read_only=True)
    try:
        rows = s.query_df("SELECT x, y, occurred_on FROM incidents")
    finally:
        s.close()
    day = pd.to_datetime(rows["occurred_on"]).dt.date
    keep = pd.Series(True, index=rows.index)
    if start is not None:
        keep &= day >= start
    if end is not None:
        keep &= day <= end
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(rows.loc[keep, "x"], rows.loc[keep, "y"]), crs=28992)
    hits = gpd.sjoin(points, cells[["cell_id", "geometry"]], predicate="within")
    by_cell = hits.groupby("cell_id").size()
    return by_cell.reindex(cells["cell_id"], fill_value=0).rename("count")


def test_area_and_period_options(db: str, tmp_path: Path, capsys) -> None:
    half, whole = tmp_path / "half.gpkg", tmp_path / "all.gpkg"
    assert main(["--db", db, "hotspots", "--area", "Overijssel", "--from", "02-01-2025", "--to", "2025-06-30",
                 "--cell", "1000", "--distance", "2000", "--out", str(half)]) == 0  # fmt: skip
    text = capsys.readouterr().out
    assert main(["--db", db, "hotspots", "--area", "Overijssel",
                 "--cell", "1000", "--distance", "2000", "--out", str(whole)]) == 0  # fmt: skip
    capsys.readouterr()
    cells, every = gpd.read_file(half, layer="hotspots"), gpd.read_file(whole, layer="hotspots")
    assert cells.crs.to_epsg() == 28992
    assert cells.columns.tolist() == ["cell_id", "count", "rate_km2", "area_km2", "z", "p", "p_adj", "class",
                                      "class_label", "geometry"]  # fmt: skip
    assert cells["cell_id"].is_unique and cells["cell_id"].tolist() == every["cell_id"].tolist()  # same study cells
    store = open_store(db, read_only=True)
    try:
        overijssel = store.provinces().set_index("name").geometry["Overijssel"]
    finally:
        store.close()
    assert cells.union_all().area == pytest.approx(overijssel.area, rel=1e-6)  # the cells cover the province
    # counts: only the incidents of the period (both ends included), each in the cell that holds it; the
    # first and last day and the day after hold records, so a day too many or too few changes the counts
    one_day = lambda d: int(counted_by_hand(db, cells, d, d).sum())  # noqa: E731
    assert one_day(date(2025, 1, 2)) > 0 and one_day(date(2025, 6, 30)) > 0 and one_day(date(2025, 7, 1)) > 0
    expected = counted_by_hand(db, cells, date(2025, 1, 2), date(2025, 6, 30))
    pd.testing.assert_series_equal(cells.set_index("cell_id")["count"], expected)
    assert cells["count"].sum() == expected.sum() > 0
    assert f"Hotspots voor Overijssel: {fmt_int(int(expected.sum()))} meldingen in {fmt_int(len(cells))} cellen" in text
    # without the period every incident in Overijssel counts: more in all, never fewer in a cell
    pd.testing.assert_series_equal(every.set_index("cell_id")["count"], counted_by_hand(db, every, None, None))
    assert every["count"].sum() > cells["count"].sum()
    assert (every["count"].to_numpy() >= cells["count"].to_numpy()).all()


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
