"""The fixed vocabularies of measures and the plan of action (B2–B3): problems, kinds, bands, decisions, plan
statuses, place kinds and indicators, with Dutch and English labels. Pure data, shared by store, analysis and UI.
"""

from __future__ import annotations

from gis.domain.labels import Labels
from gis.domain.labels import label as label  # re-exported: callers look labels up here

# The problems a measure addresses (and that the analysis can show).
PROBLEMS: Labels = {
    "drugsafval": {"nl": "dumping van drugsafval", "en": "drug-waste dumping"},
    "leegstand": {"nl": "leegstaande schuren en gebouwen", "en": "vacant barns and buildings"},
    "drugslab": {"nl": "drugslabs", "en": "drug labs"},
    "hennep": {"nl": "hennepteelt", "en": "cannabis cultivation"},
    "diefstal_machines": {"nl": "diefstal van machines en werktuigen", "en": "theft of machinery"},
    "inbraak_schuren": {"nl": "inbraak in schuren en stallen", "en": "burglary of barns"},
    "benadering": {"nl": "benadering van boeren door criminelen", "en": "farmers approached by criminals"},
    "afval_overig": {"nl": "overige afvaldumping", "en": "other illegal dumping"},
    "onveiligheidsgevoel": {"nl": "onveiligheidsgevoel", "en": "feeling unsafe"},
}
MEASURE_KINDS: Labels = {
    "fysiek": {"nl": "fysiek", "en": "physical"},
    "organisatorisch": {"nl": "organisatorisch", "en": "organisational"},
    "bestuurlijk": {"nl": "bestuurlijk", "en": "administrative"},
}
BANDS: Labels = {  # cost and effort
    "laag": {"nl": "laag", "en": "low"},
    "midden": {"nl": "midden", "en": "medium"},
    "hoog": {"nl": "hoog", "en": "high"},
}
# EMMIE (Crime Reduction Toolkit, College of Policing / What Works Centre for Crime Reduction): effect direction
# and the strength of the evidence behind it.
EFFECT_DIRECTIONS: Labels = {
    "vermindert": {"nl": "vermindert criminaliteit", "en": "reduces crime"},
    "gemengd": {"nl": "gemengd effect", "en": "mixed effect"},
    "geen": {"nl": "geen effect gevonden", "en": "no effect found"},
    "onbekend": {"nl": "effect onbekend", "en": "effect unknown"},
}
EVIDENCE_STRENGTHS: Labels = {
    "sterk": {"nl": "sterk bewijs", "en": "strong evidence"},
    "matig": {"nl": "matig bewijs", "en": "moderate evidence"},
    "zwak": {"nl": "zwak bewijs", "en": "weak evidence"},
    "geen": {"nl": "geen onderzoek", "en": "no research"},
}
# A measure in an area: proposed, chosen or rejected in the meeting ...
DECISIONS: Labels = {
    "voorgesteld": {"nl": "voorgesteld", "en": "proposed"},
    "gekozen": {"nl": "gekozen", "en": "chosen"},
    "afgewezen": {"nl": "afgewezen", "en": "rejected"},
}
# ... and, once chosen, its state in the plan of action.
PLAN_STATUSES: Labels = {
    "gepland": {"nl": "gepland", "en": "planned"},
    "lopend": {"nl": "lopend", "en": "in progress"},
    "uitgevoerd": {"nl": "uitgevoerd", "en": "carried out"},
    "gestopt": {"nl": "gestopt", "en": "stopped"},
}
PLACE_KINDS: Labels = {  # how a measure sits on the map
    "punt": {"nl": "punt", "en": "point"},
    "weg": {"nl": "wegvak", "en": "road segment"},
    "zone": {"nl": "zone", "en": "zone"},
}
EVIDENCE_KINDS: Labels = {
    "notitie": {"nl": "notitie", "en": "note"},
    "bestand": {"nl": "bestand", "en": "file"},
    "foto": {"nl": "foto", "en": "photo"},
}
# What an objective is measured by; the dashboard computes each from the data (gis.measures.indicators).
INDICATORS: Labels = {
    "dumpingen_per_jaar": {"nl": "dumpingen per jaar in het gebied", "en": "dumpings per year in the area"},
    "incidenten_per_jaar": {"nl": "incidenten per jaar (categorie)", "en": "incidents per year (category)"},
    "aandeel_benaderd": {"nl": "aandeel boeren benaderd (enquête, %)", "en": "share of farmers approached (survey, %)"},
    "schuren_geregistreerd": {"nl": "leegstaande schuren geregistreerd", "en": "vacant barns registered"},
}
