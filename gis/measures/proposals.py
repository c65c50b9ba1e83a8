"""Which measures the analysis of an area points to (step B2): transparent rules (``PROPOSAL_RULES``, data) turn
the area's figures into signals, and each signal's problems select catalogue measures, ranked and explained.

A signal comes only from figures the signed-in role's (guarded) store releases: the area profile's exact rate
ratio against the rest of the region, the hotspots, the released survey share of farmers approached, the
site-walk finding counts and the registered vacant barns. A hidden count ("<5") never fires a rule. For a
counts-only role an area's count is a lower bound (the sum of its shown 1 km cells): it fires a rule when it
already passes the threshold ("minstens"), and a rate comparison uses that lower bound against the released
region count, so it can only understate the difference. No Streamlit, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from gis.analysis.profile import AreaProfile, ProfileLine, area_profile
from gis.analysis.stats import RateRatio, rate_ratio
from gis.counts import fmt_number
from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, PermissionDenied
from gis.measures.codes import EFFECT_DIRECTIONS, EVIDENCE_STRENGTHS, PROBLEMS, label
from gis.store import Store

__all__ = ["EFFECT_WEIGHT", "EVIDENCE_WEIGHT", "PROPOSAL_RULES", "Proposal", "Signal", "area_signals", "propose"]

Text = dict[str, str]


def _rule(signal: str, problems: tuple[str, ...], label_nl: str, label_en: str, why_nl: str, why_en: str,
          **params: Any) -> dict[str, Any]:  # fmt: skip
    return {"signal": signal, "problems": problems, "label": {"nl": label_nl, "en": label_en},
            "why": {"nl": why_nl, "en": why_en}, **params}  # fmt: skip


_RR_NL = ("in {area} {n} {noun} werden geteld{period}, {ratio} keer zoveel per hectare als in de rest van de regio "
          "(95%-interval {low}–{high}, exacte toets {p})")  # fmt: skip
_RR_EN = ("{n} {noun} were counted in {area}{period}, {ratio} times the rate per hectare of the rest of the region "
          "(95% interval {low}–{high}, exact test {p})")  # fmt: skip
_CNT_NL = "in {area} {n} {noun} werden geteld{period} (niet aantoonbaar meer dan in de rest van de regio)"
_CNT_EN = "{n} {noun} were counted in {area}{period} (not shown to be more than in the rest of the region)"
# A counts-only role's lower bound ({n} reads "minstens 8"): the ratio is that of the lower bound, so at least this.
_RR_MIN_NL = ("in {area} {n} {noun} werden geteld{period} (de som van de getoonde vakken van 1 km), met die "
              "ondergrens al minstens {ratio} keer zoveel per hectare als in de rest van de regio (95%-interval "
              "{low}–{high}, exacte toets {p})")  # fmt: skip
_RR_MIN_EN = ("{n} {noun} were counted in {area}{period} (the sum of the 1 km cells shown), with that lower "
              "bound already at least {ratio} times the rate per hectare of the rest of the region (95% interval "
              "{low}–{high}, exact test {p})")  # fmt: skip
_CNT_MIN_NL = "in {area} {n} {noun} werden geteld{period} (de som van de getoonde vakken van 1 km, een ondergrens)"
_CNT_MIN_EN = "{n} {noun} were counted in {area}{period} (the sum of the 1 km cells shown, a lower bound)"
_MIN = {"why_min": {"nl": _RR_MIN_NL, "en": _RR_MIN_EN}, "why_min_count": {"nl": _CNT_MIN_NL, "en": _CNT_MIN_EN}}


def _incidents(keyword: str, problems: tuple[str, ...], nl: str, en: str) -> dict[str, Any]:
    return _rule("rate_ratio", problems, f"incidenten {nl} boven de regio", f"{en} incidents above the region",
                 _RR_NL, _RR_EN, layer="incidents", breakdown="categorie", match=keyword, min_count=3,
                 why_count={"nl": _CNT_NL, "en": _CNT_EN}, **_MIN)  # fmt: skip


def _finding(category: str, problems: tuple[str, ...], en: str) -> dict[str, Any]:
    return _rule("findings", problems, f"schouw: {category}", f"site walk: {en}",
                 "bij de schouw in {area} {n} keer '{category}' werd vastgelegd",
                 "the site walk in {area} recorded '{category}' {n} times", category=category, min_count=1)  # fmt: skip


# Each rule: the kind of figure it reads (``signal``), its parameters, the problems (codes of
# ``gis.measures.codes.PROBLEMS``) it shows, a label and the sentence that says why, with the figure filled in.
PROPOSAL_RULES: dict[str, dict[str, Any]] = {
    "dumpingen_boven_regio": _rule(
        "rate_ratio", ("drugsafval", "afval_overig"), "dumpingen per 1000 ha boven de regio",
        "dumpings per 1,000 ha above the region", _RR_NL, _RR_EN, layer="dumpings", breakdown="totaal",
        match=None, min_count=5, why_count={"nl": _CNT_NL, "en": _CNT_EN}, **_MIN),
    "dumpingen_hotspot": _rule(
        "hotspot", ("drugsafval", "afval_overig"), "hotspot van dumpingen en incidenten",
        "hotspot of dumpings and incidents",
        "de hotspotanalyse (Getis-Ord Gi*) {n} hotspotcel(len) in {area} vond",
        "the hotspot analysis (Getis-Ord Gi*) found {n} hotspot cell(s) in {area}", min_count=1),
    "incidenten_hennep": _incidents("hennep", ("hennep", "leegstand"), "hennepteelt", "cannabis cultivation"),
    "incidenten_drugslab": _incidents("drugslab", ("drugslab", "drugsafval", "leegstand"), "drugslabs", "drug lab"),
    "incidenten_diefstal": _incidents("diefstal", ("diefstal_machines",), "diefstal", "theft"),
    "incidenten_inbraak": _incidents("inbraak", ("inbraak_schuren",), "inbraak", "burglary"),
    "incidenten_drugsafval": _incidents("drugsafval", ("drugsafval",), "drugsafval", "drug waste"),
    "boeren_benaderd": _rule(
        "survey_share", ("benadering", "onveiligheidsgevoel"), "boeren benaderd (enquête)",
        "farmers approached (survey)",
        "{share} van de {n} agrariërs in de enquête door criminelen benaderd is (regio: {reference})",
        "{share} of the {n} farmers in the survey say criminals approached them (region: {reference})",
        min_share=0.10),
    "schouw_leegstand": _finding("leegstaande schuur", ("leegstand", "drugslab", "hennep"), "vacant barn"),
    "schouw_dumping": _finding("spoor van dumping", ("drugsafval", "afval_overig"), "trace of dumping"),
    "schouw_onverhard": _finding("onverharde weg zonder afsluiting", ("drugsafval", "afval_overig"),
                                 "unpaved road without a barrier"),
    "schouw_onverlicht": _finding("onverlicht erf", ("inbraak_schuren", "diefstal_machines"), "unlit yard"),
    "schouw_toegang": _finding("open of kapotte toegang", ("inbraak_schuren", "leegstand"), "open or broken access"),
    "schouw_verdacht": _finding("verdachte activiteit", ("drugslab", "hennep", "benadering"), "suspicious activity"),
    "schuren_geregistreerd": _rule(
        "barns", ("leegstand", "drugslab", "hennep"), "leegstaande schuren geregistreerd",
        "vacant barns registered", "in {area} {n} leegstaande schuren geregistreerd staan",
        "{n} vacant barns are registered in {area}", min_count=1),
}  # fmt: skip

# How much a measure's evidence and effect direction weigh (EMMIE); a measure of which research found no
# effect ("geen") weighs 0 and is never proposed.
EVIDENCE_WEIGHT: dict[str, float] = {"sterk": 1.0, "matig": 0.75, "zwak": 0.5, "geen": 0.25}
EFFECT_WEIGHT: dict[str, float] = {"vermindert": 1.0, "gemengd": 0.6, "onbekend": 0.5, "geen": 0.0}


@dataclass(frozen=True)
class Signal:
    """One rule that fired for an area: its problems, how strong (0–1) and the figures behind it."""

    rule: str
    problems: tuple[str, ...]
    strength: float
    values: Mapping[str, Any] = field(default_factory=dict)
    fallback: bool = False  # the rule's weaker form (``why_count``): a count, not a difference with the region
    lower_bound: bool = False  # ``n`` is a counts-only role's lower bound: said as "minstens n"

    def why(self, lang: str = "nl") -> str:
        """The rule's sentence with the figures filled in (a lower bound as "minstens n" / "at least n")."""
        rule = PROPOSAL_RULES[self.rule]
        keys = ["why_count"] if self.fallback else []
        if self.lower_bound:
            keys.insert(0, "why_min_count" if self.fallback else "why_min")
        template = next((rule[k] for k in keys if rule.get(k)), rule["why"])
        lang = "en" if lang == "en" else "nl"
        return template[lang].format_map(_Filled(self.values, lang, self.lower_bound))

    def label(self, lang: str = "nl") -> str:
        """The rule's label; for its weaker form (a count, not shown to differ from the region) without the
        claim "boven de regio" / "above the region"."""
        text = PROPOSAL_RULES[self.rule]["label"]["en" if lang == "en" else "nl"]
        if self.fallback:
            text = text.replace(" boven de regio", " in het gebied").replace(" above the region", " in the area")
        return text


class _Filled(dict):  # type: ignore[type-arg]
    """Figures formatted for ``lang`` (numbers with Dutch or English separators; missing ones as "?")."""

    def __init__(self, values: Mapping[str, Any], lang: str, lower_bound: bool = False) -> None:
        super().__init__()
        self.values, self.lang, self.lower_bound = values, lang, lower_bound

    def __missing__(self, key: str) -> str:
        v = self.values.get(key)
        if key == "period" and v is None:
            return ""  # a signal made without a period (older measurements, tests): the sentence reads without
        if key == "n" and self.lower_bound and isinstance(v, int) and not isinstance(v, bool):
            return ("minstens " if self.lang == "nl" else "at least ") + fmt_number(v, self.lang)
        if isinstance(v, dict):
            return str(v.get(self.lang) or v.get("nl") or "")
        if isinstance(v, bool) or v is None:
            return "?" if v is None else str(v)
        if isinstance(v, int):
            return fmt_number(v, self.lang)
        if isinstance(v, float):
            return "∞" if math.isinf(v) else fmt_number(v, self.lang, 1)
        return str(v)


@dataclass(frozen=True)
class Proposal:
    """A catalogue measure proposed for the area, with why (``reason``), its rank score and its evidence."""

    code: str
    name: str
    problems: tuple[str, ...]  # the measure's problems that a signal showed
    reason: str
    score: float
    evidence: str
    effect: str = "onbekend"
    signals: tuple[str, ...] = ()


# -- signals from the store ---------------------------------------------------------------------------------
def _p_text(p: float | None, lang: str) -> str:
    if p is None:
        return "?"
    if p < 0.001:
        return "p < 0,001" if lang == "nl" else "p < 0.001"
    text = f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"
    return text.replace(".", ",") if lang == "nl" else text


def _noun(layer: Layer, value: str | None) -> dict[str, str]:
    base = {Layer.DUMPINGS: ("dumpingen", "dumpings"), Layer.INCIDENTS: ("incidenten", "incidents"),
            Layer.BARNS: ("schuren", "barns")}[layer]  # fmt: skip
    if value:
        return {"nl": f"{base[0]} '{value}'", "en": f"'{value}' {base[1]}"}
    return {"nl": base[0], "en": base[1]}


def _rate_signals(profile: AreaProfile, rule_id: str, rule: Mapping[str, Any]) -> list[Signal]:
    """Signals from profile lines: significantly above the region (exact rate-ratio test), else a count."""
    layer = Layer(rule["layer"])
    out: list[Signal] = []
    for ln in profile.lines:
        if ln.layer is not layer or ln.breakdown != rule["breakdown"]:
            continue
        if rule["match"] is not None and rule["match"] not in str(ln.value or "").lower():
            continue
        signal = _rate_signal(ln, rule_id, rule, profile.area_name, _period(profile))
        if signal is not None:
            out.append(signal)
    return out


def _lower_bound_ratio(ln: ProfileLine) -> RateRatio | None:
    """For a counts-only role's line: the rate ratio of the area's lower bound against the rest of the released
    region count (the rest then is an upper bound), so the ratio can only be too small; None when unknown."""
    if not ln.lower_bound or ln.area == SUPPRESSED or ln.area <= 0 or ln.region is None:
        return None
    return rate_ratio(ln.area, ln.area_ha, max(ln.region - ln.area, 0), max(ln.region_ha - ln.area_ha, 0.0))


def _period(profile: AreaProfile) -> dict[str, str]:
    """The profile's period in words, with a leading space (" in 2023–2025", " van 01-03-2024 tot en met
    28-02-2025"), or all the data; the rules' sentences put it after the count."""
    start, end = profile.date_from, profile.date_to
    if start is None or end is None:
        return {"nl": " over alle jaren met gegevens", "en": " over all years with data"}
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return {"nl": f" in {years}", "en": f" in {years}"}
    return {"nl": f" van {start:%d-%m-%Y} tot en met {end:%d-%m-%Y}", "en": f" from {start:%d-%m-%Y} to {end:%d-%m-%Y}"}


def _rate_signal(
    ln: ProfileLine, rule_id: str, rule: Mapping[str, Any], area: str, period: dict[str, str]
) -> Signal | None:
    if ln.area == SUPPRESSED:
        return None  # a hidden count: neither 0 nor a signal
    values: dict[str, Any] = {"area": area, "n": int(ln.area), "noun": _noun(ln.layer, ln.value),
                              "category": ln.value or "", "period": period}  # fmt: skip
    lower = bool(ln.lower_bound)
    rr = _lower_bound_ratio(ln) if lower else ln.ratio
    if rr is not None and rr.significant and rr.ratio is not None and rr.ratio > 1:
        values.update(ratio=float(rr.ratio), low=float(rr.low or 0), high=float(rr.high or math.inf),
                      p={"nl": _p_text(rr.p_value, "nl"), "en": _p_text(rr.p_value, "en")})  # fmt: skip
        strength = min(1.0, 0.5 + 0.25 * math.log2(float(rr.ratio)))
        return Signal(rule_id, tuple(rule["problems"]), round(strength, 3), values, lower_bound=lower)
    below = not lower and rr is not None and rr.significant and rr.ratio is not None and rr.ratio < 1
    if below:
        return None  # clearly fewer than in the rest of the region: no reason to act on this figure here
    if ln.area >= int(rule.get("min_count", 5)) and rule.get("why_count"):
        return Signal(rule_id, tuple(rule["problems"]), 0.3, values, fallback=True, lower_bound=lower)
    return None


def _survey_signal(store: Store, area_id: int, area: str, rule_id: str, rule: Mapping[str, Any]) -> Signal | None:
    approached = _guarded(store.survey_approached, area_id)
    share = None if approached is None else approached.share
    if share is None or share.share is None or share.share < float(rule["min_share"]):
        return None
    above = approached.test is not None and approached.test.direction == "hoger"
    strength = min(1.0, 0.4 + float(share.share) + (0.2 if above else 0.0))
    values = {"area": area, "n": int(approached.n), "share": {"nl": f"{share.share:.0%}", "en": f"{share.share:.0%}"},
              "reference": {"nl": f"{approached.reference:.0%}", "en": f"{approached.reference:.0%}"}}  # fmt: skip
    return Signal(rule_id, tuple(rule["problems"]), round(strength, 3), values)


def _count_signal(
    rule_id: str, rule: Mapping[str, Any], n: int, area: str, per: float, cap: float, lower_bound: bool = False
) -> Signal | None:
    if n == SUPPRESSED or n < int(rule.get("min_count", 1)):
        return None
    strength = min(cap, 0.3 + per * n)
    values = {"area": area, "n": int(n), "category": rule.get("category", "")}
    return Signal(rule_id, tuple(rule["problems"]), round(strength, 3), values, lower_bound=lower_bound)


def _guarded(call: Any, *args: Any) -> Any:
    """``call(*args)``, or None when the role may not make it (then the rules that need it do not fire)."""
    try:
        return call(*args)
    except PermissionDenied:
        return None


def area_signals(
    store: Store, area_id: int, period: tuple[date | None, date | None] = (None, None), hotspots: bool = True
) -> list[Signal]:
    """The rules of ``PROPOSAL_RULES`` that fire for area ``area_id`` in ``period`` (all data when open), read
    through ``store`` (the signed-in role's guarded store); strongest first."""
    profile = area_profile(store, area_id, *period)
    area = profile.area_name
    findings = _guarded(store.findings, area_id)
    hot_cells = _hot_cells(store, area_id, period) if hotspots else 0
    barns = next((ln for ln in profile.lines if ln.layer is Layer.BARNS and ln.breakdown == "totaal"), None)
    out: list[Signal] = []
    for rule_id, rule in PROPOSAL_RULES.items():
        kind = rule["signal"]
        signal: Signal | None = None
        if kind == "rate_ratio":
            out.extend(_rate_signals(profile, rule_id, rule))
        elif kind == "survey_share":
            signal = _survey_signal(store, area_id, area, rule_id, rule)
        elif kind == "findings" and findings is not None and len(findings):
            n = int((findings["category"] == rule["category"]).sum())
            signal = _count_signal(rule_id, rule, n, area, 0.1, 0.8)
        elif kind == "barns" and barns is not None:  # a hidden count (SUPPRESSED) never fires
            signal = _count_signal(rule_id, rule, int(barns.area), area, 0.05, 0.8, barns.lower_bound)
        elif kind == "hotspot":
            signal = _count_signal(rule_id, rule, hot_cells, area, 0.05, 1.0)
        if signal is not None:
            out.append(signal)
    return sorted(out, key=lambda s: -s.strength)


def _hot_cells(store: Store, area_id: int, period: tuple[date | None, date | None]) -> int:
    from gis.analysis.area_hotspots import area_hotspots

    return int(area_hotspots(store, area_id, period).hot_cells)


# -- proposals ------------------------------------------------------------------------------------------------
def _active(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The measures not retired."""
    return catalogue[catalogue["retired_at"].isna()] if "retired_at" in catalogue.columns else catalogue


def _problems_of(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(",") if p.strip())
    return tuple(str(p) for p in value) if value is not None and not isinstance(value, float) else ()


def _reason(row: Mapping[str, Any], matched: Sequence[Signal], problems: tuple[str, ...], lang: str) -> str:
    name = str(row.get("name_en") or row["name"]) if lang == "en" else str(row["name"])
    probs = ", ".join(label(PROBLEMS, p, lang) for p in problems)
    evidence = label(EVIDENCE_STRENGTHS, row.get("evidence"), lang)
    effect = label(EFFECT_DIRECTIONS, row.get("effect"), lang)
    whys = "; ".join(f"{s.why(lang)} (" + ("regel" if lang == "nl" else "rule") + f": {s.label(lang)})"
                     for s in matched)  # fmt: skip
    if lang == "en":
        return f"Proposed because {whys}. {name} addresses {probs}; {effect}, {evidence}."
    return f"Voorgesteld omdat {whys}. {name} pakt {probs} aan; {effect}, {evidence}."


def propose(
    signals: Sequence[Signal], catalogue: pd.DataFrame, lang: str = "nl", limit: int | None = None
) -> list[Proposal]:
    """The catalogue measures (not retired) that address a problem some signal shows, best first: score =
    the strongest matching signal's strength × ``EVIDENCE_WEIGHT`` × ``EFFECT_WEIGHT`` of the measure."""
    out: list[Proposal] = []
    for row in _active(catalogue).to_dict("records"):
        mine = _problems_of(row.get("problems"))
        matched = sorted((s for s in signals if set(s.problems) & set(mine)), key=lambda s: -s.strength)
        weight = EVIDENCE_WEIGHT.get(str(row.get("evidence")), 0.25) * EFFECT_WEIGHT.get(str(row.get("effect")), 0.5)
        if not matched or weight <= 0:
            continue
        problems = tuple(p for p in mine if any(p in s.problems for s in matched))
        score = round(matched[0].strength * weight, 4)
        name = str(row.get("name_en") or row["name"]) if lang == "en" else str(row["name"])
        out.append(Proposal(str(row["code"]), name, problems, _reason(row, matched, problems, lang), score,
                            str(row.get("evidence") or ""), str(row.get("effect") or "onbekend"),
                            tuple(dict.fromkeys(s.rule for s in matched))))  # fmt: skip
    out.sort(key=lambda p: (-p.score, -len(p.signals), p.name))
    return out[:limit] if limit is not None else out
