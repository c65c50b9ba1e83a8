"""The progress of an area, derived from its data on a real DuckDB store: areas built up to every stage give the
right steps and stage; a late annual evaluation and an expired Keurmerk are flagged; a role that may not read
the partnership sees those steps as "niet zichtbaar voor uw rol" (no crash)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pandas as pd
import pytest

from gis.domain.roles import Principal, Role
from gis.partnership.progress import HIDDEN_TEXT, STAGES, AreaProgress, area_progress
from gis.store import Store, open_store
from gis.store.guard import GuardedStore
from tests.partnership.build import ORDER, PAST, TODAY, USER, build

# After building up to a step, the stage and the steps that must be done.
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "A1": ("samenstelling deelnemers", ("A1",)),
    "A2": ("doelstelling", ("A1", "A2")),
    "A3": ("samenwerkingsafspraken", ("A1", "A2", "A3")),
    "A4": ("intentieverklaring", ("A1", "A2", "A3", "A4")),
    "A5": ("veiligheidsanalyse", ("A1", "A2", "A3", "A4", "A5")),
    "B1": ("maatregelen kiezen", ("A1", "A2", "A3", "A4", "A5", "B1")),
    "B2": ("plan van aanpak", ("A1", "A2", "A3", "A4", "A5", "B1", "B2")),
    "B3": ("convenant", ("A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3")),
    "covenant": ("klaar voor audit", ("A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3")),
    "evidence": ("klaar voor audit", ("A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3")),
    "B4": ("gecertificeerd", ("A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4")),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("progress") / "p.duckdb"))
    yield store
    store.close()


@pytest.mark.parametrize("upto", ORDER)
def test_every_stage_is_derived_from_the_data(db: Store, upto: str) -> None:
    area, _ = build(db, upto, name=f"Gebied {upto}")
    progress = area_progress(db, area)
    stage, done = EXPECTED[upto]
    assert progress.stage == stage
    assert [s.code for s in progress.steps if s.done] == list(done)
    for step in progress.steps:
        assert step.done == (not step.missing), step  # a step is done exactly when nothing is missing
        assert step.page and not step.hidden
    assert progress.covenant_signed == (ORDER.index(upto) >= ORDER.index("covenant"))
    if upto == "B4":
        assert progress.certified_on == PAST and progress.step("B4").done_on == PAST
        assert progress.renewal_due == (pd.Timestamp(PAST) + pd.DateOffset(years=3)).date()


def test_missing_says_what_is_needed(db: Store) -> None:
    area, _ = build(db, "A1", name="Half")
    db.save_participant(area, {"organisation": "Politie", "kind": "politie"}, USER)
    progress = area_progress(db, area)
    assert progress.step("A2").missing == ["een deelnemer namens de gemeente",
                                           "nog 1 andere organisatie(s) als deelnemer"]  # fmt: skip
    assert progress.step("A1").evidence == "gebiedsgrens opgeslagen (1.600 ha)"
    assert progress.step("B4").missing == ["een audit met resultaat toegekend of voorwaardelijk"]
    assert progress.step("C2").missing == ["eerst de certificering (B4)"]
    assert all(progress.step(c).later for c in ("C1", "C2", "C3"))  # not due yet: never shown as "ontbreekt"
    assert not any(s.later for s in progress.steps if not s.code.startswith("C"))


def test_the_recertification_is_due_only_in_its_last_half_year(db: Store) -> None:
    from datetime import timedelta

    area, _ = build(db, "B4", name="Gecertificeerd")
    renew = area_progress(db, area).renewal_due
    assert renew is not None
    early = area_progress(db, area, today=renew - timedelta(days=400)).step("C3")
    late = area_progress(db, area, today=renew - timedelta(days=30)).step("C3")
    assert early.later and not early.done
    assert not late.later and not late.done and late.missing == [f"een nieuwe audit vóór {renew}"]


def test_the_declaration_needs_all_participants_or_municipality_and_police(db: Store) -> None:
    area, parts = build(db, "A4", name="Tekenen")
    db.record_signature(area, "intentieverklaring", parts["lto"], PAST, USER)
    step = area_progress(db, area).step("A5")
    assert not step.done
    assert "handtekening namens de gemeente" in step.missing and "handtekening namens de politie" in step.missing
    assert any("Gemeente Berkelland" in m and "LTO" not in m for m in step.missing)
    db.record_signature(area, "intentieverklaring", parts["gemeente"], PAST, USER)
    db.record_signature(area, "intentieverklaring", parts["politie"], PAST + timedelta(days=3), USER)
    step = area_progress(db, area).step("A5")
    assert step.done and step.done_on == PAST + timedelta(days=3)


def test_the_plan_names_each_measure_without_partner_or_dates(db: Store) -> None:
    area, _ = build(db, "B2", name="Plan half")
    measures = db.area_measures(area)
    first = int(measures.loc[measures["title"] == "Maatregel 1", "id"].iloc[0])
    db.plan_measure(first, {"partner": "politie", "start_on": PAST, "end_on": TODAY}, USER)
    step = area_progress(db, area).step("B3")
    assert "maatregel 'Maatregel 2': partner, startdatum, einddatum" in step.missing
    assert not any("Maatregel 1" in m for m in step.missing)
    assert not any("Afgewezen" in m for m in step.missing)  # only chosen measures belong in the plan
    assert "een doelstelling met nulwaarde en streefwaarde" in step.missing


def test_late_evaluation_and_expired_keurmerk_are_flagged(db: Store) -> None:
    area, _ = build(db, "B4", name="Cyclus")
    year_later = (pd.Timestamp(PAST) + pd.DateOffset(months=12)).date()
    soon = area_progress(db, area, today=PAST + timedelta(days=100))
    assert soon.overdue == [] and soon.stage == "gecertificeerd"
    late = area_progress(db, area, today=year_later + timedelta(days=1))
    assert late.overdue == [f"jaarlijkse evaluatie te laat: uiterlijk {year_later}"]
    assert late.stage == "gecertificeerd" and not late.step("C2").done
    db.save_evaluation(area, TODAY, "Eerste jaarevaluatie", USER)
    evaluated = area_progress(db, area, today=TODAY + timedelta(days=30))
    assert evaluated.step("C2").done and evaluated.step("C2").done_on == TODAY and evaluated.overdue == []
    renew = (pd.Timestamp(PAST) + pd.DateOffset(years=3)).date()
    expired = area_progress(db, area, today=renew + timedelta(days=1))
    assert expired.stage == STAGES["renew"] == "hercertificering nodig"
    assert f"hercertificering te laat: het keurmerk liep af op {renew}" in expired.overdue


def test_a_repeat_measurement_after_certification_completes_c1(db: Store) -> None:
    area, _ = build(db, "B4", name="Herhaling")
    assert not area_progress(db, area).step("C1").done
    db.save_snapshot(area, "1-meting", TODAY, (date(2026, 1, 1), None), {"profiel": []}, None, USER)
    c1 = area_progress(db, area).step("C1")
    assert c1.done and c1.done_on == TODAY


def test_a_rejected_last_audit_is_not_a_certificate(db: Store) -> None:
    area, _ = build(db, "B4", name="Afgewezen")
    db.record_audit(area, TODAY, "afgewezen", "Bewijs ontbreekt", "auditor")
    progress = area_progress(db, area)
    assert progress.stage == "klaar voor audit" and progress.certified_on is None
    assert progress.step("B4").missing == [f"de laatste audit ({TODAY}) was 'afgewezen'; een nieuwe audit"]


def test_an_area_that_is_gone_is_at_the_start(db: Store) -> None:
    progress = area_progress(db, 987_654)
    assert progress.stage == "afbakening" and not progress.step("A1").done


def test_steps_a_role_may_not_read_are_hidden_not_crashing(db: Store) -> None:
    area, _ = build(db, "B4", name="Publiek")
    public = GuardedStore(db, Principal("p", Role.PUBLIC, frozenset({"*"})))
    progress = area_progress(public, area)
    a2 = progress.step("A2")
    assert a2.hidden and a2.missing == [HIDDEN_TEXT] and not a2.done
    assert progress.step("A1").done  # the boundary is public
    assert progress.stage == "samenstelling deelnemers"  # what the role cannot see is not counted as done


def test_every_link_names_a_page_and_a_tab_the_interface_has() -> None:
    """The progress and the audit checklist point to a page the app has and a tab shown there (its text key)."""
    from gis.domain.roles import PAGES
    from gis.i18n import TEXT
    from gis.partnership.audit_file import ITEMS
    from gis.partnership.progress import LINKS

    targets = list(LINKS.values()) + [(item[2], item[3]) for item in ITEMS.values()]
    for page, tab in targets:
        assert page in PAGES, page
        assert not tab or tab in TEXT, tab


def _as(db: Store, role: Role, user: str) -> GuardedStore:
    return GuardedStore(db, Principal(user, role, frozenset({"*"})))


def test_the_survey_is_read_from_the_answers_or_the_released_figures_alike(db: Store) -> None:
    """The coordinator learns from the answers (cheap) and the auditor from the released figures whether the
    area has a survey: the same progress, and no refused read of the answers in the audit log."""
    with_survey, _ = build(db, "B1", name="Met enquête")
    without, _ = build(db, "A5", name="Zonder enquête")
    db.add_walk(without, PAST, "dag", "werkgroep", None, "", USER)
    db.save_snapshot(without, "0-meting", PAST, (None, None), {"profiel": []}, None, USER)
    for area, done in ((with_survey, True), (without, False)):
        step, other = (area_progress(_as(db, role, f"k-{role.value}"), area).step("B1")
                       for role in (Role.COORDINATOR, Role.AUDITOR))  # fmt: skip
        assert step == other  # coordinator and auditor see the same step
        assert step.done == done and ("een enquête onder agrariërs en bewoners" in step.missing) == (not done)
    refused = db.audit_log(user="k-auditor")
    assert not len(refused[refused["outcome"] != "ok"]), refused


def test_given_facts_give_the_same_progress_and_a_fingerprint_that_follows_every_change(db: Store) -> None:
    from gis.partnership.facts import area_facts, facts_fingerprint

    area, _ = build(db, "B2", name="Vingerafdruk")
    coordinator = _as(db, Role.COORDINATOR, "k-coordinator")
    facts = area_facts(coordinator, area)
    assert area_progress(coordinator, area, TODAY, facts) == area_progress(coordinator, area, TODAY)
    before = facts_fingerprint(facts)
    assert facts_fingerprint(area_facts(coordinator, area)) == before  # nothing changed: the same key
    first = int(db.area_measures(area)["id"].min())
    db.plan_measure(first, {"partner": "politie", "start_on": PAST, "end_on": TODAY}, USER)  # no row added
    assert facts_fingerprint(area_facts(coordinator, area)) != before
    auditor = _as(db, Role.AUDITOR, "k-auditor")
    figures = area_facts(auditor, area)
    assert "survey" not in figures  # only the released figures tell the auditor: read by area_progress
    assert area_progress(auditor, area, TODAY, figures) == area_progress(auditor, area, TODAY)


# Words that give a Dutch sentence away (user text such as "Maatregel 1" or "Gemeente Berkelland" is capitalised).
DUTCH = (" een ", " nog ", " van ", " het ", " de ", " en ", "deelnemer", "getekend", "ontbreekt", "nodig",
         "geen", "meting", "enquête", "afspraak", "doelstelling", "maatregel", "certificering", "evaluatie",
         "uiterlijk", "zichtbaar", "gebied", "schouw", "gemeente", "politie")  # fmt: skip


def assert_english(text: str) -> None:
    padded = f" {text} "
    assert not [w for w in DUTCH if w in padded], text


def assert_twins(progress: AreaProgress) -> None:
    """Every Dutch sentence has an English twin (same place, same number of items) that reads as English."""
    for step in progress.steps:
        assert bool(step.evidence) == bool(step.evidence_en), step
        assert len(step.missing) == len(step.missing_en), step
        for nl, en in zip([step.evidence, *step.missing], [step.evidence_en, *step.missing_en], strict=True):
            assert bool(nl) == bool(en), step
            assert_english(en)
    assert len(progress.overdue) == len(progress.overdue_en)
    for en in progress.overdue_en:
        assert en
        assert_english(en)


@pytest.mark.parametrize("upto", ORDER)
def test_every_sentence_has_an_english_twin(db: Store, upto: str) -> None:
    area, _ = build(db, upto, name=f"Engels {upto}")
    assert_twins(area_progress(db, area))


def test_english_twins_of_the_special_cases(db: Store) -> None:
    """Half-signed, half-planned, hidden, overdue, expired and rejected: the English twins are there too."""
    half, _ = build(db, "A1", name="Engels half")
    db.save_participant(half, {"organisation": "Politie", "kind": "politie"}, USER)
    a2 = area_progress(db, half).step("A2")
    assert a2.missing_en == ["a participant on behalf of the municipality", "1 more organisation as a participant"]
    assert a2.evidence_en == "1 participant" and a2.evidence == "1 deelnemer(s)"
    signing, parts = build(db, "A4", name="Engels tekenen")
    db.record_signature(signing, "intentieverklaring", parts["lto"], PAST, USER)
    a5 = area_progress(db, signing).step("A5")
    assert "a signature on behalf of the municipality" in a5.missing_en
    assert a5.evidence_en == "declaration of intent signed by 1 of 3 participants"
    assert_twins(area_progress(db, signing))
    plan, _ = build(db, "B2", name="Engels plan")
    assert "measure 'Maatregel 1': partner, start date, end date" in area_progress(db, plan).step("B3").missing_en
    assert_twins(area_progress(db, plan))
    cycle, _ = build(db, "B4", name="Engels cyclus")
    renew = (pd.Timestamp(PAST) + pd.DateOffset(years=3)).date()
    expired = area_progress(db, cycle, today=renew + timedelta(days=1))
    assert f"recertification overdue: the Keurmerk expired on {renew:%d-%m-%Y}" in expired.overdue_en
    assert expired.step("C3").evidence_en == f"recertification due by {renew:%d-%m-%Y}"
    assert_twins(expired)
    db.record_audit(cycle, TODAY, "afgewezen", "", "auditor")
    assert_twins(area_progress(db, cycle))
    public = GuardedStore(db, Principal("p", Role.PUBLIC, frozenset({"*"})))
    hidden = area_progress(public, cycle)
    assert hidden.step("A2").missing_en == ["not visible to your role"]
    assert_twins(hidden)
