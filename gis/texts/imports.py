"""Text of the Importeren page (partner data import)."""

from __future__ import annotations

IMPORT_TEXT: dict[str, dict[str, str]] = {
    "nav_import": {"nl": "Importeren", "en": "Import"},
    "im_title": {"nl": "Gegevens van partners inlezen", "en": "Import partner data"},
    "im_intro": {
        "nl": "Lees incidenten, schuren of dumpingen in uit het systeem van een partner: CSV, Excel, GeoJSON, "
        "GeoPackage, gezipte Shapefile of KML. Eerst controleren, dan pas opslaan; een ingelezen partij kan "
        "als geheel worden teruggedraaid.",
        "en": "Import incidents, barns or dumpings from a partner's system: CSV, Excel, GeoJSON, GeoPackage, "
        "zipped Shapefile or KML. Check first, then save; an imported batch can be undone as a whole.",
    },
    "im_layer": {"nl": "Laag", "en": "Layer"},
    "im_source": {"nl": "Bronorganisatie", "en": "Source organisation"},
    "im_file": {"nl": "Bestand", "en": "File"},
    "im_sheet": {"nl": "Werkblad / laag in het bestand", "en": "Sheet / layer in the file"},
    "im_rows": {
        "nl": "Herkend als {kind}. Hieronder de eerste {n} rijen; bij Controleren worden alle rijen gelezen.",
        "en": "Recognised as {kind}. The first {n} rows are below; checking reads every row.",
    },
    "im_sample": {"nl": "Eerste rijen van het bestand", "en": "First rows of the file"},
    "im_mapping": {"nl": "Kolommen koppelen", "en": "Map the columns"},
    "im_mapping_help": {
        "nl": "Het dashboard stelt een koppeling voor op basis van de kolomnamen; pas aan waar nodig. De "
        "koppeling wordt per bronorganisatie onthouden.",
        "en": "The dashboard proposes a mapping from the column names; correct it where needed. The mapping is "
        "remembered per source organisation.",
    },
    "im_mapping_remembered": {
        "nl": "De koppeling van de vorige keer voor {source} is gebruikt.",
        "en": "Last time's mapping for {source} was used.",
    },
    "im_not_mapped": {"nl": "(niet gebruiken)", "en": "(do not use)"},
    "im_crs": {"nl": "Coördinatenstelsel", "en": "Coordinate system"},
    "im_crs_auto": {"nl": "Automatisch: {guess}", "en": "Automatic: {guess}"},
    "im_crs_rd": {"nl": "RD New (EPSG:28992)", "en": "RD New (EPSG:28992)"},
    "im_crs_wgs84": {"nl": "WGS84 breedte/lengte (EPSG:4326)", "en": "WGS84 lat/lon (EPSG:4326)"},
    "im_categories": {"nl": "Categorieën koppelen", "en": "Map the categories"},
    "im_check": {"nl": "Controleren", "en": "Check"},
    "im_report": {
        "nl": "Controle: {ok} rijen goed, {bad} rijen geweigerd",
        "en": "Check: {ok} rows fine, {bad} rows refused",
    },
    "im_refused_csv": {"nl": "Geweigerde rijen downloaden (CSV)", "en": "Download refused rows (CSV)"},
    "im_preview_map": {
        "nl": "Voorbeeld op de kaart (eerste {n} goede rijen)",
        "en": "Preview on the map (first {n} good rows)",
    },
    "im_go": {"nl": "{n} goede rijen opslaan", "en": "Save {n} good rows"},
    "im_duplicate_file": {
        "nl": "Dit bestand is al eerder ingelezen (partij {id}, {when}, door {who}, {n} rijen).",
        "en": "This file was imported before (batch {id}, {when}, by {who}, {n} rows).",
    },
    "im_allow_again": {"nl": "Toch opnieuw inlezen", "en": "Import again anyway"},
    "im_progress": {"nl": "Opslaan… {n} rijen", "en": "Saving… {n} rows"},
    "im_done": {
        "nl": "Partij {id} opgeslagen: {n} rijen ingelezen, {bad} geweigerd.",
        "en": "Batch {id} saved: {n} rows imported, {bad} refused.",
    },
    "im_batches": {"nl": "Ingelezen partijen", "en": "Imported batches"},
    "im_undo_which": {"nl": "Partij terugdraaien", "en": "Undo batch"},
    "im_undo": {
        "nl": "Terugdraaien (alle rijen van deze partij verwijderen)",
        "en": "Undo (remove all rows of this batch)",
    },
    "im_undone": {
        "nl": "Partij {id} is teruggedraaid: {n} rijen verwijderd.",
        "en": "Batch {id} undone: {n} rows removed.",
    },
    "im_col_batch": {"nl": "Partij", "en": "Batch"},
    "im_col_rows": {"nl": "Ingelezen", "en": "Imported"},
    "im_col_refused": {"nl": "Geweigerd", "en": "Refused"},
    "im_col_undone": {"nl": "Teruggedraaid op", "en": "Undone on"},
    "im_undo_sure": {
        "nl": "Ik weet het zeker: alle rijen van deze partij worden verwijderd",
        "en": "I am sure: all rows of this batch will be removed",
    },
    "im_undo_confirm": {
        "nl": "Vink eerst aan dat u zeker weet dat de partij weg moet. Er is niets verwijderd.",
        "en": "First tick that you are sure the batch must go. Nothing was removed.",
    },
    "im_col_row": {"nl": "Rij", "en": "Row"},
    "im_col_field": {"nl": "Veld", "en": "Field"},
    "im_col_value": {"nl": "Waarde", "en": "Value"},
    "im_col_reason": {"nl": "Reden", "en": "Reason"},
    "im_cat_other": {"nl": "(overig: tekst bewaren)", "en": "(other: keep the text)"},
    "im_cat_help": {
        "nl": "Waarden die u niet koppelt, worden ingelezen als 'overig' met hun oorspronkelijke tekst; uw keuzes "
        "worden voor deze organisatie onthouden.",
        "en": "Values you do not map are imported as 'overig' (other) with their original text; your choices are "
        "remembered for this organisation.",
    },
    "im_cat_remembered": {
        "nl": "{n} waarde(n) gekoppeld zoals de vorige keer.",
        "en": "{n} value(s) mapped as last time.",
    },
    "im_others": {
        "nl": "{n} rij(en) met een onbekende categorie worden bewaard als 'overig', met hun oorspronkelijke tekst:",
        "en": "{n} row(s) with an unknown category are kept as 'overig' (other), with their original text:",
    },
    "im_col_original": {"nl": "Waarde in het bestand", "en": "Value in the file"},
    "im_remap": {
        "nl": "Opnieuw koppelen ('overig' met de huidige koppelingen)",
        "en": "Re-map ('overig' with today's mappings)",
    },
    "im_remapped": {
        "nl": "Partij {id}: {n} rij(en) van 'overig' naar een categorie gezet.",
        "en": "Batch {id}: {n} row(s) moved from 'overig' to a category.",
    },
}
