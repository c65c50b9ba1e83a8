"""The certification file (auditdossier, step B4) of a PPS area: the checklist of what an auditor reads (covenant,
participants, map, analysis, schouw, incident figures, measures matrix, plan, evidence, evaluations, minutes) and the
file itself as a ZIP with a PDF index (``00_index.pdf``) that lists every item, missing ones marked "ontbreekt".

Everything comes from the signed-in role's guarded store: incident figures through the aggregate calls (released
counts for a counts-only role such as the auditor), participants without contact details. File names inside the
ZIP are made here (user text only through ``safe_name``), so no entry can leave its folder. No Streamlit here.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import Any

import pandas as pd

from gis.domain.roles import PermissionDenied
from gis.partnership.audit_contents import FILES, plan_modules, zero_meetings
from gis.partnership.audit_index import index_pdf
from gis.partnership.facts import chosen_measures, current_participants, read, required_signed
from gis.partnership.progress import AreaProgress, area_progress
from gis.store.errors import StoreError

__all__ = ["ITEMS", "MIN_CARRIED_OUT", "AuditItem", "audit_checklist", "audit_files", "audit_zip", "carried_out"]

MIN_CARRIED_OUT = 3  # measures carried out, each with evidence, before certification
# key -> (nl, en title, page key, tab key, Dutch "where in the app")
ITEMS: dict[str, tuple[str, str, str, str, str]] = {
    "convenant": ("Ondertekend convenant", "Signed covenant", "samenwerking", "ps_tab_documents",
                  "Samenwerking › Intentieverklaring en convenant"),
    "deelnemers": ("Deelnemerslijst", "Participant list", "samenwerking", "ps_tab_people",
                   "Samenwerking › Deelnemers"),
    "kaart": ("Kaart van het gebied", "Area map", "gebieden", "", "Gebieden"),
    "analyse": ("Veiligheidsanalyse met enquête", "Safety analysis with survey", "analyse", "an_tab_measure",
                "Analyse › Metingen"),
    "schouw": ("Schouwverslagen", "Site-walk reports", "analyse", "an_tab_schouw", "Analyse › Schouw"),
    "incidenten": ("Incidentcijfers", "Incident statistics", "analyse", "an_tab_profile", "Analyse › Gebiedsprofiel"),
    "maatregelen": ("Maatregelenmatrix (wie doet wat, wanneer)", "Measures matrix (who does what, when)", "plan",
                    "pl_tab_plan", "Plan van aanpak › Plan"),
    "plan": ("Plan van aanpak", "Plan of action", "plan", "pl_tab_export", "Plan van aanpak › Exporteren"),
    "bewijs": (f"Bewijs van ten minste {MIN_CARRIED_OUT} uitgevoerde maatregelen",
               f"Evidence of at least {MIN_CARRIED_OUT} measures carried out", "plan", "pl_tab_plan",
               "Plan van aanpak › Plan"),
    "evaluaties": ("Jaarlijkse evaluaties", "Annual evaluations", "samenwerking", "ps_tab_meetings",
                   "Samenwerking › Overleggen"),
    "notulen": ("Notulen van vergaderingen", "Meeting minutes", "samenwerking", "ps_tab_meetings",
                "Samenwerking › Overleggen"),
}  # fmt: skip


@dataclass(frozen=True)
class AuditItem:
    """One item of the file: present or missing, why, where in the app, and its files in the ZIP."""

    key: str
    title: str
    present: bool
    detail: str
    page: str
    tab: str
    where: str
    files: tuple[str, ...] = ()


class _Area:
    """What the store returns for one area, read once (None: the role may not read it)."""

    def __init__(self, store: Any, area_id: int) -> None:
        self.store, self.area_id = store, int(area_id)
        areas = store.areas()
        row = areas[areas["id"].astype(int) == self.area_id]
        if row.empty:
            raise StoreError(f"Gebied {area_id} bestaat niet (meer) of valt buiten uw bereik.")
        self.row = row.iloc[0]
        self.name = str(self.row["name"])
        self._cache: dict[str, pd.DataFrame | None] = {}
        self.profile: pd.DataFrame | None = None

    def get(self, method: str) -> pd.DataFrame | None:
        if method not in self._cache:
            self._cache[method] = read(self.store, method, self.area_id)
        return self._cache[method]

    @cached_property
    def progress(self) -> AreaProgress:
        """The area's progress as this role derives it (the checklist asks what the Voortgang tab asks)."""
        return area_progress(self.store, self.area_id)

    @cached_property
    def participants(self) -> pd.DataFrame:
        frame = self.get("participants")
        return pd.DataFrame(columns=["id", "organisation", "kind"]) if frame is None else current_participants(frame)


def _hidden(what: str) -> tuple[bool, str]:
    return False, f"{what}: niet zichtbaar voor uw rol"


def _check_convenant(a: _Area) -> tuple[bool, str]:
    sigs, parts = a.get("signatures"), a.get("participants")
    if sigs is None or parts is None:
        return _hidden("ondertekeningen")
    lacking = required_signed(sigs, parts, "convenant")
    if lacking:
        return False, "nog niet getekend namens " + " en ".join(lacking)
    n = int((sigs["document"] == "convenant").sum())
    return True, f"getekend door {n} partij(en), waaronder gemeente en politie"


def _as_step(a: _Area, code: str, what: str, done_text: str) -> tuple[bool, str]:
    """Present exactly when progress step ``code`` is done (so the checklist and Voortgang agree)."""
    step = a.progress.step(code)
    if step.hidden:
        return _hidden(what)
    return (True, done_text) if step.done else (False, "nog nodig: " + "; ".join(step.missing))


def _check_participants(a: _Area) -> tuple[bool, str]:
    if a.get("participants") is None:
        return _hidden("deelnemers")
    return _as_step(a, "A2", "deelnemers", f"{len(a.participants)} deelnemer(s)")


def _check_map(a: _Area) -> tuple[bool, str]:
    geom = a.row.geometry
    ok = geom is not None and not geom.is_empty
    return ok, "gebiedsgrens opgeslagen" if ok else "geen gebiedsgrens"


def _check_analysis(a: _Area) -> tuple[bool, str]:
    zero, survey = zero_meetings(a), a.get("survey_summary")
    if zero is None or survey is None:
        return _hidden("metingen of enquête")
    lacks = [w for w, ok in (("een bevroren 0-meting", len(zero) > 0), ("een enquête", not survey.empty)) if not ok]
    return not lacks, "nog nodig: " + " en ".join(lacks) if lacks else f"{len(zero)} 0-meting(en) met enquête"


def _check_schouw(a: _Area) -> tuple[bool, str]:
    walks = a.get("walks")
    if walks is None:
        return _hidden("schouwen")
    return len(walks) > 0, f"{len(walks)} schouw(en)" if len(walks) else "nog geen schouw"


def _check_incidents(a: _Area) -> tuple[bool, str]:
    from gis.domain.catalog import Layer
    from gis.domain.roles import SUPPRESSED
    from gis.store.filters import Filters

    try:
        n = int(a.store.layer_count(Layer.INCIDENTS, Filters(area_id=a.area_id)))
    except PermissionDenied:
        return _hidden("incidentcijfers")
    shown = "<5" if n == SUPPRESSED else str(n)
    return True, f"{shown} incident(en) in het gebied (vrijgegeven aantallen waar uw rol alleen aantallen ziet)"


def _check_measures(a: _Area) -> tuple[bool, str]:
    measures = a.get("area_measures")
    if measures is None:
        return _hidden("maatregelen")
    n = len(chosen_measures(measures))  # the matrix says who does what when: the plan (B3) must be filled in
    return _as_step(a, "B3", "maatregelen", f"{n} gekozen maatregel(en), elk met partner en periode")


def _check_plan(a: _Area) -> tuple[bool, str]:
    if plan_modules() is None:
        return False, "het plan van aanpak kan (nog) niet worden gemaakt: de module ontbreekt"
    ok, detail = _check_measures(a)
    return ok, "plan van aanpak met de gekozen maatregelen" if ok else detail


def carried_out(measures: pd.DataFrame | None, evidence: pd.DataFrame | None) -> list[int]:
    """Ids of the measures carried out ("uitgevoerd") that have at least one piece of evidence."""
    if measures is None or evidence is None or measures.empty or evidence.empty:
        return []
    done = set(measures.loc[measures["status"] == "uitgevoerd", "id"].astype(int))
    return sorted(done & set(evidence["measure_id"].astype(int)))


def _check_evidence(a: _Area) -> tuple[bool, str]:
    measures, evidence = a.get("area_measures"), a.get("measure_evidence")
    if measures is None or evidence is None:
        return _hidden("bewijs")
    n = len(carried_out(measures, evidence))
    text = f"{n} uitgevoerde maatregel(en) met bewijs (nodig: {MIN_CARRIED_OUT})"
    return n >= MIN_CARRIED_OUT, text


def _check_evaluations(a: _Area) -> tuple[bool, str]:
    evals = a.get("evaluations")
    if evals is None:
        return _hidden("evaluaties")
    return len(evals) > 0, f"{len(evals)} evaluatie(s)" if len(evals) else "nog geen evaluatie"


def _check_minutes(a: _Area) -> tuple[bool, str]:
    meetings = a.get("meetings")
    if meetings is None:
        return _hidden("vergaderingen")
    n = int(meetings["minutes"].fillna("").astype(str).str.strip().ne("").sum()) if len(meetings) else 0
    return n > 0, f"{n} vergadering(en) met notulen" if n else "nog geen notulen"


_CHECKS: dict[str, Callable[[_Area], tuple[bool, str]]] = {
    "convenant": _check_convenant, "deelnemers": _check_participants, "kaart": _check_map,
    "analyse": _check_analysis, "schouw": _check_schouw, "incidenten": _check_incidents,
    "maatregelen": _check_measures, "plan": _check_plan, "bewijs": _check_evidence,
    "evaluaties": _check_evaluations, "notulen": _check_minutes,
}  # fmt: skip


def _items(a: _Area, lang: str) -> list[AuditItem]:
    out = []
    for key, (nl, en, page, tab, where) in ITEMS.items():
        present, detail = _CHECKS[key](a)
        out.append(AuditItem(key, en if lang == "en" else nl, present, detail, page, tab, where))
    return out


def audit_checklist(store: Any, area_id: int, lang: str = "nl") -> list[AuditItem]:
    """Every item of the certification file of ``area_id``: present or missing, why, and where in the app."""
    return _items(_Area(store, area_id), lang)


def _unique(path: str, taken: set[str]) -> str:
    stem, dot, ext = path.rpartition(".")
    name, n = path, 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}_{n}{dot}{ext}" if dot else f"{path}_{n}"
    taken.add(name.lower())
    return name


def audit_files(store: Any, area_id: int, lang: str = "nl") -> tuple[list[AuditItem], list[tuple[str, bytes]]]:
    """The checklist (with each item's files) and the files ``(path in the ZIP, bytes)`` of every present item.
    An item whose files cannot be made is listed as missing with the reason."""
    a = _Area(store, area_id)
    items, files, taken = [], [], set()
    for number, item in enumerate(_items(a, lang), start=1):
        folder = f"{number:02d}_{item.key}"
        if not item.present:
            items.append(item)
            continue
        try:
            made = FILES[item.key](a)
        except (PermissionDenied, StoreError, ValueError, KeyError, OSError) as err:
            items.append(replace(item, present=False, detail=f"{item.detail}; kon niet worden gemaakt: {err}"))
            continue
        paths = [_unique(f"{folder}/{name}", taken) for name, _ in made]
        files += [(p, data) for p, (_, data) in zip(paths, made, strict=True)]
        items.append(replace(item, files=tuple(paths)))
    return items, files


def write_zip(files: list[tuple[str, bytes]], stamp: datetime) -> bytes:
    """``files`` as ZIP bytes (deflated, entries dated ``stamp``)."""
    out = io.BytesIO()
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def audit_zip(store: Any, area_id: int, lang: str = "nl") -> bytes:
    """The certification file of ``area_id`` as ZIP bytes: ``00_index.pdf`` listing every item (missing ones
    marked), ``index.json`` (the same, for machines) and one folder per present item."""
    items, files = audit_files(store, area_id, lang)
    areas = store.areas()
    name = str(areas.loc[areas["id"].astype(int) == int(area_id), "name"].iloc[0])
    now = datetime.now()
    index = index_pdf(name, items, now, lang, demo=bool(store.is_demo()))
    listing = [{"onderdeel": i.title, "aanwezig": i.present, "toelichting": i.detail, "waar": i.where,
                "bestanden": list(i.files)} for i in items]  # fmt: skip
    meta = json.dumps({"gebied": name, "gemaakt": now.isoformat(timespec="seconds"), "onderdelen": listing},
                      ensure_ascii=False, indent=1).encode()  # fmt: skip
    return write_zip([("00_index.pdf", index), ("index.json", meta), *files], now)
