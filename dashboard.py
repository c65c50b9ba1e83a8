"""Veilig Buitengebied dashboard: page configuration and navigation only."""

import streamlit as st

from gis.i18n import t
from gis.ui.state import lang

st.set_page_config(page_title="Veilig Buitengebied", page_icon="static/favicon.png", layout="wide")
pages = [
    st.Page("pages/kaart.py", title=t("nav_map", lang()), icon=":material/map:", default=True),
    st.Page("pages/gebieden.py", title=t("nav_areas", lang()), icon=":material/polyline:"),
    st.Page("pages/dumpingen.py", title=t("nav_dumpings", lang()), icon=":material/delete:"),
    st.Page("pages/importeren.py", title=t("nav_import", lang()), icon=":material/upload_file:"),
    st.Page("pages/hotspots.py", title=t("nav_hotspots", lang()), icon=":material/local_fire_department:"),
    st.Page("pages/aantallen.py", title=t("nav_counts", lang()), icon=":material/bar_chart:"),
    st.Page("pages/over.py", title=t("nav_about", lang()), icon=":material/info:"),
]
st.navigation(pages).run()
