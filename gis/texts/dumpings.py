"""Text of the Dumpingen page (field form, register, report file)."""

from __future__ import annotations

DUMPING_TEXT: dict[str, dict[str, str]] = {
    "nav_dumpings": {"nl": "Dumpingen", "en": "Dumpings"},
    "dp_title": {"nl": "Drugsafval\u00addumpingen", "en": "Drug-waste dumpings"},  # soft hyphen: phones
    "dp_view": {"nl": "Weergave", "en": "View"},
    "dp_view_report": {"nl": "Melden", "en": "Report"},
    "dp_view_register": {"nl": "Register", "en": "Register"},
    "dp_place_help": {
        "nl": "Tik op de kaart waar de dumping ligt, gebruik de locatieknop (links, onder − ) voor uw huidige "
        "locatie, of typ coördinaten.",
        "en": "Tap the map where the dumping is, use the location button (left, below − ) for your current "
        "location, or type coordinates.",
    },
    "dp_coords": {
        "nl": "Of typ coördinaten (RD x, y of breedte, lengte)",
        "en": "Or type coordinates (RD x, y or latitude, longitude)",
    },
    "dp_position": {
        "nl": "Plaats: RD {x}, {y} · {lat}, {lon} ({source})",
        "en": "Location: RD {x}, {y} · {lat}, {lon} ({source})",
    },
    "dp_source_map": {"nl": "van de kaart", "en": "from the map"},
    "dp_source_typed": {"nl": "getypt", "en": "typed"},
    "dp_source_photo": {"nl": "uit de foto", "en": "from the photo"},
    "dp_here": {"nl": "Plaats van de melding", "en": "Location of the report"},
    "dp_open_reports": {"nl": "Open meldingen in de buurt", "en": "Open reports nearby"},
    "dp_match": {"nl": "Mogelijk dezelfde plek", "en": "Possibly the same site"},
    "dp_selected": {"nl": "Geopende melding", "en": "Opened report"},
    "dp_locate": {"nl": "Mijn locatie", "en": "My location"},
    "dp_locate_error": {"nl": "Locatie niet beschikbaar", "en": "Location not available"},
    "dp_photos": {"nl": "Foto's (JPEG of PNG, max. {n})", "en": "Photos (JPEG or PNG, max {n})"},
    "dp_use_photo_position": {"nl": "Gebruik de locatie uit foto '{name}'", "en": "Use the location of photo '{name}'"},
    "dp_found_date": {"nl": "Gevonden op", "en": "Found on"},
    "dp_found_time": {"nl": "Tijd", "en": "Time"},
    "dp_substances_unknown": {"nl": "Onbekend", "en": "Unknown"},
    "dp_substances_other": {"nl": "Overige stoffen", "en": "Other substances"},
    "dp_soil_water": {"nl": "In bodem of water geloosd?", "en": "Discharged into soil or water?"},
    "dp_yes": {"nl": "Ja", "en": "Yes"},
    "dp_no": {"nl": "Nee", "en": "No"},
    "dp_unknown": {"nl": "Onbekend", "en": "Unknown"},
    "dp_reporter_name": {"nl": "Naam melder", "en": "Reporter's name"},
    "dp_check_save": {"nl": "Controleren en opslaan", "en": "Check and save"},
    "dp_no_position": {
        "nl": "Locatie: nog niet gekozen. Tik op de kaart, gebruik de locatieknop of typ coördinaten.",
        "en": "Location: not chosen yet. Tap the map, use the location button or type coordinates.",
    },
    "dp_possible_duplicate": {
        "nl": "Binnen 100 m en 14 dagen ligt al {n} open melding(en) (oranje op de kaart). Is dit dezelfde plek?",
        "en": "{n} open report(s) lie within 100 m and 14 days (orange on the map). Is this the same site?",
    },
    "dp_link_to": {
        "nl": "Zelfde plek: koppel aan melding {id} ({m} m, {d} dagen, {status})",
        "en": "Same site: link to report {id} ({m} m, {d} days, {status})",
    },
    "dp_save_new_site": {"nl": "Andere plek: opslaan als nieuw", "en": "Different site: save as new"},
    "dp_cancel": {"nl": "Annuleren", "en": "Cancel"},
    "dp_saved": {"nl": "Melding {id} is opgeslagen.", "en": "Report {id} was saved."},
    "dp_to_register": {"nl": "Bekijk in het register", "en": "Open in the register"},
    "dp_filters": {"nl": "Selectie", "en": "Selection"},
    "dp_all": {"nl": "Alle", "en": "All"},
    "dp_register_count": {
        "nl": "{n} meldingen in de selectie. Klik op een rij om die te openen.",
        "en": "{n} reports selected. Click a row to open it.",
    },
    "dp_col_id": {"nl": "Nr.", "en": "No."},
    "dp_col_linked": {"nl": "Gekoppeld", "en": "Linked"},
    "dp_col_photos": {"nl": "Foto's", "en": "Photos"},
    "dp_cleanup_cost": {"nl": "Opruimkosten (€)", "en": "Clean-up cost (€)"},
    "dp_cleanup_date": {"nl": "Geruimd op", "en": "Cleared on"},
    "dp_cleanup_help": {
        "nl": "Verplicht bij 'geruimd' (0 als er geen kosten waren).",
        "en": "Required for 'geruimd' (0 when there were no costs).",
    },
    "dp_export_csv": {"nl": "CSV", "en": "CSV"},
    "dp_export_geojson": {"nl": "GeoJSON (WGS84)", "en": "GeoJSON (WGS84)"},
    "dp_export_gpkg": {"nl": "GeoPackage (RD New)", "en": "GeoPackage (RD New)"},
    "dp_detail_title": {"nl": "Melding {id} · {status}", "en": "Report {id} · {status}"},
    "dp_field": {"nl": "Veld", "en": "Field"},
    "dp_value": {"nl": "Waarde", "en": "Value"},
    "dp_x": {"nl": "RD x", "en": "RD x"},
    "dp_y": {"nl": "RD y", "en": "RD y"},
    "dp_linked_to": {"nl": "Gekoppeld aan melding", "en": "Linked to report"},
    "dp_created_by": {"nl": "Ingevoerd door", "en": "Entered by"},
    "dp_cleanup_only": {
        "nl": "Opruimkosten en datum horen bij de status '{status}'; laat ze leeg bij deze statuswijziging. "
        "Er is niets gewijzigd.",
        "en": "Clean-up cost and date belong to the status '{status}'; leave them empty for this change. "
        "Nothing was changed.",
    },
    "dp_status_now": {"nl": "Status nu: {status}", "en": "Status now: {status}"},
    "dp_status_new": {"nl": "Nieuwe status", "en": "New status"},
    "dp_status_note": {"nl": "Toelichting", "en": "Note"},
    "dp_status_button": {"nl": "Status wijzigen", "en": "Change status"},
    "dp_status_done": {"nl": "Status gewijzigd naar '{status}'.", "en": "Status changed to '{status}'."},
    "dp_history": {"nl": "Geschiedenis", "en": "History"},
    "dp_from": {"nl": "Van", "en": "From"},
    "dp_to": {"nl": "Naar", "en": "To"},
    "dp_note": {"nl": "Toelichting", "en": "Note"},
    "dp_add_photos": {"nl": "Foto's toevoegen", "en": "Add photos"},
    "dp_add_photos_button": {"nl": "Toevoegen", "en": "Add"},
    "dp_photos_added": {"nl": "{n} foto('s) toegevoegd.", "en": "{n} photo(s) added."},
    "dp_edit": {"nl": "Gegevens corrigeren", "en": "Correct the details"},
    "dp_edit_save": {"nl": "Wijzigingen opslaan", "en": "Save changes"},
    "dp_edited": {"nl": "{n} veld(en) gewijzigd.", "en": "{n} field(s) changed."},
    "dp_nothing_changed": {"nl": "Er is niets veranderd.", "en": "Nothing changed."},
    "dd_title": {"nl": "Dossier opruimkosten (regeling drugsafval, BIJ12)", "en": "Clean-up cost file (BIJ12 scheme)"},
    "dd_help": {
        "nl": "Grondeigenaren kunnen opruimkosten vergoed krijgen via de provinciale regeling drugsafval (BIJ12). "
        "Vul de gegevens in, voeg facturen, afvoerbon en saneringsverslag toe en download het aanvraagpakket.",
        "en": "Landowners can have clean-up costs reimbursed through the provinces' drug-waste scheme (BIJ12). "
        "Fill in the details, add invoices, removal slip and remediation report, and download the pack.",
    },
    "dd_landowner": {"nl": "Grondeigenaar", "en": "Landowner"},
    "dd_owner_type": {"nl": "Soort eigenaar", "en": "Owner type"},
    "dd_police_report": {"nl": "Nummer proces-verbaal (politie)", "en": "Police report number"},
    "dd_requested": {"nl": "Gevraagd bedrag (€)", "en": "Amount requested (€)"},
    "dd_granted": {"nl": "Toegekend bedrag (€)", "en": "Amount granted (€)"},
    "dd_doc_kind": {"nl": "Soort document", "en": "Document type"},
    "dd_doc_file": {"nl": "Document (PDF, JPEG of PNG, max. 20 MB)", "en": "Document (PDF, JPEG or PNG, max 20 MB)"},
    "dd_attach": {"nl": "Toevoegen aan dossier", "en": "Add to the file"},
    "dd_attached": {"nl": "'{name}' is toegevoegd.", "en": "'{name}' was added."},
    "dd_missing": {
        "nl": "Nog niet compleet voor de aanvraag: {what}.",
        "en": "Not yet complete for the application: {what}.",
    },
    "dd_pack": {"nl": "Aanvraagpakket downloaden (ZIP)", "en": "Download application pack (ZIP)"},
    "dp_view_only": {
        "nl": "Uw rol mag deze melding bekijken, niet wijzigen. Namen van melders en originele foto's zijn "
        "alleen zichtbaar voor wie meldingen behandelt.",
        "en": "Your role may view this report, not change it. Reporters' names and original photos are only "
        "shown to those who handle reports.",
    },
}
