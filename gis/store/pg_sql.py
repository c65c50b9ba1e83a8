"""The SQL dialect step from the store's portable SQL to PostgreSQL/PostGIS, and the PostGIS-only schema parts.

The store's queries and migrations are written once (``?`` placeholders, DuckDB spatial's names). The few
spellings PostGIS does not share are rewritten here, and only here:

- ``?`` becomes psycopg's ``%s`` (outside string literals) and a literal ``%`` becomes ``%%``;
- ``ST_AsWKB(g)`` becomes ``ST_AsBinary(g)``; ``ST_GeomFromWKB(?)`` and ``ST_Point(x, y)`` get SRID 28992;
- in migrations, ``GEOMETRY`` becomes ``geometry(Geometry, 28992)`` and a ``VIRTUAL`` generated column
  (PostgreSQL 15 has only stored ones) becomes ``STORED``.

What PostGIS adds on top (GiST indexes, the append-only audit log, grants to the app role) is in
``PG_EXTRA``, keyed by the migration it belongs to, so both backends keep one version numbering.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gis.store.schema_a2 import A2_PG_EXTRA, A2_VERSION
from gis.store.schema_b1 import B1_PG_EXTRA, B1_VERSION
from gis.store.schema_b2 import B2_PG_EXTRA, B2_VERSION

SRID = 28992
_TOKENS = re.compile(r"'(?:[^']|'')*'|\?|%")
_POINT = re.compile(r"\bST_Point\(([^()]*)\)", re.I)


@lru_cache(maxsize=4096)
def to_pg(sql: str) -> str:
    """The query ``sql`` (portable spelling, ``?`` placeholders) as psycopg runs it on PostGIS."""

    def token(m: re.Match[str]) -> str:
        text = m.group(0)
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        return text.replace("%", "%%")  # a string literal: keep it, escape psycopg's marker inside

    sql = _TOKENS.sub(token, sql)
    sql = re.sub(r"\bST_AsWKB\(", "ST_AsBinary(", sql, flags=re.I)
    sql = re.sub(r"\bST_GeomFromWKB\(%s\)", f"ST_GeomFromWKB(%s, {SRID})", sql, flags=re.I)
    return _POINT.sub(lambda m: f"ST_SetSRID(ST_MakePoint({m.group(1)}), {SRID})", sql)


def migration_sql(statement: str) -> str:
    """A migration statement as PostGIS takes it (types and generated columns; no placeholders)."""
    statement = re.sub(r"\bGEOMETRY GENERATED ALWAYS AS \((.*)\) VIRTUAL", r"geometry(Point, 28992) "
                       r"GENERATED ALWAYS AS (\1) STORED", statement)  # fmt: skip
    statement = re.sub(r"\bGEOMETRY\b(?!\()", f"geometry(Geometry, {SRID})", statement)
    statement = _POINT.sub(lambda m: f"ST_SetSRID(ST_MakePoint({m.group(1)}), {SRID})", statement)
    return statement


def _gist(table: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS {table}_geom_gist ON {table} USING gist (geom)"


# PostGIS-only statements run right after the migration of the same version.
PG_EXTRA: dict[int, tuple[str, ...]] = {
    1: tuple(_gist(t) for t in ("provinces", "municipalities", "areas", "barns", "dumpings", "incidents")),
    4: ("CREATE INDEX IF NOT EXISTS dumpings_linked_idx ON dumpings (linked_to)",),
    5: tuple(f"CREATE INDEX IF NOT EXISTS {t}_batch_idx ON {t} (batch_id)" for t in ("incidents", "barns", "dumpings")),
    7: (
        # The audit log is append-only in the database itself: no role may change or remove a line
        # (the app role has no UPDATE/DELETE/TRUNCATE on it either; see ``grant_statements``).
        "CREATE OR REPLACE FUNCTION vb_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege'; "
        "END $$",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION vb_audit_append_only()",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION vb_audit_append_only()",
    ),
    8: (
        # DuckDB dropped the primary-key index for import speed; PostgreSQL looks records up by id.
        "CREATE UNIQUE INDEX IF NOT EXISTS incidents_id_idx ON incidents (id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS barns_id_idx ON barns (id)",
        _gist("incidents"),
        _gist("barns"),
        "CREATE INDEX IF NOT EXISTS incidents_batch_idx ON incidents (batch_id)",
        "CREATE INDEX IF NOT EXISTS barns_batch_idx ON barns (batch_id)",
        "CREATE INDEX IF NOT EXISTS incidents_date_idx ON incidents (occurred_on)",
    ),
}


PG_EXTRA[B1_VERSION] = B1_PG_EXTRA
PG_EXTRA[B2_VERSION] = B2_PG_EXTRA
PG_EXTRA[A2_VERSION] = A2_PG_EXTRA


def grant_statements(app_role: str) -> tuple[str, ...]:
    """What the app role may do: read and write the tables, but only add to the audit log; no DDL."""
    role = quote_ident(app_role)
    return (
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_version FROM {role}",
    )


def quote_ident(name: str) -> str:
    """A PostgreSQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


__all__ = ["PG_EXTRA", "SRID", "grant_statements", "migration_sql", "quote_ident", "to_pg"]
