"""Interface text for the home map (legend, layers, zoom to an area): Dutch and English."""

HOMEMAP_TEXT: dict[str, dict[str, str]] = {}
