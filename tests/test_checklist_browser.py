"""The decision support and the patient pages in Chromium: tick criteria by keyboard and read the suggestion;
nothing is stored in the browser and no cookie is set."""

from playwright.sync_api import expect

from tests.keyboard import focused, tab_to


def test_ticking_criteria_by_keyboard_gives_a_suggestion(page):
    page.goto(f"{page.base}/treng-pasienten-koordinator/")
    result = page.locator("[data-checklist-result]")
    expect(result).to_contain_text("Ingen av kriteria er kryssa av")  # before any tick
    tab_to(page, "#kriterium-fleire-einingar")
    page.keyboard.press("Space")
    expect(result).to_contain_text("Kryssa av: Pasienten blir følgd opp av fleire einingar")
    tab_to(page, "#kriterium-onske")
    page.keyboard.press("Space")
    expect(result).to_contain_text("; Pasienten eller pårørande ber sjølv om koordinator")
    page.keyboard.press("Space")  # untick the wish again
    expect(result).not_to_contain_text("ber sjølv om koordinator")
    assert focused(page, "#kriterium-onske")
    assert page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]


def test_patient_pages_store_nothing(page):
    for path in ["/pasient/", "/pasient/koordinator/", "/pasient/nb/rettar/"]:
        page.goto(f"{page.base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0], path
