"""Command line for data in and out: ``python -m gis import`` and ``python -m gis export``.

Both share the code of the pages (``gis.importing``, ``gis.io``). Exit codes: 0 done, 2 refused
(nothing written), 1 other errors. Messages are Dutch and say what was done.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gis.domain.catalog import SOURCE_ORGS, Layer
from gis.i18n import fmt_int
from gis.io.area_export import areas_for_export, export_areas
from gis.io.layer_export import export_points
from gis.store import Filters, StoreError, open_store

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
            frame = areas_for_export(store)
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


def import_file(args: argparse.Namespace) -> int:
    """Check a partner file and (unless ``--dry-run``) store its valid rows as one batch."""
    from gis.importing.coords import CRS_LABELS
    from gis.importing.errors import ImportFileError
    from gis.importing.pipeline import ImportOptions, run_import
    from gis.importing.report import refusal_messages

    path = Path(args.file)
    if not path.is_file():
        print(f"Fout: bestand '{path}' bestaat niet; er is niets ingelezen.", file=sys.stderr)
        return 2
    if args.layer == "areas":
        return _import_areas(args, path)
    if args.values and (args.layer != Layer.INCIDENTS.value or not args.source):
        print("Fout: --values koppelt de eigen waarden van één organisatie aan haar categorieën; gebruik het met "
              "--layer incidents en --source. Er is niets ingelezen.", file=sys.stderr)  # fmt: skip
        return 2
    crs = {"EPSG:28992": "rd", "EPSG:4326": "wgs84"}.get((args.crs or "").upper(), args.crs or "auto")
    opts = ImportOptions(layer=args.layer, source_org=args.source, user=args.user, crs=crs, dry_run=args.dry_run,
                         allow_duplicate_file=args.again, name=path.name)  # fmt: skip
    store = open_store(args.db)
    try:
        last = [0]

        def progress(rows: int, accepted: int) -> None:
            if rows - last[0] >= 100_000:
                last[0] = rows
                print(f"… {fmt_int(rows)} rijen gelezen, {fmt_int(accepted)} goed", flush=True)

        try:
            opts.category_map = _values(store, args)
            report = run_import(store, path, opts, progress)
            if opts.category_map and not args.dry_run:  # remembered for the organisation's next files
                store.save_value_mappings(args.source, "category", opts.category_map, args.user)
        except (ImportFileError, ValueError, StoreError) as exc:
            print(f"Geweigerd: {exc} Er is niets ingelezen.", file=sys.stderr)
            return 2
    finally:
        store.close()
    system = CRS_LABELS.get(report.crs, report.crs)
    print(f"Bestand: {report.name} ({fmt_int(report.rows_total)} rijen, coördinaten in {system})")
    for note in report.notes:
        print(f"  let op: {note}")
    print(f"Goed: {fmt_int(report.accepted)} rijen. Geweigerd: {fmt_int(report.refused_count)} rijen.")
    for line in refusal_messages(report.refused, limit=args.show):
        print(f"  {line}")
    _print_others(report.other_values, args.show)
    if args.dry_run:
        print("Proefrun (--dry-run): er is niets opgeslagen.")
        return 0
    print(f"Opgeslagen als partij {report.batch_id} in laag '{args.layer}'. Terugdraaien kan op de pagina Importeren.")
    return 0


def _values(store: object, args: argparse.Namespace) -> dict[str, str | None] | None:
    """The ``--values FILE`` as value -> category, checked against the organisation's list in the store."""
    if not args.values:
        return None
    from gis.importing.codes import codes_from_store, read_values_file

    path = Path(args.values)
    if not path.is_file():
        raise ValueError(f"Waardenbestand '{path}' bestaat niet.")
    return dict(read_values_file(path, codes_from_store(store, args.source)))


def _print_others(others: object, show: int) -> None:
    """The file values kept as "overig" (with their rows), so they can be mapped and the batch re-mapped."""
    from gis.domain.catalog import OTHER_CATEGORY

    if others is None or not len(others):  # type: ignore[arg-type]
        return
    total = int(others["rows"].sum())  # type: ignore[index]
    print(f"Onbekende categorieën: {fmt_int(total)} rijen ingelezen als '{OTHER_CATEGORY}', met hun "
          "oorspronkelijke tekst bewaard. Koppel ze met --values (bronwaarde;categorie) en daarna: "
          "python -m gis remap PARTIJ")  # fmt: skip
    for row in others.head(show).itertuples():  # type: ignore[attr-defined]
        print(f"  '{row.value}': {fmt_int(row.rows)} rij(en)")


def remap(args: argparse.Namespace) -> int:
    """Give a batch's "overig" incidents the category their original text is mapped to today."""
    from gis.domain.catalog import OTHER_CATEGORY
    from gis.importing.codes import codes_from_store, read_values_file
    from gis.importing.errors import ImportFileError

    store = open_store(args.db)
    try:
        batch = store.batches()
        batch = batch[batch["id"] == args.batch]
        if batch.empty:
            print(f"Fout: importpartij {args.batch} bestaat niet.", file=sys.stderr)
            return 2
        source = str(batch["source_org"].iloc[0] or "")
        if args.values:
            try:
                values = read_values_file(Path(args.values), codes_from_store(store, source))
            except (ImportFileError, OSError) as exc:
                print(f"Geweigerd: {exc} Er is niets gewijzigd.", file=sys.stderr)
                return 2
            store.save_value_mappings(source, "category", values, args.user)
        n = store.remap_batch(args.batch, args.user)
        left = store.other_values(args.batch)
    finally:
        store.close()
    print(f"Partij {args.batch}: {fmt_int(n)} rij(en) van '{OTHER_CATEGORY}' naar een categorie gezet.")
    if len(left):
        print(f"Nog {fmt_int(int(left['rows'].sum()))} rij(en) '{OTHER_CATEGORY}':")
        for row in left.head(args.show).itertuples():
            print(f"  '{row.value}': {fmt_int(row.rows)} rij(en)")
    return 0


def _import_areas(args: argparse.Namespace, path: Path) -> int:
    from gis.delineation import Activities, create_area, from_file
    from gis.geo.areas import AreaError

    store = open_store(args.db)
    try:
        from gis.io.area_files import MAX_BYTES

        if path.stat().st_size > MAX_BYTES:  # before reading it into memory
            print(f"Fout: het bestand '{path.name}' is {path.stat().st_size / 1e6:.0f} MB; de grens voor een "
                  f"gebiedsbestand is {MAX_BYTES / 1e6:.0f} MB. Er is niets opgeslagen.", file=sys.stderr)  # fmt: skip
            return 2
        checked = from_file(store, path.name, path.read_bytes())
        if args.dry_run:
            print(f"Proefrun: gebied van {checked.geometry.area / 10_000:,.1f} ha is geldig; er is niets opgeslagen.")
            return 0
        area_id = create_area(store, path.stem, checked.geometry, Activities(), args.user)
    except AreaError as exc:
        print(f"Geweigerd: {exc} Er is niets ingelezen.", file=sys.stderr)
        return 2
    finally:
        store.close()
    for note in checked.notes:
        print(f"  let op: {note}")
    print(f"Gebied '{path.stem}' opgeslagen (id {area_id}, {checked.geometry.area / 10_000:,.1f} ha).")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``import`` and ``export`` on the main parser."""
    imp = sub.add_parser("import", help="een bestand van een partner inlezen (eerst gecontroleerd)")
    imp.add_argument("--layer", required=True, choices=EXPORT_LAYERS)
    imp.add_argument("file", help="CSV, Excel (.xlsx), GeoJSON, GeoPackage, gezipte Shapefile of KML")
    imp.add_argument("--source", default=None, choices=[o.code for o in SOURCE_ORGS], help="bronorganisatie")
    imp.add_argument("--crs", default=None, help="EPSG:28992 (RD New) of EPSG:4326 (WGS84); standaard herkend")
    imp.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    imp.add_argument("--again", action="store_true", help="ook inlezen als dit bestand al eerder is ingelezen")
    imp.add_argument("--user", default="opdrachtregel", help="naam voor het logboek van de partij")
    imp.add_argument("--show", type=int, default=20, help="hoeveel geweigerde regels tonen")
    imp.add_argument("--values", default=None, metavar="BESTAND",
                     help="CSV bronwaarde;categorie: eigen waarden van de organisatie (onthouden)")  # fmt: skip
    imp.set_defaults(func=import_file)
    rem = sub.add_parser("remap", help="de rijen 'overig' van een partij opnieuw koppelen met de huidige koppelingen")
    rem.add_argument("batch", type=int, help="nummer van de importpartij")
    rem.add_argument("--values", default=None, metavar="BESTAND", help="eerst deze koppelingen (bronwaarde;categorie)")
    rem.add_argument("--user", default="opdrachtregel", help="naam voor het logboek")
    rem.add_argument("--show", type=int, default=20, help="hoeveel waarden tonen")
    rem.set_defaults(func=remap)
    exp = sub.add_parser("export", help="een laag wegschrijven naar een bestand")
    exp.add_argument("--layer", required=True, choices=EXPORT_LAYERS)
    exp.add_argument("--format", required=True, choices=("gpkg", "geojson", "csv"))
    exp.add_argument("out", help="uitvoerbestand")
    exp.set_defaults(func=export_layer)
