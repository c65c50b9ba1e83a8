"""Settings declared once: where the database lives and where reference data and assets are.

Every setting is read here and nowhere else, so the app, the command line and the tests agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"
DEFAULT_DB = DATA_DIR / "veilig_buitengebied.duckdb"


@dataclass(frozen=True)
class Setting:
    """One environment setting with its default and meaning (documented in the README)."""

    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("VB_DB", str(DEFAULT_DB), "Database: a DuckDB file path (or duckdb:///path)."),
    Setting("VB_DEMO", "1", "1: fill an empty database with demo data on first start; 0: start empty."),
    Setting("VB_DB_MEMORY", "1GB", "Memory DuckDB may use (e.g. 512MB, 2GB); beyond it, it spills to disk."),
)


def setting(env: str) -> str:
    """Return the value of a declared setting, falling back to its default."""
    for s in SETTINGS:
        if s.env == env:
            return os.environ.get(env, s.default)
    raise KeyError(f"Onbekende instelling: {env}")


def database_url() -> str:
    """The database named by ``VB_DB`` (default: a git-ignored file under ``data/``)."""
    return setting("VB_DB")


def database_memory() -> str:
    """How much memory DuckDB may use before it spills to a temporary directory beside the database."""
    return setting("VB_DB_MEMORY").strip()


def demo_on_first_start() -> bool:
    """Whether an empty database is filled with demo data when the app first opens it."""
    return setting("VB_DEMO").strip() not in {"0", "false", "nee", "no"}
