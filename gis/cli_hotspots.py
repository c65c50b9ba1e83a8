"""Command line for hotspots: ``python -m gis hotspots``, the same analysis as the Hotspots page.

Writes one row per cell (polygon in RD New, count, Gi* z-score, p-value, corrected p, class) to a
GeoPackage and, with ``--map``, the static map as PNG or PDF. Exit codes: 0 written, 2 refused
(bad choice or nothing to analyse; nothing written), 1 other errors.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from gis.domain.catalog import Layer
from gis.hotspots.analysis import CORRECTIONS, HotspotQuery, run_hotspots
from gis.hotspots.gistar import HotspotError
from gis.hotspots.grid import GridError
from gis.hotspots.stats import CLASS_LABELS
from gis.i18n import fmt_int
from gis.store import Store, open_store


def _date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is geen datum; schrijf 2025-03-31 of 31-03-2025.")


def resolve_area(store: Store, names: list[str]) -> dict[str, object]:
    """Query fields for ``--area``: a PPS area, a municipality, or one or more provinces (by name)."""
    if not names:
        return {}
    wanted = [n.strip().lower() for n in names]
    areas = store.areas()
    by_area = {str(n).lower(): int(i) for i, n in zip(areas["id"], areas["name"], strict=True)}
    munis = store.municipalities()
    by_muni = {str(n).lower(): str(c) for c, n in zip(munis["code"], munis["name"], strict=True)}
    provs = store.provinces()
    by_prov = {str(n).lower(): str(c) for c, n in zip(provs["code"], provs["name"], strict=True)}
    if len(wanted) == 1 and wanted[0] in by_area:
        return {"area_id": by_area[wanted[0]]}
    if len(wanted) == 1 and wanted[0] in by_muni:
        return {"municipality": by_muni[wanted[0]]}
    unknown = [n for n, w in zip(names, wanted, strict=True) if w not in by_prov]
    if unknown:
        raise HotspotError(
            f"Gebied '{unknown[0]}' bestaat niet: geef de naam van een PPS-gebied, een gemeente of provincie(s). "
            f"PPS-gebieden: {', '.join(sorted(map(str, areas['name']))) or 'geen'}."
        )
    return {"provinces": tuple(by_prov[w] for w in wanted)}


def hotspots(args: argparse.Namespace) -> int:
    """Run the hotspot analysis and write the GeoPackage (and map)."""
    from gis.hotspots.export import map_image, write_gpkg

    out = Path(args.out)
    if out.suffix.lower() != ".gpkg":
        print("Fout: --out moet een .gpkg-bestand zijn; er is niets geschreven.", file=sys.stderr)
        return 2
    if not out.parent.exists():
        print(f"Fout: de map '{out.parent}' bestaat niet; er is niets geschreven.", file=sys.stderr)
        return 2
    if args.map and Path(args.map).suffix.lower() not in (".png", ".pdf"):
        print("Fout: --map moet op .png of .pdf eindigen; er is niets geschreven.", file=sys.stderr)
        return 2
    store = open_store(args.db, read_only=True)
    try:
        try:
            q = HotspotQuery(layers=tuple(dict.fromkeys(args.layer or ["incidents"])), date_from=args.date_from,
                             date_to=args.date_to, cell_m=args.cell, distance_m=args.distance,
                             correction=args.correction, grid=args.grid, **resolve_area(store, args.area))  # type: ignore[arg-type]  # fmt: skip
            result = run_hotspots(store, q)
        except (HotspotError, GridError) as exc:
            print(f"Geweigerd: {exc} Er is niets geschreven.", file=sys.stderr)
            return 2
        rows = write_gpkg(result, out)
        if args.map:
            Path(args.map).write_bytes(map_image(result, store, fmt=Path(args.map).suffix.lower()[1:]))
    finally:
        store.close()
    counts = result.class_counts()
    print(f"Hotspots voor {result.study.label}: {fmt_int(result.n_events)} meldingen in "
          f"{fmt_int(result.cells.n)} cellen van {result.cells.label}, buurafstand {result.distance_m:g} m, "
          f"correctie {args.correction}.")  # fmt: skip
    for cls in (3, 2, 1, -1, -2, -3):
        if counts.get(cls):
            print(f"  {CLASS_LABELS[cls]['nl']:<28} {fmt_int(counts[cls]):>8} cellen")
    for warning in result.warnings:
        print(f"Let op: {warning}")
    print(f"{fmt_int(rows)} cellen geschreven naar {out}" + (f"; kaart naar {args.map}" if args.map else "") + ".")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``hotspots`` on the main parser."""
    hot = sub.add_parser("hotspots", help="hotspots (Getis-Ord Gi*) per cel naar een GeoPackage")
    hot.add_argument("--layer", action="append", choices=[layer.value for layer in Layer],
                     help="laag (herhaalbaar; standaard incidents)")  # fmt: skip
    hot.add_argument("--area", action="append", default=[],
                     help="PPS-gebied, gemeente of provincie (provincies herhaalbaar); standaard de regio")  # fmt: skip
    hot.add_argument("--from", dest="date_from", type=_date, default=None, help="begindatum (2025-01-01)")
    hot.add_argument("--to", dest="date_to", type=_date, default=None, help="einddatum (2025-12-31)")
    hot.add_argument("--cell", type=float, required=True, help="celgrootte in meter (100 tot 2000)")
    hot.add_argument("--distance", type=float, required=True, help="buurafstand in meter")
    hot.add_argument("--correction", choices=list(CORRECTIONS), default="fdr", help="correctie voor veel toetsen")
    hot.add_argument("--grid", choices=("square", "h3"), default="square", help="vierkanten of H3-zeshoeken")
    hot.add_argument("--map", default=None, help="ook de kaart schrijven (.png of .pdf)")
    hot.add_argument("--out", required=True, help="uitvoer: .gpkg")
    hot.set_defaults(func=hotspots)
