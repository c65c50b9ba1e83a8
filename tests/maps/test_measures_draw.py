"""The measures map built in gis.maps.measures_draw (moved out of gis/ui): labels escaped by the one tooltip function
so a hostile name stays text inside folium's JavaScript template string, only the place kind's Draw tool, the
selected measure in its own colour; the schouw routes' tooltips use the same function. No Streamlit needed."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from gis.maps import measures_draw
from gis.maps.elements import tooltip_text
from gis.maps.measures_draw import MEASURE_COLOUR, SELECTED_COLOUR, label_text, measures_group, measures_map

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "a`);alert(1);(`${document.cookie}\\ <img src=x onerror=alert(2)>"
RING = [[6.0, 52.0], [6.1, 52.0], [6.1, 52.1], [6.0, 52.0]]
POLYGON = {"type": "Polygon", "coordinates": [RING]}
MUNIS = {
    "type": "FeatureCollection",
    "features": [{"type": "Feature", "properties": {"name": "Gemeente"}, "geometry": POLYGON}],
}


def _name(row: pd.Series, lang: str) -> str:
    return str(row["name"])


def _measures() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [1, 2, 3],
        "name": [HOSTILE, "Camera", "Niet geplaatst"],
        "geometry": [shapely.Point(231_000, 471_000), shapely.LineString([(231_000, 471_000), (232_000, 472_000)]),
                     None],
    })  # fmt: skip


def _area() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.box(230_000, 470_000, 234_000, 473_000)], crs="EPSG:28992")


def _tooltips(page: str) -> list[str]:
    """The text of every ``bindTooltip(`...`)`` template string on the rendered page."""
    return re.findall(r"bindTooltip\(\s*`(.*?)`,", page, flags=re.S)


def test_one_escaping_function_for_every_tooltip() -> None:
    from gis.ui import measures_map as page

    assert label_text is tooltip_text and page.label_text is tooltip_text
    text = tooltip_text(HOSTILE)
    assert not set("`$\\<>") & set(text)
    assert "&#96;" in text and "&#36;{document.cookie}" in text and "&#92;" in text and "&lt;img" in text


def test_a_hostile_name_stays_text_inside_the_template_string() -> None:
    page = measures_map(MUNIS, _area(), _measures(), "nl", name=_name).get_root().render()
    tips = _tooltips(page)
    assert len(tips) == 2  # the measure without a place has no label
    hostile = next(tip for tip in tips if "1. a" in tip)
    assert "&#96;);alert(1);(&#96;&#36;{document.cookie}&#92; &lt;img" in hostile
    assert "`" not in hostile and "${" not in hostile and "<img" not in page
    assert any("2. Camera" in tip for tip in tips)


def test_only_the_kind_s_draw_tool_and_the_selected_colour() -> None:
    page = measures_map(MUNIS, _area(), _measures(), "nl", draw="weg", selected=2, name=_name).get_root().render()
    draw = re.search(r"var options = \{.*?draw: (\{.*?\}),\s*edit:", page, flags=re.S)
    assert draw is not None
    options = draw.group(1)
    assert '"polyline": {"shapeOptions"' in options
    for tool in ("polygon", "rectangle", "circle", "marker", "circlemarker"):
        assert f'"{tool}": false' in options, tool
    assert "Wegvak tekenen" in page  # the Dutch Draw texts
    assert SELECTED_COLOUR in page and MEASURE_COLOUR in page
    english = measures_map(MUNIS, _area(), _measures(), "en", draw="zone", name=_name).get_root().render()
    assert "Wegvak tekenen" not in english and '"polygon": {"shapeOptions"' in english
    assert SELECTED_COLOUR in english  # the drawing's legend entry and shape style


def test_group_skips_measures_without_a_place() -> None:
    group = measures_group(_measures(), "nl", name=_name)
    assert len(group._children) == 2


def test_folium_is_built_in_gis_maps_and_streamlit_stays_out() -> None:
    def imports(path: Path) -> set[str]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        return names | {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}

    assert not any(m.startswith("streamlit") for m in imports(Path(measures_draw.__file__)))
    assert not any(m.startswith("folium") for m in imports(ROOT / "gis" / "ui" / "measures_map.py"))


def test_schouw_route_tooltips_use_the_same_escaping(monkeypatch: pytest.MonkeyPatch) -> None:
    from gis.maps import schouw_map

    real_t = schouw_map.t  # the walk's word made hostile: the route tooltip must keep it text
    monkeypatch.setattr(schouw_map, "t", lambda key, lang="nl": HOSTILE if key == "sw_walk" else real_t(key, lang))
    walks = gpd.GeoDataFrame({"id": [7], "daypart": ["nacht"], "walked_on": [date(2026, 3, 1)]},
                             geometry=[shapely.LineString([(231_000, 471_000), (232_000, 471_500)])],
                             crs="EPSG:28992")  # fmt: skip
    m = measures_map(MUNIS, _area(), _measures().iloc[:0], "nl", name=_name)
    schouw_map.routes_group(walks, "nl").add_to(m)
    (tip,) = _tooltips(m.get_root().render())
    assert f"{tooltip_text(HOSTILE)} 7 · 01-03-2026" in tip
    assert "`" not in tip and "${" not in tip
