"""The Regional overview's map built in gis.maps.stage_map (moved out of gis/ui): each area drawn in its stage's
colour, a hostile area name kept text in folium's JavaScript tooltip string, one legend entry per stage shown (in
the process's order), and folium stays out of the page module. No Streamlit needed."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import geopandas as gpd
import shapely

from gis.maps import stage_map as stage_module
from gis.maps.elements import tooltip_text
from gis.maps.stage_map import STAGE_COLOURS, stage_colour, stage_map, view_zoom
from gis.partnership.progress import STAGES

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "a`);alert(1);(`${document.cookie}\\ <img src=x onerror=alert(2)>"
RING = [[6.0, 52.0], [6.1, 52.0], [6.1, 52.1], [6.0, 52.0]]
MUNIS = {
    "type": "FeatureCollection",
    "features": [{"type": "Feature", "properties": {"name": "Gemeente"},
                  "geometry": {"type": "Polygon", "coordinates": [RING]}}],
}  # fmt: skip


def _areas() -> gpd.GeoDataFrame:
    boxes = [shapely.box(230_000 + i * 5_000, 470_000, 234_000 + i * 5_000, 473_000) for i in range(3)]
    stages = [STAGES["ready"], STAGES["A2"], STAGES["ready"]]
    return gpd.GeoDataFrame({"name": [HOSTILE, "Kiek Uut Nieuw", "Kiek Uut Klaar"], "stage": stages},
                            geometry=boxes, crs="EPSG:28992")  # fmt: skip


def _render(frame: gpd.GeoDataFrame, lang: str = "nl") -> str:
    return stage_map(MUNIS, frame, lang, label=lambda s: s.upper()).get_root().render()


def test_each_area_is_drawn_in_its_stage_s_colour() -> None:
    page = _render(_areas())
    fills = re.findall(r'"fillColor": "(#[0-9a-f]{6})"', page)
    assert len(set(STAGE_COLOURS.values())) == len(STAGE_COLOURS)  # no two stages alike on the map and legend
    ready, start = STAGE_COLOURS["ready"], STAGE_COLOURS["A2"]
    assert sorted(fills) == sorted([ready, start, ready])
    assert stage_colour(STAGES["certified"]) == STAGE_COLOURS["certified"] != ready
    assert stage_colour("iets anders") == stage_module.OTHER_COLOUR


def test_a_hostile_area_name_stays_text_in_the_tooltip() -> None:
    page = _render(_areas())
    tips = re.findall(r"bindTooltip\(\s*`(.*?)`,", page, flags=re.S)
    assert len(tips) == 3
    hostile = next(tip for tip in tips if tooltip_text(HOSTILE) in tip)
    assert " ".join(hostile.split()) == f"<div> {tooltip_text(HOSTILE)} — KLAAR VOOR AUDIT </div>"
    assert "`" not in hostile and "${" not in hostile and "<img" not in page
    assert any("Kiek Uut Nieuw — SAMENSTELLING DEELNEMERS" in tip for tip in tips)


def test_one_legend_entry_per_stage_in_the_process_order() -> None:
    page = _render(_areas())
    payload = re.search(r"var d = (\{\"title\".*?\});", page)
    assert payload is not None
    legend = json.loads(payload.group(1))
    assert legend["title"] == "Fase"
    assert legend["items"] == [[STAGE_COLOURS["A2"], "SAMENSTELLING DEELNEMERS", "square"],
                               [STAGE_COLOURS["ready"], "KLAAR VOOR AUDIT", "square"]]  # fmt: skip
    assert json.loads(re.search(r"var d = (\{\"title\".*?\});", _render(_areas(), "en")).group(1))["title"] == "Stage"  # type: ignore[union-attr]
    empty = _render(_areas().iloc[0:0])
    assert '"title"' not in empty and "bindTooltip(`" not in empty.replace("Gemeente", "")


def test_the_view_fits_the_areas_shown() -> None:
    m = stage_map(MUNIS, _areas(), "nl")
    lat, lon = m.location
    assert 52.2 < lat < 52.3 and 6.4 < lon < 6.8  # around the boxes near Haaksbergen (RD 235 km, 471 km)
    assert m.options["zoom"] == view_zoom(*_extent(_areas()))
    assert view_zoom(0.001, 0.001) == 14 and view_zoom(5, 5) == 6


def _extent(frame: gpd.GeoDataFrame) -> tuple[float, float]:
    minx, miny, maxx, maxy = frame.to_crs(4326).total_bounds
    return maxx - minx, maxy - miny


def test_folium_is_built_in_gis_maps_and_streamlit_stays_out() -> None:
    def imports(path: Path) -> set[str]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        return names | {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}

    assert not any(m.startswith("streamlit") for m in imports(Path(stage_module.__file__)))
    assert not any(m.startswith("folium") for m in imports(ROOT / "gis" / "ui" / "keurmerk_overview.py"))
