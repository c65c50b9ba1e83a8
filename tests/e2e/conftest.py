"""Browser tests: the real app (``streamlit run dashboard.py``) driven by headless Chromium.

Session fixtures start one Streamlit server on a free port with a fresh demo database and one
Chromium; every test gets its own browser context (``page``), which records the URLs it requested
(``page.vb_requests``) and its console errors (``page.vb_console_errors``) and leaves a screenshot
in ``tests/e2e/artifacts/`` when the test fails.

Without Chromium the tests are skipped locally, but fail when ``CI`` is set: in CI they must run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = E2E_DIR / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60.0
SERVER_LOGS: dict[str, tuple[Path, Path]] = {}  # url -> the server's stdout and stderr files
VIEWPORT = {"width": 1400, "height": 1000}


# --- markers and failure reports -------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is a ``browser`` test (``-m "not browser"`` leaves them out)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item (``item.rep_setup``/``rep_call``) for the fixtures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- availability -----------------------------------------------------------------------------


def _missing_browser_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"Python-pakket playwright ontbreekt ({exc}): pip install -r requirements-dev.txt"
    if not CHROMIUM.exists():
        return f"Chromium ontbreekt: apt-get install chromium (verwacht op {CHROMIUM})"
    return None


@pytest.fixture(scope="session", autouse=True)
def _browser_available() -> None:
    """Skip (locally) or fail (``CI`` set) before anything starts when there is no browser."""
    reason = _missing_browser_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is gezet: browsertests moeten in CI draaien)", pytrace=False)
    pytest.skip(reason)


# --- the app ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_log(url: str) -> str:
    """What the server at ``url`` wrote so far (stdout, then stderr); kept in files for the whole run."""
    out, err = SERVER_LOGS[url]
    return "\n".join(p.read_text(errors="replace") if p.exists() else "" for p in (out, err))


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(geen uitvoer)"
    return "\n".join(text.splitlines()[-lines:]) or "(leeg)"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


# One dumping whose free text is an XSS attempt, at a known place: the popup must show it as text.
HOSTILE_NOTE = "<img src=x onerror=\"document.title='XSS'\"><b>vet</b>"
HOSTILE_AT_RD = (221_000.0, 455_000.0)


def seed_with_hostile_dumping(db: Path) -> None:
    """The demo database (as on first start) plus the hostile dumping, written before the app opens it."""
    import pandas as pd

    from gis.demo.seed import seed_demo
    from gis.domain.catalog import Layer
    from gis.store import open_store

    store = open_store(str(db))
    seed_demo(store)
    hostile = {"x": [HOSTILE_AT_RD[0]], "y": [HOSTILE_AT_RD[1]], "found_at": [pd.Timestamp("2026-05-01 10:00")],
               "place_type": ["bos"], "status": ["gemeld"], "notes": [HOSTILE_NOTE]}  # fmt: skip
    store.insert_points(Layer.DUMPINGS, pd.DataFrame(hostile))
    store.close()


@contextmanager
def running_app(tmp: Path, db: Path) -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port with database ``db``; yields its URL."""
    with running_app_env(tmp, {**os.environ, "VB_DB": str(db), "VB_DEMO": "1"}) as url:
        yield url


@contextmanager
def running_app_env(tmp: Path, env: dict[str, str], name: str = "server") -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port with the environment ``env`` (``VB_DB`` etc.), its output
    in ``tmp/<name>.stdout.log`` and ``.stderr.log``; yields its URL. Several may run at once (other names)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    out_path, err_path = tmp / f"{name}.stdout.log", tmp / f"{name}.stderr.log"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                state = f"afgesloten met code {proc.returncode}" if proc.poll() is not None else "geen antwoord"
                pytest.fail(
                    f"Streamlit kwam niet op op {url} ({state} na {SERVER_START_TIMEOUT_S:.0f} s).\n"
                    f"--- stderr ---\n{_tail(err_path)}\n--- stdout ---\n{_tail(out_path)}",
                    pytrace=False,
                )
            time.sleep(0.25)
        SERVER_LOGS[url] = (out_path, err_path)
        yield url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database with the hostile dumping, built once; copy it before writing to it."""
    db = tmp_path_factory.mktemp("e2e-db") / "seed.duckdb"
    seed_with_hostile_dumping(db)
    return db


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[str]:
    """A running app shared by the session's browser tests, on its own copy of the demo database."""
    tmp = tmp_path_factory.mktemp("e2e-app")
    db = tmp / "e2e.duckdb"
    shutil.copy(seeded_db, db)
    with running_app(tmp, db) as url:
        yield url


@pytest.fixture(scope="module")
def module_app_url(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[str]:
    """An app of this test module alone: its writes do not change what other modules count."""
    tmp = tmp_path_factory.mktemp("e2e-module")
    db = tmp / "module.duckdb"
    shutil.copy(seeded_db, db)
    with running_app(tmp, db) as url:
        yield url


@pytest.fixture
def fresh_app_url(tmp_path: Path, seeded_db: Path) -> Iterator[str]:
    """A newly started app that no browser has visited yet (for first-visit behaviour)."""
    db = tmp_path / "fresh.duckdb"
    shutil.copy(seeded_db, db)
    with running_app(tmp_path, db) as url:
        yield url


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's, never a downloaded one) for the whole session."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


def _artifact_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_") or "test"


@pytest.fixture
def viewport() -> dict[str, int]:
    """The page size; override per test with ``@pytest.mark.parametrize("viewport", [...])``."""
    return dict(VIEWPORT)


@pytest.fixture
def page(browser: Any, viewport: dict[str, int], request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh browser context; ``vb_requests`` and ``vb_console_errors`` fill as it runs."""
    context = browser.new_context(viewport=viewport)
    pg = context.new_page()
    pg.vb_requests = []
    pg.vb_console_errors = []
    # On the context, so requests from the map iframe (and any popup) are recorded too.
    context.on("request", lambda req: pg.vb_requests.append(req.url))
    pg.on(
        "console",
        lambda msg: (
            pg.vb_console_errors.append(f"{msg.text} [{msg.location.get('url', '')}]") if msg.type == "error" else None
        ),
    )
    pg.on("pageerror", lambda exc: pg.vb_console_errors.append(f"pageerror: {exc}"))
    try:
        yield pg
    finally:
        failed = any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False) for when in ("setup", "call"))
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"{_artifact_name(request.node.name)}.png"
            try:
                pg.screenshot(path=str(shot), full_page=True)
                print(f"\nschermafbeelding bij falen: {shot}")
            except Exception as exc:  # a crashed page must not hide the real failure
                print(f"\ngeen schermafbeelding ({exc})")
        context.close()
