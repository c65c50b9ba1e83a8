"""The code lists an import checks against, read once from the store: the organisation's categories, its
remembered own values (``"Hennep - kwekerij"`` -> ``hennepkwekerij``), waste and place types; and the
``--values FILE`` of the command line (``bronwaarde;categorie``), checked with Dutch errors naming row and value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gis.domain.catalog import OTHER_CATEGORY, PLACE_TYPES, SOURCE_BY_CODE, SOURCE_ORGS, WASTE_TYPES
from gis.importing.errors import ImportFileError
from gis.importing.fields import normalise

MAX_VALUES_BYTES = 1_000_000
VALUES_HEADER = ("bronwaarde", "categorie")


@dataclass(frozen=True)
class Codes:
    """What a category or a code-list choice may be in one import.

    ``categories``: the codes of the source organisation (``overig`` included); ``remembered``: its own values
    mapped earlier (normalised value -> code); ``choices``: options per choice field (``waste_type``,
    ``place_type``) when the store's lists differ from the catalogue.
    """

    categories: tuple[str, ...]
    remembered: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def catalogue_codes(source_org: str | None) -> Codes:
    """The lists as the catalogue has them (no store): used when no ``Codes`` are given."""
    orgs = [SOURCE_BY_CODE[source_org]] if source_org in SOURCE_BY_CODE else list(SOURCE_ORGS)
    cats = tuple(dict.fromkeys([c for o in orgs for c in o.categories] + [OTHER_CATEGORY]))
    return Codes(cats, {}, {"waste_type": WASTE_TYPES, "place_type": PLACE_TYPES})


def codes_from_store(store: Any, source_org: str | None) -> Codes:
    """The organisation's categories and remembered values, and the other lists, from the store (the catalogue
    when the store has no code lists)."""
    if not hasattr(store, "code_values"):
        return catalogue_codes(source_org)
    owner = source_org if source_org in SOURCE_BY_CODE else None
    cats = tuple(dict.fromkeys([*store.code_values("category", owner)["code"], OTHER_CATEGORY]))
    remembered = store.value_mappings(source_org, "category") if owner else {}
    choices = {name: tuple(store.code_values(name, "")["code"]) for name in ("waste_type", "place_type")}
    return Codes(cats, {normalise(k): v for k, v in remembered.items()}, choices)


def resolve_category(value: str, codes: Codes, chosen: Mapping[str, str | None] | None,
                     strict: Mapping[str, str | None]) -> str | None:  # fmt: skip
    """The category of one file value: the user's choice, the organisation's remembered mapping, then an exact
    name or known synonym (``strict``); ``None`` when still unknown (the row is kept as ``overig``)."""
    key = normalise(value)
    for table in (chosen or {}, codes.remembered):
        code = table.get(value) or table.get(key)
        if code and code in codes.categories:
            return code
    found = strict.get(value)
    return found if found in codes.categories else None


def read_values_file(path: Path, codes: Codes) -> dict[str, str]:
    """A ``bronwaarde;categorie`` file (header optional; ``;`` or ``,``) as value -> category.

    Raises ``ImportFileError`` (Dutch, naming the row and the value) for an unreadable file, a row without two
    fields, an empty value, a category not in the organisation's list, or one value given two categories.
    """
    name = path.name
    if path.stat().st_size > MAX_VALUES_BYTES:
        raise ImportFileError(f"Waardenbestand '{name}' is groter dan 1 MB; is dit het goede bestand?")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", errors="replace")
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    out: dict[str, str] = {}
    listed = ", ".join(c for c in codes.categories)
    for row, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not any(c.strip() for c in cells):
            continue
        if row == 1 and tuple(normalise(c) for c in cells[:2]) == VALUES_HEADER:
            continue
        if len(cells) != 2:
            raise ImportFileError(f"Waardenbestand '{name}', rij {row} ('{delimiter.join(cells)}'): verwacht twee "
                                  f"velden, bronwaarde{delimiter}categorie.")  # fmt: skip
        value, category = (" ".join(c.split()) for c in cells)
        if not value:
            raise ImportFileError(f"Waardenbestand '{name}', rij {row}: de bronwaarde is leeg.")
        code = next((c for c in codes.categories if normalise(c) == normalise(category)), None)
        if code is None:
            raise ImportFileError(f"Waardenbestand '{name}', rij {row}: categorie '{category}' (voor '{value}') "
                                  f"staat niet in de lijst; kies uit: {listed}.")  # fmt: skip
        if out.get(value, code) != code:
            raise ImportFileError(f"Waardenbestand '{name}', rij {row}: '{value}' staat er al met categorie "
                                  f"'{out[value]}'.")  # fmt: skip
        out[value] = code
    if not out:
        raise ImportFileError(f"Waardenbestand '{name}' bevat geen regels bronwaarde;categorie.")
    return out
