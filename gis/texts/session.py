"""Interface text for the sign-in page, the session cookie, the language and the page shell: Dutch and English."""

SESSION_TEXT: dict[str, dict[str, str]] = {
    "sh_product": {"nl": "Veilig Buitengebied", "en": "Veilig Buitengebied (Safe Countryside)"},
    "sh_partnership": {"nl": "KIEK UUT", "en": "KIEK UUT"},
    "sh_what": {
        "nl": "De gedeelde kaart van de publiek-private samenwerking KIEK UUT Veilig Buitengebied in "
        "Oost-Nederland: leegstaande schuren, drugsafvaldumpingen, incidenten en PPS-gebieden op één kaart, "
        "voor gemeenten, politie, RIEC, brandweer, omgevingsdienst en agrariërs samen.",
        "en": "The shared map of the KIEK UUT Veilig Buitengebied public-private partnership in the eastern "
        "Netherlands: vacant barns, drug-waste dumpings, incidents and partnership areas on one map, for "
        "municipalities, police, RIEC, fire brigade, environmental service and farmers together.",
    },
    # Streamlit's own widget texts, shown in Dutch by CSS (gis.ui.streamlit_nl)
    "sh_drop": {"nl": "Sleep een bestand hierheen", "en": "Drag and drop file here"},
    "sh_drop_many": {"nl": "Sleep bestanden hierheen", "en": "Drag and drop files here"},
    "sh_limit": {"nl": "Maximaal {mb} MB per bestand", "en": "Limit {mb}MB per file"},
    "sh_browse": {"nl": "Bestand kiezen", "en": "Browse files"},
    "sh_select_all": {"nl": "Alles selecteren", "en": "Select all"},
    "sh_select_matches": {"nl": "Alle treffers selecteren", "en": "Select all matches"},
}
