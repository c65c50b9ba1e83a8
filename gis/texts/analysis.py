"""Interface text for the Analyse page (safety analysis, step B1): the page frame and the profile tab."""

ANALYSIS_TEXT: dict[str, dict[str, str]] = {
    "nav_analysis": {"nl": "Analyse", "en": "Analysis"},
    # a soft hyphen: on a phone the long word breaks as "Veiligheids-/analyse" instead of running off the screen
    "an_title": {"nl": "Veiligheids\u00adanalyse", "en": "Safety analysis"},
    "an_area": {"nl": "PPS-gebied", "en": "PPS area"},
    "an_no_areas": {
        "nl": "Er is nog geen PPS-gebied (binnen uw werkgebied). Teken eerst een gebied op de pagina Gebieden.",
        "en": "There is no PPS area (within your working area) yet. Draw one first on the Areas page.",
    },
    "an_period": {"nl": "Periode", "en": "Period"},
    "an_all_data": {"nl": "Alle gegevens", "en": "All data"},
    "an_year": {"nl": "Jaar {year}", "en": "Year {year}"},
    "an_tab_profile": {"nl": "Gebiedsprofiel", "en": "Area profile"},
    "an_tab_survey": {"nl": "Enquête", "en": "Survey"},
    "an_tab_schouw": {"nl": "Schouw", "en": "Site walk"},
    "an_tab_measure": {"nl": "Metingen", "en": "Measurements"},
    "an_tab_report": {"nl": "Rapport", "en": "Report"},
    "an_profile_busy": {"nl": "Gebiedsprofiel berekenen…", "en": "Computing the area profile…"},
    "an_profile_region": {
        "nl": "Vergeleken met de gemeente {municipality} (waar het grootste deel van het gebied ligt), de rest van "
        "de regio (de gemeenten van Gelderland en Overijssel zonder dit gebied) en het gemiddelde van de andere "
        "PPS-gebieden. Verhouding: aantal per hectare in het gebied gedeeld door dat in de rest van de regio, met "
        "het exacte 95%-betrouwbaarheidsinterval (Poisson).",
        "en": "Compared with the municipality of {municipality} (where most of the area lies), the rest of the "
        "region (the municipalities of Gelderland and Overijssel without this area) and the mean of the other PPS "
        "areas. Ratio: count per hectare in the area divided by that in the rest of the region, with the exact "
        "95% confidence interval (Poisson).",
    },
    "an_profile_note": {
        "nl": "<5 of lege cel: voor uw rol verborgen (minder dan 5; voor het gebied: de vakken van 1 km die u ziet "
        "tellen samen minder dan 5, het werkelijke aantal kan hoger zijn) of niet te berekenen. Schuren hebben geen "
        "datum: zij tellen zoals ze nu geregistreerd zijn.",
        "en": "<5 or empty cell: hidden for your role (fewer than 5; for the area: the 1 km cells you see add up to "
        "fewer than 5, the real number can be higher) or not computable. Barns have no date: they count as "
        "registered now.",
    },
    "an_per_month": {"nl": "{what} per maand", "en": "{what} per month"},
    "an_per_year": {"nl": "{what} per jaar", "en": "{what} per year"},
    "an_rest_region": {"nl": "Rest van de regio", "en": "Rest of the region"},
    "an_other_areas": {"nl": "Andere PPS-gebieden (gemiddeld)", "en": "Other PPS areas (mean)"},
    "an_rate_axis": {"nl": "Aantal per 1.000 ha", "en": "Count per 1,000 ha"},
    "an_rates_title": {"nl": "Per 1.000 ha: gebied en omgeving", "en": "Per 1,000 ha: the area and around it"},
    "an_col_laag": {"nl": "Laag", "en": "Layer"},
    "an_col_indeling": {"nl": "Indeling", "en": "Breakdown"},
    "an_col_waarde": {"nl": "Waarde", "en": "Value"},
    "an_col_gebied": {"nl": "Gebied", "en": "Area"},
    "an_col_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "an_col_regio": {"nl": "Regio", "en": "Region"},
    "an_col_gebied_per_1000_ha": {"nl": "Gebied per 1.000 ha", "en": "Area per 1,000 ha"},
    "an_col_gemeente_per_1000_ha": {"nl": "Gemeente per 1.000 ha", "en": "Municipality per 1,000 ha"},
    "an_col_rest_regio_per_1000_ha": {"nl": "Rest regio per 1.000 ha", "en": "Rest of region per 1,000 ha"},
    "an_col_andere_gebieden_per_1000_ha": {"nl": "Andere gebieden per 1.000 ha", "en": "Other areas per 1,000 ha"},
    "an_col_verhouding": {"nl": "Verhouding met rest regio", "en": "Ratio to rest of region"},
    "an_col_verhouding_95_laag": {"nl": "95% van", "en": "95% from"},
    "an_col_verhouding_95_hoog": {"nl": "95% tot", "en": "95% to"},
    "an_col_gebied_per_1000_bedrijven": {"nl": "Gebied per 1.000 bedrijven", "en": "Area per 1,000 farms"},
    "an_col_gebied_per_1000_inwoners": {"nl": "Gebied per 1.000 inwoners", "en": "Area per 1,000 residents"},
    "an_denominators": {
        "nl": "Bedrijven, inwoners en postcodes van het gebied",
        "en": "The area's farms, residents and postcodes",
    },
    "an_denominators_help": {
        "nl": "Vul in hoeveel agrarische bedrijven en inwoners het gebied telt (bijvoorbeeld uit het KvK-register of "
        "de CBS-kerncijfers per buurt); de tabel toont dan ook aantallen per 1.000 bedrijven en per 1.000 inwoners.",
        "en": "Enter how many farms and residents the area has (e.g. from the chamber-of-commerce register or the CBS "
        "neighbourhood figures); the table then also shows counts per 1,000 farms and per 1,000 residents.",
    },
    "an_farms": {"nl": "Agrarische bedrijven", "en": "Farms"},
    "an_residents": {"nl": "Inwoners", "en": "Residents"},
    "an_postcodes": {"nl": "Postcodes van het gebied (4 cijfers)", "en": "The area's postcodes (4 digits)"},
    "an_postcodes_help": {
        "nl": "Bijvoorbeeld 7151, 7152, 7156. Enquêteantwoorden met een andere postcode worden dan bij het inlezen "
        "geweigerd (per rij genoemd).",
        "en": "For example 7151, 7152, 7156. Survey answers with another postcode are then refused on import "
        "(named per row).",
    },
    "an_denominators_save": {"nl": "Aantallen opslaan", "en": "Save the numbers"},
    "an_denominators_saved": {"nl": "Aantallen opgeslagen.", "en": "Numbers saved."},
}
