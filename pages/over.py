"""About: what the product is for, where the data comes from, and which database is open."""

import streamlit as st

from gis.about import about_markdown
from gis.ui.state import page_start

store, L = page_start(page="over")
st.markdown(about_markdown(store, L))
