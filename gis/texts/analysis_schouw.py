"""Interface text for the Analyse page (analysis_schouw): Dutch and English."""

SCHOUW_TEXT: dict[str, dict[str, str]] = {}
