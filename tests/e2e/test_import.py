"""The Importeren page in a real browser: upload a police CSV, see the refused rows, store, undo."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.common import FIRST_LOAD_MS, RERUN_MS, Page, expect, goto_signed_in, no_injected_image

CSV = (
    "Zaaknummer;Pleegdatum;Soort incident;X-coördinaat;Y-coördinaat\n"
    "E2E-1;01-03-2026;hennepkwekerij;226500;470500\n"
    "E2E-2;31-02-2026;hennepkwekerij;226600;470600\n"
    "E2E-3;02-03-2026;<img src=x onerror=alert(1)>;226700;470700\n"
)


def test_upload_check_store_and_undo(page: Page, module_app_url: str, tmp_path: Path) -> None:
    csv = tmp_path / "politie_e2e.csv"
    csv.write_text(CSV, encoding="utf-8")
    goto_signed_in(page, f"{module_app_url}/importeren")
    expect(page.get_by_role("heading", name="Gegevens van partners inlezen")).to_be_visible(timeout=FIRST_LOAD_MS)
    page.locator("input[type=file]").set_input_files(str(csv))
    expect(page.get_by_role("heading", name="Kolommen koppelen")).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_text("Coördinaten herkend als RD New")).to_be_visible()
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="Controle: 2 rijen goed, 1 rijen geweigerd")).to_be_visible(
        timeout=RERUN_MS
    )
    page.get_by_role("button", name="2 goede rijen opslaan").click()
    expect(page.get_by_text("opgeslagen: 2 rijen ingelezen, 1 geweigerd.")).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_role("heading", name="Ingelezen partijen")).to_be_visible()
    page.get_by_text("Ik weet het zeker").click()
    page.get_by_role("button", name="Terugdraaien (alle rijen van deze partij verwijderen)").click()
    expect(page.get_by_text("is teruggedraaid: 2 rijen verwijderd.")).to_be_visible(timeout=RERUN_MS)
    no_injected_image(page)
