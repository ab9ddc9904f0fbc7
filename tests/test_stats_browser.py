"""«Statistikk over spørsmåla» against the real tracker in Chromium, with the real site's modules: the admin token
entered once per tab (form mode), the tables with their row headers, the sections linked to the guideline, the
choice of module and of attempts by keyboard, a download, focus and the live region, axe; proxy mode with the
editors' group (no token field) and a manager outside it (the tracker's refusal); the page without a tracker."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
import uuid
from pathlib import Path
from urllib.parse import urljoin

import httpx2 as httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import guarded_page
from tests.keyboard import focused, tab_to
from tests.test_site_browser import violations
from tests.tracker.live import running
from tracker.main import create_app
from tracker.settings import Settings

TOKEN = "redaktor-test-token-som-er-lang-nok-0123456789"
PAGE = "/redaktor/statistikk/"
MODULE = "ordninga-og-lovgrunnlaget"
NAMES = [f"Hemmeleg Person {n}" for n in range(24)]


def attempts(manifest: dict, module_id: str, people: int, seed: int = 26):
    """Attempts as learners send them: a draw of the module's questions and cases, each answered right or wrong at
    random (a wrong one with a wrong option), by `people` people."""
    module = next(m for m in manifest["modules"] if m["id"] == module_id)
    rng = random.Random(seed)
    standalone = [i for i in module["items"] if not i["case"]]
    cases = [i for i in module["items"] if i["case"]]
    for n in range(people):
        answers = {}
        for item in [*rng.sample(standalone, module["draw_questions"]), *rng.sample(cases, module["draw_cases"])]:
            for question_id in item["questions"]:
                key = module["questions"][question_id]
                wrong = [o for o in key["options"] if o not in key["correct"]]
                answers[question_id] = key["correct"] if rng.random() < 0.7 or not wrong else [rng.choice(wrong)]
        yield {
            "attempt_id": str(uuid.uuid4()),
            "module": module_id,
            "version": module["version"],
            "answers": answers,
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "learner": {"employee": f"hemmeleg-{n:03d}", "name": NAMES[n], "unit": "Hemmeleg eining"},
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
    manifest = json.loads(Path(settings.manifest).read_text(encoding="utf-8"))
    for body in attempts(manifest, MODULE, len(NAMES)):
        headers = {}
        if settings.identity == "proxy":
            headers = {settings.user_header: body.pop("learner")["employee"]}
        httpx.post(f"{base}/api/v1/attempts", json=body, headers=headers).raise_for_status()


def pct(share: float) -> str:
    """A share as the page writes it (Math.round: a half rounds up)."""
    return f"{math.floor(share * 100 + 0.5)} %"


def open_page(page) -> None:
    page.goto(f"{page.base}{PAGE}")
    page.wait_for_selector("[data-stats][data-ready]", state="attached")


def status(page):
    return page.locator("[data-stats-status]")


def rows(page, selector: str) -> list[list[str]]:
    return page.locator(f"{selector} tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.cells].map(c => c.innerText.trim()))"
    )


def test_the_statistics_with_the_admin_token(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base:
        fill(base, tracker_settings)
        expected = httpx.get(
            f"{base}/api/v1/stats/items", params={"module": MODULE}, headers={"Authorization": f"Bearer {TOKEN}"}
        ).json()
        with guarded_page(browser, base) as page:
            open_page(page)
            expect(page.locator("[data-stats-login]")).to_be_visible()
            expect(page.locator("[data-stats-report]")).to_be_hidden()
            expect(page.locator('[data-stats-mode="proxy"]')).to_be_hidden()
            expect(status(page)).to_contain_text("Skriv inn tilgangsnøkkelen du har fått frå IT")
            assert page.locator("#statistikk-nokkel").get_attribute("type") == "password"
            assert violations(page) == []

            tab_to(page, "#statistikk-nokkel")
            page.keyboard.type(TOKEN)
            page.keyboard.press("Enter")
            expect(page.locator("[data-stats-report]")).to_be_visible()
            expect(status(page)).to_have_text(
                f"Statistikken er oppdatert: {expected['title']}, det første forsøket til kvar person."
            )
            assert focused(page, "#statistikk-modulen"), "after the token, focus moves to the statistics"
            assert page.evaluate("() => Object.values(sessionStorage)") == [TOKEN]

            # The module's figures, as the API gives them, in Norwegian notation.
            version = expected["versions"][0]
            alpha = "–" if version["alpha"] is None else f"{version['alpha']:.2f}".replace(".", ",").replace("-", "−")
            assert rows(page, "[data-stats-versions]") == [
                [
                    version["version"],
                    "24",
                    "24",
                    pct(version["pass_rate"]),
                    f"{math.floor(version['mean_score'] + 0.5)} %",
                    alpha,
                ]
            ]
            # Every row has its header cell: the version, the section, the question.
            for table in ("versions", "sections", "questions"):
                headers = page.locator(f"[data-stats-{table}] tbody tr > th[scope=row]")
                assert headers.count() == page.locator(f"[data-stats-{table}] tbody tr").count() > 0

            # What staff misunderstand: lowest first, each section linked to the guideline page that holds it.
            sections = rows(page, "[data-stats-sections]")
            assert [r[0] for r in sections] == [s["label"] for s in expected["sections"]]
            shown = [s for s in expected["sections"] if s["share_right"] is not None]
            assert shown and [r[1] for r in sections[: len(shown)]] == [pct(s["share_right"]) for s in shown]
            link = page.locator("[data-stats-sections] tbody tr:first-child th a")
            target = urljoin(page.url, link.get_attribute("href"))
            assert target.startswith(f"{base}/retningslinje/")
            assert httpx.get(target.split("#")[0]).status_code == 200
            fragment = target.split("#")[1] if "#" in target else None
            if fragment:
                assert f'id="{fragment}"' in httpx.get(target.split("#")[0]).text

            questions = {r[0].split(" ")[0]: r for r in rows(page, "[data-stats-questions]")}
            assert set(questions) == {q["id"] for q in expected["questions"]}
            for q in expected["questions"]:
                row = questions[q["id"]]
                if q["drawn"] is None:
                    assert row[1] == "færre enn 10 forsøk"
                else:
                    assert row[1:3] == [str(q["drawn"]), pct(q["facility"])]
                    assert all(f["reason"] in row[5] for f in q["flags"]) and (q["flags"] or row[5] == "ingen")
            assert violations(page) == []
            # No name, employee number or unit anywhere on the page.
            shown_text = page.locator("article").inner_text()
            assert "Hemmeleg" not in shown_text and "hemmeleg-" not in shown_text

            # All attempts instead of first ones, by keyboard: the same here (one attempt each), and said so.
            tab_to(page, 'input[name="attempts"][value="first"]')
            page.keyboard.press("ArrowDown")
            expect(status(page)).to_have_text(f"Statistikken er oppdatert: {expected['title']}, alle forsøk.")

            # Another module, by keyboard: nobody has taken it, so no figure.
            titles = page.locator("#statistikk-modul option").all_inner_texts()
            assert titles[0] == expected["title"] and len(titles) >= 2
            tab_to(page, "#statistikk-modul")
            page.keyboard.press("ArrowDown")
            expect(status(page)).to_contain_text(f"Statistikken er oppdatert: {titles[1]}")
            assert rows(page, "[data-stats-versions]")[0][1] == "færre enn 10 forsøk"

            # The file for the module and attempts chosen, by keyboard.
            tab_to(page, "#statistikk-modul")
            page.keyboard.press("Home")
            expect(status(page)).to_contain_text(f"Statistikken er oppdatert: {expected['title']}")
            with page.expect_download() as info:
                tab_to(page, '[data-stats-download="items.csv"]')
                page.keyboard.press("Enter")
            content = Path(info.value.path()).read_bytes()
            assert info.value.suggested_filename == f"statistikk-{MODULE}.csv"
            table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
            assert table[1][:2] == ["modul", MODULE] and table[1][5] == "24"
            assert "Hemmeleg" not in content.decode("utf-8-sig")
            expect(status(page)).to_have_text(f"Fila statistikk-{MODULE}.csv er lasta ned.")
            page.screenshot(path=str(Path("test-artifacts") / "statistikk.png"), full_page=True)


def test_proxy_mode_the_editors_group_and_a_manager_outside_it(browser, tracker_settings):
    settings = tracker_settings.model_copy(update={"identity": "proxy"})
    with running(create_app(settings)) as base:
        fill(base, settings)
        editor = {"X-Remote-User": "30001", "X-Remote-Groups": "tilsette,koordinator-redaktor"}
        with guarded_page(browser, base, extra_http_headers=editor) as page:
            open_page(page)
            expect(page.locator("[data-stats-report]")).to_be_visible()
            expect(page.locator("[data-stats-login]")).to_be_hidden()
            expect(page.locator("[data-stats-forget]")).to_be_hidden()
            expect(page.locator('[data-stats-mode="proxy"]')).to_be_visible()
            assert "tilgangsnøkkel" not in page.locator("article").inner_text().lower(), (
                "no advice that cannot work here"
            )
            version = httpx.get(f"{base}/api/v1/stats/items", params={"module": MODULE}, headers=editor).json()[
                "versions"
            ][0]["version"]
            expect(page.locator("[data-stats-versions] tbody tr th")).to_have_text([version])
            assert rows(page, "[data-stats-versions]")[0][1] == "24"
            assert violations(page) == []

        manager = {"X-Remote-User": "20002", "X-Remote-Groups": "koordinator-leiar"}
        refusal = httpx.get(f"{base}/api/v1/stats/modules", headers=manager).json()["detail"]
        with guarded_page(browser, base, extra_http_headers=manager) as page:
            open_page(page)
            expect(status(page)).to_have_text(f"Du har ikkje tilgang til statistikken: {refusal}")
            expect(page.locator("[data-stats-report]")).to_be_hidden()
            expect(page.locator("[data-stats-login]")).to_be_hidden()
            assert "tilgangsnøkkel" not in page.locator("article").inner_text().lower()
            assert violations(page) == []


def test_without_a_tracker_the_page_says_it_needs_one(page):
    open_page(page)
    expect(status(page)).to_contain_text("Statistikken treng sporingstenesta")
    expect(page.locator("[data-stats-login]")).to_be_hidden()
    expect(page.locator("[data-stats-report]")).to_be_hidden()
    assert violations(page) == []


def test_the_editors_guide_links_the_page(page):
    page.goto(f"{page.base}/redaktor/")
    link = page.locator("#statistikk ~ p a", has_text="Statistikk over spørsmåla").first
    assert link.get_attribute("href") == "statistikk/"
