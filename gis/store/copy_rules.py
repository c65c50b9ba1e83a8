"""What ``python -m gis copy`` does with each table, and the checksum both sides of a copy are compared by.

Every table the schema has must be named in ``TABLES`` (a new table is refused until someone decides how it is
copied); its columns are read from the schema, so a new column is copied without a change here. A copy for a
role (``--for-role``) keeps only what that role may see in the app (``gis.domain.roles``, the guard's rules in
``gis.store.guard_rules``): layers it sees as counts only are left out and replaced by the released counts the
Aantallen page shows it (``gis.privacy`` through ``GuardedStore.counts_by``), in the table ``released_counts``.

``released_counts`` (made by the copier in the DuckDB copy only): ``role`` the copy was made for, ``layer``,
``division`` (``municipality``, ``area`` or ``month``, over all data), ``unit`` (municipality code, area id or
first day of the month), ``name`` (municipality or area name), ``n`` the released count (-1 where the app shows
"<5") and ``hidden`` (true for those). Never in a copy for a role: accounts, sessions, login attempts, drafts,
the audit log, ``secret:`` settings, a waiting setup token's hash; reporters and contact details, photo
originals and their positions only for roles that see them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gis.domain.catalog import Layer
from gis.domain.roles import POLICIES, Access, Action, Principal, Role, can, layer_access
from gis.store.accounts import SETUP_TOKEN_KEY
from gis.store.filters import Filters
from gis.store.schema_a2 import A2_SEEDED, A2_TABLES
from gis.store.schema_b2 import B2_SEEDED, B2_TABLES

RELEASED_TABLE = "released_counts"
RELEASED_DDL = (
    f"CREATE TABLE {RELEASED_TABLE} (role VARCHAR NOT NULL, layer VARCHAR NOT NULL, division VARCHAR NOT NULL, "
    "unit VARCHAR NOT NULL, name VARCHAR, n BIGINT NOT NULL, hidden BOOLEAN NOT NULL)"
)
RELEASED_COLUMNS = ("role", "layer", "division", "unit", "name", "n", "hidden")
DIVISIONS = ("municipality", "area", "month")  # as the Aantallen page divides counts

# Every table a copy knows (with its Dutch name): a full copy copies each; a copy for a role decides per table in
# ``role_plan``. A table the schema has but this does not name is refused.
TABLES: dict[str, str] = {
    "meta": "instellingen",
    "provinces": "provinciegrenzen",
    "municipalities": "gemeentegrenzen",
    "areas": "PPS-gebieden",
    "area_versions": "gebiedsversies",
    "area_members": "gebiedsleden",
    "barns": "schuren",
    "dumpings": "dumpingen",
    "dumping_history": "dumpinggeschiedenis",
    "dumping_files": "dumpingbestanden",
    "incidents": "incidenten",
    "import_batches": "importpartijen",
    "import_mappings": "kolomkoppelingen",
    "code_values": "codelijsten",
    "code_history": "codelijstgeschiedenis",
    "value_mappings": "waardekoppelingen",
    "accounts": "accounts",
    "sessions": "sessies",
    "login_throttle": "aanmeldpogingen",
    "audit_log": "auditlog",
    "retention_rules": "bewaartermijnen",
    "form_drafts": "concepten",
    "survey_imports": "enquêtepartijen",
    "survey_responses": "enquêteantwoorden",
    "schouw_walks": "schouwen",
    "schouw_findings": "schouwbevindingen",
    "schouw_files": "schouwfoto's",
    "analysis_snapshots": "metingen",
    **B2_TABLES,
    **A2_TABLES,
}
NOT_COPIED: frozenset[str] = frozenset({"schema_version", "spatial_ref_sys"})  # the target's own; PostGIS's
SEEDED: frozenset[str] = (
    frozenset({"code_values"}) | B2_SEEDED | A2_SEEDED
)  # a fresh schema holds migration 11's seed rows here
NEVER_FOR_ROLE: frozenset[str] = frozenset(
    {"accounts", "sessions", "login_throttle", "form_drafts", "audit_log"}
)  # password hashes, sessions, attempts, drafts, the audit log: never on a laptop copy for a role


# The safety analysis (migration 13): survey answers are personal data, findings and photos records; until the
# guard has rules for who sees them, a copy for a role leaves them out (a full copy keeps them).
NOT_YET_FOR_ROLE: frozenset[str] = frozenset(
    {"survey_imports", "survey_responses", "schouw_walks", "schouw_findings", "schouw_files", "analysis_snapshots"}
    | B2_TABLES.keys()
    | A2_TABLES.keys()
)


@dataclass(frozen=True)
class TablePlan:
    """How one table is read for a copy: left out, filtered rows, columns replaced by an SQL expression."""

    keep: bool = True
    where: str | None = None
    replace: dict[str, str] = field(default_factory=dict)


FULL = TablePlan()
SKIP = TablePlan(keep=False)


def copy_principal(role: str) -> Principal:
    """The principal a copy for ``role`` is made for: the role everywhere in the region."""
    try:
        return Principal(user="kopie", role=Role(role), scope=frozenset({"*"}))
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise ValueError(f"Onbekende rol '{role}'; kies uit: {known}.") from None


def raw_layers(p: Principal) -> tuple[Layer, ...]:
    """The point layers ``p`` may see as records."""
    return tuple(lay for lay in Layer if layer_access(p, lay) >= Access.RAW)


def counted_layers(p: Principal) -> tuple[Layer, ...]:
    """The point layers ``p`` may see only as counts (their records stay out of the copy)."""
    return tuple(lay for lay in Layer if layer_access(p, lay) == Access.AGGREGATE)


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def role_plan(p: Principal, table: str) -> TablePlan:
    """What of ``table`` goes into a copy for ``p`` (the rules of the guard, applied to whole tables)."""
    policy = POLICIES[p.role]
    raw = {lay.value for lay in raw_layers(p)}
    if table in NEVER_FOR_ROLE or table in NOT_YET_FOR_ROLE:
        return SKIP
    if table in ("provinces", "municipalities", "code_values"):
        return FULL
    if table == "meta":  # never the secrets (nor a waiting setup token's hash); the demo's seed rebuilds its records
        where = f"left(key, 7) <> 'secret:' AND key <> '{SETUP_TOKEN_KEY}'"
        where += " AND key <> 'demo_seed'" if counted_layers(p) else ""
        return TablePlan(where=where)
    authors = can(p, Action.UPDATE, "areas") or can(p, Action.VIEW, "audit")
    deleted = can(p, Action.DELETE, "areas")
    if table == "areas":
        blank = {} if authors else {c: "NULL" for c in ("created_by", "deleted_by", "delete_reason")}
        return TablePlan(where=None if deleted else "deleted_at IS NULL", replace=blank)
    if table == "area_versions":
        blank = {} if authors else {"changed_by": "NULL", "reason": "NULL"}
        where = None if deleted else "area_id IN (SELECT id FROM areas WHERE deleted_at IS NULL)"
        return TablePlan(where=where, replace=blank)
    if table == "area_members":
        return TablePlan(where=f"layer IN ({_sql_list(sorted(raw))})") if raw else SKIP
    if table in ("barns", "incidents", "dumpings"):
        if table not in raw:
            return SKIP
        contact = {"barns": "owner_contact", "dumpings": "reporter_name"}.get(table)
        return TablePlan(replace={contact: "NULL"} if contact and not policy.see_reporters else {})
    if table == "dumping_history":
        return FULL if "dumpings" in raw else SKIP
    if table == "dumping_files":
        if "dumpings" not in raw:
            return SKIP
        if policy.see_photo_originals:
            return FULL
        # as the app: only files with a shared copy (EXIF removed), never the original nor its position
        return TablePlan(where="shared IS NOT NULL", replace={"original": "shared", "lat": "NULL", "lon": "NULL"})
    if table == "import_batches":
        return FULL if can(p, Action.VIEW, "imports") else SKIP
    if table == "import_mappings":
        return FULL if any(can(p, Action.IMPORT, lay.value) for lay in Layer) else SKIP
    if table == "value_mappings":
        return FULL if can(p, Action.IMPORT, Layer.INCIDENTS.value) else SKIP
    if table == "code_history":
        return FULL if can(p, Action.ADMIN, "imports") else SKIP
    if table == "retention_rules":
        return FULL if can(p, Action.VIEW, "retention") else SKIP
    raise KeyError(table)


def released_rows(guarded: Any, p: Principal) -> list[tuple[Any, ...]]:
    """The counts the Aantallen page shows ``p`` for each layer it sees only as counts: per municipality of
    the region, saved PPS area and month, over all data (``guarded``: the source as ``GuardedStore``, so the
    answers come from ``gis.privacy`` exactly as in the app, cells under the threshold hidden)."""
    rows: list[tuple[Any, ...]] = []
    for layer in counted_layers(p):
        for division in DIVISIONS:
            if division == "month" and layer is Layer.BARNS:
                continue  # barns have no date: the page has no month chart for them
            frame = guarded.counts_by(layer, Filters(), division)
            for rec in frame.itertuples(index=False):
                unit = {"municipality": "code", "area": "id", "month": "month"}[division]
                value = getattr(rec, unit)
                name = getattr(rec, "name", None)
                n = int(rec.n)
                rows.append((p.role.value, layer.value, division, str(value), None if name is None else str(name),
                             n, n < 0))  # fmt: skip
    return rows


# -- checksums ---------------------------------------------------------------------------------------
MASK = (1 << 64) - 1
FLOAT_DECIMALS = 6


def canonical(value: Any) -> str:
    """One value as the checksum sees it, the same from DuckDB and PostgreSQL: floats to 6 decimals,
    times to microseconds, bytes as their sha256, NULL distinct from every value."""
    if value is None:
        return "\x00"
    if isinstance(value, str):
        return "s" + value
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, int):
        return f"i{value}"
    if isinstance(value, float | Decimal):
        v = float(value)
        if math.isnan(v):
            return "fnan"
        text = f"{v:.{FLOAT_DECIMALS}f}"
        return "f" + (f"{0.0:.{FLOAT_DECIMALS}f}" if float(text) == 0 else text)  # no "-0.000000"
    if isinstance(value, dt.datetime):
        return "t" + value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return "d" + value.isoformat()
    if isinstance(value, dt.time):
        return "h" + value.isoformat(timespec="microseconds")
    if isinstance(value, bytes | bytearray | memoryview):
        return "x" + hashlib.sha256(bytes(value)).hexdigest()
    return "s" + str(value)


@dataclass
class Checksum:
    """Row count and an order-independent sum (mod 2^64) of each row's hash."""

    rows: int = 0
    total: int = 0

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        """Count and hash a chunk of rows."""
        for row in rows:
            text = "\x1f".join(canonical(v) for v in row).encode()
            self.total = (self.total + int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")) & MASK
        self.rows += len(rows)

    @property
    def hex(self) -> str:
        """The checksum as 16 hex digits."""
        return f"{self.total:016x}"


__all__ = [
    "DIVISIONS", "FULL", "NEVER_FOR_ROLE", "NOT_COPIED", "RELEASED_COLUMNS", "RELEASED_DDL", "RELEASED_TABLE",
    "SEEDED", "SKIP", "TABLES", "Checksum", "TablePlan", "canonical", "copy_principal", "counted_layers",
    "raw_layers", "released_rows", "role_plan",
]  # fmt: skip
