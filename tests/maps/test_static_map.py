"""Static report maps: PNG/PDF output, scale bar lengths, equal aspect, one collection per layer, input checks."""

from __future__ import annotations

import io
import math
import time

import geopandas as gpd
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from PIL import Image
from shapely.geometry import LineString, Point, Polygon, box

from gis.maps.static_map import MapLayer, build_figure, nice_scale_length, render_map

X, Y = 226_400.0, 452_300.0


def points(n: int = 3) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"label": [f"D-{i}" for i in range(n)], "kleur": ["#d7301f", None, "orange"][:n]},
        geometry=[Point(X + 300 * i, Y + 200 * i) for i in range(n)],
        crs=28992,
    )


def grid(n: int) -> gpd.GeoDataFrame:
    """``n`` × ``n`` cells of 100 m with one colour per cell."""
    cells = [box(X + 100 * i, Y + 100 * j, X + 100 * (i + 1), Y + 100 * (j + 1)) for i in range(n) for j in range(n)]
    colours = np.array(["#fee5d9", "#fcae91", "#fb6a4a", "#cb181d"])[np.arange(n * n) % 4]
    return gpd.GeoDataFrame({"kleur": colours}, geometry=cells, crs=28992)


@pytest.mark.parametrize(
    ("width_m", "metres", "label"),
    [
        (1_000, 200, "200 m"),
        (30_000, 5_000, "5 km"),
        (12_000, 2_000, "2 km"),
        (999, 100, "100 m"),
        (100, 20, "20 m"),
        (4, 0.5, "0,5 m"),
        (250_000, 50_000, "50 km"),
        (10_000, 2_000, "2 km"),
    ],
)
def test_nice_scale_length(width_m: float, metres: float, label: str) -> None:
    assert nice_scale_length(width_m) == (metres, label)
    assert width_m / 10 <= metres <= width_m / 5


@pytest.mark.parametrize("width_m", [0, -5, math.nan, math.inf])
def test_nice_scale_length_refuses_impossible_widths(width_m: float) -> None:
    with pytest.raises(ValueError, match="Kaartbreedte"):
        nice_scale_length(width_m)


@pytest.mark.parametrize(("size_in", "dpi"), [((8, 6), 150), ((4, 3), 100), ((6, 8), 72)])
def test_png_has_the_requested_pixel_size(size_in: tuple[float, float], dpi: int) -> None:
    data = render_map([MapLayer(points(), "point", label="Dumping")], "Titel", "Ondertitel", size_in=size_in, dpi=dpi)
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG"
        assert img.size == (round(size_in[0] * dpi), round(size_in[1] * dpi))


def test_pdf_output() -> None:
    data = render_map([MapLayer(grid(5), "polygon", colour_column="kleur")], "Hotspots", fmt="pdf")
    assert data.startswith(b"%PDF-")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="Onbekend kaartformaat 'svg'"):
        render_map([MapLayer(points(), "point")], "Titel", fmt="svg")


def test_empty_layer_list_is_refused() -> None:
    with pytest.raises(ValueError, match="Geen kaartlagen"):
        render_map([], "Titel")


def test_empty_layers_are_skipped_but_a_map_needs_something_or_an_extent() -> None:
    empty = MapLayer(gpd.GeoSeries([], crs=28992), "point", label="Dumpingen")
    fig = build_figure([empty, MapLayer(points(), "point")], "Titel")
    assert not fig.legends  # the empty layer gets no legend entry, and nothing else has a label
    with pytest.raises(ValueError, match="alle kaartlagen zijn leeg"):
        render_map([empty], "Titel")
    data = render_map([empty], "Geen dumpingen in deze periode", extent_rd=(X - 2000, Y - 2000, X + 2000, Y + 2000))
    assert data.startswith(b"\x89PNG")


def test_missing_and_empty_geometries_are_dropped() -> None:
    frame = gpd.GeoDataFrame(geometry=[None, Point(), Point(X, Y)], crs=28992)
    fig = build_figure([MapLayer(frame, "point")], "Titel")
    assert len(fig.axes[0].collections[0].get_offsets()) == 1


def test_aspect_is_equal_and_the_extent_fills_the_frame() -> None:
    fig = build_figure([MapLayer(points(), "point")], "Titel", extent_rd=(X, Y, X + 10_000, Y + 1_000))
    ax = fig.axes[0]
    assert ax.get_aspect() == 1.0
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    box_in = ax.get_position().width * fig.get_figwidth(), ax.get_position().height * fig.get_figheight()
    assert (x1 - x0) / (y1 - y0) == pytest.approx(box_in[0] / box_in[1])
    assert x0 <= X and x1 >= X + 10_000 and y0 <= Y and y1 >= Y + 1_000  # grown, never cut


def test_scale_bar_and_north_arrow_are_drawn() -> None:
    fig = build_figure([MapLayer(points(), "point")], "Titel", extent_rd=(X, Y, X + 30_000, Y + 20_000))
    width = np.diff(fig.axes[0].get_xlim())[0]
    texts = [t.get_text() for t in fig.texts]
    assert nice_scale_length(width)[1] in texts and "0" in texts and "N" in texts
    assert "Titel" in texts


def test_thousands_of_cells_are_one_collection_with_their_own_colours() -> None:
    cells = grid(70)  # 4,900 polygons
    layer = MapLayer(cells, "polygon", colour_column="kleur", edgecolour="none")
    start = time.perf_counter()
    fig = build_figure([layer], "Hotspots", legend=[("Hotspot 99%", "#cb181d")])
    data = render_map([layer], "Hotspots", legend=[("Hotspot 99%", "#cb181d")])
    assert time.perf_counter() - start < 20
    (coll,) = fig.axes[0].collections
    assert isinstance(coll, PathCollection) and len(coll.get_paths()) == len(cells)
    assert np.allclose(coll.get_facecolors()[3], [0xCB / 255, 0x18 / 255, 0x1D / 255, 1])
    assert data.startswith(b"\x89PNG")


def test_polygon_holes_stay_open() -> None:
    ring = Polygon(
        [(X - 1000, Y - 1000), (X + 1000, Y - 1000), (X + 1000, Y + 1000), (X - 1000, Y + 1000)],
        holes=[
            [(X - 400, Y - 400), (X + 400, Y - 400), (X + 400, Y + 400), (X - 400, Y + 400)]
        ],  # same turn as outside
    )
    fig = build_figure([MapLayer(gpd.GeoSeries([ring], crs=28992), "polygon", colour="#0000ff")], "Gat")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    ax = fig.axes[0]

    def colour_at(x: float, y: float) -> np.ndarray:
        px, py = ax.transData.transform((x, y))
        return pixels[pixels.shape[0] - int(py), int(px), :3]

    assert tuple(colour_at(X + 700, Y)) == (0, 0, 255)  # in the ring
    assert tuple(colour_at(X, Y)) == (0xF6, 0xF6, 0xF2)  # in the hole: the map background


def test_lines_accept_polygons_as_outlines_and_text_labels_are_written() -> None:
    outline = MapLayer(gpd.GeoSeries([box(X, Y, X + 500, Y + 500), LineString([(X, Y), (X + 900, Y)])], crs=28992),
                       "line", label="Grens")  # fmt: skip
    labelled = MapLayer(points(), "point", colour_column="kleur", text_column="label", label="Dumping")
    fig = build_figure([outline, labelled], "Titel")
    assert isinstance(fig.axes[0].collections[0], LineCollection)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["D-0", "D-1", "D-2"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Grens", "Dumping"]


def test_inputs_are_checked_with_dutch_messages() -> None:
    with pytest.raises(ValueError, match="onbekende soort 'vlak'"):
        MapLayer(points(), "vlak")
    with pytest.raises(ValueError, match=r"verwacht RD New .* EPSG:4326"):
        MapLayer(points().to_crs(4326), "point")
    with pytest.raises(ValueError, match="kolom 'kleuren'"):
        MapLayer(points(), "point", colour_column="kleuren")
    with pytest.raises(ValueError, match="rij 0 is een Point"):
        build_figure([MapLayer(points(), "polygon", label="Vlakken")], "Titel")
    bad = points().assign(kleur="geen-kleur")
    with pytest.raises(ValueError, match="'geen-kleur' is geen kleur"):
        build_figure([MapLayer(bad, "point", colour_column="kleur")], "Titel")
    with pytest.raises(ValueError, match="Ongeldige kaartuitsnede"):
        build_figure([MapLayer(points(), "point")], "Titel", extent_rd=(X, Y, X - 10, Y + 10))


def test_no_pyplot_figures_are_left_behind() -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    render_map([MapLayer(points(), "point")], "Titel")
    assert plt.get_fignums() == before


def test_dollar_signs_in_user_text_stay_literal() -> None:
    """Area names like 'Kosten $5 en $6' must not turn into mathtext (or fail to render)."""
    layer = MapLayer(gpd.GeoSeries([box(0, 0, 1000, 1000)], crs=28992), "polygon", label="Gebied $x^2$")
    fig = build_figure([layer], "Gebied $x^2$", "Kosten $5 en $6")
    assert [t.get_text() for t in fig.texts[:2]] == ["Gebied $x^2$", "Kosten $5 en $6"]
    assert not any(t.get_parse_math() for t in fig.texts[:2])
    assert fig.legends[0].get_texts()[0].get_text() == r"Gebied \$x^2\$"  # escaped: drawn as typed
    assert render_map([layer], "Kosten $5 en $6", fmt="png")[:4] == b"\x89PNG"
