"""The square grid over a study area: clipping, areas, counting only what lies inside."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.hotspots.grid import GridError, check_cell, default_cell, make_grid, raster_counts


def test_cells_overlapping_the_area_are_kept_and_clipped() -> None:
    study = shapely.Polygon([(0, 0), (1000, 0), (0, 1000)])  # a triangle over a 4 x 4 grid of 250 m
    grid = make_grid(study, 250)
    assert (grid.nx, grid.ny) == (4, 4)
    assert grid.area_m2.sum() == pytest.approx(study.area)
    # the diagonal cells are halves, the cells beyond the diagonal are out
    assert grid.area_m2[0, 0] == 250 * 250
    assert grid.area_m2[0, 3] == pytest.approx(250 * 250 / 2)
    assert grid.area_m2[3, 3] == 0
    assert grid.n_cells == 10
    polys = grid.cell_polygons(np.arange(grid.n_cells))
    assert shapely.area(polys).sum() == pytest.approx(study.area)


def test_grid_is_aligned_to_multiples_of_the_cell() -> None:
    grid = make_grid(shapely.box(1130, 2270, 2990, 3100), 500)
    assert (grid.x0, grid.y0) == (1000, 2000)


def test_points_outside_the_area_are_not_counted() -> None:
    study = shapely.Polygon([(0, 0), (1000, 0), (0, 1000)])
    grid = make_grid(study, 250)
    x = np.array([10, 600, 390, 2000, -5])
    y = np.array([10, 300, 640, 10, 10])  # inside, inside (edge cell), outside in an edge cell, far, far
    counts = raster_counts(grid, x, y)
    assert counts.sum() == 2
    assert counts[0, 0] == 1 and counts[1, 2] == 1


@pytest.mark.parametrize("cell", [0, 50, 100_000, float("nan"), "abc"])
def test_unusable_cell_sizes_are_refused_in_dutch(cell: object) -> None:
    with pytest.raises(GridError, match="Celgrootte"):
        check_cell(cell)  # type: ignore[arg-type]


def test_empty_area_and_too_many_cells_are_refused() -> None:
    with pytest.raises(GridError, match="leeg"):
        make_grid(shapely.Polygon(), 250)
    with pytest.raises(GridError, match="te groot"):
        make_grid(shapely.box(0, 0, 300_000, 300_000), 100)


def test_default_cell_grows_with_the_area() -> None:
    assert default_cell(30e6) == 100  # a 3,000 ha PPS area
    assert default_cell(400e6) == 250
    assert default_cell(8_500e6) == 1000  # Gelderland and Overijssel
