"""Interface text for the Aantallen page (choropleth, charts, tables): Dutch and English."""

COUNTS_TEXT: dict[str, dict[str, str]] = {
    "cnt_geography": {"nl": "Indeling", "en": "Division"},
    "cnt_layer": {"nl": "Kaartlaag", "en": "Map layer"},
    "cnt_rate": {"nl": "Per 1.000 ha", "en": "Per 1,000 ha"},
    "cnt_rate_col": {"nl": "{layer} per 1.000 ha", "en": "{layer} per 1,000 ha"},
    "cnt_area": {"nl": "Oppervlakte (ha)", "en": "Area (ha)"},
    "cnt_legend_title": {"nl": "{layer} per 1.000 ha", "en": "{layer} per 1,000 ha"},
    "cnt_hidden_legend": {"nl": "{hidden} (verborgen)", "en": "{hidden} (hidden)"},
    "cnt_map_note": {
        "nl": "Aantal in de selectie gedeeld door de oppervlakte van de gemeente of het gebied (uit de grenzen). "
        "Gearceerd: minder dan 5, voor uw rol verborgen; daar wordt geen dichtheid berekend.",
        "en": "Count in the selection divided by the area of the municipality or area (from the boundaries). "
        "Hatched: fewer than 5, hidden for your role; no rate is computed there.",
    },
    "cnt_region_note": {
        "nl": "Alleen de gemeenten van Gelderland en Overijssel; meldingen net buiten de regio tellen niet mee.",
        "en": "Only the municipalities of Gelderland and Overijssel; reports just outside the region are not counted.",
    },
    "cnt_table": {"nl": "Tabel", "en": "Table"},
    "cnt_months": {"nl": "Per maand", "en": "Per month"},
    "cnt_month_chart_note": {
        "nl": "Elke laag heeft een eigen schaal. Grijs streepje: minder dan 5, verborgen.",
        "en": "Each layer has its own scale. Grey tick: fewer than 5, hidden.",
    },
    "cnt_download_xlsx": {"nl": "Download Excel", "en": "Download Excel"},
    "cnt_count": {"nl": "Aantal", "en": "Count"},
    "cnt_no_areas": {"nl": "Er zijn nog geen PPS-gebieden.", "en": "There are no PPS areas yet."},
}
