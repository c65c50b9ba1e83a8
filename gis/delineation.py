"""Step A1, area delineation: build, check, describe, save and version PPS area boundaries.

The API behind the Gebieden page and the command line (no Streamlit). A boundary starts from a
drawing, from CBS municipalities or from a file, can be clipped, buffered, merged or simplified,
and is checked (``check_area``) before it is saved. Every error is an ``AreaError`` with a Dutch
message; every repair or operation adds a Dutch note, so the user is told what changed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pandas as pd
import shapely

from gis.domain.catalog import POINT_LAYERS
from gis.geo.areas import AreaError, Checked, buffer_area, check_area, drawings_to_rd, hectares, municipality_shares
from gis.geo.areas import union_of as _union_of
from gis.io.area_files import AreaFileError, read_area_file
from gis.store import Store

ACTIVITY_KINDS: tuple[str, ...] = ("landbouw", "natuur", "recreatie", "bedrijvigheid", "wonen")
OPERATIONS: tuple[str, ...] = ("buffer", "clip_municipalities", "merge_municipalities", "clip_area", "merge_area",
                               "simplify")  # fmt: skip
MAX_NAME = 120
MAX_TEXT = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Activities:
    """What goes on in an area (step A1): kinds from ``ACTIVITY_KINDS`` and free text."""

    kinds: tuple[str, ...] = ()
    text: str = ""


@dataclass
class AreaFacts:
    """The description of a boundary: hectares, municipalities with shares, live counts per layer."""

    hectares: float
    parts: int
    shares: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)


def clean_text(value: str | None, field_name: str, limit: int = MAX_TEXT) -> str:
    """Free text as typed, without control characters; too long is refused (HTML is escaped on display)."""
    text = _CONTROL.sub("", value or "").strip()
    if len(text) > limit:
        raise AreaError(f"Het veld '{field_name}' is {len(text)} tekens lang; maximaal {limit}.")
    return text


def encode_activities(activities: Activities) -> str:
    """Activities as the JSON text kept in the store."""
    unknown = [k for k in activities.kinds if k not in ACTIVITY_KINDS]
    if unknown:
        raise AreaError(f"Onbekende activiteit '{unknown[0]}'; kies uit {', '.join(ACTIVITY_KINDS)}.")
    text = clean_text(activities.text, "activiteiten (toelichting)")
    return json.dumps({"kinds": list(activities.kinds), "text": text}, ensure_ascii=False)


def decode_activities(raw: str | None) -> Activities:
    """Activities from the store; older plain text becomes the free text."""
    if not raw:
        return Activities()
    try:
        data = json.loads(raw)
    except ValueError:
        return Activities((), raw)
    if not isinstance(data, dict):
        return Activities((), raw)
    kinds = tuple(k for k in data.get("kinds", []) if k in ACTIVITY_KINDS)
    return Activities(kinds, str(data.get("text", "")))


def _ha(value: float) -> str:
    return f"{value:,.1f}".translate(str.maketrans(",.", ".,"))


_NL_CACHE: dict[str, shapely.Geometry] = {}


def netherlands(store: Store) -> shapely.Geometry | None:
    """The land of the Netherlands (union of the provinces, simplified 50 m), cached per database."""
    if store.path not in _NL_CACHE:
        provs = store.provinces()
        if provs.empty:
            return None
        _NL_CACHE[store.path] = shapely.simplify(provs.union_all(), 50.0).buffer(100.0)
    return _NL_CACHE[store.path]


def _check(store: Store, geom: shapely.Geometry, notes: list[str] | None = None) -> Checked:
    checked = check_area(geom, netherlands(store))
    checked.notes = [*(notes or []), *checked.notes]
    return checked


def from_drawings(store: Store, features: list[dict]) -> Checked:
    """A boundary from the Draw plugin's GeoJSON features (WGS84), checked and repaired."""
    return _check(store, drawings_to_rd(features))


def from_municipalities(store: Store, codes: list[str]) -> Checked:
    """A boundary as the union of CBS municipalities."""
    munis = store.municipalities()
    geom = _union_of(munis, list(codes))
    names = ", ".join(munis[munis["code"].isin(codes)]["name"])
    return _check(store, geom, [f"Samengesteld uit de gemeente(n) {names}."])


def from_file(store: Store, name: str, data: bytes, layer: str | None = None, rows: list[int] | None = None) -> Checked:
    """A boundary from an uploaded file (all polygons, or the ``rows`` chosen), checked and repaired."""
    try:
        frame = read_area_file(name, data, layer)
    except AreaFileError as exc:
        raise AreaError(str(exc)) from exc
    notes = list(frame.attrs.get("notes", []))
    if rows is not None:
        bad = [r for r in rows if r < 0 or r >= len(frame)]
        if bad or not rows:
            raise AreaError(f"Kies minstens één vlak uit het bestand (1 t/m {len(frame)}).")
        frame = frame.iloc[list(rows)]
    return _check(store, frame.union_all(), [f"Overgenomen uit '{name}' ({len(frame)} vlak(ken)).", *notes])


def _area_geom(store: Store, area_id: object) -> shapely.Geometry:
    areas = store.areas()
    hit = areas[areas["id"] == int(area_id)]  # type: ignore[call-overload]
    if hit.empty:
        raise AreaError(f"Gebied {area_id} bestaat niet (meer).")
    return hit.geometry.iloc[0]


def apply_operation(store: Store, geom: shapely.Geometry, op: str, value: object) -> Checked:
    """Clip, buffer, merge or simplify a boundary; the note says what changed in hectares."""
    before = hectares(geom)
    if op == "buffer":
        metres = float(value)  # type: ignore[arg-type]
        out = buffer_area(geom, metres)
        what = f"{'Vergroot' if metres >= 0 else 'Verkleind'} met {abs(metres):g} m"
    elif op in ("clip_municipalities", "merge_municipalities"):
        other = _union_of(store.municipalities(), list(value))  # type: ignore[call-overload]
        out = geom.intersection(other) if op.startswith("clip") else geom.union(other)
        what = "Bijgesneden tot de gekozen gemeenten" if op.startswith("clip") else "Samengevoegd met de gemeenten"
    elif op in ("clip_area", "merge_area"):
        other = _area_geom(store, value)
        out = geom.intersection(other) if op.startswith("clip") else geom.union(other)
        what = "Bijgesneden tot het gekozen gebied" if op.startswith("clip") else "Samengevoegd met het gekozen gebied"
    elif op == "simplify":
        metres = float(value)  # type: ignore[arg-type]
        if not 0 < metres <= 500:
            raise AreaError(f"Vereenvoudigen met {metres:g} m kan niet; kies 1 tot 500 m.")
        out = shapely.simplify(geom, metres, preserve_topology=True)
        what = f"Vereenvoudigd met {metres:g} m ({shapely.get_num_coordinates(out)} hoekpunten)"
    else:
        raise AreaError(f"Onbekende bewerking '{op}'; kies uit: {', '.join(OPERATIONS)}.")
    if out.is_empty or out.area <= 0:
        raise AreaError(f"{what}: er blijft geen gebied over. Er is niets veranderd.")
    return _check(store, out, [f"{what}: was {_ha(before)} ha, nu {_ha(hectares(out))} ha."])


def describe(store: Store, geom: shapely.Geometry) -> AreaFacts:
    """Hectares (RD New), municipalities with their share, and live counts of every point layer."""
    parts = len(getattr(geom, "geoms", [geom]))
    shares = municipality_shares(geom, store.municipalities())
    counts = {layer.value: store.count_within(layer, geom) for layer in POINT_LAYERS}
    return AreaFacts(round(hectares(geom), 1), parts, shares, counts)


def clean_name(store: Store, name: str, area_id: int | None = None) -> str:
    """A required, unique (among active areas) name of at most ``MAX_NAME`` characters."""
    text = clean_text(name, "naam", MAX_NAME)
    if not text:
        raise AreaError("Geef het gebied een naam.")
    areas = store.areas()
    same = areas[(areas["name"].str.casefold() == text.casefold()) & (areas["id"] != (area_id or -1))]
    if not same.empty:
        raise AreaError(f"Er is al een gebied met de naam '{text}'; kies een andere naam.")
    return text


def _user(user: str) -> str:
    text = clean_text(user, "gebruiker", 120)
    if not text:
        raise AreaError("Vul in wie de wijziging doet (uw naam).")
    return text


def create_area(store: Store, name: str, geom: shapely.Geometry, activities: Activities, user: str) -> int:
    """Check and save a new area (version 1); returns its id. Nothing is written on an error."""
    checked = _check(store, geom)
    return store.add_area(clean_name(store, name), checked.geometry, encode_activities(activities),
                          created_by=_user(user))  # fmt: skip


def update_area(
    store: Store, area_id: int, geom: shapely.Geometry, name: str, activities: Activities, user: str, reason: str
) -> int:
    """Save a changed boundary/description as a new version (the old one is kept); returns its number."""
    why = clean_text(reason, "reden", 500)
    if not why:
        raise AreaError("Geef een reden voor deze wijziging; die wordt bij de versie bewaard.")
    checked = _check(store, geom)
    old = store.areas()
    row = old[old["id"] == area_id]
    if row.empty:
        raise AreaError(f"Gebied {area_id} bestaat niet (meer).")
    text = clean_name(store, name, area_id)
    encoded = encode_activities(activities)
    r = row.iloc[0]
    same_geom = shapely.equals_exact(r.geometry.normalize(), checked.geometry.normalize(), 0.01)
    if same_geom and text == r["name"] and decode_activities(r["activities"]) == decode_activities(encoded):
        raise AreaError("Er is niets veranderd aan grens, naam of activiteiten; er is geen nieuwe versie gemaakt.")
    return store.save_area_version(area_id, checked.geometry, text, encoded, _user(user), why)


def version_table(store: Store, area_id: int) -> pd.DataFrame:
    """Versions newest first, with hectares and what each added/removed compared to the one before."""
    versions = store.area_versions(area_id).sort_values("version").reset_index(drop=True)
    geoms = list(versions.geometry)
    added = [0.0] + [hectares(geoms[i].difference(geoms[i - 1])) for i in range(1, len(geoms))]
    removed = [0.0] + [hectares(geoms[i - 1].difference(geoms[i])) for i in range(1, len(geoms))]
    out = pd.DataFrame({
        "version": versions["version"], "name": versions["name"], "changed_by": versions["changed_by"],
        "changed_at": versions["changed_at"], "reason": versions["reason"],
        "ha": [round(hectares(g), 1) for g in geoms], "added_ha": [round(a, 1) for a in added],
        "removed_ha": [round(r, 1) for r in removed],
    })  # fmt: skip
    return out.sort_values("version", ascending=False).reset_index(drop=True)
