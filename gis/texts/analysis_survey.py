"""Interface text for the Analyse page (analysis_survey): Dutch and English."""

SURVEY_TEXT: dict[str, dict[str, str]] = {}
