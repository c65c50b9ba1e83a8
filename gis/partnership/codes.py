"""The fixed vocabularies of the partnership and the Keurmerk (A2–A5, B4): kinds of organisations, documents to
sign, kinds of agreements, audit results and the steps of the process. Pure data with Dutch and English labels.
"""

from __future__ import annotations

from gis.domain.labels import Labels
from gis.domain.labels import label as label  # re-exported: callers look labels up here

ORGANISATION_KINDS: Labels = {
    "gemeente": {"nl": "gemeente", "en": "municipality"},
    "politie": {"nl": "politie", "en": "police"},
    "brandweer": {"nl": "brandweer", "en": "fire brigade"},
    "omgevingsdienst": {"nl": "omgevingsdienst", "en": "environmental service"},
    "riec": {"nl": "RIEC", "en": "RIEC"},
    "lto": {"nl": "agrarische organisatie (LTO)", "en": "farmers' organisation (LTO)"},
    "natuurbeheerder": {"nl": "natuurbeheerder", "en": "nature manager"},
    "waterschap": {"nl": "waterschap", "en": "water board"},
    "bewoners": {"nl": "bewoners", "en": "residents"},
    "ondernemers": {"nl": "ondernemers", "en": "entrepreneurs"},
    "nutsbedrijf": {"nl": "energie- of drinkwaterbedrijf", "en": "energy or drinking-water company"},
    "overig": {"nl": "overig", "en": "other"},
}
# A covenant needs at least these parties (the certification's conditions).
COVENANT_REQUIRED: tuple[str, ...] = ("gemeente", "politie")
DOCUMENTS: Labels = {
    "intentieverklaring": {"nl": "intentieverklaring", "en": "declaration of intent"},
    "convenant": {"nl": "convenant", "en": "covenant"},
}
AGREEMENT_KINDS: Labels = {
    "doel": {"nl": "doel", "en": "objective"},
    "besluitvorming": {"nl": "besluitvorming", "en": "decision-making"},
    "intern": {"nl": "interne communicatie", "en": "internal communication"},
    "extern": {"nl": "externe communicatie", "en": "external communication"},
    "overig": {"nl": "overige afspraak", "en": "other agreement"},
}
AUDIT_RESULTS: Labels = {
    "toegekend": {"nl": "keurmerk toegekend", "en": "Keurmerk granted"},
    "voorwaardelijk": {"nl": "toegekend onder voorwaarden", "en": "granted with conditions"},
    "afgewezen": {"nl": "niet toegekend", "en": "not granted"},
}
KEURMERK_YEARS = 3  # recertification every three years
EVALUATION_MONTHS = 12  # an annual evaluation
# The steps of the process, in order (domain.md): setting up (A), the analysis and plan (B), then the cycle.
STEPS: Labels = {
    "A1": {"nl": "A1 Gebied afbakenen", "en": "A1 Delineate the area"},
    "A2": {"nl": "A2 Deelnemers", "en": "A2 Participants"},
    "A3": {"nl": "A3 Doelstellingen", "en": "A3 Objectives"},
    "A4": {"nl": "A4 Afspraken", "en": "A4 Agreements"},
    "A5": {"nl": "A5 Intentieverklaring", "en": "A5 Declaration of intent"},
    "B1": {"nl": "B1 Veiligheidsanalyse (0-meting)", "en": "B1 Safety analysis (baseline)"},
    "B2": {"nl": "B2 Maatregelen kiezen", "en": "B2 Choose measures"},
    "B3": {"nl": "B3 Plan van aanpak", "en": "B3 Plan of action"},
    "B4": {"nl": "B4 Audit en keurmerk", "en": "B4 Audit and Keurmerk"},
    "C1": {"nl": "1-meting", "en": "Repeat measurement"},
    "C2": {"nl": "Jaarlijkse evaluatie", "en": "Annual evaluation"},
    "C3": {"nl": "Hercertificering (elke 3 jaar)", "en": "Recertification (every 3 years)"},
}
