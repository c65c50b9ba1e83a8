"""Folium map builders: basemaps, layers, styles, legends, escaping. No Streamlit here."""
