"""The Plan van aanpak page (step B3): choose an area; tabs for the SMART objectives and their progress, the plan
of the chosen measures (partner, dates, status, evidence), the schedule (Gantt and who does what when), the effect
of a measure carried out in a zone, and the export of the whole plan as DOCX and PDF.

The tabs live in ``plan_objectives``, ``plan_measures``, ``plan_schedule`` and ``plan_effect``; the export is
drawn here. The coordinator writes for the areas in scope; the others read; roles with ``export`` on ``plans``
download the plan.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import streamlit as st

from gis.clock import now_nl
from gis.domain.roles import Action, PermissionDenied
from gis.i18n import t
from gis.store import StoreError
from gis.store.guard import GuardedStore
from gis.ui.analysis_page import areas_for
from gis.ui.downloads import download_button
from gis.ui.plan_common import can_write, flash
from gis.ui.state import allowed
from gis.ui.tab_links import open_linked_tab
from gis.ui.text import plain

TABS_KEY = "pl_tabs"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_stem(name: str, area_id: int) -> str:
    """The area's name as a file-name part: letters (accents dropped), digits and ``_`` only, at most 60
    characters; ``gebied_<id>`` when nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_")[:60].strip("_")
    return stem or f"gebied_{int(area_id)}"


def plan_file_names(name: str, area_id: int) -> tuple[str, str]:
    """The Dutch file names of the plan's DOCX and PDF: ``plan_van_aanpak_<gebied>_<jjjj-mm-dd>``."""
    stem = f"plan_van_aanpak_{file_stem(name, area_id)}_{now_nl().date().isoformat()}"
    return f"{stem}.docx", f"{stem}.pdf"


def export_tab(store: GuardedStore, area_id: int, name: str, lang: str) -> None:
    """Download buttons for the plan as DOCX and PDF (made on the click, logged as an export of ``plans``)."""
    if not allowed(store, Action.EXPORT, "plans"):
        st.info(t("pl_exp_none", lang))
        return
    st.caption(t("pl_exp_intro", lang))
    made: dict[str, Any] = {}

    def plan() -> Any:  # collected once on the first click, for both files
        if "data" not in made:
            from gis.measures.plan_data import collect_plan

            made["data"] = collect_plan(store, int(area_id), lang="nl")
        return made["data"]

    def docx() -> bytes:
        from gis.reports.plan import plan_docx

        return plan_docx(plan())

    def pdf() -> bytes:
        from gis.reports.plan import plan_pdf

        return plan_pdf(plan())

    docx_name, pdf_name = plan_file_names(name, area_id)
    left, right = st.columns(2)
    download_button(t("pl_docx", lang), docx, docx_name, store=store, resource="plans",
                    what=f"plan van aanpak {name} als DOCX", key="pl_docx", mime=DOCX_MIME,
                    container=left)  # fmt: skip
    download_button(t("pl_pdf", lang), pdf, pdf_name, store=store, resource="plans",
                    what=f"plan van aanpak {name} als PDF", key="pl_pdf", mime="application/pdf",
                    container=right)  # fmt: skip


def _guarded(draw: Callable[[], None], lang: str) -> Callable[[], None]:
    """``draw`` with a refused read said in the tab instead of breaking the page."""

    def run() -> None:
        try:
            draw()
        except (PermissionDenied, StoreError) as exc:
            st.error(plain(t("pl_failed", lang, error=str(exc))))

    return run


def plan_page(store: GuardedStore, lang: str) -> None:
    """The whole page: the area, then the five tabs."""
    from gis.ui import plan_effect, plan_measures, plan_objectives, plan_schedule

    areas = areas_for(store)
    if areas.empty:
        st.info(t("pl_no_areas", lang))
        return
    names = dict(zip(areas["id"].astype(int), areas["name"].astype(str), strict=True))
    area_id = st.selectbox(t("pl_area", lang), list(names), format_func=lambda i: names[i], key="pl_area")
    st.caption(t("pl_intro", lang))
    if not can_write(store):
        st.caption(t("pl_read_only", lang))
    name = names[int(area_id)]
    flash(lang)  # the last write's message, above the tabs (every tab is drawn; the shown one is the browser's)
    tabs: list[tuple[str, Callable[[], None]]] = [
        ("pl_tab_objectives", lambda: plan_objectives.objectives_tab(store, int(area_id), lang)),
        ("pl_tab_plan", lambda: plan_measures.plan_tab(store, int(area_id), lang)),
        ("pl_tab_schedule", lambda: plan_schedule.schedule_tab(store, int(area_id), lang)),
        ("pl_tab_effect", lambda: plan_effect.effect_tab(store, int(area_id), lang)),
        ("pl_tab_export", lambda: export_tab(store, int(area_id), name, lang)),
    ]
    # Keyed: the open tab stays open when a message appears above it; only the open tab runs.
    open_linked_tab(TABS_KEY, {k: t(k, lang) for k, _ in tabs})  # a "Naar ... › tab" link's tab
    shown = st.tabs([t(k, lang) for k, _ in tabs], key=TABS_KEY, on_change="rerun")
    for tab, (_key, draw) in zip(shown, tabs, strict=True):
        if tab.open is not False:
            with tab:
                _guarded(draw, lang)()


__all__ = ["export_tab", "file_stem", "plan_file_names", "plan_page"]
