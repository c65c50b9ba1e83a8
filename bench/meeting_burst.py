"""A meeting opens the app at once: server CPU per sign-in to the first home map, and a burst of sessions.

Run from the repository root: ``python -m bench.meeting_burst [--incidents N] [--db DB] [--before REF]``
(see bench/README.md). It starts the app of ``REF`` (a git worktree) and the app of this checkout, one
after the other, each on its own copy of the same database, and drives them with headless Chromium.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
DEFAULT_BEFORE = "3d02677"  # main before the meeting-burst work of issue 16
DEFAULT_INCIDENTS = 1_000_000
ACCOUNT = "Beheerder"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 180_000
SETTLE_S = 1.5  # quiet time after the map is up, so a rerun the map triggers by itself is counted
_JS_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-stale="true"]').length === 0;
}"""
_JS_MAP_UP = """() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const d = f && f.contentDocument;
  return !!(d && d.querySelector('.leaflet-container') && d.querySelector('.vb-legend'));
}"""


@dataclass
class Figures:
    """What one app measured: CPU seconds per single sign-in, and the burst's times and CPU."""

    label: str
    single_cpu: list[float] = field(default_factory=list)
    single_wall: list[float] = field(default_factory=list)
    burst_wall: list[float] = field(default_factory=list)
    burst_cpu: float = 0.0
    burst_failed: int = 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (all its threads) from ``/proc``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def start_app(code: Path, db: Path, log: Path, flags: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """``streamlit run dashboard.py`` from ``code`` with database ``db`` (and extra Streamlit ``flags``);
    waits until it answers."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "VB_DB": str(db), "VB_DEMO": "1", "PYTHONPATH": str(code)}
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           *flags]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=code, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while not _healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"app in {code} did not start; see {log}")
        time.sleep(0.25)
    return proc, url


async def sign_in_to_map(browser: object, url: str) -> float:
    """One new browser session: open, demo sign-in, wait until the home map is up and the app idle.
    Returns the wall time from opening the page to the map."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url, timeout=TIMEOUT_MS)
        button = page.get_by_role("button", name=ACCOUNT, exact=True)
        await button.click(timeout=TIMEOUT_MS)
        await page.wait_for_function(_JS_MAP_UP, timeout=TIMEOUT_MS, polling=50)
        seen = time.perf_counter() - start
        await page.wait_for_function(_JS_IDLE, timeout=TIMEOUT_MS)
        await asyncio.sleep(SETTLE_S)  # a rerun triggered by the map itself starts within this time
        await page.wait_for_function(_JS_IDLE, timeout=TIMEOUT_MS)
        return seen
    finally:
        await context.close()


async def measure(
    label: str, code: Path, db: Path, singles: int, burst: int, logdir: Path, flags: tuple[str, ...] = ()
) -> Figures:
    """Start the app of ``code``, warm it up with one session, then ``singles`` sessions one by one and
    ``burst`` sessions at once."""
    from playwright.async_api import async_playwright

    figures = Figures(label)
    proc, url = start_app(code, db, logdir / f"{label.split()[0]}-{len(flags)}.log", flags)
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            await sign_in_to_map(browser, url)  # warm-up: imports, the store, process-wide caches
            for _ in range(singles):
                before = cpu_seconds(proc.pid)
                figures.single_wall.append(await sign_in_to_map(browser, url))
                figures.single_cpu.append(cpu_seconds(proc.pid) - before)
                print(f"  {label}: sign-in {figures.single_cpu[-1]:.2f} s CPU, {figures.single_wall[-1]:.1f} s wall",
                      flush=True)  # fmt: skip
            before = cpu_seconds(proc.pid)
            sessions = (sign_in_to_map(browser, url) for _ in range(burst))
            results = await asyncio.gather(*sessions, return_exceptions=True)
            figures.burst_cpu = cpu_seconds(proc.pid) - before
            figures.burst_wall = sorted(r for r in results if isinstance(r, float))
            figures.burst_failed = sum(1 for r in results if not isinstance(r, float))
            await browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return figures


def prepare_database(path: Path, n_incidents: int, code: Path) -> None:
    """Seed a demo database with ``n_incidents`` incidents unless ``path`` exists, with the code at ``code``
    (the older checkout: the newer app migrates its copy on its warm-up sign-in; the older one could not
    open a database of a newer schema)."""
    if path.exists():
        print(f"Reusing {path}.")
        return
    print(f"Seeding {n_incidents:,} demo incidents into {path} with {code} ...", flush=True)
    subprocess.run([sys.executable, "-m", "gis", "--db", str(path), "init", "--incidents", str(n_incidents)],
                   cwd=code, check=True, capture_output=True)  # fmt: skip


def _row(name: str, before: float, after: float, unit: str = "s") -> str:
    ratio = before / after if after else float("inf")
    return f"{name:<38}{before:>9.2f} {unit}{after:>9.2f} {unit}{ratio:>9.1f}x"


def report(before: Figures, after: Figures, burst: int) -> None:
    """The before/after table with ratios (before / after)."""
    print(f"\n{after.label}\n{'':<38}{'before':>11}{'after':>11}{'ratio':>10}")
    print(_row("server CPU per sign-in (median)", statistics.median(before.single_cpu),
               statistics.median(after.single_cpu)))  # fmt: skip
    print(_row("wall time to map, one session (median)", statistics.median(before.single_wall),
               statistics.median(after.single_wall)))  # fmt: skip
    print(_row(f"server CPU per session, burst of {burst}", before.burst_cpu / burst, after.burst_cpu / burst))
    for name, pick in (("median", statistics.median), ("slowest", max)):
        b = pick(before.burst_wall) if before.burst_wall else float("nan")
        a = pick(after.burst_wall) if after.burst_wall else float("nan")
        print(_row(f"burst: time to map, {name}", b, a))
    if before.burst_failed or after.burst_failed:
        print(f"sessions that failed in the burst: before {before.burst_failed}, after {after.burst_failed}")


def main(argv: list[str] | None = None) -> int:
    """Seed (or reuse) the database, measure the app before and after, print the table. Always 0."""
    parser = argparse.ArgumentParser(prog="python -m bench.meeting_burst", description=__doc__)
    parser.add_argument("--incidents", type=int, default=DEFAULT_INCIDENTS, help="demo incidents to seed")
    parser.add_argument("--db", type=Path, help="DuckDB file to use (seeded if missing, kept afterwards)")
    parser.add_argument("--before", default=DEFAULT_BEFORE, help="git commit to compare with")
    parser.add_argument("--singles", type=int, default=5, help="sign-ins one after the other")
    parser.add_argument("--burst", type=int, default=20, help="sign-ins at the same time")
    parser.add_argument(
        "--also-flags", default="", help='also measure this checkout with these Streamlit flags, e.g. '
        '"--server.fileWatcherType none --runner.postScriptGC false"',
    )  # fmt: skip
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="vb-burst-") as tmp_name:
        tmp = Path(tmp_name)
        db = args.db or tmp / "bench.duckdb"
        worktree = tmp / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.before], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        try:
            prepare_database(db, args.incidents, worktree)
            plans = [("before", worktree, ()), ("after", ROOT, ())]
            if args.also_flags:
                plans.append((f"after {args.also_flags}", ROOT, tuple(args.also_flags.split())))
            runs = []
            for i, (label, code, flags) in enumerate(plans):
                copy = tmp / f"run{i}.duckdb"
                shutil.copy(db, copy)  # one DuckDB file per process
                print(f"Measuring {label} ({code}) ...", flush=True)
                runs.append(asyncio.run(measure(label, code, copy, args.singles, args.burst, tmp, flags)))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
        for after in runs[1:]:
            report(runs[0], after, args.burst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
