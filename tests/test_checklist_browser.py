"""The decision support and the patient pages in Chromium: tick criteria by keyboard and read the suggestion;
nothing is stored in the browser and no cookie is set."""

from playwright.sync_api import expect

from tests.keyboard import focused, tab_to


def test_ticking_criteria_by_keyboard_follows_the_legal_test(page):
    page.goto(f"{page.base}/treng-pasienten-koordinator/")
    result = page.locator("[data-checklist-result]")
    says = lambda state: page.evaluate(f"() => document.querySelector('[data-checklist-result]').dataset.{state}")  # noqa: E731
    expect(result).to_have_text(says("none"))  # before any tick
    # A sign from the local aid alone is not the legal test.
    tab_to(page, "#kriterium-fleire-einingar")
    page.keyboard.press("Space")
    expect(result).to_contain_text(says("unclear"))
    expect(result).to_contain_text("Kryssa av: Pasienten blir følgd opp av fleire einingar")
    # A long-term need alone is not enough either: both halves must be ticked.
    tab_to(page, "#kriterium-komplekse-eller-langvarige")
    page.keyboard.press("Space")
    expect(result).to_contain_text(says("unclear"))
    tab_to(page, "#kriterium-koordinerte-tenester")
    page.keyboard.press("Space")
    expect(result).to_contain_text(says("met"))
    page.keyboard.press("Space")  # untick the second half again
    expect(result).to_contain_text(says("unclear"))
    # The patient's wish always leads to an assessment.
    tab_to(page, "#kriterium-onske")
    page.keyboard.press("Space")
    expect(result).to_contain_text(says("wish"))
    assert focused(page, "#kriterium-onske")
    assert page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]


def test_patient_pages_store_nothing(page):
    for path in ["/pasient/", "/pasient/koordinator/", "/pasient/nb/rettar/"]:
        page.goto(f"{page.base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0], path
