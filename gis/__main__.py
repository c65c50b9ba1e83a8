"""Command line: ``python -m gis COMMAND``. The database is the one named by ``VB_DB``.

Commands: ``init`` (create/migrate; fill with demo data or only boundaries), ``info`` (what the
database holds), ``migrate`` (bring the schema up to date; on PostgreSQL as the owner role of ``VB_DB_OWNER``),
``import``, ``export`` and ``remap`` (``gis/cli_data.py``), ``hotspots``
(``gis/cli_hotspots.py``). Exit codes: 0 done, 2 refused (nothing written), 1 other errors.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from gis.cli_copy import add_commands as add_copy_commands
from gis.cli_data import add_commands
from gis.cli_hotspots import add_commands as add_hotspot_commands
from gis.demo.generator import DEFAULT_SEED
from gis.demo.seed import load_boundaries, seed_demo
from gis.domain.catalog import Layer
from gis.i18n import fmt_int
from gis.store import Filters, StoreError, open_store


def _init(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    if not store.is_empty():
        print(f"Database {store.path} bevat al gegevens; er is niets gewijzigd.", file=sys.stderr)
        return 2
    if args.demo:

        def report(p: float, msg: str) -> None:
            print(f"[{p:4.0%}] {msg}", flush=True)

        counts = seed_demo(store, seed=args.seed, n_incidents=args.incidents, progress=report)
        print("Demodatabase gemaakt: " + ", ".join(f"{k} {fmt_int(v)}" for k, v in counts.items()))
    else:
        load_boundaries(store)
        store.set_meta("demo", "0")
        print(f"Lege database gemaakt in {store.path} (alleen gemeente- en provinciegrenzen).")
    return 0


def _info(args: argparse.Namespace) -> int:
    store = open_store(args.db, read_only=True, migrate=False)
    print(f"Database: {store.path} ({store.backend}), schemaversie {store.schema_version()}")
    if store.schema_version() == 0:
        print("De database is leeg (nog niet aangemaakt).")
        return 0
    print(f"Demogegevens: {'ja' if store.is_demo() else 'nee'}")
    for layer in Layer:
        print(f"  {layer.value:<10} {fmt_int(store.layer_count(layer, Filters())):>12}")
    print(f"  {'areas':<10} {fmt_int(len(store.areas())):>12}")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    store = open_store(args.db, migrate=False)
    try:
        applied = store.migrate()
        version = store.schema_version()
    finally:
        store.close()
    done = ", ".join(str(v) for v in applied) if applied else "geen (al bij)"
    print(f"Database {store.path}: migraties toegepast: {done}; schemaversie nu {version}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and ``--help``)."""
    parser = argparse.ArgumentParser(prog="python -m gis", description="Veilig Buitengebied: beheer")
    parser.add_argument("--db", default=None, help="database (standaard: instelling VB_DB)")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="database aanmaken (met of zonder demogegevens)")
    init.add_argument("--demo", action=argparse.BooleanOptionalAction, default=True)
    init.add_argument("--incidents", type=int, default=5000, help="aantal demo-incidenten")
    init.add_argument("--seed", type=int, default=DEFAULT_SEED)
    init.set_defaults(func=_init)
    info = sub.add_parser("info", help="toon wat de database bevat")
    info.set_defaults(func=_info)
    migrate = sub.add_parser(
        "migrate", help="schema bijwerken (PostgreSQL: als de eigenaarsrol uit VB_DB_OWNER; daarna rechten voor de app)"
    )
    migrate.set_defaults(func=_migrate)
    add_commands(sub)
    add_hotspot_commands(sub)
    add_copy_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except StoreError as exc:
        where = getattr(exc, "where", "")  # an unreachable database: say which one on the command line
        print(f"Fout: {exc}" + (f" ({where})" if where else ""), file=sys.stderr)
        return 2
    except Exception as exc:  # the last resort: one line for the user, the whole trace when asked for
        print(f"Onverwachte fout: {type(exc).__name__}: {exc}", file=sys.stderr)
        if os.environ.get("VB_DEBUG") == "1":
            traceback.print_exc()
        else:
            print("Zet VB_DEBUG=1 voor de volledige foutmelding.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
