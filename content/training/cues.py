"""Answer cues: patterns across a module's items that let a learner guess without knowing the content.

Test-writing guides (Haladyna, Downing & Rodriguez 2002) name the longest option being the key, a fixed number of
right options, and true/false statements leaning one way. Each cue is measured per module against a threshold that
the editor's guide states; below a minimum number of items a share means nothing, so the cue is not measured."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from content.training.model import Module, MultipleChoice, SingleChoice, TrueFalse

# Thresholds, stated in docs/redaktor/index.md («Spørsmål som ikkje røper svaret»).
LONGEST_KEY_MAX = Fraction(1, 3)  # share of single-choice questions whose key is the longest option
LONGEST_KEY_MIN_ITEMS = 3
SAME_COUNT_MAX = Fraction(3, 5)  # share of multiple-choice questions with the most common number of right options
SAME_COUNT_MIN_ITEMS = 3
TRUE_SHARE = (Fraction(1, 3), Fraction(2, 3))  # share of true statements among true/false questions
TRUE_SHARE_MIN_ITEMS = 2
SITUATION_MIN = Fraction(1, 2)  # share of items that are a case or a question marked scenario


@dataclass(frozen=True)
class Cue:
    path: tuple  # where in the module file the editor should look
    message: str


def find_cues(module: Module) -> list[Cue]:
    questions = [question for question, _ in module.all_questions()]
    return [cue for check in (_longest_key, _same_count, _true_share) if (cue := check(questions))] + _situations(module)


def _percent(share: Fraction) -> str:
    return f"{round(float(share) * 100)} %"


def _longest_key(questions) -> Cue | None:
    single = [q for q in questions if isinstance(q, SingleChoice) and len(q.options) >= 3]
    if len(single) < LONGEST_KEY_MIN_ITEMS:
        return None
    longest = [q.id for q in single if _key_is_longest(q)]
    share = Fraction(len(longest), len(single))
    if share <= LONGEST_KEY_MAX:
        return None
    return Cue(("questions",), (
        f"det rette svaret er det lengste alternativet i {len(longest)} av {len(single)} spørsmål med eitt rett svar "
        f"({_percent(share)}, høgst {_percent(LONGEST_KEY_MAX)}): {', '.join(longest)}. "
        "Skriv dei gale alternativa like presise og lange, eller det rette kortare"
    ))


def _key_is_longest(question: SingleChoice) -> bool:
    key = next(o for o in question.options if o.correct)
    return all(len(key.text) > len(o.text) for o in question.options if o is not key)


def _same_count(questions) -> Cue | None:
    multiple = [q for q in questions if isinstance(q, MultipleChoice)]
    if len(multiple) < SAME_COUNT_MIN_ITEMS:
        return None
    count, times = Counter(len(q.correct_ids()) for q in multiple).most_common(1)[0]
    share = Fraction(times, len(multiple))
    if share <= SAME_COUNT_MAX:
        return None
    return Cue(("questions",), (
        f"{times} av {len(multiple)} spørsmål med fleire rette svar har {count} rette alternativ "
        f"({_percent(share)}, høgst {_percent(SAME_COUNT_MAX)}). Varier talet på rette alternativ"
    ))


def _true_share(questions) -> Cue | None:
    statements = [q for q in questions if isinstance(q, TrueFalse)]
    if len(statements) < TRUE_SHARE_MIN_ITEMS:
        return None
    true = sum(q.answer for q in statements)
    share = Fraction(true, len(statements))
    low, high = TRUE_SHARE
    if low <= share <= high:
        return None
    return Cue(("questions",), (
        f"{true} av {len(statements)} påstandar er sanne ({_percent(share)}; mellom {_percent(low)} og {_percent(high)} "
        "skal vere sanne). Skriv om nokre påstandar slik at svaret blir det motsette"
    ))


def _situations(module: Module) -> list[Cue]:
    items, situations = module.questions, module.situations()
    share = Fraction(situations, len(items))
    if share >= SITUATION_MIN:
        return []
    return [Cue(("questions",), (
        f"berre {situations} av {len(items)} spørsmål er situasjonar ({_percent(share)}, minst {_percent(SITUATION_MIN)}). "
        "Skriv fleire spørsmål der deltakaren tek ei avgjerd i ein konkret situasjon (case, eller scenario: true)"
    ))]
