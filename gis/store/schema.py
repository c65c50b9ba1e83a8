"""Versioned schema migrations, written in SQL that DuckDB (spatial) and PostGIS both accept.

Each migration runs once, in its own transaction, and is recorded in ``schema_version``.
Coordinates are RD New (EPSG:28992) metres; points keep ``x``/``y`` beside their geometry so
grid counts are plain arithmetic and GROUP BYs, portable to any SQL backend.
"""

from __future__ import annotations

from dataclasses import dataclass

from gis.domain.catalog import code_list_seed
from gis.store.schema_a2 import A2_DESCRIPTION, A2_STATEMENTS, A2_VERSION
from gis.store.schema_b1 import B1_DESCRIPTION, B1_STATEMENTS, B1_VERSION
from gis.store.schema_b2 import B2_DESCRIPTION, B2_STATEMENTS, B2_VERSION


@dataclass(frozen=True)
class Migration:
    """One schema step: a version number, what it does, and its statements."""

    version: int
    description: str
    statements: tuple[str, ...]


_POINT_COMMON = """
    id BIGINT PRIMARY KEY DEFAULT nextval('{t}_id_seq'),
    x DOUBLE PRECISION NOT NULL,
    y DOUBLE PRECISION NOT NULL,
    geom GEOMETRY,
    precision_m DOUBLE PRECISION,
    municipality_code VARCHAR,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
"""


def _point_table(name: str, fields: str) -> tuple[str, ...]:
    return (
        f"CREATE SEQUENCE {name}_id_seq START 1",
        f"CREATE TABLE {name} ({_POINT_COMMON.format(t=name)}{fields})",
        f"CREATE INDEX {name}_muni_idx ON {name} (municipality_code)",
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "basis: metadata, grenzen, PPS-gebieden, schuren, dumpingen, incidenten",
        (
            "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
            "CREATE TABLE provinces (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, geom GEOMETRY)",
            "CREATE TABLE municipalities (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
            "province_code VARCHAR, geom GEOMETRY)",
            "CREATE SEQUENCE areas_id_seq START 1",
            "CREATE TABLE areas (id INTEGER PRIMARY KEY DEFAULT nextval('areas_id_seq'), "
            "name VARCHAR NOT NULL, activities VARCHAR, process_status VARCHAR, "
            "geom GEOMETRY NOT NULL, is_demo BOOLEAN NOT NULL DEFAULT FALSE, "
            "created_at TIMESTAMP NOT NULL DEFAULT current_timestamp, created_by VARCHAR, "
            "deleted_at TIMESTAMP)",
            *_point_table(
                "barns",
                "address VARCHAR, bag_id VARCHAR, floor_area_m2 DOUBLE PRECISION, vacant_since DATE, "
                "owner_contact VARCHAR, owner_consent BOOLEAN, status VARCHAR, last_inspection DATE, "
                "risk_notes VARCHAR, source_org VARCHAR",
            ),
            *_point_table(
                "dumpings",
                "found_at TIMESTAMP NOT NULL, place_type VARCHAR, waste_type VARCHAR, "
                "container_count INTEGER, volume_l DOUBLE PRECISION, substances VARCHAR, "
                "into_soil_water BOOLEAN, reporter_org VARCHAR, reporter_name VARCHAR, status VARCHAR, "
                "cleanup_cost DOUBLE PRECISION, notes VARCHAR",
            ),
            *_point_table(
                "incidents",
                "source_org VARCHAR NOT NULL, category VARCHAR, occurred_on DATE NOT NULL, "
                "reference VARCHAR, confidentiality VARCHAR",
            ),
            "CREATE INDEX incidents_date_idx ON incidents (occurred_on)",
            "CREATE TABLE area_members (layer VARCHAR NOT NULL, record_id BIGINT NOT NULL, area_id INTEGER NOT NULL)",
            "CREATE INDEX area_members_idx ON area_members (layer, area_id)",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        2,
        "gebiedsversies: elke opslag bewaart de oude grens (wie, wanneer, waarom)",
        (
            "CREATE TABLE area_versions (area_id INTEGER NOT NULL, version INTEGER NOT NULL, "
            "name VARCHAR NOT NULL, activities VARCHAR, geom GEOMETRY NOT NULL, changed_by VARCHAR, "
            "changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp, reason VARCHAR, "
            "PRIMARY KEY (area_id, version))",
            "INSERT INTO area_versions (area_id, version, name, activities, geom, changed_by, reason) "
            "SELECT id, 1, name, activities, geom, coalesce(created_by, 'systeem'), 'eerste versie' FROM areas",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        3,
        "verwijderde gebieden: wie en waarom",
        (
            "ALTER TABLE areas ADD COLUMN deleted_by VARCHAR",
            "ALTER TABLE areas ADD COLUMN delete_reason VARCHAR",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        4,
        "dumpingen: veldformulier, statusgeschiedenis, foto's en bijlagen, dossier opruimkosten",
        (
            "ALTER TABLE dumpings ADD COLUMN cleanup_date DATE",
            "ALTER TABLE dumpings ADD COLUMN substances_other VARCHAR",
            "ALTER TABLE dumpings ADD COLUMN linked_to BIGINT",
            "ALTER TABLE dumpings ADD COLUMN created_by VARCHAR",
            "ALTER TABLE dumpings ADD COLUMN updated_at TIMESTAMP",
            "ALTER TABLE dumpings ADD COLUMN police_report_no VARCHAR",
            "ALTER TABLE dumpings ADD COLUMN landowner VARCHAR",
            "ALTER TABLE dumpings ADD COLUMN owner_type VARCHAR",
            "ALTER TABLE dumpings ADD COLUMN amount_requested DOUBLE PRECISION",
            "ALTER TABLE dumpings ADD COLUMN amount_granted DOUBLE PRECISION",
            "CREATE SEQUENCE dumping_history_id_seq START 1",
            "CREATE TABLE dumping_history (id BIGINT PRIMARY KEY DEFAULT nextval('dumping_history_id_seq'), "
            "dumping_id BIGINT NOT NULL, changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp, "
            "user_name VARCHAR NOT NULL, from_status VARCHAR, to_status VARCHAR NOT NULL, note VARCHAR)",
            "CREATE INDEX dumping_history_idx ON dumping_history (dumping_id)",
            "INSERT INTO dumping_history (dumping_id, changed_at, user_name, from_status, to_status, note) "
            "SELECT id, created_at, 'systeem', NULL, coalesce(status, 'gemeld'), 'bestaande melding' FROM dumpings",
            "CREATE SEQUENCE dumping_files_id_seq START 1",
            "CREATE TABLE dumping_files (id BIGINT PRIMARY KEY DEFAULT nextval('dumping_files_id_seq'), "
            "dumping_id BIGINT NOT NULL, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, mime VARCHAR NOT NULL, "
            "size BIGINT NOT NULL, sha256 VARCHAR NOT NULL, original BYTEA NOT NULL, shared BYTEA, "
            "lat DOUBLE PRECISION, lon DOUBLE PRECISION, uploaded_by VARCHAR NOT NULL, "
            "uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
            "CREATE INDEX dumping_files_idx ON dumping_files (dumping_id)",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        5,
        "import van partnergegevens: partijen (batches) die als geheel terug te draaien zijn, kolomkoppelingen",
        (
            "CREATE SEQUENCE import_batches_id_seq START 1",
            "CREATE TABLE import_batches (id INTEGER PRIMARY KEY DEFAULT nextval('import_batches_id_seq'), "
            "layer VARCHAR NOT NULL, source_org VARCHAR, file_name VARCHAR NOT NULL, file_hash VARCHAR NOT NULL, "
            "user_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT current_timestamp, "
            "rows_imported BIGINT NOT NULL DEFAULT 0, rows_refused BIGINT NOT NULL DEFAULT 0, "
            "undone_at TIMESTAMP, undone_by VARCHAR)",
            "ALTER TABLE incidents ADD COLUMN batch_id INTEGER",
            "ALTER TABLE barns ADD COLUMN batch_id INTEGER",
            "ALTER TABLE dumpings ADD COLUMN batch_id INTEGER",
            "CREATE TABLE import_mappings (source_org VARCHAR NOT NULL, layer VARCHAR NOT NULL, "
            "mapping VARCHAR NOT NULL, saved_by VARCHAR, saved_at TIMESTAMP NOT NULL DEFAULT current_timestamp, "
            "PRIMARY KEY (source_org, layer))",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        6,
        "datum- en gemeente-indexen van de puntlagen weg: DuckDB gebruikt zo'n index alleen voor opzoeken op "
        "gelijkheid, filters lezen de min/max per blok; elke index kostte bij een import een derde tot een halve "
        "seconde per miljoen rijen, en geheugen dat met de tabel meegroeit",
        (
            "DROP INDEX IF EXISTS incidents_date_idx",
            "DROP INDEX IF EXISTS incidents_muni_idx",
            "DROP INDEX IF EXISTS barns_muni_idx",
            "DROP INDEX IF EXISTS dumpings_muni_idx",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        7,
        "accounts, sessies, auditlog (alleen toevoegen) en bewaartermijnen",
        (
            "CREATE TABLE accounts (username VARCHAR PRIMARY KEY, display_name VARCHAR NOT NULL, "
            "role VARCHAR NOT NULL, scope VARCHAR NOT NULL, password_hash VARCHAR NOT NULL, "
            "created_at TIMESTAMP NOT NULL DEFAULT current_timestamp, created_by VARCHAR NOT NULL, "
            "failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TIMESTAMP, disabled_at TIMESTAMP, "
            "is_demo BOOLEAN NOT NULL DEFAULT FALSE, password_changed_at TIMESTAMP)",
            "CREATE TABLE sessions (token_hash VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, "
            "created_at TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL, ended_at TIMESTAMP, end_reason VARCHAR)",
            "CREATE SEQUENCE audit_log_id_seq START 1",
            "CREATE TABLE audit_log (id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id_seq'), "
            "logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp, user_name VARCHAR NOT NULL, role VARCHAR, "
            "action VARCHAR NOT NULL, resource VARCHAR NOT NULL, record VARCHAR, detail VARCHAR, "
            "outcome VARCHAR NOT NULL DEFAULT 'ok')",
            "CREATE TABLE retention_rules (layer VARCHAR PRIMARY KEY, years INTEGER NOT NULL, "
            "only_closed BOOLEAN NOT NULL, updated_by VARCHAR NOT NULL, "
            "updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
        ),
    ),
)


# Point layers whose ``geom`` is computed from x/y (migration 8); dumpings keep a stored geometry.
COMPUTED_GEOM: frozenset[str] = frozenset({"incidents", "barns"})
_BULK_TABLES: dict[str, str] = {
    "incidents": "source_org VARCHAR NOT NULL, category VARCHAR, occurred_on DATE NOT NULL, reference VARCHAR, "
    "confidentiality VARCHAR, batch_id INTEGER",
    "barns": "address VARCHAR, bag_id VARCHAR, floor_area_m2 DOUBLE PRECISION, vacant_since DATE, "
    "owner_contact VARCHAR, owner_consent BOOLEAN, status VARCHAR, last_inspection DATE, risk_notes VARCHAR, "
    "source_org VARCHAR, batch_id INTEGER",
}


def _rebuild_bulk_table(name: str) -> tuple[str, ...]:
    """The same columns in the same order, ``geom`` computed from x/y, ``id`` from the sequence without an index."""
    columns = (
        f"id BIGINT NOT NULL DEFAULT nextval('{name}_id_seq'), x DOUBLE PRECISION NOT NULL, "
        "y DOUBLE PRECISION NOT NULL, geom GEOMETRY GENERATED ALWAYS AS (ST_Point(x, y)) VIRTUAL, "
        "precision_m DOUBLE PRECISION, municipality_code VARCHAR, is_demo BOOLEAN NOT NULL DEFAULT FALSE, "
        "created_at TIMESTAMP NOT NULL DEFAULT current_timestamp, "
    )
    names = "id, x, y, precision_m, municipality_code, is_demo, created_at, " + ", ".join(
        part.split()[0] for part in _BULK_TABLES[name].split(", ")
    )
    return (
        f"CREATE TABLE {name}_v8 ({columns}{_BULK_TABLES[name]})",
        f"INSERT INTO {name}_v8 ({names}) SELECT {names} FROM {name} ORDER BY id",
        f"DROP TABLE {name}",
        f"ALTER TABLE {name}_v8 RENAME TO {name}",
    )


MIGRATIONS += (
    Migration(
        8,
        "incidenten en schuren (de lagen van massale imports): geometrie berekend uit x/y in plaats van opgeslagen, "
        "id uit de reeks zonder primaire-sleutelindex; samen kostten die bij een import 1,5 s per miljoen rijen en "
        "een index die in het geheugen met de tabel meegroeide. De ids blijven uniek: alleen de reeks geeft ze uit",
        (*_rebuild_bulk_table("incidents"), *_rebuild_bulk_table("barns")),
    ),
)


MIGRATIONS += (
    Migration(
        9,
        "aanmelden: mislukte pogingen per account en bron (het adres van de client) en per account ('*'), met "
        "blokkering, groeiende wachttijd en de laatste geslaagde aanmelding per bron; de tellers van migratie 7 "
        "gaan mee naar de regel '*' van het account",
        (
            "CREATE TABLE login_throttle (username VARCHAR NOT NULL, source VARCHAR NOT NULL, "
            "failures INTEGER NOT NULL DEFAULT 0, locked_until TIMESTAMP, locks INTEGER NOT NULL DEFAULT 0, "
            "last_attempt TIMESTAMP, last_success TIMESTAMP, PRIMARY KEY (username, source))",
            "INSERT INTO login_throttle (username, source, failures, locked_until) "
            "SELECT username, '*', failed_logins, locked_until FROM accounts "
            "WHERE failed_logins > 0 OR locked_until IS NOT NULL",
            "ALTER TABLE accounts DROP COLUMN failed_logins",
            "ALTER TABLE accounts DROP COLUMN locked_until",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        10,
        "concepten: een half ingevuld formulier per aangemelde gebruiker en formulier (overleeft het herladen "
        "van de pagina); weg zodra de melding is opgeslagen of de gebruiker het weggooit",
        (
            "CREATE TABLE form_drafts (username VARCHAR NOT NULL, form VARCHAR NOT NULL, data VARCHAR NOT NULL, "
            "saved_at TIMESTAMP NOT NULL, PRIMARY KEY (username, form))",
        ),
    ),
)


def _sql_text(value: object) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _seed_code_values() -> tuple[str, ...]:
    """Today's code lists of ``gis.domain.catalog`` as one INSERT, so nothing changes for existing data."""
    rows = ", ".join(
        f"({_sql_text(name)}, {_sql_text(owner)}, {_sql_text(code)}, {_sql_text(nl)}, {_sql_text(en)}, {order})"
        for name, owner, code, nl, en, order in code_list_seed()
    )
    return (f"INSERT INTO code_values (list_name, owner, code, label_nl, label_en, sort_order) VALUES {rows}",)


MIGRATIONS += (
    Migration(
        11,
        "codelijsten als gegevens (categorieën per bronorganisatie, soorten afval en plek) met geschiedenis, "
        "eigen waarden van partners per organisatie gekoppeld en onthouden; incidenten bewaren de oorspronkelijke "
        "categorie (bij 'overig') en het tijdstip",
        (
            "CREATE TABLE code_values (list_name VARCHAR NOT NULL, owner VARCHAR NOT NULL DEFAULT '', "
            "code VARCHAR NOT NULL, label_nl VARCHAR NOT NULL, label_en VARCHAR, sort_order INTEGER NOT NULL "
            "DEFAULT 0, retired_at TIMESTAMP, PRIMARY KEY (list_name, owner, code))",
            "CREATE SEQUENCE code_history_id_seq START 1",
            "CREATE TABLE code_history (id BIGINT PRIMARY KEY DEFAULT nextval('code_history_id_seq'), "
            "changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp, user_name VARCHAR NOT NULL, "
            "list_name VARCHAR NOT NULL, owner VARCHAR NOT NULL, code VARCHAR NOT NULL, action VARCHAR NOT NULL, "
            "old_value VARCHAR, new_value VARCHAR)",
            "CREATE TABLE value_mappings (source_org VARCHAR NOT NULL, list_name VARCHAR NOT NULL, "
            "source_value VARCHAR NOT NULL, code VARCHAR NOT NULL, saved_by VARCHAR NOT NULL, "
            "saved_at TIMESTAMP NOT NULL DEFAULT current_timestamp, PRIMARY KEY (source_org, list_name, source_value))",
            "ALTER TABLE incidents ADD COLUMN category_original VARCHAR",
            "ALTER TABLE incidents ADD COLUMN occurred_time TIME",
            *_seed_code_values(),
        ),
    ),
)

MIGRATIONS += (
    Migration(
        12,
        "meldingen tegelijk wijzigen: een versienummer per dumpingmelding (elke wijziging zet het alleen door als "
        "de melding nog de versie heeft die de gebruiker zag) en wie de melding het laatst wijzigde; bestaande "
        "meldingen krijgen versie 1 en de gebruiker van hun laatste regel in de geschiedenis",
        (
            "ALTER TABLE dumpings ADD COLUMN version INTEGER DEFAULT 1",
            "ALTER TABLE dumpings ADD COLUMN updated_by VARCHAR",
            "UPDATE dumpings SET version = 1, updated_by = (SELECT h.user_name FROM dumping_history h "
            "WHERE h.dumping_id = dumpings.id ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)",
        ),
    ),
)
MIGRATIONS += (Migration(B1_VERSION, B1_DESCRIPTION, B1_STATEMENTS),)
MIGRATIONS += (Migration(B2_VERSION, B2_DESCRIPTION, B2_STATEMENTS),)
MIGRATIONS += (Migration(A2_VERSION, A2_DESCRIPTION, A2_STATEMENTS),)

LATEST_VERSION: int = MIGRATIONS[-1].version
