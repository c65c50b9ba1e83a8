"""Quartic kernel density: mass preservation, symmetry, clipping to the mask, errors, default bandwidth."""

from __future__ import annotations

import numpy as np
import pytest

from gis.hotspots.kde import default_bandwidth, kernel_density, quartic_kernel


def test_kernel_sums_to_one_and_has_quartic_shape() -> None:
    kernel = quartic_kernel(100.0, 350.0)
    assert kernel.shape == (7, 7)
    assert kernel.sum() == pytest.approx(1.0, abs=1e-15)
    centre = kernel[3, 3]
    assert kernel[3, 4] / centre == pytest.approx((1 - (100 / 350) ** 2) ** 2)
    assert kernel[0, 0] == 0.0  # corner at 424 m is beyond the bandwidth
    assert quartic_kernel(100.0, 50.0).tolist() == [[1.0]]  # half a cell: only the cell itself


@pytest.mark.parametrize(("bandwidth", "size"), [(250.0, 40), (1000.0, 60), (2500.0, 200)])
def test_mass_is_preserved(bandwidth: float, size: int) -> None:
    rng = np.random.default_rng(int(bandwidth))
    cell = 100.0
    counts = np.zeros((size, size))
    margin = int(bandwidth // cell) + 1
    inner = counts[margin:-margin, margin:-margin]
    inner[...] = rng.poisson(0.3, inner.shape)
    density = kernel_density(counts, np.ones_like(counts, dtype=bool), cell, bandwidth)
    cell_km2 = cell * cell / 1e6
    assert (density * cell_km2).sum() == pytest.approx(counts.sum(), rel=1e-12)
    assert (density >= 0).all()


def test_single_point_is_symmetric() -> None:
    counts = np.zeros((31, 31))
    counts[15, 15] = 4
    density = kernel_density(counts, np.ones((31, 31), dtype=bool), 50.0, 400.0)
    np.testing.assert_allclose(density, density[::-1, :], atol=1e-12)
    np.testing.assert_allclose(density, density[:, ::-1], atol=1e-12)
    np.testing.assert_allclose(density, density.T, atol=1e-12)
    assert density.argmax() == 15 * 31 + 15
    assert density[15, 15 + 8] == 0.0  # exactly at the bandwidth: K = 0
    assert density[15, 15 + 7] > 0.0
    assert density[0, 0] == 0.0


def test_large_raster_fft_path_no_negative_noise() -> None:
    counts = np.zeros((300, 300))
    counts[150, 150] = 1
    counts[20, 280] = 1000
    density = kernel_density(counts, np.ones((300, 300), dtype=bool), 25.0, 1000.0)
    assert (density >= 0).all()
    assert density[150, 150] > 0


def test_outside_mask_is_nan() -> None:
    counts = np.zeros((20, 20))
    counts[9, 9] = 10
    mask = np.zeros((20, 20), dtype=bool)
    mask[5:15, 5:12] = True
    density = kernel_density(counts, mask, 100.0, 300.0)
    assert np.isnan(density[~mask]).all()
    assert np.isfinite(density[mask]).all()
    full = kernel_density(counts, np.ones((20, 20), dtype=bool), 100.0, 300.0)
    np.testing.assert_array_equal(density[mask], full[mask])


def test_units_per_km2() -> None:
    counts = np.zeros((5, 5))
    counts[2, 2] = 3
    density = kernel_density(counts, np.ones((5, 5), dtype=bool), 100.0, 50.0)  # kernel = one cell
    assert density[2, 2] == pytest.approx(3 / 0.01)  # 3 incidents in a 1 ha cell = 300 per km²


@pytest.mark.parametrize(
    ("cell", "bandwidth", "message"),
    [
        (100.0, 49.0, "kleiner dan een halve cel"),
        (100.0, 0.0, "Bandbreedte moet een positief getal"),
        (100.0, -5.0, "Bandbreedte moet een positief getal"),
        (100.0, float("nan"), "Bandbreedte moet een positief getal"),
        (0.0, 100.0, "Celgrootte moet een positief getal"),
    ],
)
def test_bad_sizes(cell: float, bandwidth: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kernel_density(np.zeros((3, 3)), np.ones((3, 3), dtype=bool), cell, bandwidth)


def test_bad_rasters() -> None:
    ones = np.ones((3, 3), dtype=bool)
    with pytest.raises(ValueError, match="Masker heeft vorm"):
        kernel_density(np.zeros((3, 3)), np.ones((3, 4), dtype=bool), 100.0, 200.0)
    with pytest.raises(ValueError, match="negatieve"):
        kernel_density(-np.ones((3, 3)), ones, 100.0, 200.0)
    with pytest.raises(ValueError, match="NaN"):
        kernel_density(np.full((3, 3), np.nan), ones, 100.0, 200.0)
    with pytest.raises(ValueError, match="raster"):
        kernel_density(np.zeros(9), np.ones(9, dtype=bool), 100.0, 200.0)


@pytest.mark.parametrize(
    ("cell", "extent", "expected"),
    [
        (100.0, 3_000.0, 300.0),  # 3 cells wins
        (100.0, 20_000.0, 700.0),  # 666.7 m rounded up to 700
        (250.0, 30_000.0, 1000.0),  # exactly 1000, no extra step
        (30.0, 1_000.0, 100.0),  # 90 m rounded up to 100
        (50.0, 0.0, 150.0),
    ],
)
def test_default_bandwidth(cell: float, extent: float, expected: float) -> None:
    assert default_bandwidth(cell, extent) == expected
    assert default_bandwidth(cell, extent) >= 3 * cell


def test_default_bandwidth_errors() -> None:
    with pytest.raises(ValueError, match="Celgrootte"):
        default_bandwidth(0.0, 1000.0)
    with pytest.raises(ValueError, match="Omvang"):
        default_bandwidth(100.0, -1.0)
