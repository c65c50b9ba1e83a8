"""Interface text for the Keurmerk page (process progress, the audit file (B4), the regional overview and the
Keurmerk application). Keys start with ``km_``. Dutch and English.
"""

KEURMERK_TEXT: dict[str, dict[str, str]] = {
    "nav_keurmerk": {"nl": "Keurmerk", "en": "Keurmerk"},
}
