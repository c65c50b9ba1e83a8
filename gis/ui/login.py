"""Signing in and out on the page: the first-run setup, the sign-in form, demo buttons, the sidebar box.

The session token lives in this browser session's state and in a signed HttpOnly cookie (``session_cookie``,
so a reload keeps the sign-in); the store keeps its hash, so a signed-out or expired token is refused on
the next rerun whatever the browser still holds.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

import streamlit as st
from streamlit.errors import StreamlitAuthError, StreamlitSecretNotFoundError

from gis import auth
from gis.config import demo_on_first_start
from gis.domain.roles import ROLE_LABELS, Principal
from gis.domain.sso import SsoConfig, sso_config
from gis.i18n import t
from gis.store import Store
from gis.ui import session_cookie

TOKEN_KEY = "vb_token"
LOGIN_PATH = "inloggen"  # the sign-in page's own address when signed out


def sso_settings() -> SsoConfig | None:
    """Single sign-on as configured in ``.streamlit/secrets.toml`` (None without it)."""
    try:
        return sso_config(st.secrets)
    except StreamlitSecretNotFoundError:  # no (readable) secrets.toml: single sign-on is not set up
        return None
    except ValueError as exc:
        st.error(f"Single sign-on is verkeerd ingesteld: {exc}")
    return None


def _identity() -> dict[str, object]:
    """The claims of Streamlit's signed-in identity (empty when nobody signed in with st.login)."""
    try:
        return st.user.to_dict() if st.user.is_logged_in else {}
    except (AttributeError, StreamlitAuthError):  # no identity provider configured, or no browser session
        return {}


def signed_in(store: Store) -> Principal | None:
    """The principal of this browser session, or None (an ended session's token is dropped; a session
    of single sign-on that ended also ends the identity cookie, so expiry holds there too)."""
    token = st.session_state.get(TOKEN_KEY)
    if not token and (token := session_cookie.token_from_cookie(store)):  # a reload: the sign-in cookie
        st.session_state[TOKEN_KEY] = token
    principal = auth.resume(store, token)
    if token and principal is None:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state["vb_notice"] = "lg_expired"
        session_cookie.refused(token)
        if st.session_state.pop("vb_sso", False):
            st.logout()
        return None
    cfg = sso_settings() if principal is None and not st.session_state.get("vb_sso_refused") else None
    claims = _identity() if cfg else {}
    if claims and cfg:
        result = auth.sso_sign_in(store, claims, cfg)
        if result.principal is None:  # logged once; not tried again in this browser session
            st.session_state["vb_sso_refused"] = result.message
            return None
        st.session_state[TOKEN_KEY] = result.token
        st.session_state["vb_sso"] = True
        return result.principal
    return principal


def _is_local(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return not address  # Streamlit gives no address for a connection from this machine
    return ip.is_loopback or ip.is_private


def client_source() -> str:
    """The address the browser signs in from (``source`` for throttling and the audit log): the address of
    the connection, or, when that is a reverse proxy on this machine or network, the last address of its
    ``X-Forwarded-For`` (the one the proxy added; earlier ones the client can write itself)."""
    try:
        peer = str(st.context.ip_address or "")
        forwarded = str(st.context.headers.get("X-Forwarded-For") or "")
    except Exception:  # outside a browser session (tests)
        return ""
    last = forwarded.split(",")[-1].strip()
    if last and _is_local(peer):
        return last[:100]
    return peer[:100]


@st.cache_resource(show_spinner=False)
def _setup_token_made(path: str, _store: Store) -> bool:
    """Once per server process and database: the setup token, announced on the server console."""
    return auth.prepare_setup(_store) is not None


def _enter(store: Store, result: auth.SignIn) -> None:
    st.session_state[TOKEN_KEY] = result.token
    session_cookie.remember(store, result.token)
    st.session_state.pop("vb_notice", None)
    st.rerun()


def _setup(store: Store, lang: str) -> None:
    _setup_token_made(str(store.path), store)
    st.subheader(t("lg_setup", lang))
    st.write(t("lg_setup_intro", lang))
    with st.form("vb_setup"):
        token = st.text_input(t("lg_token", lang), type="password", max_chars=200)
        user = st.text_input(t("lg_user", lang), max_chars=60)
        display = st.text_input(t("lg_display", lang), max_chars=120)
        password = st.text_input(t("lg_password", lang), type="password", max_chars=200)
        repeat = st.text_input(t("lg_repeat", lang), type="password", max_chars=200)
        if st.form_submit_button(t("lg_create", lang), type="primary"):
            problems = auth.setup_administrator(store, token, user, display, password, repeat)
            for problem in problems:
                st.error(problem)
            if not problems:
                _enter(store, auth.sign_in(store, user, password, source=client_source()))


def _demo_buttons(store: Store, lang: str) -> None:
    auth.ensure_demo_accounts(store)
    st.divider()
    st.caption(t("lg_demo_note", lang))
    st.write(t("lg_demo", lang))
    cols = st.columns(4)
    for i, (name, _display, role) in enumerate(auth.DEMO_ACCOUNTS):
        if cols[i % 4].button(ROLE_LABELS[role][lang], key=f"demo_{name}", width="stretch"):
            _enter(store, auth.demo_sign_in(store, name))


def login_page(store: Store, lang: str) -> None:
    """The page shown until someone signs in: what the product is, then setup on a new database, else the
    sign-in form."""
    st.markdown(f"#### :material/agriculture: {t('sh_product', lang)} · {t('sh_partnership', lang)}")
    st.caption(t("sh_what", lang))
    st.title(t("lg_title", lang))
    notice = st.session_state.get("vb_notice")
    if notice:
        st.info(t(notice, lang))
    if refused := st.session_state.get("vb_sso_refused"):
        st.error(refused)
        if st.button(t("lg_sign_out", lang), key="vb_sso_out"):
            st.session_state.pop("vb_sso_refused", None)
            st.logout()
    cfg = sso_settings()
    if cfg is not None:
        st.button(t("lg_sso", lang), type="primary", icon=":material/domain:", key="vb_sso_login",
                  on_click=st.login, args=(cfg.provider,))  # fmt: skip
    if auth.setup_needed(store):
        _setup(store, lang)
        return
    st.caption(t("lg_intro", lang))
    with st.form("vb_login"):
        user = st.text_input(t("lg_user", lang), max_chars=200, autocomplete="username")
        password = st.text_input(t("lg_password", lang), type="password", max_chars=200,
                                 autocomplete="current-password")  # fmt: skip
        if st.form_submit_button(t("lg_submit", lang), type="primary"):
            result = auth.sign_in(store, user, password, source=client_source())
            if result.principal is None:
                st.error(t("lg_refused", lang))
            else:
                _enter(store, result)
    if store.is_demo() and demo_on_first_start():
        _demo_buttons(store, lang)


def sidebar_account(store: Store, principal: Principal, lang: str) -> None:
    """Who is signed in, in which role, and the sign-out button."""
    with st.sidebar:
        st.markdown(t("lg_signed_in", lang, name=principal.user, role=ROLE_LABELS[principal.role][lang]))
        if st.button(t("lg_sign_out", lang), key="vb_sign_out", icon=":material/logout:"):
            auth.sign_out(store, st.session_state.pop(TOKEN_KEY, None))
            session_cookie.forget()
            st.session_state["vb_notice"] = "lg_signed_out"
            if st.session_state.pop("vb_sso", False):
                st.logout()  # also forget the organisation's identity cookie
            st.rerun()


def remember_requested_page(page: str | None = None) -> None:
    """Keep the page asked for (``page``, the signed-out navigation's choice; else the address bar's
    ``/gebieden``) to open it once signed in."""
    path = page
    if path is None:
        try:
            path = urlparse(str(st.context.url or "")).path.strip("/").split("/")[-1]
        except (AttributeError, ValueError):
            path = ""
    if path and path != LOGIN_PATH:
        st.session_state["vb_next"] = path


def requested_page(keys: list[str]) -> int | None:
    """Index in ``keys`` of the page asked for before signing in (once; None if none or not allowed)."""
    wanted = st.session_state.pop("vb_next", None)
    return keys.index(wanted) if wanted in keys else None
