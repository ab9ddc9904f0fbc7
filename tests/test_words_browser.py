"""A trust's edition in bokmål in Chromium: the training, «Mine kurs», «Leiaroversikt» and the checklist say their
words (the page's and their scripts') in bokmål, the guideline's text is marked nynorsk, and the pages have no axe
violations (WCAG 2.0/2.1 A and AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import TRACKER_TOKEN, guarded_page, serving
from tests.keyboard import open_page, register, tab_to
from tests.sitebuild import Build, build_site, copy_project, edit
from tests.test_quiz_browser import MODULE, take
from tests.test_site_browser import violations

EDITION = "helse-stavanger"  # written_standard: nb


@pytest.fixture(scope="module")
def bokmal(tmp_path_factory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("bokmal"))
    edit(project, "mkdocs.yml", '      edition: !ENV [KOORD_EDITION, ""]\n', f"      edition: {EDITION}\n")
    built = build_site(project)
    assert built.ok, built.log
    return built


@pytest.fixture(scope="module")
def tracked(bokmal, tmp_path_factory) -> str:
    """The bokmål edition with its tracker behind it (form mode), which scores the attempts."""
    from tests.tracker.live import running
    from tracker.main import create_app
    from tracker.settings import Settings

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("tracker"),
        manifest=bokmal.site.parent / "var" / "manifest.json",
        site_dir=bokmal.site,
        admin_token=TRACKER_TOKEN,
        edition=EDITION,
    )
    with running(create_app(settings)) as base:
        yield base


@pytest.fixture(scope="module")
def key(bokmal) -> dict[str, dict[str, list[str]]]:
    import json

    manifest = json.loads((bokmal.site.parent / "var" / "manifest.json").read_text(encoding="utf-8"))
    return {m["id"]: {q: item["correct"] for q, item in m["questions"].items()} for m in manifest["modules"]}


def test_the_training_speaks_bokmal_and_marks_the_questions_nynorsk(browser, tracked, key):
    with guarded_page(browser, tracked) as page:
        open_page(page, f"/opplaering/{MODULE}/")
        assert page.locator("html").get_attribute("lang") == "nb"
        assert violations(page) == []
        tab_to(page, "[data-quiz-submit]")
        page.keyboard.press("Enter")
        errors = page.locator("[data-quiz-errors] li")
        expect(errors.first).to_have_text("Fyll ut ansattnummer, navn og enhet under «Deltaker», og trykk Lagre.")
        expect(errors.nth(1)).to_have_text("Spørsmål 1: du har ikke svart.")
        assert page.locator("[data-question] legend > span[lang='nn']").count() > 0
        register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
        take(page, right=False, key=key)
        expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har ikke bestått")
        expect(page.locator("[data-quiz-summary-score]")).to_contain_text("riktige – ikke bestått")
        assert violations(page) == []
        open_page(page, "/opplaering/mine-kurs/")
        expect(page.locator(f'[data-module="{MODULE}"] [data-status]')).to_have_text("Ikke bestått ennå")
        assert violations(page) == []


def test_the_managers_page_and_the_checklist_speak_bokmal(browser, tracked):
    with guarded_page(browser, tracked) as page:
        page.goto(f"{page.base}/leiar/")
        page.wait_for_selector("[data-ready]", state="attached")
        assert page.locator("h1").inner_text().startswith("Lederoversikt")
        expect(page.locator("[data-manager-status]")).to_contain_text("Skriv inn tilgangsnøkkelen du har fått fra IT.")
        assert violations(page) == []
        page.goto(f"{page.base}/treng-pasienten-koordinator/")
        page.locator("[data-checklist] input").first.check()
        expect(page.locator("[data-checklist-result] span[lang='nb']")).to_have_text("Krysset av:")
        assert violations(page) == []


@pytest.mark.parametrize(
    "path", ["/", "/retningslinje/oppnemning/", "/opplaering/", "/redaktor/statistikk/", "/pasient/nb/", "/finst-ikkje"]
)
def test_pages_of_a_bokmal_edition_have_no_wcag_violations(browser, bokmal, path):
    with serving(bokmal.site) as base, guarded_page(browser, base) as page:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        assert violations(page) == []


@pytest.mark.parametrize("path", ["/retningslinje/formal/", "/opplaering/kven-treng-koordinator/", "/pasient/rettar/"])
def test_the_keyboard_tests_pass_on_a_bokmal_edition(browser, bokmal, path):
    from tests.test_keyboard_a11y import test_at_320_px_every_tab_stop_is_visible_and_the_menu_opens as narrow
    from tests.test_keyboard_a11y import test_at_desktop_width_every_tab_stop_is_visible_including_after_search as wide

    with serving(bokmal.site) as base:
        narrow(browser, base, path)
        wide(browser, base, path)


def test_a_module_page_of_a_bokmal_edition_prints_its_questions(browser, bokmal):
    """The module's text is wrapped as nynorsk; printing still shows the questions alone, as in the regional site."""
    with serving(bokmal.site) as base, guarded_page(browser, base) as page:
        page.goto(f"{base}/opplaering/{MODULE}/")
        page.emulate_media(media="print")
        expect(page.locator("[data-quiz-form]")).to_be_visible()
        expect(page.locator("article h1")).to_be_hidden()
