"""Areas built up step by step on a real store (A1 … B4), for the progress, audit-file, covenant and Keurmerk
tests. Each ``to_<step>`` adds what that step needs on top of the earlier ones."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import shapely
from fpdf import FPDF

from gis.io.attachments import sniff_type
from gis.store.dumpings import StoredFile

USER = "coordinator"
TODAY = date.today()
PAST = TODAY - timedelta(days=60)
ORDER = ("A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "covenant", "evidence", "B4")


def pdf(text: str) -> bytes:
    """A real one-page PDF saying ``text`` (the store keeps only real PDFs, JPEGs and PNGs)."""
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text=text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(doc.output())


def stored(name: str, data: bytes, mime: str = "application/pdf") -> StoredFile:
    """A file as the upload form gives it; a stub that is no complete PDF, JPEG or PNG (``b"%PDF scan"``,
    ``b"presentatie"``) becomes a real PDF saying the stub's text, as the store keeps only real files."""
    real = sniff_type(data)
    if real not in ("PDF", "JPEG", "PNG") or (real == "PDF" and b"%%EOF" not in data):
        data = pdf(data.decode("latin-1"))
    return StoredFile("bestand", name, mime, data, hashlib.sha256(data).hexdigest())


def to_a1(store: Any, name: str = "Kiek Uut Noord") -> int:
    return store.add_area(name, shapely.box(230_000, 450_000, 234_000, 454_000), activities="landbouw", created_by=USER)


def to_a2(store: Any, area: int) -> dict[str, int]:
    parts = {"gemeente": ("Gemeente Berkelland", "gemeente"), "politie": ("Politie Oost-Nederland", "politie"),
             "lto": ("LTO Noord afdeling Berkelland", "lto")}  # fmt: skip
    return {k: store.save_participant(area, {"organisation": o, "kind": kind, "joined_on": PAST}, USER)
            for k, (o, kind) in parts.items()}  # fmt: skip


def to_a3(store: Any, area: int) -> None:
    store.save_agreement(area, {"kind": "doel", "text": "Minder drugsafval in bermen en sloten"}, USER)


def to_a4(store: Any, area: int) -> None:
    store.save_agreement(area, {"kind": "besluitvorming", "text": "Besluiten bij meerderheid in de stuurgroep"}, USER)
    store.save_agreement(area, {"kind": "extern", "text": "De gemeente woordvoert namens alle partners"}, USER)


def sign(store: Any, area: int, ids: dict[str, int], document: str, on: date = PAST) -> None:
    for pid in ids.values():
        store.record_signature(area, document, pid, on, USER, signatory="Ondertekenaar")


def to_b1(store: Any, area: int) -> None:
    store.add_survey_responses([{"respondent_type": "agrariër", "area_id": area, "answers": {"benaderd": "nee"}}],
                               USER)  # fmt: skip
    store.add_walk(area, PAST, "nacht", "werkgroep", None, "Erf onverlicht", USER)
    store.save_snapshot(area, "0-meting", PAST, (date(2025, 1, 1), date(2025, 12, 31)), {"profiel": []}, None, USER)


def to_b2(store: Any, area: int, n: int = 3) -> list[int]:
    ids = [store.add_area_measure(area, None, USER, title=f"Maatregel {i + 1}", decision="gekozen") for i in range(n)]
    store.add_area_measure(area, None, USER, title="Afgewezen idee", decision="afgewezen")
    return ids


def to_b3(store: Any, area: int, measures: list[int]) -> None:
    for mid in measures:
        store.plan_measure(mid, {"partner": "gemeente", "start_on": PAST, "end_on": TODAY + timedelta(days=200),
                                 "status": "lopend"}, USER)  # fmt: skip
    store.save_objective(area, {"text": "Halvering van het aantal dumpingen", "indicator": "dumpingen_per_jaar",
                                "baseline": 8, "baseline_on": date(2025, 12, 31), "target": 4,
                                "target_on": TODAY + timedelta(days=400)}, USER)  # fmt: skip


def to_evidence(store: Any, area: int, measures: list[int]) -> None:
    for i, mid in enumerate(measures):
        files = [stored(f"../../foto{i}.pdf", pdf(f"bewijs {i}"))] if i == 0 else []
        store.add_measure_evidence(mid, "bestand" if files else "notitie", "Geplaatst en gecontroleerd", PAST,
                                   files, USER)  # fmt: skip
        store.plan_measure(mid, {"status": "uitgevoerd"}, USER)


def to_b4(store: Any, area: int, on: date = PAST, result: str = "toegekend") -> None:
    store.record_audit(area, on, result, "Goed dossier", "auditor")


def build(store: Any, upto: str, name: str = "Kiek Uut Noord") -> tuple[int, dict[str, int]]:
    """An area with every step up to and including ``upto`` (one of ``ORDER``); returns (area id, participants)."""
    area = to_a1(store, name)
    parts: dict[str, int] = {}
    measures: list[int] = []
    steps = {
        "A2": lambda: parts.update(to_a2(store, area)),
        "A3": lambda: to_a3(store, area),
        "A4": lambda: to_a4(store, area),
        "A5": lambda: sign(store, area, parts, "intentieverklaring"),
        "B1": lambda: to_b1(store, area),
        "B2": lambda: measures.extend(to_b2(store, area)),
        "B3": lambda: to_b3(store, area, measures),
        "covenant": lambda: sign(store, area, {k: parts[k] for k in ("gemeente", "politie")}, "convenant"),
        "evidence": lambda: to_evidence(store, area, measures),
        "B4": lambda: to_b4(store, area),
    }
    for step in ORDER[1 : ORDER.index(upto) + 1]:
        steps[step]()
    return area, parts
