"""The learner's experience in headless Chromium, by keyboard only: register, answer, get the tracker's feedback,
pass, see the receipt and the status in "Mine kurs", and keep learners on one shared PC apart. The site is the real
one with its tracker, as `make serve` runs them: the pages carry no answer key, the tracker scores."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, guarded_page
from tests.keyboard import answer, focused, open_page, register, tab_to
from tracker.exports import COMPLETIONS
from tracker.validity import add_months

MODULE = "kven-treng-koordinator"


@pytest.fixture
def page(browser, tracked_server):
    with guarded_page(browser, tracked_server) as page:
        yield page


def page_key(page) -> dict[str, dict[str, list[str]]]:
    """The right options of the page's module, from a page that carries the answer key (`scoring: browser`)."""
    data = module_data(page)
    return {data["id"]: {question: shown["right"] for question, shown in data["feedback"].items()}}


def yesterday_at_noon() -> dt.datetime:
    """A frozen moment for the browser that the tracker accepts (not in the future, not 90 days old), far from
    midnight in Oslo, so that the dates below are the same at any hour the suite runs."""
    return dt.datetime.combine(dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1), dt.time(11), tzinfo=dt.UTC)


def module_data(page) -> dict:
    return json.loads(page.locator("[data-quiz-module]").text_content())


def drawn_questions(page) -> list[tuple[str, bool]]:
    """The questions of this attempt, in the order shown: (id, multiple choice?)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-item]:not([hidden]) [data-question]')]
              .map(f => [f.dataset.question, f.querySelector('input').type === 'checkbox'])"""
    )


def take(page, right: bool, key: dict[str, dict[str, list[str]]]) -> None:
    """Answer every drawn question right, or each with one wrong option, and submit: by keyboard. `key` holds the
    right options per module and question."""
    key = key[module_data(page)["id"]]
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


def test_learner_passes_by_keyboard_and_sees_status_and_receipt(page, answer_key):
    now = yesterday_at_noon()
    page.clock.set_fixed_time(now)
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    assert page.locator("[data-learner-name]").text_content() == "Kari Nordmann"
    take(page, right=True, key=answer_key)
    version = module_data(page)["version"]

    result = page.locator("[data-quiz-result-text]")
    expect(result).to_contain_text("Du har bestått")
    assert focused(page, "[data-quiz-summary]")
    total = len(drawn_questions(page))
    assert (
        page.locator("[data-quiz-summary-score]").text_content() == f"{total} av {total} rette – bestått (krav 80 %)."
    )
    assert page.locator("[data-quiz-summary-wrong]").is_hidden()
    expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
    feedback = page.locator("[data-item]:not([hidden]) [data-quiz-feedback]")
    assert feedback.count() == total
    for index in range(feedback.count()):
        box = feedback.nth(index)
        assert box.is_visible()
        assert box.locator("[data-quiz-verdict]").text_content() == "Rett."
        # The tracker's explanation and the cited sections, linked from this page.
        assert len(box.locator("[data-quiz-explanation]").inner_text()) > 40
        assert "/retningslinje/" in box.locator("[data-quiz-refs] a").first.evaluate("a => a.href")
        expect(box.locator("[data-quiz-refs] a").first).to_have_attribute(
            "href", re.compile(r"^\.\./\.\./retningslinje/")
        )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "quiz-after-answering.png", full_page=True)

    tab_to(page, "[data-quiz-courses-link] a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/opplaering/mine-kurs/")
    page.wait_for_selector("[data-ready]", state="attached")
    today = now.date()
    until = add_months(today, 24)
    expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_have_text(
        f"Bestått {today:%d.%m.%Y}, gyldig til {until:%d.%m.%Y} (registrert)"
    )
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
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", fields["Kontrollnummer"]
    )
    assert fields["Registrering"] == "Registrert i sporingstenesta"
    page.screenshot(path=ARTIFACTS / "mine-kurs-receipt.png", full_page=True)

    tab_to(page, "[data-courses-csv]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = download.value.path().read_bytes()
    assert data.startswith("\ufeff".encode())
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 2
    header, row = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    # The tracker's file, from the managers' writer: their columns, identifiers kept as text, the local date.
    assert header == COMPLETIONS
    assert row[:8] == [
        "Kari Nordmann",
        '="10001"',
        "Medisinsk avdeling",
        MODULE,
        "Kven treng koordinator?",
        f'="{version}"',
        "100",
        f"{today:%d.%m.%Y}",
    ]
    assert download.value.suggested_filename == "opplaering-10001.csv"
    expect(page.locator("[data-courses-csv] + [role=status]")).to_have_text("Fila opplaering-10001.csv er lasta ned.")


def test_second_learner_on_the_same_browser_does_not_see_the_first(page, answer_key):
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    take(page, right=True, key=answer_key)
    expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har bestått")
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


def test_a_failed_attempt_shows_what_was_wrong_but_no_key_and_a_pass_shows_everything(page, answer_key, real_site):
    """A retake draws from the same pool, so after a failed attempt neither the page nor any answer from the tracker
    may hold a right option or an explanation: only which questions were wrong and the sections they cite. A pass
    shows everything."""
    manifest = json.loads((real_site.site.parent / "var" / "manifest.json").read_text(encoding="utf-8"))
    module = next(m for m in manifest["modules"] if m["id"] == "ordninga-og-lovgrunnlaget")
    explanations = [re.sub(r"<[^>]+>", "", key["explanation"]).split(".")[0] for key in module["questions"].values()]
    answers: list[str] = []
    page.on("response", lambda response: answers.append(response.text()) if "/api/" in response.url else None)
    open_page(page, "/opplaering/ordninga-og-lovgrunnlaget/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    first_draw = drawn_questions(page)
    assert len(first_draw) == module_data(page)["drawQuestions"] == module["draw_questions"] == 10
    take(page, right=False, key=answer_key)
    expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har ikkje bestått: kravet er 80 %")
    expect(page.locator("[data-quiz-result-text]")).to_contain_text("Les avsnitta som dei gale svara viser til")
    # The summary above the questions names the score and links to each wrong question; focus is on it.
    assert focused(page, "[data-quiz-summary]")
    questions = [question for question, _ in drawn_questions(page)]
    assert (
        page.locator("[data-quiz-summary-score]").text_content()
        == f"0 av {len(questions)} rette – ikkje bestått (krav 80 %)."
    )
    links = page.locator("[data-quiz-summary-wrong] a")
    assert [link.get_attribute("href") for link in links.all()] == [f"#q-{question}" for question in questions]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page, f"#q-{questions[0]}")
    # Each question says it was wrong and links to the sections it cites; no option is marked right.
    first = page.locator(f"#q-{questions[0]}")
    assert first.locator("[data-quiz-verdict]").text_content() == "Feil. Les avsnitta under og prøv igjen."
    assert first.locator("[data-quiz-refs] a").count() >= 1
    assert page.locator(".quiz-mark").count() == 0
    text = page.locator("body").inner_text()
    assert "Rett svar" not in text and not [e for e in explanations if e and e in text]
    scored = [json.loads(body) for body in answers if '"feedback"' in body]
    assert scored and all(
        f["right"] is None and f["explanation"] is None for body in scored for f in body["feedback"].values()
    )
    assert not [e for e in explanations if e and any(e in body for body in answers)]
    assert page.locator("[data-quiz-form] input:enabled").count() == 0

    tab_to(page, "[data-quiz-retake]")
    page.keyboard.press("Enter")
    assert page.locator("[data-quiz-form] input:checked").count() == 0
    assert not page.locator("[data-item]:not([hidden]) [data-quiz-feedback]").first.is_visible()
    # A fresh draw: 10 of the pool's questions in a new order; the same order again has a chance of about 1 in 10^9.
    assert drawn_questions(page) != first_draw
    take(page, right=True, key=answer_key)
    expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har bestått")
    questions = [question for question, _ in drawn_questions(page)]
    first = page.locator(f"#q-{questions[0]}")
    assert first.locator("[data-quiz-verdict]").text_content() == "Rett."
    assert first.locator("[data-quiz-explanation]").inner_text().strip()
    assert page.locator(".quiz-mark").count() >= len(questions)


def test_unanswered_questions_are_named_and_focused(page, answer_key):
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    first, multiple = drawn_questions(page)[0]
    answer(page, first, answer_key[MODULE][first], multiple)
    tab_to(page, "[data-quiz-submit]")
    page.keyboard.press("Enter")
    # Focus goes to the error summary at the point of submit (GOV.UK's pattern), which links to each question.
    assert focused(page, "[data-quiz-errors]")
    assert page.evaluate(
        "document.querySelector('[data-quiz-errors]').nextElementSibling.matches('[data-quiz-submit]')"
    )
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


def test_a_site_with_no_tracker_scores_in_the_page_and_says_the_receipt_is_unconfirmed(browser, static_server):
    """`scoring: browser`: the key is in the page, the result comes at once, and nothing can confirm it."""
    with guarded_page(browser, static_server) as page:
        open_page(page, f"/opplaering/{MODULE}/")
        register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
        take(page, right=False, key=page_key(page))
        expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har ikkje bestått")
        assert focused(page, "[data-quiz-summary]")
        expect(page.locator("[data-quiz-sync]")).to_have_text(
            "Resultatet er lagra i denne nettlesaren. Her er inga sporingsteneste som tek imot det."
        )
        # The key is in the page here, but a failed attempt shows it no more than the tracker would.
        wrong = page.locator(".quiz-question--wrong").first
        expect(wrong.locator("[data-quiz-verdict]")).to_have_text("Feil. Les avsnitta under og prøv igjen.")
        assert wrong.locator("[data-quiz-explanation]").inner_text() == ""
        page.locator("[data-quiz-retake]").focus()
        page.keyboard.press("Enter")
        take(page, right=True, key=page_key(page))
        expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har bestått")
        assert len(page.locator(".quiz-question--right [data-quiz-explanation]").first.inner_text()) > 40
        open_page(page, "/opplaering/mine-kurs/")
        tab_to(page, f'[data-module="{MODULE}"] [data-receipt-open]')
        page.keyboard.press("Enter")
        expect(page.locator('[data-receipt-field="registered"]')).to_have_text(
            re.compile("^Ikkje stadfesta av sporingstenesta")
        )
        expect(page.locator("[data-courses-kept]")).to_have_text(
            "Resultata dine blir lagra berre i denne nettlesaren. Opnar du sida i ein annan nettlesar eller på ein annan PC, startar lista tom der."
        )
        # The learner's own file, written here in the managers' dialect and columns: the pass, not the failed try.
        tab_to(page, "[data-courses-csv]")
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        header, row = csv.reader(io.StringIO(download.value.path().read_bytes().decode("utf-8-sig")), delimiter=";")
        assert header == COMPLETIONS
        assert row[:4] == ["Kari Nordmann", '="10001"', "Medisinsk avdeling", MODULE] and row[-1] == "gyldig"
        response = page.goto(f"{page.base}/opplaering/{MODULE}/fasit/")
        assert response.ok, "the approver's page comes with the key"


def test_a_site_built_for_the_tracker_but_served_without_it_says_the_answers_cannot_be_scored(
    page_without_tracker, answer_key
):
    page = page_without_tracker
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    take(page, right=True, key=answer_key)
    summary = page.locator("[data-quiz-summary-score]")
    expect(summary).to_have_text(
        re.compile("^Svara kan ikkje rettast her: sida er laga for å brukast med sporingstenesta")
    )
    assert focused(page, "[data-quiz-summary]")
    assert page.locator("[data-quiz-result-text]").text_content() == ""
    assert page.locator("[data-quiz-feedback]:visible").count() == 0, "no verdict without the tracker"
    open_page(page, "/opplaering/mine-kurs/")
    expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_have_text(
        "Levert, ventar på retting frå sporingstenesta"
    )


def test_a_score_without_feedback_from_an_older_tracker_is_still_shown(page, answer_key):
    """A tracker older than the page answers with the score only: the learner gets it, with no verdicts."""

    def without_feedback(route) -> None:
        response = route.fetch()
        body = response.json()
        del body["feedback"]
        route.fulfill(response=response, json=body)

    page.route("**/api/v1/attempts", without_feedback)
    open_page(page, f"/opplaering/{MODULE}/")
    register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
    take(page, right=True, key=answer_key)
    total = len(drawn_questions(page))
    expect(page.locator("[data-quiz-summary-score]")).to_have_text(f"{total} av {total} rette – bestått (krav 80 %).")
    expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har bestått")
    assert page.locator("[data-quiz-feedback]:visible").count() == 0


@pytest.fixture
def page_without_tracker(browser, server):
    with guarded_page(browser, server) as page:
        yield page


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("r.addMonths('2026-01-31T10:00:00Z', 1)", "2026-02-28"),
        ("r.addMonths('2024-01-31', 1)", "2024-02-29"),
        ("r.addMonths('2026-11-22', 24)", "2028-11-22"),
        ("r.hasPassed(8, 10, 80) && !r.hasPassed(7, 10, 80)", True),
        ("r.isCorrect(['b', 'a'], ['a', 'b']) && !r.isCorrect(['a'], ['a', 'b'])", True),
        (
            "r.status({id: 'm', version: '2.0', validityMonths: 24}, [{module: 'm', version: '1.3', passed: true, finishedAt: '2026-01-01T00:00:00Z'}], '2026-06-01').state",
            "expired",
        ),
        (
            "r.status({id: 'm', version: '1.4', validityMonths: 24}, [{module: 'm', version: '1.3', passed: true, finishedAt: '2026-01-01T00:00:00Z'}], '2026-06-01').state",
            "valid",
        ),
        (
            "r.status({id: 'm', version: '1.0', validityMonths: 12}, [{module: 'm', version: '1.0', passed: true, finishedAt: '2025-01-01T00:00:00Z'}], '2026-06-01').state",
            "expired",
        ),
        (
            "r.status({id: 'm', version: '1.0', validityMonths: 12}, [{module: 'm', version: '1.0', passed: false, finishedAt: '2026-01-01T00:00:00Z'}], '2026-06-01').state",
            "failed",
        ),
        (
            "JSON.stringify(r.scoreAttempt({q1: ['a'], q2: ['b', 'a'], q3: ['x'], q4: ['c']}, {q1: {right: ['a']}, q2: {right: ['a', 'b']}, q3: {right: ['y']}, q4: {right: ['c', 'd']}}, 50))",
            '{"correct":2,"total":4,"score":50,"passed":true,"feedback":{"q1":{"right":["a"],"correct":true},"q2":{"right":["a","b"],"correct":true},"q3":{"right":["y"],"correct":false},"q4":{"right":["c","d"],"correct":false}}}',
        ),
        ("r.draw(['a', 'b', 'c', 'd'], 2, false, () => 0.99).join()", "a,b"),
        ("r.draw(['a', 'b', 'c', 'd'], 2, false, () => 0).join()", "b,c"),
        (
            "c.writeCsv(['A'], [['=1+1', 'a;b', 'sa \"x\"', '@x', 'Ærlig', 'a,=1+1', '-2']], Array(7).fill('text'))",
            '\ufeff"A"\r\n"\'=1+1";"a;b";"sa ""x""";"\'@x";"Ærlig";"a,\'=1+1";"\'-2"\r\n',
        ),
        # As csvout.py: identifiers of digits and dots as ="…" (not in the first column), numbers bare, dates dd.mm.yyyy.
        (
            "c.writeCsv(['N', 'T', 'V', 'R', 'D', 'G'], [['00105', '00105', '2.1', 100, '2026-11-22', null]], ['id', 'id', 'id', 'int', 'date', 'date'])",
            '\ufeff"N";"T";"V";"R";"D";"G"\r\n"00105";"=""00105""";"=""2.1""";100;"22.11.2026";""\r\n',
        ),
        ("c.localIso('2026-07-01T22:30:00.999Z', 'Europe/Oslo')", "2026-07-02T00:30:00+02:00"),
        ("c.localIso('2026-01-01T00:00:00Z', 'Europe/Oslo')", "2026-01-01T01:00:00+01:00"),
        ("c.localIso('2026-01-01T00:00:00Z', 'America/St_Johns')", "2025-12-31T20:30:00-03:30"),
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
