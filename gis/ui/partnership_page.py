"""The partnership (steps A2–A5): participants, agreements, meetings and minutes, declaration and covenant."""

from __future__ import annotations

import streamlit as st

from gis.store.guard import GuardedStore


def partnership_page(store: GuardedStore, lang: str) -> None:
    """Draw the page (placeholder until the feature lands)."""
    st.info("In aanbouw." if lang == "nl" else "Under construction.")
