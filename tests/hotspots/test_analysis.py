"""The hotspot analysis on a store: selections, bad input, periods, emerging patterns, PAI, exports."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.hotspots.analysis import HotspotQuery, run_hotspots, study_area
from gis.hotspots.cells import make_cells
from gis.hotspots.export import gpkg_bytes, map_image
from gis.hotspots.gistar import HotspotError
from gis.hotspots.grid import GridError
from gis.hotspots.periods import bins, compare_periods, emerging, pai_check, previous_period
from gis.store import Store

CLUSTER = (230_000.0, 470_000.0)  # in Overijssel


def add_incidents(store: Store, x: np.ndarray, y: np.ndarray, day: date, source: str = "politie") -> None:
    frame = pd.DataFrame({"x": x, "y": y, "source_org": source, "category": "drugslab", "occurred_on": day})
    store.insert_points(Layer.INCIDENTS, frame)


@pytest.fixture
def cluster_store(store: Store) -> Store:
    """Background incidents over a 20 km square plus a tight cluster, in two periods."""
    rng = np.random.default_rng(3)
    sq = (CLUSTER[0] - 10_000, CLUSTER[1] - 10_000)
    for day in (date(2025, 3, 1), date(2026, 3, 1)):
        add_incidents(store, rng.uniform(sq[0], sq[0] + 20_000, 400), rng.uniform(sq[1], sq[1] + 20_000, 400), day)
        add_incidents(store, rng.normal(CLUSTER[0], 200, 150), rng.normal(CLUSTER[1], 200, 150), day, "riec")
    store.add_area("Proefgebied", shapely.box(sq[0], sq[1], sq[0] + 20_000, sq[1] + 20_000), created_by="test")
    return store


def area_query(store: Store, **kw: object) -> HotspotQuery:
    area_id = int(store.areas()["id"].iloc[0])
    return HotspotQuery(area_id=area_id, **kw)  # type: ignore[arg-type]


def test_cluster_is_a_99_percent_hotspot_and_tops_the_table(cluster_store: Store) -> None:
    r = run_hotspots(cluster_store, area_query(cluster_store, cell_m=500, distance_m=1000))
    assert r.cells.n == 1600 and r.n_events == 1100
    cx, cy = r.cells.centres()
    at_cluster = np.argmin((cx - CLUSTER[0]) ** 2 + (cy - CLUSTER[1]) ** 2)
    assert r.classes[at_cluster] == 3
    top = r.top(cluster_store, 5)
    assert top["rank"].tolist()[:1] == [1] and top["count"].iloc[0] > 50
    assert top["riec"].iloc[0] > 0 and top["municipality"].iloc[0] != ""
    assert r.counts.sum() == sum(v.sum() for v in r.by_source.values())


def test_holm_is_stricter_than_fdr_and_none_is_loosest(cluster_store: Store) -> None:
    n = {c: int((run_hotspots(cluster_store, area_query(cluster_store, cell_m=500, correction=c)).classes != 0).sum())
         for c in ("holm", "fdr", "none")}  # fmt: skip
    assert n["holm"] <= n["fdr"] <= n["none"]
    assert n["holm"] > 0


def test_category_and_period_filters_select(cluster_store: Store) -> None:
    q = area_query(cluster_store, cell_m=500, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    assert run_hotspots(cluster_store, q).n_events == 550
    with pytest.raises(HotspotError, match="minder dan 10 meldingen"):
        run_hotspots(cluster_store, area_query(cluster_store, cell_m=500, categories=("hennepkwekerij",)))


@pytest.mark.parametrize(
    ("kw", "error", "message"),
    [
        ({"cell_m": 0}, GridError, "Celgrootte 0"),
        ({"cell_m": 100_000}, GridError, "Celgrootte"),
        ({"date_from": date(2020, 1, 1), "date_to": date(2020, 2, 1)}, HotspotError, "minder dan 10 meldingen"),
        ({"layers": ()}, HotspotError, "Geen laag"),
        ({"correction": "bonferroni"}, HotspotError, "correctie"),
        ({"distance_m": 1e7}, HotspotError, "hele gebied"),
        ({"distance_m": 0}, HotspotError, "groter dan 0"),
    ],
)
def test_bad_choices_give_dutch_messages(cluster_store: Store, kw: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        run_hotspots(cluster_store, area_query(cluster_store, **kw))


def test_a_single_incident_and_an_empty_store_are_refused(store: Store) -> None:
    with pytest.raises(HotspotError, match="minder dan 10 meldingen"):
        run_hotspots(store, HotspotQuery(cell_m=1000))
    add_incidents(store, np.array([230_000.0]), np.array([470_000.0]), date(2026, 1, 1))
    with pytest.raises(HotspotError, match="minder dan 10 meldingen") as refused:
        run_hotspots(store, HotspotQuery(cell_m=1000))
    assert "1" not in str(refused.value).replace("10", "")  # the number of records is not told


def test_area_over_water_only_is_a_clear_message(store: Store) -> None:
    add_incidents(store, np.full(20, 230_000.0), np.full(20, 470_000.0), date(2026, 1, 1))
    store.add_area("IJsselmeer", shapely.box(150_000, 530_000, 160_000, 540_000), created_by="test")
    with pytest.raises(HotspotError, match="minder dan 10 meldingen"):
        run_hotspots(store, area_query(store, cell_m=250))


def test_no_nan_in_results_and_warnings_for_odd_designs(cluster_store: Store) -> None:
    r = run_hotspots(cluster_store, area_query(cluster_store, cell_m=1000, distance_m=500))
    assert np.isfinite(r.z).all() and np.isfinite(r.p_adj).all()
    assert any("kleiner dan een cel" in w for w in r.warnings)


def test_hexagons_find_the_same_cluster(cluster_store: Store) -> None:
    r = run_hotspots(cluster_store, area_query(cluster_store, cell_m=500, grid="h3"))
    assert r.cells.kind == "h3" and r.cells.n > 100
    cx, cy = r.cells.centres()
    assert r.classes[np.argmin((cx - CLUSTER[0]) ** 2 + (cy - CLUSTER[1]) ** 2)] == 3
    assert r.counts.sum() == 1100


def test_periods_compare_and_pai(cluster_store: Store) -> None:
    q = area_query(cluster_store, cell_m=500, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    study = study_area(cluster_store, q)
    cells = make_cells(study.geom, 500)
    before = previous_period(q.date_from, q.date_to)  # type: ignore[arg-type]
    assert before == (date(2025, 1, 1), date(2025, 12, 31))
    comp = compare_periods(cluster_store, q, study, cells, before)
    assert comp.summary().get("kept", 0) > 0 and comp.difference.sum() == 0
    check = pai_check(cluster_store, q, study, cells)
    assert check.build == before and check.result.pai is not None and check.result.pai > 5


def test_bins_cover_the_period_without_gaps() -> None:
    periods = bins(date(2024, 2, 15), date(2024, 11, 3), "quarter")
    assert periods[0] == (date(2024, 2, 15), date(2024, 3, 31))
    assert periods[-1] == (date(2024, 10, 1), date(2024, 11, 3))
    for (_, end), (start, _) in itertools.pairwise(periods):
        assert start == end + timedelta(days=1)


def test_emerging_finds_a_new_hotspot(store: Store) -> None:
    rng = np.random.default_rng(4)
    base = (220_000.0, 460_000.0)
    for month in range(1, 13):
        day = date(2025, month, 10)
        x, y = rng.uniform(base[0], base[0] + 10_000, 60), rng.uniform(base[1], base[1] + 10_000, 60)
        add_incidents(store, x, y, day)
    add_incidents(store, rng.normal(225_000, 150, 80), rng.normal(465_000, 150, 80), date(2025, 12, 12))
    store.add_area("Nieuw", shapely.box(base[0], base[1], base[0] + 10_000, base[1] + 10_000), created_by="test")
    q = area_query(store, cell_m=500, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    study = study_area(store, q)
    em = emerging(store, q, study, make_cells(study.geom, 500), "month")
    assert len(em.periods) == 12 and em.counts.sum() == 12 * 60 + 80
    cx, cy = make_cells(study.geom, 500).centres()
    assert em.pattern[np.argmin((cx - 225_000) ** 2 + (cy - 465_000) ** 2)] == "new"
    with pytest.raises(HotspotError, match="minstens 3"):
        emerging(store, q, study, make_cells(study.geom, 500), "year")


def test_gpkg_and_static_map_exports(cluster_store: Store, tmp_path) -> None:
    r = run_hotspots(cluster_store, area_query(cluster_store, cell_m=500))
    path = tmp_path / "h.gpkg"
    path.write_bytes(gpkg_bytes(r))
    back = gpd.read_file(path, layer="hotspots")
    assert len(back) == r.cells.n and back.crs.to_epsg() == 28992
    with sqlite3.connect(path) as con:  # GeoPackage 1.2 (QGIS 3.22-3.28 read it without warnings), styled
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10200
        ((table, qml),) = con.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall()
    assert table == "hotspots" and 'attr="class"' in qml and "Hotspot, 99% betrouwbaar" in qml
    assert {"cell_id", "count", "z", "p", "p_adj", "class"} <= set(back.columns)
    assert back["count"].sum() == 1100
    assert map_image(r, cluster_store, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert map_image(r, cluster_store, "pdf")[:5] == b"%PDF-"


def test_top_lists_places_not_neighbouring_cells(store: Store) -> None:
    rng = np.random.default_rng(8)
    base = (220_000.0, 460_000.0)
    add_incidents(store, rng.uniform(base[0], base[0] + 20_000, 600), rng.uniform(base[1], base[1] + 20_000, 600),
                  date(2026, 1, 1))  # fmt: skip
    for cx, cy, n in ((225_000, 465_000, 200), (235_000, 475_000, 120)):
        add_incidents(store, rng.normal(cx, 300, n), rng.normal(cy, 300, n), date(2026, 1, 1), "riec")
    store.add_area("Twee", shapely.box(base[0], base[1], base[0] + 20_000, base[1] + 20_000), created_by="test")
    r = run_hotspots(store, area_query(store, cell_m=250, distance_m=500))
    top = r.top(store, 5)
    cx, cy = r.cells.centres()
    peaks = top.attrs["index"]
    near = [min(np.hypot(cx[i] - a, cy[i] - b) for a, b in ((225_000, 465_000), (235_000, 475_000))) for i in peaks[:2]]
    assert max(near) < 1000  # the two strongest places are the two clusters, not two cells of the first
    assert np.hypot(cx[peaks[0]] - cx[peaks[1]], cy[peaks[0]] - cy[peaks[1]]) > 5000
    assert top["cells"].iloc[0] > 1 and top["count"].iloc[0] >= 150
    assert (top["riec"] <= top["count"]).all()
