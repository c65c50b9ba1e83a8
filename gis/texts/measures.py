"""Interface text for the Maatregelen page (step B2: measure catalogue, proposals, choosing and placing measures).
Keys start with ``ms_`` (catalogue editor: ``mc_``). Dutch and English.
"""

MEASURES_TEXT: dict[str, dict[str, str]] = {
    "nav_measures": {"nl": "Maatregelen", "en": "Measures"},
}
