"""Reading one answer as survey tools and people type it: codes or labels (Dutch or English), ja/nee/yes/no/1/0,
numbers with a decimal comma or point, several choices separated by ``;`` or ``,``, Dutch and ISO dates.

Used by the file import (``gis.analysis.survey_io``) and by the interview form. Every refusal is a
``ValueError`` with a Dutch message that quotes the value; the caller adds the row and the field.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta

import pandas as pd

from gis.analysis.survey import (
    META_FIELDS,
    RESPONDENT_TYPE_LABELS,
    RESPONDENT_TYPES,
    Question,
    QuestionKind,
    Questionnaire,
    SurveyResponse,
    questionnaire_for,
)

__all__ = ["from_record", "header_key", "header_map", "is_blank", "parse_answer", "parse_area", "parse_date",
           "parse_postcode", "parse_ref", "parse_respondent_type", "quoted", "to_record"]  # fmt: skip

_YES = {"ja", "j", "yes", "y", "1", "waar", "true", "x"}
_NO = {"nee", "n", "no", "0", "onwaar", "false"}
_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:vraag\s*|q\s*)?\d{1,3}[.):]?\s+")
_POSTCODE = re.compile(r"([1-9][0-9]{3})\s*(?:[A-Za-z]{2})?")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y")
_EXCEL_EPOCH = date(1899, 12, 30)
_META_ALIASES: dict[str, tuple[str, ...]] = {
    "respondent_ref": ("respondent", "respondentnummer", "respondent id", "respondent_id", "respondentid",
                       "response id", "responseid", "id", "nummer", "ref"),
    "respondent_type": ("type", "soort", "soort respondent", "type respondent", "respondenttype", "doelgroep"),
    "gebied": ("pps-gebied", "pps gebied", "area", "area_id", "gebied_id"),
    "postcode": ("postcode4", "postcode (4 cijfers)", "pc4", "postal code", "zip"),
    "datum": ("date", "datum ingevuld", "ingevuld op", "answered_on", "invuldatum", "einddatum", "end date"),
}  # fmt: skip


def is_blank(raw: object) -> bool:
    """An empty cell: None or only white space."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def quoted(raw: object, limit: int = 60) -> str:
    """A value for a message, shortened."""
    text = raw.isoformat() if isinstance(raw, date) else str(raw)
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _key(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip().casefold()


def header_key(text: object) -> str:
    """A column header for matching: case and white space ignored, a trailing ``*``/``:`` and leading
    question numbering ("3. ", "Vraag 3: ") dropped."""
    key = _key(str(text)).strip("\"' ").rstrip("*:").strip()
    return _NUMBERING.sub("", key)


def header_map(questionnaire: Questionnaire) -> dict[str, str]:
    """Header key -> field (meta field name or question id): ids, Dutch and English question texts, aliases."""
    out: dict[str, str] = {}
    for name, text in META_FIELDS.items():
        for alias in (name, text, *_META_ALIASES[name]):
            out[header_key(alias)] = name
    for q in questionnaire.questions:
        for alias in (q.id, q.nl, q.en):
            out[header_key(alias)] = q.id
    return out


def _number(raw: object) -> float:
    if isinstance(raw, bool):
        raise ValueError(f"'{quoted(raw)}' is geen getal")
    if isinstance(raw, int | float):
        return float(raw)
    text = _key(str(raw)).replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{quoted(raw)}' is geen getal") from None


def _whole(raw: object) -> int:
    value = _number(raw)
    if value != value or value != int(value):
        raise ValueError(f"'{quoted(raw)}' is geen geheel getal")
    return int(value)


def _option_lookup(q: Question) -> dict[str, str]:
    table: dict[str, str] = {}
    for opt in q.options:
        for alias in (opt.code, opt.nl, opt.en):
            table[_key(alias)] = opt.code
    return table


def _choices(q: Question, raw: object) -> tuple[str, ...]:
    """Codes from text such as ``camera;verlichting`` or ``Camera's (ook kentekencamera's), verlichting van
    erven en wegen``: pieces between ``;``/``,`` are joined greedily so a label with a comma still matches."""
    lookup = _option_lookup(q)
    text = str(raw)
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^;,]+", text) if m.group(0).strip()]
    found: list[str] = []
    i = 0
    while i < len(spans):
        for j in range(len(spans), i, -1):
            code = lookup.get(_key(text[spans[i][0] : spans[j - 1][1]]))
            if code is not None:
                found.append(code)
                i = j
                break
        else:
            piece = text[spans[i][0] : spans[i][1]]
            raise ValueError(f"onbekend antwoord '{quoted(piece)}'; kies uit {', '.join(q.codes)}")
    return tuple(c for c in q.codes if c in found)


def parse_answer(q: Question, raw: object) -> object | None:
    """The answer value for ``q`` from a cell (None when empty); ``ValueError`` (Dutch) when unreadable.
    Ranges (scale 1-10) are checked by ``validate_response``, not here."""
    if is_blank(raw):
        return None
    kind = q.kind
    if kind is QuestionKind.JA_NEE:
        if isinstance(raw, bool):
            return raw
        key = _key(str(int(raw)) if isinstance(raw, float) and raw in (0.0, 1.0) else str(raw))
        if key in _YES:
            return True
        if key in _NO:
            return False
        raise ValueError(f"'{quoted(raw)}' is geen ja of nee (gebruik ja, nee, yes, no, 1 of 0)")
    if kind is QuestionKind.EEN_KEUZE:
        code = _option_lookup(q).get(_key(str(raw)))
        if code is None:
            raise ValueError(f"onbekend antwoord '{quoted(raw)}'; kies uit {', '.join(q.codes)}")
        return code
    if kind is QuestionKind.MEER_KEUZE:
        return _choices(q, raw) or None
    if kind in (QuestionKind.SCHAAL, QuestionKind.GETAL):
        return _whole(raw)
    text = str(raw).strip()
    return text or None


def _plain(text: str) -> str:
    """Case, spaces and accents ignored (``Agrariër`` and ``agrarier`` match)."""
    return "".join(c for c in unicodedata.normalize("NFKD", _key(text)) if not unicodedata.combining(c))


def parse_respondent_type(raw: object) -> str:
    """``agrariër``, ``bewoner`` or ``ondernemer`` from a code or a Dutch/English label (singular or plural,
    with or without the diaeresis)."""
    key = _plain(str(raw))
    for code in RESPONDENT_TYPES:
        names = {_plain(name) for name in (code, *RESPONDENT_TYPE_LABELS[code].values())}
        if key in names or key.removesuffix("s") in names:
            return code
    raise ValueError(f"onbekende soort respondent '{quoted(raw)}'; kies uit {', '.join(RESPONDENT_TYPES)}")


def parse_postcode(raw: object) -> str:
    """The 4 digits of a Dutch postcode (``7151``, ``7151 AB`` -> ``7151``; the letters are not kept)."""
    text = str(int(raw)) if isinstance(raw, float) and raw == int(raw) else str(raw)
    match = _POSTCODE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"'{quoted(raw)}' is geen postcode (4 cijfers, bijvoorbeeld 7151)")
    return match.group(1)


def parse_area(raw: object, areas: Mapping[int, str] | None) -> int:
    """A PPS area id from its number or its name (``areas``: id -> name; None accepts any number)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw == int(raw):
        number: int | None = int(raw)
    else:
        text = _key(str(raw))
        number = int(text) if text.isdigit() else None
    if number is not None and (areas is None or number in areas):
        return number
    if areas is not None:
        by_name = {_key(name): area for area, name in areas.items()}
        if _key(str(raw)) in by_name:
            return by_name[_key(str(raw))]
        known = ", ".join(sorted(areas.values())[:8])
        raise ValueError(f"onbekend PPS-gebied '{quoted(raw)}'" + (f"; bekend zijn: {known}" if known else ""))
    raise ValueError(f"'{quoted(raw)}' is geen nummer van een PPS-gebied")


def parse_date(raw: object) -> date:
    """A date from an Excel date, an Excel day number or text (``2025-03-12``, ``12-03-2025``, ``12/3/2025``;
    a time after the date is ignored)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 30000 <= raw <= 80000:  # an Excel day number (1982-2119)
            return _EXCEL_EPOCH + timedelta(days=int(raw))
        raise ValueError(f"'{quoted(raw)}' is geen datum")
    text = _key(str(raw)).split(" ")[0].split("t")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{quoted(raw)}' is geen datum (gebruik bijvoorbeeld 12-03-2025 of 2025-03-12)")


def parse_ref(raw: object) -> str:
    """A respondent reference as text (a whole number from Excel without ``.0``)."""
    if isinstance(raw, float) and raw == int(raw):
        return str(int(raw))
    return str(raw).strip()


def to_record(response: SurveyResponse) -> dict[str, object]:
    """A response as the store takes it (``add_survey_responses``): answers JSON-able (choices as lists)."""
    answers = {k: list(v) if isinstance(v, tuple) else v for k, v in response.answers.items()}
    kind = response.respondent_type
    return {"questionnaire": questionnaire_for(kind).id, "respondent_type": kind,
            "area_id": response.area_id, "postcode4": response.postcode4, "answered_on": response.answered_on,
            "answers": answers, "source": response.source, "respondent_ref": response.respondent_ref}  # fmt: skip


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def from_record(record: Mapping[str, object]) -> SurveyResponse:
    """A stored row (``survey_responses()``, answers parsed) as a response: choices back to tuples in option
    order, numbers as ints; NaN/NA area or postcode as None."""
    kind = str(record["respondent_type"])
    questionnaire = questionnaire_for(kind)
    answers: dict[str, object] = {}
    for key, value in dict(record.get("answers") or {}).items():  # type: ignore[call-overload]
        q = questionnaire.question(str(key))
        if q is not None and q.kind is QuestionKind.MEER_KEUZE and isinstance(value, list):
            value = tuple(c for c in q.codes if c in value)
        elif q is not None and q.kind in (QuestionKind.SCHAAL, QuestionKind.GETAL) and isinstance(value, float):
            value = int(value) if value == int(value) else value
        answers[str(key)] = value
    day = record.get("answered_on")
    day = day.date() if isinstance(day, datetime) else day  # pandas Timestamp is a datetime
    area, postcode, ref = record.get("area_id"), record.get("postcode4"), record.get("respondent_ref")
    return SurveyResponse(kind, None if _missing(area) else int(area), None if _missing(postcode) else str(postcode),  # type: ignore[arg-type]
                          day, answers, str(record.get("source") or "import"), str(record.get("entered_by") or ""),  # type: ignore[arg-type]
                          None if _missing(ref) else str(ref))  # fmt: skip
