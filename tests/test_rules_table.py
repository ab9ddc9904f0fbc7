"""One table of boundary cases for each rule the browser and the tracker both apply: the pass mark, the last valid
day, and the CSV formula guard. Each case runs through the Python (the build's model and the tracker) and through
rules.js / csv.js in Chromium, so that the implementations cannot drift apart at a boundary."""

import datetime as dt

import pytest

from tests.keyboard import open_page
from tracker.csvout import _text as tracker_cell
from tracker.manifest import Item, ModuleKey, QuestionKey, score
from tracker.validity import EXPIRED, VALID, completion_status_for_day

# (correct, total, pass mark in %, passed?)
PASS_MARK = [
    (8, 10, 80, True),
    (7, 10, 80, False),
    (1, 2, 50, True),
    (0, 2, 50, False),
    (3, 4, 75, True),
    (2, 3, 67, False),
    (2, 3, 66, True),
    (10, 10, 100, True),
    (9, 10, 100, False),
    (1, 1, 1, True),
]
# (local day finished, validity in months, today, state)
VALIDITY = [
    ("2026-01-31", 1, "2026-02-28", "valid"),
    ("2026-01-31", 1, "2026-03-01", "expired"),
    ("2028-02-29", 12, "2029-02-28", "valid"),
    ("2028-02-29", 12, "2029-03-01", "expired"),
    ("2026-11-22", 24, "2028-11-22", "valid"),
    ("2026-11-22", 24, "2028-11-23", "expired"),
    ("2026-11-22", 24, "2026-11-22", "valid"),
]
# (cell, guarded?): a cell that a spreadsheet could read as a formula gets a ' in front
FORMULA = [
    ("=1+1", True),
    ("+47 55 00", True),
    ("-2", True),
    ("@SUM(A1)", True),
    ("\tx", True),
    ("\rx", True),
    ("1-2", False),
    ("a=b", False),
    ("Ærlig", False),
    ("0", False),
    ("", False),
    (" =1", False),
]


def tracker_passed(correct: int, total: int, mark: int) -> bool:
    """The tracker's own scoring, on a module of `total` one-option questions with `correct` of them answered right."""
    ids = [f"q{n}" for n in range(total)]
    module = ModuleKey(
        id="m",
        title="M",
        version="1.0",
        target_roles=["r"],
        pass_mark=mark,
        draw=total,
        validity_months=12,
        items=[Item(id=i, questions=[i]) for i in ids],
        questions={i: QuestionKey(type="single", options=["a", "b"], correct=["a"], refs=["x"]) for i in ids},
    )
    return score(module, {i: ["a" if n < correct else "b"] for n, i in enumerate(ids)})[2]


def tracker_state(day: str, months: int, today: str) -> str:
    key = ModuleKey(
        id="m",
        title="M",
        version="1.0",
        target_roles=["r"],
        pass_mark=80,
        draw=1,
        validity_months=months,
        items=[],
        questions={},
    )
    state = completion_status_for_day(dt.date.fromisoformat(day), "1.0", key, dt.date.fromisoformat(today))[1]
    return {VALID: "valid", EXPIRED: "expired"}[state]


def test_a_question_is_right_with_exactly_its_right_options():
    """All or nothing: a multiple-choice question is right only with every right option and no other."""
    module = ModuleKey(
        id="m",
        title="M",
        version="1.0",
        target_roles=["r"],
        pass_mark=100,
        draw=1,
        validity_months=12,
        items=[Item(id="q", questions=["q"])],
        questions={"q": QuestionKey(type="multiple", options=["a", "b", "c"], correct=["a", "b"], refs=["x"])},
    )
    assert score(module, {"q": ["a", "b"]})[0] == 1
    assert score(module, {"q": ["b", "a"]})[0] == 1
    assert score(module, {"q": ["a"]})[0] == 0
    assert score(module, {"q": ["a", "b", "c"]})[0] == 0


def test_python_implementations_follow_the_table():
    assert [tracker_passed(c, t, m) for c, t, m, _ in PASS_MARK] == [p for *_, p in PASS_MARK]
    assert [tracker_state(d, m, t) for d, m, t, _ in VALIDITY] == [s for *_, s in VALIDITY]
    assert [tracker_cell(c).startswith("'") for c, _ in FORMULA] == [g for _, g in FORMULA]


def test_the_browser_follows_the_same_table(page):
    open_page(page, "/opplaering/")
    found = page.evaluate(
        """async ([marks, validity, formula]) => {
            const r = await import('./../assets/javascripts/quiz/rules.js');
            const c = await import('./../assets/javascripts/quiz/csv.js');
            // A finishing instant at noon UTC is the same day in Oslo.
            const state = ([day, months, today]) => r.status({id: 'm', version: '1.0', validityMonths: months},
                [{module: 'm', version: '1.0', passed: true, finishedAt: `${day}T12:00:00Z`}], today, 'Europe/Oslo').state;
            const guarded = ([text]) => c.writeCsv(['x'], [[text]], ['text']).split('\\r\\n')[1].startsWith('"\\'');
            return [marks.map(([c, t, m]) => r.hasPassed(c, t, m)), validity.map(state), formula.map(guarded)];
        }""",
        [PASS_MARK, VALIDITY, FORMULA],
    )
    assert found == [[p for *_, p in PASS_MARK], [s for *_, s in VALIDITY], [g for _, g in FORMULA]]


def test_tracker_names_every_missing_question_of_a_case():
    from tracker.manifest import AttemptRejected

    module = ModuleKey(
        id="m",
        title="M",
        version="1.0",
        target_roles=["r"],
        pass_mark=50,
        draw=1,
        validity_months=12,
        items=[Item(id="case", questions=["a", "b", "c"])],
        questions={q: QuestionKey(type="single", options=["x"], correct=["x"], refs=["r"]) for q in "abc"},
    )
    with pytest.raises(AttemptRejected) as refused:
        score(module, {"a": ["x"]})
    assert str(refused.value) == "oppgåva «case» er berre delvis svart på: b, c manglar"
