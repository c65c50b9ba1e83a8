"""The partnership (steps A2–A5): participants, agreements, meetings and minutes, declaration and covenant."""

from gis.ui.partnership_page import partnership_page
from gis.ui.state import page_start

store, L = page_start("nav_partnership", page="samenwerking")
partnership_page(store, L)
