"""Beheer: accounts of the partners (administrator only)."""

from gis.ui.admin_page import accounts_page
from gis.ui.state import page_start

store, L = page_start("ad_title", page="beheer")
accounts_page(store, L)
