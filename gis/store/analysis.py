"""The safety analysis in the store (migration 13): survey responses, site walks (schouw) with findings and
photos, and frozen measurements. Both backends; every write is one transaction.

Survey answers are kept as one JSON text per respondent; the store checks only the shape it needs (type,
area or postcode, JSON-able answers). What a role may read of them is decided by the guard
(``gis.store.guard_rules``) and, for released figures, by ``gis.privacy``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from gis.store.errors import StoreError

DAYPARTS: tuple[str, ...] = ("dag", "nacht")
FINDING_CATEGORIES: tuple[str, ...] = (
    "onverlicht erf", "leegstaande schuur", "onverharde weg zonder afsluiting", "spoor van dumping",
    "verdachte activiteit", "slecht zicht vanaf de weg", "open of kapotte toegang", "overig",
)  # fmt: skip
SNAPSHOT_KINDS: tuple[str, ...] = ("0-meting", "1-meting", "tussenmeting")
SOURCES: tuple[str, ...] = ("import", "interview")
RESPONDENT_TYPES: tuple[str, ...] = ("agrariër", "bewoner", "ondernemer")
MAX_ANSWER_CHARS = 20_000
MAX_SNAPSHOT_CHARS = 2_000_000
_POSTCODE4 = re.compile(r"[1-9][0-9]{3}")


@dataclass(frozen=True)
class FindingFile:
    """A photo of a finding: the original, and a copy without EXIF to show others."""

    name: str
    mime: str
    original: bytes
    shared: bytes | None = None


def _missing(value: object) -> bool:
    """A NULL as a backend's frame gives it: None, pandas' NA (DuckDB) or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _check_response(i: int, r: dict[str, Any]) -> tuple[object, ...]:
    where = f"respondent {i + 1}"
    kind = r.get("respondent_type")
    if kind not in RESPONDENT_TYPES:
        raise StoreError(f"{where}: soort respondent '{kind}' bestaat niet; kies uit {', '.join(RESPONDENT_TYPES)}.")
    area, postcode = r.get("area_id"), r.get("postcode4")
    if area is None and not postcode:
        raise StoreError(f"{where}: geef een PPS-gebied of een postcode van 4 cijfers.")
    if postcode and not _POSTCODE4.fullmatch(str(postcode)):
        raise StoreError(f"{where}: postcode '{postcode}' is geen postcode van 4 cijfers (bijvoorbeeld 7151).")
    source = r.get("source", "import")
    if source not in SOURCES:
        raise StoreError(f"{where}: bron '{source}' bestaat niet; kies uit {', '.join(SOURCES)}.")
    text = json.dumps(r.get("answers") or {}, ensure_ascii=False, allow_nan=False, sort_keys=True, default=str)
    if len(text) > MAX_ANSWER_CHARS:
        raise StoreError(f"{where}: de antwoorden zijn te lang ({len(text)} tekens, maximaal {MAX_ANSWER_CHARS}).")
    return (str(r.get("questionnaire") or ("bewoners" if kind == "bewoner" else "agrariers")), kind,
            None if area is None else int(area), str(postcode) if postcode else None, r.get("answered_on"), text,
            source, r.get("respondent_ref"))  # fmt: skip


class AnalysisMixin:
    """Survey, schouw and snapshot methods; the host provides ``transaction``, ``query_df``, ``_next_ids``."""

    # -- survey -----------------------------------------------------------------------------------
    def add_survey_responses(
        self, responses: Sequence[dict[str, Any]], user: str, file_name: str | None = None, file_bytes: bytes = b""
    ) -> int:
        """Store respondents (all or none); from a file they form one import that can be undone. Returns the
        import id (0 for responses entered by hand)."""
        rows = [_check_response(i, r) for i, r in enumerate(responses)]
        if not rows:
            raise StoreError("Er zijn geen antwoorden om op te slaan.")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            import_id = 0
            if file_name is not None:
                import_id = int(self._next_ids(cur, "survey_imports_id_seq", 1)[0])  # type: ignore[attr-defined]
                digest = hashlib.sha256(file_bytes).hexdigest()
                areas = {row[2] for row in rows}
                area = next(iter(areas)) if len(areas) == 1 else None  # the file's area, when it names one
                cur.execute(
                    "INSERT INTO survey_imports (id, area_id, file_name, file_hash, user_name, rows_imported) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [import_id, area, file_name, digest, user, len(rows)],
                )
            for row in rows:
                cur.execute(
                    "INSERT INTO survey_responses (questionnaire, respondent_type, area_id, postcode4, answered_on, "
                    "answers, source, respondent_ref, import_id, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*row, import_id or None, user],
                )
        return import_id

    def survey_responses(self, area_id: int | None = None) -> pd.DataFrame:
        """Respondents (of one area, or all) with their answers parsed (column ``answers``: dicts)."""
        sql = ("SELECT id, questionnaire, respondent_type, area_id, postcode4, answered_on, answers, source, "
               "respondent_ref, import_id, entered_by, entered_at FROM survey_responses")  # fmt: skip
        params: list[object] = []
        if area_id is not None:
            sql += " WHERE area_id = ?"
            params.append(int(area_id))
        frame = self.query_df(sql + " ORDER BY id", params)  # type: ignore[attr-defined]
        frame["answers"] = [json.loads(a) for a in frame["answers"]]
        return frame

    def survey_imports(self, area_id: int | None = None) -> pd.DataFrame:
        """The survey files read in (for one area, or all), newest first."""
        sql = ("SELECT id, area_id, file_name, user_name, created_at, rows_imported, undone_at, undone_by "
               "FROM survey_imports")  # fmt: skip
        params: list[object] = []
        if area_id is not None:
            sql += " WHERE area_id = ?"
            params.append(int(area_id))
        return self.query_df(sql + " ORDER BY id DESC", params)  # type: ignore[attr-defined]

    def undo_survey_import(self, import_id: int, user: str) -> int:
        """Remove the respondents of one survey file; returns how many."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            row = cur.execute("SELECT undone_at FROM survey_imports WHERE id = ?", [int(import_id)]).fetchone()
            if row is None:
                raise StoreError(f"Enquêtebestand {import_id} bestaat niet.")
            if row[0] is not None:
                raise StoreError(f"Enquêtebestand {import_id} is al teruggedraaid.")
            gone = cur.execute("DELETE FROM survey_responses WHERE import_id = ? RETURNING id", [int(import_id)])
            n = len(gone.fetchall())
            cur.execute("UPDATE survey_imports SET undone_at = current_timestamp, undone_by = ? WHERE id = ?",
                        [user, int(import_id)])  # fmt: skip
        return n

    def survey_summary(
        self, area_id: int | None = None, by: str = "gebied", open_answers: bool = False, small_counts: bool = True
    ) -> pd.DataFrame:
        """Survey results per group and question under the survey disclosure rule (``gis.privacy.survey``):
        shares with Wilson intervals, means; none for groups under 10; open answers only when asked."""
        from gis.analysis.survey_results import survey_results
        from gis.analysis.survey_values import from_record
        from gis.privacy.survey import SurveyDisclosure

        responses = [from_record(r) for r in self.survey_responses(area_id).to_dict("records")]
        areas = self.areas()  # type: ignore[attr-defined]
        names = dict(zip(areas["id"].astype(int), areas["name"].astype(str), strict=True))
        return survey_results(responses, by=by if by in ("gebied", "postcode") else "gebied",  # type: ignore[arg-type]
                              disclosure=SurveyDisclosure(open_answers, small_counts), area_names=names)  # fmt: skip

    def survey_approached(
        self, area_id: int | None = None, respondent_type: str = "agrariër", small_counts: bool = True
    ) -> Any:
        """The share of ``respondent_type`` approached by criminals against the regional figure, in words."""
        from gis.analysis.survey_results import approached_vs_region
        from gis.analysis.survey_values import from_record
        from gis.privacy.survey import SurveyDisclosure

        responses = [from_record(r) for r in self.survey_responses(area_id).to_dict("records")]
        return approached_vs_region(responses, respondent_type=respondent_type,
                                    disclosure=SurveyDisclosure(False, small_counts))  # fmt: skip

    # -- schouw -----------------------------------------------------------------------------------
    def add_walk(
        self, area_id: int, walked_on: date, daypart: str, participants: str, route: shapely.Geometry | None,
        notes: str, user: str,
    ) -> int:  # fmt: skip
        """Record a site walk in an area (route: a line in RD New, or None); returns its id."""
        if daypart not in DAYPARTS:
            raise StoreError(f"Dagdeel '{daypart}' bestaat niet; kies dag of nacht.")
        if route is not None and route.geom_type not in ("LineString", "MultiLineString"):
            raise StoreError(f"De route moet een lijn zijn, geen {route.geom_type}.")
        areas = self.areas()  # type: ignore[attr-defined]
        if int(area_id) not in set(areas["id"].astype(int)):
            raise StoreError(f"Gebied {area_id} bestaat niet (meer).")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            walk_id = int(self._next_ids(cur, "schouw_walks_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO schouw_walks (id, area_id, walked_on, daypart, participants, route, notes, created_by) "
                "VALUES (?, ?, ?, ?, ?, ST_GeomFromWKB(?), ?, ?)",
                [walk_id, int(area_id), walked_on, daypart, participants, None if route is None else
                 shapely.to_wkb(route), notes, user],
            )  # fmt: skip
        return walk_id

    def walks(self, area_id: int | None = None) -> gpd.GeoDataFrame:
        """Site walks (of one area, or all) with their routes (RD New), newest first."""
        sql = ("SELECT id, area_id, walked_on, daypart, participants, notes, created_by, created_at, "
               "ST_AsWKB(route) AS wkb FROM schouw_walks")  # fmt: skip
        params: list[object] = []
        if area_id is not None:
            sql += " WHERE area_id = ?"
            params.append(int(area_id))
        df = self.query_df(sql + " ORDER BY walked_on DESC, id DESC", params)  # type: ignore[attr-defined]
        wkb = df.pop("wkb")
        geoms = [None if _missing(b) else shapely.from_wkb(bytes(b)) for b in wkb]
        return gpd.GeoDataFrame(df, geometry=geoms, crs="EPSG:28992")

    def add_finding(
        self, walk_id: int, x: float, y: float, category: str, note: str, user: str,
        files: Sequence[FindingFile] = (),
    ) -> int:  # fmt: skip
        """Record a finding of a walk at (x, y) in RD New, with photos; returns its id."""
        if category not in FINDING_CATEGORIES:
            raise StoreError(f"Soort bevinding '{category}' bestaat niet; kies uit {', '.join(FINDING_CATEGORIES)}.")
        exists = self.query_df("SELECT id FROM schouw_walks WHERE id = ?", [int(walk_id)])  # type: ignore[attr-defined]
        if exists.empty:
            raise StoreError(f"Schouw {walk_id} bestaat niet.")
        code = self._municipality_index().assign([x], [y])[0]  # type: ignore[attr-defined]
        with self.transaction() as cur:  # type: ignore[attr-defined]
            fid = int(self._next_ids(cur, "schouw_findings_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO schouw_findings (id, walk_id, x, y, geom, category, note, municipality_code, created_by) "
                "VALUES (?, ?, ?, ?, ST_Point(?, ?), ?, ?, ?, ?)",
                [fid, int(walk_id), float(x), float(y), float(x), float(y), category, note, code, user],
            )
            for f in files:
                cur.execute(
                    "INSERT INTO schouw_files (finding_id, name, mime, size, sha256, original, shared, uploaded_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [fid, f.name, f.mime, len(f.original), hashlib.sha256(f.original).hexdigest(), f.original,
                     f.shared, user],
                )  # fmt: skip
        return fid

    def findings(self, area_id: int | None = None, walk_id: int | None = None) -> pd.DataFrame:
        """Findings with their walk's area, date and daypart, and the number of photos."""
        sql = ("SELECT f.id, f.walk_id, w.area_id, w.walked_on, w.daypart, f.x, f.y, f.category, f.note, "
               "f.municipality_code, f.became, f.created_by, f.created_at, "
               "(SELECT count(*) FROM schouw_files p WHERE p.finding_id = f.id) AS photos "
               "FROM schouw_findings f JOIN schouw_walks w ON w.id = f.walk_id")  # fmt: skip
        parts, params = [], []
        if area_id is not None:
            parts.append("w.area_id = ?")
            params.append(int(area_id))
        if walk_id is not None:
            parts.append("f.walk_id = ?")
            params.append(int(walk_id))
        where = (" WHERE " + " AND ".join(parts)) if parts else ""
        return self.query_df(sql + where + " ORDER BY f.id", params)  # type: ignore[attr-defined]

    def finding_file(self, finding_id: int, index: int = 0, original: bool = False) -> tuple[str, str, bytes]:
        """``(name, mime, bytes)`` of a finding's photo: the copy without EXIF unless ``original``."""
        rows = self.query_df(  # type: ignore[attr-defined]
            "SELECT name, mime, original, shared FROM schouw_files WHERE finding_id = ? ORDER BY id", [int(finding_id)]
        )
        if index >= len(rows):
            raise StoreError(f"Bevinding {finding_id} heeft geen foto {index + 1}.")
        r = rows.iloc[index]
        data = r["original"] if original or r["shared"] is None else r["shared"]
        return str(r["name"]), str(r["mime"]), bytes(data)

    def mark_finding(self, finding_id: int, became: str) -> None:
        """Note what a finding became (e.g. ``dumpings:12``, ``barns:4``); only once."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            self._mark_finding_in(cur, finding_id, became)

    @staticmethod
    def _mark_finding_in(cur: Any, finding_id: int, became: str) -> None:
        """``mark_finding`` inside the caller's transaction (a report or barn made from a finding: one write)."""
        if not re.fullmatch(r"(dumpings|barns):[0-9]+", became):
            raise StoreError(f"'{became}' is geen melding of schuur.")
        row = cur.execute("SELECT became FROM schouw_findings WHERE id = ?", [int(finding_id)]).fetchone()
        if row is None:
            raise StoreError(f"Bevinding {finding_id} bestaat niet.")
        if row[0]:
            raise StoreError(f"Bevinding {finding_id} is al omgezet ({row[0]}).")
        cur.execute("UPDATE schouw_findings SET became = ? WHERE id = ?", [became, int(finding_id)])

    def add_barn(self, record: dict[str, Any], user: str, from_finding: int | None = None) -> int:
        """Register one vacant barn (``x``/``y`` in RD New plus the barn fields); from a site-walk finding, the
        finding is marked in the same transaction. Returns the barn's id."""
        from gis.domain.catalog import BARN_STATUSES, Layer
        from gis.store.core import POINT_FIELDS

        try:
            x, y = float(record["x"]), float(record["y"])
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError("Een schuur heeft een plaats nodig (x en y in RD New).") from exc
        unknown = sorted(set(record) - {"x", "y", *POINT_FIELDS[Layer.BARNS]})
        if unknown:
            raise StoreError(f"Het veld '{unknown[0]}' bestaat niet bij een schuur.")
        row = {"status": "geregistreerd", **record, "x": x, "y": y, "batch_id": None}
        if row["status"] not in BARN_STATUSES:
            raise StoreError(f"Status '{row['status']}' bestaat niet; kies uit {', '.join(BARN_STATUSES)}.")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            barn_id = int(self._write_points(cur, Layer.BARNS, pd.DataFrame([row]))[0])  # type: ignore[attr-defined]
            if from_finding is not None:
                self._mark_finding_in(cur, from_finding, f"barns:{barn_id}")
        return barn_id

    # -- denominators ----------------------------------------------------------------------------
    def area_denominators(self, area_id: int) -> dict[str, int]:
        """The numbers of farms and residents the partnership entered for an area (``farms``, ``residents``;
        absent when not entered), for rates per 1,000 farms or residents."""
        text = self.get_meta(f"denominators:{int(area_id)}")  # type: ignore[attr-defined]
        return {k: int(v) for k, v in json.loads(text).items()} if text else {}

    def set_area_denominators(self, area_id: int, farms: int | None, residents: int | None, user: str) -> None:
        """Enter (or clear, with None) the numbers of farms and residents in an area."""
        values = {"farms": farms, "residents": residents}
        for name, value in values.items():
            if value is not None and (int(value) != value or not 0 < value <= 10_000_000):
                raise StoreError(f"Het aantal {'bedrijven' if name == 'farms' else 'inwoners'} moet een geheel getal "
                                 f"boven 0 zijn, niet '{value}'.")  # fmt: skip
        if int(area_id) not in set(self.areas()["id"].astype(int)):  # type: ignore[attr-defined]
            raise StoreError(f"Gebied {area_id} bestaat niet (meer).")
        kept = {k: int(v) for k, v in values.items() if v is not None}
        self.set_meta(f"denominators:{int(area_id)}", json.dumps(kept))  # type: ignore[attr-defined]

    def area_postcodes(self, area_id: int) -> list[str]:
        """The 4-digit postcodes the partnership listed for an area (empty when none were entered)."""
        text = self.get_meta(f"postcodes:{int(area_id)}")  # type: ignore[attr-defined]
        return [str(p) for p in json.loads(text)] if text else []

    def set_area_postcodes(self, area_id: int, postcodes: Sequence[str], user: str) -> None:
        """List the 4-digit postcodes of an area (survey answers with another postcode are then refused)."""
        codes = sorted({str(p).strip() for p in postcodes if str(p).strip()})
        bad = [p for p in codes if not _POSTCODE4.fullmatch(p)]
        if bad:
            raise StoreError(f"'{bad[0]}' is geen postcode van 4 cijfers (bijvoorbeeld 7151).")
        if int(area_id) not in set(self.areas()["id"].astype(int)):  # type: ignore[attr-defined]
            raise StoreError(f"Gebied {area_id} bestaat niet (meer).")
        self.set_meta(f"postcodes:{int(area_id)}", json.dumps(codes))  # type: ignore[attr-defined]

    # -- snapshots --------------------------------------------------------------------------------
    def save_snapshot(
        self, area_id: int, kind: str, taken_on: date, period: tuple[date | None, date | None],
        data: dict[str, Any], map_png: bytes | None, user: str,
    ) -> int:  # fmt: skip
        """Freeze an analysis (figures, survey results, findings; a map) as a dated measurement; returns its id."""
        if kind not in SNAPSHOT_KINDS:
            raise StoreError(f"Soort meting '{kind}' bestaat niet; kies uit {', '.join(SNAPSHOT_KINDS)}.")
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str)
        if len(text) > MAX_SNAPSHOT_CHARS:
            raise StoreError(f"De meting is te groot om te bewaren ({len(text)} tekens).")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            sid = int(self._next_ids(cur, "analysis_snapshots_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO analysis_snapshots (id, area_id, kind, taken_on, period_from, period_to, data, map_png, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [sid, int(area_id), kind, taken_on, period[0], period[1], text, map_png, user],
            )
        return sid

    def snapshots(self, area_id: int) -> pd.DataFrame:
        """The measurements of an area, oldest first (without their data)."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, kind, taken_on, period_from, period_to, created_by, created_at FROM analysis_snapshots "
            "WHERE area_id = ? ORDER BY taken_on, id",
            [int(area_id)],
        )

    def snapshot(self, snapshot_id: int) -> dict[str, Any]:
        """One measurement with its data (dict) and map (bytes or None)."""
        rows = self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, kind, taken_on, period_from, period_to, data, map_png, created_by, created_at "
            "FROM analysis_snapshots WHERE id = ?",
            [int(snapshot_id)],
        )
        if rows.empty:
            raise StoreError(f"Meting {snapshot_id} bestaat niet.")
        out = rows.iloc[0].to_dict()
        out["data"] = json.loads(out["data"])
        png = out.get("map_png")
        out["map_png"] = (
            None if png is None or png is pd.NA or (isinstance(png, float) and pd.isna(png)) else bytes(png)
        )
        return out


__all__ = ["DAYPARTS", "FINDING_CATEGORIES", "RESPONDENT_TYPES", "SNAPSHOT_KINDS", "AnalysisMixin", "FindingFile"]
