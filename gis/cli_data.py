"""Command line for data in and out: ``python -m gis import`` and ``python -m gis export``.

Both share the code of the pages (``gis.importing``, ``gis.io``). Exit codes: 0 done, 2 refused
(nothing written), 1 other errors. Messages are Dutch and say what was done.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gis.domain.catalog import Layer
from gis.i18n import fmt_int
from gis.io.area_export import export_areas
from gis.io.layer_export import export_points
from gis.store import Filters, open_store

EXPORT_LAYERS = (*(layer.value for layer in Layer), "areas")


def export_layer(args: argparse.Namespace) -> int:
    """Write a layer to a file (GeoPackage/GeoJSON in RD New, CSV with RD x/y plus lat/lon)."""
    out = Path(args.out)
    if not out.parent.exists():
        print(f"Fout: de map '{out.parent}' bestaat niet; er is niets geschreven.", file=sys.stderr)
        return 2
    store = open_store(args.db)  # brings an older database up to date first, like the app does
    try:
        if args.layer == "areas":
            if args.format == "csv":
                print("Fout: gebieden zijn vlakken; kies gpkg of geojson.", file=sys.stderr)
                return 2
            frame = store.areas()
            data = export_areas(frame, args.format, "rd" if args.format == "gpkg" else "wgs84")
        else:
            frame = store.points(Layer(args.layer), Filters(), limit=10**9)
            system = "rd" if args.format == "gpkg" else "wgs84"
            data = export_points(frame, args.format, system, layer=args.layer)
    finally:
        store.close()
    out.write_bytes(data)
    print(f"{fmt_int(len(frame))} records van laag '{args.layer}' geschreven naar {out} "
          f"({args.format}, {len(data) / 1e6:.1f} MB).")  # fmt: skip
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``import`` and ``export`` on the main parser."""
    exp = sub.add_parser("export", help="een laag wegschrijven naar een bestand")
    exp.add_argument("--layer", required=True, choices=EXPORT_LAYERS)
    exp.add_argument("--format", required=True, choices=("gpkg", "geojson", "csv"))
    exp.add_argument("out", help="uitvoerbestand")
    exp.set_defaults(func=export_layer)
