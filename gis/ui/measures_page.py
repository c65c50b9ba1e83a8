"""Measures (step B2): the catalogue, the proposals for an area, choosing, ranking and placing measures."""

from __future__ import annotations

import streamlit as st

from gis.store.guard import GuardedStore


def measures_page(store: GuardedStore, lang: str) -> None:
    """Draw the page (placeholder until the feature lands)."""
    st.info("In aanbouw." if lang == "nl" else "Under construction.")
