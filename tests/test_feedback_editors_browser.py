"""«Tilbakemeldingar frå lesarane» against the real tracker in Chromium: the admin token (form mode), the messages by
chapter and section with the newest first, a reader's text shown as text (never markup), a status and a note set by
keyboard and their history, the CSV, axe; proxy mode with the editors' group, and a manager outside it told why
(403); the page without a tracker."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import guarded_page
from tests.keyboard import focused, tab_to
from tests.test_site_browser import violations
from tests.tracker.live import running
from tracker.main import create_app
from tracker.settings import Settings

TOKEN = "redaktor-meld-token-som-er-lang-nok-0123456789"
PAGE = "/redaktor/tilbakemeldingar/"
MARKUP = '<img src=x onerror="document.body.dataset.hacked=1">Lenkja <b>virkar ikkje</b>'


@pytest.fixture
def tracker_settings(real_site, tmp_path) -> Settings:
    assert real_site.ok, real_site.log
    return Settings(
        data_dir=tmp_path / "data",
        manifest=real_site.site.parent / "var" / "manifest.json",
        site_dir=real_site.site,
        admin_token=TOKEN,
    )


def send(base: str, page: str, section: str | None, text: str, headers: dict | None = None) -> str:
    feedback_id = str(uuid.uuid4())
    httpx.post(
        f"{base}/api/v1/feedback",
        headers=headers or {},
        json={
            "feedback_id": feedback_id,
            "page": page,
            "section": section,
            "guideline_version": "1.1",
            "text": text,
            "reply_to": "kari@example.org",
            "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        },
    ).raise_for_status()
    return feedback_id


def fill(base: str, headers: dict | None = None) -> None:
    send(base, "retningslinje/oppnemning/", "oppnemning", "Den eldste om kapittelet.", headers)
    send(base, "retningslinje/formal/", "formal", "Om føremålet.", headers)
    send(base, "retningslinje/oppnemning/", "oppnemning", MARKUP, headers)
    send(base, "pasient/koordinator/", None, "Pasientsida er uklar.", headers)


def open_page(page) -> None:
    page.goto(f"{page.base}{PAGE}")
    page.wait_for_selector("[data-feedback-editors][data-ready]", state="attached")


def status(page):
    return page.locator("[data-feedback-status]")


def test_the_messages_with_the_admin_token(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base:
        fill(base)
        with guarded_page(browser, base) as page:
            open_page(page)
            expect(page.locator("[data-feedback-login]")).to_be_visible()
            assert violations(page) == []
            tab_to(page, "#tilbakemeldingar-nokkel")
            page.keyboard.type(TOKEN)
            page.keyboard.press("Enter")
            expect(page.locator("[data-feedback-report]")).to_be_visible()
            expect(status(page)).to_have_text("4 meldingar, den nyaste først.")
            assert focused(page, "#tilbakemeldingar-liste")

            # By chapter in the guideline's order (1 Føremål before 5 Oppnemning), then other pages; newest first.
            headings = page.locator("[data-feedback-list] h3").all_inner_texts()
            assert (
                headings[0].startswith("1 ") and headings[1].startswith("5 ") and headings[2] == "/pasient/koordinator/"
            )
            chapter = page.locator("[data-feedback-list] section").nth(1)
            texts = chapter.locator(".tilbakemelding__tekst").all_inner_texts()
            assert texts == [MARKUP, "Den eldste om kapittelet."], "the reader's text as written, newest first"
            assert page.evaluate("() => document.body.dataset.hacked") is None
            assert chapter.locator(".tilbakemelding__tekst img, .tilbakemelding__tekst b").count() == 0
            assert violations(page) == []

            # A status and a note, by keyboard; the change is recorded with who and when.
            tab_to(page, "#tilbakemelding-status-2")
            page.keyboard.press("ArrowDown")  # handsama
            page.keyboard.press("Tab")
            page.keyboard.type("Retta i versjon 1.2.")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            message = page.locator("article.tilbakemelding").nth(1)
            expect(message.locator("[role=status]")).to_have_text("Lagra: Handsama.")
            expect(message.locator("details summary")).to_have_text("Endringar (1)")
            message.locator("details summary").click()
            expect(message.locator("details li")).to_contain_text("Handsama – Retta i versjon 1.2.")
            item = next(
                i
                for i in httpx.get(f"{base}/api/v1/feedback", headers={"Authorization": f"Bearer {TOKEN}"}).json()
                if i["text"] == MARKUP
            )
            assert (item["status"], item["note"], len(item["changes"])) == ("handsama", "Retta i versjon 1.2.", 1)
            assert violations(page) == []

            with page.expect_download() as info:
                tab_to(page, '[data-feedback-download="feedback.csv"]')
                page.keyboard.press("Enter")
            table = list(
                csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig")), delimiter=";")
            )
            assert len(table) == 5
            expect(status(page)).to_contain_text("er lasta ned")


def test_proxy_mode_the_editors_group_and_a_manager_outside_it(browser, tracker_settings):
    settings = tracker_settings.model_copy(update={"identity": "proxy"})
    with running(create_app(settings)) as base:
        fill(base, {"X-Remote-User": "10001"})
        editor = {"X-Remote-User": "30001", "X-Remote-Groups": "tilsette,koordinator-redaktor"}
        with guarded_page(browser, base, extra_http_headers=editor) as page:
            open_page(page)
            expect(page.locator("[data-feedback-report]")).to_be_visible()
            expect(page.locator("[data-feedback-login]")).to_be_hidden()
            expect(page.locator('[data-feedback-mode="proxy"]')).to_be_visible()
            expect(page.locator("article.tilbakemelding")).to_have_count(4)
            assert violations(page) == []

        manager = {"X-Remote-User": "20002", "X-Remote-Groups": "koordinator-leiar"}
        refusal = httpx.get(f"{base}/api/v1/feedback", headers=manager)
        assert refusal.status_code == 403
        with guarded_page(browser, base, extra_http_headers=manager) as page:
            open_page(page)
            expect(status(page)).to_have_text(f"Du har ikkje tilgang til tilbakemeldingane: {refusal.json()['detail']}")
            expect(page.locator("[data-feedback-report]")).to_be_hidden()
            expect(page.locator("[data-feedback-login]")).to_be_hidden()
            assert violations(page) == []


def test_without_a_tracker_the_page_says_it_needs_one(page):
    open_page(page)
    expect(status(page)).to_contain_text("Sida treng sporingstenesta")
    expect(page.locator("[data-feedback-report]")).to_be_hidden()
    assert violations(page) == []
