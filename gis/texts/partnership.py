"""Interface text for the Samenwerking page (steps A2–A5: participants, agreements, meetings and minutes,
declaration of intent and covenant). Keys start with ``ps_``. Dutch and English.
"""

PARTNERSHIP_TEXT: dict[str, dict[str, str]] = {
    "nav_partnership": {"nl": "Samenwerking", "en": "Partnership"},
}
