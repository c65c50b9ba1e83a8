"""Whether a measure carried out in a zone worked (step B3): difference-in-differences on counts, the zone against
comparable zones without the measure, before and after it, with a placebo check and the smallest effect the
data could have shown. ``did`` is the pure core on a table of counts; ``measure_effect`` builds that table
from the (guarded) store; the zones and periods are in ``gis.measures.effect_zones``.

Model: a Poisson GLM (negative binomial when the counts are overdispersed) of
``log E[n] = zone + after + treated×after + log(exposure)``; exp of the last coefficient is the rate ratio.
No Streamlit, no SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from gis.analysis.stats import rate_ratio
from gis.counts import fmt_number

__all__ = ["MIN_COMPARISON", "MIN_EVENTS", "EffectResult", "did", "measure_effect", "minimal_detectable_ratio"]

Z_ALPHA = float(stats.norm.ppf(0.975))  # two-sided alpha = 0.05
Z_POWER = float(stats.norm.ppf(0.80))  # power 80%
MIN_EVENTS = 10  # fewer counts in the treated zones (or the comparison zones) over both periods: too few
MIN_COMPARISON = 3  # fewer comparison zones with data: too few
OVERDISPERSED = 1.5  # Pearson chi²/df above this: negative binomial
COLUMNS = ("zone", "treated", "after", "n", "exposure")


@dataclass(frozen=True)
class EffectResult:
    """The rate ratio (treated after/before against comparison after/before) with its 95% interval and p; the
    placebo p; ``mde``: the smallest fall (as a rate ratio) detectable at 80% power; ``too_few`` and plain
    messages; the counts table that went in, and how zones and periods were chosen."""

    ratio: float | None
    low: float | None
    high: float | None
    p: float | None
    placebo_p: float | None
    mde: float | None
    too_few: bool
    message_nl: str
    message_en: str
    counts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COLUMNS)))
    model: str = ""
    design_nl: str = ""
    design_en: str = ""
    periods: tuple[date, date, date, date] | None = None  # before from/to, after from/to

    def message(self, lang: str = "nl") -> str:
        """The plain message in ``lang``."""
        return self.message_en if lang == "en" else self.message_nl


def not_measured(nl: str, en: str, counts: pd.DataFrame | None = None, **kw: Any) -> EffectResult:
    """A result that says why no effect could be measured."""
    table = counts if counts is not None else pd.DataFrame(columns=list(COLUMNS))
    return EffectResult(None, None, None, None, None, None, True, nl, en, table, **kw)


# -- the core -------------------------------------------------------------------------------------------------
def _clean(counts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Zones with a known count and exposure in both periods and at least one count (zones without any carry no
    information about the change); also the number of zones left out because a count was hidden."""
    missing = [c for c in COLUMNS if c not in counts.columns]
    if missing:
        raise ValueError(f"De tabel met aantallen mist de kolom(men) {', '.join(missing)}.")
    frame = counts[list(COLUMNS)].copy()
    frame["treated"] = frame["treated"].astype(bool)
    frame["after"] = frame["after"].astype(bool)
    frame["n"] = pd.to_numeric(frame["n"], errors="coerce")
    frame["exposure"] = pd.to_numeric(frame["exposure"], errors="coerce")
    if (frame["n"] < 0).any() or (frame["exposure"] < 0).any():
        raise ValueError("Een aantal of blootstelling is negatief.")
    bad = frame["n"].isna() | ~(frame["exposure"] > 0)
    both = frame[~bad].groupby("zone")["after"].nunique()
    keep = set(both[both == 2].index)
    hidden = frame["zone"].nunique() - len(keep)
    frame = frame[frame["zone"].isin(keep) & ~bad]
    total = frame.groupby("zone")["n"].transform("sum")
    return frame[total > 0].reset_index(drop=True), hidden


def _sums(frame: pd.DataFrame, treated: pd.Series) -> tuple[float, float, float, float, float, float, float, float]:
    """Counts and exposures: treated before, after; comparison before, after."""
    out = []
    for t in (True, False):
        for a in (False, True):
            part = frame[(treated == t) & (frame["after"] == a)]
            out += [float(part["n"].sum()), float(part["exposure"].sum())]
    a, ea, b, eb, ca, cea, cb, ceb = out
    return a, ea, b, eb, ca, cea, cb, ceb


def minimal_detectable_ratio(a: float, ea: float, b: float, eb: float, ca: float, cea: float, cb: float,
                             ceb: float) -> float | None:  # fmt: skip
    """The smallest fall (rate ratio < 1) a two-sided test at 5% finds with 80% power, given the treated zones'
    total split as the comparison zones' trend predicts (no effect); None when a count is 0."""
    total = a + b
    if min(total, ca, cb) <= 0 or min(ea, eb, cea, ceb) <= 0:
        return None
    trend = (cb / ceb) / (ca / cea) * (eb / ea)  # expected after/before in the treated zones without an effect
    a0 = total / (1 + trend)
    se = math.sqrt(1 / a0 + 1 / (total - a0) + 1 / ca + 1 / cb)
    return math.exp(-(Z_ALPHA + Z_POWER) * se)


def _glm(frame: pd.DataFrame) -> tuple[float, float, float, str]:
    """log rate ratio, its standard error, p and the model name (Poisson, or negative binomial)."""
    zones = pd.get_dummies(frame["zone"].astype(str), dtype=float)
    x = pd.concat([zones, frame["after"].astype(float).rename("after"),
                   (frame["after"] & frame["treated"]).astype(float).rename("effect")], axis=1)  # fmt: skip
    y, offset = frame["n"].astype(float), np.log(frame["exposure"].astype(float))
    fit = sm.GLM(y, x, family=sm.families.Poisson(), offset=offset).fit()
    model = "Poisson"
    dof = max(int(fit.df_resid), 0)
    if dof >= 3 and float(fit.pearson_chi2) / dof > OVERDISPERSED:
        mu = fit.mu
        alpha = float(np.sum((y - mu) ** 2 - y) / np.sum(mu**2))  # Cameron & Trivedi's auxiliary regression
        if alpha > 0:
            fit = sm.GLM(y, x, family=sm.families.NegativeBinomial(alpha=alpha), offset=offset).fit()
            model = f"negatief binomiaal (alpha {alpha:.2f})"
    return float(fit.params["effect"]), float(fit.bse["effect"]), float(fit.pvalues["effect"]), model


def _by_zone(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per zone: the columns n before, exposure before, n after, exposure after; treated; zone names."""
    wide = frame.pivot_table(index="zone", columns="after", values=["n", "exposure"], aggfunc="sum")
    values = np.column_stack([wide[("n", False)], wide[("exposure", False)], wide[("n", True)],
                              wide[("exposure", True)]]).astype(float)  # fmt: skip
    treated = frame.groupby("zone")["treated"].first().reindex(wide.index).to_numpy(bool)
    return values, treated, wide.index.to_numpy()


def _stat(values: np.ndarray, treated: np.ndarray) -> float:
    """The pooled log difference-in-differences (0.5 added to each count), the placebo check's statistic."""
    t, c = values[treated].sum(axis=0), values[~treated].sum(axis=0)
    return (math.log((t[2] + 0.5) / t[3]) - math.log((t[0] + 0.5) / t[1])
            - math.log((c[2] + 0.5) / c[3]) + math.log((c[0] + 0.5) / c[1]))  # fmt: skip


def placebo_p(frame: pd.DataFrame, permutations: int = 200, seed: int = 0) -> float | None:
    """In-space placebo: the share of reassignments of the treatment among the comparison zones alone whose
    |statistic| is at least the real one (with the real one counted in); None with too few comparison zones."""
    values, treated, _zones = _by_zone(frame)
    k, others = int(treated.sum()), int((~treated).sum())
    if k == 0 or others <= k:
        return None
    observed = abs(_stat(values, treated))
    pool = values[~treated]
    if math.comb(others, k) <= permutations:
        draws = [list(c) for c in combinations(range(others), k)]
    else:
        rng = np.random.default_rng(seed)
        draws = [list(rng.choice(others, size=k, replace=False)) for _ in range(permutations)]
    hits = 0
    for draw in draws:
        mask = np.zeros(others, dtype=bool)
        mask[draw] = True
        hits += abs(_stat(pool, mask)) >= observed - 1e-12
    return (1 + hits) / (1 + len(draws))


def did(
    counts: pd.DataFrame, noun: tuple[str, str] = ("meldingen", "reports"), permutations: int = 200, seed: int = 0
) -> EffectResult:
    """Difference-in-differences on ``counts`` (``zone, treated, after, n, exposure``; one row per zone and
    period; ``n`` NaN when hidden): the rate ratio of the treated zones' change against the comparison zones'."""
    frame, hidden = _clean(counts)
    sums = _sums(frame, frame["treated"])
    a, _ea, b, _eb, ca, _cea, cb, _ceb = sums
    n_comp = int(frame.loc[~frame["treated"], "zone"].nunique())
    mde = minimal_detectable_ratio(*sums)
    too_few = a + b < MIN_EVENTS or ca + cb < MIN_EVENTS or n_comp < MIN_COMPARISON
    if a + b == 0 or n_comp == 0 or ca == 0 or cb == 0:
        nl, en = _few(mde, hidden, noun)
        return not_measured(nl, en, counts)
    if a == 0 or b == 0:  # the estimate lies on the edge: the exact conditional interval instead
        trend = (cb / sums[7]) / (ca / sums[5])
        rr = rate_ratio(int(b), sums[3] * trend, int(a), sums[1])
        ratio, low, high, p, model = rr.ratio, rr.low, rr.high, rr.p_value, "exact (binomiaal)"
    else:
        beta, se, p, model = _glm(frame)
        ratio, low, high = math.exp(beta), math.exp(beta - Z_ALPHA * se), math.exp(beta + Z_ALPHA * se)
    placebo = placebo_p(frame, permutations, seed)
    if too_few:
        nl, en = _few(mde, hidden, noun)
    else:
        nl, en = _said(ratio, low, high, p, placebo, mde, noun)
    return EffectResult(ratio, low, high, p, placebo, mde, too_few, nl, en, counts, model)


def _pct(x: float, lang: str) -> str:
    return fmt_number(round(x * 100), lang) + "%"


def _num(x: float | None, lang: str) -> str:
    if x is None:
        return "?"
    return "∞" if math.isinf(x) else fmt_number(x, lang, 2)


def _p(p: float | None, lang: str) -> str:
    if p is None:
        return "?"
    text = "< 0.001" if p < 0.001 else (f"= {p:.3f}" if p < 0.01 else f"= {p:.2f}")
    return text.replace(".", ",") if lang == "nl" else text


def _few(mde: float | None, hidden: int, noun: tuple[str, str]) -> tuple[str, str]:
    if mde is None:
        nl = (f"De gegevens zijn te weinig om een effect te zien: in de zone of in de vergelijkingszones zijn vóór of "
              f"na de maatregel geen {noun[0]} geteld.")  # fmt: skip
        en = (f"The data are too few to see an effect: no {noun[1]} were counted in the zone or the comparison "
              "zones before or after the measure.")  # fmt: skip
    else:
        fall = 1 - mde
        nl = (f"De gegevens zijn te weinig om een effect te zien; alleen een daling van meer dan {_pct(fall, 'nl')} "
              "had de analyse kunnen aantonen.")  # fmt: skip
        en = (f"The data are too few to see an effect; only a fall of more than {_pct(fall, 'en')} could have "
              "been shown.")  # fmt: skip
    if hidden:
        nl += f" {hidden} zone(s) bleven buiten beschouwing omdat een aantal verborgen is (minder dan 5)."
        en += f" {hidden} zone(s) were left out because a count is hidden (fewer than 5)."
    return nl, en


def _said(ratio: float | None, low: float | None, high: float | None, p: float | None, placebo: float | None,
          mde: float | None, noun: tuple[str, str]) -> tuple[str, str]:  # fmt: skip
    ci = {lang: f"{_num(ratio, lang)}, 95%-interval {_num(low, lang)}–{_num(high, lang)}, p {_p(p, lang)}"
          for lang in ("nl", "en")}  # fmt: skip
    if placebo is not None:
        ci = {
            "nl": ci["nl"] + f"; placebotoets p {_p(placebo, 'nl')}",
            "en": ci["en"] + f"; placebo p {_p(placebo, 'en')}",
        }
    if ratio is not None and high is not None and high < 1:
        return (f"Na de maatregel daalde het aantal {noun[0]} in de zone {_pct(1 - ratio, 'nl')} meer dan in de "
                f"vergelijkingszones (verhouding {ci['nl']}).",
                f"After the measure, {noun[1]} in the zone fell {_pct(1 - ratio, 'en')} more than in the comparison "
                f"zones (ratio {ci['en']}).")  # fmt: skip
    if ratio is not None and low is not None and low > 1:
        return (f"Na de maatregel steeg het aantal {noun[0]} in de zone meer dan in de vergelijkingszones "
                f"(verhouding {ci['nl']}).",
                f"After the measure, {noun[1]} in the zone rose more than in the comparison zones "
                f"(ratio {ci['en']}).")  # fmt: skip
    tail_nl = "" if mde is None else f" Een daling van meer dan {_pct(1 - mde, 'nl')} had de analyse kunnen aantonen."
    tail_en = "" if mde is None else f" A fall of more than {_pct(1 - mde, 'en')} could have been shown."
    return (f"Geen aantoonbaar effect: de verandering in de zone verschilt niet van die in de vergelijkingszones "
            f"(verhouding {ci['nl']}).{tail_nl}",
            f"No effect shown: the change in the zone does not differ from that in the comparison zones "
            f"(ratio {ci['en']}).{tail_en}")  # fmt: skip


def measure_effect(store: Any, area_id: int, measure_row: Any, layer: Any, start: date | None = None,
                   **options: Any) -> EffectResult:  # fmt: skip
    """The effect of a placed measure (a row of ``store.area_measures``) on ``layer`` in area ``area_id``:
    see ``gis.measures.effect_zones.zone_counts`` for the zones, periods and what a counts-only role gets."""
    from gis.measures.effect_zones import zone_counts

    return zone_counts(store, area_id, measure_row, layer, start, **options)
