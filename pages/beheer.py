"""Beheer: accounts of the partners, retention of records and the code lists (administrator only)."""

import streamlit as st

from gis.i18n import t
from gis.ui.admin_page import accounts_page, retention_page
from gis.ui.codelist_admin import codelist_page
from gis.ui.state import page_start

store, L = page_start("ad_title", page="beheer")
tab_accounts, tab_retention, tab_codes = st.tabs([t("ad_accounts", L), t("rt_title", L), t("cl_title", L)])
with tab_accounts:
    accounts_page(store, L)
with tab_retention:
    retention_page(store, L)
with tab_codes:
    codelist_page(store, L)
