"""The survey (enquête) of the safety analysis (step B1) as data: the farmers' and the residents' questionnaire,
one response and its validation. No database and no web code.

* Two questionnaires: ``agrariers`` (answered by farmers and by entrepreneurs, ``ondernemer``) and ``bewoners``.
  Question ids and option codes are stable identifiers (templates, imports, the store and snapshots use them);
  the Dutch and English texts may be reworded without breaking anything.
* Questions shared by both lists (feeling of safety, approached, suspicious observations, reporting, vacant
  buildings, measures) have the same id, so results can be combined over respondent types.
* ``open`` questions take free text. Free text is confidential: it never leaves the app for roles without the
  right to see it (``gis.privacy.survey``). Ask respondents not to write names in them.
* A response holds no name: ``respondent_ref`` is an opaque reference from the survey tool, at most.

Answer values in ``SurveyResponse.answers``: ``bool`` (ja/nee), ``str`` option code (one choice), ``tuple`` of
codes in the questionnaire's option order (several choices), ``int`` (scale and number), ``str`` (open text).
An unanswered question is absent from the dict.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "AGRARIERS", "BEWONERS", "META_FIELDS", "QUESTIONNAIRES", "RESPONDENT_TYPES", "RESPONDENT_TYPE_LABELS",
    "SOURCES", "Option", "Problem", "Question", "QuestionKind", "Questionnaire", "SurveyResponse",
    "format_answer", "questionnaire_for", "validate_response",
]  # fmt: skip

RESPONDENT_TYPES: tuple[str, ...] = ("agrariër", "bewoner", "ondernemer")
RESPONDENT_TYPE_LABELS: dict[str, dict[str, str]] = {
    "agrariër": {"nl": "agrariër", "en": "farmer"},
    "bewoner": {"nl": "bewoner", "en": "resident"},
    "ondernemer": {"nl": "ondernemer", "en": "entrepreneur"},
}
SOURCES: tuple[str, ...] = ("import", "interview")
META_FIELDS: dict[str, str] = {  # columns of a template/import besides the questions, with their Dutch text
    "respondent_ref": "Respondentnummer uit het enquêteprogramma (geen naam)",
    "respondent_type": "Soort respondent (agrariër, bewoner of ondernemer)",
    "gebied": "PPS-gebied",
    "postcode": "Postcode (4 cijfers)",
    "datum": "Datum van invullen",
}
EARLIEST = date(2000, 1, 1)
REF_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
POSTCODE_PATTERN = re.compile(r"[1-9][0-9]{3}")


class QuestionKind(StrEnum):
    """How a question is answered."""

    JA_NEE = "ja_nee"
    EEN_KEUZE = "een_keuze"
    MEER_KEUZE = "meer_keuze"
    SCHAAL = "schaal"  # whole numbers 1-10
    GETAL = "getal"  # a whole number between minimum and maximum
    OPEN = "open"  # free text: confidential


KIND_LABELS: dict[QuestionKind, str] = {
    QuestionKind.JA_NEE: "ja/nee",
    QuestionKind.EEN_KEUZE: "één keuze",
    QuestionKind.MEER_KEUZE: "meerdere keuzes (gescheiden door ;)",
    QuestionKind.SCHAAL: "cijfer 1 tot en met 10",
    QuestionKind.GETAL: "getal",
    QuestionKind.OPEN: "open tekst (vertrouwelijk)",
}


@dataclass(frozen=True)
class Option:
    """An answer option: a stable code and its Dutch and English label. ``exclusive`` (e.g. "niemand") may
    not be combined with other options of a several-choices question."""

    code: str
    nl: str
    en: str
    exclusive: bool = False


@dataclass(frozen=True)
class Question:
    """One question. ``only_if = (question_id, value)``: asked only when that question has that answer (then
    ``required`` applies only in that case, and an answer in the other case is a problem)."""

    id: str
    kind: QuestionKind
    nl: str
    en: str
    options: tuple[Option, ...] = ()
    required: bool = False
    only_if: tuple[str, object] | None = None
    minimum: int | None = None
    maximum: int | None = None

    @property
    def open(self) -> bool:
        """Free text: confidential, never shown to roles without the right to see open answers."""
        return self.kind is QuestionKind.OPEN

    @property
    def codes(self) -> tuple[str, ...]:
        """The option codes in order (``ja``/``nee`` for a yes/no question)."""
        return ("ja", "nee") if self.kind is QuestionKind.JA_NEE else tuple(o.code for o in self.options)

    def option(self, code: str) -> Option | None:
        """The option with ``code``, or None."""
        return next((o for o in self.options if o.code == code), None)

    def label(self, code: str, lang: str = "nl") -> str:
        """The label of an option code (``ja``/``nee`` for yes/no)."""
        if self.kind is QuestionKind.JA_NEE:
            return {"ja": ("ja", "yes"), "nee": ("nee", "no")}[code][lang == "en"]
        opt = self.option(code)
        return code if opt is None else (opt.en if lang == "en" else opt.nl)


@dataclass(frozen=True)
class Questionnaire:
    """A list of questions for some respondent types."""

    id: str
    title_nl: str
    title_en: str
    intro_nl: str
    respondent_types: tuple[str, ...]
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        """The question with ``question_id``, or None."""
        return next((q for q in self.questions if q.id == question_id), None)


def _o(code: str, nl: str, en: str, exclusive: bool = False) -> Option:
    return Option(code, nl, en, exclusive)


_J, _K, _M, _S, _G, _T = (QuestionKind.JA_NEE, QuestionKind.EEN_KEUZE, QuestionKind.MEER_KEUZE,
                          QuestionKind.SCHAAL, QuestionKind.GETAL, QuestionKind.OPEN)  # fmt: skip

_HOW = (
    _o("persoonlijk", "persoonlijk (aan de deur of op het erf)", "in person (at the door or in the yard)"),
    _o("telefoon", "telefonisch", "by phone"),
    _o("brief", "per brief of briefje", "by letter or note"),
    _o("online", "via internet, sociale media of een app", "via internet, social media or an app"),
    _o("tussenpersoon", "via een tussenpersoon of kennis", "via an intermediary or acquaintance"),
    _o("anders", "anders", "other"),
)
_OFFER_WHAT = (
    _o("schuur", "schuur of stal", "barn or shed"),
    _o("woning", "woning of bedrijfswoning", "house"),
    _o("grond", "grond of weiland", "land or pasture"),
    _o("opslag", "opslag van goederen of voertuigen", "storage of goods or vehicles"),
    _o("bedrijf", "het hele bedrijf", "the whole farm or business"),
    _o("anders", "anders", "other"),
)
_SUSPICIOUS = (
    _o("drugsafval", "gedumpte vaten, jerrycans of ander afval", "dumped drums, jerrycans or other waste"),
    _o("geur", "vreemde geur (anijs, chemisch, hennep)", "strange smell (aniseed, chemical, cannabis)"),
    _o("voertuigen", "onbekende voertuigen of bestelbusjes", "unknown vehicles or vans"),
    _o("nacht", "activiteit op vreemde tijden ('s nachts)", "activity at odd hours (at night)"),
    _o("ramen", "afgeplakte of afgeschermde ramen", "taped-up or screened windows"),
    _o("stroom", "zoemende ventilatie of opvallend stroomgebruik", "humming ventilation or unusual power use"),
    _o("leegstand", "leegstaand gebouw dat toch gebruikt wordt", "vacant building that is in use"),
    _o("anders", "anders", "other"),
)
_REPORT_WILLING = (
    _o("ja", "ja, zeker", "yes, certainly"),
    _o("waarschijnlijk", "waarschijnlijk wel", "probably"),
    _o("twijfel", "weet ik niet", "don't know"),
    _o("waarschijnlijk_niet", "waarschijnlijk niet", "probably not"),
    _o("nee", "nee", "no"),
)
_REPORT_TO = (
    _o("politie", "politie (112 of 0900-8844)", "police (112 or 0900-8844)"),
    _o("mma", "Meld Misdaad Anoniem (0800-7000)", "Meld Misdaad Anoniem (0800-7000)"),
    _o("gemeente", "gemeente of boa", "municipality or enforcement officer (boa)"),
    _o("buren", "buren of alertgroep", "neighbours or alert group"),
    _o("organisatie", "LTO of andere belangenorganisatie", "farmers' union or other organisation"),
    _o("niemand", "niemand", "nobody", exclusive=True),
)
_MEASURES = (
    _o("slagbomen", "slagbomen of afsluiting van zandpaden", "barriers on dirt roads"),
    _o("camera", "camera's (ook kentekencamera's)", "cameras (including number-plate cameras)"),
    _o("verlichting", "verlichting van erven en wegen", "lighting of yards and roads"),
    _o("alertgroep", "alertgroep of WhatsApp-buurtpreventie", "alert group or WhatsApp neighbourhood watch"),
    _o("boa_surveillance", "surveillance door boa's of politie", "patrols by enforcement officers or police"),
    _o("informatieavond", "informatieavond over ondermijning", "information evening on organised crime"),
    _o("meldpunt", "één meldpunt voor het buitengebied", "one reporting point for the countryside"),
    _o("register_leegstand", "register van leegstaande gebouwen", "register of vacant buildings"),
    _o("anders", "anders", "other"),
)
_TREND = (
    _o("veiliger", "veiliger", "safer"),
    _o("gelijk", "even veilig", "about the same"),
    _o("onveiliger", "onveiliger", "less safe"),
    _o("weet_niet", "weet ik niet", "don't know"),
)


def _common(who: str, who_en: str) -> tuple[Question, ...]:
    """The questions of both lists (``who`` names the respondent in the approach questions)."""
    return (
        Question("veiligheidsgevoel", _S, "Hoe veilig voelt u zich in het buitengebied waar u woont of werkt? "
                 "(1 = zeer onveilig, 10 = zeer veilig)", "How safe do you feel in the rural area where you live "
                 "or work? (1 = very unsafe, 10 = very safe)", required=True, minimum=1, maximum=10),
        Question("veiligheid_ontwikkeling", _K, "Is het buitengebied de afgelopen twee jaar veiliger of "
                 "onveiliger geworden?", "Has the rural area become safer or less safe in the past two years?",
                 _TREND),
        Question("benaderd", _J, f"Bent {who} de afgelopen drie jaar benaderd door criminelen, of door mensen "
                 "van wie u dat vermoedt?", f"Have {who_en} been approached by criminals (or people you suspect "
                 "to be criminals) in the past three years?", required=True),
        Question("benaderd_wijze", _M, "Hoe bent u benaderd?", "How were you approached?", _HOW, required=True,
                 only_if=("benaderd", True)),
        Question("aanbod", _J, "Heeft u de afgelopen drie jaar een opvallend aanbod gekregen om gebouwen of grond "
                 "te huren of te kopen (bijvoorbeeld contant of ver boven de marktprijs)?", "Have you had an "
                 "unusual offer to rent or buy buildings or land in the past three years (e.g. cash or far above "
                 "market price)?", required=True),
        Question("aanbod_wat", _M, "Waarop had het aanbod betrekking?", "What was the offer for?", _OFFER_WHAT,
                 required=True, only_if=("aanbod", True)),
        Question("verdacht", _J, "Heeft u het afgelopen jaar iets verdachts gezien, geroken of gehoord in uw "
                 "omgeving?", "Have you seen, smelled or heard anything suspicious near you in the past year?",
                 required=True),
        Question("verdacht_wat", _M, "Wat heeft u opgemerkt?", "What did you notice?", _SUSPICIOUS,
                 required=True, only_if=("verdacht", True)),
        Question("verdacht_toelichting", _T, "Wilt u toelichten wat u heeft opgemerkt? (noem geen namen)",
                 "Would you like to describe what you noticed? (no names, please)", only_if=("verdacht", True)),
        Question("melden_bereid", _K, "Zou u iets verdachts melden?", "Would you report something suspicious?",
                 _REPORT_WILLING, required=True),
        Question("melden_bij", _M, "Bij wie zou u het melden?", "Who would you report it to?", _REPORT_TO),
        Question("leegstand_bekend", _J, "Kent u in uw omgeving leegstaande schuren, stallen of andere "
                 "gebouwen?", "Do you know of vacant barns, sheds or other buildings near you?", required=True),
        Question("leegstand_aantal", _G, "Hoeveel leegstaande gebouwen kent u ongeveer?", "About how many vacant "
                 "buildings do you know of?", only_if=("leegstand_bekend", True), minimum=0, maximum=200),
        Question("maatregelen", _M, "Welke maatregelen zou u willen in uw gebied?", "Which measures would you "
                 "like in your area?", _MEASURES),
        Question("maatregelen_toelichting", _T, "Heeft u andere ideeën voor maatregelen?", "Do you have other "
                 "ideas for measures?"),
    )  # fmt: skip


def _farmers() -> tuple[Question, ...]:
    common = _common("u of uw bedrijf", "you or your business")
    own = Question("eigen_leegstand", _J, "Heeft u zelf gebouwen die (deels) leegstaan of niet meer voor het "
                   "bedrijf worden gebruikt?", "Do you own buildings that are (partly) vacant or no longer used "
                   "by the business?", required=True)  # fmt: skip
    at = next(i for i, q in enumerate(common) if q.id == "leegstand_aantal") + 1
    return (*common[:at], own, *common[at:], _remarks())


def _remarks() -> Question:
    return Question("opmerkingen", _T, "Wilt u verder nog iets kwijt? (noem geen namen)",
                    "Anything else you would like to tell us? (no names, please)")  # fmt: skip


AGRARIERS = Questionnaire(
    "agrariers", "Enquête veiligheid buitengebied – agrariërs en ondernemers",
    "Rural safety survey – farmers and entrepreneurs",
    "Deze vragenlijst gaat over veiligheid en ondermijning in het buitengebied. Uw antwoorden zijn vertrouwelijk: "
    "ze worden alleen samengevoegd gebruikt, groepen van minder dan 10 respondenten krijgen geen percentages. "
    "Vul geen namen in.",
    ("agrariër", "ondernemer"), _farmers(),
)  # fmt: skip
BEWONERS = Questionnaire(
    "bewoners", "Enquête veiligheid buitengebied – bewoners", "Rural safety survey – residents",
    "Deze vragenlijst gaat over veiligheid in het buitengebied waar u woont. Uw antwoorden zijn vertrouwelijk: "
    "ze worden alleen samengevoegd gebruikt, groepen van minder dan 10 respondenten krijgen geen percentages. "
    "Vul geen namen in.",
    ("bewoner",), (*_common("u of iemand uit uw huishouden", "you or anyone in your household"), _remarks()),
)  # fmt: skip
QUESTIONNAIRES: dict[str, Questionnaire] = {q.id: q for q in (AGRARIERS, BEWONERS)}


def questionnaire_for(respondent_type: str) -> Questionnaire:
    """The questionnaire a respondent type answers (``ondernemer`` answers the farmers' list)."""
    for questionnaire in QUESTIONNAIRES.values():
        if respondent_type in questionnaire.respondent_types:
            return questionnaire
    raise ValueError(f"Onbekende soort respondent '{respondent_type}'; kies uit {', '.join(RESPONDENT_TYPES)}.")


@dataclass(frozen=True)
class SurveyResponse:
    """One respondent's answers (never a name: ``respondent_ref`` is an opaque reference from a survey tool)."""

    respondent_type: str
    area_id: int | None
    postcode4: str | None
    answered_on: date
    answers: Mapping[str, object]
    source: str = "import"
    entered_by: str = ""
    respondent_ref: str | None = None


@dataclass(frozen=True)
class Problem:
    """Something wrong in a response or an import, in Dutch, naming the row (1 = the header row of a file),
    the field and the value."""

    field: str
    value: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"Rij {self.row}, " if self.row is not None else ""
        return f"{where}veld '{self.field}': {self.message}"


def _shown(value: object) -> str:
    text = format_answer(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "…"


def format_answer(value: object) -> str:
    """An answer value as text: ``ja``/``nee``, codes joined by ``;``, numbers as typed."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def _check_answer(q: Question, value: object) -> str | None:
    """Why ``value`` is not a valid answer to ``q`` (Dutch), or None."""
    kind = q.kind
    if kind is QuestionKind.JA_NEE:
        return None if isinstance(value, bool) else "een ja/nee-vraag vraagt ja of nee"
    if kind is QuestionKind.EEN_KEUZE:
        return None if value in q.codes else f"onbekende antwoordcode; kies uit {', '.join(q.codes)}"
    if kind is QuestionKind.MEER_KEUZE:
        if not isinstance(value, tuple) or not value:
            return "kies één of meer antwoordcodes"
        unknown = [v for v in value if v not in q.codes]
        if unknown:
            return f"onbekende antwoordcode '{unknown[0]}'; kies uit {', '.join(q.codes)}"
        if len(set(value)) != len(value):
            return "een antwoordcode staat er twee keer in"
        exclusive = [v for v in value if (opt := q.option(str(v))) is not None and opt.exclusive]
        if exclusive and len(value) > 1:
            return f"'{exclusive[0]}' kan niet samen met andere antwoorden gekozen worden"
        return None
    if kind in (QuestionKind.SCHAAL, QuestionKind.GETAL):
        if isinstance(value, bool) or not isinstance(value, int):
            return "vul een geheel getal in"
        low, high = q.minimum, q.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            return f"het getal moet tussen {low} en {high} liggen"
        return None
    if not isinstance(value, str) or not value.strip():
        return "vul tekst in of laat het veld leeg"
    return None if len(value) <= 2000 else "de tekst is langer dan 2000 tekens"


def validate_response(
    response: SurveyResponse,
    *,
    areas: Collection[int] | None = None,
    area_postcodes: Mapping[int, Collection[str]] | None = None,
    today: date | None = None,
) -> list[Problem]:
    """Every problem of one response, in Dutch, naming field and value; empty when it may be stored.

    ``areas`` are the known PPS area ids; ``area_postcodes`` the 4-digit postcodes of an area (a postcode
    outside its area is a problem); ``today`` bounds the date (defaults to ``date.today()``).
    """
    problems: list[Problem] = []

    def bad(name: str, value: object, message: str) -> None:
        problems.append(Problem(name, _shown(value), message))

    if response.respondent_type not in RESPONDENT_TYPES:
        kinds = ", ".join(RESPONDENT_TYPES)
        bad("respondent_type", response.respondent_type,
            f"onbekende soort respondent '{_shown(response.respondent_type)}'; kies uit {kinds}")  # fmt: skip
        return problems
    if response.source not in SOURCES:
        bad("source", response.source, f"onbekende bron '{response.source}'; kies uit import of interview")
    if response.respondent_ref is not None and not REF_PATTERN.fullmatch(response.respondent_ref):
        ref = _shown(response.respondent_ref)
        bad("respondent_ref", ref, f"respondentnummer '{ref}' mag alleen letters, cijfers en - _ . : bevatten, "
            "zonder spaties (geen naam), ten hoogste 64 tekens")  # fmt: skip
    if response.area_id is None and not response.postcode4:
        bad("gebied", "", "vul een PPS-gebied of een postcode (4 cijfers) in")
    if response.area_id is not None and areas is not None and response.area_id not in areas:
        bad("gebied", response.area_id, f"PPS-gebied '{response.area_id}' bestaat niet")
    if response.postcode4 is not None and not POSTCODE_PATTERN.fullmatch(response.postcode4):
        bad("postcode", response.postcode4, f"postcode '{_shown(response.postcode4)}' is geen postcode van 4 cijfers")
    elif response.postcode4 and response.area_id is not None and area_postcodes is not None:
        inside = area_postcodes.get(response.area_id)
        if inside is not None and response.postcode4 not in inside:
            bad("postcode", response.postcode4,
                f"postcode {response.postcode4} ligt niet in PPS-gebied '{response.area_id}'")  # fmt: skip
    day = today or date.today()
    if not isinstance(response.answered_on, date):
        bad("datum", response.answered_on, "vul een datum in")
    elif not EARLIEST <= response.answered_on <= day:
        bad("datum", response.answered_on.isoformat(),
            f"datum {response.answered_on:%d-%m-%Y} ligt in de toekomst of vóór 2000")  # fmt: skip
    questionnaire = questionnaire_for(response.respondent_type)
    for name, value in response.answers.items():
        if questionnaire.question(name) is None:
            bad(name, value, f"vraag '{name}' hoort niet bij de vragenlijst {questionnaire.id}")
    for q in questionnaire.questions:
        value = response.answers.get(q.id)
        asked = q.only_if is None or response.answers.get(q.only_if[0]) == q.only_if[1]
        if value is None:
            if q.required and asked:
                bad(q.id, "", "deze vraag is verplicht en is niet beantwoord")
            continue
        if not asked and q.only_if is not None:
            shown = format_answer(q.only_if[1])
            bad(q.id, value, f"antwoord '{_shown(value)}' hoort alleen bij '{q.only_if[0]}' = {shown}")
            continue
        why = _check_answer(q, value)
        if why is not None:
            bad(q.id, value, f"{why} (gevonden: '{_shown(value)}')")
    return problems
