"""The read confirmation of the guideline in Chromium against the real tracker: a learner confirms the version in
force at the end of a chapter (by keyboard, with axe), sees it on the print view and in «Mine kurs», and the manager
sees the unit's counts and who has not confirmed, on «Leiaroversikt» and in its files; a minor version does not ask
again and a major one does (proxy mode, the small test site built three times); without a tracker, no button."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import guarded_page
from tests.keyboard import focused, open_page
from tests.sitebuild import build_site, edit
from tests.test_site_browser import violations
from tests.tracker.live import running
from tracker.main import create_app
from tracker.settings import Settings

TOKEN = "lesing-test-token-som-er-lang-nok-0123456789"
MED, KIR = "Medisinsk avdeling", "Kirurgisk avdeling"
# koordinator and einingsleiar are among the roles that must confirm (guideline/retningslinje.yml); helsepersonell not.
ROSTER = f"""tilsettnummer;namn;eining;roller;leiar_for
10001;Kari Nordmann;{MED};koordinator;
10002;Ola Hansen;{MED};koordinator;
10003;Liv Berg;{MED};helsepersonell;
20002;Eva Lie;{KIR};einingsleiar;{KIR}
"""
KARI = {"employee": "10001", "name": "Kari Nordmann", "unit": MED}
CHAPTER = "/retningslinje/formal/"
CONFIRMED = re.compile(r"^Stadfesta \d\d\.\d\d\.\d{4} \(versjon 1\.1\)")


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


def version_in_force(settings: Settings) -> str:
    return json.loads(Path(settings.manifest).read_text(encoding="utf-8"))["guideline"]["version"]


def registered(page, learner: dict) -> None:
    """The learner as the training's form registers them in this browser (trial mode)."""
    page.goto(f"{page.base}/")
    page.evaluate("learner => localStorage.setItem('koord.deltakar', JSON.stringify(learner))", learner)


def open_chapter(page, path: str = CHAPTER) -> None:
    page.goto(f"{page.base}{path}")
    page.wait_for_selector("[data-read-confirmation][data-ready]", state="attached")


def test_a_learner_confirms_and_the_manager_sees_the_unit(browser, tracker_settings):
    version = version_in_force(tracker_settings)
    assert version == "1.1", "CONFIRMED expects the guideline's version"
    with running(create_app(tracker_settings)) as base:
        httpx.put(
            f"{base}/api/v1/roster", content=ROSTER.encode(), headers={**auth(), "Content-Type": "text/csv"}
        ).raise_for_status()
        with guarded_page(browser, base) as page:
            registered(page, KARI)
            open_chapter(page)
            button = page.locator("[data-read-confirmation-button]")
            expect(button).to_have_text(f"Eg har lese versjon {version} av retningslinja")
            expect(page.locator("[data-read-confirmation-register]")).to_be_hidden()
            assert violations(page) == []
            button.focus()
            page.keyboard.press("Enter")
            status = page.locator("[data-read-confirmation-status]")
            expect(status).to_have_text(CONFIRMED)
            expect(button).to_be_hidden()
            assert focused(page, "[data-read-confirmation-status]"), (
                "focus goes to what happened, not to the page's top"
            )
            assert violations(page) == []

            # The print view and another chapter know it, and ask no more.
            open_chapter(page, "/retningslinje/utskrift/")
            expect(page.locator("[data-read-confirmation-status]")).to_have_text(CONFIRMED)
            expect(page.locator("[data-read-confirmation-button]")).to_be_hidden()
            page.emulate_media(media="print")
            expect(page.locator("[data-read-confirmation]")).to_be_hidden()
            page.emulate_media(media="screen")

            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator("[data-read-confirmation-row] [data-status]")).to_have_text(CONFIRMED)
            assert violations(page) == []

        # Stored once: sending the same person and version again is the first confirmation.
        rows = httpx.get(f"{base}/api/v1/reports/read-confirmations", headers=auth()).json()
        med = next(row for row in rows if row["unit"] == MED)
        assert (med["must_confirm"], med["confirmed"]) == (2, 1)
        assert [person["name"] for person in med["missing"]] == ["Ola Hansen"]

        with guarded_page(browser, base) as page:
            page.goto(f"{base}/leiar/")
            page.wait_for_selector("[data-manager][data-ready]", state="attached")
            page.fill("#leiar-nokkel", TOKEN)
            page.keyboard.press("Enter")
            table = page.locator("[data-manager-reading] tbody tr")
            expect(table.filter(has_text=MED)).to_contain_text("Ola Hansen (10002)")
            cells = table.filter(has_text=MED).locator("th, td").all_inner_texts()
            assert cells[:3] == [MED, "2", "50 % (1 av 2)"]
            assert "Kari Nordmann" not in cells[3]
            for name in ("read-confirmations.csv", "read-confirmations.xlsx"):
                with page.expect_download() as info:
                    page.locator(f'[data-manager-download="{name}"]').click()
                content = Path(info.value.path()).read_bytes()
                assert content, name
                if name.endswith(".csv"):
                    assert "Ola Hansen" in content.decode("utf-8-sig")
            assert violations(page) == []


def test_without_a_learner_the_page_asks_them_to_register_first(browser, tracker_settings):
    with running(create_app(tracker_settings)) as base, guarded_page(browser, base) as page:
        open_chapter(page)
        expect(page.locator("[data-read-confirmation-register]")).to_be_visible()
        expect(page.locator("[data-read-confirmation-button]")).to_be_hidden()
        assert violations(page) == []


def test_without_a_tracker_there_is_no_button(page):
    open_chapter(page)
    expect(page.locator("[data-read-confirmation]")).to_be_hidden()


def _site(project: Path, version: str, previous: str) -> Path:
    """The small test site with `version` in force (the change log's first entry), as a draft so that it needs no
    approver's archive; returns its manifest."""
    path = project / "guideline" / "retningslinje.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: godkjend\n", "status: utkast\n"), encoding="utf-8"
    )
    edit(project, "guideline/retningslinje.yml", f'version: "{previous}"\n', f'version: "{version}"\n')
    edit(
        project,
        "guideline/retningslinje.yml",
        "changelog:\n",
        f'changelog:\n  - version: "{version}"\n    date: 2026-01-20\n    summary: Endra\n',
    )
    result = build_site(project)
    assert result.ok, result.log
    return project / "var" / "manifest.json"


def test_a_new_major_version_asks_again_and_a_minor_one_does_not(browser, project, tmp_path):
    """Proxy mode: the intranet login says who this is, and /me what the tracker holds for the version in force."""
    result = build_site(project)
    assert result.ok, result.log
    settings = Settings(
        data_dir=tmp_path / "data",
        manifest=project / "var" / "manifest.json",
        site_dir=project / "site",
        admin_token=TOKEN,
        identity="proxy",
    )
    login = {"X-Remote-User": "10001"}
    chapter = "/retningslinje/formal/"
    with running(create_app(settings)) as base, guarded_page(browser, base, extra_http_headers=login) as page:
        open_chapter(page, chapter)
        page.locator("[data-read-confirmation-button]").click()
        expect(page.locator("[data-read-confirmation-status]")).to_have_text(
            re.compile(r"^Stadfesta .* \(versjon 2\.1\)")
        )

    settings = settings.model_copy(update={"manifest": _site(project, "2.2", "2.1")})
    with running(create_app(settings)) as base, guarded_page(browser, base, extra_http_headers=login) as page:
        open_chapter(page, chapter)
        expect(page.locator("[data-read-confirmation-status]")).to_have_text(
            re.compile(r"^Stadfesta .* \(versjon 2\.1\)")
        )
        expect(page.locator("[data-read-confirmation-button]")).to_be_hidden()
        assert (
            httpx.get(f"{base}/api/v1/me", headers=login).json()["read_confirmation"]["confirmed"]["version"] == "2.1"
        )

    settings = settings.model_copy(update={"manifest": _site(project, "3.0", "2.2")})
    with running(create_app(settings)) as base, guarded_page(browser, base, extra_http_headers=login) as page:
        open_chapter(page, chapter)
        button = page.locator("[data-read-confirmation-button]")
        expect(button).to_have_text("Eg har lese versjon 3.0 av retningslinja")
        expect(page.locator("[data-read-confirmation-status]")).not_to_contain_text("Stadfesta")
        button.click()
        expect(page.locator("[data-read-confirmation-status]")).to_have_text(
            re.compile(r"^Stadfesta .* \(versjon 3\.0\)")
        )


def test_proxy_mode_the_login_confirms_and_mine_kurs_shows_the_tracker_s_record(browser, tracker_settings):
    """Behind the intranet login: no learner form, the tracker says the role must confirm, and «Mine kurs» shows the
    tracker's record (from /me), also in a browser that did not confirm."""
    settings = tracker_settings.model_copy(update={"identity": "proxy"})
    login = {"X-Remote-User": "10002"}
    with running(create_app(settings)) as base:
        httpx.put(
            f"{base}/api/v1/roster", content=ROSTER.encode(), headers={**auth(), "Content-Type": "text/csv"}
        ).raise_for_status()
        with guarded_page(browser, base, extra_http_headers=login) as page:
            open_chapter(page)
            expect(page.locator("[data-read-confirmation-register]")).to_be_hidden()
            expect(page.locator("[data-read-confirmation-status]")).to_have_text(
                f"Rolla di skal stadfeste at du har lese versjon {version_in_force(settings)} av retningslinja."
            )
            page.locator("[data-read-confirmation-button]").click()
            expect(page.locator("[data-read-confirmation-status]")).to_have_text(CONFIRMED)
        with guarded_page(browser, base, extra_http_headers=login) as page:
            open_page(page, "/opplaering/mine-kurs/")
            expect(page.locator("[data-read-confirmation-row] [data-status]")).to_have_text(CONFIRMED)
            open_chapter(page)
            expect(page.locator("[data-read-confirmation-button]")).to_be_hidden()
