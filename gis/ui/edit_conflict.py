"""Edits that meet: the stamp of a report as this browser session showed it, and the reload when another user
saved first (the store raises ``ConflictError``; nothing of this edit was written)."""

from __future__ import annotations

import streamlit as st

from gis.store import ConflictError, edit_stamp


def seen_stamp(record: dict[str, object]) -> str:
    """The report's edit stamp as this browser session last showed it (the forms were filled against that);
    remembers the current one for the next run."""
    key = f"dd_seen_{record['id']}"
    before = st.session_state.get(key)
    st.session_state[key] = edit_stamp(record)
    return str(before or edit_stamp(record))


def reload_after_conflict(exc: ConflictError, lang: str = "nl") -> None:
    """Another user saved first: say so (which report, who, when; in the page's language) and reload the report
    with fresh forms (nothing was written)."""
    st.session_state["dd_conflict"] = exc.message(lang) if hasattr(exc, "message") else str(exc)
    st.session_state["dd_status_gen"] = int(st.session_state.get("dd_status_gen", 0)) + 1
    for key in [k for k in st.session_state if str(k).startswith("dd_seen_")]:
        del st.session_state[key]
    st.rerun()
