"""Session-wide Streamlit state: the store (one per process), first-start seeding, language."""

from __future__ import annotations

import threading

import streamlit as st

from gis.config import database_url, demo_on_first_start
from gis.demo.seed import initialise
from gis.i18n import LANGUAGES, t
from gis.store import Store, StoreError, open_store

_SEED_LOCK = threading.Lock()


def lang() -> str:
    """The interface language of this session (``nl`` unless switched)."""
    value = st.session_state.get("lang", "nl")
    return value if value in LANGUAGES else "nl"


def language_switch() -> None:
    """A NL/EN switch in the sidebar."""
    st.sidebar.segmented_control(
        t("language", lang()), options=list(LANGUAGES), format_func=str.upper, key="lang",
        default="nl",
    )  # fmt: skip


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    # One connection per process; every thread gets its own cursor from the store.
    return open_store(url)


def get_store() -> Store:
    """The app's store; on a clear Dutch error the page shows it and stops (nothing is written)."""
    url = database_url()
    try:
        store = _open(url)
    except StoreError as exc:
        st.error(f"**{t('store_error', lang())}.** {exc}")
        st.stop()
    if store.is_empty():
        with _SEED_LOCK:
            if store.is_empty():
                bar = st.progress(0.0, text=t("first_start", lang()))
                initialise(store, demo_on_first_start(), lambda p, m: bar.progress(min(p, 1.0), text=m))
                bar.empty()
    return store


def demo_banner(store: Store) -> None:
    """Mark demo data as demo on every page."""
    if store.is_demo():
        st.warning(t("demo_banner", lang(), seed=store.get_meta("demo_seed") or "?"), icon=":material/science:")


def _leave_legacy_pages_mode() -> None:
    """Make a direct link to a page (e.g. ``/gebieden``) run through ``dashboard.py``'s navigation.

    Streamlit treats a top-level ``pages/`` directory as an old-style multipage app until the entry
    script has called ``st.navigation`` once in this server process; until then a direct link runs
    the page file alone, with file names as navigation. The flag is Streamlit's own (it is also what
    ``st.navigation`` sets); a rerun then goes through ``dashboard.py`` to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_user() -> str:
    """Who is working: the name in the sidebar, or the name last typed in a form (until login, issue 7)."""
    return str(st.session_state.get("who") or st.session_state.get("user_name") or "").strip()


def require_user(lang: str) -> str | None:
    """The current user's name, or None after telling them (in Dutch/English) to fill it in first."""
    name = current_user()
    if not name:
        st.error(t("need_name", lang), icon=":material/person:")
        return None
    return name


def _user_box(lang: str) -> None:
    st.sidebar.text_input(t("your_name", lang), key="who", value=st.session_state.get("user_name", ""),
                          max_chars=120, help=t("your_name_help", lang))  # fmt: skip


def page_start(title_key: str | None = None) -> tuple[Store, str]:
    """What every page does first: language switch, store, title, demo banner. Returns ``(store, lang)``."""
    _leave_legacy_pages_mode()
    current = lang()
    language_switch()
    _user_box(current)
    store = get_store()
    if title_key:
        st.title(t(title_key, current))
    demo_banner(store)
    return store, current
