"""A small document model for reports (the analysis of an area): title page data and sections of blocks.

Pure data: no database, no Streamlit. ``gis.reports.docx_writer`` and ``gis.reports.pdf_writer`` write the
same ``ReportDocument`` as DOCX and PDF. Table cells stay typed (numbers, ``None``, ``Hidden``) until a writer
formats them with ``cell_text`` (Dutch: decimal comma, thousands dot; ``None`` as "–"; hidden counts as
"<5" / "<10"). All text is user input as far as this module knows: ``clean_text`` makes it plain text
that is valid in XML and safe for a PDF (no control characters, no bidi overrides).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from numbers import Integral, Real

import pandas as pd

from gis.domain.roles import SMALL_COUNT_SUPPRESSION, SUPPRESSED
from gis.i18n import fmt_int

__all__ = [
    "HIDDEN",
    "HIDDEN_SURVEY",
    "MISSING",
    "Block",
    "Bullets",
    "Cell",
    "Figure",
    "Hidden",
    "Note",
    "Paragraph",
    "ReportDocument",
    "Section",
    "Table",
    "cell_text",
    "clean_text",
    "column_weights",
    "fmt_date_nl",
    "fmt_decimal",
]

MISSING = "–"  # en dash: a value that is not known or not applicable
MONTHS_NL: tuple[str, ...] = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                              "september", "oktober", "november", "december")  # fmt: skip
MONTHS_NL_SHORT: tuple[str, ...] = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# XML 1.0 forbids C0 controls except tab/newline/CR, and U+FFFE/U+FFFF; lone surrogates cannot be encoded.
# C1 controls and bidi overrides/isolates are valid XML but let text hide or reorder itself: dropped too.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Hidden:
    """A count hidden by disclosure control, shown as ``<threshold``: ``HIDDEN`` ("<5") for counts,
    ``HIDDEN_SURVEY`` ("<10") for survey groups with too few respondents."""

    threshold: int = SMALL_COUNT_SUPPRESSION

    def __str__(self) -> str:
        return f"<{self.threshold}"


HIDDEN = Hidden(SMALL_COUNT_SUPPRESSION)
HIDDEN_SURVEY = Hidden(10)

Cell = str | int | float | Hidden | None


def clean_text(value: object) -> str:
    """``value`` as plain text: newlines kept (CR/CRLF become LF), tabs become spaces, control characters,
    bidi overrides and characters XML cannot hold removed, ends stripped. HTML stays literal text."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def fmt_decimal(value: float, decimals: int = 1) -> str:
    """A number with a decimal comma and a thousands dot: ``fmt_decimal(1234.56)`` is ``'1.234,6'``."""
    number = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{number:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_date_nl(day: date) -> str:
    """``7 december 2026``."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, Real) and not isinstance(value, Integral):
        return not math.isfinite(float(value))
    return type(value).__name__ in ("NaTType", "NAType")


def cell_text(value: Cell, decimals: int = 1) -> str:
    """How a table cell reads: whole numbers as ``1.234``, other numbers with ``decimals`` decimals and a
    decimal comma, ``None``/NaN as "–", a ``Hidden`` count as "<5" (or its threshold), text cleaned."""
    if isinstance(value, Hidden):
        return str(value)
    if _is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Integral):
        return fmt_int(int(value))
    if isinstance(value, Real):
        return fmt_decimal(float(value), decimals)
    text = clean_text(value)
    return text or MISSING


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class Note:
    """A method or disclosure note: printed small and italic."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with a header row. ``numeric`` holds the indexes of the columns that are right-aligned (their
    cells are numbers, ``None`` or ``Hidden``, or preformatted text such as an interval). ``decimals`` is the
    number of decimals for non-whole numbers: one for all columns, or per column index (default 1)."""

    caption: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    numeric: frozenset[int] | set[int] = frozenset()
    note: str = ""
    decimals: int | Mapping[int, int] = 1

    def __post_init__(self) -> None:
        width = len(self.columns)
        if width == 0:
            raise ValueError(f"Tabel '{self.caption}': geen kolommen.")
        for i, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(f"Tabel '{self.caption}', rij {i}: {len(row)} cellen, verwacht {width}.")
        if bad := sorted(c for c in self.numeric if not 0 <= c < width):
            raise ValueError(f"Tabel '{self.caption}': numerieke kolom {bad[0]} bestaat niet (0–{width - 1}).")

    def decimals_of(self, column: int) -> int:
        return self.decimals if isinstance(self.decimals, int) else int(self.decimals.get(column, 1))

    def text_rows(self) -> list[list[str]]:
        """The cells as they read (see ``cell_text``)."""
        return [[cell_text(v, self.decimals_of(j)) for j, v in enumerate(row)] for row in self.rows]

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        caption: str,
        note: str = "",
        *,
        count_columns: Sequence[str] = (),
        decimals: int | Mapping[int, int] = 1,
    ) -> Table:
        """A table from a data frame: numeric dtypes become numeric columns; in ``count_columns`` the
        store's ``SUPPRESSED`` value becomes ``HIDDEN`` ("<5"); NaN becomes ``None``."""
        columns = [str(c) for c in frame.columns]
        numeric = {j for j, c in enumerate(frame.columns) if pd.api.types.is_numeric_dtype(frame[c])}
        hide = {j for j, c in enumerate(frame.columns) if c in set(count_columns)}
        rows: list[list[Cell]] = []
        for values in frame.itertuples(index=False, name=None):
            row: list[Cell] = []
            for j, v in enumerate(values):
                if hasattr(v, "item") and type(v).__module__ == "numpy":
                    v = v.item()
                if j in hide and isinstance(v, Real) and not _is_missing(v) and v == SUPPRESSED:
                    row.append(HIDDEN)
                else:
                    row.append(None if _is_missing(v) else v)
            rows.append(row)
        return cls(caption, columns, rows, frozenset(numeric), note, decimals)


@dataclass(frozen=True)
class Figure:
    """A PNG image with a caption, ``width_cm`` wide (narrowed to the text width when wider)."""

    caption: str
    png: bytes
    width_cm: float = 16.0


Block = Paragraph | Bullets | Table | Figure | Note


@dataclass(frozen=True)
class Section:
    """A heading (``level`` 1 or 2) and its blocks."""

    heading: str
    blocks: Sequence[Block] = ()
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in (1, 2):
            raise ValueError(f"Sectie '{self.heading}': niveau {self.level}; kies 1 of 2.")


@dataclass(frozen=True)
class ReportDocument:
    """A whole report: the title page data and the sections in order. ``is_demo`` puts a DEMO mark on the
    title page and on every page."""

    title: str
    subtitle: str
    area_name: str
    period_text: str
    generated_on: date
    is_demo: bool = False
    sections: Sequence[Section] = field(default_factory=tuple)

    @property
    def demo_text(self) -> str:
        return "DEMO – verzonnen gegevens, niet voor gebruik"

    def title_lines(self) -> list[tuple[str, str]]:
        """``(label, value)`` lines under the title on the title page."""
        return [
            ("Gebied", clean_text(self.area_name) or MISSING),
            ("Periode", clean_text(self.period_text) or MISSING),
            ("Gemaakt op", fmt_date_nl(self.generated_on)),
        ]


def column_weights(headers: list[str], rows: list[list[str]], numeric: set[int]) -> list[float]:
    """Column widths as weights (the PDF and the DOCX writer share them): by the longest text (capped), at
    least the longest header word and the longest single word of any cell (capped at 14 characters), so dates
    and statuses are not broken."""
    out = []
    for j, head in enumerate(headers):
        longest = max([len(r[j]) for r in rows] or [1])
        cell_word = max((len(w) for r in rows for w in r[j].split()), default=1)
        word = max(max((len(w) for w in head.split()), default=1), min(cell_word, 14))
        out.append(float(max(min(longest, 12 if j in numeric else 38), word, 5)))  # 5: a padded 1-letter column fits
    return out
