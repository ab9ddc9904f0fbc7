"""The site and the tracker together, in Chromium: a completion reaches the manager's CSV; with the tracker
stopped the attempt waits in the browser, and after a restart it arrives exactly once. In proxy mode the page
shows who the intranet login says the learner is."""

import re
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import TRACKER_TOKEN, guarded_page, serving
from tests.keyboard import focused, open_page, register, tab_to
from tests.test_quiz_browser import MODULE, take, yesterday_at_noon
from tests.tracker.conftest import table
from tests.tracker.live import free_port, running
from tracker.exports import COMPLETIONS
from tracker.main import create_app
from tracker.settings import Settings

TOKEN = TRACKER_TOKEN


@pytest.fixture
def tracker_settings(real_site, tmp_path) -> Settings:
    assert real_site.ok, real_site.log
    return Settings(
        data_dir=tmp_path / "data",
        manifest=real_site.site.parent / "var" / "manifest.json",
        site_dir=real_site.site,
        admin_token=TOKEN,
    )


def completions(base: str) -> list[list[str]]:
    response = httpx.get(f"{base}/api/v1/reports/completions.csv", headers={"Authorization": f"Bearer {TOKEN}"})
    return table(response.content)[1:]


def expect_no_trial_form(page) -> None:
    """Proxy mode: the page never offers the trial-mode learner form or «Ikkje meg – logg ut»."""
    expect(page.locator("[data-learner-form]")).to_be_hidden()
    expect(page.locator("[data-learner-logout]")).to_be_hidden()


def queued(page) -> int:
    return page.evaluate("() => JSON.parse(localStorage.getItem('koord.ko') || '[]').length")


def test_completion_is_recorded_and_waits_while_the_tracker_is_down(browser, tracker_settings, answer_key):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with guarded_page(browser, base) as page:
        with running(create_app(tracker_settings), port):
            open_page(page, f"/opplaering/{MODULE}/")
            register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
            assert [row[1] for row in completions(base)] == ["10001"]

        # The tracker is down; the page stays open and the learner takes the module again.
        tab_to(page, "[data-quiz-retake]")
        page.keyboard.press("Enter")
        take(page, right=True, key=answer_key)
        expect(page.locator("[data-quiz-sync]")).to_contain_text("Svara ventar på å bli sende")
        # The tracker scores: until it has, the learner is told the result will come, and sees no verdict.
        expect(page.locator("[data-quiz-summary-score]")).to_have_text(
            re.compile("^Resultatet kjem når sporingstenesta har retta svara")
        )
        assert page.locator("[data-quiz-result-text]").text_content() == ""
        assert queued(page) == 1

        with running(create_app(tracker_settings), port):
            open_page(page, "/opplaering/mine-kurs/")  # the next page load sends what waits
            page.wait_for_function("() => JSON.parse(localStorage.getItem('koord.ko') || '[]').length === 0")
            assert [row[1] for row in completions(base)] == ["10001", "10001"]
            expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_contain_text("(registrert)")
            open_page(page, "/opplaering/")
            assert len(completions(base)) == 2, "a second page load sends nothing again"


def test_mine_kurs_shows_an_attempt_waiting_for_the_tracker_and_its_result_when_it_arrives(
    browser, tracker_settings, answer_key
):
    """The tracker refuses the attempt for now (its proxy list is wrong): the page cannot score, and «Mine kurs» says
    the attempt waits. Once the list is fixed, the queue sends it while «Mine kurs» is open, and the status follows."""
    port = free_port()
    wrong = tracker_settings.model_copy(update={"identity": "proxy", "proxy_addresses": ["127.0.0.9/32"]})
    right = tracker_settings.model_copy(update={"identity": "proxy"})
    with guarded_page(browser, f"http://127.0.0.1:{port}", extra_http_headers={"X-Remote-User": "10004"}) as page:
        status = page.locator(f'[data-module="{MODULE}"] [data-status]')
        with running(create_app(wrong), port):
            open_page(page, f"/opplaering/{MODULE}/")
            # The tracker refuses to say who this is: proxy mode, so no trial form and no log-out, and the reason.
            expect_no_trial_form(page)
            expect(page.locator("[data-learner-note]")).to_contain_text(
                "Sporingstenesta kjenner deg ikkje att akkurat no"
            )
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-summary-score]")).to_have_text(
                re.compile("^Resultatet kjem når sporingstenesta har retta svara")
            )
            open_page(page, "/opplaering/mine-kurs/")
            expect(status).to_have_text("Levert, ventar på retting frå sporingstenesta")
        with running(create_app(right), port):
            expect(status).to_have_text(
                re.compile(r"^Bestått \d\d\.\d\d\.\d{4}, gyldig til \d\d\.\d\d\.\d{4} \(registrert\)$"), timeout=30_000
            )


def test_proxy_mode_shows_who_the_intranet_login_says(browser, tracker_settings, answer_key):
    settings = tracker_settings.model_copy(update={"identity": "proxy"})
    roster = "tilsettnummer;namn;eining;roller\n10004;Leiar Lund;Medisinsk avdeling;einingsleiar koordinator\n"
    with running(create_app(settings)) as base:
        httpx.put(
            f"{base}/api/v1/roster", content=roster.encode(), headers={"Authorization": f"Bearer {TOKEN}"}
        ).raise_for_status()
        with guarded_page(browser, base, extra_http_headers={"X-Remote-User": "10004"}) as page:
            open_page(page, f"/opplaering/{MODULE}/")
            expect(page.locator("[data-learner-name]")).to_have_text("Leiar Lund")
            expect(page.locator("[data-learner-form]")).to_be_hidden()
            expect(page.locator("[data-learner-logout]")).to_be_hidden()
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
        assert [row[:3] for row in completions(base)] == [["Leiar Lund", "10004", "Medisinsk avdeling"]]


def test_an_attempt_refused_by_a_misconfigured_proxy_list_waits_and_arrives_once(browser, tracker_settings, answer_key):
    """The tracker answers 403 (its proxy list does not hold the proxy's address); the attempt stays in the
    browser with a message. Once IT fixes the list, it is sent again by itself and stored exactly once."""
    port = free_port()
    wrong = tracker_settings.model_copy(update={"identity": "proxy", "proxy_addresses": ["127.0.0.9/32"]})
    right = tracker_settings.model_copy(update={"identity": "proxy"})
    with guarded_page(browser, f"http://127.0.0.1:{port}", extra_http_headers={"X-Remote-User": "10004"}) as page:
        with running(create_app(wrong), port):
            open_page(page, f"/opplaering/{MODULE}/")
            expect_no_trial_form(page)  # /me was refused: the page says why, and the login decides who this is
            expect(page.locator("[data-learner-note]")).to_contain_text("den omvende proxyen")
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-sync]")).to_contain_text("tok ikkje imot dei enno")
            expect(page.locator("[data-quiz-sync]")).to_contain_text("den omvende proxyen")
            assert queued(page) == 1
            page.locator("[data-quiz-courses-link] a").focus()  # the learner moves on while the answers wait
        with running(create_app(right), port) as base:
            # No reload: the queue retries by itself while the page is open.
            page.wait_for_function(
                "() => JSON.parse(localStorage.getItem('koord.ko') || '[]').length === 0", timeout=30_000
            )
            expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
            # The tracker's score and feedback come into the open page when it has them.
            expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har bestått")
            expect(page.locator("[data-item]:not([hidden]) [data-quiz-verdict]").first).to_have_text("Rett.")
            assert focused(page, "[data-quiz-courses-link] a"), "a late answer does not move focus"
            open_page(page, "/opplaering/mine-kurs/")
            rows = completions(base)
    assert [row[1] for row in rows] == ["10004"], "stored once, under the login's user, not the form's"


def test_with_a_roster_the_learner_chooses_the_unit_from_it(browser, tracker_settings, answer_key):
    """Form mode with a roster: the unit is a list of the roster's units, chosen by keyboard, so that «Kir. pol.»
    and «Kirurgisk poliklinikk» cannot become two units in the reports."""
    roster = "tilsettnummer;namn;eining;roller\n10001;Kari Nordmann;Medisinsk avdeling;helsepersonell\n10002;Per;Kirurgisk poliklinikk;helsepersonell\n"
    with running(create_app(tracker_settings)) as base:
        httpx.put(
            f"{base}/api/v1/roster", content=roster.encode(), headers={"Authorization": f"Bearer {TOKEN}"}
        ).raise_for_status()
        with guarded_page(browser, base) as page:
            open_page(page, f"/opplaering/{MODULE}/")
            unit = page.locator("select#deltakar-eining")
            expect(unit).to_be_attached()
            assert unit.locator("option").all_inner_texts() == [
                "Vel eining",
                "Kirurgisk poliklinikk",
                "Medisinsk avdeling",
            ]
            expect(page.locator("label[for=deltakar-eining]")).to_be_visible()
            tab_to(page, "#deltakar-tilsettnummer")
            page.keyboard.type("10001")
            page.keyboard.press("Tab")
            page.keyboard.type("Kari Nordmann")
            page.keyboard.press("Tab")
            page.keyboard.type("Medisinsk")  # type-ahead in the list
            assert unit.input_value() == "Medisinsk avdeling"
            tab_to(page, "[data-learner-form] button[type=submit]")
            page.keyboard.press("Enter")
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
        assert [row[2] for row in completions(base)] == ["Medisinsk avdeling"]


def test_a_receipt_from_the_tracker_checks_out_and_a_changed_one_does_not(
    browser, tracker_settings, answer_key, monkeypatch, capsys
):
    from tracker.cli import main as tracker_cli

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with guarded_page(browser, base) as page, running(create_app(tracker_settings), port):
        open_page(page, f"/opplaering/{MODULE}/")
        register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
        take(page, right=True, key=answer_key)
        expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
        open_page(page, "/opplaering/mine-kurs/")
        expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_contain_text("(registrert)")
        page.locator(f'[data-module="{MODULE}"] [data-receipt-open]').click()
        fields = page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('[data-receipt] dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent]))"
        )
    assert fields["Registrering"] == "Registrert i sporingstenesta"
    monkeypatch.setenv("KOORD_TRACKER_DATA_DIR", str(tracker_settings.data_dir))
    monkeypatch.setenv("KOORD_TRACKER_MANIFEST", str(tracker_settings.manifest))
    monkeypatch.setenv("KOORD_TRACKER_ADMIN_TOKEN", TOKEN)
    receipt = [
        "check-receipt",
        fields["Kontrollnummer"],
        "--employee",
        fields["Tilsettnummer"],
        "--module",
        fields["Modul-id"],
        "--version",
        fields["Versjon"],
        "--score",
        fields["Resultat"].split(" %")[0],
        "--date",
        fields["Dato"],
    ]
    assert tracker_cli(receipt) == 0, capsys.readouterr()
    assert tracker_cli([*receipt[:8], "--score", "100", "--date", fields["Dato"], "--employee", "10002"]) == 1
    assert "tilsettnummer: kvitteringa seier «10002», registreringa «10001»" in capsys.readouterr().out


def download_own_file(page) -> tuple[bytes, str]:
    """Press «Last ned resultata mine» by keyboard; the file the browser saves and its name."""
    tab_to(page, "[data-courses-csv]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    return Path(download.value.path()).read_bytes(), download.value.suggested_filename


def test_the_learners_file_is_the_same_from_the_tracker_and_from_the_browser(browser, tracker_settings, answer_key):
    """The same attempts, written once by the tracker (the managers' CSV writer) and once by the page on a web
    server with no tracker behind it: the same bytes and the same file name."""
    port = free_port()
    with guarded_page(browser, f"http://127.0.0.1:{port}") as page:
        page.clock.set_fixed_time(yesterday_at_noon())
        with running(create_app(tracker_settings), port) as base:
            open_page(page, f"/opplaering/{MODULE}/")
            register(page, "00105", "Hansen, Per", "Medisinsk avdeling")
            for again in (False, True):
                if again:
                    tab_to(page, "[data-quiz-retake]")
                    page.keyboard.press("Enter")
                take(page, right=True, key=answer_key)
                expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_contain_text("(registrert)")
            from_tracker, name = download_own_file(page)
            expect(page.locator("[data-courses-csv] + [role=status]")).to_have_text(
                "Fila opplaering-00105.csv er lasta ned."
            )
            assert [row[:2] for row in completions(base)] == [["Hansen, Per", "00105"]] * 2
        with serving(tracker_settings.site_dir, port):
            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator("[data-courses-kept]")).to_contain_text("berre i denne nettlesaren")
            from_browser, browser_name = download_own_file(page)
    rows = table(from_tracker)
    assert rows[0] == COMPLETIONS and len(rows) == 3
    assert from_tracker.count(b'"=""00105"""') == 2, "the employee number is kept as text"
    assert from_browser == from_tracker
    assert browser_name == name == "opplaering-00105.csv"


def test_a_logged_in_user_missing_from_the_roster_is_told_so_and_still_recorded(browser, tracker_settings, answer_key):
    settings = tracker_settings.model_copy(update={"identity": "proxy"})
    roster = "tilsettnummer;namn;eining;roller\n10004;Leiar Lund;Medisinsk avdeling;einingsleiar koordinator\n"
    with running(create_app(settings)) as base:
        httpx.put(
            f"{base}/api/v1/roster", content=roster.encode(), headers={"Authorization": f"Bearer {TOKEN}"}
        ).raise_for_status()
        with guarded_page(browser, base, extra_http_headers={"X-Remote-User": "00999"}) as page:
            open_page(page, f"/opplaering/{MODULE}/")
            known = page.locator("[data-learner-known]")
            expect(known).to_contain_text(
                "Du står ikkje i personallista med tilsettnummer 00999, så namnet og eininga di er ikkje kjende her."
            )
            expect(known).to_contain_text("Sei frå til leiaren din")
            expect(known.locator("p", has_text="Du er registrert som")).to_be_hidden()
            expect_no_trial_form(page)
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
            open_page(page, "/opplaering/mine-kurs/")
            tab_to(page, f'[data-module="{MODULE}"] [data-receipt-open]')
            page.keyboard.press("Enter")
            fields = page.evaluate(
                "() => Object.fromEntries([...document.querySelectorAll('[data-receipt] dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent]))"
            )
        assert [row[:3] for row in completions(base)] == [["", "00999", "(ikkje i personallista)"]]
    assert fields["Namn"] == fields["Eining"] == "Ikkje kjent: du står ikkje i personallista"
    assert fields["Tilsettnummer"] == "00999"
    assert fields["Registrering"] == "Registrert i sporingstenesta"


def test_trial_mode_says_results_are_kept_in_this_browser_so_another_starts_empty(
    browser, tracker_settings, answer_key
):
    kept = (
        "Utprøving: resultata dine blir lagra i denne nettlesaren og i sporingstenesta, der leiaren din ser dei. "
        "Lista her viser berre det du har teke i denne nettlesaren, så i ein annan nettlesar eller på ein annan PC startar ho tom."
    )
    status = f'[data-module="{MODULE}"] [data-status]'
    with running(create_app(tracker_settings)) as base:
        with guarded_page(browser, base) as page:
            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator("[data-courses-kept]")).to_have_text(kept)
            open_page(page, f"/opplaering/{MODULE}/")
            register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
            take(page, right=True, key=answer_key)
            expect(page.locator("[data-quiz-sync]")).to_have_text("Resultatet er registrert.")
            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator(status)).to_contain_text("Bestått")
        with guarded_page(browser, base) as other:  # another browser: the same learner, an empty list, and why
            open_page(other, "/opplaering/mine-kurs/")
            expect(other.locator("[data-courses-kept]")).to_have_text(kept)
            register(other, "10001", "Kari Nordmann", "Medisinsk avdeling")
            expect(other.locator(status)).to_have_text("Ikkje starta")
            expect(other.locator("[data-courses-kept]")).to_be_visible()
        assert [row[1] for row in completions(base)] == ["10001"], "the manager sees it"
