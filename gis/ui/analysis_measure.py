"""The Analyse page's measurements tab (issue 19, items 5 and 6): the area with its hotspots, the measurements
(0-meting, 1-meting, tussenmeting) of the area, freezing one (roles with ``create`` on ``analysis``), two of them
side by side with the change and whether it is more than chance, and the report as DOCX and PDF (roles with
``export`` on ``analysis``). The logic lives in ``gis.analysis.snapshot`` and ``gis.analysis.report``; every
figure comes through the signed-in role's guarded store.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from gis.analysis.area_hotspots import area_hotspots, area_map
from gis.analysis.report import build_report, period_text
from gis.analysis.snapshot import compare, compare_summary, for_viewer, freeze
from gis.clock import now_nl
from gis.domain.catalog import Layer
from gis.domain.roles import Action, PermissionDenied
from gis.i18n import t
from gis.reports.document import ReportDocument, fmt_date_nl
from gis.reports.docx_writer import docx_bytes
from gis.reports.pdf_writer import pdf_bytes
from gis.store import Filters, StoreError
from gis.store.analysis import SNAPSHOT_KINDS
from gis.store.guard import GuardedStore
from gis.ui.downloads import download_button
from gis.ui.state import allowed
from gis.ui.table import show_table
from gis.ui.text import plain

Period = tuple[date | None, date | None]
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _key(store: GuardedStore) -> tuple:
    """What the figures of the signed-in role depend on (role, scope, the data's state)."""
    p = store.principal
    return (p.user, p.role.value, tuple(sorted(p.scope)), store.codes_version(),
            *(store.layer_count(layer, Filters()) for layer in Layer))  # fmt: skip


@st.cache_data(ttl=300, show_spinner=False, max_entries=16)
def _area_map(_store: GuardedStore, key: tuple, area_id: int, period: Period, title: str) -> tuple[bytes, str]:
    hot = area_hotspots(_store, area_id, period)
    return area_map(_store, area_id, hot, title), hot.note


def measure_tab(store: GuardedStore, area_id: int, period: Period, lang: str) -> None:
    """Draw the tab."""
    st.caption(t("me_intro", lang))
    names = dict(zip(store.areas()["id"].astype(int), store.areas()["name"].astype(str), strict=True))
    name = names.get(int(area_id), str(area_id))
    with st.spinner(t("me_map_busy", lang)):
        png, note = _area_map(store, _key(store), int(area_id), period, f"{name}: gebied en hotspots")
    with st.expander(t("me_map", lang), expanded=True):
        st.image(png, width=720)
        st.caption(plain(note))
    flash = st.session_state.pop("me_flash", None)
    if flash:
        st.success(plain(flash))
    listed = store.snapshots(int(area_id))
    _list(listed, lang)
    if allowed(store, Action.CREATE, "analysis"):
        _freeze_form(store, int(area_id), period, lang)
    _comparison(store, listed, lang)
    _report(store, int(area_id), period, name, lang)


def _list(listed: pd.DataFrame, lang: str) -> None:
    st.subheader(t("me_list", lang))
    if listed.empty:
        st.info(t("me_none", lang))
        return
    rows = pd.DataFrame({
        t("me_col_kind", lang): listed["kind"].astype(str),
        t("me_col_taken", lang): [fmt_date_nl(pd.Timestamp(d).date()) for d in listed["taken_on"]],
        t("me_col_period", lang): [period_text((_day(a), _day(b))) for a, b in
                                   zip(listed["period_from"], listed["period_to"], strict=True)],
    })  # fmt: skip
    show_table(rows, {}, lang, key="me_list_table")


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def _freeze_form(store: GuardedStore, area_id: int, period: Period, lang: str) -> None:
    st.subheader(t("me_freeze", lang))
    with st.form("me_freeze_form", clear_on_submit=False):
        left, right = st.columns(2)
        kind = left.selectbox(t("me_kind", lang), list(SNAPSHOT_KINDS), key="me_kind")
        taken = right.date_input(t("me_taken", lang), value=now_nl().date(), format="DD-MM-YYYY", key="me_taken")
        st.caption(t("me_freeze_help", lang, period=period_text(period)))
        go = st.form_submit_button(t("me_freeze_go", lang), type="primary")
    if not go:
        return
    try:
        with st.spinner(t("me_freeze_busy", lang)):
            freeze(store, area_id, str(kind), period, taken if isinstance(taken, date) else now_nl().date())
    except (StoreError, PermissionDenied, ValueError) as exc:
        st.error(plain(t("me_freeze_failed", lang, error=str(exc))))
        return
    st.session_state["me_flash"] = t("me_frozen", lang, kind=kind, day=fmt_date_nl(taken))
    st.rerun()


def _comparison(store: GuardedStore, listed: pd.DataFrame, lang: str) -> None:
    st.subheader(t("me_compare", lang))
    if len(listed) < 2:
        st.info(t("me_compare_one", lang))
        return
    ids = [int(i) for i in listed["id"]]
    label = {int(r.id): f"{r.kind} – {fmt_date_nl(pd.Timestamp(r.taken_on).date())}" for r in listed.itertuples()}
    left, right = st.columns(2)
    first = left.selectbox(t("me_before", lang), ids, index=0, format_func=lambda i: label[i], key="me_a")
    second = right.selectbox(t("me_after", lang), ids, index=len(ids) - 1, format_func=lambda i: label[i],
                             key="me_b")  # fmt: skip
    if first == second:
        st.warning(t("me_same", lang))
        return
    a = for_viewer(store.snapshot(first), store.principal)
    b = for_viewer(store.snapshot(second), store.principal)
    table = compare(a, b)
    for sentence in compare_summary(a, b, table):
        st.markdown("- " + plain(sentence))
    show_table(table.drop(columns=["vergelijkbaar"]), {"voor": 1, "na": 1, "verschil": 1, "verhouding": 2, "p": 3},
               lang, key="me_compare_table")  # fmt: skip
    st.caption(t("me_compare_note", lang))
    maps = [(s, n) for s, n in ((a, label[first]), (b, label[second])) if s.get("map_png")]
    if maps:
        cols = st.columns(len(maps))
        for col, (snap, text) in zip(cols, maps, strict=True):
            col.image(snap["map_png"], caption=t("me_frozen_map", lang, name=text), width="stretch")
    for snap in (a, b):
        if snap["data"].get("hotspots", {}).get("withheld"):
            st.caption(plain(snap["data"]["hotspots"]["note"]))
            break


def _report(store: GuardedStore, area_id: int, period: Period, name: str, lang: str) -> None:
    st.subheader(t("me_report", lang))
    if not allowed(store, Action.EXPORT, "analysis"):
        st.caption(t("me_no_export", lang))
        return
    st.caption(t("me_report_intro", lang))
    made: dict[str, Any] = {}

    def report() -> ReportDocument:  # built once on the first click, for both files
        if "doc" not in made:
            made["doc"] = build_report(store, area_id, period, now_nl().date())
        return made["doc"]  # type: ignore[no-any-return]

    stem = "".join(c if c.isalnum() else "_" for c in name).strip("_")[:60] or f"gebied_{area_id}"
    stamp = period_text(period).replace(" ", "_").replace("–", "tot")
    left, right = st.columns(2)
    download_button(t("me_docx", lang), lambda: docx_bytes(report()), f"analyse_{stem}_{stamp}.docx",
                    store=store, resource="analysis", what=f"analyserapport {name} als DOCX", key="me_docx",
                    mime=DOCX_MIME, container=left)  # fmt: skip
    download_button(t("me_pdf", lang), lambda: pdf_bytes(report()), f"analyse_{stem}_{stamp}.pdf",
                    store=store, resource="analysis", what=f"analyserapport {name} als PDF", key="me_pdf",
                    mime="application/pdf", container=right)  # fmt: skip


__all__ = ["measure_tab"]
