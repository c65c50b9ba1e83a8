"""The Plan van aanpak page's objectives tab: the area's SMART objectives, each with its indicator's yearly series
as a chart (baseline and target as lines) and the progress sentence, and the form to add or change one (the
baseline prefilled from the 0-meting, editable). Counts-only roles see released values: a hidden year is a grey
tick with "<5", never a 0. The store refuses a missing baseline or target, or a target date in the past.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from gis.counts import fmt_number
from gis.domain.roles import Action, PermissionDenied
from gis.i18n import t
from gis.measures.codes import INDICATORS, label
from gis.store import ConflictError, StoreError
from gis.store.guard import GuardedStore
from gis.ui.charts import HIDDEN_COLOUR, show_chart, vega_locale
from gis.ui.plan_common import can_write, day_of, done, fail, fmt_day, form_gen, next_form, seen_version, text_of
from gis.ui.state import allowed
from gis.ui.table import HIDDEN
from gis.ui.text import plain

CATEGORY_INDICATOR = "incidenten_per_jaar"


def objectives_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Draw the tab: every objective with its progress, then the form for a new one."""
    from gis.measures.indicators import indicator_series, progress

    st.caption(t("pl_obj_intro", lang))
    objectives = store.objectives(int(area_id))
    if objectives.empty:
        st.info(t("pl_obj_none", lang))
    for row in objectives.sort_values("id").itertuples():
        arg = text_of(row.indicator_arg) or None
        series = indicator_series(store, int(area_id), str(row.indicator), arg)
        st.markdown(f"#### {plain(text_of(row.text))}")
        st.caption(plain(objective_line(row, lang)))
        if series.empty:
            st.caption(t("pl_obj_no_series", lang))
        else:
            show_chart(progress_chart(series, row, lang), key=f"pl_obj_chart_{int(row.id)}")
            if bool(series["hidden"].any()):
                st.caption(t("pl_obj_hidden_note", lang))
        st.markdown(plain(progress(row._asdict(), series).say(lang)))
        if can_write(store):
            with st.expander(t("pl_obj_edit", lang)):
                objective_form(store, int(area_id), lang, row._asdict())
    if allowed(store, Action.CREATE, "plans"):
        st.subheader(t("pl_obj_new", lang))
        objective_form(store, int(area_id), lang, None)


def indicator_text(indicator: str, arg: str | None, lang: str) -> str:
    """The indicator's label, with the incident category when it has one."""
    text = label(INDICATORS, indicator, lang)
    return f"{text}: {arg}" if arg else text


def objective_line(row: Any, lang: str) -> str:
    """``dumpingen per jaar in het gebied: van 12 (1 januari 2026) naar 6 op 31 december 2027``."""
    indicator = indicator_text(str(row.indicator), text_of(row.indicator_arg) or None, lang)
    return t("pl_obj_line", lang, indicator=indicator,
             baseline=_number(row.baseline, lang), baseline_on=fmt_day(row.baseline_on, lang),
             target=_number(row.target, lang), target_on=fmt_day(row.target_on, lang))  # fmt: skip


def _number(value: object, lang: str) -> str:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "–"
    number = float(value)  # type: ignore[arg-type]
    return fmt_number(number, lang, 0 if number.is_integer() else 1)


def progress_chart(series: pd.DataFrame, objective: Any, lang: str) -> alt.LayerChart:
    """The indicator per year (line and points; a hidden year a grey tick at 0 with "<5"), the baseline as a
    dashed grey line and the target as a green line."""
    frame = pd.DataFrame({"jaar": series["year"].astype(int).astype(str), "hidden": series["hidden"].astype(bool)})
    frame["value"] = pd.to_numeric(series["value"], errors="coerce").astype(float).where(~frame["hidden"], np.nan)
    lower = series["lower_bound"].astype(bool) if "lower_bound" in series else pd.Series(False, index=series.index)
    frame["shown"] = [HIDDEN if h else (t("pl_obj_at_least", lang, n=_number(v, lang)) if low else _number(v, lang))
                      for v, h, low in zip(frame["value"], frame["hidden"], lower, strict=True)]  # fmt: skip
    x = alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0))
    tip = [alt.Tooltip("jaar:O", title=t("pl_obj_year", lang)), alt.Tooltip("shown:N", title=t("pl_obj_value", lang))]
    shown = alt.Chart(frame).transform_filter("!datum.hidden")
    line = shown.mark_line(color="#2b6cb0", point=True).encode(x=x, y=alt.Y("value:Q", title=None), tooltip=tip)
    ticks = alt.Chart(frame).transform_filter("datum.hidden").mark_tick(color=HIDDEN_COLOUR, thickness=3).encode(
        x=x, y=alt.datum(0), tooltip=tip)  # fmt: skip
    layers: list[alt.Chart] = [line, ticks]
    for value, colour, dash, key in ((objective.baseline, "#718096", [6, 4], "pl_obj_baseline_rule"),
                                     (objective.target, "#2f855a", [], "pl_obj_target_rule")):  # fmt: skip
        if value is None or pd.isna(value):
            continue
        rule = pd.DataFrame({"y": [float(value)], "what": [f"{t(key, lang)}: {_number(value, lang)}"]})
        base = alt.Chart(rule)
        layers.append(base.mark_rule(color=colour, strokeDash=dash, strokeWidth=2).encode(y="y:Q", tooltip="what:N"))
        layers.append(base.mark_text(color=colour, align="left", dx=4, dy=-6).encode(
            y="y:Q", text="what:N", x=alt.value(0)))  # fmt: skip
    title = indicator_text(str(objective.indicator), text_of(objective.indicator_arg) or None, lang)
    return (
        alt.layer(*layers)
        .properties(title=title, height=200, width="container")
        .configure(locale=vega_locale(lang))
        .configure_title(anchor="start", fontSize=14)
    )


def _categories(store: GuardedStore) -> list[str]:
    try:
        codes = store.code_values("category")
    except (PermissionDenied, StoreError):
        return []
    return list(dict.fromkeys(str(c) for c in codes["code"])) if len(codes) else []


def objective_form(store: GuardedStore, area_id: int, lang: str, row: dict | None) -> None:
    """Add (``row`` None) or change an objective; the baseline is prefilled from the 0-meting for the chosen
    indicator (and category), and stays editable."""
    from gis.measures.indicators import baseline_from_0meting

    oid = int(row["id"]) if row else 0
    key = f"{oid}_{form_gen('obj', oid)}"
    version = seen_version("obj", oid, int(row["version"]), f"pl_obj_text_{key}") if row else None
    codes = list(INDICATORS)
    current = str(row["indicator"]) if row else codes[0]
    indicator = st.selectbox(t("pl_obj_indicator", lang), codes, index=codes.index(current) if current in codes else 0,
                             format_func=lambda c: label(INDICATORS, c, lang), key=f"pl_obj_ind_{key}")  # fmt: skip
    arg: str | None = None
    if indicator == CATEGORY_INDICATOR:
        options = ["", *_categories(store)]
        have = text_of(row["indicator_arg"]) if row else ""
        arg = st.selectbox(t("pl_obj_category", lang), options, index=options.index(have) if have in options else 0,
                           format_func=lambda c: c or t("pl_obj_all_categories", lang),
                           key=f"pl_obj_arg_{key}") or None  # fmt: skip
    base_value, base_on = _baseline(row, indicator, arg)
    found = None if row and base_value is not None else baseline_from_0meting(store, int(area_id), indicator, arg)
    if found is not None:
        base_value, base_on = float(found[0]), found[1]
        st.caption(plain(t("pl_obj_from_0meting", lang, value=_number(base_value, lang), day=fmt_day(base_on, lang))))
    elif base_value is None:
        st.caption(t("pl_obj_no_0meting", lang))
    with st.form(f"pl_obj_form_{key}_{indicator}_{arg or ''}"):
        text = st.text_input(t("pl_obj_text", lang), value=text_of(row["text"]) if row else "",
                             key=f"pl_obj_text_{key}")  # fmt: skip
        a, b = st.columns(2)
        baseline = a.number_input(t("pl_obj_baseline", lang), value=base_value, min_value=0.0, step=1.0,
                                  key=f"pl_obj_base_{key}_{indicator}_{arg}")  # fmt: skip
        baseline_on = b.date_input(t("pl_obj_baseline_on", lang), value=base_on, format="DD-MM-YYYY",
                                   key=f"pl_obj_base_on_{key}_{indicator}_{arg}")  # fmt: skip
        target = a.number_input(t("pl_obj_target", lang), value=_float(row["target"]) if row else None, min_value=0.0,
                                step=1.0, key=f"pl_obj_target_{key}")  # fmt: skip
        target_on = b.date_input(t("pl_obj_target_on", lang), value=day_of(row["target_on"]) if row else None,
                                 format="DD-MM-YYYY", key=f"pl_obj_target_on_{key}")  # fmt: skip
        go = st.form_submit_button(t("pl_obj_save", lang), type="primary")
    delete = row and allowed(store, Action.DELETE, "plans")
    if delete and st.button(t("pl_obj_delete", lang), key=f"pl_obj_del_{key}", icon=":material/delete:"):
        _delete(store, oid, lang)
    if not go:
        return
    record = {"text": " ".join(str(text).split()), "indicator": indicator, "indicator_arg": arg,
              "baseline": baseline, "baseline_on": baseline_on if isinstance(baseline_on, date) else None,
              "target": target, "target_on": target_on if isinstance(target_on, date) else None}  # fmt: skip
    _save(store, int(area_id), record, oid if row else None, version, lang)


def _baseline(row: dict | None, indicator: str, arg: str | None) -> tuple[float | None, date | None]:
    """The objective's own baseline while its indicator is unchanged, else nothing (the 0-meting decides)."""
    if not row or str(row["indicator"]) != indicator or (text_of(row["indicator_arg"]) or None) != arg:
        return None, None
    return _float(row["baseline"]), day_of(row["baseline_on"])


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _save(store: GuardedStore, area_id: int, record: dict, oid: int | None, version: int | None, lang: str) -> None:
    try:
        new_id = store.save_objective(area_id, record, store.principal.user, objective_id=oid,
                                      expected_version=version)  # fmt: skip
    except ConflictError as exc:
        next_form("obj", oid or 0)
        fail(exc, lang)
    except (StoreError, PermissionDenied) as exc:
        fail(exc, lang)
        return
    next_form("obj", oid or 0)  # a fresh form from what is stored (an empty one for a new objective)
    done(t("pl_obj_saved", lang, id=new_id))


def _delete(store: GuardedStore, objective_id: int, lang: str) -> None:
    try:
        store.delete_objective(objective_id, store.principal.user)
    except (StoreError, PermissionDenied) as exc:
        fail(exc, lang)
        return
    done(t("pl_obj_deleted", lang, id=objective_id))


__all__ = ["indicator_text", "objective_form", "objective_line", "objectives_tab", "progress_chart"]
