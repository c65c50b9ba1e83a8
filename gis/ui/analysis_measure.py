"""The Analyse page's measure tab (being built in this session; see issue 19)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gis.store.guard import GuardedStore


def measure_tab(store: GuardedStore, area_id: int, period: tuple[date | None, date | None], lang: str) -> None:
    """Draw the tab."""
    st.info("…")
