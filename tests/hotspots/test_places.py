"""Place names without a network: the municipality, its part (compass direction) away from the middle, the
nearest municipality outside all of them, in Dutch and English."""

from __future__ import annotations

import pytest
import shapely

from gis.geo.places import direction, place_names

# Two 10 km squares side by side (RD New): Westdorp left, Oostveen right.
WEST = shapely.box(100_000, 400_000, 110_000, 410_000)
EAST = shapely.box(110_000, 400_000, 120_000, 410_000)
GEOMS, NAMES = [WEST, EAST], ["Westdorp", "Oostveen"]


@pytest.mark.parametrize(
    ("dx", "dy", "nl", "en"),
    [(1, 0, "oost", "east"), (1, 1, "noordoost", "north-east"), (0, 1, "noord", "north"),
     (-1, 1, "noordwest", "north-west"), (-1, 0, "west", "west"), (-1, -1, "zuidwest", "south-west"),
     (0, -1, "zuid", "south"), (1, -1, "zuidoost", "south-east"), (1, 0.3, "oost", "east")],
)  # fmt: skip
def test_direction_in_eight_sectors(dx: float, dy: float, nl: str, en: str) -> None:
    assert direction(dx, dy) == nl and direction(dx, dy, "en") == en


def test_middle_part_and_nearest() -> None:
    x = [105_000, 109_500, 110_500, 115_000, 121_000, 95_000]
    y = [405_000, 409_500, 400_500, 404_000, 405_000, 405_000]
    assert place_names(x, y, GEOMS, NAMES) == [
        "Westdorp",  # the middle (within a quarter of the 10 km size)
        "Westdorp (noordoost)",
        "Oostveen (zuidwest)",
        "Oostveen",  # 1 km from the middle
        "Oostveen (oost)",  # outside every municipality: the nearest, seen from its middle
        "Westdorp (west)",
    ]
    assert place_names(x[:3], y[:3], GEOMS, NAMES, "en") == ["Westdorp", "Westdorp (north-east)",
                                                               "Oostveen (south-west)"]  # fmt: skip


def test_no_points_or_no_municipalities() -> None:
    assert place_names([], [], GEOMS, NAMES) == []
    assert place_names([1.0], [2.0], [], []) == [""]
