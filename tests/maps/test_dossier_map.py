"""The dossier's two maps: municipality and neighbour names, the surroundings frame, scale bar, other dumpings."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from PIL import Image

from gis.maps.dossier_map import FRAME_M, dossier_maps, shown_extent, situation_figure, surroundings_figure

CRS = "EPSG:28992"


@pytest.fixture
def munis() -> gpd.GeoDataFrame:
    """Two municipalities side by side, the border at x = 10,000 and a third far away."""
    return gpd.GeoDataFrame(
        {"code": ["GM1", "GM2", "GM3"], "name": ["Westdorp", "Oostveen", "Verweg"]},
        geometry=[shapely.box(0, 0, 10_000, 8_000), shapely.box(10_000, 0, 20_000, 8_000),
                  shapely.box(90_000, 0, 95_000, 5_000)],
        crs=CRS,
    )  # fmt: skip


def _texts(fig: object) -> list[str]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    legend = [t.get_text() for lg in fig.legends for t in lg.get_texts()]  # type: ignore[attr-defined]
    texts = [t.get_text() for t in (*fig.texts, *ax.texts)] + legend  # type: ignore[attr-defined]
    return [" ".join(t.split()) for t in texts]  # legend labels wrap


def test_surroundings_show_the_border_names_ring_others_and_scale(munis: gpd.GeoDataFrame) -> None:
    nearby = pd.DataFrame({"id": [4, 5], "x": [9_900.0, 10_100.0], "y": [4_050.0, 3_900.0],
                           "found_at": pd.to_datetime(["2025-01-03", None])})  # fmt: skip
    fig = surroundings_figure(munis, 9_950.0, 4_000.0, "Dumping 7", "Westdorp (oost)", nearby)
    texts = _texts(fig)
    assert {"Westdorp", "Oostveen"} <= set(texts) and "Verweg" not in texts  # both sides of the border named
    assert "Dumping 7" in texts and "4 · 01-2025" in texts and "5" in texts
    assert any("geen kadastrale percelen" in t for t in texts) and any("Westdorp (oost)" in t for t in texts)
    assert "100 m rond de vindplaats" in texts and "Gemeentegrens" in texts
    assert "100 m" in texts or "200 m" in texts  # the scale bar
    x0, y0, x1, y1 = shown_extent(fig)
    assert x1 - x0 >= FRAME_M - 1 and y1 - y0 >= FRAME_M - 1 and max(x1 - x0, y1 - y0) < 3 * FRAME_M
    assert x0 < 9_950 < x1 and y0 < 4_000 < y1


def test_situation_names_the_municipality_and_its_neighbours(munis: gpd.GeoDataFrame) -> None:
    frame = (9_600.0, 3_750.0, 10_300.0, 4_250.0)
    fig = situation_figure(munis, 9_950.0, 4_000.0, "dumping 7", "Westdorp (oost)", frame)
    texts = _texts(fig)
    assert {"Westdorp", "Oostveen"} <= set(texts)
    assert "Gemeente Westdorp" in texts and "Uitsnede van de omgevingskaart" in texts
    assert any(t.startswith("Ligging van dumping 7") for t in texts)
    x0, _, x1, _ = shown_extent(fig)
    assert x0 <= 0 and x1 >= 10_000 and x1 < 20_000  # the whole municipality, not the far one


def test_dossier_maps_are_pngs_with_the_place(munis: gpd.GeoDataFrame) -> None:
    maps = dossier_maps(munis, 9_950.0, 4_000.0, 7)
    assert maps.municipality == "Westdorp" and maps.place.startswith("Westdorp")
    for png in (maps.situation, maps.surroundings):
        with Image.open(io.BytesIO(png)) as img:
            assert img.format == "PNG" and img.width > 1000
    with pytest.raises(ValueError, match="Geen gemeentegrenzen"):
        dossier_maps(munis.iloc[0:0], 1.0, 1.0, 7)
