"""Drugsafvaldumpingen: the field form (log a dumping) and the register with each report's file."""

import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.ui import dumping_detail, dumping_form, dumping_register
from gis.ui.state import allowed, page_start

store, L = page_start("dp_title", page="dumpingen")
views = ["report", "register"] if allowed(store, Action.CREATE, "dumpings") else ["register"]
view = st.segmented_control(
    t("dp_view", L), views, key="dp_view", default=views[0],
    format_func=lambda v: t(f"dp_view_{v}", L), label_visibility="collapsed",
)  # fmt: skip
if view == "register":
    opened = dumping_register.register(store, L)
    if opened is not None:
        dumping_detail.detail(store, opened, L)
else:
    dumping_form.report_form(store, L)
