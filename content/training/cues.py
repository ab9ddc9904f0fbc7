"""Answer cues: patterns across a module's items that let a learner guess without knowing the content.

Test-writing guides (Haladyna, Downing & Rodriguez 2002) name the longest option being the key, a fixed number of
right options, and true/false statements leaning one way. Each cue is measured per module against a threshold that
the editor's guide states; below a minimum number of items a share means nothing, so the cue is not measured."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from content.memo import Stored, code, digest
from content.training.model import Module, MultipleChoice, SingleChoice, TrueFalse

# Thresholds, stated in docs/redaktor/index.md («Spørsmål som ikkje røper svaret»).
LONGEST_KEY_MAX = Fraction(1, 3)  # share of single-choice questions whose key is the longest option
LONGEST_KEY_MIN_ITEMS = 3
SAME_COUNT_MAX = Fraction(3, 5)  # share of multiple-choice questions with the most common number of right options
SAME_COUNT_MIN_ITEMS = 3
TRUE_SHARE = (Fraction(1, 3), Fraction(2, 3))  # share of true statements among true/false questions
TRUE_SHARE_MIN_ITEMS = 2
SITUATION_MIN = Fraction(1, 2)  # share of items that are a case or a question marked scenario
PHRASE_MIN_RIGHT = 3  # right options a word or phrase stands in, in none of the wrong ones, to be a cue
PHRASE_MAX_WORDS = 3
ABSOLUTE_WORDS = ("alltid", "aldri", "berre", "ingen")
ABSOLUTE_MIN_WRONG = 2  # one wrong option with «aldri» is no pattern a learner can learn; two are
# Words that carry no answer by themselves: a phrase of these alone is not a cue («kven som», «og kva»).
FUNCTION_WORDS = frozenset(
    "og eller men at som om når då der så å i på til av for frå med ved mot etter før under over utan mellom hjå "
    "er var vere vore blir vert har hadde skal skulle kan kunne må måtte vil ville bør burde ikkje òg også berre "
    "ein ei eit den det dei denne dette desse han ho du eg me vi seg sin si sitt sine hans hennar deira kven kva "
    "kvar korleis kvifor kor noko nokon alle heile slik same anna andre fleire".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*|§")


@dataclass(frozen=True)
class Cue:
    path: tuple  # where in the module file the editor should look
    message: str


# Each module's cues, kept between builds under a digest of the text it was made from (6 ms of a build at 1x content,
# 0.1 s at 10x). The version is the code that finds them and the model and loader that make the module.
_CORE = Path(__file__).parent.parent
_FOUND: Stored[list[tuple[tuple, str]]] = Stored(
    "cues", code(__file__, _CORE / "training" / "model.py", _CORE / "yamlfile.py")
)


def cues_of(text: bytes, module: Module) -> list[Cue]:
    """`find_cues(module)`, from an earlier build when `text`, the file the module was made from, has not changed."""
    return [Cue(path, message) for path, message in _FOUND.get(digest(text), _found, module)]


def _found(module: Module) -> list[tuple[tuple, str]]:
    return [(cue.path, cue.message) for cue in find_cues(module)]


def find_cues(module: Module) -> list[Cue]:
    questions = [question for question, _ in module.all_questions()]
    found = [cue for check in (_longest_key, _same_count, _true_share) if (cue := check(questions))] + _situations(
        module
    )
    return found + _phrases(questions) + _absolute_words(questions)


def _options(questions) -> tuple[list[list[str]], list[list[str]]]:
    """The words of every right option and of every wrong one (single and multiple choice: Sant and Usant say nothing)."""
    right: list[list[str]] = []
    wrong: list[list[str]] = []
    for question in questions:
        if isinstance(question, SingleChoice | MultipleChoice):
            for option in question.options:
                (right if option.correct else wrong).append(_WORD.findall(option.text.lower()))
    return right, wrong


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for n in range(1, PHRASE_MAX_WORDS + 1) for i in range(len(words) - n + 1)}


def _phrases(questions) -> list[Cue]:
    """A word or phrase that stands in at least PHRASE_MIN_RIGHT right options and in no wrong one: a learner who
    notices it picks the right option without knowing why (Haladyna et al.: «clang associations»)."""
    right, wrong = _options(questions)
    in_wrong = set().union(*(_ngrams(words) for words in wrong)) if wrong else set()
    counts: Counter = Counter(gram for words in right for gram in _ngrams(words))
    cues = {
        gram: count
        for gram, count in counts.items()
        if count >= PHRASE_MIN_RIGHT and gram not in in_wrong and not set(gram) <= FUNCTION_WORDS
    }
    # Only the longest phrase of each group: «snarast mogleg» says it, «snarast» alone adds nothing.
    longest = [
        gram
        for gram in cues
        if not any(other != gram and cues[other] == cues[gram] and _inside(gram, other) for other in cues)
    ]
    return [
        Cue(
            ("questions",),
            (
                f"«{' '.join(gram)}» står i {cues[gram]} rette alternativ og ikkje i noko gale (grensa er {PHRASE_MIN_RIGHT}): "
                "den som legg merke til det, kan velje rett utan å kunne stoffet. Bruk orda i gale alternativ òg, eller skriv dei rette om"
            ),
        )
        for gram in sorted(longest, key=lambda g: (-cues[g], g))
    ]


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _absolute_words(questions) -> list[Cue]:
    """«Alltid», «aldri», «berre», «ingen» only in wrong options teach the learner to strike every absolute option."""
    right, wrong = _options(questions)
    cues = []
    for word in ABSOLUTE_WORDS:
        in_right, in_wrong = sum(word in words for words in right), sum(word in words for words in wrong)
        if in_right == 0 and in_wrong >= ABSOLUTE_MIN_WRONG:
            cues.append(
                Cue(
                    ("questions",),
                    (
                        f"«{word}» står i {in_wrong} gale alternativ og ikkje i noko rett: den som strykar alternativ med «{word}», "
                        "finn svaret utan å kunne stoffet. Skriv dei gale alternativa utan ordet, eller bruk det der det er rett òg"
                    ),
                )
            )
    return cues


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
    return Cue(
        ("questions",),
        (
            f"det rette svaret er det lengste alternativet i {len(longest)} av {len(single)} spørsmål med eitt rett svar "
            f"({_percent(share)}, høgst {_percent(LONGEST_KEY_MAX)}): {', '.join(longest)}. "
            "Skriv dei gale alternativa like presise og lange, eller det rette kortare"
        ),
    )


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
    return Cue(
        ("questions",),
        (
            f"{times} av {len(multiple)} spørsmål med fleire rette svar har {count} rette alternativ "
            f"({_percent(share)}, høgst {_percent(SAME_COUNT_MAX)}). Varier talet på rette alternativ"
        ),
    )


def _true_share(questions) -> Cue | None:
    statements = [q for q in questions if isinstance(q, TrueFalse)]
    if len(statements) < TRUE_SHARE_MIN_ITEMS:
        return None
    true = sum(q.answer for q in statements)
    share = Fraction(true, len(statements))
    low, high = TRUE_SHARE
    if low <= share <= high:
        return None
    return Cue(
        ("questions",),
        (
            f"{true} av {len(statements)} påstandar er sanne ({_percent(share)}; mellom {_percent(low)} og {_percent(high)} "
            "skal vere sanne). Skriv om nokre påstandar slik at svaret blir det motsette"
        ),
    )


def _situations(module: Module) -> list[Cue]:
    items, situations = module.questions, module.situations()
    share = Fraction(situations, len(items))
    if share >= SITUATION_MIN:
        return []
    return [
        Cue(
            ("questions",),
            (
                f"berre {situations} av {len(items)} spørsmål er situasjonar ({_percent(share)}, minst {_percent(SITUATION_MIN)}). "
                "Skriv fleire spørsmål der deltakaren tek ei avgjerd i ein konkret situasjon (case, eller scenario: true)"
            ),
        )
    ]
