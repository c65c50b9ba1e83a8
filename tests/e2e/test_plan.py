"""The Plan van aanpak page in a real browser, as the coordinator on the demo, with two measures already chosen
in the area (made through the store at set-up; the Maatregelen page's own test picks and places them): owners
and dates assigned on the Plan tab, "uitgevoerd" refused without evidence, a small PNG uploaded as evidence, the
measure then marked done; the schedule shows both; the plan downloaded as DOCX (names the area and both
measures) and PDF. One screenshot at phone width. The server log stays clean."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.e2e.common import PHONE, RERUN_MS, Page, choose, expect, goto_signed_in, no_injected_image, wait_for_idle
from tests.e2e.conftest import ARTIFACTS, running_app, server_log

COORDINATOR = "Coördinator (gemeente)"
SLOW_MS = 120_000
OWN_TITLE = "Buurtapp <b>Oost</b>"  # typed by a user: shown as text, never as markup
_BAD = re.compile(r"Traceback|Exception|\bError\b|Deferred file", re.I)


def _prepare(db: Path) -> dict[str, Any]:
    """Two chosen measures (a catalogue one and an own one) in the coordinator's first area, before the app
    opens the file (DuckDB: one process at a time)."""
    from gis import auth
    from gis.store import open_store
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_page import areas_for

    store = open_store(str(db))
    try:
        auth.ensure_demo_accounts(store)
        areas = areas_for(GuardedStore(store, auth.demo_sign_in(store, "demo-coordinator").principal))
        area_id, name = int(areas["id"].iloc[0]), str(areas["name"].iloc[0])
        catalogue = store.measure_catalogue()
        first = catalogue.iloc[0]
        ids = [store.add_area_measure(area_id, str(first["code"]), "e2e", decision="gekozen"),
               store.add_area_measure(area_id, None, "e2e", title=OWN_TITLE, decision="gekozen")]  # fmt: skip
        return {"area_id": area_id, "area": name, "ids": ids, "names": [str(first["name"]), OWN_TITLE]}
    finally:
        store.close()


@pytest.fixture(scope="module")
def plan_app(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """An app of this module alone on its own demo copy with the two chosen measures."""
    tmp = tmp_path_factory.mktemp("e2e-plan")
    db = tmp / "plan.duckdb"
    shutil.copy(seeded_db, db)
    prepared = _prepare(db)
    with running_app(tmp, db) as url:
        yield url, prepared


def _tab(page: Page, name: str) -> Any:
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    return page.locator('[role="tabpanel"]:visible')


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"plan_{name}.png"), full_page=True)


def _png(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (40, 120, 60)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def _plan_form(page: Page, measure_id: int) -> Any:
    form = page.locator(f'[data-testid="stForm"]:has([class*="st-key-pl_rep_{measure_id}_"])')
    expect(form).to_have_count(1, timeout=RERUN_MS)
    return form


def _choose(form: Any, page: Page, label: str, option: str) -> None:
    choose(page, label, option, scope=form)


def _date(form: Any, page: Page, label: str, value: str) -> None:
    """Type ``dd-mm-jjjj`` into a date field (segments for day, month and year that move on as one types)."""
    group = form.get_by_role("group", name=label, exact=True)
    group.get_by_role("spinbutton").first.click()
    page.keyboard.type(value.replace("-", ""))
    page.keyboard.press("Tab")
    assert re.sub(r"\s", "", group.inner_text()) == value, group.inner_text()


def _plan(page: Page, measure_id: int, partner: str, rep: str, start: str, end: str, status: str) -> None:
    form = _plan_form(page, measure_id)
    _choose(form, page, "Verantwoordelijke partner", partner)
    form.get_by_label("Vertegenwoordiger").fill(rep)
    _date(form, page, "Begin", start)
    _date(form, page, "Einde", end)
    _choose(form, page, "Status", status)
    form.get_by_role("button", name="Planning opslaan").click()


def _evidence(page: Page, measure_id: int, png: Path) -> None:
    form = page.locator(f'[data-testid="stForm"]:has([class*="st-key-pl_ev_note_{measure_id}_"])')
    expect(form).to_have_count(1, timeout=RERUN_MS)
    _choose(form, page, "Soort bewijs", "foto")
    form.get_by_label("Notitie").fill("Slagboom geplaatst aan de Veldweg")
    form.get_by_label("Notitie").press("Tab")
    form.locator("input[type=file]").set_input_files(str(png))
    expect(form.get_by_text(png.name)).to_be_visible(timeout=RERUN_MS)
    form.get_by_role("button", name="Bewijs toevoegen").click()
    expect(page.get_by_text(re.compile(r"Bewijs \d+ is vastgelegd"))).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)


def _download(page: Page, panel: Any, label: str) -> Any:
    button = panel.get_by_role("button", name=label)
    expect(button).to_be_enabled(timeout=RERUN_MS)
    with page.expect_download(timeout=SLOW_MS) as info:
        button.click()
    download = info.value
    assert download.failure() is None
    return download


def _docx_text(path: str) -> str:
    from docx import Document

    doc = Document(path)
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_coordinator_plans_two_measures_and_downloads_the_plan(
    page: Page, plan_app: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    url, prep = plan_app
    first, second = prep["ids"]
    goto_signed_in(page, f"{url}/plan", COORDINATOR)
    expect(page.get_by_role("combobox", name="PPS-gebied")).to_have_value(prep["area"], timeout=SLOW_MS)
    _tab(page, "Plan")
    _plan(page, first, "gemeente", "J. de Vries", "01-03-2026", "30-06-2026", "lopend")
    expect(page.get_by_text(re.compile(r"Maatregel '.*' is bijgewerkt"))).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    _plan(page, second, "politie", "wijkagent Oost", "01-04-2026", "31-12-2026", "uitgevoerd")
    expect(page.get_by_text(re.compile(r"kan pas 'uitgevoerd' zijn"))).to_be_visible(timeout=RERUN_MS)  # no evidence
    wait_for_idle(page)
    _plan(page, second, "politie", "wijkagent Oost", "01-04-2026", "31-12-2026", "lopend")
    expect(page.get_by_text(re.compile(r"Maatregel 'Buurtapp .*' is bijgewerkt"))).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    _evidence(page, first, _png(tmp_path / "slagboom.png"))
    _plan(page, first, "gemeente", "J. de Vries", "01-03-2026", "30-06-2026", "uitgevoerd")
    expect(page.get_by_text(re.compile(r"Maatregel '.*' is bijgewerkt"))).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    evidence = page.get_by_role("button", name=re.compile(r"slagboom\.png downloaden"))
    expect(evidence).to_be_visible()
    evidence.scroll_into_view_if_needed()
    expect(page.get_by_text(OWN_TITLE).first).to_be_visible()  # the own title as typed, not as bold markup
    _shot(page, "plan")
    panel = _tab(page, "Planning")
    expect(panel.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=RERUN_MS)
    expect(panel.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    wait_for_idle(page)
    _shot(page, "planning")
    panel = _tab(page, "Exporteren")
    docx = _download(page, panel, "Plan als Word (DOCX)")
    assert re.fullmatch(r"plan_van_aanpak_[A-Za-z0-9_]+_\d{4}-\d{2}-\d{2}\.docx", docx.suggested_filename)
    text = _docx_text(str(docx.path()))
    assert prep["area"] in text
    assert all(name in text for name in prep["names"]), prep["names"]
    pdf = _download(page, panel, "Plan als PDF")
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(str(pdf.path())).read_bytes().startswith(b"%PDF-")
    _shot(page, "export")
    no_injected_image(page)
    page.set_viewport_size(PHONE)
    _tab(page, "Plan")
    wait_for_idle(page)
    _shot(page, "phone")
    lines = server_log(url).splitlines()
    bad = [i for i, line in enumerate(lines) if _BAD.search(line)]
    assert not bad, "\n".join(lines[bad[0] : bad[0] + 60])
