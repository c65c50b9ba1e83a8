"""Hotspots for working-group meetings: Gi* with correction, density, two periods, emerging hotspots, PAI."""

from gis.ui.hotspot_page import render
from gis.ui.state import page_start

store, L = page_start("hs_title", page="hotspots")
render(store, L)
