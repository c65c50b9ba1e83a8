"""Session-wide Streamlit state: the store (one per process), first-start seeding, language, who is signed in."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from gis.config import database_url, demo_on_first_start
from gis.demo.seed import initialise
from gis.domain.catalog import Layer
from gis.domain.roles import (
    ROLE_LABELS,
    Access,
    Action,
    Principal,
    can,
    can_open,
    layer_access,
)
from gis.i18n import LANGUAGES, t
from gis.store import Store, StoreError
from gis.store.errors import StoreUnavailableError
from gis.store.guard import GuardedStore
from gis.store_slot import StoreSlot
from gis.ui.login import login_page, sidebar_account, signed_in
from gis.ui.session_cookie import LANG_COOKIE

_SEED_LOCK = threading.Lock()
_LOG = logging.getLogger("veilig_buitengebied")


LANG_KEY = "lang"  # not a widget's key: a widget's state is dropped when another page is shown
_SWITCH_KEY = "vb_lang_switch"


def _valid(value: object) -> str | None:
    text = str(value or "").strip().lower()
    return text if text in LANGUAGES else None


def _first_language() -> str:
    """A new browser session's language: the address's ``?lang=``, else the language cookie, else Dutch."""
    try:
        asked = _valid(st.query_params.get("lang")) or _valid(st.context.cookies.get(LANG_COOKIE))
    except Exception:  # outside a browser session
        asked = None
    return asked or "nl"


def lang() -> str:
    """The interface language of this session (``nl`` unless switched, asked in the address or kept in
    the cookie)."""
    value = _valid(st.session_state.get(LANG_KEY))
    if value is None:
        value = _first_language()
        st.session_state[LANG_KEY] = value
    return value


def _switched() -> None:
    chosen = _valid(st.session_state.get(_SWITCH_KEY))
    if chosen is None:  # the selected option clicked again: keep the language, and show it selected
        st.session_state[_SWITCH_KEY] = lang()
    else:
        st.session_state[LANG_KEY] = chosen


def language_switch() -> None:
    """A NL/EN switch in the sidebar; the choice holds on every page, and after a reload (address, cookie)."""
    current = lang()
    # Set every run: a switch on a new page is a new widget, and a value left by the last page's switch
    # would not reach it (it showed neither NL nor EN as chosen after signing in).
    st.session_state[_SWITCH_KEY] = current
    st.sidebar.segmented_control(
        t("language", current), options=list(LANGUAGES), format_func=str.upper, key=_SWITCH_KEY,
        on_change=_switched,
    )  # fmt: skip
    keep_language_in_address(current)


def keep_language_in_address(current: str) -> None:
    """``?lang=en`` in the address while English is chosen (a reload or a shared link keeps it)."""
    try:
        if current != "nl" and st.query_params.get("lang") != current:
            st.query_params["lang"] = current
        elif current == "nl" and "lang" in st.query_params:
            del st.query_params["lang"]
    except Exception:  # outside a browser session
        return


@st.cache_resource(show_spinner=False)
def _slot(url: str) -> StoreSlot:
    # One store per process and database; every thread gets its own cursor from the store. The slot opens
    # it on first use (again after a failed open) and replaces it if it stays broken after an outage.
    return StoreSlot(url)


def show_unavailable(exc: StoreUnavailableError | None = None) -> None:
    """The one message for a database that cannot be reached (in the page's language; the server log gets
    one line, no trace). The next click or the button tries again."""
    current = lang()
    if exc is not None:
        _LOG.warning("Database niet bereikbaar: %s", getattr(exc, "detail", "") or exc)
    st.error(f"**{t('store_down_title', current)}.** {t('store_down', current)}", icon=":material/cloud_off:")
    st.button(t("store_retry", current), key=f"vb_store_retry_{id(exc)}", icon=":material/refresh:")


@contextmanager
def store_faults() -> Iterator[None]:
    """Around a page run or a fragment: an unreachable database ends the run with ``show_unavailable``,
    never a trace. Also a decorator (``@store_faults()``, under ``@st.fragment``)."""
    try:
        yield
    except StoreUnavailableError as exc:
        show_unavailable(exc)


def get_store() -> Store:
    """The app's store; on a clear Dutch error the page shows it and stops (nothing is written)."""
    url = database_url()
    try:
        store, empty = _slot(url).use(lambda s: s.is_empty())
    except StoreUnavailableError as exc:
        show_unavailable(exc)
        st.stop()
    except StoreError as exc:
        st.error(f"**{t('store_error', lang())}.** {exc}")
        st.stop()
    if empty:
        with _SEED_LOCK:
            if store.is_empty():
                bar = st.progress(0.0, text=t("first_start", lang()))
                initialise(store, demo_on_first_start(), lambda p, m: bar.progress(min(p, 1.0), text=m))
                bar.empty()
    return store


def demo_banner(store: Store, principal: Principal | None = None) -> None:
    """Mark demo data as demo on every page; with its seed only for roles that see every layer's records (the
    seed regenerates the made-up records, so a counts-only role is not told it)."""
    if store.is_demo():
        counted = principal is not None and any(layer_access(principal, lay) < Access.RAW for lay in Layer)
        seed = None if counted else store.get_meta("demo_seed")
        text = t("demo_banner", lang(), seed=seed) if seed else t("demo_banner_counted", lang())
        st.warning(text, icon=":material/science:")


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


def current_principal() -> Principal | None:
    """The principal signed in for this page run (set by ``page_start``)."""
    return st.session_state.get("vb_principal")


def current_user() -> str:
    """The signed-in user's name (kept with every change)."""
    principal = current_principal()
    return principal.user if principal else ""


def signed_user(lang: str) -> str:
    """The signed-in user, shown in a form as the name kept with the change (not editable)."""
    name = current_user()
    st.caption(t("saved_as", lang, name=name))
    return name


def require_user(lang: str) -> str | None:
    """The signed-in user's name, or None after saying that nobody is signed in."""
    name = current_user()
    if not name:
        st.error(t("need_name", lang), icon=":material/person:")
        return None
    return name


def page_start(title_key: str | None = None, page: str = "over") -> tuple[GuardedStore, str]:
    """What every page does first: language switch, store, sign-in, the role's access to ``page``, title,
    demo banner. Returns the store as the signed-in role may use it, and the language."""
    _leave_legacy_pages_mode()
    current = lang()
    language_switch()
    store = get_store()
    principal = signed_in(store)
    if principal is None:
        login_page(store, current)
        st.stop()
    st.session_state["vb_principal"] = principal
    sidebar_account(store, principal, current)
    if not can_open(principal, page):
        st.error(t("lg_no_page", current, role=ROLE_LABELS[principal.role][current]), icon=":material/lock:")
        st.stop()
    if title_key:
        st.title(t(title_key, current))
    demo_banner(store, principal)
    return GuardedStore(store, principal), current


def raw_layers(store: GuardedStore | Store) -> frozenset[Layer]:
    """The layers the signed-in role may see as records (points); the others only as counts."""
    if not isinstance(store, GuardedStore):
        return frozenset(Layer)
    return frozenset(layer for layer in Layer if layer_access(store.principal, layer) >= Access.RAW)


def allowed(store: GuardedStore | Store, action: Action, resource: str) -> bool:
    """Whether the signed-in role may do ``action`` on ``resource`` (to show or hide a control; the store
    checks again)."""
    return not isinstance(store, GuardedStore) or can(store.principal, action, resource)
