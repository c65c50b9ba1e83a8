"""The declaration of intent (intentieverklaring, step A5) and the covenant (convenant, for certification) of a PPS
area as DOCX: the parties, the area with its map, the objectives and agreements, obligations, a signature block.

Built as a ``ReportDocument`` and written by ``gis.reports.docx_writer``; all user text is cleaned there. Data come
from the signed-in role's (guarded) store. No Streamlit here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from gis.partnership.codes import AGREEMENT_KINDS, COVENANT_REQUIRED, KEURMERK_YEARS, ORGANISATION_KINDS, label
from gis.partnership.facts import current_participants, day, read, signed_by
from gis.reports.document import Bullets, Cell, Figure, Note, Paragraph, ReportDocument, Section, Table, fmt_date_nl
from gis.reports.docx_writer import docx_bytes
from gis.store.errors import StoreError

__all__ = ["SIGN_LINE", "covenant_docx", "covenant_missing", "covenant_report", "declaration_docx",
           "declaration_report"]  # fmt: skip

SIGN_LINE = "……………………………"  # a line to sign on or fill in by hand


def _area(store: Any, area_id: int) -> pd.Series:
    areas = store.areas()
    row = areas[areas["id"].astype(int) == int(area_id)]
    if row.empty:
        raise StoreError(f"Gebied {area_id} bestaat niet (meer) of valt buiten uw bereik.")
    return row.iloc[0]


def _parties(store: Any, area_id: int) -> pd.DataFrame:
    frame = read(store, "participants", int(area_id))
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["id", "organisation", "kind"])
    return current_participants(frame).reset_index(drop=True)


def covenant_missing(parties: pd.DataFrame) -> list[str]:
    """The parties a covenant needs (municipality, police) that are not among ``parties`` (Dutch labels)."""
    kinds = set(parties["kind"].astype(str)) if len(parties) else set()
    return [label(ORGANISATION_KINDS, k) for k in COVENANT_REQUIRED if k not in kinds]


def _map(store: Any, area_id: int, area: pd.Series) -> list[Any]:
    try:
        from gis.analysis.area_hotspots import area_map

        png = area_map(store, int(area_id), None, str(area["name"]))
    except Exception as err:  # a document without a map beats no document
        return [Note(f"De kaart kon niet worden gemaakt: {err}")]
    return [Figure(f"Het gebied {area['name']} met de gemeenten eromheen", png)]


def _area_section(store: Any, area_id: int, area: pd.Series) -> Section:
    geom = area.geometry
    ha = f"{geom.area / 10_000:,.0f}".replace(",", ".") if geom is not None and not geom.is_empty else "–"
    text = f"Deze verklaring geldt voor het gebied {area['name']} ({ha} ha), zoals op de kaart afgebakend."
    blocks: list[Any] = [Paragraph(text)]
    if str(area.get("activities") or "").strip():
        blocks.append(Paragraph(f"Activiteiten in het gebied: {area['activities']}."))
    return Section("Het gebied", [*blocks, *_map(store, area_id, area)])


def _parties_table(parties: pd.DataFrame) -> Table:
    rows: list[list[Cell]] = [[str(r["organisation"]), label(ORGANISATION_KINDS, str(r["kind"]))]
                              for r in parties.to_dict("records")]  # fmt: skip
    return Table("Partijen", ["Organisatie", "Soort organisatie"], rows)


def _objectives(store: Any, area_id: int) -> list[str]:
    items: list[str] = []
    agreements = read(store, "agreements", int(area_id))
    if agreements is not None and len(agreements):
        items += [str(t) for t in agreements.loc[agreements["kind"] == "doel", "text"]]
    objectives = read(store, "objectives", int(area_id))
    if objectives is not None and len(objectives):
        for row in objectives.to_dict("records"):
            target = f" (streefwaarde {row.get('target')} op {day(row.get('target_on')) or '–'})"
            items.append(f"{row.get('text')}{target if row.get('target') is not None else ''}")
    return items


def _agreements(store: Any, area_id: int) -> list[Any]:
    agreements = read(store, "agreements", int(area_id))
    if agreements is None or agreements.empty:
        return [Paragraph("De partijen maken nog afspraken over besluitvorming en communicatie.")]
    blocks: list[Any] = []
    for kind in ("besluitvorming", "intern", "extern", "overig"):
        texts = [str(t) for t in agreements.loc[agreements["kind"] == kind, "text"]]
        if texts:
            blocks += [Paragraph(label(AGREEMENT_KINDS, kind).capitalize()), Bullets(texts)]
    return blocks or [Paragraph("De partijen maken nog afspraken over besluitvorming en communicatie.")]


def _signature_table(store: Any, area_id: int, parties: pd.DataFrame, document: str) -> Table:
    sigs = read(store, "signatures", int(area_id))
    signed = signed_by(sigs, parties, document) if sigs is not None and len(parties) else {}
    who: dict[int, str] = {}
    if sigs is not None and len(sigs) and "signatory" in sigs.columns:
        rows = sigs[sigs["document"] == document]
        who = {int(p): str(s) for p, s in zip(rows["participant_id"], rows["signatory"], strict=True) if s}
    rows_out: list[list[Cell]] = []
    for r in parties.to_dict("records"):
        when = signed.get(int(r["id"]))
        rows_out.append([str(r["organisation"]), who.get(int(r["id"])) or SIGN_LINE,
                         fmt_date_nl(when) if when else SIGN_LINE, SIGN_LINE])  # fmt: skip
    note = "Een ingevulde datum: de ondertekening is in het dashboard vastgelegd."
    return Table("Ondertekening", ["Partij", "Naam ondertekenaar", "Datum", "Handtekening"], rows_out, note=note)


def _document(store: Any, title: str, subtitle: str, area: pd.Series, sections: list[Section]) -> ReportDocument:
    return ReportDocument(title, subtitle, str(area["name"]), "vanaf de datum van ondertekening", date.today(),
                          bool(store.is_demo()), sections)  # fmt: skip


def _no_parties(parties: pd.DataFrame) -> list[Any]:
    return [_parties_table(parties)] if len(parties) else [Note("Er zijn nog geen deelnemers vastgelegd.")]


def declaration_report(store: Any, area_id: int) -> ReportDocument:
    """The declaration of intent of ``area_id`` as a ``ReportDocument``."""
    area, parties = _area(store, area_id), _parties(store, area_id)
    goals = _objectives(store, area_id)
    sections = [
        Section("Partijen", [Paragraph("De ondergetekende partijen verklaren dat zij samen willen werken aan de "
                                       "veiligheid van het buitengebied (KIEK UUT Veilig Buitengebied)."),
                             *_no_parties(parties)]),
        _area_section(store, area_id, area),
        Section("Doelstellingen", [Bullets(goals)] if goals else [Note("Nog geen doelstellingen vastgelegd.")]),
        Section("Afspraken", _agreements(store, area_id)),
        Section("Vervolg", [Paragraph("De partijen maken samen een veiligheidsanalyse (0-meting), kiezen maatregelen "
                                      "en leggen die vast in een plan van aanpak; voor het Keurmerk Veilig "
                                      "Buitengebied sluiten zij een convenant.")]),
        Section("Ondertekening", [_signature_table(store, area_id, parties, "intentieverklaring")]),
    ]  # fmt: skip
    return _document(store, "Intentieverklaring", "Samenwerking Veilig Buitengebied", area, sections)


def _obligations(store: Any, area_id: int, parties: pd.DataFrame) -> list[Any]:
    frame = read(store, "obligations", int(area_id))
    blocks: list[Any] = []
    for r in parties.to_dict("records"):
        texts = [] if frame is None or frame.empty else \
            [str(t) for t in frame.loc[frame["participant_id"].astype(int) == int(r["id"]), "text"]]  # fmt: skip
        blocks += [Paragraph(f"{r['organisation']} ({label(ORGANISATION_KINDS, str(r['kind']))})"),
                   Bullets(texts) if texts else Note("Nog geen verplichtingen vastgelegd.")]  # fmt: skip
    return blocks


def covenant_report(store: Any, area_id: int) -> ReportDocument:
    """The covenant of ``area_id`` as a ``ReportDocument``; ``StoreError`` (Dutch) without the municipality or
    the police among the participants."""
    area, parties = _area(store, area_id), _parties(store, area_id)
    if lacking := covenant_missing(parties):
        raise StoreError(f"Een convenant voor {area['name']} kan nog niet worden gemaakt: de deelnemers missen "
                         f"{' en '.join(lacking)}. Voeg die eerst toe als deelnemer.")  # fmt: skip
    goals = _objectives(store, area_id)
    sections = [
        Section("Partijen", [Paragraph("De ondergetekende partijen sluiten dit convenant over hun samenwerking voor "
                                       "de veiligheid van het buitengebied (KIEK UUT Veilig Buitengebied)."),
                             _parties_table(parties)]),
        _area_section(store, area_id, area),
        Section("Doelstellingen", [Bullets(goals)] if goals else [Note("Nog geen doelstellingen vastgelegd.")]),
        Section("Samenwerkingsafspraken", _agreements(store, area_id)),
        Section("Verplichtingen per partij", _obligations(store, area_id, parties)),
        Section("Looptijd en evaluatie", [Paragraph(
            f"Dit convenant geldt voor {KEURMERK_YEARS} jaar vanaf de ondertekening. De partijen evalueren de "
            "samenwerking en het plan van aanpak ten minste eenmaal per jaar en herhalen de meting (1-meting).")]),
        Section("Ondertekening", [_signature_table(store, area_id, parties, "convenant")]),
    ]  # fmt: skip
    return _document(store, "Convenant", "Samenwerking Veilig Buitengebied", area, sections)


def declaration_docx(store: Any, area_id: int) -> bytes:
    """The declaration of intent (intentieverklaring) of ``area_id`` as DOCX bytes."""
    return docx_bytes(declaration_report(store, area_id))


def covenant_docx(store: Any, area_id: int) -> bytes:
    """The covenant of ``area_id`` as DOCX bytes; refused (``StoreError``) without municipality or police."""
    return docx_bytes(covenant_report(store, area_id))
