"""Plan of action (step B3): objectives, the plan of measures with owners and dates, evidence, effect, DOCX/PDF."""

from gis.ui.plan_page import plan_page
from gis.ui.state import page_start

store, L = page_start("nav_plan", page="plan")
plan_page(store, L)
