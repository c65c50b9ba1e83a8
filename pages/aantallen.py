"""Counts per municipality and per PPS area as a map and a table, and per month as a chart per layer."""

from gis.ui.counts_page import counts_page
from gis.ui.filters import sidebar_filters
from gis.ui.state import page_start

store, L = page_start("counts_title", page="aantallen")
counts_page(store, sidebar_filters(store, L), L)
