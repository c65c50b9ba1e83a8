"""Widgets of the Hotspots page: the selection, the four views, the side panel, the ranked table, the
downloads and the meeting view (one title line, controls folded away, the map at full width). The analysis
itself is ``gis.hotspots``; results are cached per selection (and per state of the data), so a meeting can
switch periods back and forth without waiting.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import shapely
import streamlit as st

from gis.config import database_url
from gis.domain.catalog import Layer
from gis.domain.roles import Access, layer_access
from gis.hotspots.analysis import CORRECTIONS, HotspotQuery, HotspotResult, Study, cell_size, run_hotspots, study_area
from gis.hotspots.cells import GRIDS, CellSet, make_cells
from gis.hotspots.export import describe, gpkg_bytes, map_image
from gis.hotspots.first_map import FirstMap, first_map
from gis.hotspots.gistar import HotspotError
from gis.hotspots.grid import GridError
from gis.hotspots.labels import fmt_decimal, ranked_table
from gis.hotspots.messages import in_lang
from gis.hotspots.periods import STEPS, Comparison, Emerging, PaiCheck, compare_periods, emerging, pai_check
from gis.hotspots.periods import previous_period as before_period
from gis.hotspots.views import CellGroup, change_groups, class_groups, density_groups, emerging_groups
from gis.i18n import fmt_int, t
from gis.io.csv_export import to_csv_bytes
from gis.io.xlsx_export import XLSX_MIME, table_xlsx
from gis.maps.hotspot_map import Ranked, hotspot_map
from gis.privacy.hotspots import coarse_hotspot_query
from gis.store import Store
from gis.store.codelists import active_codes
from gis.store.guard import AggregateSource, GuardedStore
from gis.store.guard_rules import counts_only
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.downloads import download_button
from gis.ui.text import plain

CELL_SIZES = (100, 250, 500, 1000, 2000)
VIEWS = ("gi", "kde", "compare", "trend")
MAP_HEIGHT = 560
MEETING_MAP_HEIGHT = 720  # with the title line and the folded controls, the whole map fits in 1400 x 900
MEETING_CSS = """<style>
section[data-testid="stSidebar"], header[data-testid="stHeader"] {display: none !important;}
.block-container {max-width: 100% !important; padding: 0.75rem 1.5rem 1rem !important;}
.stApp {background: #ffffff; color: #000000;}
.stApp p, .stApp li, .stApp label p, .stApp td, .stApp th {font-size: 1.3rem !important; color: #000000;}
.stApp h1, .stApp h1 span {font-size: 2.8rem !important;}
.stApp h3, .stApp h3 span {font-size: 2rem !important;}
.stApp h3 {padding: 0 !important;}
@media (min-width: 800px) {.stApp h3 {white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}}
div[data-testid="stMetricValue"], div[data-testid="stMetricValue"] * {font-size: 3rem !important; font-weight: 700;}
div[data-testid="stMetricLabel"] p {font-size: 1.4rem !important;}
DEMO_BANNER {display: none !important;}
</style><span class="hs-meeting-mark"></span>""".replace(
    "DEMO_BANNER",
    '[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]'
    ':has(> [data-testid="stAlert"]):has(~ [data-testid="stElementContainer"] .hs-meeting-mark)',
)  # the last rule folds the demo banner (an alert before this element); the title line keeps a DEMO mark


def meeting_on() -> bool:
    """Whether the meeting (projector) view is on; read before the page title is drawn."""
    return bool(st.session_state.get("hs_meeting_view", False))


@st.cache_resource(show_spinner=False, max_entries=8)
def _cells(url: str, study_key: tuple, cell_m: float, kind: str, _study: Study) -> CellSet:
    # study_key holds the boundary's fingerprint: a new version of the area gives new cells
    return make_cells(_study.geom, cell_m, kind)


@st.cache_resource(show_spinner=False, max_entries=48)
def _run(url: str, what: str, q: HotspotQuery, extra: tuple, version: tuple, _store: Store, _cells: CellSet,
         _study: Study) -> object:  # fmt: skip
    # ``q`` fixes the study area, cell size and shape, so it also identifies ``_cells``; ``version`` the data
    if what == "first":
        return first_map(_store, q, _study, _cells)
    if what == "gi":
        return run_hotspots(_store, q, _cells)
    if what == "pai":
        return pai_check(_store, q, _study, _cells)
    if what == "compare":
        return compare_periods(_store, q, _study, _cells, extra)
    return emerging(_store, q, _study, _cells, extra[0])


@dataclass(frozen=True, eq=False)
class _Run:
    """What one run of the page computes once: the store to count from, the query, study area and cells,
    and the state of the data (new or undone records give new results)."""

    store: Store
    q: HotspotQuery
    study: Study
    cells: CellSet
    version: tuple

    def cached(self, what: str, extra: tuple = ()) -> object:
        return _run(database_url(), what, self.q, extra, self.version, self.store, self.cells, self.study)


def _prepare(store: Store, q: HotspotQuery, study: Study) -> _Run:
    fingerprint = _fingerprint(study.geom)
    cell_m = q.cell_m if q.cell_m is not None else cell_size(q, study)
    cells = _cells(database_url(), (q.area_id, q.municipality, fingerprint), cell_m, q.grid, study)
    version = (*(store.data_version(Layer(layer)) for layer in q.layers), fingerprint)
    return _Run(store, q, study, cells, version)


def _fingerprint(geom: object) -> str:
    """A short hash of a boundary, so edited areas are not served from the cache."""
    return hashlib.sha1(shapely.to_wkb(geom), usedforsecurity=False).hexdigest()[:16]


def _periods(store: Store, lang: str, counted: bool = False) -> tuple[date | None, date | None]:
    """The period chosen with presets; for a role that sees counts only, calendar presets (a fixed period of
    a year or all data, as ``gis.privacy`` counts them) instead of rolling 12 months."""
    first, last = store.date_span()
    if first is None or last is None:
        return None, None
    first, last = pd.Timestamp(first).date(), pd.Timestamp(last).date()
    if counted:
        presets = {
            "hs_p_year": (date(last.year, 1, 1), last),
            "hs_p_last_year": (date(last.year - 1, 1, 1), date(last.year - 1, 12, 31)),
            "hs_p_all": (first, last),
        }
        default = "hs_p_year"
    else:
        presets = {
            "hs_p_12m": (last - timedelta(days=364), last),
            "hs_p_prev": (last - timedelta(days=729), last - timedelta(days=365)),
            "hs_p_year": (date(last.year, 1, 1), last),
            "hs_p_all": (first, last),
        }
        default = "hs_p_12m"
    choice = st.segmented_control(t("hs_period", lang), [*presets, "hs_p_custom"], default=default,
                                  format_func=lambda k: t(k, lang), key="hs_period")  # fmt: skip
    if choice == "hs_p_custom":
        picked = st.date_input(t("hs_period", lang), value=presets[default], min_value=first, max_value=last,
                               format="DD-MM-YYYY", key="hs_dates", label_visibility="collapsed")  # fmt: skip
        if isinstance(picked, tuple) and len(picked) == 2:
            return picked[0], picked[1]
        return presets[default]
    return presets.get(choice or default, presets[default])


def selection(store: Store, lang: str, meeting: bool) -> tuple[HotspotQuery, Study] | None:
    """The query from the controls and its study area; ``None`` when there are no dated records yet. In the
    meeting view the settings are not in an expander of their own (they are in the folded controls)."""
    counted = isinstance(store, GuardedStore) and counts_only(store.principal, *Layer)
    start, end = _periods(store, lang, counted)
    if start is None:
        st.info(t("hs_no_dates", lang))
        return None
    with st.container() if meeting else st.expander(t("hs_settings", lang)):
        c1, c2, c3 = st.columns(3)
        areas = store.areas()
        names = {int(i): str(n) for i, n in zip(areas["id"], areas["name"], strict=True)}
        area_id = c1.selectbox(t("hs_study", lang), [None, *names], key="hs_area",
                               format_func=lambda i: t("hs_region", lang) if i is None else names[i])  # fmt: skip
        layers = c2.multiselect(t("hs_layers", lang), [lay.value for lay in Layer], default=["incidents"],
                                format_func=lambda v: t(f"layer_{v}", lang), key="hs_layers")  # fmt: skip
        offered = list(dict.fromkeys([*active_codes(store, "category"), *active_codes(store, "waste_type")]))
        if "hs_cats" in st.session_state:  # a value retired meanwhile is no longer offered
            st.session_state["hs_cats"] = [c for c in st.session_state["hs_cats"] if c in offered]
        cats = c3.multiselect(t("hs_categories", lang), offered, key="hs_cats",
                              placeholder=t("choose", lang))  # fmt: skip
        c4, c5, c6, c7 = st.columns(4)
        study = study_area(store, HotspotQuery(area_id=area_id))
        default_cell = int(cell_size(HotspotQuery(area_id=area_id), study))
        cell = c4.select_slider(t("hs_cell", lang), CELL_SIZES, value=default_cell, key=f"hs_cell_{area_id}")
        distance = c5.number_input(t("hs_distance", lang), min_value=0, max_value=25_000, step=50,
                                   value=2 * int(cell), key=f"hs_dist_{cell}",
                                   help=t("hs_distance_help", lang))  # fmt: skip
        correction = c6.radio(t("hs_correction", lang), list(CORRECTIONS), key="hs_corr",
                              format_func=lambda c: CORRECTIONS[c][lang])  # fmt: skip
        grid = c7.radio(t("hs_grid", lang), list(GRIDS), key="hs_grid", format_func=lambda g: GRIDS[g][lang])
    q = HotspotQuery(layers=tuple(layers), categories=tuple(cats) or None, date_from=start, date_to=end,
                     area_id=area_id, cell_m=float(cell), distance_m=float(distance), grid=str(grid),
                     correction=str(correction))  # fmt: skip
    return q, study


def _side_panel(result: HotspotResult, pai: PaiCheck | None, pai_error: str, lang: str) -> None:
    st.metric(t("hs_records", lang), fmt_int(result.n_events, lang))
    st.metric(t("hs_hot_cells", lang), fmt_int(int(result.hot().sum()), lang))
    if pai is not None and pai.result.pai is not None:
        r = pai.result
        st.metric(t("hs_pai", lang), fmt_decimal(r.pai, 1, lang))
        span = lambda p: f"{p[0]:%d-%m-%Y} – {p[1]:%d-%m-%Y}"  # noqa: E731
        st.caption(t("hs_pai_help", lang, build=span(pai.build), test=span(pai.test),
                     hit=f"{fmt_decimal(100 * r.hit_rate, 0, lang)}%",
                     area=f"{fmt_decimal(100 * r.area_share, 1, lang)}%"))  # fmt: skip
    else:
        st.caption(t("hs_pai_none", lang, why=pai_error or (pai.result.note_in(lang) if pai else "")))
    st.caption(t("hs_legend_note", lang))


def _top(store: Store, result: HotspotResult, lang: str) -> pd.DataFrame:
    """The ranked places, built once per result and language (the table, the map and the exports share
    them); a copy."""
    cache: dict[str, pd.DataFrame] = result.__dict__.setdefault("_vb_top", {})  # results are cached per query
    if lang not in cache:
        cache[lang] = result.top(store, 10, lang)
    top = cache[lang].copy()
    top.attrs["index"] = cache[lang].attrs["index"]
    return top


def _map(store: Store, result: HotspotResult, groups: list[CellGroup], title: str, lang: str, height: int,
         with_ranks: bool) -> None:  # fmt: skip
    munis, _ = region_boundaries(store)
    markers: list[Ranked] = []
    if with_ranks:
        top = _top(store, result, lang)
        cx, cy = result.cells.centres()
        markers = [Ranked(int(r), float(cx[i]), float(cy[i]), str(p))
                   for r, i, p in zip(top["rank"], top.attrs["index"], top["place"], strict=True)]  # fmt: skip
    m = hotspot_map(munis, result.study.geom, groups, title, markers, lang, t("hs_cells", lang),
                    t("hs_list_title", lang))  # fmt: skip
    map_widget.static_map(m, key=f"hs_map_{lang}", height=height)


def _view_groups(run: _Run, result: HotspotResult, view: str, lang: str) -> tuple[list, str]:
    q = run.q
    if view == "kde":
        groups, bw = density_groups(result, lang=lang)
        return groups, t("hs_kde_note", lang, bw=fmt_int(round(bw), lang))
    if view == "compare":
        which = st.radio(t("hs_before", lang), ["hs_b_prev", "hs_b_year"], horizontal=True, key="hs_before",
                         format_func=lambda k: t(k, lang))  # fmt: skip
        a, b = q.date_from, q.date_to
        before = before_period(a, b) if which == "hs_b_prev" else (a - timedelta(days=365), b - timedelta(days=365))  # type: ignore[operator]
        comp = run.cached("compare", before)
        assert isinstance(comp, Comparison)
        span = f"{before[0]:%d-%m-%Y} – {before[1]:%d-%m-%Y}"
        return change_groups(comp, lang), t("hs_compare_note", lang, before=span, after=f"{a:%d-%m-%Y} – {b:%d-%m-%Y}")
    if view == "trend":
        counted = (
            isinstance(q, HotspotQuery)
            and isinstance(run.store, AggregateSource)
            and counts_only(run.store.principal, *map(Layer, q.layers))
        )
        steps = [s for s in STEPS if s != "month"] if counted else list(STEPS)  # released per quarter
        step = st.segmented_control(t("hs_step", lang), steps, default="quarter", key="hs_step",
                                    format_func=lambda s: STEPS[s][lang]) or "quarter"  # fmt: skip
        em = run.cached("trend", (step,))
        assert isinstance(em, Emerging)
        return emerging_groups(em, result.cells, lang), t("hs_trend_note", lang, n=len(em.periods))
    return class_groups(result, lang), describe(result, lang)


def _compute(run: _Run, aggregate_only: bool, lang: str = "nl") -> tuple[HotspotResult, PaiCheck | None, str]:
    """The Gi* result and its PAI check (or why there is none, in ``lang``): in one read (``first_map``), or
    for roles that see counts only as two computations over the released counts, as before."""
    if not aggregate_only:
        first = run.cached("first")
        assert isinstance(first, FirstMap)
        return first.result, first.pai, first.pai_error_in(lang)
    result = run.cached("gi")
    assert isinstance(result, HotspotResult)
    try:
        pai = run.cached("pai")
        assert isinstance(pai, PaiCheck)
        return result, pai, ""
    except HotspotError as exc:
        return result, None, in_lang(exc, lang)


def render(store: Store, lang: str) -> None:
    """The whole page below the title (in the meeting view: with the title line)."""
    meeting = meeting_on()
    if meeting:
        st.markdown(MEETING_CSS, unsafe_allow_html=True)
        head, switch = st.columns([3, 1], vertical_alignment="center")
        switch.toggle(t("hs_meeting", lang), key="hs_meeting_view")
        controls = st.expander(t("hs_controls", lang), expanded=False)
    else:
        st.toggle(t("hs_meeting", lang), key="hs_meeting_view")
        st.caption(t("hs_intro", lang))
        head, controls = st.empty(), st.container()
    demo = bool(store.is_demo())
    with controls:
        picked = selection(store, lang, meeting)
        if picked is None:
            return
        q, study = picked
        shown = _shown(store, q, study, lang)
        if shown is None:
            return
        run, aggregate_only, guarded, view = shown
        try:
            with st.spinner(t("hs_busy", lang)):
                result, pai, pai_error = _compute(run, aggregate_only, lang)
                groups, note = _view_groups(run, result, view, lang)
        except (HotspotError, GridError) as exc:
            st.error(plain(in_lang(exc, lang)))
            return
        for warning in result.warnings_in(lang):
            st.warning(plain(warning))
    title = t("hs_legend", lang) if view == "gi" else t(f"hs_v_{view}", lang)
    if meeting:
        head.markdown(title_line(t("hs_title", lang), run.q, demo, lang))
        _map(run.store, result, groups, title, lang, MEETING_MAP_HEIGHT, view == "gi")
        st.caption(plain(note))
        cols = st.columns(3)
        cols[0].metric(t("hs_records", lang), fmt_int(result.n_events, lang))
        cols[1].metric(t("hs_hot_cells", lang), fmt_int(int(result.hot().sum()), lang))
        pai_value = "–" if pai is None or pai.result.pai is None else fmt_decimal(pai.result.pai, 1, lang)
        cols[2].metric(t("hs_pai", lang), pai_value)
    else:
        left, right = st.columns([3, 1])
        with left:
            _map(run.store, result, groups, title, lang, MAP_HEIGHT, view == "gi")
            st.caption(plain(note))
        with right:
            _side_panel(result, pai, pai_error, lang)
    _table_and_downloads(run.store, result, lang, aggregate_only, guarded, demo)


def title_line(title: str, q: HotspotQuery, demo: bool, lang: str) -> str:
    """The meeting view's one line: title, period and (demo data) a DEMO mark, as Markdown."""
    period = f"{q.date_from:%d-%m-%Y} – {q.date_to:%d-%m-%Y}" if q.date_from and q.date_to else ""
    mark = f" :red-badge[{t('hs_demo_mark', lang)}]" if demo else ""
    return f"### {plain(title)}{' · ' + period if period else ''}{mark}"


def _shown(store: Store, q: HotspotQuery, study: Study, lang: str) -> tuple[_Run, bool, Store, str] | None:
    """The computation as the role may see it (aggregate-only roles: coarse cells, a fixed period, the
    released counts), and the chosen view."""
    layers = [Layer(layer) for layer in q.layers]
    aggregate_only = isinstance(store, GuardedStore) and any(
        layer_access(store.principal, layer) < Access.RAW for layer in layers
    )
    guarded = store
    if isinstance(store, GuardedStore):  # the cells are aggregates; the records never reach the page
        store = store.aggregate_source(*layers)
    if aggregate_only:  # coarse enough that a cell's class cannot be read back to a handful of records
        q = coarse_hotspot_query(q, store.date_span())
        period = f"{q.date_from:%d-%m-%Y} – {q.date_to:%d-%m-%Y}" if q.date_from and q.date_to else "–"
        st.caption(t("hs_coarse", lang, cell=int(q.cell_m or 0), distance=int(q.distance_m or 0), period=period))
    view = st.segmented_control(t("hs_view", lang), list(VIEWS), default="gi", key="hs_view",
                                format_func=lambda v: t(f"hs_v_{v}", lang)) or "gi"  # fmt: skip
    try:
        return _prepare(store, q, study), aggregate_only, guarded, view
    except (HotspotError, GridError) as exc:
        st.error(plain(in_lang(exc, lang)))
        return None


def _table_and_downloads(
    store: Store, result: HotspotResult, lang: str, aggregate_only: bool = False, guarded: Store | None = None,
    demo: bool = False,
) -> None:  # fmt: skip
    st.subheader(t("hs_top", lang))
    top = _top(store, result, lang)
    table = ranked_table(top, lang, aggregate_only)
    if table.empty:
        st.info(t("hs_top_none", lang))
    else:
        st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("hs_police_note", lang))
    c1, c2, c3, c4, c5 = st.columns(5)
    stamp = f"{result.query.date_from:%Y%m%d}-{result.query.date_to:%Y%m%d}"
    audited = guarded or store
    image = lambda fmt: lambda: map_image(result, store, fmt, lang, top=top, demo=demo)  # noqa: E731
    cells = lambda: gpkg_bytes(result, suppress=aggregate_only)  # noqa: E731
    files = (
        (c1, "png", "hs_png", image("png"), f"hotspots_{stamp}.png", "image/png"),
        (c2, "pdf", "hs_pdf", image("pdf"), f"hotspots_{stamp}.pdf", "application/pdf"),
        (c3, "gpkg", "hs_gpkg", cells, f"hotspots_{stamp}.gpkg", "application/geopackage+sqlite3"),
        (c4, "csv", "hs_csv", lambda: to_csv_bytes(table), f"hotspots_top_{stamp}.csv", "text/csv"),
        (
            c5,
            "xlsx",
            "hs_xlsx",
            lambda: table_xlsx(table, t("hs_top", lang)[:31]),
            f"hotspots_top_{stamp}.xlsx",
            XLSX_MIME,
        ),
    )
    for column, fmt, label, data, name, mime in files:
        download_button(t(label, lang), data, name, store=audited, resource="hotspots", what=f"hotspots als {fmt}",
                        key=f"hs_dl_{fmt}", mime=mime, container=column)  # fmt: skip
