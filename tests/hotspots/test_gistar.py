"""Gi* against PySAL esda's G_Local (star=True, binary weights) on the same cells and weights."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import shapely
from esda.getisord import G_Local
from libpysal.weights import DistanceBand

from gis.hotspots.gistar import HotspotError, distance_weights, gi_star_raster, gi_star_sparse, stencil
from gis.hotspots.grid import make_grid, raster_counts


def esda_z(values: np.ndarray, x: np.ndarray, y: np.ndarray, distance: float) -> np.ndarray:
    w = DistanceBand(np.column_stack([x, y]), threshold=distance, binary=True, silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(values, w, transform="B", star=True, permutations=0).Zs


@pytest.mark.parametrize(("seed", "cell", "distance"), [(1, 250, 500), (2, 100, 250), (3, 500, 1500), (4, 200, 2000)])
def test_raster_gi_star_equals_esda_on_random_grids(seed: int, cell: float, distance: float) -> None:
    rng = np.random.default_rng(seed)
    study = shapely.Polygon([(0, 0), (6000, 0), (6000, 4000), (3000, 5200), (0, 4000)]).difference(
        shapely.box(2000, 1500, 2600, 2100)  # a hole: cells there are not in the study area
    )
    grid = make_grid(study, cell)
    x, y = rng.uniform(0, 6000, 3000), rng.uniform(0, 5200, 3000)
    hot = rng.normal(4000, 300, (400, 2))  # a cluster, so there is something to find
    counts = raster_counts(grid, np.r_[x, hot[:, 0]], np.r_[y, hot[:, 1]])
    ours = gi_star_raster(counts, grid.mask, cell, distance)
    cx, cy = grid.centres()
    theirs = esda_z(counts[grid.mask], cx, cy, distance)
    assert grid.n_cells > 100
    np.testing.assert_allclose(ours.z, theirs, rtol=0, atol=1e-9)
    assert ours.z.max() > 3  # the cluster is found


def test_large_stencil_uses_fft_and_still_equals_esda() -> None:
    rng = np.random.default_rng(5)
    grid = make_grid(shapely.box(0, 0, 4000, 4000), 100)
    counts = raster_counts(grid, rng.uniform(0, 4000, 5000), rng.uniform(0, 4000, 5000))
    assert stencil(100, 1000).size > 15 * 15  # this path convolves by FFT
    cx, cy = grid.centres()
    np.testing.assert_allclose(gi_star_raster(counts, grid.mask, 100, 1000).z,
                               esda_z(counts[grid.mask], cx, cy, 1000), rtol=0, atol=1e-9)  # fmt: skip


def test_hand_made_grid_equals_esda_and_hand_computation() -> None:
    # 3 x 3 cells of 100 m, one busy cell in the middle; rook neighbours (100 m) plus itself
    counts = np.array([[0, 1, 0], [1, 8, 1], [0, 1, 0]], dtype=float)
    mask = np.ones((3, 3), dtype=bool)
    ours = gi_star_raster(counts, mask, 100, 100)
    yy, xx = np.mgrid[0:3, 0:3]
    theirs = esda_z(counts.ravel(), xx.ravel() * 100.0 + 50, yy.ravel() * 100.0 + 50, 100)
    np.testing.assert_allclose(ours.z, theirs, atol=1e-12)
    # by hand for the centre: 5 neighbours (itself included) holding all 12 records
    y = counts.ravel()
    n, total, w = 9, y.sum(), 5
    mean, var = total / n, (y**2).mean() - (total / n) ** 2
    expected = (12 / total - w / n) / np.sqrt(w * (n - w) / (n - 1) / n**2 * var / mean**2)
    assert ours.z[4] == pytest.approx(expected, abs=1e-12)
    assert list(ours.neighbours.reshape(3, 3)[1]) == [4, 5, 4]


def test_sparse_gi_star_equals_esda_on_irregular_points() -> None:
    rng = np.random.default_rng(9)
    x, y = rng.uniform(0, 5000, 400), rng.uniform(0, 5000, 400)
    values = rng.poisson(2, 400).astype(float)
    ours = gi_star_sparse(values, distance_weights(x, y, 600))
    np.testing.assert_allclose(ours.z, esda_z(values, x, y, 600), rtol=0, atol=1e-9)
    assert np.all((ours.p > 0) & (ours.p <= 1))


def test_p_values_are_two_sided() -> None:
    counts = np.zeros((10, 10))
    counts[5, 5] = 30
    counts[0, 0] = 1
    r = gi_star_raster(counts, np.ones((10, 10), bool), 100, 150)
    i = np.argmax(r.z)
    from scipy.stats import norm

    assert r.p[i] == pytest.approx(2 * norm.sf(r.z[i]), rel=1e-12)


@pytest.mark.parametrize(
    ("counts", "message"),
    [(np.zeros((4, 4)), "geen meldingen"), (np.ones((4, 4)), "hetzelfde aantal")],
)
def test_degenerate_inputs_give_dutch_errors(counts: np.ndarray, message: str) -> None:
    with pytest.raises(HotspotError, match=message):
        gi_star_raster(counts, np.ones((4, 4), bool), 100, 200)
