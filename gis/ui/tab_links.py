"""Links that open a page at one of its tabs: the tab's text key travels in the address (``?tab=pl_tab_plan``);
a page whose tabs keep their state (``on_change="rerun"``) opens that tab once (``open_linked_tab``) and drops
the parameter. Pages whose tabs do not keep state are linked to by name, with the tab in words.
"""

from __future__ import annotations

import streamlit as st

TAB_PARAM = "tab"
LINKED_TABS: dict[str, str] = {"keurmerk": "km_tabs", "plan": "pl_tabs"}  # page -> its tabs' widget key


def open_linked_tab(key: str, labels: dict[str, str]) -> None:
    """Before the tabs ``key`` are drawn: select the tab a link asked for (``labels``: text key -> label shown),
    once; an unknown tab is ignored."""
    wanted = st.query_params.get(TAB_PARAM)
    if wanted is None:
        return
    del st.query_params[TAB_PARAM]
    if wanted in labels:
        st.session_state[key] = labels[wanted]


__all__ = ["LINKED_TABS", "TAB_PARAM", "open_linked_tab"]
