"""The measure catalogue as data: load ``data/measures_catalogue.json`` and check one measure record (codes,
bands, EMMIE fields, source). Used by migration 14's seed and by the administrator's editor before a save.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from gis.measures.codes import BANDS, EFFECT_DIRECTIONS, EVIDENCE_STRENGTHS, MEASURE_KINDS, PROBLEMS
from gis.partnership.codes import ORGANISATION_KINDS

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "data" / "measures_catalogue.json"

# Every field of a catalogue measure, in the order the file, the store and the editor use.
CATALOGUE_FIELDS: tuple[str, ...] = (
    "code", "name", "name_en", "description", "description_en", "problems", "kind", "owner", "cost", "effort",
    "effect", "evidence", "mechanism", "moderators", "implementation", "economy", "source",
)  # fmt: skip
# The EMMIE dimensions (Crime Reduction Toolkit): effect and evidence are codes, the others text.
EMMIE_FIELDS: tuple[str, ...] = ("effect", "evidence", "mechanism", "moderators", "implementation", "economy")
# What a measure needs at the least (an administrator may leave the EMMIE texts empty: "not known").
REQUIRED_FIELDS: tuple[str, ...] = (
    "code", "name", "description", "problems", "kind", "owner", "cost", "effort", "effect", "evidence", "source",
)  # fmt: skip
FIELD_LABELS: dict[str, str] = {
    "code": "code", "name": "naam", "name_en": "Engelse naam", "description": "omschrijving",
    "description_en": "Engelse omschrijving", "problems": "problemen", "kind": "soort", "owner": "eigenaar",
    "cost": "kosten", "effort": "inspanning", "effect": "effect", "evidence": "bewijskracht",
    "mechanism": "werkingsmechanisme", "moderators": "voorwaarden", "implementation": "uitvoering",
    "economy": "kosten en baten", "source": "bron",
}  # fmt: skip
_CHOICES: dict[str, dict[str, Any]] = {
    "kind": MEASURE_KINDS, "owner": ORGANISATION_KINDS, "cost": BANDS, "effort": BANDS,
    "effect": EFFECT_DIRECTIONS, "evidence": EVIDENCE_STRENGTHS,
}  # fmt: skip
MAX_NAME_CHARS = 120
MAX_TEXT_CHARS = 4000
_CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class CatalogueError(ValueError):
    """A refused catalogue record; ``str(err)`` is one Dutch sentence naming the measure, the field and the value."""


def _where(record: dict[str, Any], position: int | None) -> str:
    code = record.get("code")
    name = f"maatregel '{code}'" if code else "maatregel zonder code"
    return f"{name} (nummer {position + 1})" if position is not None else name


def _text(value: object, field: str, where: str, limit: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, str):
        raise CatalogueError(f"{where.capitalize()}, veld '{FIELD_LABELS[field]}': '{value}' is geen tekst.")
    text = value.strip()
    bad = _UNSAFE.search(text)
    if bad is not None:
        raise CatalogueError(
            f"{where.capitalize()}, veld '{FIELD_LABELS[field]}': de tekst bevat een onzichtbaar stuurteken "
            f"(U+{ord(bad.group(0)):04X}); haal het weg."
        )
    if len(text) > limit:
        raise CatalogueError(
            f"{where.capitalize()}, veld '{FIELD_LABELS[field]}': de tekst is te lang ({len(text)} tekens, "
            f"maximaal {limit})."
        )
    return text


def _problems(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value) if value.strip().startswith("[") else [p for p in value.split(",")]
    if not isinstance(value, list | tuple):
        raise CatalogueError(f"{where.capitalize()}, veld 'problemen': '{value}' is geen lijst van problemen.")
    codes = [str(p).strip() for p in value if str(p).strip()]
    for code in codes:
        if code not in PROBLEMS:
            raise CatalogueError(
                f"{where.capitalize()}, veld 'problemen': '{code}' bestaat niet; kies uit {', '.join(PROBLEMS)}."
            )
    return list(dict.fromkeys(codes))


def validate_record(record: dict[str, Any], position: int | None = None) -> dict[str, Any]:
    """The measure ``record`` checked and made plain (texts stripped, ``problems`` a list of codes), with every
    field of ``CATALOGUE_FIELDS``; ``CatalogueError`` (Dutch, naming measure, field and value) when wrong."""
    where = _where(record, position)
    unknown = sorted(set(record) - set(CATALOGUE_FIELDS) - {"retired_at", "version"})
    if unknown:
        raise CatalogueError(f"{where.capitalize()}: het veld '{unknown[0]}' bestaat niet bij een maatregel.")
    out: dict[str, Any] = {}
    for field in CATALOGUE_FIELDS:
        if field == "problems":
            out[field] = _problems(record.get(field) or [], where)
            continue
        limit = MAX_NAME_CHARS if field in ("code", "name", "name_en") else MAX_TEXT_CHARS
        out[field] = _text(record.get(field), field, where, limit)
    if not _CODE.fullmatch(out["code"]):
        raise CatalogueError(
            f"{where.capitalize()}, veld 'code': '{out['code']}' is geen geldige code (kleine letters, cijfers en "
            "liggende streepjes, 2 tot 40 tekens, beginnend met een letter)."
        )
    for field in REQUIRED_FIELDS:
        if not out[field]:
            raise CatalogueError(f"{where.capitalize()}: het veld '{FIELD_LABELS[field]}' is leeg.")
    for field, table in _CHOICES.items():
        if out[field] not in table:
            raise CatalogueError(
                f"{where.capitalize()}, veld '{FIELD_LABELS[field]}': '{out[field]}' bestaat niet; kies uit "
                f"{', '.join(table)}."
            )
    return out


def load_catalogue(path: Path | str = CATALOGUE_PATH) -> list[dict[str, Any]]:
    """Every measure of the catalogue file, checked (``CatalogueError`` on the first wrong one or a code used
    twice)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"De maatregelencatalogus '{path}' is niet te lezen: {exc}.") from exc
    rows = data.get("measures") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise CatalogueError(f"De maatregelencatalogus '{path}' heeft geen lijst 'measures'.")
    out, seen = [], set()
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise CatalogueError(f"Maatregel nummer {i + 1} in '{path}' is geen record.")
        measure = validate_record(row, i)
        if measure["code"] in seen:
            raise CatalogueError(f"{_where(row, i).capitalize()}: de code '{measure['code']}' komt twee keer voor.")
        seen.add(measure["code"])
        out.append(measure)
    return out


__all__ = [
    "CATALOGUE_FIELDS", "CATALOGUE_PATH", "EMMIE_FIELDS", "FIELD_LABELS", "REQUIRED_FIELDS", "CatalogueError",
    "load_catalogue", "validate_record",
]  # fmt: skip
