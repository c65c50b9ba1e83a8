"""The shipped measure catalogue (data/measures_catalogue.json) is valid, and a wrong record is refused in Dutch
naming the measure, the field and the value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gis.measures.catalogue import EMMIE_FIELDS, CatalogueError, load_catalogue, validate_record
from gis.measures.codes import EVIDENCE_STRENGTHS, MEASURE_KINDS, PROBLEMS


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    return load_catalogue()


def test_seed_file_has_at_least_30_measures_with_known_codes(catalogue) -> None:
    assert len(catalogue) >= 30
    assert len({m["code"] for m in catalogue}) == len(catalogue)
    assert {p for m in catalogue for p in m["problems"]} <= set(PROBLEMS)
    assert {m["kind"] for m in catalogue} == set(MEASURE_KINDS)  # physical, organisational and administrative


def test_every_problem_has_measures_and_every_measure_its_evidence(catalogue) -> None:
    for problem in PROBLEMS:
        assert sum(problem in m["problems"] for m in catalogue) >= 2, problem
    for m in catalogue:
        assert m["source"] and m["name_en"] and m["description_en"], m["code"]
        assert all(m[f] for f in EMMIE_FIELDS), m["code"]


def test_weak_evidence_is_said_so(catalogue) -> None:
    """Honest ratings: an unknown effect never comes with strong evidence, and "no research" says so in its
    source; the issue's named measures are present."""
    for m in catalogue:
        assert m["evidence"] in EVIDENCE_STRENGTHS
        if m["effect"] == "onbekend":
            assert m["evidence"] in ("zwak", "geen"), m["code"]
        if m["evidence"] == "geen":
            assert "geen effectonderzoek bekend" in m["source"].lower(), m["code"]
    codes = {m["code"] for m in catalogue}
    assert {"slagboom_zandpad", "cameratoezicht", "bibob", "sluiting_13b", "mma_campagne"} <= codes


@pytest.mark.parametrize(
    ("change", "message"),
    [({"problems": ["drugsafval", "wolven"]}, "veld 'problemen': 'wolven' bestaat niet"),
     ({"kind": "magie"}, "veld 'soort': 'magie' bestaat niet"), ({"cost": "gratis"}, "veld 'kosten': 'gratis'"),
     ({"source": "  "}, "het veld 'bron' is leeg"), ({"code": "Slag Boom"}, "'Slag Boom' is geen geldige code"),
     ({"colour": "rood"}, "het veld 'colour' bestaat niet"), ({"name": 5}, "veld 'naam': '5' is geen tekst"),
     ({"mechanism": "x" * 5000}, "te lang")],
)  # fmt: skip
def test_wrong_record_names_measure_field_and_value(catalogue, change, message) -> None:
    record = {**catalogue[0], **change}
    with pytest.raises(CatalogueError, match=message) as err:
        validate_record(record, 0)
    assert "maatregel" in str(err.value).lower()


def test_file_errors_name_the_measure(tmp_path: Path, catalogue) -> None:
    path = tmp_path / "cat.json"
    path.write_text(json.dumps({"measures": [catalogue[0], catalogue[0]]}), encoding="utf-8")
    with pytest.raises(CatalogueError, match=f"Maatregel '{catalogue[0]['code']}' \\(nummer 2\\).*twee keer"):
        load_catalogue(path)
    path.write_text("{kapot", encoding="utf-8")
    with pytest.raises(CatalogueError, match="niet te lezen"):
        load_catalogue(path)
