"""Interface text for the Analyse page's schouw tab (site walks and findings) and the findings layer of the home
map: Dutch and English."""

SCHOUW_TEXT: dict[str, dict[str, str]] = {
    # summary and tables
    "sw_m_converted_n": {
        "nl": "Daarvan omgezet in een dumpingmelding of schuur: {n}.",
        "en": "Of these, converted to a dumping report or barn record: {n}.",
    },
    "sw_walks": {"nl": "Schouwen", "en": "Site walks"},
    "sw_findings": {"nl": "Bevindingen", "en": "Findings"},
    "sw_walk": {"nl": "Schouw", "en": "Site walk"},
    "sw_finding": {"nl": "Bevinding", "en": "Finding"},
    "sw_no_walks": {
        "nl": "In dit gebied is nog geen schouw vastgelegd.",
        "en": "No site walk has been recorded in this area yet.",
    },
    "sw_no_findings": {"nl": "Deze schouw heeft nog geen bevindingen.", "en": "This walk has no findings yet."},
    "sw_col_id": {"nl": "Nr.", "en": "No."},
    "sw_col_date": {"nl": "Datum", "en": "Date"},
    "sw_col_daypart": {"nl": "Dagdeel", "en": "Day or night"},
    "sw_col_participants": {"nl": "Deelnemers", "en": "Participants"},
    "sw_col_findings": {"nl": "Bevindingen", "en": "Findings"},
    "sw_col_route": {"nl": "Route getekend", "en": "Route drawn"},
    "sw_col_notes": {"nl": "Opmerkingen", "en": "Notes"},
    "sw_col_category": {"nl": "Soort bevinding", "en": "Kind of finding"},
    "sw_col_n": {"nl": "Aantal", "en": "Count"},
    "sw_col_note": {"nl": "Opmerking", "en": "Note"},
    "sw_col_became": {"nl": "Omgezet in", "en": "Converted to"},
    "sw_yes": {"nl": "ja", "en": "yes"},
    "sw_no": {"nl": "nee", "en": "no"},
    "sw_daypart_dag": {"nl": "overdag", "en": "by day"},
    "sw_daypart_nacht": {"nl": "'s nachts", "en": "at night"},
    "sw_choose_walk": {"nl": "Schouw", "en": "Site walk"},
    "sw_original": {"nl": "Origineel (met locatie)", "en": "Original (with location)"},
    "sw_became_dumpings": {"nl": "Omgezet in dumpingmelding {id}.", "en": "Converted to dumping report {id}."},
    "sw_became_barns": {"nl": "Omgezet in schuur {id}.", "en": "Converted to barn record {id}."},
    # map
    "sw_layer": {"nl": "Schouwbevindingen", "en": "Site-walk findings"},
    "sw_routes": {"nl": "Schouwroutes", "en": "Walk routes"},
    "sw_route": {"nl": "Route van de schouw", "en": "Route of the walk"},
    "sw_route_day": {"nl": "Route overdag", "en": "Route by day"},
    "sw_route_night": {"nl": "Route 's nachts", "en": "Route at night"},
    "sw_here": {"nl": "Hier", "en": "Here"},
    # recording a walk
    "sw_new_walk": {"nl": "Nieuwe schouw vastleggen", "en": "Record a new site walk"},
    "sw_date": {"nl": "Datum van de schouw", "en": "Date of the walk"},
    "sw_daypart": {"nl": "Dagdeel", "en": "Day or night"},
    "sw_participants": {"nl": "Deelnemers (organisaties of rollen)", "en": "Participants (organisations or roles)"},
    "sw_participants_ph": {"nl": "bijv. gemeente, politie, LTO, boa", "en": "e.g. municipality, police, farmers"},
    "sw_no_names": {
        "nl": "Noem organisaties of rollen, geen namen van bewoners of andere personen.",
        "en": "Name organisations or roles, not the names of residents or other people.",
    },
    "sw_notes": {"nl": "Opmerkingen", "en": "Notes"},
    "sw_route_help": {
        "nl": "Route (mag leeg blijven): kies het lijn-gereedschap links op de kaart, tik de punten van de route "
        "aan en tik op het laatste punt om af te ronden.",
        "en": "Route (optional): choose the line tool at the left of the map, tap the points of the route and "
        "tap the last point to finish.",
    },
    "sw_save_walk": {"nl": "Schouw opslaan", "en": "Save the walk"},
    "sw_walk_saved": {
        "nl": "Schouw {id} is opgeslagen. Leg hieronder de bevindingen vast.",
        "en": "Site walk {id} has been saved. Record its findings below.",
    },
    "sw_not_saved": {"nl": "Niet opgeslagen:", "en": "Not saved:"},
    # recording a finding
    "sw_new_finding": {"nl": "Nieuwe bevinding bij deze schouw", "en": "New finding of this walk"},
    "sw_place_help": {
        "nl": "Tik op de kaart waar de bevinding is, of gebruik de knop 'mijn locatie' of de plaats uit een foto.",
        "en": "Tap the map where the finding is, or use the 'my location' button or the position of a photo.",
    },
    "sw_no_place": {"nl": "Nog geen plaats gekozen.", "en": "No place chosen yet."},
    "sw_place": {"nl": "Plaats: RD {x}, {y}", "en": "Place: RD {x}, {y}"},
    "sw_photos": {
        "nl": "Foto's (JPEG of PNG, hoogstens {n}; locatiegegevens worden verwijderd voor wie ze ziet)",
        "en": "Photos (JPEG or PNG, at most {n}; location data are removed for those who see them)",
    },
    "sw_category": {"nl": "Soort bevinding", "en": "Kind of finding"},
    "sw_note": {"nl": "Opmerking", "en": "Note"},
    "sw_save_finding": {"nl": "Bevinding opslaan", "en": "Save the finding"},
    "sw_finding_saved": {"nl": "Bevinding {id} is opgeslagen.", "en": "Finding {id} has been saved."},
    # converting
    "sw_conv_title": {"nl": "Omzetten in een dumpingmelding", "en": "Turn into a dumping report"},
    "sw_conv_help": {
        "nl": "De melding krijgt de plaats van de bevinding, de datum van de schouw en de opmerking.",
        "en": "The report gets the finding's place, the walk's date and the note.",
    },
    "sw_conv_button": {"nl": "Dumpingmelding maken", "en": "Make the dumping report"},
    "sw_conv_duplicates": {
        "nl": "Op deze plek is al een open melding ({ids}). Is het een andere plek, sla dan toch op.",
        "en": "There is an open report at this spot already ({ids}). If it is another site, save anyway.",
    },
    "sw_conv_anyway": {"nl": "Toch als nieuwe melding opslaan", "en": "Save as a new report anyway"},
    "sw_conv_done": {
        "nl": "Bevinding {fid} is omgezet in dumpingmelding {id}.",
        "en": "Finding {fid} has become dumping report {id}.",
    },
    "sw_conv_barn": {"nl": "Schuur vastleggen", "en": "Record as a barn"},
    "sw_conv_barn_help": {
        "nl": "Legt een leegstaande schuur vast op de plaats van de bevinding (status geregistreerd; de notitie "
        "wordt de risiconotitie). Adres en eigenaar vult u later aan op de kaart of via een import.",
        "en": "Records a vacant barn at the finding's place (status registered; the note becomes the risk note). "
        "Add the address and owner later.",
    },
    "sw_conv_barn_done": {
        "nl": "Bevinding {fid} is vastgelegd als schuur {id}.",
        "en": "Finding {fid} has been recorded as barn {id}.",
    },
}
