"""Veilig Buitengebied dashboard: page configuration, sign-in and the navigation the signed-in role may use.

``streamlit run dashboard.py`` first imports this file to find ``app`` (Streamlit's ``st.App``: the server,
with the sign-in cookie's route); each browser session then runs it as ``__main__``, which draws the app.
"""

import streamlit as st

from gis.domain.roles import PermissionDenied, can_open
from gis.i18n import t
from gis.ui import session_cookie
from gis.ui.login import LOGIN_PATH, login_page, remember_requested_page, requested_page, signed_in
from gis.ui.state import get_store, lang, language_switch, store_faults
from gis.ui.streamlit_nl import SIDEBAR_SCRIPT, shell_style

PAGES = [
    ("kaart", "pages/kaart.py", "nav_map", ":material/map:"),
    ("gebieden", "pages/gebieden.py", "nav_areas", ":material/polyline:"),
    ("dumpingen", "pages/dumpingen.py", "nav_dumpings", ":material/delete:"),
    ("importeren", "pages/importeren.py", "nav_import", ":material/upload_file:"),
    ("hotspots", "pages/hotspots.py", "nav_hotspots", ":material/local_fire_department:"),
    ("aantallen", "pages/aantallen.py", "nav_counts", ":material/bar_chart:"),
    ("analyse", "pages/analyse.py", "nav_analysis", ":material/query_stats:"),
    ("maatregelen", "pages/maatregelen.py", "nav_measures", ":material/construction:"),
    ("plan", "pages/plan.py", "nav_plan", ":material/event_note:"),
    ("samenwerking", "pages/samenwerking.py", "nav_partnership", ":material/handshake:"),
    ("keurmerk", "pages/keurmerk.py", "nav_keurmerk", ":material/verified:"),
    ("beheer", "pages/beheer.py", "nav_admin", ":material/manage_accounts:"),
    ("audit", "pages/audit.py", "nav_audit", ":material/history:"),
    ("over", "pages/over.py", "nav_about", ":material/info:"),
]

# The sidebar's groups: the region's data, the partnership's process (steps A and B), the rest.
SECTION_OF = {
    **dict.fromkeys(("kaart", "gebieden", "dumpingen", "importeren", "hotspots", "aantallen"), "nav_section_data"),
    **dict.fromkeys(("analyse", "maatregelen", "plan", "samenwerking", "keurmerk"), "nav_section_process"),
}


def main() -> None:
    """One run of the app for a browser session: sign-in, or the role's navigation and the chosen page. An
    unreachable database, here or on the page, shows one message (``store_faults``), never a trace."""
    st.set_page_config(page_title="Veilig Buitengebied", page_icon="static/favicon.png", layout="wide")
    with store_faults():
        _run()


def _run() -> None:
    store = get_store()
    principal = signed_in(store)
    shell_style(lang())
    session_cookie.flush(lang(), extra=SIDEBAR_SCRIPT)

    def _sign_in() -> None:
        language_switch()
        login_page(store, lang())

    if principal is None:
        # every page's address opens the sign-in form (a bookmark is not "page not found"), also the first
        # page's (the default page has no address of its own, so the sign-in page is the default); afterwards
        # that page
        login = {"title": t("lg_title", lang()), "icon": ":material/login:"}
        pages = [st.Page(_sign_in, url_path=LOGIN_PATH, default=True, **login)]
        pages += [st.Page(_sign_in, url_path=key, **login) for key, *_ in PAGES]
        chosen = st.navigation(pages, position="hidden")
        remember_requested_page(chosen.url_path or LOGIN_PATH)
        chosen.run()
        return
    allowed = [p for p in PAGES if can_open(principal, p[0])]
    pages = [st.Page(path, title=t(title, lang()), icon=icon, url_path=key) for key, path, title, icon in allowed]
    # "/" opens the first page at its own address (a default page would hold that address without answering it)
    start = st.Page(lambda: st.switch_page(pages[0]), title=pages[0].title, url_path="start", default=True,
                    visibility="hidden")  # fmt: skip
    sections: dict[str, list] = {}
    for (key, *_), page in zip(allowed, pages, strict=True):
        sections.setdefault(t(SECTION_OF.get(key, "nav_section_more"), lang()), []).append(page)
    # Hidden, so an address never gives Streamlit's English "Page not found": a page the role may not open
    # says so in Dutch (``page_start``).
    hidden = [st.Page(path, title=t(title, lang()), icon=icon, visibility="hidden")
              for key, path, title, icon in PAGES if not can_open(principal, key)]  # fmt: skip
    more = t("nav_section_more", lang())
    sections[more] = [*sections.get(more, []), start, *hidden]
    navigation = st.navigation(sections, expanded=True)  # every page in sight, grouped by what it is for
    wanted = requested_page([k for k, *_ in allowed])
    if wanted is not None:  # back to the page asked for before signing in
        st.switch_page(pages[wanted])
    try:
        navigation.run()
    except PermissionDenied as exc:  # the store refused a call this role may not make: say so, no trace
        st.error(str(exc), icon=":material/lock:")


if __name__ == "__main__":
    main()
else:  # imported by ``streamlit run`` (or ``uvicorn dashboard:app``): the server, with the cookie's route
    app = st.App(__file__, routes=session_cookie.session_routes())
