"""Interface text for the Analyse page (analysis_measure): Dutch and English."""

MEASURE_TEXT: dict[str, dict[str, str]] = {}
