"""Settings declared once: where the database lives and where reference data and assets are.

Every setting is read here and nowhere else, so the app, the command line and the tests agree.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "veilig_buitengebied.duckdb"


@dataclass(frozen=True)
class Setting:
    """One environment setting with its default and meaning (documented in the README)."""

    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "VB_DB",
        str(DEFAULT_DB),
        "Database: a DuckDB file path (or duckdb:///path), or the shared "
        "PostgreSQL/PostGIS database as postgresql://app_role@host:port/db (password: PGPASSWORD or ~/.pgpass).",
    ),
    Setting(
        "VB_DB_OWNER",
        "",
        "PostgreSQL only: the owner role's URL, used to create and migrate the schema "
        "(python -m gis migrate); the app itself connects with the least-privilege role of VB_DB.",
    ),
    Setting("VB_DB_POOL", "10", "PostgreSQL only: connections per app process (the pool's maximum)."),
    Setting("VB_DEMO", "1", "1: fill an empty database with demo data on first start; 0: start empty."),
    Setting("VB_DB_MEMORY", "1GB", "Memory DuckDB may use (e.g. 512MB, 2GB); beyond it, it spills to disk."),
)


def setting(env: str) -> str:
    """Return the value of a declared setting: the environment, else Streamlit's secrets file, else its default."""
    for s in SETTINGS:
        if s.env == env:
            if env in os.environ:
                return os.environ[env]
            return str(_secrets().get(env, s.default))
    raise KeyError(f"Onbekende instelling: {env}")


def _secrets() -> dict[str, object]:
    """Top-level keys of ``.streamlit/secrets.toml`` (git-ignored; for connection details on a server)."""
    path = Path(os.environ.get("VB_SECRETS", ROOT / ".streamlit" / "secrets.toml"))
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str | int)}


def database_owner_url() -> str:
    """The PostgreSQL owner role's URL for migrations (``VB_DB_OWNER``), or empty."""
    return setting("VB_DB_OWNER").strip()


def database_pool_size() -> int:
    """Connections per process to PostgreSQL (``VB_DB_POOL``, 1 to 100)."""
    text = setting("VB_DB_POOL").strip()
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise ValueError(f"VB_DB_POOL = '{text}' is geen aantal verbindingen van 1 tot 100.")
    return int(text)


def database_url() -> str:
    """The database named by ``VB_DB`` (default: a git-ignored file under ``data/``)."""
    return setting("VB_DB")


_UNITS = {"": 1, "B": 1, "K": 1000, "KB": 1000, "M": 1000**2, "MB": 1000**2, "G": 1000**3, "GB": 1000**3,
          "T": 1000**4, "TB": 1000**4, "KIB": 1024, "MIB": 1024**2, "GIB": 1024**3, "TIB": 1024**4}  # fmt: skip
MIN_DATABASE_MEMORY = 64 * 1000**2


def database_memory() -> int:
    """Bytes DuckDB may use before it spills to a temporary directory beside the database (``VB_DB_MEMORY``).

    Raises ``ValueError`` (Dutch) for a value that is no size, or one below 64 MB.
    """
    text = setting("VB_DB_MEMORY").strip()
    match = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?) ?([A-Za-z]*)", text)
    unit = match.group(2).upper() if match else ""
    if not match or unit not in _UNITS:
        raise ValueError(f"VB_DB_MEMORY = '{text}' is geen geheugengrootte (bijvoorbeeld 512MB of 2GB).")
    size = int(float(match.group(1).replace(",", ".")) * _UNITS[unit])
    if size < MIN_DATABASE_MEMORY:
        raise ValueError(f"VB_DB_MEMORY = '{text}' is te weinig: geef de database minstens 64MB.")
    return size


def demo_on_first_start() -> bool:
    """Whether an empty database is filled with demo data when the app first opens it."""
    return setting("VB_DEMO").strip() not in {"0", "false", "nee", "no"}
