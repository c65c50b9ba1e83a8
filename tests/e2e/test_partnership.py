"""The partnership and the Keurmerk in a real browser, as the coordinator: a NEW area on the demo goes from
"samenstelling deelnemers" to "klaar voor audit". The steps with pages of their own (boundary, survey, schouw,
0-meting, measures, plan) are written through the store before the app starts (other browser tests cover those
pages); the partnership steps (participants, objective and agreements, declaration and covenant signed) are done
on the Samenwerking page. Then the Keurmerk page shows the new stage, the audit ZIP is downloaded (its index lists
every item) and the regional overview shows the area. One screenshot at phone width."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.common import PHONE, RERUN_MS, Page, expect, goto_signed_in, no_injected_image, wait_for_idle
from tests.e2e.conftest import ARTIFACTS, running_app, server_log

COORDINATOR = "Coördinator (gemeente)"
AREA = "Kiek Uut <i>Proef</i>"  # typed by a user: must show as text
SLOW_MS = 120_000
WIDE = {"width": 1280, "height": 1000}
_BAD = re.compile(r"Traceback|Exception|\bError\b|Deferred file", re.I)


def _area_with_analysis_and_plan(db: Path) -> int:
    """A new area with its boundary (A1), survey, schouw and 0-meting (B1), chosen measures (B2) and their plan
    with an objective (B3): the steps that have pages of their own."""
    from gis.store import open_store
    from tests.partnership import build

    store = open_store(str(db))
    try:
        area = build.to_a1(store, AREA)
        build.to_b1(store, area)
        build.to_b3(store, area, build.to_b2(store, area))
        return area
    finally:
        store.close()


@pytest.fixture(scope="module")
def partnership_app(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[str]:
    """An app of this module alone on its own demo copy with the new area."""
    tmp = tmp_path_factory.mktemp("e2e-partnership")
    db = tmp / "partnership.duckdb"
    shutil.copy(seeded_db, db)
    _area_with_analysis_and_plan(db)  # before the app opens the file (DuckDB: one process at a time)
    with running_app(tmp, db) as url:
        yield url


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"partnership_{name}.png"), full_page=True)


def _choose(page: Page, scope: Any, label: str, option: str) -> None:
    """Pick ``option`` in the select box ``label`` once the page is idle; a list that a late rerun redrew
    (the option detached) is opened again."""
    for attempt in range(3):
        wait_for_idle(page)
        scope.get_by_role("combobox", name=label).first.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except Exception:  # the list was redrawn under the click
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    if page.get_by_role("listbox").count():  # a multiselect stays open after a choice
        page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_have_count(0, timeout=RERUN_MS)  # closed: it would catch the next click
    wait_for_idle(page)


def _area(page: Page) -> None:
    _choose(page, page, "PPS-gebied", AREA)
    expect(page.get_by_role("combobox", name="PPS-gebied")).to_have_value(AREA)


def _tab(page: Page, name: str) -> Any:
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    wait_for_idle(page)
    return page.locator('[role="tabpanel"]:visible')


def _form(page: Page, panel: Any, expander: str, button: str) -> Any:
    """The visible form with ``button``, opening its expander first when it is closed."""
    form = panel.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name=button, exact=True))
    if not form.is_visible():
        panel.get_by_text(expander, exact=True).click()
    expect(form).to_be_visible(timeout=RERUN_MS)
    return form


def _saved(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)


def _stage(page: Page, url: str, stage: str) -> None:
    page.goto(f"{url}/keurmerk")
    _area(page)
    panel = _tab(page, "Voortgang")
    expect(panel.get_by_text(f"Fase: {stage}")).to_be_visible(timeout=SLOW_MS)


def _participants(page: Page) -> None:
    panel = _tab(page, "Deelnemers")
    for name, kind in (("Gemeente Berkelland", "gemeente"), ("Politie Oost-Nederland", "politie"),
                       ("LTO Noord", "agrarische organisatie (LTO)")):  # fmt: skip
        form = _form(page, panel, "Organisatie toevoegen", "Organisatie opslaan")
        form.get_by_label("Organisatie", exact=True).fill(name)
        _choose(page, form, "Soort organisatie", kind)
        form.get_by_role("button", name="Organisatie opslaan").click()
        _saved(page, f"{name} is opgeslagen als deelnemer.")
    expect(panel.get_by_text("Nog geen deelnemende organisaties.")).to_have_count(0)


def _agreements(page: Page) -> None:
    panel = _tab(page, "Doelen en afspraken")
    for kind, text in (("doel", "Minder drugsafval in bermen"), ("besluitvorming", "Besluiten bij meerderheid"),
                       ("interne communicatie", "Elke maand een overleg")):  # fmt: skip
        form = _form(page, panel, "Doel of afspraak toevoegen", "Opslaan")
        _choose(page, form, "Soort", kind)
        form.get_by_label("Tekst").fill(text)
        form.get_by_label("Tekst").press("Tab")
        wait_for_idle(page)
        form.get_by_role("button", name="Opslaan").click()
        _saved(page, "is opgeslagen.")


def _sign(page: Page, document: str, party: str) -> None:
    panel = _tab(page, "Intentieverklaring en convenant")
    form = _form(page, panel, "Ondertekening vastleggen", "Ondertekening opslaan")
    _choose(page, form, "Document", document)
    _choose(page, form, "Partij", party)
    form.get_by_role("button", name="Ondertekening opslaan").click()
    _saved(page, f"ondertekening door {party}")


def _declaration(page: Page) -> None:
    panel = _tab(page, "Intentieverklaring en convenant")
    panel.get_by_role("button", name="Concept-intentieverklaring maken").click()  # built in the page run
    button = panel.get_by_role("button", name="Concept-intentieverklaring (DOCX)")
    expect(button).to_be_visible(timeout=SLOW_MS)
    with page.expect_download(timeout=SLOW_MS) as info:
        button.click()
    from docx import Document

    doc = Document(info.value.path())
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "Gemeente Berkelland" in text and "Politie Oost-Nederland" in text


def _audit_zip(page: Page) -> None:
    panel = _tab(page, "Auditdossier")
    button = panel.get_by_role("button", name="Auditdossier als ZIP (met PDF-index)")
    expect(button).to_be_visible(timeout=SLOW_MS)
    with page.expect_download(timeout=SLOW_MS) as info:
        button.click()
    from gis.partnership.audit_file import ITEMS
    from tests.pdf_text import pdf_text

    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    index = " ".join(pdf_text(archive.read("00_index.pdf")).split())
    for title, *_ in ITEMS.values():
        assert " ".join(title.split()) in index, title
    _shot(page, "audit")
    assert "Gemeente Berkelland" in " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                                             if n.endswith(".csv"))  # fmt: skip


def _overview(page: Page) -> None:
    panel = _tab(page, "Regionaal overzicht")
    expect(panel.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=SLOW_MS)
    _choose(page, panel, "Fase", "klaar voor audit")
    # the grid draws on a canvas; its cells are kept (hidden) in the DOM for screen readers
    cells = panel.locator('[data-testid="stDataFrame"] td[role="gridcell"]')
    expect(cells.filter(has_text=AREA)).to_have_count(1, timeout=RERUN_MS)
    expect(panel.locator('[data-testid="stDataFrame"] #glide-cell-1-0')).to_have_text("klaar voor audit")
    expect(panel.locator('[data-testid="stDataFrame"] #glide-cell-0-0')).to_have_text(AREA)


@pytest.mark.parametrize("viewport", [WIDE])
def test_new_area_to_ready_for_audit(page: Page, partnership_app: str) -> None:
    goto_signed_in(page, f"{partnership_app}/keurmerk", COORDINATOR)
    _stage(page, partnership_app, "samenstelling deelnemers")
    page.goto(f"{partnership_app}/samenwerking")
    _area(page)
    _participants(page)
    _agreements(page)
    _declaration(page)
    for party in ("Gemeente Berkelland", "Politie Oost-Nederland", "LTO Noord"):
        _sign(page, "intentieverklaring", party)
    _stage(page, partnership_app, "convenant")
    page.goto(f"{partnership_app}/samenwerking")
    _area(page)
    for party in ("Gemeente Berkelland", "Politie Oost-Nederland"):
        _sign(page, "convenant", party)
    _stage(page, partnership_app, "klaar voor audit")
    _shot(page, "progress")
    _audit_zip(page)
    _overview(page)
    _shot(page, "overview")
    page.set_viewport_size(PHONE)
    _tab(page, "Voortgang")
    expect(page.get_by_text("Fase: klaar voor audit")).to_be_visible(timeout=SLOW_MS)
    _shot(page, "phone")
    no_injected_image(page)
    assert not _BAD.findall(server_log(partnership_app)), server_log(partnership_app)[-3000:]
