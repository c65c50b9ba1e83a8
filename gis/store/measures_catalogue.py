"""The measure catalogue in the store (migration 14): read it, and the administrator's edits (save, retire,
restore, delete). A measure a plan uses is never deleted: the refusal names the areas; retiring keeps it.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from gis.measures.catalogue import CATALOGUE_FIELDS, CatalogueError, validate_record
from gis.store.errors import StoreError
from gis.store.measures_common import compare_and_set, history, versioned_write

_COLUMNS = ", ".join(CATALOGUE_FIELDS)


class CatalogueMixin:
    """Catalogue methods; the host provides ``transaction``, ``query_df`` and ``cursor``."""

    def measure_catalogue(self, include_retired: bool = False) -> pd.DataFrame:
        """The catalogue's measures by name (``problems``: a list of codes); retired ones only when asked."""
        where = "" if include_retired else " WHERE retired_at IS NULL"
        frame = self.query_df(  # type: ignore[attr-defined]
            f"SELECT {_COLUMNS}, retired_at, version FROM measure_catalogue{where} ORDER BY name, code"
        )
        frame["problems"] = [json.loads(p) if isinstance(p, str) else [] for p in frame["problems"]]
        frame["version"] = frame["version"].astype(int)
        return frame

    def save_catalogue_measure(self, record: dict[str, Any], user: str, expected_version: int | None = None) -> str:
        """Add a measure, or change one (its ``code`` exists): checked as the catalogue file is; a change from
        ``expected_version`` (None: not checked) that someone else saved over is a ``ConflictError``. Returns
        the code."""
        try:
            measure = validate_record(dict(record))
        except CatalogueError as exc:
            raise StoreError(str(exc)) from exc
        code = measure["code"]
        values = [json.dumps(measure[f], ensure_ascii=False) if f == "problems" else measure[f]
                  for f in CATALOGUE_FIELDS]  # fmt: skip
        with versioned_write(self, "measure_catalogue", code) as cur:
            old = cur.execute(f"SELECT {_COLUMNS} FROM measure_catalogue WHERE code = ?", [code]).fetchone()
            if old is None:
                if expected_version is not None:
                    raise StoreError(f"Catalogusmaatregel '{code}' bestaat niet (meer); er is niets opgeslagen.")
                cur.execute(
                    f"INSERT INTO measure_catalogue ({_COLUMNS}, updated_by) VALUES "
                    f"({', '.join('?' for _ in CATALOGUE_FIELDS)}, ?)",
                    [*values, user],
                )
                history(cur, user, "catalogus toegevoegd", code=code, new=measure["name"])
                return code
            sets = ", ".join(f"{f} = ?" for f in CATALOGUE_FIELDS[1:])
            compare_and_set(cur, "measure_catalogue", code, expected_version, user, sets, values[1:])
            changed = [f for f, before, after in zip(CATALOGUE_FIELDS, old, values, strict=True) if before != after]
            history(cur, user, "catalogus gewijzigd", code=code, new=", ".join(changed) or "niets")
        return code

    def retire_catalogue_measure(self, code: str, user: str) -> None:
        """Take a measure out of the choice for new plans; plans that use it keep it."""
        with versioned_write(self, "measure_catalogue", code) as cur:
            row = cur.execute("SELECT retired_at FROM measure_catalogue WHERE code = ?", [code]).fetchone()
            if row is None:
                raise StoreError(f"Catalogusmaatregel '{code}' bestaat niet.")
            if row[0] is not None:
                raise StoreError(f"Catalogusmaatregel '{code}' is al ingetrokken.")
            compare_and_set(cur, "measure_catalogue", code, None, user, "retired_at = current_timestamp", [])
            history(cur, user, "catalogus ingetrokken", code=code)

    def restore_catalogue_measure(self, code: str, user: str) -> None:
        """Bring a retired measure back into the choice."""
        with versioned_write(self, "measure_catalogue", code) as cur:
            row = cur.execute("SELECT retired_at FROM measure_catalogue WHERE code = ?", [code]).fetchone()
            if row is None:
                raise StoreError(f"Catalogusmaatregel '{code}' bestaat niet.")
            if row[0] is None:
                raise StoreError(f"Catalogusmaatregel '{code}' is niet ingetrokken.")
            compare_and_set(cur, "measure_catalogue", code, None, user, "retired_at = NULL", [])
            history(cur, user, "catalogus teruggezet", code=code)

    def delete_catalogue_measure(self, code: str, user: str) -> None:
        """Delete a measure no plan uses; one a plan uses is refused, naming the areas (retire it instead)."""
        with versioned_write(self, "measure_catalogue", code) as cur:
            row = cur.execute("SELECT name FROM measure_catalogue WHERE code = ?", [code]).fetchone()
            if row is None:
                raise StoreError(f"Catalogusmaatregel '{code}' bestaat niet.")
            used = cur.execute(
                "SELECT DISTINCT a.name FROM area_measures m JOIN areas a ON a.id = m.area_id WHERE m.code = ? "
                "ORDER BY a.name",
                [code],
            ).fetchall()
            if used:
                names = ", ".join(f"'{r[0]}'" for r in used)
                areas = "gebied" if len(used) == 1 else "de gebieden"
                raise StoreError(
                    f"Maatregel '{row[0]}' ({code}) staat in het plan van {areas} {names} en kan niet worden "
                    "verwijderd; trek hem in, dan blijft hij in die plannen staan. "
                    "Er is niets verwijderd."
                )
            cur.execute("DELETE FROM measure_catalogue WHERE code = ?", [code])
            history(cur, user, "catalogus verwijderd", code=code, old=row[0])


__all__ = ["CatalogueMixin"]
