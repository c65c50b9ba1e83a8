"""The Analyse page's schouw tab (being built in this session; see issue 19)."""

from __future__ import annotations

import streamlit as st

from gis.store.guard import GuardedStore


def schouw_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Draw the tab."""
    st.info("…")
