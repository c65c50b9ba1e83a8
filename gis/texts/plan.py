"""Interface text for the Plan van aanpak page (step B3: objectives, plan of action, evidence, effect, export). Keys
start with ``pl_``. Dutch and English.
"""

PLAN_TEXT: dict[str, dict[str, str]] = {
    "nav_plan": {"nl": "Plan van aanpak", "en": "Plan of action"},
}
