"""The map of an area's measures: each placed measure gets its matrix number on the map and in the list beside it,
points, road segments and zones in their own layers, unplaced measures counted in the subtitle, text literal."""

from __future__ import annotations

import io

import geopandas as gpd
import shapely
from PIL import Image

from gis.reports.measures_map import KIND_COLOURS, measures_map_figure, measures_map_png

AREA = shapely.box(250_000, 480_000, 256_000, 485_000)


def _measures() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"nr": [1, 2, 3, 4], "name": ["Camera $a$ <b>x</b>", "Slagboom", "Zone toezicht", "Voorlichting"]},
        geometry=[shapely.Point(251_000, 481_000), shapely.LineString([(252_000, 482_000), (254_000, 483_000)]),
                  shapely.box(253_000, 480_500, 255_000, 481_500), None],
        crs="EPSG:28992",
    )  # fmt: skip


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


def test_numbers_on_the_map_and_in_the_list() -> None:
    fig = measures_map_figure(AREA, _measures())
    fig.canvas.draw()
    ax = fig.axes[0]
    numbers = sorted(t.get_text() for t in ax.texts if t.get_text().isdigit())
    assert numbers == ["1", "2", "3"], "the unplaced measure 4 is not drawn"
    texts = "\n".join(_texts(fig))
    assert "1. Camera $a$ <b>x</b>" in texts and "2. Slagboom" in texts and "4. Voorlichting" not in texts
    assert "1 van de 4 maatregelen heeft geen plek op de kaart" in texts
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["PPS-gebied", "Maatregel in een zone", "Maatregel op een wegvak", "Maatregel op een punt"]
    road = [c for c in ax.collections if c.get_linewidths()[0] == 3.0]
    assert len(road) == 1 and road[0].get_colors()[0][:3].round(3).tolist() == [
        round(int(KIND_COLOURS["weg"][i : i + 2], 16) / 255, 3) for i in (1, 3, 5)]  # fmt: skip


def test_png_with_municipalities_and_an_empty_plan() -> None:
    munis = gpd.GeoDataFrame({"name": ["Westdorp", "Oostdorp"]}, geometry=[shapely.box(240_000, 470_000, 253_000,
                             495_000), shapely.box(253_000, 470_000, 270_000, 495_000)], crs="EPSG:28992")  # fmt: skip
    png = Image.open(io.BytesIO(measures_map_png(AREA, _measures(), munis)))
    assert png.format == "PNG" and png.size == (1200, 900)
    empty = measures_map_figure(AREA, _measures().iloc[:0])
    assert "Er staan nog geen maatregelen in het plan." in _texts(empty)
