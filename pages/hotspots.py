"""Hotspots for working-group meetings: Gi* with correction, density, two periods, emerging hotspots, PAI."""

from gis.ui.hotspot_page import meeting_on, render
from gis.ui.state import page_start

store, L = page_start(None if meeting_on() else "hs_title", page="hotspots")  # the meeting view: one title line
render(store, L)
