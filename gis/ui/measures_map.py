"""The Maatregelen page's map tab: a chosen measure placed as a point, a road segment (line) or a zone (polygon),
drawn with the one matching Leaflet.draw tool and saved in RD New; the area's measures drawn with their labels.

``drawn_geometry`` (drawings in WGS84 to one RD New geometry of the kind) needs no Streamlit running; the folium
map itself is built in ``gis.maps.measures_draw`` (labels escaped for HTML and folium's JavaScript string).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from gis.domain.roles import PermissionDenied
from gis.geo.crs import wgs84_to_rd
from gis.i18n import t
from gis.maps.measures_draw import MAP_PX, label_text, measures_group, measures_map
from gis.measures.codes import PLACE_KINDS, label
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.measures_page import can_plan, decision_label, flash, measure_name, seen_version, write_error
from gis.ui.state import require_user
from gis.ui.text import plain

SHAPES: dict[str, tuple[str, ...]] = {"punt": ("Point",), "weg": ("LineString", "MultiLineString"),
                                      "zone": ("Polygon", "MultiPolygon")}  # fmt: skip


class PlaceError(ValueError):
    """A drawing that cannot be the measure's place (Dutch message naming the drawing and the kind)."""


def _to_rd(geom: shapely.Geometry) -> shapely.Geometry:
    def move(coords: np.ndarray) -> np.ndarray:
        x, y = wgs84_to_rd(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, move)


def drawn_geometry(drawings: Sequence[Mapping[str, Any]] | None, kind: str) -> shapely.Geometry | None:
    """The drawings (Draw-plugin GeoJSON features, WGS84) as one RD New geometry of ``kind`` (``punt``: one
    point; ``weg``: a line or several; ``zone``: the polygons together); None when nothing was drawn."""
    if kind not in SHAPES:
        raise PlaceError(f"Soort plaats '{kind}' bestaat niet; kies punt, wegvak of zone.")
    parts: list[shapely.Geometry] = []
    for i, feature in enumerate(drawings or (), start=1):
        geometry = feature.get("geometry") or {}
        shape = geometry.get("type")
        if shape not in SHAPES[kind]:
            raise PlaceError(f"Tekening {i} is een {_shape_nl(shape)}; een {label(PLACE_KINDS, kind)} teken je als "
                             f"{_shape_nl(SHAPES[kind][0])}.")  # fmt: skip
        try:
            parts.append(_to_rd(shapely.geometry.shape(geometry)))
        except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
            raise PlaceError(f"Tekening {i} is geen geldige {_shape_nl(shape)}: {exc}.") from exc
    if not parts:
        return None
    if kind == "punt":
        if len(parts) > 1:
            raise PlaceError(f"Er staan {len(parts)} punten op de kaart; een maatregel als punt heeft er één.")
        return parts[0]
    if kind == "weg":
        lines = [g for p in parts for g in getattr(p, "geoms", [p])]
        return lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)
    return shapely.union_all(parts)


def _shape_nl(shape: str | None) -> str:
    return {"Point": "punt", "LineString": "lijn", "MultiLineString": "lijn", "Polygon": "vlak",
            "MultiPolygon": "vlak"}.get(str(shape), shape or "onbekende vorm")  # fmt: skip


def _size(geom: object, lang: str) -> str:
    if not isinstance(geom, shapely.Geometry) or geom.is_empty:
        return ""
    if geom.area > 0:
        return f"{geom.area / 10_000:.1f} ha".replace(".", "," if lang == "nl" else ".")
    if geom.length > 0:
        return f"{geom.length:,.0f} m".replace(",", "." if lang == "nl" else ",")
    return ""


def _placed_table(measures: pd.DataFrame, lang: str) -> None:
    placed = measures[[isinstance(g, shapely.Geometry) and not g.is_empty for g in measures.geometry]]
    if placed.empty:
        st.caption(t("ms_map_nothing_placed", lang))
        return
    table = pd.DataFrame({
        t("ms_col_id", lang): placed["id"].astype(int).to_list(),
        t("ms_col_name", lang): [measure_name(r, lang) for _, r in placed.iterrows()],
        t("ms_col_decision", lang): [decision_label(d, lang) for d in placed["decision"]],
        t("ms_col_place", lang): [label(PLACE_KINDS, k, lang) for k in placed["place_kind"]],
        t("ms_col_size", lang): [_size(g, lang) for g in placed.geometry],
    })  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch", key="ms_placed_table")


def _area(store: GuardedStore, area_id: int) -> gpd.GeoDataFrame:
    areas = store.areas()
    return areas[areas["id"].astype(int) == area_id]


def map_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Read-only roles see the map; the coordinator picks a chosen measure and a kind, draws it and saves."""
    measures = store.area_measures(area_id)
    munis, _ = region_boundaries(store)
    area = _area(store, area_id)
    chosen = measures[measures["decision"].astype(str) == "gekozen"]
    if not can_plan(store) or chosen.empty:
        if chosen.empty:
            st.info(t("ms_map_none", lang), icon=":material/info:")
        view = measures_map(munis, area, measures, lang, name=measure_name)
        map_widget.static_map(view, key=f"ms_map_view_{area_id}", height=MAP_PX)
        _placed_table(measures, lang)
        return
    names = {int(r["id"]): f"{int(r['id'])}. {measure_name(r, lang)}" for _, r in chosen.iterrows()}
    if st.session_state.get("ms_map_pick") not in names:
        st.session_state["ms_map_pick"] = next(iter(names))
    measure_id = st.selectbox(t("ms_map_pick", lang), list(names), format_func=names.get, key="ms_map_pick")
    row = chosen[chosen["id"].astype(int) == measure_id].iloc[0]
    kinds = list(PLACE_KINDS)
    have = row.get("place_kind")
    kind = st.radio(t("ms_map_kind", lang), kinds, index=kinds.index(have) if have in kinds else 0, horizontal=True,
                    format_func=lambda k: label(PLACE_KINDS, k, lang), key=f"ms_map_kind_{measure_id}")  # fmt: skip
    st.caption(t(f"ms_map_help_{kind}", lang))
    gen = int(st.session_state.get("ms_map_gen", 0))
    fmap = measures_map(munis, area, measures, lang, draw=kind, selected=measure_id, name=measure_name)
    with st.container(key="ms_draw_map"):
        drawings = map_widget.draw_map(fmap, [], key=f"ms_draw_{area_id}_{measure_id}_{kind}_{gen}", height=MAP_PX)
    _drawn_note(drawings, kind, lang)
    version = seen_version(f"measure_{measure_id}", row.get("version"))
    left, right = st.columns(2)
    if left.button(t("ms_map_save", lang), key="ms_map_save", type="primary", icon=":material/save:",
                   width="stretch"):  # fmt: skip
        _place(store, row, kind, drawings, version, lang)
    placed = isinstance(row.get("geometry"), shapely.Geometry)
    if right.button(t("ms_map_clear", lang), key="ms_map_clear", icon=":material/location_off:", width="stretch",
                    disabled=not placed):  # fmt: skip
        _save_place(store, row, str(row.get("place_kind") or kind), None, version, lang)
    _placed_table(measures, lang)


def _drawn_note(drawings: list[dict] | None, kind: str, lang: str) -> None:
    """What is drawn so far (kind and length or area), or why it cannot be saved, before saving."""
    if not drawings:
        return
    try:
        geom = drawn_geometry(drawings, kind)
    except PlaceError as exc:
        st.warning(plain(exc), icon=":material/warning:")
        return
    size = _size(geom, lang)
    what = label(PLACE_KINDS, kind, lang) + (f" ({size})" if size else "")
    st.caption(f":material/draw: {t('ms_map_drawn', lang, what=what)}")


def _place(store: GuardedStore, row: pd.Series, kind: str, drawings: list[dict] | None, version: int | None,
           lang: str) -> None:  # fmt: skip
    try:
        geom = drawn_geometry(drawings, kind)
    except PlaceError as exc:
        st.error(plain(exc), icon=":material/error:")
        return
    if geom is None:
        st.error(t("ms_map_nothing_drawn", lang, kind=label(PLACE_KINDS, kind, lang)), icon=":material/error:")
        return
    _save_place(store, row, kind, geom, version, lang)


def _save_place(store: GuardedStore, row: pd.Series, kind: str, geom: shapely.Geometry | None, version: int | None,
                lang: str) -> None:  # fmt: skip
    if not (user := require_user(lang)):
        return
    try:
        store.place_measure(int(row["id"]), kind, geom, user, expected_version=version)
    except (StoreError, PermissionDenied) as exc:
        write_error(exc, lang, "ms_map_gen")
        return
    name = plain(measure_name(row, lang))
    done = "ms_map_cleared" if geom is None else "ms_map_saved"
    flash("success", t(done, lang, name=name, kind=label(PLACE_KINDS, kind, lang)))
    st.session_state["ms_map_gen"] = int(st.session_state.get("ms_map_gen", 0)) + 1
    st.rerun()


__all__ = ["PlaceError", "drawn_geometry", "label_text", "map_tab", "measures_group", "measures_map"]
