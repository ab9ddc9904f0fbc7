"""«Leiaroversikt» against the real tracker in Chromium: the admin token entered once per tab (sessionStorage only),
counts, percentages and names per unit and module, filters by keyboard, the four downloads, a file that takes a
while shown as being prepared until it downloads, axe, a 375-pixel phone screen, a wrong token, proxy mode with the
manager's own login, and the page without a tracker."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select, text, update

from tests.conftest import ARTIFACTS, guarded_page, required
from tests.keyboard import focused, tab_to
from tests.test_site_browser import violations
from tests.tracker.conftest import POSTGRES, _postgres_schema
from tests.tracker.live import running
from tracker import db
from tracker.main import create_app
from tracker.settings import Settings

TOKEN = "leiar-test-token-som-er-lang-nok-0123456789"
PAGE = "/leiar/"
MED, KIR = "Medisinsk avdeling", "Kirurgisk avdeling"
# Module ids and their target roles, from quizzes/*.yml.
A, B, C, D = "ordninga-og-lovgrunnlaget", "kven-treng-koordinator", "koordinatoren-i-praksis", "leiar-og-ke"
ROSTER = f"""tilsettnummer;namn;eining;roller;leiar_for
10001;Kari Nordmann;{MED};helsepersonell;
10002;Ola Hansen;{MED};koordinator;
10003;Liv Berg;{MED};helsepersonell;
20001;Per Dahl;{KIR};helsepersonell;
20002;Eva Lie;{KIR};einingsleiar;{KIR}
"""
PEOPLE = {
    "10001": ("Kari Nordmann", MED),
    "10002": ("Ola Hansen", MED),
    "10003": ("Liv Berg", MED),
    "20001": ("Per Dahl", KIR),
    "20002": ("Eva Lie", KIR),
}
# (employee, module, passed, days ago). The tracker takes attempts from the last 90 days only; older ones are
# moved back in the database afterwards: 700 days ago ends within 60 days (24 months' validity), 800 has ended.
ATTEMPTS = [
    ("10001", A, True, 3),
    ("10001", B, True, 700),
    ("10002", A, True, 800),
    ("10002", C, True, 10),
    ("20001", A, True, 1),
    ("20001", B, True, 2),
    ("20002", D, False, 1),
]


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def attempt_body(manifest: dict, employee: str, module_id: str, passed: bool) -> dict:
    """An attempt the tracker accepts: the module's first standalone questions and cases as many as it draws, every
    question right (or every one wrong)."""
    module = next(m for m in manifest["modules"] if m["id"] == module_id)
    answers = {}
    drawn = [i for i in module["items"] if not i["case"]][: module["draw_questions"]] + [
        i for i in module["items"] if i["case"]
    ][: module["draw_cases"]]
    for item in drawn:
        for question_id in item["questions"]:
            question = module["questions"][question_id]
            answers[question_id] = (
                question["correct"]
                if passed
                else [next(o for o in question["options"] if o not in question["correct"])]
            )
    name, unit = PEOPLE[employee]
    return {
        "attempt_id": str(uuid.uuid4()),
        "module": module_id,
        "version": module["version"],
        "answers": answers,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "learner": {"employee": employee, "name": name, "unit": unit},
    }


@pytest.fixture
def tracker_settings(real_site, tmp_path) -> Settings:
    assert real_site.ok, real_site.log
    return Settings(
        data_dir=tmp_path / "data",
        manifest=real_site.site.parent / "var" / "manifest.json",
        site_dir=real_site.site,
        admin_token=TOKEN,
    )


def fill(base: str, settings: Settings) -> None:
    """The roster, and the attempts above, some of them moved back in time."""
    httpx.put(
        f"{base}/api/v1/roster", content=ROSTER.encode(), headers={**auth(), "Content-Type": "text/csv"}
    ).raise_for_status()
    manifest = json.loads(Path(settings.manifest).read_text(encoding="utf-8"))
    engine = db.make_engine(settings.url)
    try:
        for employee, module, passed, days in ATTEMPTS:
            body = attempt_body(manifest, employee, module, passed)
            headers = {}
            if settings.identity == "proxy":  # the intranet's login says who it is
                headers = {settings.user_header: employee}
                del body["learner"]
            httpx.post(f"{base}/api/v1/attempts", json=body, headers=headers).raise_for_status()
            if days:
                with engine.begin() as conn:
                    conn.execute(
                        update(db.attempts)
                        .where(db.attempts.c.attempt_id == body["attempt_id"])
                        .values(finished_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=days))
                    )
    finally:
        engine.dispose()


@pytest.fixture
def tracker(tracker_settings):
    with running(create_app(tracker_settings)) as base:
        fill(base, tracker_settings)
        yield base


def open_overview(page) -> None:
    page.goto(f"{page.base}{PAGE}")
    page.wait_for_selector("[data-manager][data-ready]", state="attached")


def log_in(page, token: str = TOKEN) -> None:
    """Type the token by keyboard and send it with Enter."""
    tab_to(page, "#leiar-nokkel")
    page.keyboard.type(token)
    page.keyboard.press("Enter")


def choose(page, selector: str, label: str) -> None:
    """Pick an option in a <select> by keyboard only: Tab to it, then arrow keys."""
    tab_to(page, selector)
    for key in ["Home"] + ["ArrowDown"] * 20:
        if page.locator(selector).evaluate("s => s.selectedOptions[0].textContent") == label:
            return
        page.keyboard.press(key)
    raise AssertionError(f"arrow keys never reached {label!r} in {selector}")


def rows(page, selector: str) -> list[list[str]]:
    return page.locator(f"{selector} tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.cells].map(c => c.textContent.trim()))"
    )


def expect_chart(page, bars: list[str]) -> None:
    """Retried until it holds: choosing by arrow keys passes other options first, and each one redraws."""
    expect(page.locator("[data-manager-chart] li")).to_have_text(bars, use_inner_text=True)


def status(page):
    return page.locator("[data-manager-status]")


def norwegian(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "–"


def download(page, button: str) -> bytes:
    """Press a download button by keyboard; the file the browser saves."""
    with page.expect_download() as info:
        tab_to(page, f'[data-manager-download="{button}"]')
        page.keyboard.press("Enter")
    return Path(info.value.path()).read_bytes()


def csv_rows(content: bytes) -> list[dict]:
    """The rows of a CSV for Norwegian Excel; an employee number written as ="01234" (kept as text) read back plain."""
    assert content.startswith(b"\xef\xbb\xbf"), "CSV for Norwegian Excel starts with a BOM"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    for row in rows:
        number = row["Tilsettnummer"]
        row["Tilsettnummer"] = number[2:-1] if number.startswith('="') and number.endswith('"') else number
    return rows


def xlsx_text(content: bytes) -> list[list[str]]:
    """The first sheet's rows (openpyxl when installed), or the workbook's XML as one cell (stdlib only)."""
    assert content[:4] == b"PK\x03\x04", "an .xlsx file is a zip"
    try:
        import openpyxl
    except ImportError:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            assert "xl/workbook.xml" in book.namelist()
            return [[b"".join(book.read(n) for n in book.namelist() if n.startswith("xl/")).decode("utf-8")]]
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_overview_with_the_admin_token(browser, tracker):
    compliance = httpx.get(f"{tracker}/api/v1/reports/compliance", headers=auth()).json()
    b_med = next(r for r in compliance if r["unit"] == MED and r["module"] == B)
    kari_until = norwegian(b_med["expiring"][0]["valid_until"])
    a_med = next(r for r in compliance if r["unit"] == MED and r["module"] == A)
    ola_until = norwegian(next(m for m in a_med["missing"] if m["employee"] == "10002")["valid_until"])

    with guarded_page(browser, tracker) as page:
        open_overview(page)
        expect(page.locator("[data-manager-login]")).to_be_visible()
        expect(page.locator("[data-manager-report]")).to_be_hidden()
        expect(status(page)).to_contain_text(httpx.get(f"{tracker}/api/v1/reports/scope").json()["detail"])
        # Form mode: the token is the way in, and the page says how long it is kept; nothing about an intranet login.
        expect(page.locator("[data-manager-login]")).to_contain_text(
            "Sida hugsar nøkkelen berre så lenge denne fana er open."
        )
        expect(page.locator('[data-manager-mode="proxy"]')).to_be_hidden()
        assert page.locator("#leiar-nokkel").get_attribute("type") == "password"
        assert page.locator("#leiar-nokkel").get_attribute("autocomplete") == "off"
        assert violations(page) == []

        log_in(page)
        expect(page.locator("[data-manager-report]")).to_be_visible()
        expect(status(page)).to_contain_text("Oversikta er oppdatert")
        assert focused(page, "#leiar-per-eining"), "after the token, focus moves to the overview"
        # The token lives in this tab's sessionStorage only.
        assert page.evaluate("() => Object.values(sessionStorage)") == [TOKEN]
        assert page.evaluate("t => Object.values(localStorage).some(v => v.includes(t))", TOKEN) is False

        # Per unit: the chart with its numbers as text, and the table beside it (7 required in Medisinsk: A×3, B×3, C×1).
        expect_chart(page, [f"{KIR}\n40 % (2 av 5)", f"{MED}\n42 % (3 av 7)"])
        assert rows(page, "[data-manager-units]") == [[KIR, "5", "2", "40 %"], [MED, "7", "3", "42 %"]]
        widths = page.locator(".leiar-diagram__soyle").evaluate_all("bars => bars.map(b => b.style.width)")
        assert widths == ["40%", "42%"]

        summary = rows(page, "[data-manager-summary]")
        titles = {r["module"]: r["module_title"] for r in compliance}
        assert [titles[B] in row for row in summary].count(True) == 2
        assert [MED, titles[A], "3", "33 % (1 av 3)", "0", "2"] in summary
        assert [MED, titles[B], "3", "33 % (1 av 3)", "1", "2"] in summary
        assert [MED, titles[C], "1", "100 % (1 av 1)", "0", "0"] in summary
        assert [KIR, titles[D], "1", "0 % (0 av 1)", "0", "1"] in summary

        # Who is missing, expired or expiring soon, by name, with status and date.
        details = page.locator("details.leiar-namn", has_text=f"{MED} – {titles[B]}")
        expect(details.locator("summary")).to_have_text(
            f"{MED} – {titles[B]} (2 manglar eller har utgått, 1 går ut innan 60 dagar)"
        )
        details.locator("summary").focus()
        page.keyboard.press("Enter")
        expect(details.locator("table")).to_be_visible()
        assert rows(page, f'details.leiar-namn:has(caption:text-is("{MED}, {titles[B]}"))') == [
            ["Ola Hansen", "10002", "Manglar", "–"],
            ["Liv Berg", "10003", "Manglar", "–"],
            ["Kari Nordmann", "10001", "Går ut innan 60 dagar", kari_until],
        ]
        a_details = page.locator("details.leiar-namn", has_text=f"{MED} – {titles[A]}")
        a_details.locator("summary").click()
        assert rows(page, f'details.leiar-namn:has(caption:text-is("{MED}, {titles[A]}"))') == [
            ["Ola Hansen", "10002", "Utgått", ola_until],
            ["Liv Berg", "10003", "Manglar", "–"],
        ]
        assert page.locator("details.leiar-namn").count() == 5  # every unit×module with someone missing or expiring
        assert violations(page) == []

        # Filter by unit, then by module, with the keyboard only.
        choose(page, "#leiar-eining", MED)
        expect_chart(page, [f"{MED}\n42 % (3 av 7)"])
        assert {row[0] for row in rows(page, "[data-manager-summary]")} == {MED}
        choose(page, "#leiar-modul", titles[C])
        expect_chart(page, [f"{MED}\n100 % (1 av 1)"])
        expect(page.locator("[data-manager-summary] tbody tr")).to_have_count(1)
        expect(page.locator("[data-manager-people]")).to_contain_text("Alle i utvalet har gyldig gjennomføring")
        choose(page, "#leiar-modul", "Alle")
        expect(page.locator("[data-manager-summary] tbody tr")).to_have_count(3)

        # Downloads follow the filter (Medisinsk avdeling, every module); the token goes in a header.
        missing = csv_rows(download(page, "compliance.csv"))
        assert {(r["Tilsettnummer"], r["Modul-id"], r["Status"]) for r in missing} == {
            ("10002", A, "utgått"),
            ("10003", A, "manglar"),
            ("10002", B, "manglar"),
            ("10003", B, "manglar"),
        }
        done = csv_rows(download(page, "completions.csv"))
        assert sorted((r["Tilsettnummer"], r["Modul-id"]) for r in done) == sorted(
            [("10001", A), ("10001", B), ("10002", A), ("10002", C)]
        )
        for button, names in [
            ("compliance.xlsx", ["Ola Hansen", "Liv Berg"]),
            ("completions.xlsx", ["Kari Nordmann", "Ola Hansen"]),
        ]:
            sheet = xlsx_text(download(page, button))
            text = "\n".join("\t".join(row) for row in sheet)
            assert all(name in text for name in names), (button, text[:500])
            assert "Per Dahl" not in text and "Eva Lie" not in text, f"{button} ignores the unit filter"
        expect(status(page)).to_contain_text("er lasta ned")

        # Once per tab: a reload keeps the token; a new tab asks again.
        page.set_viewport_size({"width": 375, "height": 740})
        open_overview(page)
        expect(page.locator("[data-manager-report]")).to_be_visible()
        expect(page.locator("[data-manager-chart] li")).to_have_count(2)
        page.locator("details.leiar-namn").first.locator("summary").click()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        controls = page.locator(
            "article input:visible, article button:visible, article select:visible, article summary:visible"
        )
        for index in range(controls.count()):
            box = controls.nth(index).bounding_box()
            assert box is None or box["x"] + box["width"] <= 376, controls.nth(index).evaluate("e => e.outerHTML")[:120]
        tab_to(page, '[data-manager-download="compliance.xlsx"]')
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "leiaroversikt-375.png", full_page=True)
        other = page.context.new_page()
        other.goto(f"{tracker}{PAGE}")
        expect(other.locator("[data-manager-login]")).to_be_visible()
        other.close()


def test_a_file_being_prepared_is_shown_until_it_downloads(browser, tracker_settings):
    """The tracker is made to wait for the database (PostgreSQL, a table lock held by the test), so that the page's
    working state can be looked at for as long as it takes; releasing the lock lets the file be made and sent."""
    required(
        POSTGRES,
        "PostgreSQL (KOORD_TEST_POSTGRES_URL)",
        "start PostgreSQL and set KOORD_TEST_POSTGRES_URL (bash .ci/postgres)",
    )
    with _postgres_schema() as url:
        settings = tracker_settings.model_copy(update={"database_url": url})
        with running(create_app(settings)) as base, guarded_page(browser, base) as page:
            fill(base, settings)
            open_overview(page)
            log_in(page)
            expect(page.locator("[data-manager-chart] li")).to_have_count(2)
            button = '[data-manager-download="completions.xlsx"]'
            progress = page.locator("[data-manager-progress]")
            expect(progress).to_be_hidden()
            locker = create_engine(url)
            try:
                with locker.connect() as conn, page.expect_download(timeout=60_000) as info:
                    conn.execute(text("LOCK TABLE attempts IN ACCESS EXCLUSIVE MODE"))
                    tab_to(page, button)
                    page.keyboard.press("Enter")
                    # Said once in the live region, and shown with the tracker's own count as it follows the job.
                    expect(status(page)).to_have_text(
                        "Lagar fila «Gjennomføringar (Excel)». Nedlastinga startar når ho er klar."
                    )
                    assert status(page).get_attribute("aria-live") == "polite"
                    expect(progress).to_be_in_viewport()
                    expect(
                        progress.get_by_role("progressbar", name="Lagar «Gjennomføringar (Excel)»: 0 rader så langt.")
                    ).to_be_visible()
                    assert focused(page, button), "the keyboard user keeps their place"
                    assert page.locator(button).get_attribute("aria-disabled") == "true"
                    assert violations(page) == []
                    ARTIFACTS.mkdir(exist_ok=True)
                    page.screenshot(path=ARTIFACTS / "leiaroversikt-lagar-fil.png")
                    page.keyboard.press("Enter")  # asking again while it is made starts nothing new
                    conn.commit()  # the lock goes: the file is made and sent
            finally:
                locker.dispose()
            names = [row[0] for row in xlsx_text(Path(info.value.path()).read_bytes())[1:]]
            assert sorted(names) == sorted(PEOPLE[e][0] for e, _, passed, _ in ATTEMPTS if passed)
            assert info.value.suggested_filename == "gjennomforingar.xlsx"
            expect(progress).to_be_hidden()
            expect(status(page)).to_have_text("Fila gjennomforingar.xlsx er lasta ned (6 rader).")
            assert page.locator(button).get_attribute("aria-disabled") is None
            engine = db.make_engine(url)
            try:
                with engine.connect() as conn:
                    logged = [
                        (r.what, r.filter)
                        # Not the page's own listings (the compliance table, the read confirmations' table).
                        for r in conn.execute(
                            select(db.export_log).where(
                                db.export_log.c.what.not_in(["compliance", "read-confirmations"])
                            )
                        )
                    ]
            finally:
                engine.dispose()
            assert logged == [("completions", '{"format": "xlsx"}')], "one file asked for, one logged"


def test_wide_screenshot_and_forgetting_the_token(browser, tracker):
    with guarded_page(browser, tracker) as page:
        open_overview(page)
        log_in(page)
        expect(page.locator("[data-manager-chart] li")).to_have_count(2)
        page.locator("details.leiar-namn").first.locator("summary").click()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "leiaroversikt-1280.png", full_page=True)
        tab_to(page, "[data-manager-forget]")
        page.keyboard.press("Enter")
        expect(page.locator("[data-manager-login]")).to_be_visible()
        assert focused(page, "#leiar-nokkel")
        assert page.evaluate("() => sessionStorage.length") == 0


def test_a_wrong_token_shows_the_refusal(browser, tracker):
    wrong = "x" * 40
    refusal = httpx.get(f"{tracker}/api/v1/reports/compliance", headers=auth(wrong)).json()["detail"]
    with guarded_page(browser, tracker) as page:
        open_overview(page)
        log_in(page, wrong)
        expect(status(page)).to_contain_text("Tilgangsnøkkelen vart ikkje godteken")
        expect(status(page)).to_contain_text(refusal)
        expect(status(page)).to_be_visible()
        assert status(page).get_attribute("aria-live") == "polite"
        expect(page.locator("[data-manager-login]")).to_be_visible()
        expect(page.locator("[data-manager-report]")).to_be_hidden()
        assert focused(page, "#leiar-nokkel")
        assert page.evaluate("() => sessionStorage.length") == 0, "a refused token is not kept"
        assert violations(page) == []


def test_proxy_mode_shows_the_units_the_manager_leads(browser, tracker_settings):
    settings = tracker_settings.model_copy(update={"identity": "proxy"})
    with running(create_app(settings)) as base:
        fill(base, settings)
        headers = {"X-Remote-User": "20002", "X-Remote-Groups": "tilsette,koordinator-leiar"}
        with guarded_page(browser, base, extra_http_headers=headers) as page:
            open_overview(page)
            expect(page.locator("[data-manager-report]")).to_be_visible()
            expect(page.locator("[data-manager-login]")).to_be_hidden()
            expect(page.locator("[data-manager-forget]")).to_be_hidden()
            expect(page.locator('[data-manager-mode="proxy"]')).to_have_text(
                "Du er logga inn på intranettet, og ser dei einingane personallista seier at du er leiar for."
            )
            assert "tilgangsnøkkel" not in page.locator("article").inner_text().lower(), (
                "no advice that cannot work here"
            )
            expect(page.locator("[data-manager-who]")).to_contain_text(KIR)
            expect_chart(page, [f"{KIR}\n40 % (2 av 5)"])
            assert page.locator("#leiar-eining option").all_inner_texts() == ["Alle", KIR]
            missing = csv_rows(download(page, "compliance.csv"))
            assert {r["Namn"] for r in missing} == {"Eva Lie"}

        # Not in the manager group: the tracker's reason, not a blank page.
        refusal = httpx.get(f"{base}/api/v1/reports/scope", headers={"X-Remote-User": "20001"}).json()["detail"]
        with guarded_page(browser, base, extra_http_headers={"X-Remote-User": "20001"}) as page:
            open_overview(page)
            expect(status(page)).to_contain_text(refusal)
            expect(page.locator("[data-manager-report]")).to_be_hidden()
            expect(page.locator("[data-manager-login]")).to_be_hidden()

        # The web server sent no user at all (a login set up wrong): still no token field and no word of a token,
        # which could never pass the intranet's web server; the tracker's reason instead.
        refusal = httpx.get(f"{base}/api/v1/reports/scope").json()["detail"]
        with guarded_page(browser, base) as page:
            open_overview(page)
            expect(status(page)).to_have_text(f"Du har ikkje tilgang til leiaroversikta: {refusal}")
            expect(page.locator("[data-manager-login]")).to_be_hidden()
            assert "tilgangsnøkkel" not in page.locator("article").inner_text().lower()
            assert violations(page) == []


def test_without_a_tracker_the_page_says_it_needs_one(page):
    open_overview(page)
    expect(status(page)).to_contain_text("treng sporingstenesta")
    expect(page.locator("[data-manager-login]")).to_be_hidden()
    expect(page.locator("[data-manager-report]")).to_be_hidden()
    assert violations(page) == []


def test_front_page_links_the_overview(page):
    page.goto(f"{page.base}/")
    card = page.locator(".grid.cards li", has_text="Koordinator eller leiar")
    assert card.locator("a", has_text="Leiaroversikt").get_attribute("href") == "leiar/"


def test_without_a_roster_the_page_says_so(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base, guarded_page(browser, base) as page:
        open_overview(page)
        log_in(page)
        expect(status(page)).to_contain_text("inga personalliste")
        expect(page.locator("[data-manager-summary] tbody")).to_have_text("Ingen i utvalet skal ta nokon modul.")
        assert violations(page) == []
