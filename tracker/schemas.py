"""The API's request and response bodies. Strict: unknown fields are rejected and nothing is coerced
("80" is not a number, 1 is not a string)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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


def _bounded(max_length: int) -> type[str]:
    return Annotated[str, StringConstraints(strict=True, min_length=1, max_length=max_length), AfterValidator(_printable)]


Employee = _bounded(32)
PersonText = _bounded(120)
Key = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z][a-z0-9-]{0,63}$")]
AttemptId = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Version = Annotated[str, StringConstraints(strict=True, pattern=r"^\d{1,4}\.\d{1,4}$")]
Instant = Annotated[str, StringConstraints(strict=True, max_length=40), AfterValidator(_instant)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class LearnerIn(_Strict):
    employee: Employee
    name: PersonText
    unit: PersonText


class AttemptIn(_Strict):
    attempt_id: AttemptId = Field(description="A UUID the client chooses; sending the same attempt again stores it once")
    module: Key
    version: Version
    answers: dict[Key, Annotated[list[Key], Field(max_length=20)]] = Field(max_length=500, description="Chosen option ids per question")
    finished_at: Instant
    learner: LearnerIn | None = Field(None, description="Who took it; only in form mode (in proxy mode the proxy says who)")


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
    right: list[str] | None = Field(description="The right option ids; null after a failed attempt of a module that shows them only once passed")
    explanation: str | None = Field(description="Why, as HTML written by the site's build for the module page; null as right")
    sections: list[Section] = Field(description="The guideline sections the question cites: label, and url relative to the module page")


class AttemptResult(AttemptOut):
    feedback: dict[str, QuestionFeedback] = Field(description="Per question answered: right or wrong, the right options, the explanation")


class Learner(BaseModel):
    employee: str
    name: str
    unit: str
    listed: bool = Field(True, description="False: the login's user is not in the roster, so name and unit are not known")


class Me(BaseModel):
    mode: str
    learner: Learner | None
    attempts: list[AttemptOut]


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
