"""Migration 13: the safety analysis of an area (step B1): survey responses, site walks (schouw) with their
findings and photos, and frozen measurements (0-meting, 1-meting). Portable SQL, as in ``gis.store.schema``.

Survey answers are personal data: the answers are one JSON text per respondent, never a name (a survey
tool's opaque respondent reference at most). Findings are points in RD New with ``x``/``y`` beside the
geometry, as the point layers have, so counting them is plain arithmetic on both backends.
"""

from __future__ import annotations

B1_VERSION = 13
B1_DESCRIPTION = (
    "veiligheidsanalyse (B1): enquêtes en interviews (antwoorden per respondent, ingelezen partijen), schouwen "
    "(dag of nacht, deelnemers, route) met bevindingen en foto's, en bevroren metingen (0-meting, 1-meting)"
)
B1_STATEMENTS: tuple[str, ...] = (
    "CREATE SEQUENCE survey_imports_id_seq START 1",
    "CREATE TABLE survey_imports (id INTEGER PRIMARY KEY DEFAULT nextval('survey_imports_id_seq'), "
    "area_id INTEGER, file_name VARCHAR NOT NULL, file_hash VARCHAR NOT NULL, user_name VARCHAR NOT NULL, "
    "created_at TIMESTAMP NOT NULL DEFAULT current_timestamp, rows_imported INTEGER NOT NULL DEFAULT 0, "
    "undone_at TIMESTAMP, undone_by VARCHAR)",
    "CREATE SEQUENCE survey_responses_id_seq START 1",
    "CREATE TABLE survey_responses (id BIGINT PRIMARY KEY DEFAULT nextval('survey_responses_id_seq'), "
    "questionnaire VARCHAR NOT NULL, respondent_type VARCHAR NOT NULL, area_id INTEGER, postcode4 VARCHAR, "
    "answered_on DATE, answers VARCHAR NOT NULL, source VARCHAR NOT NULL, respondent_ref VARCHAR, "
    "import_id INTEGER, entered_by VARCHAR NOT NULL, "
    "entered_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX survey_responses_area_idx ON survey_responses (area_id)",
    "CREATE SEQUENCE schouw_walks_id_seq START 1",
    "CREATE TABLE schouw_walks (id INTEGER PRIMARY KEY DEFAULT nextval('schouw_walks_id_seq'), "
    "area_id INTEGER NOT NULL, walked_on DATE NOT NULL, daypart VARCHAR NOT NULL, participants VARCHAR, "
    "route GEOMETRY, notes VARCHAR, created_by VARCHAR NOT NULL, "
    "created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
    "CREATE SEQUENCE schouw_findings_id_seq START 1",
    "CREATE TABLE schouw_findings (id BIGINT PRIMARY KEY DEFAULT nextval('schouw_findings_id_seq'), "
    "walk_id INTEGER NOT NULL, x DOUBLE PRECISION NOT NULL, y DOUBLE PRECISION NOT NULL, geom GEOMETRY, "
    "category VARCHAR NOT NULL, note VARCHAR, municipality_code VARCHAR, became VARCHAR, "
    "created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX schouw_findings_walk_idx ON schouw_findings (walk_id)",
    "CREATE SEQUENCE schouw_files_id_seq START 1",
    "CREATE TABLE schouw_files (id BIGINT PRIMARY KEY DEFAULT nextval('schouw_files_id_seq'), "
    "finding_id BIGINT NOT NULL, name VARCHAR NOT NULL, mime VARCHAR NOT NULL, size BIGINT NOT NULL, "
    "sha256 VARCHAR NOT NULL, original BYTEA NOT NULL, shared BYTEA, uploaded_by VARCHAR NOT NULL, "
    "uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
    "CREATE SEQUENCE analysis_snapshots_id_seq START 1",
    "CREATE TABLE analysis_snapshots (id INTEGER PRIMARY KEY DEFAULT nextval('analysis_snapshots_id_seq'), "
    "area_id INTEGER NOT NULL, kind VARCHAR NOT NULL, taken_on DATE NOT NULL, period_from DATE, "
    "period_to DATE, data VARCHAR NOT NULL, map_png BYTEA, created_by VARCHAR NOT NULL, "
    "created_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
)
# PostGIS only (``gis.store.pg_sql.PG_EXTRA``): spatial indexes.
B1_PG_EXTRA: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS schouw_findings_geom_gist ON schouw_findings USING gist (geom)",
    "CREATE INDEX IF NOT EXISTS schouw_walks_route_gist ON schouw_walks USING gist (route)",
)

__all__ = ["B1_DESCRIPTION", "B1_PG_EXTRA", "B1_STATEMENTS", "B1_VERSION"]
