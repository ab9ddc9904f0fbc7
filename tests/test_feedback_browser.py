"""«Meld frå om feil eller noko uklart» in Chromium against the real tracker: the form by keyboard (focus, counter,
live status, Escape, axe), its code loaded only when a link is used, bokmål on the bokmål patient pages, who to
answer filled in from the intranet login, the tracker's refusals shown (a national identity number, the 21st message
of a day), and a read confirmation and a message that wait while the tracker is stopped and arrive once when it is
back."""

from __future__ import annotations

import re

import httpx2 as httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import guarded_page
from tests.keyboard import focused
from tests.test_site_browser import violations
from tests.tracker.live import free_port, running
from tracker.main import create_app
from tracker.settings import Settings

TOKEN = "meld-test-token-som-er-lang-nok-0123456789"
CHAPTER = "/retningslinje/oppnemning/"
MODULE = "/opplaering/ordninga-og-lovgrunnlaget/"
ROSTER = """tilsettnummer;namn;eining;roller;leiar_for
10001;Kari Nordmann;Medisinsk avdeling;koordinator;
"""
SENT = "Takk! Meldinga er send til redaktørane."


def national_identity_number(birth: str = "010190") -> str:
    """A made-up number whose two check digits are valid (mod 11), as the tracker must refuse."""
    for individual in range(100, 500):
        digits = [int(c) for c in f"{birth}{individual}"]
        first = 11 - sum(d * w for d, w in zip(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=True)) % 11
        first = 0 if first == 11 else first
        if first == 10:
            continue
        second = 11 - sum(d * w for d, w in zip([*digits, first], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        second = 0 if second == 11 else second
        if second != 10:
            return f"{birth}{individual}{first}{second}"
    raise AssertionError("no valid number")


def auth() -> dict:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def tracker_settings(real_site, tmp_path) -> Settings:
    assert real_site.ok, real_site.log
    return Settings(
        data_dir=tmp_path / "data",
        manifest=real_site.site.parent / "var" / "manifest.json",
        site_dir=real_site.site,
        admin_token=TOKEN,
    )


def stored(base: str) -> list[dict]:
    response = httpx.get(f"{base}/api/v1/feedback", headers=auth())
    response.raise_for_status()
    return response.json()


def open_with_links(page, path: str) -> None:
    page.goto(f"{page.base}{path}")
    page.wait_for_selector("[data-feedback-link]:not([hidden])")


def open_form(page, link) -> None:
    """Activate a «Meld frå» link by keyboard and wait for the form."""
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-feedback-form]")).to_be_visible()


def dialog(page):
    return page.locator("[data-feedback-form]")


def status(page):
    return page.locator("[data-feedback-status]")


def test_the_form_by_keyboard(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base, guarded_page(browser, base) as page:
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        open_with_links(page, CHAPTER)
        links = page.locator("[data-feedback]")
        assert links.count() > 3, "one link per numbered section"
        assert not [u for u in fetched if "feedback/form.js" in u or "feedback.css" in u], (
            "the form loads only when used"
        )
        first = links.nth(1)
        about = first.locator("[data-feedback-about]").text_content()
        # The hidden part is a box of its own, so the name computation puts a space before its colon.
        expect(first).to_have_accessible_name(
            re.compile(rf"^Meld frå om feil eller noko uklart ?: {re.escape(about)}$")
        )
        open_form(page, first)
        assert focused(page, "#meld-fra-tekst"), "focus goes to the text field"
        expect(dialog(page).locator("h2")).to_have_text("Meld frå om feil eller noko uklart")
        expect(dialog(page)).to_contain_text(f"Gjeld: {about}")
        expect(dialog(page)).to_contain_text("Skriv ikkje pasientopplysningar her")
        expect(page.locator("#meld-fra-teljar")).to_have_text("0 av 2000 teikn")
        assert page.locator("#meld-fra-tekst").get_attribute("aria-describedby") == "meld-fra-hint meld-fra-teljar"
        assert page.locator("#meld-fra-tekst").get_attribute("maxlength") == "2000"
        assert violations(page) == []

        # Sent empty: said in the live region, and focus back in the field.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert focused(page, "button[type=submit]")
        page.keyboard.press("Enter")
        expect(status(page)).to_have_text("Skriv kva som er feil eller uklart.")
        assert status(page).get_attribute("role") == "status"
        assert focused(page, "#meld-fra-tekst")
        assert page.locator("#meld-fra-tekst").get_attribute("aria-invalid") == "true"

        text = "Fristen i punktet står\nannleis i kapittel 6."
        page.keyboard.type(text)
        expect(page.locator("#meld-fra-teljar")).to_have_text(f"{len(text)} av 2000 teikn")
        page.keyboard.press("Tab")
        page.keyboard.type("kari@example.org")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(status(page)).to_have_text(SENT)
        assert violations(page) == []

        page.keyboard.press("Escape")
        expect(dialog(page)).to_be_hidden()
        assert page.evaluate("() => document.activeElement === document.querySelectorAll('[data-feedback]')[1]"), (
            "focus back on the link"
        )

        # «Lukk» closes too.
        open_form(page, links.nth(2))
        dialog(page).get_by_role("button", name="Lukk").click()
        expect(dialog(page)).to_be_hidden()

        [item] = stored(base)
        assert item["page"] == "retningslinje/oppnemning/"
        assert item["section"] == first.get_attribute("data-feedback-section")
        assert item["guideline_version"] == first.get_attribute("data-feedback-version")
        assert item["text"] == text and item["reply_to"] == "kari@example.org" and item["status"] == "ny"
        assert page.evaluate("() => JSON.parse(localStorage.getItem('koord.ko') || '[]').length") == 0


def test_the_tracker_refuses_a_national_identity_number_and_the_page_says_why(browser, tracker_settings):
    number = national_identity_number()
    text = f"Pasienten med fødselsnummer {number} fekk feil brev."
    with running(create_app(tracker_settings)) as base, guarded_page(browser, base) as page:
        open_with_links(page, "/pasient/koordinator/")
        open_form(page, page.locator("[data-feedback]"))
        page.keyboard.type(text)
        dialog(page).locator("button[type=submit]").click()
        expect(status(page)).to_have_text(re.compile(r"^Meldinga vart ikkje send: \S"))
        assert number not in status(page).inner_text()
        assert page.locator("#meld-fra-tekst").input_value() == text, (
            "the reader can take the number out and send again"
        )
        assert focused(page, "#meld-fra-tekst")
        assert stored(base) == []
        assert page.evaluate("() => localStorage.getItem('koord.ko')") == "[]", "nothing of it is left in the browser"

        # Eleven digits whose check digits are wrong are no such number.
        wrong = f"{number[:9]}{(int(number[9]) + 1) % 10}{number[10]}"
        page.fill("#meld-fra-tekst", f"Telefonnummeret {wrong} på sida er feil.")
        dialog(page).locator("button[type=submit]").click()
        expect(status(page)).to_have_text(SENT)
        assert [item["text"] for item in stored(base)] == [f"Telefonnummeret {wrong} på sida er feil."]


def test_the_21st_message_of_a_day_is_refused_with_the_reason(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base, guarded_page(browser, base) as page:
        import datetime as dt
        import uuid

        for n in range(20):
            httpx.post(
                f"{base}/api/v1/feedback",
                json={
                    "feedback_id": str(uuid.uuid4()),
                    "page": "pasient/koordinator/",
                    "section": None,
                    "guideline_version": None,
                    "text": f"Melding {n}",
                    "reply_to": None,
                    "sent_at": dt.datetime.now(dt.UTC).isoformat(),
                },
            ).raise_for_status()
        open_with_links(page, "/pasient/koordinator/")
        open_form(page, page.locator("[data-feedback]"))
        page.keyboard.type("Ei melding til")
        dialog(page).locator("button[type=submit]").click()
        expect(status(page)).to_have_text(re.compile(r"^Meldinga vart ikkje send: \S"))
        assert len(stored(base)) == 20


def test_bokmaal_on_the_bokmaal_patient_pages(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base, guarded_page(browser, base) as page:
        open_with_links(page, "/pasient/nb/koordinator/")
        link = page.locator("[data-feedback]")
        expect(link).to_have_text("Meld fra om feil eller noe uklart")
        open_form(page, link)
        expect(dialog(page).locator("h2")).to_have_text("Meld fra om feil eller noe uklart")
        expect(dialog(page).locator("label[for=meld-fra-tekst]")).to_have_text("Hva er feil eller uklart?")
        expect(page.locator("#meld-fra-teljar")).to_have_text("0 av 2000 tegn")
        page.keyboard.type("Uklart avsnitt")
        dialog(page).locator("button[type=submit]").click()
        expect(status(page)).to_have_text("Takk! Meldingen er sendt til redaktørene.")
        assert violations(page) == []
        [item] = stored(base)
        assert (item["page"], item["section"]) == ("pasient/nb/koordinator/", None)


def test_a_module_page_loads_the_form_only_when_it_is_used(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base, guarded_page(browser, base) as page:
        sizes = {}
        page.on(
            "response",
            lambda response: (
                sizes.__setitem__(response.url.split("/assets/")[-1], len(response.body()))
                if "/assets/" in response.url
                else None
            ),
        )
        page.goto(f"{base}{MODULE}")
        page.wait_for_selector("[data-ready]", state="attached")
        page.wait_for_selector("[data-feedback-link]:not([hidden])")
        assert not [name for name in sizes if "form.js" in name or "feedback.css" in name]
        assert sizes["javascripts/feedback/link.js"] < 600, "a few hundred bytes up front"
        markup = page.locator("[data-feedback-link]").evaluate("p => p.outerHTML")
        assert len(markup.encode()) < 500
        open_form(page, page.locator("[data-feedback]"))
        assert any("feedback/form.js" in name for name in sizes)
        page.keyboard.type("Spørsmål 3 er uklart.")
        dialog(page).locator("button[type=submit]").click()
        expect(status(page)).to_have_text(SENT)
        assert stored(base)[0]["page"] == MODULE.lstrip("/")


def test_proxy_mode_fills_in_who_to_answer(browser, tracker_settings):
    settings = tracker_settings.model_copy(update={"identity": "proxy"})
    with running(create_app(settings)) as base:
        httpx.put(
            f"{base}/api/v1/roster", content=ROSTER.encode(), headers={**auth(), "Content-Type": "text/csv"}
        ).raise_for_status()
        with guarded_page(browser, base, extra_http_headers={"X-Remote-User": "10001"}) as page:
            open_with_links(page, CHAPTER)
            open_form(page, page.locator("[data-feedback]").first)
            expect(page.locator("#meld-fra-svar")).to_have_value("Kari Nordmann (10001)")
            page.keyboard.type("Lenkja i punktet er broten.")
            dialog(page).locator("button[type=submit]").click()
            expect(status(page)).to_have_text(SENT)


def test_a_confirmation_and_a_message_wait_while_the_tracker_is_stopped(browser, tracker_settings):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    queue = "() => JSON.parse(localStorage.getItem('koord.ko') || '[]')"
    with guarded_page(browser, base) as page:
        with running(create_app(tracker_settings), port):
            page.goto(f"{base}/")
            page.evaluate(
                "() => localStorage.setItem('koord.deltakar', JSON.stringify({employee: '10001', name: 'Kari Nordmann', unit: 'Medisinsk avdeling'}))"
            )
            open_with_links(page, CHAPTER)
            page.wait_for_selector("[data-read-confirmation][data-ready]", state="attached")
            # Here one server serves the site and the tracker; on the intranet the web server still serves the
            # form's code while the tracker is away. So the form is opened once first, which loads it.
            open_form(page, page.locator("[data-feedback]").first)
            page.keyboard.press("Escape")

        # The tracker is stopped; the page stays open.
        page.locator("[data-read-confirmation-button]").click()
        expect(page.locator("[data-read-confirmation-status]")).to_contain_text("ventar i denne nettlesaren")
        open_form(page, page.locator("[data-feedback]").first)
        page.keyboard.type("Uklart om kven som skal registrere.")
        dialog(page).locator("button[type=submit]").click()
        expect(status(page)).to_have_text(
            "Meldinga ventar i denne nettlesaren og blir send når sporingstenesta svarar. Ho går ikkje tapt."
        )
        waiting = page.evaluate(queue)
        assert sorted(next(k for k in body if k.endswith("_id")) for body in waiting) == [
            "confirmation_id",
            "feedback_id",
        ]
        page.keyboard.press("Escape")

        with running(create_app(tracker_settings), port):
            open_with_links(page, "/retningslinje/formal/")  # the next page load sends what waits
            page.wait_for_function(f"() => ({queue})().length === 0")
            [item] = stored(base)
            assert item["text"] == "Uklart om kven som skal registrere."
            confirmation = next(body["confirmation_id"] for body in waiting if "confirmation_id" in body)
            found = httpx.post(
                f"{base}/api/v1/read-confirmations/lookup", json={"confirmation_ids": [confirmation]}
            ).json()
            assert [c["confirmation_id"] for c in found] == [confirmation]
            expect(page.locator("[data-read-confirmation-status]")).to_have_text(re.compile(r"^Stadfesta "))
            open_with_links(page, CHAPTER)
            assert len(stored(base)) == 1, "a second page load sends nothing again"


def test_without_a_tracker_the_form_says_so_and_keeps_nothing(page):
    open_with_links(page, "/pasient/koordinator/")
    open_form(page, page.locator("[data-feedback]"))
    page.keyboard.type("Uklart avsnitt")
    dialog(page).locator("button[type=submit]").click()
    expect(status(page)).to_have_text(
        "Her er inga sporingsteneste som kan ta imot meldinga. Sei frå til redaktørane på anna vis."
    )
    assert page.evaluate("() => JSON.parse(localStorage.getItem('koord.ko') || '[]').length") == 0
