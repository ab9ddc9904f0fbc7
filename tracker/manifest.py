"""The build manifest as the tracker reads it, and the scoring rules applied to an attempt. The rules match
plugins/quiz/model.py and the browser's rules.js: all or nothing per question, integer pass mark."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Section(_Frozen):
    label: str
    url: str | None


class QuestionKey(_Frozen):
    type: str
    options: list[str]
    correct: list[str]
    refs: list[str]
    # What the learner is shown after the attempt, as the build wrote it for the module page; older manifests lack it.
    explanation: str = ""
    sections: list[Section] = []


class Item(_Frozen):
    id: str
    questions: list[str]
    case: bool = False  # a case brings all its questions; older manifests do not say


class ModuleKey(_Frozen):
    id: str
    title: str
    version: str
    target_roles: list[str]
    pass_mark: int
    draw: int
    # Standalone questions and cases every attempt draws; older manifests give only the total (draw).
    draw_questions: int | None = None
    draw_cases: int | None = None
    # After a failed attempt: «etter-bestått» shows which questions were wrong and the sections, not the right options
    # or the explanations; «alltid» shows everything. Older manifests showed everything.
    review: str = "alltid"
    validity_months: int
    items: list[Item]
    questions: dict[str, QuestionKey]

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])


class Guideline(_Frozen):
    """The guideline version in force, and the roles (role ids, as a module's target roles) whose people must
    confirm having read it. A new major version asks them again; a minor one does not."""

    document_id: str = ""
    version: str
    read_confirmation_roles: list[str] = []

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])


class Manifest(_Frozen):
    format: int
    modules: list[ModuleKey]
    roles: dict[str, str] = {}  # role id -> name; older manifests lack it
    time_zone: str | None = None  # the site's time zone, in which the browser shows dates; older manifests lack it
    edition: dict[str, str] | None = (
        None  # the trust's edition the site was built as (id, name); None: the regional site
    )
    guideline: Guideline | None = None  # older manifests lack it: then there is nothing to confirm

    @property
    def role_ids(self) -> set[str]:
        """The role ids a roster may use: every role the site describes (or, in an older manifest, every
        role some module is for)."""
        return set(self.roles) or {role for m in self.modules for role in m.target_roles}

    def module(self, module_id: str) -> ModuleKey | None:
        return next((m for m in self.modules if m.id == module_id), None)


def load_manifest(path: Path, timezone: str, edition: str = "") -> Manifest:
    """The manifest for a tracker whose dates are local dates in `timezone`, or a ConfigError that says where it was
    looked for and how to make it. A site built for another time zone is refused: «Mine kurs» and the exports would
    then give one completion two dates."""
    from .settings import ConfigError, where

    how = f"Byggjer nettstaden med «make site» i prosjektmappa (han skriv var/manifest.json), eller set {where('manifest')} til der fila ligg."
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"Finn ikkje manifestfila {path}. {how}") from None
    except (PermissionError, IsADirectoryError, UnicodeDecodeError):
        raise ConfigError(
            f"Manifestfila {path} kan ikkje lesast av denne brukaren. Sjå at ho er ei fil frå bygget, og at brukaren som køyrer tenesta, har lesetilgang."
        ) from None
    try:
        manifest = Manifest.model_validate(json.loads(text))
    except (ValueError, ValidationError):
        raise ConfigError(f"Fila {path} er ikkje ei manifestfil frå bygget av nettstaden. {how}") from None
    if manifest.time_zone and manifest.time_zone != timezone:
        raise ConfigError(
            f"Nettstaden er bygd for tidssona {manifest.time_zone} (time_zone under koord/site i mkdocs.yml), men sporingstenesta "
            f"er sett til {timezone} ({where('timezone')}): set begge til same tidssone."
        )
    built = manifest.edition or {}
    built_for = built.get("id", "")
    if built_for != edition:
        site = f"utgåva til {built.get('name', built_for)} ({built_for})" if built_for else "den regionale utgåva"
        served = f"utgåva «{edition}»" if edition else "den regionale utgåva"
        raise ConfigError(
            f"Manifestet {path} er bygd for {site}, men sporingstenesta er sett opp for {served} ({where('edition')}): "
            f"byggje nettstaden for rett utgåve (make site EDITION=…), eller set {where('edition')} til utgåva som er bygd."
        )
    return manifest


class AttemptRejected(ValueError):
    """An attempt that does not fit the module it claims to be for."""


def score(module: ModuleKey, answers: dict[str, list[str]]) -> tuple[int, int, bool]:
    """(correct, total, passed) for answers to one drawn set of questions; raises AttemptRejected."""
    for question_id, chosen in answers.items():
        key = module.questions.get(question_id)
        if key is None:
            raise AttemptRejected(f"spørsmålet «{question_id}» er ikkje i modulen {module.id} {module.version}")
        if not chosen:
            raise AttemptRejected(f"spørsmålet «{question_id}» har ikkje noko svar")
        unknown = sorted(set(chosen) - set(key.options))
        if unknown:
            raise AttemptRejected(f"spørsmålet «{question_id}» har ikkje svaralternativet {', '.join(unknown)}")
        if len(set(chosen)) != len(chosen) or (key.type != "multiple" and len(chosen) > 1):
            raise AttemptRejected(
                f"spørsmålet «{question_id}» tek kvart svaralternativ éin gong, og berre eitt svar når det ikkje er fleirval"
            )
    drawn = [item for item in module.items if any(q in answers for q in item.questions)]
    for item in drawn:
        missing = [q for q in item.questions if q not in answers]
        if missing:
            raise AttemptRejected(f"oppgåva «{item.id}» er berre delvis svart på: {', '.join(missing)} manglar")
    if len(drawn) != module.draw:
        raise AttemptRejected(
            f"modulen {module.id} har {module.draw} oppgåver per forsøk, men dette forsøket svarar på {len(drawn)}"
        )
    cases = sum(item.case for item in drawn)
    if module.draw_cases is not None and cases != module.draw_cases:
        raise AttemptRejected(
            f"modulen {module.id} har {module.draw_cases} casar per forsøk, men dette forsøket svarar på {cases}"
        )
    correct = sum(is_right(module.questions[q], chosen) for q, chosen in answers.items())
    total = len(answers)
    return correct, total, correct * 100 >= module.pass_mark * total


def is_right(key: QuestionKey, chosen: list[str]) -> bool:
    """All or nothing: exactly the right options."""
    return set(chosen) == set(key.correct)


def feedback(module: ModuleKey, answers: dict[str, list[str]], passed: bool) -> dict[str, dict]:
    """What the learner is shown for each question of a scored attempt. After a failed attempt of a module whose
    review is «etter-bestått», which questions were wrong and the sections they cite, but no right option and no
    explanation: the next attempt draws from the same pool, and would otherwise test memory."""
    full = passed or module.review == "alltid"
    shown = {}
    for question_id, chosen in answers.items():
        key = module.questions[question_id]
        shown[question_id] = {
            "correct": is_right(key, chosen),
            "right": key.correct if full else None,
            "explanation": key.explanation if full else None,
            "sections": key.sections,
        }
    return shown
