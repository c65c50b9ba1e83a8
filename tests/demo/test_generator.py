"""The demo generator: deterministic, plausible, clustered, rural."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.demo.generator import PERIOD_END, PERIOD_START, town_cores
from gis.demo.layers import generate
from gis.io.reference import load_reference


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def demo(reference):
    return generate(*reference, seed=7)


def test_same_seed_same_data(reference, demo) -> None:
    again = generate(*reference, seed=7)
    for name in ("incidents", "barns", "dumpings"):
        pd.testing.assert_frame_equal(getattr(demo, name), getattr(again, name))
    assert demo.areas.geometry.geom_equals(again.areas.geometry).all()


def test_other_seed_other_data(reference, demo) -> None:
    other = generate(*reference, seed=8, n_incidents=5000)
    assert not np.allclose(other.incidents["x"].to_numpy(), demo.incidents["x"].to_numpy())


def test_sizes_sources_and_period(demo) -> None:
    assert (len(demo.incidents), len(demo.barns), len(demo.dumpings), len(demo.areas)) == (5000, 300, 500, 3)
    assert demo.incidents["source_org"].nunique() >= 5
    days = pd.to_datetime(demo.incidents["occurred_on"])
    assert days.min().date() >= PERIOD_START and days.max().date() <= PERIOD_END
    assert (days.max() - days.min()).days > 3 * 365 - 30
    assert demo.incidents["reference"].is_unique


def test_points_in_region_and_outside_town_centres(reference, demo) -> None:
    _, provinces = reference
    region = provinces[provinces["code"].isin(["PV25", "PV23"])].union_all()
    cores = town_cores(seed=7).union_all()
    for frame in (demo.incidents, demo.barns, demo.dumpings):
        x, y = frame["x"].to_numpy(), frame["y"].to_numpy()
        assert shapely.contains_xy(region.buffer(1), x, y).all()
        assert not shapely.contains_xy(cores.buffer(-1), x, y).any()


def test_incidents_cluster_into_hotspots(demo) -> None:
    cell = 2000
    counts = demo.incidents.groupby([demo.incidents["x"] // cell, demo.incidents["y"] // cell]).size()
    top = counts.sort_values(ascending=False)
    share_top_5pct = top.iloc[: max(len(top) // 20, 1)].sum() / top.sum()
    assert share_top_5pct > 0.3  # uniform data would give about 0.1


def test_areas_are_rural_valid_polygons(demo) -> None:
    assert demo.areas.geometry.is_valid.all()
    ha = demo.areas.geometry.area / 10_000
    assert ((ha > 10_000) & (ha < 100_000)).all()
    cores = town_cores(seed=7).union_all()
    assert all(g.intersection(cores).area < 1 for g in demo.areas.geometry)


def test_two_demo_areas_have_a_partnership_up_to_the_signed_declaration(demo_db, tmp_path) -> None:
    """The demo shows a partnership at work (A2–A5 done, the analysis next) in two areas, and one to start."""
    import shutil

    from gis.demo.process import DEMO_PARTNERSHIPS
    from gis.partnership.progress import area_progress
    from gis.store import open_store

    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, copy)  # the shared demo may be open elsewhere in this process
    store = open_store(str(copy))
    try:
        stages = {row.name: area_progress(store, int(row.id)).stage for row in store.areas().itertuples()}
        people = [store.representatives(int(row.id)) for row in store.areas().itertuples()]
    finally:
        store.close()
    assert {name: stage for name, stage in stages.items() if name in DEMO_PARTNERSHIPS} == dict.fromkeys(
        DEMO_PARTNERSHIPS, "veiligheidsanalyse"
    )
    assert sorted(stages.values()).count("samenstelling deelnemers") == len(stages) - len(DEMO_PARTNERSHIPS) == 1
    names = [n for frame in people for n in frame["name"]]
    assert names and all(n.endswith("(demo)") for n in names)  # made-up people, marked as such
