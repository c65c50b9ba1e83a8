"""Frozen measurements (0-/1-meting): freezing on the demo through the guard and reading it back; the comparison
of constructed measurements (change and chance verdict by hand); measurements of roles that see a layer
differently are not compared, in words; what a counts-only role may not see of a raw measurement is withheld."""

from __future__ import annotations

import math
from datetime import date

import pytest
from scipy import stats

from gis.analysis.snapshot import (
    BEYOND,
    NOT_COMPARABLE,
    RAW,
    RELEASED,
    WITHIN,
    compare,
    compare_summary,
    for_viewer,
    freeze,
)
from gis.analysis.survey_values import to_record
from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Filters, Store
from gis.store.guard import GuardedStore
from tests.analysis.survey_factory import make_responses

YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))


def _guarded(store: Store, role: Role, user: str = "tester") -> GuardedStore:
    return GuardedStore(store, Principal(user, role, frozenset({"*"})))


def test_freeze_on_the_demo_round_trips(shared: Store) -> None:
    rows = [to_record(r) for r in make_responses(["agrariër"] * 12, seed=5)]
    shared.add_survey_responses([{**r, "area_id": 2} for r in rows], "tester")
    coordinator = _guarded(shared, Role.COORDINATOR, "coco")
    sid = freeze(coordinator, 2, "0-meting", YEAR_2024, date(2025, 1, 15))
    snap = coordinator.snapshot(sid)
    assert (snap["kind"], str(snap["taken_on"])[:10], snap["created_by"]) == ("0-meting", "2025-01-15", "coco")
    data = snap["data"]
    assert data["role"] == {"user": "coco", "role": "coordinator",
                            "access": {"barns": RAW, "dumpings": RAW, "incidents": RELEASED}}  # fmt: skip
    assert data["period"] == {"from": "2024-01-01", "to": "2024-12-31", "first": "2024-01-01",
                              "last": "2024-12-31", "days": 366}  # fmt: skip
    dumpings = next(ln for ln in data["profile"] if ln["layer"] == "dumpings" and ln["breakdown"] == "totaal")
    exact = int(shared.layer_count("dumpings", Filters(date_from=YEAR_2024[0], date_to=YEAR_2024[1], area_id=2)))
    assert dumpings["area"] == exact and not dumpings["hidden"]
    assert {r["question_id"] for r in data["survey"]["results"]} >= {"benaderd"}
    assert not any(r["kind"] == "open" for r in data["survey"]["results"]), "no open answers in a measurement"
    assert data["survey"]["respondents"] == 12
    assert data["findings"] == {"categories": [], "total": 0, "walks": {"dag": 0, "nacht": 0}}
    assert snap["map_png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert shared.audit_log(user="coco", action="create")["resource"].tolist()[-1] == "analysis"


def test_only_roles_with_create_on_analysis_freeze(shared: Store) -> None:
    for role in (Role.ANALYST, Role.WORKGROUP, Role.AUDITOR, Role.INSPECTOR):
        with pytest.raises(PermissionDenied):
            freeze(_guarded(shared, role), 1, "0-meting", YEAR_2024, date(2025, 1, 1))
    assert shared.snapshots(1).empty


def _snap(kind: str, days: int, dumpings: int | None, access: str = RAW, share: tuple[int, int] = (3, 20),
          mean: tuple[float, float, int] = (6.0, 1.5, 20)) -> dict:  # fmt: skip
    k, n = share
    m, sd, nm = mean
    half = float(stats.t.ppf(0.975, nm - 1)) * sd / math.sqrt(nm)
    line = {"layer": "dumpings", "breakdown": "totaal", "value": None, "layer_label": "dumpingen", "value_label": "",
            "area": dumpings, "hidden": dumpings is None, "lower_bound": access == RELEASED}  # fmt: skip
    survey = [
        {"respondent_type": "agrariër", "question_id": "benaderd", "question": "Benaderd?", "kind": "ja_nee",
         "option": "ja", "option_label": "ja", "respondents": n, "answered": n, "count": k, "share": k / n,
         "share_low": None, "share_high": None, "mean": None, "mean_low": None, "mean_high": None, "hidden": False,
         "reason": ""},
        {"respondent_type": "agrariër", "question_id": "veilig", "question": "Veilig?", "kind": "schaal",
         "option": "", "option_label": "", "respondents": nm, "answered": nm, "count": None, "share": None,
         "share_low": None, "share_high": None, "mean": m, "mean_low": m - half, "mean_high": m + half,
         "hidden": False, "reason": ""},
    ]  # fmt: skip
    return {"kind": kind, "taken_on": date(2025, 1, 1), "map_png": None, "data": {
        "period": {"first": "2024-01-01", "last": "2024-12-31", "days": days},
        "role": {"access": {"dumpings": access, "incidents": access, "barns": access}},
        "profile": [line], "survey": {"results": survey}, "findings": {"categories": [], "walks": {}},
        "hotspots": {"aggregate_only": access == RELEASED, "layers": ["dumpings"]}}}  # fmt: skip


def test_compare_gives_the_change_and_the_chance_verdict() -> None:
    a, b = _snap("0-meting", 365, 10), _snap("1-meting", 365, 30, share=(12, 20), mean=(6.2, 1.5, 20))
    table = compare(a, b)
    row = table[table["onderwerp"] == "dumpingen"].iloc[0]
    assert (row["voor"], row["na"], row["verschil"], row["verhouding"]) == (10, 30, 20, 3.0)
    # by hand: given 40 events over equal exposure, 30 after is Binomial(40, 1/2)
    assert row["p"] == pytest.approx(stats.binomtest(30, 40, 0.5).pvalue) and row["oordeel"] == BEYOND
    share = table[table["soort"] == "aandeel (%)"].iloc[0]
    assert (share["voor"], share["na"]) == (15.0, 60.0)
    assert share["p"] == pytest.approx(stats.fisher_exact([[3, 17], [12, 8]]).pvalue) and share["oordeel"] == BEYOND
    mean = table[table["soort"] == "gemiddelde"].iloc[0]
    welch = stats.ttest_ind_from_stats(6.0, 1.5, 20, 6.2, 1.5, 20, equal_var=False).pvalue
    assert mean["p"] == pytest.approx(welch, rel=1e-6) and mean["oordeel"] == WITHIN
    assert mean["verschil"] == pytest.approx(0.2)


def test_compare_uses_the_periods_lengths() -> None:
    # 10 in a year against 10 in half a year: twice the rate per day
    table = compare(_snap("0-meting", 366, 10), _snap("1-meting", 183, 10))
    row = table[table["onderwerp"] == "dumpingen"].iloc[0]
    assert row["verhouding"] == pytest.approx(2.0)
    assert row["p"] == pytest.approx(stats.binomtest(10, 20, 183 / 549).pvalue)
    assert row["oordeel"] == WITHIN
    assert "niet even lang" in " ".join(compare_summary(_snap("a", 366, 10), _snap("b", 183, 10)))


def test_hidden_counts_are_not_tested() -> None:
    row = compare(_snap("0-meting", 365, None), _snap("1-meting", 365, 9)).iloc[0]
    assert math.isnan(row["voor"]) and math.isnan(row["p"]) and row["oordeel"].startswith("niet te toetsen")


def test_mixed_roles_are_not_compared_and_say_so() -> None:
    raw, released = _snap("0-meting", 365, 10), _snap("1-meting", 365, 30, access=RELEASED)
    table = compare(raw, released)
    row = table[table["onderwerp"] == "dumpingen"].iloc[0]
    assert row["oordeel"] == NOT_COMPARABLE and not row["vergelijkbaar"]
    assert math.isnan(row["verschil"]) and math.isnan(row["p"]), "no change claimed"
    words = " ".join(compare_summary(raw, released))
    assert "ruwe tegen vrijgegeven aantallen" in words and "geen verandering" in words
    assert "van 10 naar 30" not in words
    # survey figures are released to every role: still compared
    assert table[table["soort"] == "aandeel (%)"].iloc[0]["oordeel"] in (BEYOND, WITHIN)


def test_a_counts_only_viewer_does_not_see_raw_frozen_figures() -> None:
    raw = _snap("0-meting", 365, 3)
    raw["map_png"] = b"\x89PNG..."
    raw["data"]["hotspots"]["aggregate_only"] = False
    seen = for_viewer(raw, Principal("wg", Role.WORKGROUP, frozenset({"*"})))
    line = seen["data"]["profile"][0]
    assert line["area"] is None and line["withheld"] and seen["map_png"] is None
    assert compare(seen, _snap("1-meting", 365, 5)).iloc[0]["oordeel"] == "niet zichtbaar voor uw rol"
    own = for_viewer(raw, Principal("ad", Role.ADMIN, frozenset({"*"})))
    assert own["data"]["profile"][0]["area"] == 3 and own["map_png"] == b"\x89PNG..."
