"""Migration 14: measures and the plan of action (steps B2–B3): the measure catalogue (seeded), the measures
chosen for an area (placed as a point, road segment or zone), rankings and comments, objectives, evidence.
Portable SQL, as in ``gis.store.schema``.

The catalogue's rows come from ``data/measures_catalogue.json`` (checked by ``gis.measures.catalogue``);
``problems`` is a JSON list of codes in a text column. Every change of a measure's decision, plan or place,
and of the catalogue, is a line in ``measure_history`` (append-only: who, when, from what to what).
"""

from __future__ import annotations

import json

from gis.measures.catalogue import CATALOGUE_FIELDS, load_catalogue

B2_VERSION = 14
B2_DESCRIPTION = (
    "maatregelen en plan van aanpak (B2–B3): maatregelencatalogus (gevuld uit data/measures_catalogue.json), "
    "maatregelen per gebied (besluit, plaats op de kaart, partner, planning, status), rangschikking en commentaar, "
    "bewijsstukken, doelen en de geschiedenis van besluiten en statussen"
)


def _sql_text(value: object) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _seed_catalogue() -> tuple[str, ...]:
    """Today's catalogue file as one INSERT (the problems as a JSON list)."""
    rows = []
    for m in load_catalogue():
        values = [json.dumps(m[f], ensure_ascii=False) if f == "problems" else m[f] for f in CATALOGUE_FIELDS]
        rows.append("(" + ", ".join(_sql_text(v) for v in values) + ", 'systeem')")
    if not rows:
        return ()
    return (f"INSERT INTO measure_catalogue ({', '.join(CATALOGUE_FIELDS)}, updated_by) VALUES {', '.join(rows)}",)


B2_STATEMENTS: tuple[str, ...] = (
    "CREATE TABLE measure_catalogue (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, name_en VARCHAR, "
    "description VARCHAR NOT NULL, description_en VARCHAR, problems VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
    "owner VARCHAR, cost VARCHAR, effort VARCHAR, effect VARCHAR, evidence VARCHAR, mechanism VARCHAR, "
    "moderators VARCHAR, implementation VARCHAR, economy VARCHAR, source VARCHAR, retired_at TIMESTAMP, "
    "version INTEGER NOT NULL DEFAULT 1, updated_by VARCHAR, updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
    "CREATE SEQUENCE area_measures_id_seq START 1",
    "CREATE TABLE area_measures (id INTEGER PRIMARY KEY DEFAULT nextval('area_measures_id_seq'), "
    "area_id INTEGER NOT NULL, code VARCHAR, title VARCHAR, decision VARCHAR NOT NULL, reason VARCHAR, "
    "decided_by VARCHAR, decided_at TIMESTAMP, partner VARCHAR, representative VARCHAR, start_on DATE, "
    "end_on DATE, status VARCHAR, place_kind VARCHAR, geom GEOMETRY, version INTEGER NOT NULL DEFAULT 1, "
    "created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT current_timestamp, updated_by VARCHAR, "
    "updated_at TIMESTAMP)",
    "CREATE INDEX area_measures_area_idx ON area_measures (area_id)",
    "CREATE TABLE measure_rankings (measure_id INTEGER NOT NULL, user_name VARCHAR NOT NULL, rank INTEGER, "
    "comment VARCHAR, ranked_at TIMESTAMP NOT NULL DEFAULT current_timestamp, PRIMARY KEY (measure_id, user_name))",
    "CREATE SEQUENCE measure_evidence_id_seq START 1",
    "CREATE TABLE measure_evidence (id BIGINT PRIMARY KEY DEFAULT nextval('measure_evidence_id_seq'), "
    "measure_id INTEGER NOT NULL, kind VARCHAR NOT NULL, note VARCHAR, evidence_on DATE NOT NULL, "
    "file_name VARCHAR, mime VARCHAR, size BIGINT, sha256 VARCHAR, original BYTEA, shared BYTEA, "
    "uploaded_by VARCHAR NOT NULL, uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX measure_evidence_measure_idx ON measure_evidence (measure_id)",
    "CREATE SEQUENCE objectives_id_seq START 1",
    "CREATE TABLE objectives (id INTEGER PRIMARY KEY DEFAULT nextval('objectives_id_seq'), "
    "area_id INTEGER NOT NULL, text VARCHAR NOT NULL, indicator VARCHAR NOT NULL, indicator_arg VARCHAR, "
    "baseline DOUBLE PRECISION NOT NULL, baseline_on DATE NOT NULL, target DOUBLE PRECISION NOT NULL, "
    "target_on DATE NOT NULL, version INTEGER NOT NULL DEFAULT 1, created_by VARCHAR NOT NULL, "
    "created_at TIMESTAMP NOT NULL DEFAULT current_timestamp, updated_by VARCHAR, updated_at TIMESTAMP, "
    "deleted_at TIMESTAMP, deleted_by VARCHAR)",
    "CREATE INDEX objectives_area_idx ON objectives (area_id)",
    "CREATE SEQUENCE measure_history_id_seq START 1",
    "CREATE TABLE measure_history (id BIGINT PRIMARY KEY DEFAULT nextval('measure_history_id_seq'), "
    "measure_id INTEGER, catalogue_code VARCHAR, objective_id INTEGER, "
    "changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp, user_name VARCHAR NOT NULL, action VARCHAR NOT NULL, "
    "old_value VARCHAR, new_value VARCHAR, note VARCHAR)",
    "CREATE INDEX measure_history_measure_idx ON measure_history (measure_id)",
    *_seed_catalogue(),
)
# PostGIS only (``gis.store.pg_sql.PG_EXTRA``): the spatial index on the measures' places.
B2_PG_EXTRA: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS area_measures_geom_gist ON area_measures USING gist (geom)",
)

# Every table of this migration with its Dutch name (for ``python -m gis copy``), and those it seeds.
B2_TABLES: dict[str, str] = {
    "measure_catalogue": "maatregelencatalogus",
    "area_measures": "maatregelen per gebied",
    "measure_rankings": "rangschikking van maatregelen",
    "measure_evidence": "bewijsstukken van maatregelen",
    "objectives": "doelen",
    "measure_history": "maatregelgeschiedenis",
}
B2_SEEDED: frozenset[str] = frozenset({"measure_catalogue"})

__all__ = ["B2_DESCRIPTION", "B2_PG_EXTRA", "B2_SEEDED", "B2_STATEMENTS", "B2_TABLES", "B2_VERSION"]
