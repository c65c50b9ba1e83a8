"""About: what the product is for, where the data comes from, and which database is open."""

import streamlit as st

from gis.about import about_markdown
from gis.ui.state import demo_banner, get_store, lang, language_switch

L = lang()
language_switch()
store = get_store()
demo_banner(store)
st.markdown(about_markdown(store, L))
