"""Migration 15: the partnership and the Keurmerk (steps A2–A5, B4): participants and representatives,
signatures, agreements, meetings with minutes and action items, files, obligations, evaluations, audits and
Keurmerk applications. Portable SQL, as in ``gis.store.schema``.

Representatives' names, e-mail addresses and phone numbers are personal data: they live in one table
(``representatives``) that the guard opens to the partnership's members only, and are wiped on request
(``erased_at``). Participants (organisations) carry a ``version`` for concurrent edits.
"""

from __future__ import annotations

A2_VERSION = 15
A2_DESCRIPTION = "samenwerking en keurmerk (A2–A5, B4)"


def _table(name: str, columns: str) -> tuple[str, str]:
    """A sequence and a table with ``id`` from it, in portable SQL."""
    return (
        f"CREATE SEQUENCE {name}_id_seq START 1",
        f"CREATE TABLE {name} (id INTEGER PRIMARY KEY DEFAULT nextval('{name}_id_seq'), {columns})",
    )


_CREATED = "created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT current_timestamp"
A2_STATEMENTS: tuple[str, ...] = (
    *_table("participants", "area_id INTEGER NOT NULL, organisation VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
            "joined_on DATE, removed_at TIMESTAMP, removed_by VARCHAR, removed_reason VARCHAR, "
            f"version INTEGER NOT NULL DEFAULT 1, updated_by VARCHAR, updated_at TIMESTAMP, {_CREATED}"),
    "CREATE INDEX participants_area_idx ON participants (area_id)",
    *_table("representatives", "participant_id INTEGER NOT NULL, name VARCHAR, role_title VARCHAR, email VARCHAR, "
            f"phone VARCHAR, erased_at TIMESTAMP, erased_by VARCHAR, updated_by VARCHAR, updated_at TIMESTAMP, "
            f"{_CREATED}"),
    *_table("signatures", "area_id INTEGER NOT NULL, document VARCHAR NOT NULL, participant_id INTEGER NOT NULL, "
            "signed_on DATE NOT NULL, signatory VARCHAR, recorded_by VARCHAR NOT NULL, "
            "recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp"),
    *_table("agreements", "area_id INTEGER NOT NULL, kind VARCHAR NOT NULL, text VARCHAR NOT NULL, "
            f"objective_id INTEGER, updated_by VARCHAR, updated_at TIMESTAMP, {_CREATED}"),
    *_table("meetings", "area_id INTEGER NOT NULL, held_on DATE NOT NULL, title VARCHAR NOT NULL, minutes VARCHAR, "
            f"decisions VARCHAR, updated_by VARCHAR, updated_at TIMESTAMP, {_CREATED}"),
    *_table("action_items", "meeting_id INTEGER NOT NULL, text VARCHAR NOT NULL, owner VARCHAR NOT NULL, "
            f"due_on DATE, done_on DATE, updated_by VARCHAR, updated_at TIMESTAMP, {_CREATED}"),
    *_table("partnership_files", "area_id INTEGER NOT NULL, meeting_id INTEGER, topic VARCHAR, kind VARCHAR, "
            "name VARCHAR NOT NULL, mime VARCHAR NOT NULL, size BIGINT NOT NULL, sha256 VARCHAR NOT NULL, "
            "original BYTEA NOT NULL, shared BYTEA, uploaded_by VARCHAR NOT NULL, "
            "uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp"),
    *_table("obligations", f"area_id INTEGER NOT NULL, participant_id INTEGER NOT NULL, text VARCHAR NOT NULL, "
            f"{_CREATED}"),
    *_table("evaluations", f"area_id INTEGER NOT NULL, held_on DATE NOT NULL, summary VARCHAR NOT NULL, {_CREATED}"),
    *_table("audits", "area_id INTEGER NOT NULL, audited_on DATE NOT NULL, result VARCHAR NOT NULL, notes VARCHAR, "
            "auditor VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp"),
    *_table("keurmerk_applications", "area_id INTEGER NOT NULL, package_sha256 VARCHAR NOT NULL, "
            "applied_by VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp"),
)  # fmt: skip
# PostGIS only (``gis.store.pg_sql.PG_EXTRA``): look-ups by area.
A2_PG_EXTRA: tuple[str, ...] = tuple(
    f"CREATE INDEX IF NOT EXISTS {t}_area_idx ON {t} (area_id)"
    for t in ("signatures", "agreements", "meetings", "partnership_files", "obligations", "evaluations", "audits")
)

# Every table of this migration with its Dutch name (for ``python -m gis copy``), and those it seeds.
A2_TABLES: dict[str, str] = {
    "participants": "deelnemers",
    "representatives": "vertegenwoordigers",
    "signatures": "ondertekeningen",
    "agreements": "afspraken",
    "meetings": "overleggen",
    "action_items": "actiepunten",
    "partnership_files": "samenwerkingsbestanden",
    "obligations": "verplichtingen",
    "evaluations": "evaluaties",
    "audits": "audits",
    "keurmerk_applications": "keurmerkaanvragen",
}
A2_SEEDED: frozenset[str] = frozenset()

__all__ = ["A2_DESCRIPTION", "A2_PG_EXTRA", "A2_SEEDED", "A2_STATEMENTS", "A2_TABLES", "A2_VERSION"]
