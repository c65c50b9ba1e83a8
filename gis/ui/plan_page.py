"""Plan of action (step B3): objectives, the plan of measures with owners and dates, evidence, effect, DOCX/PDF."""

from __future__ import annotations

import streamlit as st

from gis.store.guard import GuardedStore


def plan_page(store: GuardedStore, lang: str) -> None:
    """Draw the page (placeholder until the feature lands)."""
    st.info("In aanbouw." if lang == "nl" else "Under construction.")
