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
from gis.partnership.progress_en import HIDDEN_TEXT_EN, Text, kind_en
from gis.partnership.progress_en import count as _n
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
    """One item of the file: present or missing, why (Dutch; ``detail_en``: the same in English), where in the
    app, and its files in the ZIP."""

    key: str
    title: str
    present: bool
    detail: str
    page: str
    tab: str
    where: str
    files: tuple[str, ...] = ()
    detail_en: str = ""


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


def _hidden(what: Text) -> tuple[bool, Text]:
    return False, (f"{what[0]}: niet zichtbaar voor uw rol", f"{what[1]}: {HIDDEN_TEXT_EN}")


def _check_convenant(a: _Area) -> tuple[bool, Text]:
    sigs, parts = a.get("signatures"), a.get("participants")
    if sigs is None or parts is None:
        return _hidden(("ondertekeningen", "signatures"))
    lacking = required_signed(sigs, parts, "convenant")
    if lacking:
        return False, ("nog niet getekend namens " + " en ".join(lacking),
                       "not signed yet on behalf of the " + " and the ".join(kind_en(k) for k in lacking))  # fmt: skip
    n = int((sigs["document"] == "convenant").sum())
    return True, (f"getekend door {n} partij(en), waaronder gemeente en politie",
                  f"signed by {_n(n, 'party', 'parties')}, including the municipality and the police")  # fmt: skip


def _as_step(a: _Area, code: str, what: Text, done_text: Text) -> tuple[bool, Text]:
    """Present exactly when progress step ``code`` is done (so the checklist and Voortgang agree)."""
    step = a.progress.step(code)
    if step.hidden:
        return _hidden(what)
    if step.done:
        return True, done_text
    return False, ("nog nodig: " + "; ".join(step.missing), "still needed: " + "; ".join(step.missing_en))


def _check_participants(a: _Area) -> tuple[bool, Text]:
    what = ("deelnemers", "participants")
    if a.get("participants") is None:
        return _hidden(what)
    n = len(a.participants)
    return _as_step(a, "A2", what, (f"{n} deelnemer(s)", _n(n, "participant", "participants")))


def _check_map(a: _Area) -> tuple[bool, Text]:
    geom = a.row.geometry
    ok = geom is not None and not geom.is_empty
    return ok, ("gebiedsgrens opgeslagen", "area boundary saved") if ok else ("geen gebiedsgrens", "no area boundary")


def _check_analysis(a: _Area) -> tuple[bool, Text]:
    zero, survey = zero_meetings(a), a.get("survey_summary")
    if zero is None or survey is None:
        return _hidden(("metingen of enquête", "measurements or survey"))
    lacks = [(w, e) for w, e, ok in (("een bevroren 0-meting", "a frozen baseline measurement", len(zero) > 0),
                                     ("een enquête", "a survey", not survey.empty)) if not ok]  # fmt: skip
    if lacks:
        return False, ("nog nodig: " + " en ".join(w for w, _ in lacks),
                       "still needed: " + " and ".join(e for _, e in lacks))  # fmt: skip
    n = len(zero)
    return True, (f"{n} 0-meting(en) met enquête",
                  f"{_n(n, 'baseline measurement', 'baseline measurements')} with a survey")  # fmt: skip


def _check_schouw(a: _Area) -> tuple[bool, Text]:
    walks = a.get("walks")
    if walks is None:
        return _hidden(("schouwen", "site walks"))
    if not len(walks):
        return False, ("nog geen schouw", "no site walk yet")
    return True, (f"{len(walks)} schouw(en)", _n(len(walks), "site walk", "site walks"))


def _check_incidents(a: _Area) -> tuple[bool, Text]:
    from gis.domain.catalog import Layer
    from gis.domain.roles import SUPPRESSED
    from gis.store.filters import Filters

    try:
        n = int(a.store.layer_count(Layer.INCIDENTS, Filters(area_id=a.area_id)))
    except PermissionDenied:
        return _hidden(("incidentcijfers", "incident statistics"))
    shown = "<5" if n == SUPPRESSED else str(n)
    return True, (f"{shown} incident(en) in het gebied (vrijgegeven aantallen waar uw rol alleen aantallen ziet)",
                  f"{shown} {'incident' if n == 1 else 'incidents'} in the area (released counts where your role "
                  "sees counts only)")  # fmt: skip


def _check_measures(a: _Area) -> tuple[bool, Text]:
    what = ("maatregelen", "measures")
    measures = a.get("area_measures")
    if measures is None:
        return _hidden(what)
    n = len(chosen_measures(measures))  # the matrix says who does what when: the plan (B3) must be filled in
    done = (f"{n} gekozen maatregel(en), elk met partner en periode",
            f"{_n(n, 'chosen measure', 'chosen measures')}, each with partner and period")  # fmt: skip
    return _as_step(a, "B3", what, done)


def _check_plan(a: _Area) -> tuple[bool, Text]:
    if plan_modules() is None:
        return False, ("het plan van aanpak kan (nog) niet worden gemaakt: de module ontbreekt",
                       "the plan of action cannot be made (yet): its module is missing")  # fmt: skip
    ok, detail = _check_measures(a)
    done = ("plan van aanpak met de gekozen maatregelen", "plan of action with the chosen measures")
    return ok, done if ok else detail


def carried_out(measures: pd.DataFrame | None, evidence: pd.DataFrame | None) -> list[int]:
    """Ids of the measures carried out ("uitgevoerd") that have at least one piece of evidence."""
    if measures is None or evidence is None or measures.empty or evidence.empty:
        return []
    done = set(measures.loc[measures["status"] == "uitgevoerd", "id"].astype(int))
    return sorted(done & set(evidence["measure_id"].astype(int)))


def _check_evidence(a: _Area) -> tuple[bool, Text]:
    measures, evidence = a.get("area_measures"), a.get("measure_evidence")
    if measures is None or evidence is None:
        return _hidden(("bewijs", "evidence"))
    n = len(carried_out(measures, evidence))
    text = (f"{n} uitgevoerde maatregel(en) met bewijs (nodig: {MIN_CARRIED_OUT})",
            f"{_n(n, 'measure', 'measures')} carried out with evidence (needed: {MIN_CARRIED_OUT})")  # fmt: skip
    return n >= MIN_CARRIED_OUT, text


def _check_evaluations(a: _Area) -> tuple[bool, Text]:
    evals = a.get("evaluations")
    if evals is None:
        return _hidden(("evaluaties", "evaluations"))
    if not len(evals):
        return False, ("nog geen evaluatie", "no evaluation yet")
    return True, (f"{len(evals)} evaluatie(s)", _n(len(evals), "evaluation", "evaluations"))


def _check_minutes(a: _Area) -> tuple[bool, Text]:
    meetings = a.get("meetings")
    if meetings is None:
        return _hidden(("vergaderingen", "meetings"))
    n = int(meetings["minutes"].fillna("").astype(str).str.strip().ne("").sum()) if len(meetings) else 0
    if not n:
        return False, ("nog geen notulen", "no minutes yet")
    return True, (f"{n} vergadering(en) met notulen", f"{_n(n, 'meeting', 'meetings')} with minutes")


_CHECKS: dict[str, Callable[[_Area], tuple[bool, Text]]] = {
    "convenant": _check_convenant, "deelnemers": _check_participants, "kaart": _check_map,
    "analyse": _check_analysis, "schouw": _check_schouw, "incidenten": _check_incidents,
    "maatregelen": _check_measures, "plan": _check_plan, "bewijs": _check_evidence,
    "evaluaties": _check_evaluations, "notulen": _check_minutes,
}  # fmt: skip


def _items(a: _Area, lang: str) -> list[AuditItem]:
    out = []
    for key, (nl, en, page, tab, where) in ITEMS.items():
        present, (detail, detail_en) = _CHECKS[key](a)
        out.append(AuditItem(key, en if lang == "en" else nl, present, detail, page, tab, where, detail_en=detail_en))
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
            items.append(replace(item, present=False, detail=f"{item.detail}; kon niet worden gemaakt: {err}",
                                 detail_en=f"{item.detail_en}; could not be made: {err}"))  # fmt: skip
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
