"""The learner's experience in headless Chromium, by keyboard only: register, answer, get feedback, pass,
see the receipt and the status in "Mine kurs", and keep learners on one shared PC apart."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS
from tests.keyboard import answer, focused, open_page, register, tab_to

MODULE = "kven-treng-koordinator"


def module_data(page) -> dict:
    return json.loads(page.locator("[data-quiz-module]").text_content())


def drawn_questions(page) -> list[tuple[str, bool]]:
    """The questions of this attempt, in the order shown: (id, multiple choice?)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-item]:not([hidden]) [data-question]')]
              .map(f => [f.dataset.question, f.querySelector('input').type === 'checkbox'])"""
    )


def take(page, right: bool) -> None:
    key = module_data(page)["key"]
    for question, multiple in drawn_questions(page):
        correct = key[question]
        if right:
            answer(page, question, correct, multiple)
        else:
            options = page.evaluate(f"() => [...document.querySelectorAll('#q-{question} input')].map(i => i.value)")
            wrong = [option for option in options if option not in correct][:1]
            answer(page, question, wrong, multiple)
    tab_to(page, "[data-quiz-submit]")
    page.keyboard.press("Enter")


def test_learner_passes_by_keyboard_and_sees_status_and_receipt(page):
    # A frozen clock, so that the dates below are the same at any hour the suite runs (see test_dates_browser.py).
    page.clock.set_fixed_time(dt.datetime(2026, 11, 22, 11, 0, tzinfo=dt.UTC))
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    assert page.locator("[data-learner-name]").text_content() == "Kari Nordmann"
    take(page, right=True)
    version = module_data(page)["version"]

    result = page.locator("[data-quiz-result-text]")
    assert "Du har bestått" in result.text_content()
    assert focused(page, "[data-quiz-summary]")
    total = len(module_data(page)["key"])
    assert page.locator("[data-quiz-summary-score]").text_content() == f"{total} av {total} rette – bestått (krav 80 %)."
    assert page.locator("[data-quiz-summary-wrong]").is_hidden()
    feedback = page.locator("[data-item]:not([hidden]) [data-quiz-feedback]")
    assert feedback.count() == len(module_data(page)["key"])
    for index in range(feedback.count()):
        box = feedback.nth(index)
        assert box.is_visible()
        assert box.locator("[data-quiz-verdict]").text_content() == "Rett."
        assert "/retningslinje/" in box.locator("a").first.evaluate("a => a.href")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "quiz-after-answering.png", full_page=True)

    tab_to(page, "[data-quiz-courses-link] a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/opplaering/mine-kurs/")
    page.wait_for_selector("[data-ready]", state="attached")
    today, until = dt.date(2026, 11, 22), dt.date(2028, 11, 22)
    expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_have_text(f"Bestått {today:%d.%m.%Y}, gyldig til {until:%d.%m.%Y}")
    expect(page.locator('[data-module="ordninga-og-lovgrunnlaget"] [data-status]')).to_have_text("Ikkje starta")

    tab_to(page, f'[data-module="{MODULE}"] [data-receipt-open]')
    page.keyboard.press("Enter")
    fields = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('[data-receipt] dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent]))"
    )
    assert fields["Namn"] == "Kari Nordmann"
    assert fields["Modul"] == "Kven treng koordinator?"
    assert fields["Versjon"] == version
    assert fields["Resultat"].startswith("100 %")
    assert fields["Dato"] == f"{today:%d.%m.%Y}"
    assert fields["Modul-id"] == MODULE
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", fields["Kontrollnummer"])
    # No tracker on this static site: the paper says it cannot be checked.
    assert fields["Registrering"].startswith("Ikkje stadfesta av sporingstenesta")
    page.screenshot(path=ARTIFACTS / "mine-kurs-receipt.png", full_page=True)

    tab_to(page, "[data-courses-csv]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = download.value.path().read_bytes()
    assert data.startswith("\ufeff".encode())
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 2
    header, row = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    assert header[:4] == ["Tilsettnummer", "Namn", "Eining", "Modul"]
    assert row[:5] == ["10001", "Kari Nordmann", "Medisinsk avdeling", "Kven treng koordinator?", MODULE]


def test_second_learner_on_the_same_browser_does_not_see_the_first(page):
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    take(page, right=True)
    open_page(page, "/opplaering/mine-kurs/")
    expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_have_text(re.compile("^Bestått"))

    tab_to(page, "[data-learner-logout]")
    page.keyboard.press("Enter")
    stored = page.evaluate("() => JSON.stringify({...localStorage})")
    assert "10001" not in stored and "Kari" not in stored
    register(page, "20002", "Ola Nordmann", "Kirurgisk avdeling")
    expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_have_text("Ikkje starta")
    open_page(page, "/opplaering/")
    expect(page.locator("[data-learner-name]")).to_have_text("Ola Nordmann")
    expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_have_text("Ikkje starta")


def test_a_reload_keeps_the_attempts_questions_and_option_order(page):
    open_page(page, "/opplaering/ordninga-og-lovgrunnlaget/")
    order = "() => [...document.querySelectorAll('[data-item]:not([hidden]) [data-question]')].map(f => [f.dataset.question, [...f.querySelectorAll('input')].map(i => i.value)])"
    before = page.evaluate(order)
    page.reload()
    page.wait_for_selector("[data-ready]", state="attached")
    assert page.evaluate(order) == before


def test_wrong_answers_fail_show_the_right_answer_and_allow_a_fresh_retake(page):
    open_page(page, "/opplaering/ordninga-og-lovgrunnlaget/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    first_draw = drawn_questions(page)
    assert len(first_draw) == module_data(page)["draw"] == 10
    take(page, right=False)
    assert "Du har ikkje bestått: kravet er 80 %" in page.locator("[data-quiz-result-text]").text_content()
    verdict = page.locator("[data-item]:not([hidden]) [data-quiz-verdict]").first.text_content()
    assert verdict.startswith("Feil. Rett svar: ")
    # The summary above the questions names the score and links to each wrong question; focus is on it.
    assert focused(page, "[data-quiz-summary]")
    assert "ikkje bestått (krav 80 %)" in page.locator("[data-quiz-summary-score]").text_content()
    links = page.locator("[data-quiz-summary-wrong] a")
    assert links.count() >= 3 and links.first.text_content().startswith("Spørsmål ")
    first_wrong = links.first.get_attribute("href")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("'#' + document.activeElement.id") == first_wrong
    # Each option says in words which was the learner's and which are right.
    marks = page.locator(f"{first_wrong} .quiz-mark").all_text_contents()
    assert any("ditt svar" in m for m in marks) and any("rett svar" in m for m in marks)
    assert page.locator("[data-quiz-form] input:disabled").count() > 0

    tab_to(page, "[data-quiz-retake]")
    page.keyboard.press("Enter")
    assert page.locator("[data-quiz-form] input:checked").count() == 0
    assert page.locator("[data-quiz-form] input:disabled").count() == 0
    assert not page.locator("[data-item]:not([hidden]) [data-quiz-feedback]").first.is_visible()
    # A fresh draw: 10 of 13 items in a new order; the same order again has a chance of about 1 in 10^9.
    assert drawn_questions(page) != first_draw


def test_unanswered_questions_are_named_and_focused(page):
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    first, multiple = drawn_questions(page)[0]
    answer(page, first, module_data(page)["key"][first], multiple)
    tab_to(page, "[data-quiz-submit]")
    page.keyboard.press("Enter")
    # Focus goes to the error summary at the point of submit (GOV.UK's pattern), which links to each question.
    assert focused(page, "[data-quiz-errors]")
    assert page.evaluate("document.querySelector('[data-quiz-errors]').nextElementSibling.matches('[data-quiz-submit]')")
    links = page.locator("[data-quiz-errors] a")
    assert links.first.text_content() == "Spørsmål 2: du har ikkje svart."
    assert links.count() == len(drawn_questions(page)) - 1
    second = drawn_questions(page)[1][0]
    # Each unanswered question is marked for a screen reader and in sight, with its own message.
    inputs = page.locator(f"#q-{second} input")
    assert inputs.first.get_attribute("aria-invalid") == "true"
    assert inputs.first.get_attribute("aria-describedby") == f"q-{second}-feil"
    assert page.locator(f"#q-{second}-feil").is_visible()
    assert page.locator(f"#q-{first} input").first.get_attribute("aria-invalid") is None
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page, f"#q-{second} input")
    page.keyboard.press("Space")  # answering takes the mark away
    assert inputs.first.get_attribute("aria-invalid") is None and not page.locator(f"#q-{second}-feil").is_visible()


def test_submitting_without_a_learner_asks_for_one(page):
    open_page(page, f"/opplaering/{MODULE}/")
    tab_to(page, "[data-quiz-submit]")
    page.keyboard.press("Enter")
    assert focused(page, "[data-quiz-errors]")
    assert page.locator("[data-quiz-errors] a").first.text_content().startswith("Fyll ut tilsettnummer, namn og eining")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page, "#deltakar-tilsettnummer")
    # The learner form's own check: each empty field marked, the summary above the fields.
    page.keyboard.type("10001")
    page.keyboard.press("Enter")
    assert focused(page, "[data-learner-error]"), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    assert page.locator("[data-learner-error] a").all_text_contents() == ["Fyll ut namn.", "Fyll ut eining."]
    assert page.locator("#deltakar-namn").get_attribute("aria-invalid") == "true"
    assert page.locator("#deltakar-namn").get_attribute("aria-describedby") == "deltakar-namn-feil"
    assert page.locator("#deltakar-tilsettnummer").get_attribute("aria-invalid") is None
    assert page.locator("label[for=deltakar-namn]").inner_text() == "Namn (må fyllast ut)"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("r.addMonths('2026-01-31T10:00:00Z', 1)", "2026-02-28"),
        ("r.addMonths('2024-01-31', 1)", "2024-02-29"),
        ("r.addMonths('2026-11-22', 24)", "2028-11-22"),
        ("r.hasPassed(8, 10, 80) && !r.hasPassed(7, 10, 80)", True),
        ("r.isCorrect(['b', 'a'], ['a', 'b']) && !r.isCorrect(['a'], ['a', 'b'])", True),
        ("r.status({id: 'm', version: '2.0', validityMonths: 24}, [{module: 'm', version: '1.3', passed: true, finishedAt: '2026-01-01T00:00:00Z'}], '2026-06-01').state", "expired"),
        ("r.status({id: 'm', version: '1.4', validityMonths: 24}, [{module: 'm', version: '1.3', passed: true, finishedAt: '2026-01-01T00:00:00Z'}], '2026-06-01').state", "valid"),
        ("r.status({id: 'm', version: '1.0', validityMonths: 12}, [{module: 'm', version: '1.0', passed: true, finishedAt: '2025-01-01T00:00:00Z'}], '2026-06-01').state", "expired"),
        ("r.status({id: 'm', version: '1.0', validityMonths: 12}, [{module: 'm', version: '1.0', passed: false, finishedAt: '2026-01-01T00:00:00Z'}], '2026-06-01').state", "failed"),
        ("r.draw(['a', 'b', 'c', 'd'], 2, false, () => 0.99).join()", "a,b"),
        ("r.draw(['a', 'b', 'c', 'd'], 2, false, () => 0).join()", "b,c"),
        ("c.toCsv([['=1+1', 'a;b', 'sa \"x\"', '@x', 'Ærlig', 'a,=1+1', '-2']])", "\ufeff\"'=1+1\";\"a;b\";\"sa \"\"x\"\"\";\"'@x\";\"Ærlig\";\"a,'=1+1\";\"'-2\"\r\n"),
    ],
)
def test_attempt_rules_in_the_browser(page, expression, expected):
    open_page(page, "/opplaering/")
    value = page.evaluate(
        f"""async () => {{
            const r = await import('./../assets/javascripts/quiz/rules.js');
            const c = await import('./../assets/javascripts/quiz/csv.js');
            return {expression};
        }}"""
    )
    assert value == expected
