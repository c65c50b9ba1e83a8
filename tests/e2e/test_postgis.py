"""The app on PostgreSQL/PostGIS in a real browser (issue 18): two app processes on one database with a CLI
import running at the same time, and the database stopping and coming back under a running app.

- Two ``streamlit run`` servers (different ports) on one PostGIS copy of the small demo: a dumping logged
  through the form in one (on a phone) shows in the other's register and home map, while ``python -m gis
  import`` adds a few thousand incidents to the same database; the import ends with exit 0, no lock error,
  and its incidents show in the other app too.
- The database stops while someone is signed in: acting on the page gives the Dutch message (desktop and
  390 px), no trace on the page or in the server log (only the expected warnings); once it is started again
  the same page works without restarting the app. This test stops a cluster of its own, never the shared one.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from gis.demo.seed import seed_demo
from gis.store import open_store
from tests.e2e.common import FIRST_LOAD_MS, MAP_IFRAME, PHONE, RERUN_MS, Page, expect, goto_signed_in, wait_for_idle
from tests.e2e.conftest import ARTIFACTS, REPO_ROOT, VIEWPORT, running_app_env
from tests.e2e.test_dumpings import log_dumping
from tests.pg_cluster import OWNER, Cluster, start_cluster, stop_cluster

IMPORT_ROWS = 4000
DOWN_NL = "De database is even niet bereikbaar"
_COUNT = re.compile(r"\(([\d.]+)\)")


def _write_incidents_csv(path: Path, rows: int) -> None:
    rnd = random.Random(2026)
    with path.open("w", encoding="utf-8") as f:
        f.write("Zaaknummer;Pleegdatum;Soort incident;X-coördinaat;Y-coördinaat\n")
        for i in range(rows):
            f.write(f"E2E-{i};{1 + i % 28:02d}-02-2026;drugslab;{rnd.uniform(205_000, 235_000):.1f};"
                    f"{rnd.uniform(450_000, 480_000):.1f}\n")  # fmt: skip


def _sidebar_count(page: Page, layer: str) -> int:
    """The count in the home map's layer checkbox ``layer (1.234)``."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(has_text=layer)
    expect(box).to_have_count(1, timeout=FIRST_LOAD_MS)
    match = _COUNT.search(box.inner_text())
    assert match, box.inner_text()
    return int(match.group(1).replace(".", ""))


def _register_count(page: Page) -> int:
    """The register's count of reports (the Dumpingen page opens on the form for a role that may log)."""
    page.get_by_text("Register", exact=True).click()
    caption = page.get_by_text(re.compile(r"\d+ meldingen in de selectie"))
    expect(caption).to_be_visible(timeout=FIRST_LOAD_MS)
    return int(caption.inner_text().split()[0].replace(".", ""))


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"postgis_{name}.png"), full_page=True)


def _log(tmp: Path, name: str) -> str:
    return "\n".join((tmp / f"{name}.{kind}.log").read_text(errors="replace") for kind in ("stdout", "stderr"))


@pytest.mark.parametrize("viewport", [PHONE])
def test_two_app_processes_and_a_cli_import_share_one_postgis_database(
    page: Page, browser: Any, pg_demo_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "VB_DEMO": "1"}  # VB_DB and VB_DB_OWNER: the fixture's PostGIS copy of the demo
    csv = tmp_path / "politie_e2e.csv"
    _write_incidents_csv(csv, IMPORT_ROWS)
    with ExitStack() as stack:
        url_a = stack.enter_context(running_app_env(tmp_path, env, name="app_a"))
        url_b = stack.enter_context(running_app_env(tmp_path, env, name="app_b"))
        other = browser.new_context(viewport=VIEWPORT)
        stack.callback(other.close)
        page_b = other.new_page()
        stack.callback(lambda: _shot(page_b, "app_b_last"))  # what app B showed last (also when failing)
        goto_signed_in(page_b, f"{url_b}/dumpingen")
        dumpings_before = _register_count(page_b)
        page_b.goto(url_b, timeout=FIRST_LOAD_MS)
        incidents_before = _sidebar_count(page_b, "Incidenten")

        cmd = [sys.executable, "-m", "gis", "import", "--layer", "incidents", "--source", "politie", "--user",
               "analist-cli", str(csv)]  # fmt: skip
        cli = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)  # fmt: skip
        try:
            new_id = log_dumping(page, url_a)  # in app A, on a phone, while the import runs
            _shot(page, "app_a_logged_390")
            output, _ = cli.communicate(timeout=300)
        finally:
            if cli.poll() is None:
                cli.kill()
                cli.wait()
        assert cli.returncode == 0, output
        assert f"Goed: {IMPORT_ROWS:,}".replace(",", ".") in output and "Opgeslagen als partij" in output, output
        assert not re.search(r"lock|vergrendeld|in gebruik door", output, re.I), output

        page_b.goto(f"{url_b}/dumpingen", timeout=FIRST_LOAD_MS)  # app B, never told: reads the database
        assert _register_count(page_b) == dumpings_before + 1
        page_b.goto(url_b, timeout=FIRST_LOAD_MS)
        wait_for_idle(page_b)
        assert _sidebar_count(page_b, "Incidenten") == incidents_before + IMPORT_ROWS
        assert _sidebar_count(page_b, "Drugsafvaldumpingen") >= 1
        _shot(page_b, "app_b_sees_both_desktop")
        assert new_id > 0
        for name in ("app_a", "app_b"):
            log = _log(tmp_path, name)
            assert "Traceback" not in log and "StoreLockedError" not in log, log[-3000:]


@pytest.fixture
def own_pg(tmp_path: Path) -> Iterator[tuple[Cluster, dict[str, str]]]:
    """A cluster of this test alone (it is stopped and started) with the small demo; the app's environment."""
    cluster = start_cluster()
    try:
        name = cluster.new_database()
        env = {**os.environ, "VB_DB": cluster.url(name), "VB_DB_OWNER": cluster.url(name, OWNER), "VB_DEMO": "1"}
        os.environ["VB_DB_OWNER"], saved = env["VB_DB_OWNER"], os.environ.get("VB_DB_OWNER")
        try:
            store = open_store(env["VB_DB"])
            seed_demo(store, n_incidents=2000)
            store.close()
        finally:
            if saved is None:
                os.environ.pop("VB_DB_OWNER", None)
            else:
                os.environ["VB_DB_OWNER"] = saved
        yield cluster, env
    finally:
        stop_cluster(cluster)


def test_database_stopping_under_a_running_app_shows_dutch_and_the_page_recovers(
    page: Page, own_pg: tuple[Cluster, dict[str, str]], tmp_path: Path
) -> None:
    cluster, env = own_pg
    with running_app_env(tmp_path, env, name="app") as url:
        goto_signed_in(page, url)
        assert _sidebar_count(page, "Incidenten") == 2000
        wait_for_idle(page)
        cluster.stop()
        box = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(has_text="Incidenten")
        box.locator("label").click()  # acting on the page: the run needs the database
        message = page.get_by_test_id("stAlertContentError").filter(has_text=DOWN_NL)
        expect(message).to_be_visible(timeout=RERUN_MS)
        expect(message).to_contain_text("niets half weggeschreven")
        wait_for_idle(page)
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and "postgresql://" not in body and "OperationalError" not in body, body
        expect(page.get_by_test_id("stException")).to_have_count(0)
        _shot(page, "down_desktop")

        page.set_viewport_size(PHONE)
        page.get_by_role("button", name="Opnieuw proberen").click()  # still down: the message again
        expect(message).to_be_visible(timeout=RERUN_MS)
        wait_for_idle(page)
        _shot(page, "down_390")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"pagina is {width} px breed op een telefoon"
        page.reload()  # a new browser session (as a phone does after the camera): the sign-in cookie waits
        expect(message).to_be_visible(timeout=RERUN_MS)

        cluster.start()
        page.set_viewport_size(VIEWPORT)
        page.get_by_role("button", name="Opnieuw proberen").click()  # the same app process, the same session
        expect(message).to_have_count(0, timeout=RERUN_MS)
        assert _sidebar_count(page, "Incidenten") == 2000  # still signed in (the cookie): the home map's counts
        expect(page.frame_locator(MAP_IFRAME).locator("#map_div")).to_be_visible(timeout=RERUN_MS)
        wait_for_idle(page)
        _shot(page, "back_desktop")
        log = _log(tmp_path, "app")
    assert "Traceback" not in log, log[-3000:]
    assert "Database niet bereikbaar" in log  # the expected warning, one line per failed run
