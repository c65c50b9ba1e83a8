"""RD New <-> WGS84 with known points and round trips."""

import math

import numpy as np
import pytest

from gis.geo.crs import in_rd_bounds, rd_to_wgs84, wgs84_to_rd


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    dy = (lat2 - lat1) * 111_320
    dx = (lon2 - lon1) * 111_320 * math.cos(math.radians(lat1))
    return math.hypot(dx, dy)


def test_amersfoort_origin_known_point() -> None:
    # Onze Lieve Vrouwetoren, Amersfoort: RD origin (155000, 463000) = 52.15517440 N, 5.38720621 E (WGS84).
    lon, lat = rd_to_wgs84([155_000.0], [463_000.0])
    assert metres(lon[0], lat[0], 5.38720621, 52.15517440) < 1.0


def test_axis_order_is_lon_lat() -> None:
    lon, lat = rd_to_wgs84([155_000.0], [463_000.0])
    assert 3 < lon[0] < 8 and 50 < lat[0] < 54


@pytest.mark.parametrize(
    ("x", "y"),
    [(155_000, 463_000), (257_000, 471_000), (187_000, 428_000), (13_000, 380_000), (250_000, 600_000)],
)
def test_round_trip_within_a_metre(x: float, y: float) -> None:
    lon, lat = rd_to_wgs84([x], [y])
    x2, y2 = wgs84_to_rd(lon, lat)
    assert math.hypot(x2[0] - x, y2[0] - y) < 1.0


def test_round_trip_many_points() -> None:
    rng = np.random.default_rng(1)
    x, y = rng.uniform(10_000, 280_000, 1000), rng.uniform(310_000, 620_000, 1000)
    x2, y2 = wgs84_to_rd(*rd_to_wgs84(x, y))
    assert np.max(np.hypot(x2 - x, y2 - y)) < 1.0


def test_rd_bounds() -> None:
    assert in_rd_bounds([155_000, 6_349_207, -5], [463_000, -3_620_789, 400_000]).tolist() == [True, False, False]
