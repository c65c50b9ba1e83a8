"""Process progress, the audit file (B4), the regional overview and the Keurmerk."""

from __future__ import annotations

import streamlit as st

from gis.store.guard import GuardedStore


def keurmerk_page(store: GuardedStore, lang: str) -> None:
    """Draw the page (placeholder until the feature lands)."""
    st.info("In aanbouw." if lang == "nl" else "Under construction.")
