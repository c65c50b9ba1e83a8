"""Area geometry: Draw-plugin output, validation and repair, hectares, municipality shares."""

from __future__ import annotations

import math

import pytest
import shapely
from shapely.testing import assert_geometries_equal

from gis.geo.areas import (
    AreaError,
    buffer_area,
    check_area,
    drawing_to_rd,
    drawings_to_rd,
    hectares,
    municipality_shares,
    union_of,
)
from gis.geo.crs import rd_to_wgs84
from gis.io.reference import load_reference


def draw_polygon(corners_rd: list[tuple[float, float]]) -> dict:
    """A Feature as the Draw plugin returns it: WGS84 lon/lat, closed ring."""
    xs, ys = zip(*corners_rd, strict=True)
    lon, lat = rd_to_wgs84(xs, ys)
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}}


@pytest.fixture(scope="module")
def nl():
    munis, provs = load_reference()
    return munis, provs.union_all()


def test_rectangle_hectares_by_hand() -> None:
    # 2,000 m x 1,500 m = 3,000,000 m² = 300 ha.
    rect = drawing_to_rd(draw_polygon([(200_000, 450_000), (202_000, 450_000), (202_000, 451_500), (200_000, 451_500)]))
    assert hectares(rect) == pytest.approx(300.0, abs=0.01)


def test_circle_from_draw_plugin() -> None:
    lon, lat = rd_to_wgs84([200_000], [450_000])
    circle = {"type": "Feature", "properties": {"radius": 1000},
              "geometry": {"type": "Point", "coordinates": [float(lon[0]), float(lat[0])]}}  # fmt: skip
    assert hectares(drawing_to_rd(circle)) == pytest.approx(314.16, rel=0.002)


def test_multiple_parts_become_one_area(nl) -> None:
    a = draw_polygon([(200_000, 450_000), (201_000, 450_000), (201_000, 451_000)])
    b = draw_polygon([(210_000, 450_000), (211_000, 450_000), (211_000, 451_000)])
    checked = check_area(drawings_to_rd([a, b]), nl[1])
    assert len(checked.geometry.geoms) == 2 and any("2 delen" in n for n in checked.notes)


@pytest.mark.parametrize(
    ("features", "message"),
    [
        ([], "niets getekend"),
        ([{"type": "Feature", "geometry": None}], "leeg"),
        ([draw_polygon([(200_000, 450_000), (201_000, 450_000)])], "drie verschillende hoekpunten"),
        (
            [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[6, 52], [6.1, 52.1]]}}],
            "LineString",
        ),
    ],
)
def test_bad_drawings_are_refused(features, message: str) -> None:
    with pytest.raises(AreaError, match=message):
        drawings_to_rd(features)


def test_self_intersection_is_repaired_and_reported(nl) -> None:
    bowtie = shapely.Polygon([(200_000, 450_000), (202_000, 452_000), (202_000, 450_000), (200_000, 452_000)])
    checked = check_area(bowtie, nl[1])
    assert checked.geometry.is_valid and hectares(checked.geometry) == pytest.approx(200.0, rel=0.01)
    assert any("kruiste zichzelf" in n for n in checked.notes)


def test_duplicate_vertices_slivers_and_tiny_holes(nl) -> None:
    outer = [(200_000, 450_000), (200_000, 450_000), (203_000, 450_000), (203_000, 453_000), (200_000, 453_000)]
    hole = [(201_000, 451_000), (201_005, 451_000), (201_005, 451_005)]
    sliver = shapely.box(205_000, 450_000, 205_005, 450_005)
    geom = shapely.MultiPolygon([shapely.Polygon(outer, [hole]), sliver])
    checked = check_area(geom, nl[1])
    text = " ".join(checked.notes)
    assert "Dubbele hoekpunten" in text and "splinter" in text and "gat" in text
    assert len(checked.geometry.geoms) == 1 and len(checked.geometry.geoms[0].interiors) == 0


def test_polygon_in_belgium_is_refused(nl) -> None:
    # Near Antwerp: valid RD coordinates, but outside the Dutch boundary.
    antwerp = shapely.box(85_000, 355_000, 90_000, 360_000)
    with pytest.raises(AreaError, match="buiten Nederland"):
        check_area(antwerp, nl[1])


def test_swapped_or_foreign_coordinates_are_refused() -> None:
    with pytest.raises(AreaError, match=r"buiten RD New"):
        check_area(shapely.box(450_000, 150_000, 455_000, 155_000))


def test_zero_area_is_refused(nl) -> None:
    with pytest.raises(AreaError, match="te klein"):
        check_area(shapely.box(200_000, 450_000, 200_050, 450_050), nl[1])


def test_municipality_union_and_shares(nl) -> None:
    munis = nl[0]
    codes = munis.loc[munis["name"].isin(["Aalten", "Winterswijk"]), "code"].tolist()
    area = union_of(munis, codes)
    shares = municipality_shares(area, munis)
    assert set(shares["name"][:2]) == {"Aalten", "Winterswijk"}
    assert shares["share"].sum() == pytest.approx(1.0, abs=0.01)
    with pytest.raises(AreaError, match="GM9999"):
        union_of(munis, ["GM9999"])


def test_buffer_grows_and_limits() -> None:
    square = shapely.box(0, 0, 1000, 1000)
    grown = buffer_area(square, 100)
    # the square, four 1000 x 100 strips, and at the corners a circle of radius 100 drawn with
    # 16 segments per quarter: a regular 64-gon of area 64/2 * r² * sin(2π/64)
    corners = 64 / 2 * 100**2 * math.sin(2 * math.pi / 64)
    assert grown.area == pytest.approx(1000 * 1000 + 4 * 1000 * 100 + corners, rel=1e-9)
    assert grown.bounds == pytest.approx((-100, -100, 1100, 1100))
    assert shapely.get_num_coordinates(grown) == 4 * 17 + 1  # 17 points per rounded corner, ring closed
    assert shapely.hausdorff_distance(grown, square) == pytest.approx(100)
    shrunk = buffer_area(square, -100)
    assert_geometries_equal(shrunk, shapely.box(100, 100, 900, 900), tolerance=1e-6, normalize=True)
    assert buffer_area(square, 0).area == pytest.approx(square.area)
    with pytest.raises(AreaError, match="bereik"):
        buffer_area(square, 100_000)
