"""Process progress, the audit file (B4), the regional overview and the Keurmerk."""

from gis.ui.keurmerk_page import keurmerk_page
from gis.ui.state import page_start

store, L = page_start("nav_keurmerk", page="keurmerk")
keurmerk_page(store, L)
