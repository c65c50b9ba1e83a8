"""Interface text for the home map (legend, layers, zoom to an area): Dutch and English."""

HOMEMAP_TEXT: dict[str, dict[str, str]] = {
    "hm_cells_label": {"nl": "{layer}: aantal per cel ({range})", "en": "{layer}: count per cell ({range})"},
    "hm_boundaries": {"nl": "Grenzen en gebieden", "en": "Boundaries and areas"},
    "hm_boundaries_help": {
        "nl": "Welke grenzen de kaart toont. De achtergrondkaart kiest u rechtsboven op de kaart.",
        "en": "Which boundaries the map shows. Choose the base map at the top right of the map.",
    },
    "hm_area_shown": {
        "nl": "De kaart is ingezoomd op {area}; alleen wat in dit gebied ligt wordt getoond.",
        "en": "The map is zoomed to {area}; only what lies in this area is shown.",
    },
}
