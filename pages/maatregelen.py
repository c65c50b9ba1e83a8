"""Measures (step B2): the catalogue, the proposals for an area, choosing, ranking and placing measures."""

from gis.ui.measures_page import measures_page
from gis.ui.state import page_start

store, L = page_start("nav_measures", page="maatregelen")
measures_page(store, L)
