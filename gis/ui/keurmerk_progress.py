"""The Voortgang tab of the Keurmerk page: the chosen area's steps A1–A5, B1–B4 and the cycle, each done or
missing (with what is missing and a link to the page where to do it), the stage, and overdue items flagged.

Also the shared bits of the page: the stage in the interface language and the link to where a step is done.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from gis.domain.roles import can_open
from gis.i18n import TEXT, t
from gis.partnership.codes import STEPS, label
from gis.partnership.progress import STAGES, AreaProgress, StepState, area_progress
from gis.store.guard import GuardedStore
from gis.ui.tab_links import LINKED_TABS, TAB_PARAM
from gis.ui.text import plain

# Each page key's navigation text key (as in dashboard.PAGES).
PAGE_TITLES: dict[str, str] = {
    "kaart": "nav_map",
    "gebieden": "nav_areas",
    "analyse": "nav_analysis",
    "maatregelen": "nav_measures",
    "plan": "nav_plan",
    "samenwerking": "nav_partnership",
    "keurmerk": "nav_keurmerk",
}
# Tab keys the process logic names, as the tabs of the Samenwerking page are called.
_STAGE_KEYS = {nl: key for key, nl in STAGES.items()}


def stage_label(stage: str, lang: str) -> str:
    """The stage (a Dutch label of ``STAGES``) in ``lang``."""
    key = _STAGE_KEYS.get(stage)
    return t(f"km_st_{key}", lang) if key and f"km_st_{key}" in TEXT else stage


def stage_order(stage: str) -> int:
    """The stage's place in the process (unknown stages last)."""
    keys = list(STAGES)
    return keys.index(_STAGE_KEYS[stage]) if stage in _STAGE_KEYS else len(keys)


def where(page: str, tab: str, lang: str) -> str:
    """ "Samenwerking › Deelnemers": the page and (when known) the tab where a step is done."""
    name = t(PAGE_TITLES[page], lang) if page in PAGE_TITLES else page
    return f"{name} › {t(tab, lang)}" if tab and tab in TEXT else name


def page_link(store: GuardedStore, page: str, tab: str, lang: str, key: str) -> None:
    """A link to the page where something is done (only when the role may open that page)."""
    if page not in PAGE_TITLES or not can_open(store.principal, page):
        return
    linked = page in LINKED_TABS and bool(tab)  # the link opens the tab itself; else the tab is named in words
    if linked or not tab or tab not in TEXT:
        label_text = t("km_go_to", lang, page=where(page, tab, lang))
    else:
        label_text = t("km_go_to_tab", lang, page=t(PAGE_TITLES[page], lang), tab=t(tab, lang))
    with st.container(key=key):
        try:
            st.page_link(f"pages/{page}.py", label=label_text, icon=":material/arrow_forward:",
                         query_params={TAB_PARAM: tab} if linked else None)  # fmt: skip
        except StreamlitAPIException:  # the page runs without the app's navigation (a test): the words only
            st.caption(plain(label_text))


def _state(step: StepState, lang: str) -> str:
    if step.hidden:
        return t("km_hidden_step", lang)
    if step.later:
        return t("km_later", lang)
    if not step.done:
        return t("km_missing", lang)
    return t("km_done_on", lang, date=f"{step.done_on:%d-%m-%Y}") if step.done_on else t("km_done", lang)


def _step(store: GuardedStore, step: StepState, lang: str) -> None:
    icon = (":material/lock:" if step.hidden else ":material/check_circle:" if step.done
            else ":material/schedule:" if step.later else ":material/cancel:")  # fmt: skip
    colour = "gray" if step.hidden or step.later else "green" if step.done else "red"
    state = _state(step, lang)
    en = lang == "en"
    evidence, missing = (step.evidence_en, step.missing_en) if en else (step.evidence, step.missing)
    with st.container(border=True, key=f"km_step_{step.code}"):
        st.markdown(f":{colour}[{icon} **{plain(label(STEPS, step.code, lang))}**: {state}]")
        if evidence and not step.hidden:
            st.caption(plain(evidence))
        if step.later:
            st.caption(plain("; ".join(missing)))
        elif missing and not step.done and not step.hidden:
            st.markdown(t("km_still_missing", lang) + "\n" + "\n".join(f"- {plain(m)}" for m in missing))
            page_link(store, step.page, step.tab, lang, key=f"km_link_{step.code}")


def progress_tab(store: GuardedStore, area_id: int, lang: str) -> AreaProgress:
    """Stage, overdue items and every step of the area; returns the progress (the other tabs use it)."""
    progress = area_progress(store, area_id)
    st.markdown(t("km_stage", lang, stage=plain(stage_label(progress.stage, lang))))
    done = sum(s.done for s in progress.steps)
    st.caption(t("km_steps_done", lang, done=done, n=len(progress.steps)))
    for item in progress.overdue_en if lang == "en" else progress.overdue:
        st.error(f"{t('km_overdue', lang)}: {plain(item)}", icon=":material/alarm:")
    if not progress.overdue:
        st.caption(t("km_no_overdue", lang))
    for step in progress.steps:
        _step(store, step, lang)
    return progress


__all__ = ["PAGE_TITLES", "page_link", "progress_tab", "stage_label", "stage_order", "where"]
