"""The Analyse page in a real browser, as the coordinator: the area profile (sentences and table); a survey file
read in and its results; a site walk with two findings placed by a tap on the map; a 0-meting frozen; the report
downloaded as DOCX (it opens and names the area). The server log stays clean throughout."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.common import RERUN_MS, Page, choose, expect, goto_signed_in, no_injected_image, wait_for_idle
from tests.e2e.conftest import ARTIFACTS, running_app, server_log

COORDINATOR = "Coördinator (gemeente)"
N_RESPONDENTS = 12
SLOW_MS = 120_000  # the first view of the page computes the profile and the hotspot map
_BAD = re.compile(r"Traceback|Exception|\bError\b|Deferred file", re.I)


def _first_area(db: Path) -> tuple[int, str]:
    """The area the Analyse page opens on for the coordinator (the first it may analyse, by name)."""
    from gis import auth
    from gis.store import open_store
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_page import areas_for

    store = open_store(str(db))
    try:
        auth.ensure_demo_accounts(store)
        principal = auth.demo_sign_in(store, "demo-coordinator").principal
        areas = areas_for(GuardedStore(store, principal))
        return int(areas["id"].iloc[0]), str(areas["name"].iloc[0])
    finally:
        store.close()


def _survey_csv(area_id: int, path: Path) -> None:
    """A CSV of ``N_RESPONDENTS`` valid farmers' answers for ``area_id``, as the Excel template's columns."""
    from gis.analysis.survey import AGRARIERS
    from gis.analysis.survey_template import responses_frame
    from gis.privacy.survey import SurveyDisclosure
    from tests.analysis.survey_factory import make_responses

    responses = [
        replace(r, area_id=area_id, postcode4=None, respondent_ref=f"E2E-{r.respondent_ref}")
        for r in make_responses(["agrariër"] * N_RESPONDENTS, seed=5)
    ]
    frame = responses_frame(responses, AGRARIERS, SurveyDisclosure(open_answers=True, small_counts=False))
    out = io.StringIO()
    frame.to_csv(out, sep=";", index=False)
    path.write_bytes(out.getvalue().encode("utf-8"))


@pytest.fixture(scope="module")
def analysis_app(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[tuple[str, int, str]]:
    """An app of this module alone on its own demo copy; yields its URL and the coordinator's first area."""
    tmp = tmp_path_factory.mktemp("e2e-analysis")
    db = tmp / "analysis.duckdb"
    shutil.copy(seeded_db, db)
    area_id, area_name = _first_area(db)  # before the app opens the file (DuckDB: one process at a time)
    with running_app(tmp, db) as url:
        yield url, area_id, area_name


def _tab(page: Page, name: str) -> None:
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def _panel(page: Page) -> Any:
    """The tab panel that is shown (st.tabs keeps every tab's content in the page)."""
    return page.locator('[role="tabpanel"]:visible')


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"analysis_{name}.png"), full_page=True)


def _profile(page: Page) -> None:
    panel = _panel(page)
    expect(panel.get_by_text(re.compile(r"dumping", re.I)).first).to_be_visible(timeout=SLOW_MS)
    expect(panel.locator('[data-testid="stDataFrame"], [data-testid="stTable"]').first).to_be_visible(timeout=SLOW_MS)
    expect(panel.locator("li").first).to_be_visible()  # the summary sentences are a list
    assert len(panel.locator("li").all_inner_texts()) >= 3


def _survey(page: Page, area_id: int, area_name: str, tmp: Path) -> None:
    _tab(page, "Enquête")
    panel = _panel(page)
    panel.get_by_text("Bestand inlezen", exact=True).click()
    upload = panel.locator(".st-key-sv_upload_0 input[type=file]")
    expect(upload).to_have_count(1, timeout=RERUN_MS)
    csv = tmp / "antwoorden_e2e.csv"
    _survey_csv(area_id, csv)
    upload.set_input_files(str(csv))
    expect(panel.get_by_text(f"{N_RESPONDENTS} respondenten gelezen zonder problemen")).to_be_visible(timeout=RERUN_MS)
    store = panel.get_by_role("button", name=f"{N_RESPONDENTS} respondenten opslaan")
    expect(store).to_be_visible()
    wait_for_idle(page)
    store.click()
    expect(panel.get_by_text(f"{N_RESPONDENTS} respondenten ingelezen uit")).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    panel.get_by_text("Resultaten", exact=True).click()
    expect(panel.get_by_text(f"Respondenten in {area_name}: {N_RESPONDENTS}")).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    share = rf"In {re.escape(area_name)}: \d+ van de {N_RESPONDENTS} agrariërs \(\d+%, 95%: \d+–\d+%\)"
    expect(panel.get_by_text(re.compile(share))).to_be_visible()  # a share and its interval
    expect(panel.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    _shot(page, "survey_results")


def _tap_finding_map(page: Page, at: tuple[float, float]) -> str:
    """Tap the new-finding map at a fraction ``at`` of its size; returns the place the page then shows."""
    iframe = page.locator(".st-key-sw_new_finding iframe")
    expect(iframe).to_have_count(1, timeout=RERUN_MS)
    iframe.scroll_into_view_if_needed()
    canvas = page.frame_locator(".st-key-sw_new_finding iframe").locator("#map_div")
    expect(canvas).to_be_visible(timeout=RERUN_MS)
    box = canvas.bounding_box()
    assert box is not None
    canvas.click(position={"x": box["width"] * at[0], "y": box["height"] * at[1]})
    place = page.locator(".st-key-sw_new_finding").get_by_text(re.compile(r"Plaats: RD \d+, \d+"))
    expect(place).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    return place.inner_text()


def _finding(page: Page, category: str, note: str, at: tuple[float, float], number: int) -> None:
    form = page.locator(".st-key-sw_new_finding")
    expect(form).to_be_visible(timeout=RERUN_MS)
    _tap_finding_map(page, at)
    choose(page, "Soort bevinding", category, scope=form)
    form.get_by_label("Opmerking").fill(note)
    form.get_by_label("Opmerking").press("Tab")  # a text area sends its value when it loses focus
    wait_for_idle(page)
    form.get_by_role("button", name="Bevinding opslaan").click()
    expect(page.get_by_text(re.compile(rf"Bevinding {number} is opgeslagen")).first).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)


def _schouw(page: Page) -> None:
    _tab(page, "Schouw")
    panel = _panel(page)
    panel.locator(".st-key-sw_walk_open").get_by_text("Nieuwe schouw vastleggen").click()
    participants = panel.get_by_label("Deelnemers (organisaties of rollen)")
    expect(participants).to_be_visible(timeout=RERUN_MS)
    participants.fill("gemeente, politie, LTO")
    participants.press("Enter")
    wait_for_idle(page)
    panel.get_by_role("button", name="Schouw opslaan").click()
    expect(page.get_by_text(re.compile(r"Schouw \d+ is opgeslagen")).first).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    _finding(page, "onverlicht erf", "lamp bij de schuur kapot", (0.5, 0.5), 1)
    _finding(page, "spoor van dumping", "<b>vaten</b> langs de sloot", (0.4, 0.6), 2)
    panel = _panel(page)
    expect(panel.get_by_text("<b>vaten</b> langs de sloot", exact=True)).to_be_visible(timeout=RERUN_MS)
    expect(panel.get_by_text("lamp bij de schuur kapot", exact=True)).to_be_visible()
    _shot(page, "schouw")


def _measure_and_report(page: Page, area_name: str) -> None:
    _tab(page, "Metingen")
    panel = _panel(page)
    form = panel.locator('[data-testid="stForm"]')
    expect(form).to_be_visible(timeout=SLOW_MS)
    kind = form.get_by_role("combobox", name="Soort meting")
    expect(kind).to_have_value("0-meting")
    form.get_by_role("button", name="Vastleggen").click()
    expect(panel.get_by_text(re.compile(r"0-meting van .* is vastgelegd"))).to_be_visible(timeout=SLOW_MS)
    wait_for_idle(page, SLOW_MS)
    button = panel.get_by_role("button", name="Rapport als Word (DOCX)")
    expect(button).to_be_enabled(timeout=RERUN_MS)
    with page.expect_download(timeout=SLOW_MS) as info:
        button.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("analyse_") and download.suggested_filename.endswith(".docx")
    _shot(page, "metingen")
    from docx import Document

    doc = Document(download.path())
    text = "\n".join(
        [p.text for p in doc.paragraphs] + [c.text for table in doc.tables for row in table.rows for c in row.cells]
    )
    assert area_name in text
    assert "0-meting" in text


def test_coordinator_walks_through_the_analysis(page: Page, analysis_app: tuple[str, int, str], tmp_path: Path) -> None:
    url, area_id, area_name = analysis_app
    goto_signed_in(page, f"{url}/analyse", COORDINATOR)
    expect(page.get_by_role("combobox", name="PPS-gebied")).to_have_value(area_name, timeout=SLOW_MS)
    _profile(page)
    wait_for_idle(page, SLOW_MS)
    _shot(page, "profile")
    _survey(page, area_id, area_name, tmp_path)
    _schouw(page)
    _measure_and_report(page, area_name)
    no_injected_image(page)
    lines = server_log(url).splitlines()
    bad = [i for i, line in enumerate(lines) if _BAD.search(line)]
    assert not bad, "\n".join(lines[bad[0] : bad[0] + 60])
