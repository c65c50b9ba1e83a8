"""The objective indicators of the plan of action (step B3), computed from the data: a yearly series per area,
the baseline taken from the frozen 0-meting, and the progress of an objective from baseline to target.

Counts come from the store's aggregate calls (``layer_count`` with a calendar year, a fixed period), so a
counts-only role gets released counts (for an area: the sum of the shown 1 km cells, a lower bound); a hidden
count ("<5") stays hidden (``hidden``, value NaN), never 0. No Streamlit, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from gis.analysis.snapshot import for_viewer
from gis.clock import now_nl
from gis.counts import fmt_number
from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, PermissionDenied
from gis.measures.codes import INDICATORS
from gis.measures.codes import label as code_label
from gis.store import Filters, Store
from gis.store.guard_rules import counts_only

__all__ = ["COLUMNS", "LOWER_IS_BETTER", "Progress", "baseline_from_0meting", "indicator_series", "progress"]

COLUMNS = ("year", "value", "hidden", "partial", "lower_bound", "source")
YEARLY: dict[str, Layer] = {"dumpingen_per_jaar": Layer.DUMPINGS, "incidenten_per_jaar": Layer.INCIDENTS}
# Fewer is better, except registering vacant barns (more registered: better known).
LOWER_IS_BETTER: dict[str, bool] = {"dumpingen_per_jaar": True, "incidenten_per_jaar": True,
                                    "aandeel_benaderd": True, "schuren_geregistreerd": False}  # fmt: skip
DAYS_PER_YEAR = 365.25


def _check(indicator: str) -> None:
    if indicator not in INDICATORS:
        raise ValueError(f"Indicator '{indicator}' bestaat niet; kies uit {', '.join(INDICATORS)}.")


def _today(today: date | None) -> date:
    return today or now_nl().date()


def _year(value: object) -> int | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(pd.Timestamp(value).year)  # type: ignore[arg-type]


def _row(year: int, n: int | float | None, partial: bool, lower: bool, source: str) -> dict[str, Any]:
    hidden = n is None or n == SUPPRESSED
    return {"year": int(year), "value": math.nan if hidden else float(n),  # type: ignore[arg-type]
            "hidden": bool(hidden), "partial": partial, "lower_bound": lower, "source": source}  # fmt: skip


def _yearly(store: Store, area_id: int, layer: Layer, arg: str | None, today: date) -> list[dict[str, Any]]:
    first, last = store.date_span()
    y0, y1 = _year(first), _year(last)
    if y0 is None or y1 is None:
        return []
    principal = getattr(store, "principal", None)
    lower = principal is not None and counts_only(principal, layer)
    categories = (arg,) if arg else None
    rows = []
    for year in range(y0, y1 + 1):
        f = Filters(date_from=date(year, 1, 1), date_to=date(year, 12, 31), area_id=int(area_id),
                    categories=categories)  # fmt: skip
        rows.append(_row(year, int(store.layer_count(layer, f)), year >= today.year, lower, "data"))
    return rows


def _measurements(store: Store, area_id: int) -> list[dict[str, Any]]:
    """The area's frozen measurements as the role may see them (oldest first)."""
    principal = getattr(store, "principal", None)
    try:
        snaps = store.snapshots(area_id)
        return [{**for_viewer(store.snapshot(int(i)), principal), "kind": k}
                for i, k in zip(snaps["id"], snaps["kind"], strict=True)]  # fmt: skip
    except PermissionDenied:  # the role does not see the analysis: no measurements
        return []


def _profile_count(data: Mapping[str, Any], layer: str, breakdown: str, value: str | None) -> int | None:
    for ln in data.get("profile", []):
        if ln["layer"] == layer and ln["breakdown"] == breakdown and (ln.get("value") or None) == value:
            if ln.get("hidden") or ln.get("withheld") or ln.get("area") is None:
                return None
            return int(ln["area"])
    return None


def _approached(data: Mapping[str, Any]) -> float | None:
    share = ((data.get("survey") or {}).get("approached") or {}).get("share")
    return None if share is None else round(float(share) * 100, 1)


def _snapshot_value(snap: Mapping[str, Any], indicator: str, arg: str | None) -> float | None:
    """The indicator as one measurement holds it (per year for counts over its period); None when absent."""
    data = snap.get("data") or {}
    if indicator == "aandeel_benaderd":
        return _approached(data)
    if indicator == "schuren_geregistreerd":
        n = _profile_count(data, "barns", "totaal", None)
        return None if n is None else float(n)
    layer = YEARLY[indicator].value
    n = _profile_count(data, layer, "categorie" if arg else "totaal", arg)
    days = float((data.get("period") or {}).get("days") or 0)
    return None if n is None or days <= 0 else round(n * DAYS_PER_YEAR / days, 1)


def _stock(store: Store, area_id: int, indicator: str, today: date) -> list[dict[str, Any]]:
    """Share approached and barns registered: the frozen measurements, then the value now."""
    rows = []
    for snap in _measurements(store, area_id):
        year = _year(snap.get("taken_on"))
        if year is not None:
            rows.append(_row(year, _snapshot_value(snap, indicator, None), False, False, str(snap["kind"])))
    if indicator == "aandeel_benaderd":
        share = store.survey_approached(area_id).share
        now = None if share is None or share.share is None else round(float(share.share) * 100, 1)
        rows.append(_row(today.year, now, False, False, "nu"))
    else:
        principal = getattr(store, "principal", None)
        lower = principal is not None and counts_only(principal, Layer.BARNS)
        n = int(store.layer_count(Layer.BARNS, Filters(area_id=int(area_id))))
        rows.append(_row(today.year, n, False, lower, "nu"))
    return rows


def indicator_series(
    store: Store, area_id: int, indicator: str, arg: str | None = None, today: date | None = None
) -> pd.DataFrame:
    """The indicator of area ``area_id`` per calendar year: ``year, value, hidden, partial`` (the year still
    running), ``lower_bound`` (a counts-only role's sum of shown cells) and ``source`` (``data``, a
    measurement kind, or ``nu``). Dumpings and incidents (``arg``: a category) are counted per year; the
    share of farmers approached (%) and the barns registered come from the measurements and the data now."""
    _check(indicator)
    day = _today(today)
    rows = _yearly(store, area_id, YEARLY[indicator], arg, day) if indicator in YEARLY else []
    if indicator not in YEARLY:
        rows = _stock(store, area_id, indicator, day)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    # one value per year: the latest (a later measurement, or the value now, replaces an earlier one)
    return frame.drop_duplicates("year", keep="last").sort_values("year").reset_index(drop=True)


def baseline_from_0meting(
    store: Store, area_id: int, indicator: str, arg: str | None = None
) -> tuple[float, date] | None:
    """The indicator in the area's latest 0-meting and the day it was taken; None without a 0-meting or when
    its figure is hidden or withheld from the role (counts over the measured period are made per year)."""
    _check(indicator)
    zero = [s for s in _measurements(store, area_id) if s["kind"] == "0-meting"]
    if not zero:
        return None
    snap = zero[-1]
    value = _snapshot_value(snap, indicator, arg)
    if value is None:
        return None
    return float(value), pd.Timestamp(snap["taken_on"]).date()


@dataclass(frozen=True)
class Progress:
    """How far an objective is: the current value (None when hidden or absent), the share of the way from
    baseline to target done, whether that keeps pace with the time passed, and a sentence saying so."""

    current: float | None
    year: int | None
    share_done: float | None
    expected_share: float | None
    on_track: bool | None
    hidden: bool
    text: str  # Dutch
    text_en: str

    def say(self, lang: str = "nl") -> str:
        """The sentence in ``lang``."""
        return self.text_en if lang == "en" else self.text


def _date(value: object) -> date:
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def _current_row(series: pd.DataFrame) -> pd.Series | None:
    """The latest complete year (the running year only when there is no other)."""
    if series is None or series.empty:
        return None
    rows = series.sort_values("year")
    done = rows[~rows["partial"].astype(bool)] if "partial" in rows.columns else rows
    return (done if len(done) else rows).iloc[-1]


def _share(baseline: float, target: float, current: float, lower_better: bool) -> tuple[float, bool]:
    if baseline == target:
        reached = current <= target if lower_better else current >= target
        return (1.0 if reached else 0.0), reached
    share = (baseline - current) / (baseline - target)
    reached = current <= target if target < baseline else current >= target
    return share, reached


def _fmt(v: float, lang: str) -> str:
    return fmt_number(v, lang, 0 if float(v).is_integer() else 1)


def progress(objective: Mapping[str, Any], series: pd.DataFrame, today: date | None = None) -> Progress:
    """The progress of ``objective`` (a row of ``store.objectives``: indicator, baseline, baseline_on, target,
    target_on) on ``series`` (``indicator_series``)."""
    indicator = str(objective.get("indicator") or "")
    what = {lang: code_label(INDICATORS, indicator, lang) for lang in ("nl", "en")}
    needed = ("baseline", "target", "baseline_on", "target_on")
    if any(pd.isna(objective.get(k)) for k in needed):
        return Progress(None, None, None, None, None, False,
                        f"{what['nl']}: het doel mist een nulmeting, streefwaarde of datum.",
                        f"{what['en']}: the objective lacks a baseline, target or date.")  # fmt: skip
    baseline, target = float(objective["baseline"]), float(objective["target"])
    start, end, day = _date(objective["baseline_on"]), _date(objective["target_on"]), _today(today)
    row = _current_row(series)
    if row is None:
        return Progress(None, None, None, None, None, False, f"{what['nl']}: nog geen gegevens.",
                        f"{what['en']}: no data yet.")  # fmt: skip
    year = int(row["year"])
    if bool(row["hidden"]) and bool(row.get("lower_bound")):  # a counts-only role's sum of shown 1 km cells
        return Progress(None, year, None, None, None, True,
                        f"{what['nl']}: het cijfer van {year} is voor uw rol verborgen: de vakken van 1 km die u "
                        "ziet (elk minstens 5) tellen samen minder dan 5 in het gebied; het werkelijke aantal kan "
                        "hoger zijn. Of het doel in zicht is, is daarom niet te zeggen.",
                        f"{what['en']}: the figure for {year} is hidden for your role: the 1 km cells you see (each "
                        "at least 5) add up to fewer than 5 in the area; the real number can be higher. Progress "
                        "cannot be told.")  # fmt: skip
    if bool(row["hidden"]):
        return Progress(None, year, None, None, None, True,
                        f"{what['nl']}: het cijfer van {year} is verborgen (minder dan 5); of het doel in zicht is, "
                        "is daarom niet te zeggen.",
                        f"{what['en']}: the figure for {year} is hidden (fewer than 5); progress cannot be told.",
                        )  # fmt: skip
    current = float(row["value"])
    share, reached = _share(baseline, target, current, LOWER_IS_BETTER.get(indicator, True))
    at = min(day, date(year, 12, 31))  # the value's time: the end of its year, or today in the running year
    span = max((end - start).days, 1)
    expected = min(max((at - start).days / span, 0.0), 1.0)
    on_track = reached or share >= expected
    args = (year, current, baseline, target, end, share, on_track, reached)
    return Progress(current, year, share, expected, on_track, False, _sentence(what["nl"], *args, "nl"),
                    _sentence(what["en"], *args, "en"))  # fmt: skip


def _sentence(what: str, year: int, current: float, baseline: float, target: float, end: date, share: float,
              on_track: bool, reached: bool, lang: str) -> str:  # fmt: skip
    pct = f"{round(share * 100)}%"
    c, b, t = _fmt(current, lang), _fmt(baseline, lang), _fmt(target, lang)
    if lang == "en":
        state = "target reached" if reached else ("on track" if on_track else "behind schedule")
        return (f"{what}: {c} in {year} (baseline {b}, target {t} by {end.isoformat()}); {pct} of the way done: "
                f"{state}.")  # fmt: skip
    state = "doel bereikt" if reached else ("op koers" if on_track else "achter op schema")
    return f"{what}: {c} in {year} (nulmeting {b}, doel {t} op {end.strftime('%d-%m-%Y')}); {pct} van de weg: {state}."
