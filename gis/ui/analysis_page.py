"""The Analyse page (safety analysis, step B1): choose an area and a period; tabs for the area profile, the
survey, the site walks, the measurements (0-/1-meting) and the report, each shown to the roles that may use it.

The profile tab is drawn here; the other tabs live in their own modules (``analysis_survey``,
``analysis_schouw``, ``analysis_measure``). Every figure comes through the guarded store, so a counts-only
role sees released counts only.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from gis.analysis.profile import LAYER_NOUN, AreaProfile, area_profile, summary
from gis.analysis.schouw import area_schouw
from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, Action, PermissionDenied
from gis.i18n import t
from gis.store import Filters, StoreError
from gis.store.guard import GuardedStore
from gis.ui.charts import month_chart, month_frame, show_chart, vega_locale
from gis.ui.state import allowed
from gis.ui.table import HIDDEN, show_table

COLOURS = {Layer.INCIDENTS: "#2b6cb0", Layer.DUMPINGS: "#dd6b20", Layer.BARNS: "#6b46c1"}


def areas_for(store: GuardedStore) -> pd.DataFrame:
    """The saved areas the signed-in role may analyse (``id``, ``name``), by name."""
    areas = store.areas()
    keep = []
    for row in areas.itertuples():
        try:
            store.snapshots(int(row.id))  # the guard's scope check for the analysis of this area
        except PermissionDenied:
            continue
        keep.append((int(row.id), str(row.name)))
    return pd.DataFrame(keep, columns=["id", "name"])


def choose_period(store: GuardedStore, lang: str) -> tuple[date | None, date | None]:
    """All data, or one calendar year (the fixed periods counts-only roles are released in)."""
    first, last = store.date_span()
    years = list(range(pd.Timestamp(last).year, pd.Timestamp(first).year - 1, -1)) if first and last else []
    options = [None, *years]
    label = {None: t("an_all_data", lang), **{y: t("an_year", lang, year=y) for y in years}}
    today = date.today()
    full = [y for y in years if y < today.year]  # the last whole year by default, not the running one
    default = options.index(full[0]) if full else (1 if len(options) > 1 else 0)
    year = st.selectbox(t("an_period", lang), options, index=default,
                        format_func=lambda y: label[y], key="an_period")  # fmt: skip
    return (None, None) if year is None else (date(year, 1, 1), date(year, 12, 31))


@st.cache_data(ttl=300, show_spinner=False, max_entries=32)
def _profile(_store: GuardedStore, key: tuple, area_id: int, start: date | None, end: date | None) -> AreaProfile:
    return area_profile(_store, area_id, start, end)


def profile_tab(store: GuardedStore, area_id: int, period: tuple[date | None, date | None], lang: str) -> None:
    """Summary sentences, the profile table, the rates against the region and the area's monthly trend."""
    p = store.principal
    key = (p.user, p.role.value, tuple(sorted(p.scope)), store.codes_version(),
           *(store.layer_count(layer, Filters()) for layer in Layer))  # fmt: skip
    with st.spinner(t("an_profile_busy", lang)):
        profile = _profile(store, key, area_id, *period)
    for layer in (Layer.DUMPINGS, Layer.INCIDENTS, Layer.BARNS):
        st.markdown("- " + _escape(summary(profile, layer, lang)))
    if allowed(store, Action.VIEW, "schouw"):  # the site walks count in the profile too
        st.markdown("- " + _escape(area_schouw(store, area_id).sentence(lang)))
    st.caption(t("an_profile_region", lang, municipality=profile.municipality_name))
    table = profile.table(lang)
    shown = table.drop(columns=["verborgen", "ondergrens"]).rename(columns=_column_names(lang))
    counts = [c for c in shown.columns if shown[c].dtype.kind in "if"]
    show_table(shown, {c: (0 if c in _count_columns(lang) else 2) for c in counts}, lang, key="an_profile_table")
    st.caption(t("an_profile_note", lang))
    if allowed(store, Action.CREATE, "analysis"):
        denominators_form(store, area_id, lang)
    show_chart(_rates_chart(profile, lang), key="an_rates")
    for layer in (Layer.DUMPINGS, Layer.INCIDENTS):
        noun = LAYER_NOUN[layer][0 if lang == "nl" else 1].capitalize()
        months = store.counts_by(layer, _area_filter(area_id, period), "month")
        if len(months):
            data = month_frame(months["month"], months["n"], lang)
            show_chart(month_chart(data, t("an_per_month", lang, what=noun), COLOURS[layer], lang),
                       key=f"an_trend_{layer.value}")  # fmt: skip
        show_chart(_years_chart(yearly_counts(store, layer, area_id), t("an_per_year", lang, what=noun),
                                COLOURS[layer], lang), key=f"an_years_{layer.value}")  # fmt: skip


def denominators_form(store: GuardedStore, area_id: int, lang: str) -> None:
    """The numbers of farms and residents in the area, for rates per 1,000 of them (roles that may freeze)."""
    have = store.area_denominators(area_id)
    with st.expander(t("an_denominators", lang), icon=":material/groups:"):
        st.caption(t("an_denominators_help", lang))
        left, right = st.columns(2)
        farms = left.number_input(t("an_farms", lang), min_value=0, step=1, value=have.get("farms"),
                                  key=f"an_farms_{area_id}")  # fmt: skip
        residents = right.number_input(t("an_residents", lang), min_value=0, step=1, value=have.get("residents"),
                                       key=f"an_residents_{area_id}")  # fmt: skip
        codes = st.text_input(t("an_postcodes", lang), value=", ".join(store.area_postcodes(area_id)),
                              help=t("an_postcodes_help", lang), key=f"an_postcodes_{area_id}")  # fmt: skip
        if st.button(t("an_denominators_save", lang), key=f"an_den_save_{area_id}"):
            try:
                store.set_area_denominators(area_id, int(farms) if farms else None,
                                            int(residents) if residents else None, store.principal.user)  # fmt: skip
                store.set_area_postcodes(area_id, codes.replace(";", ",").replace(" ", ",").split(","),
                                         store.principal.user)  # fmt: skip
            except (StoreError, PermissionDenied) as exc:
                st.error(_escape(str(exc)))
                return
            _profile.clear()
            st.success(t("an_denominators_saved", lang))


def yearly_counts(store: GuardedStore, layer: Layer, area_id: int) -> pd.DataFrame:
    """The area's count per calendar year of the data (``year``, ``n``; ``SUPPRESSED`` where hidden): one count
    per fixed year, so a counts-only role gets released counts, never sums of hidden months."""
    first, last = store.date_span()
    if not first or not last:
        return pd.DataFrame({"year": [], "n": []})
    years = range(pd.Timestamp(first).year, pd.Timestamp(last).year + 1)
    counts = [int(store.layer_count(layer, Filters(date(y, 1, 1), date(y, 12, 31), area_id=area_id))) for y in years]
    return pd.DataFrame({"year": list(years), "n": counts})


def _years_chart(data: pd.DataFrame, title: str, colour: str, lang: str) -> alt.LayerChart:
    """Bars per year; a hidden year is a grey tick at zero with "<5" in its tooltip, never a bar of 0."""
    frame = data.assign(hidden=data["n"] == SUPPRESSED, jaar=data["year"].astype(str),
                        shown=[HIDDEN if n == SUPPRESSED else str(int(n)) for n in data["n"]])  # fmt: skip
    frame["value"] = frame["n"].where(~frame["hidden"], np.nan).astype(float)
    x = alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0))
    tip = [alt.Tooltip("jaar:O", title=" "), alt.Tooltip("shown:N", title=title)]
    bars = alt.Chart(frame).transform_filter("!datum.hidden").mark_bar(color=colour).encode(
        x=x, y=alt.Y("value:Q", title=None, axis=alt.Axis(format=",d", tickMinStep=1)), tooltip=tip)  # fmt: skip
    ticks = alt.Chart(frame).transform_filter("datum.hidden").mark_tick(color="#999999", thickness=3).encode(
        x=x, y=alt.datum(0), tooltip=tip)  # fmt: skip
    return alt.layer(bars, ticks).properties(title=title, height=180, width="container").configure(
        locale=vega_locale(lang))  # fmt: skip


def _area_filter(area_id: int, period: tuple[date | None, date | None]) -> Filters:
    return Filters(date_from=period[0], date_to=period[1], area_id=area_id)


def _escape(text: str) -> str:
    """Markdown-safe text (area names are typed by users)."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|~" else c for c in text)


def _column_names(lang: str) -> dict[str, str]:
    keys = ("laag", "indeling", "waarde", "gebied", "gemeente", "regio", "gebied_per_1000_ha",
            "gemeente_per_1000_ha", "rest_regio_per_1000_ha", "andere_gebieden_per_1000_ha", "verhouding",
            "verhouding_95_laag", "verhouding_95_hoog", "gebied_per_1000_bedrijven",
            "gebied_per_1000_inwoners")  # fmt: skip
    return {k: t(f"an_col_{k}", lang) for k in keys}


def _count_columns(lang: str) -> set[str]:
    return {t(f"an_col_{k}", lang) for k in ("gebied", "gemeente", "regio")}


def _rates_chart(profile: AreaProfile, lang: str) -> alt.LayerChart:
    """Per layer: the area's rate per 1,000 ha beside its municipality's, the rest of the region's and the other
    areas' mean; hidden or undefined rates are left out (never drawn as 0)."""
    rows = []
    for ln in profile.lines:
        if ln.breakdown != "totaal":
            continue
        noun = LAYER_NOUN[ln.layer][0 if lang == "nl" else 1]
        for which, label in (("area", profile.area_name), ("municipality", profile.municipality_name),
                             ("rest", t("an_rest_region", lang))):  # fmt: skip
            rate = ln.rate(which)
            if rate is not None:
                rows.append({"laag": noun, "waar": label, "rate": rate})
        if ln.other_areas_mean is not None:
            rows.append({"laag": noun, "waar": t("an_other_areas", lang), "rate": ln.other_areas_mean})
    data = pd.DataFrame(rows, columns=["laag", "waar", "rate"])
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("waar:N", title=None, sort=None),
        x=alt.X("rate:Q", title=t("an_rate_axis", lang)),
        color=alt.Color("waar:N", legend=None, scale=alt.Scale(scheme="tableau10")),
        tooltip=[alt.Tooltip("waar:N", title=" "), alt.Tooltip("rate:Q", title=t("an_rate_axis", lang), format=".2f")],
    )  # fmt: skip
    return (
        alt.layer(bars, data=data)
        .facet(row=alt.Row("laag:N", title=None))
        .resolve_scale(x="independent")
        .properties(title=t("an_rates_title", lang))
        .configure(locale=vega_locale(lang))
    )


def analysis_page(store: GuardedStore, lang: str) -> None:
    """The whole page: area and period, then the tabs the role may use."""
    from gis.ui import analysis_measure, analysis_schouw, analysis_survey

    areas = areas_for(store)
    if areas.empty:
        st.info(t("an_no_areas", lang))
        return
    names = dict(zip(areas["id"], areas["name"], strict=True))
    left, right = st.columns([2, 1])
    with left:
        area_id = st.selectbox(t("an_area", lang), list(names), format_func=lambda i: names[i], key="an_area")
    with right:
        period = choose_period(store, lang)
    tabs = [("an_tab_profile", lambda: profile_tab(store, area_id, period, lang))]
    tabs.append(("an_tab_survey", lambda: analysis_survey.survey_tab(store, area_id, lang)))
    if allowed(store, Action.VIEW, "schouw"):
        tabs.append(("an_tab_schouw", lambda: analysis_schouw.schouw_tab(store, area_id, lang)))
    tabs.append(("an_tab_measure", lambda: analysis_measure.measure_tab(store, area_id, period, lang)))
    for tab, (_key, draw) in zip(st.tabs([t(k, lang) for k, _ in tabs]), tabs, strict=True):
        with tab:
            draw()


__all__ = ["analysis_page", "areas_for", "choose_period", "profile_tab"]
