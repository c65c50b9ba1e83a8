"""Command line: ``python -m gis copy --from SRC --to DST [--for-role ROLE]``, a whole database moved over.

DuckDB to PostgreSQL/PostGIS moves a region to the shared server; PostgreSQL to DuckDB makes a laptop copy for
an offline meeting (``--for-role``: only what that role may see; ``gis/store/copy.py``). Exit codes: 0 copied
and checked, 1 a table differs after the copy, 2 refused (nothing written).
"""

from __future__ import annotations

import argparse
import sys
import time

from gis.domain.roles import Role
from gis.store.copy import CopyRefused, TableCheck, copy_database


def check_table(checks: list[TableCheck]) -> str:
    """The Dutch table of the check: table, rows on both sides, checksum, ok."""
    lines = [f"{'tabel':<20} {'rijen bron':>12} {'rijen doel':>12}  {'controlegetal':<16}  ok"]
    for c in checks:
        mark = "ja" if c.ok else "NEE"
        rows = (f"{c.source_rows:>12,} {c.target_rows:>12,}").replace(",", ".")
        lines.append(f"{c.table:<20} {rows}  {c.target_sum:<16}  {mark}")
    return "\n".join(lines)


def copy_command(args: argparse.Namespace) -> int:
    """Copy, print the check per table; 1 when a table differs, 2 when refused."""
    target_is_file = not args.target.startswith(("postgresql://", "postgres://"))
    if target_is_file and not args.for_role:
        print("Let op: deze kopie bevat alle vertrouwelijke gegevens (incidenten, melders, foto's, accounts, "
              "auditlog en geheimen). Bewaar haar versleuteld en verwijder haar na gebruik; gebruik --for-role "
              "voor een kopie met alleen wat een rol mag zien.", file=sys.stderr)  # fmt: skip
    started = time.perf_counter()
    try:
        checks = copy_database(
            args.source, args.target, role=args.for_role, chunk=args.chunk, say=lambda line: print(line, flush=True)
        )
    except CopyRefused as exc:
        print(f"Geweigerd: {exc}", file=sys.stderr)
        return 2
    print(check_table(checks))
    seconds = time.perf_counter() - started
    bad = [c.table for c in checks if not c.ok]
    if bad:
        print(f"Fout: de kopie wijkt af in tabel {', '.join(bad)} (aantal rijen of controlegetal).", file=sys.stderr)
        return 1
    rows = sum(c.target_rows for c in checks)
    extra = f" voor de rol {args.for_role}" if args.for_role else ""
    print(
        f"Gekopieerd{extra} en gecontroleerd: {len(checks)} tabellen, {rows:,} rijen in {seconds:.1f} s.".replace(
            ",", "."
        )
    )
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``copy`` to the command line."""
    cp = sub.add_parser("copy", help="hele database kopiëren (DuckDB ↔ PostgreSQL/PostGIS) en controleren")
    cp.add_argument("--from", dest="source", required=True, help="bron: DuckDB-bestand of postgresql://-URL")
    cp.add_argument("--to", dest="target", required=True, help="doel (leeg): DuckDB-bestand of postgresql://-URL")
    cp.add_argument("--for-role", dest="for_role", choices=[r.value for r in Role], default=None,
                    help="alleen wat deze rol mag zien; lagen die zij alleen als aantallen ziet als vrijgegeven "
                    "aantallen (tabel released_counts)")  # fmt: skip
    cp.add_argument("--chunk", type=int, default=50_000, help="rijen per stap (geheugen)")
    cp.set_defaults(func=copy_command)
