"""Importeren: partners' files (CSV, Excel, GeoJSON, GeoPackage, Shapefile, KML) checked, then stored as a batch."""

from gis.ui.import_page import import_page
from gis.ui.state import page_start

store, L = page_start("im_title", page="importeren")
import_page(store, L)
