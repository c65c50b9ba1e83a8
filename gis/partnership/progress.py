"""Where an area stands in the certification process (A1–A5, B1–B4 and the cycle after it), derived only from
the data the (guarded) store returns: each step done or not, since when, what shows it and what is still missing.

A read the signed-in role may not make (``PermissionDenied``) marks its step "niet zichtbaar voor uw rol"; such a
step counts as not done for the stage (what the role cannot see, it cannot confirm). No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd

from gis.partnership.codes import AUDIT_RESULTS, EVALUATION_MONTHS, KEURMERK_YEARS, STEPS, label
from gis.partnership.facts import (
    Facts,
    area_facts,
    chosen_measures,
    current_participants,
    dates_in,
    day,
    read,
    required_signed,
    signed_by,
)
from gis.partnership.progress_en import HIDDEN_TEXT_EN, Text, kind_en
from gis.partnership.progress_en import count as _n
from gis.partnership.progress_en import day_en as _d

__all__ = [
    "GRANTED",
    "HIDDEN_TEXT",
    "HIDDEN_TEXT_EN",
    "LINKS",
    "MIN_OTHER_ORGANISATIONS",
    "STAGES",
    "AreaProgress",
    "StepState",
    "area_progress",
]

HIDDEN_TEXT = "niet zichtbaar voor uw rol"
MIN_OTHER_ORGANISATIONS = 2  # besides the municipality
RENEWAL_NOTICE_DAYS = 183  # the recertification shows as to be done from half a year before the Keurmerk ends
GRANTED = ("toegekend", "voorwaardelijk")
# Where each step is done in the app: (page key, tab key). The tab keys are the UI's text keys.
LINKS: dict[str, tuple[str, str]] = {
    "A1": ("gebieden", ""),
    "A2": ("samenwerking", "ps_tab_people"),
    "A3": ("plan", "pl_tab_objectives"),
    "A4": ("samenwerking", "ps_tab_goals"),
    "A5": ("samenwerking", "ps_tab_documents"),
    "B1": ("analyse", "an_tab_measure"),
    "B2": ("maatregelen", "ms_tab_proposals"),
    "B3": ("plan", "pl_tab_plan"),
    "B4": ("keurmerk", "km_tab_audit"),
    "C1": ("analyse", "an_tab_measure"),
    "C2": ("samenwerking", "ps_tab_meetings"),
    "C3": ("keurmerk", "km_tab_audit"),
}
# The stage an area is in: the label of the first step not yet done (in this order).
STAGES: dict[str, str] = {
    "A1": "afbakening",
    "A2": "samenstelling deelnemers",
    "A3": "doelstelling",
    "A4": "samenwerkingsafspraken",
    "A5": "intentieverklaring",
    "B1": "veiligheidsanalyse",
    "B2": "maatregelen kiezen",
    "B3": "plan van aanpak",
    "convenant": "convenant",
    "ready": "klaar voor audit",
    "certified": "gecertificeerd",
    "renew": "hercertificering nodig",
}


@dataclass(frozen=True)
class StepState:
    """One step: done or not, since when, what shows it, what is still needed (Dutch; ``*_en``: the same in
    English, item for item), and where in the app."""

    code: str
    done: bool
    done_on: date | None
    evidence: str
    missing: list[str]
    page: str
    tab: str
    hidden: bool = False
    later: bool = False  # not yet due: it waits for an earlier step (or for its time), so not "missing" yet
    evidence_en: str = ""
    missing_en: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return label(STEPS, self.code)


@dataclass
class AreaProgress:
    """The steps in the order of ``codes.STEPS``, the stage (Dutch label) and what is overdue (Dutch;
    ``overdue_en``: the same in English)."""

    area_id: int
    area_name: str
    steps: list[StepState]
    stage: str
    overdue: list[str] = field(default_factory=list)
    covenant_signed: bool = False
    certified_on: date | None = None
    renewal_due: date | None = None
    overdue_en: list[str] = field(default_factory=list)

    def step(self, code: str) -> StepState:
        return next(s for s in self.steps if s.code == code)


def _state(code: str, done: bool, done_on: date | None, evidence: Text, missing: list[Text]) -> StepState:
    page, tab = LINKS[code]
    lacks = [] if done else missing
    return StepState(code, done, done_on if done else None, evidence[0], [m[0] for m in lacks], page, tab,
                     evidence_en=evidence[1], missing_en=[m[1] for m in lacks])  # fmt: skip


def _hidden(code: str) -> StepState:
    page, tab = LINKS[code]
    return StepState(code, False, None, HIDDEN_TEXT, [HIDDEN_TEXT], page, tab, hidden=True,
                     evidence_en=HIDDEN_TEXT_EN, missing_en=[HIDDEN_TEXT_EN])  # fmt: skip


def _a1(area: pd.Series | None) -> StepState:
    boundary = ("een opgeslagen gebiedsgrens", "a saved area boundary")
    if area is None:
        return _state("A1", False, None, ("", ""), [boundary])
    geom = area.geometry
    ok = geom is not None and not geom.is_empty
    ha = f"{geom.area / 10_000:,.0f}" if ok else "0"
    evidence = (f"gebiedsgrens opgeslagen ({ha.replace(',', '.')} ha)", f"area boundary saved ({ha} ha)")
    return _state("A1", ok, None, evidence, [boundary])


def _a2(f: Facts) -> StepState:
    frame = f.get("participants")
    if frame is None:
        return _hidden("A2")
    now = current_participants(frame).sort_values("joined_on", na_position="first") if len(frame) else frame
    muni, others, when = False, set(), None
    for org, kind, joined in zip(now.get("organisation", []), now.get("kind", []), now.get("joined_on", []),
                                 strict=True):  # fmt: skip
        if kind == "gemeente" and not muni:
            muni = True
        else:
            others.add(str(org).strip().lower())
        if when is None and muni and len(others) >= MIN_OTHER_ORGANISATIONS:
            when = day(joined)
    missing = [] if muni else [("een deelnemer namens de gemeente", "a participant on behalf of the municipality")]
    if (more := MIN_OTHER_ORGANISATIONS - len(others)) > 0:
        others_en = _n(more, "more organisation as a participant", "more organisations as participants")
        missing.append((f"nog {more} andere organisatie(s) als deelnemer", others_en))
    evidence = (f"{len(now)} deelnemer(s)", _n(len(now), "participant", "participants"))
    return _state("A2", not missing, when, evidence, missing)


def _kinds_of(frame: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    return frame[frame["kind"].isin(kinds)] if len(frame) and "kind" in frame.columns else frame.iloc[0:0]


def _a3(f: Facts) -> StepState:
    agreements, objectives = f.get("agreements"), f.get("objectives")
    if agreements is None and objectives is None:
        return _hidden("A3")
    goals = _kinds_of(agreements, ("doel",)) if agreements is not None else pd.DataFrame()
    n_obj = 0 if objectives is None else len(objectives)
    dates = dates_in(goals, "created_at") + ([] if objectives is None else dates_in(objectives, "created_at"))
    done = len(goals) + n_obj > 0
    evidence = (f"{len(goals)} doelafspraak/-afspraken, {n_obj} doelstelling(en) in het plan",
                f"{_n(len(goals), 'goal agreement', 'goal agreements')}, "
                f"{_n(n_obj, 'objective', 'objectives')} in the plan")  # fmt: skip
    missing = [("een vastgelegde doelstelling", "a recorded objective")]
    return _state("A3", done, dates[0] if dates else None, evidence, missing)


def _a4(f: Facts) -> StepState:
    agreements = f.get("agreements")
    if agreements is None:
        return _hidden("A4")
    decide = _kinds_of(agreements, ("besluitvorming",))
    talk = _kinds_of(agreements, ("intern", "extern"))
    missing = [] if len(decide) else [("een afspraak over besluitvorming", "an agreement on decision-making")]
    if not len(talk):
        missing.append(("een afspraak over (interne of externe) communicatie",
                        "an agreement on (internal or external) communication"))  # fmt: skip
    dates = [min(d) for d in (dates_in(decide, "created_at"), dates_in(talk, "created_at")) if d]
    when = max(dates) if len(dates) == 2 else None
    n = len(decide) + len(talk)
    return _state("A4", not missing, when, (f"{n} afspraak/afspraken", _n(n, "agreement", "agreements")), missing)


def _a5(f: Facts) -> StepState:
    participants, signatures = f.get("participants"), f.get("signatures")
    if participants is None or signatures is None:
        return _hidden("A5")
    now = current_participants(participants)
    signed = signed_by(signatures, participants, "intentieverklaring")
    ids = [int(i) for i in now["id"]] if len(now) else []
    all_signed = bool(ids) and all(i in signed for i in ids)
    lacking_required = required_signed(signatures, participants, "intentieverklaring")
    done = all_signed or not lacking_required
    dates = [d for i, d in signed.items() if d is not None and (i in ids)]
    names = dict(zip(now["id"].astype(int), now["organisation"].astype(str), strict=True)) if len(now) else {}
    missing = [(f"handtekening namens de {k}", f"a signature on behalf of the {kind_en(k)}") for k in lacking_required]
    if unsigned := [names[i] for i in ids if i not in signed]:
        missing.append(("of van alle deelnemers; nog niet getekend: " + ", ".join(unsigned),
                        "or from all participants; not signed yet: " + ", ".join(unsigned)))  # fmt: skip
    n = len([i for i in ids if i in signed])
    evidence = (
        f"intentieverklaring getekend door {n} van {len(ids)} deelnemers",
        f"declaration of intent signed by {n} of {_n(len(ids), 'participant', 'participants')}",
    )
    return _state("A5", done, max(dates) if dates else None, evidence, missing)


def _b1(f: Facts) -> StepState:
    snaps, walks, survey = f.get("snapshots"), f.get("walks"), f.get("survey")
    if snaps is None:
        return _hidden("B1")
    zero = snaps[snaps["kind"] == "0-meting"] if len(snaps) else snaps
    missing = [] if len(zero) else [("een bevroren 0-meting", "a frozen baseline measurement")]
    if survey is not None and survey.empty:
        missing.append(("een enquête onder agrariërs en bewoners", "a survey among farmers and residents"))
    if walks is not None and walks.empty:
        missing.append(("een schouw", "a site walk"))
    if survey is None or walks is None:
        missing.append((f"enquête of schouw: {HIDDEN_TEXT}", f"survey or site walk: {HIDDEN_TEXT_EN}"))
    first = dates_in(zero, "taken_on")
    n_walks = 0 if walks is None else len(walks)
    evidence = (f"{len(zero)} 0-meting(en), {n_walks} schouw(en)",
                f"{_n(len(zero), 'baseline measurement', 'baseline measurements')}, "
                f"{_n(n_walks, 'site walk', 'site walks')}")  # fmt: skip
    return _state("B1", not missing, first[0] if first else None, evidence, missing)


def _b2(f: Facts) -> StepState:
    measures = f.get("area_measures")
    if measures is None:
        return _hidden("B2")
    chosen = chosen_measures(measures)
    dates = dates_in(chosen, "decided_at")
    evidence = (f"{len(chosen)} gekozen maatregel(en) van {len(measures)}",
                f"{len(chosen)} of {_n(len(measures), 'measure', 'measures')} chosen")  # fmt: skip
    missing = [("ten minste één gekozen maatregel", "at least one chosen measure")]
    return _state("B2", len(chosen) > 0, dates[0] if dates else None, evidence, missing)


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip()  # type: ignore[arg-type]


def _b3(f: Facts) -> StepState:
    measures, objectives = f.get("area_measures"), f.get("objectives")
    if measures is None or objectives is None:
        return _hidden("B3")
    chosen, missing = chosen_measures(measures), []
    if chosen.empty:
        missing.append(("gekozen maatregelen", "chosen measures"))
    for row in chosen.to_dict("records"):
        lacks = [(w, e) for w, e, c in (("partner", "partner", "partner"), ("startdatum", "start date", "start_on"),
                                        ("einddatum", "end date", "end_on")) if _blank(row.get(c))]  # fmt: skip
        if lacks:
            name = row.get("name") or row.get("title") or row.get("id")
            missing.append((f"maatregel '{name}': {', '.join(w for w, _ in lacks)}",
                            f"measure '{name}': {', '.join(e for _, e in lacks)}"))  # fmt: skip
    if objectives.empty:
        missing.append(("een doelstelling met nulwaarde en streefwaarde", "an objective with baseline and target"))
    for row in objectives.to_dict("records"):
        lacks = [(w, e) for w, e, c in (("nulwaarde", "baseline value", "baseline"),
                                        ("streefwaarde", "target value", "target")) if _blank(row.get(c))]  # fmt: skip
        if lacks:
            missing.append((f"doelstelling '{row.get('text')}': {', '.join(w for w, _ in lacks)}",
                            f"objective '{row.get('text')}': {', '.join(e for _, e in lacks)}"))  # fmt: skip
    evidence = (f"{len(chosen)} maatregel(en) met partner en data, {len(objectives)} doelstelling(en)",
                f"{_n(len(chosen), 'measure', 'measures')} with partner and dates, "
                f"{_n(len(objectives), 'objective', 'objectives')}")  # fmt: skip
    return _state("B3", not missing, None, evidence, missing)


def _latest_audit(audits: pd.DataFrame) -> dict[str, Any] | None:
    if audits.empty:
        return None
    rows = audits.assign(_on=[day(v) for v in audits["audited_on"]]).sort_values(["_on", "id"])
    return rows.iloc[-1].to_dict()


def _b4(f: Facts) -> StepState:
    audits = f.get("audits")
    if audits is None:
        return _hidden("B4")
    last = _latest_audit(audits)
    if last is None:
        return _state("B4", False, None, ("nog geen audit", "no audit yet"),
                      [("een audit met resultaat toegekend of voorwaardelijk",
                        "an audit with the result granted or granted with conditions")])  # fmt: skip
    on, result = day(last["audited_on"]), str(last["result"])
    result_en, on_en = label(AUDIT_RESULTS, result, "en"), _d(on)
    evidence = (f"audit van {on}: {result}", f"audit of {on_en}: {result_en}")
    missing = [(f"de laatste audit ({on}) was '{result}'; een nieuwe audit",
                f"the last audit ({on_en}) was '{result_en}'; a new audit")]  # fmt: skip
    return _state("B4", result in GRANTED, on, evidence, missing)


def _cycle(f: Facts, certified: date | None, today: date) -> tuple[list[StepState], list[Text]]:
    """C1 (1-meting after certification), C2 (annual evaluation), C3 (recertification) and what is overdue."""
    before = ("eerst de certificering (B4)", "the certification (B4) first")
    if certified is None:
        return [replace(_state(c, False, None, ("", ""), [before]), later=True) for c in ("C1", "C2", "C3")], []
    overdue: list[Text] = []
    snaps, evals = f.get("snapshots"), f.get("evaluations")
    ones = [d for d in dates_in(snaps[snaps["kind"] == "1-meting"], "taken_on") if d > certified] if snaps is not None \
        and len(snaps) else []  # fmt: skip
    c1 = _state("C1", bool(ones), ones[0] if ones else None,
                (f"{len(ones)} 1-meting(en) na de certificering",
                 f"{_n(len(ones), 'follow-up measurement', 'follow-up measurements')} after the certification"),
                [("een 1-meting na de certificering", "a follow-up measurement after the certification")])  # fmt: skip
    if evals is None:
        c2 = _hidden("C2")
    else:
        held = [d for d in dates_in(evals, "held_on") if d >= certified]
        since = held[-1] if held else certified
        due = _add_months(since, EVALUATION_MONTHS)
        c2 = _state("C2", bool(held) and due >= today, held[-1] if held else None,
                    (f"{len(held)} evaluatie(s) sinds de certificering",
                     f"{_n(len(held), 'evaluation', 'evaluations')} since the certification"),
                    [(f"een jaarlijkse evaluatie (uiterlijk {due})",
                      f"an annual evaluation (due by {_d(due)})")])  # fmt: skip
        if due < today:
            overdue.append((f"jaarlijkse evaluatie te laat: uiterlijk {due}",
                            f"annual evaluation overdue: it was due by {_d(due)}"))  # fmt: skip
    renew = _add_months(certified, 12 * KEURMERK_YEARS)
    c3 = _state("C3", False, None, (f"hercertificering uiterlijk {renew}", f"recertification due by {_d(renew)}"),
                [(f"een nieuwe audit vóór {renew}", f"a new audit before {_d(renew)}")])  # fmt: skip
    if (renew - today).days > RENEWAL_NOTICE_DAYS:  # years ahead: not to be done yet
        c3 = replace(c3, later=True)
    if renew < today:
        overdue.append((f"hercertificering te laat: het keurmerk liep af op {renew}",
                        f"recertification overdue: the Keurmerk expired on {_d(renew)}"))  # fmt: skip
    return [c1, c2, c3], overdue


def _add_months(start: date, months: int) -> date:
    return (pd.Timestamp(start) + pd.DateOffset(months=months)).date()


def _area_row(store: Any, area_id: int) -> pd.Series | None:
    areas = store.areas()
    row = areas[areas["id"].astype(int) == int(area_id)]
    return None if row.empty else row.iloc[0]


_BUILDERS: tuple[Callable[[Facts], StepState], ...] = (_a2, _a3, _a4, _a5, _b1, _b2, _b3)


def _stage(steps: list[StepState], covenant: bool, certified: bool, renew_due: date | None, today: date) -> str:
    if certified:
        return STAGES["renew"] if renew_due is not None and renew_due < today else STAGES["certified"]
    for s in steps:
        if s.code in STAGES and not s.done:
            return STAGES[s.code]
    return STAGES["ready"] if covenant else STAGES["convenant"]


def area_progress(store: Any, area_id: int, today: date | None = None, facts: Facts | None = None) -> AreaProgress:
    """The progress of ``area_id`` from what ``store`` (the signed-in role's guarded store) returns; ``facts``:
    what ``area_facts`` returned for it just before (then only what is missing there is read)."""
    today = today or date.today()
    area = _area_row(store, area_id)
    f = dict(area_facts(store, area_id) if facts is None else facts)
    if "survey" not in f:
        f["survey"] = read(store, "survey_summary", int(area_id))
    steps = [_a1(area), *(b(f) for b in _BUILDERS), _b4(f)]
    covenant = False
    if f.get("participants") is not None and f.get("signatures") is not None:
        covenant = not required_signed(f.get("signatures"), f.get("participants"), "convenant")  # type: ignore[arg-type]
    b4 = steps[-1]
    certified = b4.done_on if b4.done else None
    cycle, overdue = _cycle(f, certified, today)
    renew = _add_months(certified, 12 * KEURMERK_YEARS) if certified else None
    stage = _stage(steps, covenant, certified is not None, renew, today)
    name = "" if area is None else str(area["name"])
    return AreaProgress(int(area_id), name, steps + cycle, stage, [o[0] for o in overdue], covenant, certified, renew,
                        [o[1] for o in overdue])  # fmt: skip
