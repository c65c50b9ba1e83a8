"""The clean-up cost application pack for one drug-waste dumping ("aanvraag vergoeding opruimkosten
drugsafval", the provinces' scheme run by BIJ12): a summary PDF, the attachments and the data as CSV, zipped.

All record, history and attachment text is user input and is written as plain text (no HTML, no markdown).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import matplotlib
import pandas as pd
from fontTools.ttLib import TTFont
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from PIL import Image

from gis.io.attachments import ATTACHMENT_KINDS, Attachment, size_text
from gis.io.csv_export import to_csv_bytes
from gis.io.dossier_fields import (
    MISSING,
    NL_TZ,
    NOTES,
    csv_rows,
    display_sections,
    format_value,
    history_note,
    missing_for_application,
    plain_text,
)
from gis.io.dossier_photos import PackPhoto, photo_paths, thumbnail

TITLE = "Aanvraag vergoeding opruimkosten drugsafval"
SCHEME = "Provinciale regeling drugsafval (uitgevoerd door BIJ12)"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT, FONT_BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
_FAMILY = "DejaVu"
_ACCENT, _GREY, _LIGHT = (31, 78, 121), (90, 90, 90), (236, 241, 246)
_LABEL_STYLE = FontFace(emphasis="BOLD", color=_GREY)
_HEAD_STYLE = FontFace(emphasis="BOLD", fill_color=_LIGHT)
CELL_MAX = 400  # characters in one table cell; longer text is printed in full under the table


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    """Code points the regular font can draw; anything else becomes '?' (fpdf2 would draw an empty box)."""
    with TTFont(str(FONT), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _pdf_text(value: object) -> str:
    glyphs = _glyphs()
    return "".join(c if c == "\n" or ord(c) in glyphs else "?" for c in plain_text(value))


def _cell(value: object, kind: str = "text") -> str:
    return _pdf_text(format_value(value, kind))


def attachment_paths(attachments: Sequence[Attachment]) -> list[tuple[str, Attachment]]:
    """``('bijlagen/<kind>_<n>_<name>', attachment)`` in a fixed order: by kind as in ``ATTACHMENT_KINDS``,
    then as given; ``n`` counts from 1 per kind."""
    order = list(ATTACHMENT_KINDS)
    out: list[tuple[str, Attachment]] = []
    counts: dict[str, int] = {}
    for att in sorted(attachments, key=lambda a: order.index(a.kind)):
        counts[att.kind] = counts.get(att.kind, 0) + 1
        out.append((f"bijlagen/{att.kind}_{counts[att.kind]}_{att.name}", att))
    return out


def _id_text(record: Mapping[str, object]) -> str:
    text = format_value(record.get("id"), "text")
    return "onbekend" if text == MISSING else text


class A4FooterPDF(FPDF):
    """A4 with DejaVu Sans (Unicode: ë, €) and a footer with ``footer_text`` and "Pagina N van M" (the dossier,
    the printable survey questionnaires)."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font(_FAMILY, "", str(FONT))
        self.add_font(_FAMILY, "B", str(FONT_BOLD))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FAMILY, size=7.5)
        self.set_text_color(*_GREY)
        self.cell(self.epw * 0.8, 5, self.footer_text)
        self.cell(self.epw * 0.2, 5, f"Pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _heading(pdf: FPDF, text: str, space_needed: float = 30) -> None:
    """A section heading; starts a new page when fewer than ``space_needed`` mm are left for the content."""
    if pdf.get_y() + space_needed > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(_FAMILY, "B", 11.5)
    pdf.set_text_color(*_ACCENT)
    pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*_ACCENT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(180, 180, 180)
    pdf.ln(1.5)
    pdf.set_font(_FAMILY, size=9)


def _fit(text: str, where: str, overflow: list[tuple[str, str]]) -> str:
    """Table cells hold at most ``CELL_MAX`` characters (a row must fit on one page); longer text is cut
    with a reference ``[n]`` and kept whole in ``overflow`` for printing under the table."""
    if len(text) <= CELL_MAX:
        return text
    overflow.append((f"[{len(overflow) + 1}] {where}", text))
    return f"{text[:CELL_MAX].rstrip()} … [{len(overflow)}]"


def _overflow(pdf: FPDF, overflow: Sequence[tuple[str, str]]) -> None:
    for where, text in overflow:
        pdf.ln(2)
        pdf.set_font(_FAMILY, "B", 8.5)
        pdf.cell(0, 5, where, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        _note(pdf, text)


def _key_values(pdf: FPDF, rows: Sequence[tuple[str, str]]) -> None:
    overflow: list[tuple[str, str]] = []
    with pdf.table(col_widths=(55, 119), first_row_as_headings=False, borders_layout="HORIZONTAL_LINES",
                   text_align="LEFT", line_height=5, padding=(1.2, 2)) as table:  # fmt: skip
        for label, value in rows:
            row = table.row()
            row.cell(_pdf_text(label), style=_LABEL_STYLE)
            row.cell(_fit(_pdf_text(value), _pdf_text(label), overflow))
    _overflow(pdf, overflow)


def _grid(pdf: FPDF, title: str, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
          empty: str) -> None:  # fmt: skip
    """A section with a table (or ``empty`` when there are no rows); the heading stays with the first row."""
    lines = 1.0  # of the first row; DejaVu Sans at 9 pt is about 1.75 mm per character
    if rows:
        cells = zip(rows[0], widths, strict=True)
        lines = max(min(len(_pdf_text(v)), CELL_MAX) / max(w / 1.75 - 2, 1) for v, w in cells)
    _heading(pdf, title, 22 + 4.6 * (math.ceil(lines) + 1))
    if not rows:
        _note(pdf, empty)
        return
    overflow: list[tuple[str, str]] = []
    with pdf.table(col_widths=widths, headings_style=_HEAD_STYLE, borders_layout="HORIZONTAL_LINES",
                   text_align="LEFT", line_height=4.6, padding=(1.2, 1.5)) as table:  # fmt: skip
        table.row(list(headings))
        for i, values in enumerate(rows, start=1):
            table.row([_fit(_pdf_text(v), f"{headings[j]}, regel {i}", overflow) for j, v in enumerate(values)])
    _overflow(pdf, overflow)


def _note(pdf: FPDF, text: str) -> None:
    pdf.set_font(_FAMILY, size=9)
    pdf.multi_cell(0, 4.8, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _header(pdf: FPDF, record: Mapping[str, object], generated_at: datetime) -> None:
    pdf.set_font(_FAMILY, "B", 16)
    pdf.set_text_color(*_ACCENT)
    pdf.multi_cell(0, 8, TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FAMILY, size=9.5)
    pdf.set_text_color(*_GREY)
    made = format_value(generated_at, "datetime")
    pdf.multi_cell(0, 5, _pdf_text(f"{SCHEME} · dumping {_id_text(record)} · gemaakt op {made}"),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_text_color(0, 0, 0)


def _history_rows(history: Sequence[Mapping[str, object]]) -> list[list[str]]:
    def moment(item: Mapping[str, object]) -> tuple[bool, str]:
        at = item.get("at")
        return (not isinstance(at, date), str(at))

    return [
        [format_value(h.get("at"), "datetime"), format_value(h.get("from_status"), "code"),
         format_value(h.get("to_status"), "code"), format_value(h.get("user"), "text"), history_note(h.get("note"))]
        for h in sorted(history, key=moment)
    ]  # fmt: skip


def _image_height(png: bytes, width: float) -> float:
    with Image.open(io.BytesIO(png)) as img:
        return width * img.height / img.width


def _maps(pdf: FPDF, pngs: Sequence[bytes]) -> None:
    """The maps at full text width, each kept whole on a page (the heading stays with the first)."""
    if not pngs:
        _heading(pdf, "Kaart", 15)
        _note(pdf, "Geen kaart meegegeven.")
        return
    for i, png in enumerate(pngs):
        height = _image_height(png, pdf.epw)
        if i == 0:
            _heading(pdf, "Kaart", height + 12)
        elif pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw, h=height)
        pdf.ln(2)


def _photos(pdf: FPDF, photos: Sequence[PackPhoto]) -> None:
    """The photo list (names in the pack, pixels, size, hash of the original) and the photos, three a row."""
    rows = [(path.removeprefix("fotos/"), f"{p.width} × {p.height}", size_text(len(p.data)), p.sha256[:12])
            for path, p in photo_paths(photos)]  # fmt: skip
    _grid(pdf, "Foto's (kopieën zonder EXIF/GPS, map fotos)", ("Bestand", "Pixels", "Grootte",
          "SHA-256 origineel (begin)"), rows, (78, 30, 22, 44), "Geen foto's.")  # fmt: skip
    gap, box_h = 4.0, 46.0
    box_w = (pdf.epw - 2 * gap) / 3
    for start in range(0, len(photos), 3):
        if pdf.get_y() + box_h + 8 > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y() + 2
        for k, (path, photo) in enumerate(photo_paths(photos)[start : start + 3]):
            w, h = box_w, box_w * photo.height / max(photo.width, 1)
            if h > box_h:
                w, h = box_h * photo.width / max(photo.height, 1), box_h
            left = pdf.l_margin + k * (box_w + gap)
            pdf.image(io.BytesIO(thumbnail(photo)), x=left + (box_w - w) / 2, y=top + box_h - h, w=w, h=h)
            pdf.set_xy(left, top + box_h + 0.8)
            pdf.set_font(_FAMILY, size=7)
            pdf.multi_cell(box_w, 3.2, _pdf_text(path.removeprefix("fotos/")), align="C", max_line_height=3.2)
        pdf.set_xy(pdf.l_margin, top + box_h + 8)
    pdf.set_font(_FAMILY, size=9)


def summary_pdf(
    record: Mapping[str, object],
    history: Sequence[Mapping[str, object]],
    attachments: Sequence[Attachment],
    map_png: bytes | None,
    generated_at: datetime,
    *,
    surroundings_png: bytes | None = None,
    photos: Sequence[PackPhoto] = (),
) -> bytes:
    """The summary PDF (A4) of one dumping for the clean-up cost application.

    Sections: record fields (with RD New and WGS84 location; codes as names), notes, a checklist of what
    the scheme asks for, the maps (``map_png`` and ``surroundings_png``, see ``gis.maps.dossier_map``),
    the status history (sorted by time, wrapped to the page), the attachments with their size and the first
    12 characters of their SHA-256, and the photos (stripped copies). Missing values show as "—";
    characters the font lacks show as "?".
    """
    dumping = _id_text(record)
    pdf = A4FooterPDF(_pdf_text(f"Veilig Buitengebied · dossier dumping {dumping} · {TITLE.lower()}"))
    pdf.set_title(_pdf_text(f"{TITLE} – dumping {dumping}"))
    pdf.set_author("Veilig Buitengebied")
    pdf.set_creator("Veilig Buitengebied")
    pdf.set_lang("nl")
    pdf.set_creation_date(generated_at if generated_at.tzinfo else generated_at.replace(tzinfo=NL_TZ))
    pdf.add_page()
    _header(pdf, record, generated_at)
    for title, rows in display_sections(record):
        _heading(pdf, title)
        _key_values(pdf, rows)
    _heading(pdf, NOTES.label, 20)
    _note(pdf, _cell(record.get(NOTES.key)))
    missing = missing_for_application(record, attachments)
    _heading(pdf, "Volledigheid aanvraag", 20)
    _note(pdf, "Alle gevraagde gegevens en bijlagen zijn aanwezig." if not missing
          else _pdf_text("Ontbreekt nog: " + "; ".join(missing) + "."))  # fmt: skip
    _maps(pdf, [png for png in (map_png, surroundings_png) if png])
    history_heads = ("Datum", "Van", "Naar", "Door", "Toelichting")
    _grid(pdf, "Statusgeschiedenis", history_heads, _history_rows(history), (33, 24, 24, 30, 63),
          "Geen statuswijzigingen vastgelegd.")  # fmt: skip
    listed = [(a.kind_label, path.removeprefix("bijlagen/"), size_text(a.size), a.sha256[:12])
              for path, a in attachment_paths(attachments)]  # fmt: skip
    _grid(pdf, "Bijlagen", ("Soort", "Bestand (map bijlagen)", "Grootte", "SHA-256 (begin)"), listed,
          (35, 81, 22, 36), "Geen bijlagen.")  # fmt: skip
    _photos(pdf, photos)
    return bytes(pdf.output())


def data_csv(record: Mapping[str, object]) -> bytes:
    """``gegevens.csv``: two columns ``veld;waarde``, UTF-8 with BOM, formula-injection guarded."""
    return to_csv_bytes(pd.DataFrame(csv_rows(record), columns=["veld", "waarde"], dtype=object))


def build_pack(
    record: Mapping[str, object],
    history: Sequence[Mapping[str, object]],
    attachments: Sequence[Attachment],
    map_png: bytes | None,
    generated_at: datetime,
    *,
    surroundings_png: bytes | None = None,
    photos: Sequence[PackPhoto] = (),
) -> bytes:
    """The application pack as ZIP bytes, in this order: ``samenvatting.pdf``, ``gegevens.csv``,
    ``kaart.png`` and ``kaart_omgeving.png`` (when given), ``fotos/foto_<n>_<name>`` (the photos as given:
    copies without metadata, see ``gis.io.dossier_photos``), then ``bijlagen/<kind>_<n>_<name>`` (see
    ``attachment_paths``).

    Entries carry ``generated_at`` as their time, so the same input gives the same listing.
    """
    pdf = summary_pdf(record, history, attachments, map_png, generated_at, surroundings_png=surroundings_png,
                      photos=photos)  # fmt: skip
    files: list[tuple[str, bytes]] = [("samenvatting.pdf", pdf), ("gegevens.csv", data_csv(record))]
    files += [(name, png) for name, png in (("kaart.png", map_png), ("kaart_omgeving.png", surroundings_png)) if png]
    files += [(path, photo.data) for path, photo in photo_paths(photos)]
    files += [(path, att.data) for path, att in attachment_paths(attachments)]
    stamp = max(generated_at.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def pack_filename(record: Mapping[str, object]) -> str:
    """``dossier_dumping_<id>_<yyyymmdd>.zip`` with the date found (``zonder-datum`` when unknown); the id
    keeps only letters, digits, ``-`` and ``_``."""
    dumping = re.sub(r"[^A-Za-z0-9_-]+", "-", _id_text(record)).strip("-") or "onbekend"
    found = record.get("found_at")
    if isinstance(found, datetime) and found.tzinfo and not pd.isna(found):
        found = found.astimezone(NL_TZ)
    day = f"{found:%Y%m%d}" if isinstance(found, date) and not pd.isna(found) else "zonder-datum"
    return f"dossier_dumping_{dumping}_{day}.zip"
