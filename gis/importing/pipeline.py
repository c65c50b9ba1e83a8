"""The import of one partner file, shared by the Importeren page and ``python -m gis import``.

``analyse`` reads the head of the file and proposes what the user confirms: column mapping (the
one remembered for this source organisation first), coordinate system, category mapping.
``run_import`` then streams the file in chunks through validation into the store as one batch
(one transaction: all accepted rows or nothing), or only checks it (``dry_run``). Memory is bounded
by the chunk size, not by the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from gis.clock import now_nl
from gis.delineation import netherlands
from gis.domain.catalog import OTHER_CATEGORY, Layer
from gis.importing.codes import Codes, codes_from_store, resolve_category
from gis.importing.coords import CrsGuess, crs_kind, detect_crs
from gis.importing.csvfile import detect_csv_format, read_csv_chunks
from gis.importing.errors import ImportFileError
from gis.importing.fastpath import bulk_plan, land_lines, location_column, locator, resolver, validator
from gis.importing.mapping import check_mapping, propose_categories, propose_mapping
from gis.importing.readers import read_table
from gis.importing.report import empty_refused
from gis.importing.sniff import sniff
from gis.importing.validate import ChunkResult, raw_coordinates, validate_chunk
from gis.store import BatchInfo, Store
from gis.store.bulk import BulkUnreadableError

MAX_REPORT_LINES = 100_000  # refused lines kept for the report (the count is always complete)
PREVIEW_ROWS = 500
CRS_SAMPLE = 5_000  # rows used to recognise the coordinate system


@dataclass
class ImportOptions:
    """What the user chose; ``mapping``/``category_map`` None = use the proposal."""

    layer: str
    source_org: str | None = None
    user: str = "onbekend"
    crs: str = "auto"
    mapping: dict[str, str | None] | None = None
    category_map: dict[str, str | None] | None = None
    file_layer: str | None = None
    sheet: str | int | None = None
    name: str | None = None
    dry_run: bool = False
    allow_duplicate_file: bool = False
    chunk_rows: int = 200_000


@dataclass
class Analysis:
    """The head of a file and the proposals to confirm."""

    name: str
    kind: str
    file_hash: str
    columns: list[str]
    sample: pd.DataFrame
    layers: list[str]
    mapping: dict[str, str | None]
    mapping_remembered: bool
    mapping_problems: list[str]
    crs: CrsGuess
    categories: dict[str, str | None]
    duplicate_of: dict[str, object] | None
    notes: list[str] = field(default_factory=list)
    category_options: list[str] = field(default_factory=list)  # the organisation's list in the store
    categories_remembered: list[str] = field(default_factory=list)  # values mapped at an earlier import


@dataclass
class ImportReport:
    """What happened: counts, refused lines (row, field, value, reason), a preview, the batch."""

    name: str
    file_hash: str
    rows_total: int
    accepted: int
    refused: pd.DataFrame
    refused_count: int
    crs: str
    batch_id: int | None
    preview: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    other_values: pd.DataFrame = field(default_factory=lambda: other_table({}))  # kept as "overig": value, rows


def file_hash(path: Path) -> str:
    """SHA-256 of the file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _chunks(path: Path, opts: ImportOptions, name: str) -> Iterator[tuple[pd.DataFrame, np.ndarray | None, str | None]]:
    kind = sniff(path, name=name)
    if kind == "csv":
        fmt = detect_csv_format(path)
        for chunk in read_csv_chunks(path, opts.chunk_rows, fmt=fmt, name=name):
            yield chunk, None, None
        return
    table = read_table(path, opts.file_layer, sheet=opts.sheet, name=name)
    yield table.frame, table.geometry, table.crs


def _category_values(frame: pd.DataFrame, mapping: dict[str, str | None], layer: str) -> list[str]:
    column = mapping.get("category") if layer == Layer.INCIDENTS.value else None
    if not column or column not in frame.columns:
        return []
    values = frame[column].dropna().astype(str).str.strip()
    return sorted(v for v in values.unique() if v)[:200]


def other_table(counts: dict[str, int]) -> pd.DataFrame:
    """The values kept as "overig" with their number of rows, most rows first."""
    frame = pd.DataFrame({"value": pd.Series(list(counts), dtype="str"),
                          "rows": pd.Series(list(counts.values()), dtype="int64")})  # fmt: skip
    return frame.sort_values(["rows", "value"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _count_others(accepted: pd.DataFrame, counts: dict[str, int]) -> None:
    """Add the accepted rows kept as "overig" (with their file text) to ``counts``."""
    if "category_original" not in accepted or accepted.empty:
        return
    kept = accepted.loc[accepted["category"].eq(OTHER_CATEGORY), "category_original"].dropna()
    for value, n in kept.value_counts().items():
        counts[str(value)] = counts.get(str(value), 0) + int(n)


def _with_new_fields(remembered: dict[str, str | None], proposal: dict[str, str | None]) -> dict[str, str | None]:
    """A remembered mapping completed with proposals for fields it does not know yet (a newer version's)."""
    used = {c for c in remembered.values() if c}
    extra = {k: v for k, v in proposal.items() if k not in remembered and v and v not in used}
    return {**remembered, **extra}


def _propose_categories(values: list[str], codes: Codes) -> tuple[dict[str, str | None], list[str]]:
    """Per file value the proposed category (remembered first, then exact name or synonym), and which of the
    values were remembered."""
    # strict: exact names and known synonyms only; a wrong proposal ("brand schuur" -> "inbraak
    # schuur/erf") is worse than none, the user picks the rest
    strict = propose_categories(values, codes.categories, strict=True)
    out = {v: resolve_category(v, codes, None, strict) for v in strict}
    remembered = [v for v in strict if resolve_category(v, Codes(codes.categories), None, strict) != out[v]]
    return out, remembered


def analyse(store: Store, path: Path, opts: ImportOptions) -> Analysis:
    """Read the file's first chunk and propose mapping, coordinate system and category mapping."""
    name = opts.name or path.name
    kind = sniff(path, name=name)
    table_layers: list[str] = []
    notes: list[str] = []
    if kind == "csv":
        frame = next(read_csv_chunks(path, 5_000, fmt=detect_csv_format(path), name=name))
        geometry, declared = None, None
    else:
        table = read_table(path, opts.file_layer, sheet=opts.sheet, name=name)
        frame, geometry, declared = table.frame, table.geometry, table.crs
        table_layers, notes = table.layers, table.notes
    if frame.empty:
        raise ImportFileError(f"'{name}' bevat alleen een kopregel, geen gegevens.")
    columns = [str(c) for c in frame.columns]
    remembered = store.load_mapping(opts.source_org, opts.layer) if opts.source_org else None
    usable = bool(remembered) and all(v is None or v in columns for v in remembered.values())  # type: ignore[union-attr]
    proposal = propose_mapping(columns, opts.layer, has_geometry=geometry is not None)
    mapping = opts.mapping or (_with_new_fields(dict(remembered), proposal) if usable else None)  # type: ignore[arg-type]
    mapping = mapping or proposal
    problems = check_mapping(mapping, opts.layer, columns)
    guess = CrsGuess("unknown", "", [])
    if not problems:
        a, b = raw_coordinates(frame, geometry, mapping)
        guess = detect_crs(a, b)
        if declared and guess.kind == "unknown":
            guess = CrsGuess(crs_kind(declared), "", [f"Het bestand noemt {declared}."])
    codes = codes_from_store(store, opts.source_org) if opts.layer == Layer.INCIDENTS.value else Codes(())
    cats, from_memory = _propose_categories(_category_values(frame, mapping, opts.layer), codes)
    digest = file_hash(path)
    dup = store.find_batch(opts.layer, digest)
    return Analysis(name, kind, digest, columns, frame.head(20), table_layers, mapping, usable,
                    problems, guess, cats, dup, notes, list(codes.categories), from_memory)  # fmt: skip


def _on_land(result: ChunkResult, land: shapely.Geometry | None, mapping: dict) -> ChunkResult:
    """Refuse accepted rows that lie outside the Dutch land (the coordinate boxes also cover Belgium)."""
    acc = result.accepted
    if land is None or acc.empty:
        return result
    shapely.prepare(land)
    outside = ~shapely.contains_xy(land, acc["x"].to_numpy(float), acc["y"].to_numpy(float))
    if not outside.any():
        return result
    bad = acc[outside]
    lines = land_lines(bad.index.to_numpy(dtype="int64"), bad["x"].to_numpy(float), bad["y"].to_numpy(float),
                       location_column(mapping))  # fmt: skip
    refused = pd.concat([result.refused, lines], ignore_index=True).sort_values("row", kind="stable")
    return ChunkResult(acc[~outside], refused.reset_index(drop=True), result.notes)


def _crs_for(opts: ImportOptions, frame: pd.DataFrame, geometry: np.ndarray | None, mapping: dict) -> str:
    if opts.crs != "auto":
        return crs_kind(opts.crs)
    head = frame.head(CRS_SAMPLE)
    guess = detect_crs(*raw_coordinates(head, None if geometry is None else geometry[:CRS_SAMPLE], mapping))
    if guess.kind == "unknown":
        raise ImportFileError(" ".join(guess.notes))
    return guess.kind


def run_import(
    store: Store, path: Path, opts: ImportOptions, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Check the whole file and (unless ``dry_run``) store its accepted rows as one batch.

    Raises ``ImportFileError``/``ValueError`` (Dutch) when the file or the mapping cannot be used,
    and ``StoreError`` when there is nothing valid to store; nothing is written then.
    """
    name = opts.name or path.name
    digest = file_hash(path)
    dup = store.find_batch(opts.layer, digest)
    if dup and not opts.allow_duplicate_file and not opts.dry_run:
        raise ImportFileError(
            f"'{name}' is al ingelezen als partij {dup['id']} op {pd.Timestamp(dup['created_at']):%d-%m-%Y %H:%M} "
            f"door {dup['user_name']} ({dup['rows_imported']} rijen). Draai die partij eerst terug, of lees "
            "het bewust opnieuw in ('Toch opnieuw inlezen' op de pagina, --again op de opdrachtregel)."
        )
    now = now_nl()
    land = netherlands(store)
    codes = codes_from_store(store, opts.source_org)
    fast = _run_bulk(store, path, opts, name, digest, land, now, progress, codes)
    if fast is not None:
        return fast
    state = {"rows": 0, "accepted": 0, "refused_rows": 0, "crs": "", "notes": []}
    others: dict[str, int] = {}
    refused_parts: list[pd.DataFrame] = []
    preview: list[pd.DataFrame] = []
    seen: set[str] = set()

    def accepted_chunks() -> Iterator[pd.DataFrame]:
        first_row = 2
        for frame, geometry, _declared in _chunks(path, opts, name):
            mapping = opts.mapping or propose_mapping([str(c) for c in frame.columns], opts.layer,
                                                      has_geometry=geometry is not None)  # fmt: skip
            problems = check_mapping(mapping, opts.layer, [str(c) for c in frame.columns])
            if problems:
                raise ValueError(" ".join(problems))
            if not state["crs"]:
                state["crs"] = _crs_for(opts, frame, geometry, mapping)
            ref_col = mapping.get("reference")
            if ref_col and ref_col in frame.columns:
                seen.update(store.known_references(opts.layer, frame[ref_col].dropna().astype(str).unique().tolist()))
            result = validate_chunk(frame, geometry, mapping, opts.layer, state["crs"], first_row=first_row,
                                    source_org=opts.source_org, category_map=opts.category_map,
                                    seen_references=seen, now=now, codes=codes)  # fmt: skip
            state["notes"] += [n for n in result.notes if n not in state["notes"]]
            result = _on_land(result, land, mapping)
            _count_others(result.accepted, others)
            first_row += len(frame)
            state["rows"] += len(frame)
            state["accepted"] += len(result.accepted)
            if len(result.refused):
                state["refused_rows"] += int(result.refused["row"].nunique())
                if sum(len(p) for p in refused_parts) < MAX_REPORT_LINES:
                    refused_parts.append(result.refused)
            if sum(len(p) for p in preview) < PREVIEW_ROWS:
                preview.append(result.accepted.head(PREVIEW_ROWS))
            if progress:
                progress(state["rows"], state["accepted"])
            yield result.accepted.reset_index(drop=True)

    batch_id = None
    if opts.dry_run:
        for _ in accepted_chunks():
            pass
    else:
        again = opts.allow_duplicate_file or opts.dry_run
        info = BatchInfo(opts.layer, name, digest, opts.user, opts.source_org, again)
        # refused rows are known only after the stream; the batch row is completed below
        batch_id, _ = store.import_batch(info, accepted_chunks())
        store.set_batch_refused(batch_id, state["refused_rows"])
    refused = pd.concat(refused_parts, ignore_index=True).head(MAX_REPORT_LINES) if refused_parts else empty_refused()
    shown = pd.concat(preview).head(PREVIEW_ROWS) if preview else pd.DataFrame(columns=["x", "y"])
    return ImportReport(name, digest, state["rows"], state["accepted"], refused, state["refused_rows"],
                        state["crs"], batch_id, shown, state["notes"], other_table(others))  # fmt: skip


def _run_bulk(
    store: Store, path: Path, opts: ImportOptions, name: str, digest: str, land: shapely.Geometry | None,
    now: datetime, progress: Callable[[int, int], None] | None, codes: Codes,
) -> ImportReport | None:  # fmt: skip
    """The fast lane (``gis.importing.fastpath``) for a CSV file, or ``None`` when it does not apply."""
    if not hasattr(store, "bulk_import_csv") or sniff(path, name=name) != "csv":
        return None
    fmt = detect_csv_format(path)
    head = next(read_csv_chunks(path, CRS_SAMPLE, fmt=fmt, name=name))
    columns = [str(c) for c in head.columns]
    mapping = opts.mapping or propose_mapping(columns, opts.layer, has_geometry=False)
    problems = check_mapping(mapping, opts.layer, columns)
    if problems:
        raise ValueError(" ".join(problems))
    crs = _crs_for(opts, head, None, mapping)
    plan = bulk_plan(path, fmt, columns, mapping, opts.layer, crs, source_org=opts.source_org,
                     category_map=opts.category_map, now=now, codes=codes)  # fmt: skip
    if plan is None:
        return None
    refused_parts: list[pd.DataFrame] = []
    counts = {"refused_lines": 0, "refused_rows": 0}
    notes: list[str] = []
    others: dict[str, int] = {}

    def keep_lines(lines: pd.DataFrame) -> None:
        if counts["refused_lines"] < MAX_REPORT_LINES:
            refused_parts.append(lines)
            counts["refused_lines"] += len(lines)

    def off_land(rows: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        counts["refused_rows"] += len(rows)
        room = max(0, MAX_REPORT_LINES - counts["refused_lines"])  # lines past the cap are only counted
        if room:
            keep_lines(land_lines(rows[:room], x[:room], y[:room], location_column(mapping)))

    def collect(result: ChunkResult) -> None:
        notes.extend(n for n in result.notes if n not in notes)
        _count_others(result.accepted, others)
        if len(result.refused):
            counts["refused_rows"] += int(result.refused["row"].nunique())
            keep_lines(result.refused)

    seen: set[str] = set()
    locate = locator(crs, land, off_land)
    validate = validator(opts.layer, crs, mapping, check=lambda r: _on_land(r, land, mapping), collect=collect,
                         seen=seen, known=lambda refs: store.known_references(opts.layer, refs),
                         source_org=opts.source_org, category_map=opts.category_map, now=now,
                         codes=codes)  # fmt: skip
    again = opts.allow_duplicate_file or opts.dry_run
    info = BatchInfo(opts.layer, name, digest, opts.user, opts.source_org, again)
    try:
        result = store.bulk_import_csv(info, plan, columns, locate, validate,  # type: ignore[attr-defined]
                                       resolver(opts.layer, opts.source_org, opts.category_map, now, codes),
                                       dry_run=opts.dry_run, chunk_rows=opts.chunk_rows,
                                       progress=progress)  # fmt: skip
    except BulkUnreadableError:
        return None
    if result.batch_id is not None:
        store.set_batch_refused(result.batch_id, counts["refused_rows"])
    refused = (pd.concat(refused_parts, ignore_index=True).sort_values("row", kind="stable")
               .head(MAX_REPORT_LINES).reset_index(drop=True)) if refused_parts else empty_refused()  # fmt: skip
    accepted = result.fast_rows + result.other_rows
    return ImportReport(name, digest, result.rows_total, accepted, refused, counts["refused_rows"], crs,
                        result.batch_id, result.preview.head(PREVIEW_ROWS), notes, other_table(others))  # fmt: skip
