"""The API's request and response bodies. Strict: unknown fields are rejected and nothing is coerced
("80" is not a number, 1 is not a string)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .identitynumber import contains_identity_number
from .manifest import Section

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("kan ikkje innehalde kontrollteikn (som linjeskift eller tabulator)")
    if value != value.strip():
        raise ValueError("kan ikkje byrje eller slutte med mellomrom")
    return value


def _instant(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("må vere eit tidspunkt skrive etter ISO 8601, til dømes 2026-11-22T10:15:00Z") from None
    if moment.tzinfo is None:
        raise ValueError("må ha med tidssona, til dømes Z eller +01:00")
    # Checked before any arithmetic: year 1 or 9999 with an offset overflows when converted to UTC.
    if not 2000 <= moment.year <= 2999:
        raise ValueError("må vere mellom år 2000 og år 2999")
    return value


def _no_identity_number(value: str) -> str:
    # Checked in the schema, so that the refusal goes out as any other: it names the field, never the value.
    if contains_identity_number(value):
        raise ValueError(
            "ser ut til å innehalde eit fødselsnummer eller D-nummer. Skriv aldri opplysningar om pasientar her; "
            "ta bort nummeret og send meldinga på nytt. Ingenting av ho er lagra"
        )
    return value


def _lines(value: str) -> str:
    """Text written in a text box: newlines and tabs allowed, other control characters not."""
    if _CONTROL.search(value.replace("\n", "").replace("\r", "").replace("\t", "")):
        raise ValueError("kan ikkje innehalde kontrollteikn anna enn linjeskift")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("kan ikkje vere tom")
    return value


Employee = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=32), AfterValidator(_printable)]
PersonText = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=120), AfterValidator(_printable)]
Key = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z][a-z0-9-]{0,63}$")]
AttemptId = Annotated[
    str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]
Version = Annotated[str, StringConstraints(strict=True, pattern=r"^\d{1,4}\.\d{1,4}$")]
Instant = Annotated[str, StringConstraints(strict=True, max_length=40), AfterValidator(_instant)]


FeedbackStatus = Literal["ny", "handsama", "avvist"]
SitePath = Annotated[
    str,
    StringConstraints(strict=True, max_length=200, pattern=r"^[^\x00-\x20\x7f-\x9f]*$"),
    AfterValidator(_no_identity_number),
]
SectionId = Annotated[
    str,
    StringConstraints(strict=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x20\x7f-\x9f]+$"),
    AfterValidator(_no_identity_number),
]
MessageText = Annotated[
    str,
    StringConstraints(strict=True, min_length=1, max_length=2000),
    AfterValidator(_lines),
    AfterValidator(_not_blank),
    AfterValidator(_no_identity_number),
]
ReplyTo = Annotated[
    str,
    StringConstraints(strict=True, min_length=1, max_length=120),
    AfterValidator(_printable),
    AfterValidator(_no_identity_number),
]
Note = Annotated[
    str, StringConstraints(strict=True, max_length=2000), AfterValidator(_lines), AfterValidator(_no_identity_number)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class LearnerIn(_Strict):
    employee: Employee
    name: PersonText
    unit: PersonText


class AttemptIn(_Strict):
    attempt_id: AttemptId = Field(
        description="A UUID the client chooses; sending the same attempt again stores it once"
    )
    module: Key
    version: Version
    answers: dict[Key, Annotated[list[Key], Field(max_length=20)]] = Field(
        max_length=500, description="Chosen option ids per question"
    )
    finished_at: Instant
    learner: LearnerIn | None = Field(
        None, description="Who took it; only in form mode (in proxy mode the proxy says who)"
    )


class LookupIn(_Strict):
    attempt_ids: list[AttemptId] = Field(max_length=200, description="Attempt ids this browser made")


class AttemptOut(BaseModel):
    attempt_id: str
    module: str
    version: str
    correct: int
    total: int
    score: int
    passed: bool
    finished_at: dt.datetime
    valid_until: dt.date | None
    status: str | None = Field(description="gyldig or utgått for a passed attempt; null otherwise")


class QuestionFeedback(BaseModel):
    correct: bool
    right: list[str] | None = Field(
        description="The right option ids; null after a failed attempt of a module that shows them only once passed"
    )
    explanation: str | None = Field(
        description="Why, as HTML written by the site's build for the module page; null as right"
    )
    sections: list[Section] = Field(
        description="The guideline sections the question cites: label, and url relative to the module page"
    )


class AttemptResult(AttemptOut):
    feedback: dict[str, QuestionFeedback] = Field(
        description="Per question answered: right or wrong, the right options, the explanation"
    )


class Learner(BaseModel):
    employee: str
    name: str
    unit: str
    listed: bool = Field(
        True, description="False: the login's user is not in the roster, so name and unit are not known"
    )


class ConfirmationIn(_Strict):
    confirmation_id: AttemptId = Field(
        description="Ein UUID nettlesaren vel; same stadfesting sendt på nytt blir lagra éin gong"
    )
    version: Version = Field(
        description="Versjonen av retningslinja som er stadfesta lesen; må vere versjonen i kraft, til dømes 2.0"
    )
    confirmed_at: Instant = Field(description="Når lesaren stadfesta, ISO 8601 med tidssone")
    learner: LearnerIn | None = Field(
        None, description="Kven som stadfestar; berre i form-modus (i proxy-modus seier innlogginga kven det er)"
    )


class ConfirmationOut(BaseModel):
    confirmation_id: str = Field(
        description="Id-en til stadfestinga som er lagra (den første, om personen har stadfesta versjonen før)"
    )
    employee: str = Field(description="Tilsettnummeret")
    version: str = Field(description="Versjonen av retningslinja som er stadfesta")
    confirmed_at: dt.datetime = Field(description="Når, i lokal tid med tidssone")
    edition_name: str | None = Field(description="Namnet på utgåva til helseføretaket; null for den regionale")


class ConfirmationLookupIn(_Strict):
    confirmation_ids: list[AttemptId] = Field(
        max_length=200, description="Id-ane til stadfestingane denne nettlesaren har laga"
    )


class ConfirmationFound(BaseModel):
    confirmation_id: str = Field(description="Id-en nettlesaren laga")
    version: str = Field(description="Versjonen av retningslinja som er stadfesta")
    confirmed_at: dt.datetime = Field(description="Når, i lokal tid med tidssone")


class Confirmed(BaseModel):
    version: str = Field(description="Versjonen personen stadfesta (same hovudversjon som den i kraft)")
    confirmed_at: dt.datetime = Field(description="Når, i lokal tid med tidssone")


class ReadConfirmation(BaseModel):
    version_in_force: str = Field(description="Versjonen av retningslinja som er i kraft")
    must_confirm: bool = Field(
        description="Om rollene til personen i personallista er blant dei som skal stadfeste (same om han har gjort det)"
    )
    confirmed: Confirmed | None = Field(
        description="Den nyaste stadfestinga av same hovudversjon som den i kraft; null når personen ikkje har stadfesta han"
    )


class Me(BaseModel):
    mode: str
    learner: Learner | None
    attempts: list[AttemptOut]
    read_confirmation: ReadConfirmation | None = Field(
        None,
        description="Lesestadfestinga av retningslinja (berre i proxy-modus, og når nettstaden har ei retningslinje)",
    )


class Lookup(BaseModel):
    attempts: list[AttemptOut]


class Missing(BaseModel):
    employee: str
    name: str
    status: str
    valid_until: dt.date | None


class ComplianceRow(BaseModel):
    unit: str
    module: str
    module_title: str
    required: int = Field(description="People in the roster whose roles the module is for")
    valid: int = Field(description="Of them, how many hold a valid completion")
    expiring: list[Missing] = Field(description="Valid, but the completion ends within 60 days")
    missing: list[Missing] = Field(description="No valid completion: utgått or manglar")


class FeedbackIn(_Strict):
    feedback_id: AttemptId = Field(
        description="Ein UUID nettlesaren vel; same melding sendt på nytt blir lagra éin gong"
    )
    page: SitePath = Field(
        description="Sida meldinga gjeld, som adresse på nettstaden, til dømes retningslinje/oppnemning/"
    )
    section: SectionId | None = Field(
        None, description="Id-en til bolken på sida meldinga gjeld, eller null for heile sida"
    )
    guideline_version: Version | None = Field(
        None, description="Versjonen av retningslinja lesaren såg, eller null utanfor retningslinja"
    )
    text: MessageText = Field(
        description="Kva som er feil eller uklart, 1–2000 teikn, linjeskift er lov; aldri opplysningar om pasientar"
    )
    reply_to: ReplyTo | None = Field(
        None, description="Kven redaktørane kan svare, til dømes ei e-postadresse, eller null"
    )
    sent_at: Instant = Field(description="Når lesaren sende meldinga, ISO 8601 med tidssone")


class FeedbackReceived(BaseModel):
    feedback_id: str = Field(description="Id-en til meldinga")
    received_at: dt.datetime = Field(
        description="Når sporingstenesta tok imot ho første gong, i lokal tid med tidssone"
    )


class FeedbackChangeIn(_Strict):
    status: FeedbackStatus = Field(description="ny, handsama eller avvist")
    note: Note = Field(description="Notatet til redaktørane, høgst 2000 teikn; tom tekst tek bort notatet")


class FeedbackChange(BaseModel):
    status: str = Field(description="Statusen etter endringa")
    note: str = Field(description="Notatet etter endringa")
    by: str = Field(description="Kven som endra (brukaren på intranettet, eller admin-token)")
    at: dt.datetime = Field(description="Når, i lokal tid med tidssone")


class FeedbackItem(BaseModel):
    feedback_id: str = Field(description="Id-en til meldinga")
    page: str = Field(description="Sida meldinga gjeld")
    section: str | None = Field(description="Bolken på sida, eller null")
    guideline_version: str | None = Field(description="Versjonen av retningslinja lesaren såg, eller null")
    text: str = Field(description="Teksten slik lesaren skreiv han (sida må vise han som tekst, ikkje HTML)")
    reply_to: str | None = Field(description="Kven redaktørane kan svare, eller null")
    sender: str = Field(
        description="Kven som sende: brukaren på intranettet, eller i form-modus adressa meldinga kom frå"
    )
    received_at: dt.datetime = Field(description="Når meldinga kom, i lokal tid med tidssone")
    status: FeedbackStatus = Field(description="ny, handsama eller avvist")
    note: str = Field(description="Notatet til redaktørane")
    changes: list[FeedbackChange] = Field(description="Kvar endring av status og notat, den eldste først")


class NotConfirmed(BaseModel):
    employee: str = Field(description="Tilsettnummeret")
    name: str = Field(description="Namnet")


class ConfirmationRow(BaseModel):
    unit: str = Field(description="Eininga")
    must_confirm: int = Field(description="Kor mange i eininga som skal stadfeste at dei har lese versjonen i kraft")
    confirmed: int = Field(description="Kor mange av dei som har stadfesta han (same hovudversjon)")
    missing: list[NotConfirmed] = Field(description="Dei som ikkje har stadfesta, etter namn")


class ModuleRef(BaseModel):
    id: str
    title: str


class Scope(BaseModel):
    who: str
    admin: bool
    units: list[str]
    modules: list[ModuleRef]


class Units(BaseModel):
    units: list[str]


class Unlisted(BaseModel):
    employee: str
    name: str
    attempts: int
    last: dt.datetime


class Health(BaseModel):
    status: str
    modules: int
    database: str


class StatsFlag(BaseModel):
    code: str = Field(
        description="for-lett, for-vanskeleg, negativ-diskriminering, svak-diskriminering, ubrukt-alternativ or lokkande-alternativ"
    )
    reason: str = Field(description="What to look at and why, in words for the editor")


class StatsOption(BaseModel):
    id: str
    right: bool = Field(description="Part of the key")
    share: float | None = Field(
        description="Share of the attempts that drew the question and chose this option; null below the minimum"
    )


class StatsQuestion(BaseModel):
    id: str
    type: str
    case: str | None = Field(description="The case the question belongs to, if any")
    refs: list[str] = Field(description="The guideline sections it cites")
    drawn: int | None = Field(
        description="Counted attempts that drew it; null below the minimum (then no figure at all)"
    )
    facility: float | None = Field(description="Share of those attempts that answered it right")
    discrimination: float | None = Field(
        description="Point-biserial correlation with the rest of the score (corrected item–total); "
        "null where everyone (or no one) answered it right"
    )
    options: list[StatsOption]
    flags: list[StatsFlag]


class StatsSection(BaseModel):
    id: str
    label: str
    url: str | None = Field(
        description="Relative to the module's page, which is as deep as the editors' statistics page"
    )
    questions: int = Field(description="Questions of this version that cite it")
    answers: int | None = Field(
        description="Answers to those questions by the counted attempts; null unless one of the questions has the "
        "minimum number of attempts behind it"
    )
    share_right: float | None = Field(description="Share right of those answers")


class StatsVersion(BaseModel):
    version: str
    current: bool = Field(
        description="The version the manifest describes: the questions and sections are this version's"
    )
    attempts: int | None = Field(description="Counted attempts; null (and no figure) below the minimum")
    with_items: int | None = Field(
        description="Of them, attempts with stored items (attempts from before the items were stored have none)"
    )
    pass_rate: float | None
    mean_score: float | None = Field(description="Mean score in per cent")
    alpha: float | None = Field(description="Cronbach's alpha as KR-20, over the attempts with items")


class StatsThresholds(BaseModel):
    minimum: int = Field(
        description="No figure for a module version, question or section with fewer attempts behind it"
    )
    too_easy: float = Field(description="Facility above this is flagged as too easy")
    too_hard: float = Field(description="Facility below this is flagged as too hard")
    weak: float = Field(description="Discrimination below this is flagged as weak (below 0: negative)")


class ItemStats(BaseModel):
    module: str
    title: str
    attempts: Literal["first", "all"] = Field(
        description="first: each person's first attempt at a version; all: every attempt"
    )
    thresholds: StatsThresholds
    versions: list[StatsVersion] = Field(description="Newest first")
    questions: list[StatsQuestion] = Field(description="The current version's questions, in the module's order")
    sections: list[StatsSection] = Field(
        description="The sections the current version cites, lowest share right first, those below the minimum last"
    )


class StatsModule(BaseModel):
    id: str
    title: str
    version: str = Field(description="The version the manifest describes")


class StatsScope(BaseModel):
    who: str
    admin: bool = Field(description="True for the admin token, false for a member of the editors' group")
    modules: list[StatsModule]
