"""Veilig Buitengebied: the product's logic (store, geometry, maps, analysis), free of Streamlit.

Only ``gis.ui`` imports Streamlit; pages call into this package.
"""

__version__ = "0.1.0"
