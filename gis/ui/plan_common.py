"""What the Plan van aanpak page's tabs share: who may write, dates as shown, partner labels, the chosen measures
of an area and the flash message that survives a rerun. No page drawing here beyond ``flash``/``fail``."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.measures.codes import PLAN_STATUSES, label
from gis.partnership.codes import ORGANISATION_KINDS
from gis.reports.document import fmt_date_nl
from gis.store import ConflictError
from gis.store.guard import GuardedStore
from gis.ui.state import allowed
from gis.ui.text import plain

FLASH = "pl_flash"
FLASH_CONFLICT = "pl_flash_conflict"


def can_write(store: GuardedStore) -> bool:
    """Whether the signed-in role changes plans (the store checks the area's scope again on every write)."""
    return allowed(store, Action.UPDATE, "plans")


def day_of(value: object) -> date | None:
    """A date from what a frame holds (date, datetime, Timestamp, text; None/NaT/NaN -> None)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def fmt_day(value: object, lang: str) -> str:
    """``7 december 2026`` in Dutch, ``7 Dec 2026`` in English; "geen datum" when missing."""
    day = day_of(value)
    if day is None:
        return t("pl_no_date", lang)
    return fmt_date_nl(day) if lang == "nl" else f"{day.day} {day.strftime('%b %Y')}"


def period_text(start: object, end: object, lang: str) -> str:
    """``1 maart 2027 tot en met 30 juni 2027`` (a missing end said as "geen datum"; "nog niet gepland" when
    both are missing)."""
    if day_of(start) is None and day_of(end) is None:
        return t("pl_status_none", lang)
    return t("pl_period", lang, start=fmt_day(start, lang), end=fmt_day(end, lang))


def partner_label(value: object, lang: str) -> str:
    """An organisation kind's label, free text as typed, "(nog niet gekozen)" when empty."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)  # type: ignore[arg-type]
    return label(ORGANISATION_KINDS, text, lang) if text else t("pl_partner_none", lang)


def status_label(value: object, lang: str) -> str:
    """A plan status's label, "nog niet gepland" when empty."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)  # type: ignore[arg-type]
    return label(PLAN_STATUSES, text, lang) if text else t("pl_status_none", lang)


def text_of(value: object) -> str:
    """A cell as text ("" for None/NaN)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return ""
    return str(value)


def chosen_measures(store: GuardedStore, area_id: int) -> pd.DataFrame:
    """The area's measures chosen in the meeting (decision ``gekozen``), in the order they were added."""
    measures = store.area_measures(int(area_id))
    if measures.empty:
        return pd.DataFrame(measures)
    chosen = measures[measures["decision"].astype(str) == "gekozen"]
    return pd.DataFrame(chosen).sort_values("id").reset_index(drop=True)


def measure_name(row: object) -> str:
    """The measure's name (catalogue name, else its own title, else its number)."""
    for field in ("name", "title"):
        text = text_of(getattr(row, field, None))
        if text:
            return text
    return f"maatregel {getattr(row, 'id', '?')}"


def form_gen(kind: str, record_id: int) -> int:
    """The generation of a record's edit form (part of its widget keys; a new one after each save)."""
    return int(st.session_state.get(f"pl_gen_{kind}_{record_id}", 0))


def seen_version(kind: str, record_id: int, version: int, probe: str) -> int:
    """The record's version as its form was first shown: the edit is saved against it (``ConflictError`` when
    another user saved since). While the form's widget ``probe`` holds the user's values from an earlier run
    the first version stays; a form drawn anew (first view, other tab) starts from the stored ``version``."""
    key = f"pl_seen_{kind}_{record_id}"
    if probe not in st.session_state or key not in st.session_state:
        st.session_state[key] = int(version)
    return int(st.session_state[key])


def next_form(kind: str, record_id: int) -> None:
    """After a save or a conflict: the next run draws a fresh form from what is stored."""
    st.session_state[f"pl_gen_{kind}_{record_id}"] = form_gen(kind, record_id) + 1
    st.session_state.pop(f"pl_seen_{kind}_{record_id}", None)


def flash(lang: str) -> None:
    """Show (once) the message the last write left before its rerun: saved, or met another user's save."""
    conflict = st.session_state.pop(FLASH_CONFLICT, None)
    if conflict:
        st.error(plain(conflict))
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(plain(message))


def done(message: str) -> None:
    """Remember ``message`` for the next run and rerun (forms redraw with the stored values)."""
    st.session_state[FLASH] = message
    st.rerun()


def fail(exc: Exception, lang: str) -> None:
    """Show a refused write: the store's Dutch message. When another user saved the record first, say who and
    when and reload, so the forms show what is stored now (nothing of this edit was written)."""
    if isinstance(exc, ConflictError):
        st.session_state[FLASH_CONFLICT] = t("pl_failed", lang, error=exc.message(lang))
        st.rerun()
    st.error(plain(t("pl_failed", lang, error=str(exc))))
