"""Interface text in Dutch (default) and English, declared once as data. No Streamlit here."""

from __future__ import annotations

from gis.texts.accounts import ACCOUNT_TEXT
from gis.texts.analysis import ANALYSIS_TEXT
from gis.texts.analysis_measure import MEASURE_TEXT
from gis.texts.analysis_schouw import SCHOUW_TEXT
from gis.texts.analysis_survey import SURVEY_TEXT
from gis.texts.areas import AREA_TEXT
from gis.texts.codelists import CODELIST_TEXT
from gis.texts.counts import COUNTS_TEXT
from gis.texts.dumpings import DUMPING_TEXT
from gis.texts.field import FIELD_TEXT
from gis.texts.homemap import HOMEMAP_TEXT
from gis.texts.hotspots import HOTSPOT_TEXT
from gis.texts.imports import IMPORT_TEXT
from gis.texts.keurmerk import KEURMERK_TEXT
from gis.texts.measures import MEASURES_TEXT
from gis.texts.partnership import PARTNERSHIP_TEXT
from gis.texts.plan import PLAN_TEXT
from gis.texts.session import SESSION_TEXT

LANGUAGES: tuple[str, ...] = ("nl", "en")

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Veilig Buitengebied", "en": "Safe Countryside"},
    "nav_map": {"nl": "Kaart", "en": "Map"},
    "nav_counts": {"nl": "Aantallen", "en": "Counts"},
    "nav_about": {"nl": "Over", "en": "About"},
    "nav_section_data": {"nl": "Kaart en gegevens", "en": "Map and data"},
    "nav_section_process": {"nl": "Aanpak en keurmerk", "en": "Approach and Keurmerk"},
    "nav_section_more": {"nl": "Beheer en informatie", "en": "Administration and information"},
    "language": {"nl": "Taal", "en": "Language"},
    "choose": {"nl": "Kies…", "en": "Choose…"},
    "your_name": {"nl": "Uw naam", "en": "Your name"},
    "saved_as": {"nl": "Wordt bewaard als: {name}", "en": "Saved as: {name}"},
    "your_name_help": {
        "nl": "Wordt bewaard bij elke wijziging (versies, geschiedenis, importpartijen). Inloggen volgt.",
        "en": "Kept with every change (versions, history, import batches). Login will follow.",
    },
    "need_name": {
        "nl": "U bent niet ingelogd; log opnieuw in. Er is niets gewijzigd.",
        "en": "You are not signed in; please sign in again. Nothing was changed.",
    },
    "demo_banner": {
        "nl": "DEMO: alle schuren, dumpingen, incidenten en gebieden zijn verzonnen (vaste seed {seed}). "
        "Gemeentegrenzen zijn echt (CBS 2023).",
        "en": "DEMO: all barns, dumpings, incidents and areas are made up (fixed seed {seed}). "
        "Municipality boundaries are real (CBS 2023).",
    },
    "demo_banner_counted": {
        "nl": "DEMO: alle schuren, dumpingen, incidenten en gebieden zijn verzonnen. Gemeentegrenzen zijn echt "
        "(CBS 2023).",
        "en": "DEMO: all barns, dumpings, incidents and areas are made up. Municipality boundaries are real "
        "(CBS 2023).",
    },
    "first_start": {
        "nl": "Eerste start: de demodatabase wordt aangemaakt…",
        "en": "First start: creating the demo database…",
    },
    "layer_barns": {"nl": "Leegstaande schuren", "en": "Vacant barns"},
    "layer_dumpings": {"nl": "Drugsafvaldumpingen", "en": "Drug-waste dumpings"},
    "layer_incidents": {"nl": "Incidenten", "en": "Incidents"},
    "layer_areas": {"nl": "PPS-gebieden", "en": "PPS areas"},
    "layer_municipalities": {"nl": "Gemeentegrenzen", "en": "Municipality boundaries"},
    "layer_provinces": {"nl": "Provinciegrenzen", "en": "Province boundaries"},
    "layers": {"nl": "Kaartlagen", "en": "Map layers"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "period": {"nl": "Periode", "en": "Period"},
    "sources": {"nl": "Bronorganisatie", "en": "Source organisation"},
    "area": {"nl": "PPS-gebied", "en": "PPS area"},
    "all_areas": {"nl": "Hele regio", "en": "Whole region"},
    "filter_note": {
        "nl": "De periode geldt voor incidenten en dumpingen; schuren hebben geen gebeurtenisdatum.",
        "en": "The period applies to incidents and dumpings; barns have no event date.",
    },
    "privacy_note": {
        "nl": "Voor uw rol zijn {layers} alleen als aantallen te zien: per hele maand, in vaste cellen van "
        "minstens 1 km, licht verstoord, en aantallen onder 5 als '<5'.",
        "en": "For your role, {layers} are shown as counts only: per whole month, in fixed cells of at least "
        "1 km, slightly perturbed, and counts below 5 as '<5'.",
    },
    "legend": {"nl": "Legenda", "en": "Legend"},
    "legend_cells": {"nl": "Aantal per cel (veel punten)", "en": "Count per cell (many points)"},
    "shown_as_points": {"nl": "{n} punten", "en": "{n} points"},
    "shown_as_point_one": {"nl": "1 punt", "en": "1 point"},
    "shown_as_cells": {
        "nl": "{n} in beeld, samengevat in cellen van {cell}",
        "en": "{n} in view, summarised in cells of {cell}",
    },
    "cell_classes": {"nl": "aantal per cel", "en": "count per cell"},
    "count_total": {"nl": "{n} in selectie", "en": "{n} selected"},
    "basemap_brt": {"nl": "Achtergrondkaart (PDOK BRT)", "en": "Base map (PDOK BRT)"},
    "basemap_aerial": {"nl": "Luchtfoto (PDOK)", "en": "Aerial photo (PDOK)"},
    "basemap_osm": {"nl": "OpenStreetMap", "en": "OpenStreetMap"},
    "tiles_note": {
        "nl": "Geen achtergrondkaart zichtbaar? Dan zijn de kaartservers niet bereikbaar; grenzen en "
        "gegevens blijven werken.",
        "en": "No base map visible? The tile servers cannot be reached; boundaries and data still work.",
    },
    "f_date": {"nl": "Datum", "en": "Date"},
    "f_source": {"nl": "Bron", "en": "Source"},
    "f_category": {"nl": "Categorie", "en": "Category"},
    "f_reference": {"nl": "Kenmerk", "en": "Reference"},
    "f_municipality": {"nl": "Gemeente", "en": "Municipality"},
    "f_found": {"nl": "Gevonden", "en": "Found"},
    "f_place": {"nl": "Soort plek", "en": "Place type"},
    "f_waste": {"nl": "Soort afval", "en": "Waste type"},
    "f_volume": {"nl": "Volume (l)", "en": "Volume (l)"},
    "f_containers": {"nl": "Aantal verpakkingen", "en": "Containers"},
    "f_substances": {"nl": "Stoffen", "en": "Substances"},
    "f_status": {"nl": "Status", "en": "Status"},
    "f_reporter_org": {"nl": "Gemeld door", "en": "Reported by"},
    "f_notes": {"nl": "Opmerkingen", "en": "Notes"},
    "f_address": {"nl": "Adres", "en": "Address"},
    "f_floor_area": {"nl": "Vloeroppervlak (m²)", "en": "Floor area (m²)"},
    "f_vacant_since": {"nl": "Leeg sinds", "en": "Vacant since"},
    "f_last_inspection": {"nl": "Laatste controle", "en": "Last inspection"},
    "f_risk": {"nl": "Risico-opmerkingen", "en": "Risk notes"},
    "f_name": {"nl": "Naam", "en": "Name"},
    "f_activities": {"nl": "Activiteiten", "en": "Activities"},
    "f_process": {"nl": "Fase", "en": "Stage"},
    "counts_title": {"nl": "Aantallen per gemeente en gebied", "en": "Counts per municipality and area"},
    "by_municipality": {"nl": "Per gemeente", "en": "Per municipality"},
    "by_area": {"nl": "Per PPS-gebied", "en": "Per PPS area"},
    "by_month": {"nl": "Per maand", "en": "Per month"},
    "month": {"nl": "Maand", "en": "Month"},
    "month_note": {
        "nl": "Dumpingen tellen per plek: een gekoppelde melding op dezelfde plek telt niet opnieuw mee.",
        "en": "Dumpings count per site: a linked report at the same site is not counted again.",
    },
    "download_csv": {"nl": "Download CSV", "en": "Download CSV"},
    "no_data": {"nl": "Geen gegevens in deze selectie.", "en": "No data in this selection."},
    "store_error": {"nl": "De database kan niet worden geopend", "en": "The database cannot be opened"},
    "store_down_title": {"nl": "De database is even niet bereikbaar", "en": "The database cannot be reached"},
    "store_down": {
        "nl": "Wat u net deed is niet opgeslagen; er is niets half weggeschreven. Het dashboard maakt vanzelf "
        "weer verbinding zodra de database terug is: probeer het over een minuut opnieuw.",
        "en": "What you just did was not saved; nothing was half written. The dashboard reconnects by itself "
        "once the database is back: try again in a minute.",
    },
    "store_retry": {"nl": "Opnieuw proberen", "en": "Try again"},
    "about_title": {"nl": "Over dit dashboard", "en": "About this dashboard"},
    "col_layer": {"nl": "Laag", "en": "Layer"},
    "col_count": {"nl": "Aantal", "en": "Count"},
}

TEXT.update(AREA_TEXT)
TEXT.update(ACCOUNT_TEXT)
TEXT.update(DUMPING_TEXT)
TEXT.update(IMPORT_TEXT)
TEXT.update(HOTSPOT_TEXT)
TEXT.update(CODELIST_TEXT)
for _extra in (
    FIELD_TEXT,
    SESSION_TEXT,
    HOMEMAP_TEXT,
    COUNTS_TEXT,
    ANALYSIS_TEXT,
    SURVEY_TEXT,
    SCHOUW_TEXT,
    MEASURE_TEXT,
    MEASURES_TEXT,
    PLAN_TEXT,
    PARTNERSHIP_TEXT,
    KEURMERK_TEXT,
):
    TEXT.update(_extra)


def t(key: str, lang: str = "nl", **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to Dutch), formatted with ``kwargs``."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**kwargs) if kwargs else text


def fmt_distance(metres: float, lang: str = "nl") -> str:
    """``250 m`` or ``2,5 km`` (Dutch decimal comma) / ``2.5 km``."""
    if metres < 1000:
        return f"{fmt_int(round(metres), lang)} m"
    text = f"{metres / 1000:g} km"
    return text.replace(".", ",") if lang == "nl" else text


def fmt_count(n: int, lang: str = "nl") -> str:
    """A count as ``fmt_int``, or "<5" for a count hidden from the signed-in role (``roles.SUPPRESSED``)."""
    from gis.domain.roles import SMALL_COUNT_SUPPRESSION, SUPPRESSED

    return f"<{SMALL_COUNT_SUPPRESSION}" if n == SUPPRESSED else fmt_int(n, lang)


def fmt_int(n: int, lang: str = "nl") -> str:
    """A whole number with thousands separators: ``5.000`` in Dutch, ``5,000`` in English."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "nl" else text
