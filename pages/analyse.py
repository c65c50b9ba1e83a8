"""Safety analysis of a PPS area (step B1): profile, survey, site walks, measurements and report."""

from gis.ui.analysis_page import analysis_page
from gis.ui.state import page_start

store, L = page_start("an_title", page="analyse")
analysis_page(store, L)
