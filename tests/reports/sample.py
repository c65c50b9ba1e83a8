"""A report with every block kind, hostile text and hidden counts, shared by the DOCX and PDF tests."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from gis.reports.document import (
    HIDDEN,
    HIDDEN_SURVEY,
    Bullets,
    Figure,
    Note,
    Paragraph,
    ReportDocument,
    Section,
    Table,
)

HOSTILE = "<script>alert('x')</script> <b>vet</b> &amp; \x00\x07\x1b[31m\x0b\ufffe \u202eomgekeerd"
LONG_WORD = "Drugsafvaldumpingsonderzoeksrapportage" * 8  # 304 characters without a space
SURVEY_ROWS = [
    ["Agrariër", 60, 0.233, "15–33%"],
    ["Bewoner", 120, 0.083, "4–15%"],
    ["Ondernemer", HIDDEN_SURVEY, None, None],
]
LONG_ROWS = [[f"Maand {i:03d}", HIDDEN if i % 4 == 0 else 5 + i, 1234.5678 * i, None] for i in range(1, 131)]


def png(width: int = 600, height: int = 300, colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def sample_document(is_demo: bool = True) -> ReportDocument:
    return ReportDocument(
        title="Veiligheidsanalyse Gebied Oost",
        subtitle="0-meting " + HOSTILE,
        area_name="Gebied Oost (Berkelland)",
        period_text="1 januari 2025 – 31 december 2025",
        generated_on=date(2026, 3, 14),
        is_demo=is_demo,
        sections=(
            Section(
                "Samenvatting",
                (
                    Paragraph("In 2025 werden 14 dumpingen gemeld, 2,3 keer het regiogemiddelde per hectare."),
                    Paragraph(f"Open antwoord: {HOSTILE} {LONG_WORD}"),
                    Bullets(["Dumpingen vooral langs zandwegen", f"Gevaarlijk: {HOSTILE}"]),
                    Note("Methode: aantallen onder 5 worden getoond als <5."),
                ),
            ),
            Section(
                "Enquête",
                (
                    Table(
                        "Tabel 1. Benaderd door criminelen per groep",
                        ["Groep", "Respondenten", "Aandeel", "95%-interval"],
                        SURVEY_ROWS,
                        numeric={1, 2, 3},
                        note="Groepen onder 10 respondenten: geen percentages.",
                        decimals={2: 3},
                    ),
                ),
                level=2,
            ),
            Section(
                "Dumpingen per maand",
                (
                    Table(
                        "Tabel 2. Dumpingen per maand",
                        ["Maand", "Aantal", "Per 1.000 ha", "Opmerking"],
                        LONG_ROWS,
                        numeric={1, 2},
                        note="Bron: demodata.",
                    ),
                ),
            ),
            Section(
                "Kaarten en grafieken",
                (
                    Figure("Figuur 1. Het gebied", png(), 30.0),
                    Figure("Figuur 2. Trend " + HOSTILE, png(400, 400, "orange"), 8.0),
                    Note("Onthullingscontrole: cellen onder 5 verborgen."),
                ),
            ),
        ),
    )


HEADINGS = ("Samenvatting", "Enquête", "Dumpingen per maand", "Kaarten en grafieken")
