"""Shared Streamlit pieces: the cached store, language, sidebar filters, map widget. The only
part of ``gis`` that imports Streamlit."""
