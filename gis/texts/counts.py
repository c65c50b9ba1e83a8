"""Interface text for the Aantallen page (choropleth, charts, tables): Dutch and English."""

COUNTS_TEXT: dict[str, dict[str, str]] = {}
