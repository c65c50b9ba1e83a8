"""The schouw findings as a layer of the home map: a sidebar switch (with the number shown) for roles that may
see site walks, once there are findings; the findings follow the sidebar's area, municipality and period."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gis.analysis.schouw import filter_findings, findings_in_reach
from gis.domain.roles import Action
from gis.i18n import fmt_int, t
from gis.store import Filters
from gis.store.guard import GuardedStore
from gis.ui.state import allowed


def findings_toggle(store: GuardedStore, f: Filters, lang: str) -> pd.DataFrame | None:
    """The switch under the data layers; returns the findings to draw, or None (switched off, or not allowed)."""
    if not allowed(store, Action.VIEW, "schouw"):
        return None
    every = findings_in_reach(store)
    if every.empty:  # no site walk has findings yet: no switch for an empty layer
        return None
    found = filter_findings(every, f.area_id, f.municipality, f.date_from, f.date_to)
    on = st.sidebar.checkbox(f"{t('sw_layer', lang)} ({fmt_int(len(found), lang)})", value=True,
                             key="show_findings")  # fmt: skip
    return found if on else None


__all__ = ["findings_toggle"]
