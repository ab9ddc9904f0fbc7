"""Item statistics for editors, as classical test theory and Moodle's quiz statistics define them, tied back to the
guideline sections the questions cite: which questions are too easy or too hard, which may have a doubtful key,
and which sections staff misunderstand.

Computed in the database: two grouped queries over the module's attempts and their items, whose results are a
few rows per question, so that memory does not grow with the number of attempts. No name, employee number or unit
is read, and no figure is given for a module version, question or section with fewer than MIN_ATTEMPTS attempts
behind it.

Which attempts count: each person's first attempt at the module version (by default), or every attempt. Attempts
stored before their items were (migration 0002) count for the module's pass rate and mean score, never for an
item figure; a person whose first attempt has no items is left out of the item figures rather than represented by
a retake. Items are drawn per attempt, so each question's figures use the attempts that drew it.

- facility: the share of those attempts that answered the question right (all or nothing, each question of a
  case on its own).
- discrimination: the corrected item–total correlation, the point-biserial correlation between the question
  (right 1, wrong 0) and the rest of the attempt's score (the number right on its other questions).
- Cronbach's alpha as KR-20: k/(k-1) · (1 - Σpq / s²), with k the scored questions per attempt, s² the variance of
  the number right, and Σpq the p·q of the questions each attempt drew (p its facility), summed per attempt and
  averaged over the attempts. When every attempt answers the same questions that is KR-20 exactly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine, case, exists, func, select

from .db import attempt_items, attempts
from .manifest import ModuleKey

AttemptsRule = Literal["first", "all"]
MIN_ATTEMPTS = 10  # below this, no figure: too few to tell anything, and too close to single people
# The flags' thresholds (the editors' guide gives the reasons).
TOO_EASY = 0.95  # facility above this
TOO_HARD = 0.40  # facility below this
WEAK = 0.20  # discrimination below this (and negative below 0)


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str


@dataclass
class Option:
    id: str
    right: bool
    share: float | None = None


@dataclass
class Question:
    id: str
    type: str
    case: str | None
    refs: list[str]
    drawn: int | None = None
    facility: float | None = None
    discrimination: float | None = None
    options: list[Option] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Section:
    id: str
    label: str
    url: str | None
    questions: int
    answers: int | None = None  # answers to the questions citing it, by the counted attempts
    share_right: float | None = None


@dataclass
class Version:
    version: str
    current: bool
    attempts: int | None = None
    with_items: int | None = None
    pass_rate: float | None = None
    mean_score: float | None = None
    alpha: float | None = None


@dataclass
class Report:
    module: ModuleKey
    rule: AttemptsRule
    versions: list[Version]
    questions: list[Question]
    sections: list[Section]


@dataclass
class _Sums:
    """Per question, over the counted attempts that drew it: n attempts, r right, Σ number right of the attempt
    (all, and of those that got this question right), Σ its square; and how often each option was chosen."""

    n: int = 0
    r: int = 0
    total: int = 0
    total_right: int = 0
    squares: int = 0
    chosen: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _counted(module_id: str, rule: AttemptsRule):
    """The attempts that count, per version: every one, or each person's first (by finish time, then id)."""
    a = attempts.c
    columns = [a.attempt_id, a.module_version, a.correct, a.total, a.score, a.passed]
    if rule == "all":
        return select(*columns).where(a.module_id == module_id).cte("counted")
    order = func.row_number().over(partition_by=(a.module_version, a.employee), order_by=(a.finished_at, a.attempt_id))
    ranked = select(*columns, order.label("n")).where(a.module_id == module_id).subquery("ranked")
    return select(*[ranked.c[c.name] for c in columns]).where(ranked.c.n == 1).cte("counted")


def compute(engine: Engine, module: ModuleKey, rule: AttemptsRule = "first") -> Report:
    """The statistics of every version of `module` that has attempts, and the question and section figures of the
    version the manifest describes (the only one whose questions, key and sections the tracker knows)."""
    counted = _counted(module.id, rule)
    c, i = counted.c, attempt_items.c
    has_items = exists().where(i.attempt_id == c.attempt_id)
    one = lambda condition: func.sum(case((condition, 1), else_=0))  # noqa: E731 - a count of rows where condition holds
    per_version = select(
        c.module_version,
        func.count(),
        one(c.passed),
        func.sum(c.score),
        one(has_items),
        func.sum(case((has_items, c.correct), else_=0)),
        func.sum(case((has_items, c.correct * c.correct), else_=0)),
        func.sum(case((has_items, c.total), else_=0)),
    ).group_by(c.module_version)
    per_answer = (
        select(
            c.module_version,
            i.question_id,
            i.chosen,
            i.is_right,
            func.count(),
            func.sum(c.correct),
            func.sum(c.correct * c.correct),
        )
        .select_from(counted.join(attempt_items, i.attempt_id == c.attempt_id))
        .group_by(c.module_version, i.question_id, i.chosen, i.is_right)
    )
    with engine.connect() as conn:
        versions = conn.execute(per_version).all()
        answers = conn.execute(per_answer).all()

    sums: dict[str, dict[str, _Sums]] = defaultdict(lambda: defaultdict(_Sums))
    for version, question, chosen, right, n, total, squares in answers:
        s = sums[version][question]
        s.n += n
        s.total += total
        s.squares += squares
        if right:
            s.r += n
            s.total_right += total
        for option in chosen.split():
            s.chosen[option] += n

    report_versions = []
    for version, count, passed, scores, with_items, total, squares, questions in sorted(
        versions, key=lambda row: _version_key(row[0]), reverse=True
    ):
        v = Version(version, version == module.version)
        if count >= MIN_ATTEMPTS:
            v.attempts, v.with_items = count, with_items
            v.pass_rate, v.mean_score = passed / count, scores / count
            if with_items >= MIN_ATTEMPTS:
                v.alpha = _kr20(with_items, total, squares, questions / with_items, sums[version].values())
        report_versions.append(v)
    if not any(v.current for v in report_versions):
        report_versions.insert(0, Version(module.version, True))
    current = sums.get(module.version, {})
    return Report(module, rule, report_versions, _questions(module, current), _sections(module, current))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _kr20(attempts_with_items: int, total: int, squares: int, k: float, questions) -> float | None:
    """KR-20 over the attempts with items (see the module's docstring); None where it is not defined."""
    n = attempts_with_items
    variance = squares / n - (total / n) ** 2
    item_variance = sum(s.r * (s.n - s.r) / s.n for s in questions if s.n) / n
    if k < 2 or variance <= 1e-12:
        return None
    return k / (k - 1) * (1 - item_variance / variance)


def _discrimination(s: _Sums) -> float | None:
    """Pearson's r between right (1/0) and the rest score R = total - right, from the sums alone."""
    n, r = s.n, s.r
    rest = s.total - r  # Σ R
    rest_squares = s.squares - 2 * s.total_right + r  # Σ (total - x)² with x² = x
    cross = s.total_right - r  # Σ x·R
    spread = (n * r - r * r) * (n * rest_squares - rest * rest)
    if spread <= 0:
        return None  # everyone right, everyone wrong, or the rest score the same for all
    return (n * cross - r * rest) / math.sqrt(spread)


def _questions(module: ModuleKey, sums: dict[str, _Sums]) -> list[Question]:
    case_of = {q: item.id for item in module.items if item.case for q in item.questions}
    shown = []
    for question_id, key in module.questions.items():
        q = Question(
            question_id,
            key.type,
            case_of.get(question_id),
            list(key.refs),
            options=[Option(o, o in key.correct) for o in key.options],
        )
        s = sums.get(question_id)
        if s is not None and s.n >= MIN_ATTEMPTS:
            q.drawn, q.facility, q.discrimination = s.n, s.r / s.n, _discrimination(s)
            for option in q.options:
                option.share = s.chosen.get(option.id, 0) / s.n
            q.flags = flags(q)
        shown.append(q)
    return shown


def _percent(share: float) -> str:
    """With one decimal, so that a share just under a threshold is never shown as the threshold itself."""
    return f"{share * 100:.1f}".replace(".", ",").replace(",0", "") + " %"


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",").replace("-", "−")


def _share(option: Option) -> float:
    assert option.share is not None, "shares are set with the facility, from enough attempts"
    return option.share


def flags(q: Question) -> list[Flag]:
    """What an editor should look at, with the reason in words. Only for a question with enough attempts to have
    a facility and shares."""
    assert q.facility is not None, "flags are judged from enough attempts"
    found = []
    if q.facility > TOO_EASY:
        found.append(
            Flag(
                "for-lett",
                f"For lett: {_percent(q.facility)} svarar rett (over {_percent(TOO_EASY)}). "
                "Spørsmålet skil ikkje mellom dei som kan stoffet og dei som ikkje kan det.",
            )
        )
    if q.facility < TOO_HARD:
        found.append(
            Flag(
                "for-vanskeleg",
                f"For vanskeleg: berre {_percent(q.facility)} svarar rett (under {_percent(TOO_HARD)}). "
                "Sjå om spørsmålet er uklart, om fasiten er rett, og om retningslinja seier dette tydeleg.",
            )
        )
    if q.discrimination is not None and q.discrimination < 0:
        found.append(
            Flag(
                "negativ-diskriminering",
                f"Negativ diskriminering ({_decimal(q.discrimination)}): dei som gjer det godt på resten "
                "av modulen, svarar oftare feil her enn dei andre. Sjå etter feil i fasiten.",
            )
        )
    elif q.discrimination is not None and q.discrimination < WEAK:
        found.append(
            Flag(
                "svak-diskriminering",
                f"Svak diskriminering ({_decimal(q.discrimination)}, under {_decimal(WEAK)}): svaret "
                "heng lite saman med resten av modulen. Sjå etter uklar tekst eller feil i fasiten.",
            )
        )
    right = [o for o in q.options if o.right]
    least_right = min(right, key=_share) if right else None
    for option in q.options:
        if option.right:
            continue
        if _share(option) == 0:
            found.append(
                Flag(
                    "ubrukt-alternativ",
                    f"Ingen vel alternativ {option.id}: det lokkar ikkje nokon. "
                    "Byt det ut med eit som svarar til ei vanleg misforståing.",
                )
            )
        elif least_right is not None and _share(option) > _share(least_right):
            found.append(
                Flag(
                    "lokkande-alternativ",
                    f"Alternativ {option.id} er feil, men blir valt oftare ({_percent(_share(option))}) enn "
                    f"det rette alternativet {least_right.id} ({_percent(_share(least_right))}). "
                    "Sjå om fasiten er rett, eller om teksten leier lesaren feil.",
                )
            )
    return found


def _sections(module: ModuleKey, sums: dict[str, _Sums]) -> list[Section]:
    """Every section the version's questions cite, the lowest share right first, those with too few at the end.

    A section's figure is given when at least one question citing it has MIN_ATTEMPTS attempts behind it, so that
    at least that many attempts are behind the section: counting the distinct attempts behind each section would
    take a pass over every item for a rule this one keeps."""
    found: dict[str, Section] = {}
    answers: dict[str, list[_Sums]] = defaultdict(list)
    for question_id, key in module.questions.items():
        for n, ref in enumerate(key.refs):
            if ref not in found:
                named = key.sections[n] if n < len(key.sections) else None
                found[ref] = Section(ref, named.label if named else ref, named.url if named else None, 0)
            found[ref].questions += 1
            if question_id in sums:
                answers[ref].append(sums[question_id])
    for section in found.values():
        cited = answers[section.id]
        if cited and max(s.n for s in cited) >= MIN_ATTEMPTS:
            section.answers = sum(s.n for s in cited)
            section.share_right = sum(s.r for s in cited) / section.answers
    return sorted(found.values(), key=lambda s: (s.share_right is None, s.share_right or 0, s.label))
