"""Frozen measurements of the safety analysis (0-meting, 1-meting, tussenmeting): what one holds, freezing one,
and what a role may see of one. The comparison of two lives in ``gis.analysis.snapshot_compare``.

A measurement is JSON-able data (``collect``) plus a hotspot map PNG: the area profile lines for the period
as the freezing role's guarded store counts them, recorded with that role (per layer raw or released counts,
so a later comparison knows whether it compares like with like); the survey figures as released to every
analysis role (the <10 and <5 rules, no open answers) and the share of farmers approached against the region;
the site-walk findings per category and daypart (counts only: no notes, no names, no photos); and the
hotspots of the area. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
from scipy.stats import t as student_t

from gis.analysis.area_hotspots import area_hotspots, area_map
from gis.analysis.profile import LAYER_NOUN, AreaProfile, ProfileLine, area_profile, summary
from gis.analysis.stats import ALPHA, Mean, compare_counts, compare_means, compare_shares
from gis.analysis.survey_results import p_text
from gis.counts import fmt_number
from gis.domain.catalog import Layer, label
from gis.domain.roles import SUPPRESSED, Principal
from gis.reports.document import fmt_date_nl
from gis.store import Store
from gis.store.analysis import DAYPARTS, FINDING_CATEGORIES
from gis.store.guard_rules import counts_only

__all__ = ["BEYOND", "COMPARE_COLUMNS", "FORMAT", "NOT_COMPARABLE", "RAW", "RELEASED", "WITHIN", "access_of",
           "area_findings", "collect", "compare", "compare_summary", "findings_summary", "for_viewer", "freeze",
           "mixed_layers", "period_days", "profile_records", "survey_part"]  # fmt: skip

FORMAT = 1
RAW, RELEASED = "ruw", "vrijgegeven"
MAP_WITHHELD = (
    "De hotspotkaart van deze meting is gemaakt uit ruwe gegevens; uw rol ziet die alleen als "
    "vrijgegeven aantallen, dus de kaart wordt niet getoond."
)
ACCESS_WORDS = {RAW: "ruwe aantallen", RELEASED: "vrijgegeven aantallen (ondergrenzen, kleine aantallen verborgen)"}
SURVEY_KEEP = ("respondent_type", "question_id", "question", "kind", "option", "option_label", "respondents",
               "answered", "count", "share", "share_low", "share_high", "mean", "mean_low", "mean_high", "hidden",
               "reason")  # fmt: skip


def access_of(principal: Principal | None) -> dict[str, str]:
    """Per layer whether the role's counts are raw or the released ones of ``gis.privacy`` (a bare store: raw)."""
    return {lay.value: RELEASED if principal is not None and counts_only(principal, lay) else RAW for lay in Layer}


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def _count(value: int | None) -> int | None:
    return None if value is None or value == SUPPRESSED else int(value)


def _line(ln: ProfileLine) -> dict[str, Any]:
    rr = ln.ratio
    return {
        "layer": ln.layer.value, "breakdown": ln.breakdown, "value": ln.value,
        "layer_label": LAYER_NOUN[ln.layer][0], "value_label": label(ln.value, "nl") if ln.value else "",
        "area": _count(ln.area), "hidden": ln.area == SUPPRESSED, "lower_bound": bool(ln.lower_bound),
        "municipality": _count(ln.municipality), "region": ln.region, "area_ha": float(ln.area_ha),
        "rate": _num(ln.rate("area")), "municipality_rate": _num(ln.rate("municipality")),
        "rest_rate": _num(ln.rate("rest")), "other_areas_rate": _num(ln.other_areas_mean),
        "ratio": _num(rr.ratio) if rr else None, "ratio_low": _num(rr.low) if rr else None,
        "ratio_high": _num(rr.high) if rr and rr.high is not None and math.isfinite(rr.high) else None,
        "ratio_open": bool(rr and rr.high is not None and not math.isfinite(rr.high)),
        "significant": bool(rr and rr.significant),
    }  # fmt: skip


def profile_records(profile: AreaProfile) -> list[dict[str, Any]]:
    """The profile lines as JSON-able dicts (hidden counts as ``None`` with ``hidden`` set)."""
    return [_line(ln) for ln in profile.lines]


def survey_part(store: Store, area_id: int) -> dict[str, Any]:
    """The survey figures of the area as released to every analysis role, and the farmers approached."""
    table = store.survey_summary(area_id)
    rows: list[dict[str, Any]] = []
    if len(table):
        total = table[table["group_kind"] == "totaal"]
        for rec in total[list(SURVEY_KEEP)].to_dict("records"):
            rows.append({k: (_num(v) if isinstance(v, float) else v) for k, v in rec.items()})
    rows = [{k: (bool(v) if k == "hidden" else v) for k, v in r.items()} for r in rows]
    approached = store.survey_approached(area_id)
    share = approached.share
    return {
        "results": rows,
        "respondents": int(max((r["respondents"] or 0 for r in rows), default=0)),
        "approached": {
            "n": int(approached.n), "reference": float(approached.reference), "sentence": approached.sentence,
            # the number approached only when its share is shown (else it may be a hidden small count)
            "k": int(approached.k) if share is not None else None,
            "share": None if share is None else _num(share.share),
            "low": None if share is None else _num(share.low), "high": None if share is None else _num(share.high),
            "p_value": None if approached.test is None else _num(approached.test.p_value),
        },
    }  # fmt: skip


def findings_summary(findings: pd.DataFrame, walks: pd.DataFrame | None = None) -> dict[str, Any]:
    """Findings per category and daypart (counts only), and the number of walks per daypart."""
    rows = []
    known = [c for c in FINDING_CATEGORIES if c in set(findings["category"])] if len(findings) else []
    extra = sorted(set(findings["category"]) - set(FINDING_CATEGORIES)) if len(findings) else []
    for cat in [*known, *extra]:
        part = findings[findings["category"] == cat]
        counts = {d: int((part["daypart"] == d).sum()) for d in DAYPARTS}
        rows.append({"category": str(cat), **counts, "totaal": len(part)})
    walk_counts = {d: 0 for d in DAYPARTS}
    if walks is not None and len(walks):
        walk_counts = {d: int((walks["daypart"] == d).sum()) for d in DAYPARTS}
    return {"categories": rows, "total": len(findings), "walks": walk_counts}


def area_findings(store: Store, area_id: int) -> dict[str, Any]:
    """``findings_summary`` of the area through ``store``. A walk without a route made ``walks()`` fail on
    DuckDB (NA instead of None); the walks are then counted from the findings (walks without any are missed)."""
    findings = store.findings(area_id)
    try:
        walks = store.walks(area_id)
    except TypeError:
        walks = findings.drop_duplicates("walk_id")[["walk_id", "daypart"]]
    return findings_summary(findings, walks)


def period_days(period: tuple[date | None, date | None], span: tuple[object, object]) -> tuple[date, date, int]:
    """The period's first and last day (an open end: the data's first or last day) and its length in days."""
    first = period[0] or (pd.Timestamp(span[0]).date() if span[0] is not None else date.today())  # type: ignore[arg-type]
    last = period[1] or (pd.Timestamp(span[1]).date() if span[1] is not None else first)  # type: ignore[arg-type]
    return first, last, max((last - first).days + 1, 1)


def collect(
    store: Store, area_id: int, period: tuple[date | None, date | None], today: date
) -> tuple[dict[str, Any], bytes, AreaProfile]:
    """Everything a measurement holds, computed through ``store`` (the signed-in role's guarded store)."""
    profile = area_profile(store, area_id, *period)
    first, last, days = period_days(period, store.date_span())
    principal = getattr(store, "principal", None)
    hot = area_hotspots(store, area_id, period)
    png = area_map(store, area_id, hot, f"{profile.area_name}: gebied en hotspots")
    data = {
        "format": FORMAT,
        "area": {"id": int(area_id), "name": profile.area_name, "municipality_code": profile.municipality_code,
                 "municipality_name": profile.municipality_name},
        "period": {"from": _iso(period[0]), "to": _iso(period[1]), "first": first.isoformat(),
                   "last": last.isoformat(), "days": days},
        "frozen_on": today.isoformat(),
        "role": {"user": principal.user if principal else "", "role": principal.role.value if principal else "",
                 "access": access_of(principal)},
        "profile": profile_records(profile),
        "summary": [summary(profile, lay, "nl") for lay in (Layer.DUMPINGS, Layer.INCIDENTS, Layer.BARNS)],
        "survey": survey_part(store, area_id),
        "findings": area_findings(store, area_id),
        "hotspots": hot.info(),
    }  # fmt: skip
    return data, png, profile


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def freeze(store: Store, area_id: int, kind: str, period: tuple[date | None, date | None], today: date) -> int:
    """Freeze the analysis of ``area_id`` for ``period`` as a measurement of ``kind`` (``0-meting``,
    ``1-meting``, ``tussenmeting``) taken on ``today``; returns its id. The guard allows it to roles with
    ``create`` on ``analysis`` and writes it to the audit log."""
    data, png, _profile = collect(store, area_id, period, today)
    principal = getattr(store, "principal", None)
    return int(store.save_snapshot(area_id, kind, today, period, data, png, principal.user if principal else ""))


def for_viewer(snapshot: Mapping[str, Any], principal: Principal | None) -> dict[str, Any]:
    """A measurement as ``principal`` may see it: profile lines of a layer frozen with raw counts are withheld
    from a role that sees that layer only as released counts (``withheld``), and so is a hotspot map made from
    raw records; survey figures and finding counts were frozen as released to every analysis role."""
    out = dict(snapshot)
    data = dict(snapshot.get("data") or {})
    frozen = (data.get("role") or {}).get("access", {})
    viewer = access_of(principal)
    withheld = {lay for lay, acc in frozen.items() if acc == RAW and viewer.get(lay) == RELEASED}
    lines = []
    for ln in data.get("profile", []):
        if ln["layer"] in withheld:
            ln = {**ln, "area": None, "municipality": None, "region": None, "rate": None, "municipality_rate": None,
                  "rest_rate": None, "other_areas_rate": None, "ratio": None, "ratio_low": None,
                  "ratio_high": None, "significant": False, "withheld": True}  # fmt: skip
        lines.append(ln)
    data["profile"] = lines
    if withheld:
        data["summary"] = [s for s, lay in zip(data.get("summary", []), ("dumpings", "incidents", "barns"),
                                               strict=False) if lay not in withheld]  # fmt: skip
    hot = data.get("hotspots") or {}
    if not hot.get("aggregate_only", True) and any(viewer.get(lay) == RELEASED for lay in hot.get("layers", [])):
        out["map_png"] = None
        data["hotspots"] = {**hot, "withheld": True, "note": MAP_WITHHELD}
    out["data"] = data
    out["withheld_layers"] = sorted(withheld)
    return out


# -- comparing two measurements -----------------------------------------------------------------------
BEYOND, WITHIN = "meer dan toeval", "binnen het toeval"
NOT_COMPARABLE = "niet vergelijkbaar: vastgelegd door rollen met ruwe en met vrijgegeven aantallen"
NOT_VISIBLE = "niet zichtbaar voor uw rol"
NOT_TESTED_HIDDEN = "niet te toetsen: een aantal is verborgen (<5)"
NOT_TESTED_RELEASED = "niet te toetsen: vrijgegeven aantallen (ondergrenzen)"
NOT_TESTED_SURVEY = "niet te toetsen: te weinig respondenten (<10) of verborgen aantal"
NOT_TESTED_EMPTY = "niet te toetsen: te weinig gegevens"
COMPARE_COLUMNS = ("onderdeel", "onderwerp", "indeling", "waarde", "soort", "voor", "na", "verschil",
                   "verhouding", "p", "oordeel", "vergelijkbaar")  # fmt: skip


def _data(snapshot: Mapping[str, Any]) -> Mapping[str, Any]:
    return snapshot["data"] if "data" in snapshot and isinstance(snapshot["data"], Mapping) else snapshot


def _verdict(p: float | None) -> str:
    return NOT_TESTED_EMPTY if p is None else (BEYOND if p < ALPHA else WITHIN)


def _row(part: str, subject: str, breakdown: str, value: str, kind: str, before: float | None,
         after: float | None, diff: float | None, ratio: float | None, p: float | None, verdict: str,
         comparable: bool) -> dict[str, Any]:  # fmt: skip
    nan = float("nan")
    return {"onderdeel": part, "onderwerp": subject, "indeling": breakdown, "waarde": value, "soort": kind,
            "voor": nan if before is None else float(before), "na": nan if after is None else float(after),
            "verschil": nan if diff is None else float(diff), "verhouding": nan if ratio is None else float(ratio),
            "p": nan if p is None else float(p), "oordeel": verdict, "vergelijkbaar": comparable}  # fmt: skip


def _profile_rows(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    acc_a, acc_b = a.get("role", {}).get("access", {}), b.get("role", {}).get("access", {})
    days_a, days_b = float(a["period"]["days"]), float(b["period"]["days"])
    after = {(ln["layer"], ln["breakdown"], ln["value"]): ln for ln in b.get("profile", [])}
    rows = []
    for la in a.get("profile", []):
        lb = after.get((la["layer"], la["breakdown"], la["value"]))
        if lb is None:
            continue
        layer = la["layer"]
        args = ("gebiedsprofiel", la["layer_label"], la["breakdown"], la.get("value_label") or "", "aantal")
        va, vb = la.get("area"), lb.get("area")
        if la.get("withheld") or lb.get("withheld"):
            rows.append(_row(*args, None, None, None, None, None, NOT_VISIBLE, False))
        elif acc_a.get(layer) != acc_b.get(layer):
            rows.append(_row(*args, None, None, None, None, None, NOT_COMPARABLE, False))
        elif va is None or vb is None:
            rows.append(_row(*args, va, vb, None, None, None, NOT_TESTED_HIDDEN, True))
        elif acc_a.get(layer) == RELEASED:
            rows.append(_row(*args, va, vb, vb - va, None, None, NOT_TESTED_RELEASED, True))
        else:  # barns are a stock counted at the time of freezing: equal exposure
            ea, eb = (1.0, 1.0) if layer == Layer.BARNS.value else (days_a, days_b)
            change = compare_counts(int(va), ea, int(vb), eb)
            rows.append(_row(*args, va, vb, vb - va, change.ratio, change.p_value, _verdict(change.p_value), True))
    return rows


def _sd(row: Mapping[str, Any]) -> float | None:
    n, mean, high = row.get("answered"), row.get("mean"), row.get("mean_high")
    if n is None or mean is None or high is None or n < 2:
        return None
    return (float(high) - float(mean)) * math.sqrt(n) / float(student_t.ppf(1 - ALPHA / 2, int(n) - 1))


def _survey_rows(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    after = {(r["respondent_type"], r["question_id"], r["option"]): r for r in b.get("survey", {}).get("results", [])}
    rows = []
    for ra in a.get("survey", {}).get("results", []):
        rb = after.get((ra["respondent_type"], ra["question_id"], ra["option"]))
        if rb is None:
            continue
        mean = ra["kind"] in ("schaal", "getal")
        args = ("enquête", str(ra["question"]), str(ra["respondent_type"]), str(ra.get("option_label") or ""),
                "gemiddelde" if mean else "aandeel (%)")  # fmt: skip
        if mean:
            if ra.get("mean") is None or rb.get("mean") is None:
                rows.append(_row(*args, None, None, None, None, None, NOT_TESTED_SURVEY, True))
                continue
            ma = Mean(int(ra["answered"]), ra["mean"], _sd(ra), ra.get("mean_low"), ra.get("mean_high"))
            mb = Mean(int(rb["answered"]), rb["mean"], _sd(rb), rb.get("mean_low"), rb.get("mean_high"))
            change = compare_means(ma, mb)
            rows.append(_row(*args, ma.mean, mb.mean, change.difference, None, change.p_value,
                             _verdict(change.p_value), True))  # fmt: skip
            continue
        if any(r.get(k) is None for r in (ra, rb) for k in ("share", "count", "answered")):
            rows.append(_row(*args, None, None, None, None, None, NOT_TESTED_SURVEY, True))
            continue
        change = compare_shares(round(ra["count"]), int(ra["answered"]), round(rb["count"]), int(rb["answered"]))
        rows.append(_row(*args, 100 * ra["share"], 100 * rb["share"], 100 * (rb["share"] - ra["share"]), None,
                         change.p_value, _verdict(change.p_value), True))  # fmt: skip
    return rows


def _finding_rows(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    fa, fb = a.get("findings", {}), b.get("findings", {})
    walks_a, walks_b = sum(fa.get("walks", {}).values()), sum(fb.get("walks", {}).values())
    count_a = {r["category"]: r["totaal"] for r in fa.get("categories", [])}
    count_b = {r["category"]: r["totaal"] for r in fb.get("categories", [])}
    rows = []
    for cat in [c for c in FINDING_CATEGORIES if c in count_a or c in count_b]:
        va, vb = count_a.get(cat, 0), count_b.get(cat, 0)
        args = ("schouw", "bevindingen", "soort", cat, "aantal")
        if walks_a == 0 or walks_b == 0:
            rows.append(_row(*args, va, vb, vb - va, None, None, NOT_TESTED_EMPTY, True))
            continue
        change = compare_counts(va, walks_a, vb, walks_b)  # per walk
        rows.append(_row(*args, va, vb, vb - va, change.ratio, change.p_value, _verdict(change.p_value), True))
    return rows


def compare(a: Mapping[str, Any], b: Mapping[str, Any]) -> pd.DataFrame:
    """Two measurements (``store.snapshot`` dicts or their ``data``; ``a`` before ``b``) side by side: per
    profile line the counts, the change and whether it is more than chance (``compare_counts`` over the two
    periods' lengths; barns as a stock), per survey share Fisher's exact test, per mean Welch's t-test, per
    kind of finding the count per walk; said in Dutch (``oordeel``). Lines frozen by roles that see a layer
    differently (raw against released counts) are ``niet vergelijkbaar`` and get no change."""
    da, db = _data(a), _data(b)
    rows = _profile_rows(da, db) + _survey_rows(da, db) + _finding_rows(da, db)
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))


def mixed_layers(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """The layers the two measurements' roles saw differently (raw against released counts)."""
    acc_a = _data(a).get("role", {}).get("access", {})
    acc_b = _data(b).get("role", {}).get("access", {})
    return [lay for lay in acc_a if acc_b.get(lay) is not None and acc_a[lay] != acc_b[lay]]


def _word(value: float, decimals: int = 0) -> str:
    return fmt_number(value, "nl", decimals)


def compare_summary(a: Mapping[str, Any], b: Mapping[str, Any], table: pd.DataFrame | None = None) -> list[str]:
    """A few Dutch sentences on the comparison: what is compared, a warning for mixed roles, the totals."""
    table = compare(a, b) if table is None else table
    da, db = _data(a), _data(b)
    first = _name(a)
    out = [f"{first[0].upper()}{first[1:]} tegenover {_name(b)}."]
    if abs(da["period"]["days"] - db["period"]["days"]) > 3:
        out.append("De perioden zijn niet even lang: aantallen worden per dag vergeleken (verhouding).")
    mixed = mixed_layers(a, b)
    if mixed:
        nouns = " en ".join(LAYER_NOUN[Layer(lay)][0] for lay in mixed)
        out.append(f"Let op: de metingen zijn vastgelegd door rollen die {nouns} verschillend zien (ruwe tegen "
                   "vrijgegeven aantallen); die aantallen zijn niet vergelijkbaar en er wordt geen verandering "
                   "genoemd.")  # fmt: skip
    totals = table[(table["onderdeel"] == "gebiedsprofiel") & (table["indeling"] == "totaal")]
    for row in totals.itertuples():
        if row.oordeel in (BEYOND, WITHIN):
            ratio = "" if math.isnan(row.verhouding) else f", verhouding {_word(row.verhouding, 2)}"
            out.append(f"{row.onderwerp.capitalize()}: van {_word(row.voor)} naar {_word(row.na)}{ratio}; "
                       f"{row.oordeel} ({p_text(row.p)}).")  # fmt: skip
        elif row.oordeel != NOT_COMPARABLE:
            out.append(f"{row.onderwerp.capitalize()}: {row.oordeel}.")
    beyond = table[table["oordeel"] == BEYOND]
    tested = int(table["oordeel"].isin([BEYOND, WITHIN]).sum())
    verb = "veranderde" if len(beyond) == 1 else "veranderden"
    out.append(f"{len(beyond)} van de {tested} getoetste onderdelen {verb} meer dan toeval (5%-niveau, "
               "zonder correctie voor meervoudig toetsen).")  # fmt: skip
    return out


def _name(snapshot: Mapping[str, Any]) -> str:
    data = _data(snapshot)
    kind = snapshot.get("kind") or "meting"
    day = snapshot.get("taken_on") or data.get("frozen_on")
    when = fmt_date_nl(pd.Timestamp(day).date()) if day else "onbekende datum"
    per = data.get("period", {})
    span = f"{fmt_date_nl(date.fromisoformat(per['first']))} – {fmt_date_nl(date.fromisoformat(per['last']))}"
    return f"{kind} van {when} (periode {span})"
