"""Beyond axe: the site by keyboard and through the accessibility tree, at 320 px (400 % zoom) and at desktop width.
What overrides/assets/javascripts/a11y.js, overrides/partials/nav.html and site.css change in the theme is checked here."""

from __future__ import annotations

import pytest

from tests.conftest import guarded_page
from tests.keyboard import tab_to

PAGES = {
    "front page": "/",
    "guideline chapter": "/retningslinje/formal/",
    "module": "/opplaering/kven-treng-koordinator/",
    "patient page (nb)": "/pasient/nb/rettar/",
    "matrix": "/roller/kven-gjer-kva/",
}

# The focused element, whether a person can see it (on screen, with a size) and its name and role as the
# accessibility tree gives them.
FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const visible = box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth && box.bottom > 0 && box.top < innerHeight
    && getComputedStyle(el).visibility !== 'hidden';
  return {tag: el.tagName, name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40), role: el.getAttribute('role'),
          visible, inert: !!el.closest('[inert]')};
}"""


def _open(page, url: str) -> None:
    """The page as a person meets it. A training page is counted once its script has made it interactive
    (data-ready): until the tracker has answered, the learner box may show and hide its form, and a field that was
    hidden just after Tab reached it was counted as a stop nobody could see (once, in a bokmål edition's run)."""
    page.goto(url)
    if page.locator("[data-quiz-module], [data-quiz-overview], [data-quiz-courses]").count():
        page.wait_for_selector("[data-ready]", state="attached")


def _hidden_tab_stops(page, count: int) -> list[dict]:
    """The first `count` tab stops that a person could not see (the page itself, reached at the end, is fine)."""
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return [s for s in stops if not s["visible"] and s["tag"] != "BODY"]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_at_320_px_every_tab_stop_is_visible_and_the_menu_opens(browser, server, path):
    with guarded_page(browser, server) as page:
        page.set_viewport_size({"width": 320, "height": 640})
        _open(page, f"{server}{path}")
        hidden = _hidden_tab_stops(page, 30)
        assert not hidden, f"focus on something not visible at 320 px: {hidden}"
        menu = page.get_by_role("button", name="Meny", exact=True)
        assert menu.get_attribute("aria-expanded") == "false"
        menu.focus()
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        assert page.locator(".md-sidebar--primary").evaluate("el => !el.inert")
        assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), "the opened menu takes focus"
        # The drawer slides in (a CSS transition): what a person sees is the drawer once it has come in. Pressing Tab
        # during the slide found the next link still off screen on a busy machine (one full run in many).
        page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["visible"]
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Meny"
        page.keyboard.press(" ")
        assert menu.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("button", name="Søk", exact=True).is_visible()


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_at_desktop_width_every_tab_stop_is_visible_including_after_search(browser, server, path):
    with guarded_page(browser, server) as page:
        page.set_viewport_size({"width": 1280, "height": 800})
        _open(page, f"{server}{path}")
        hidden = _hidden_tab_stops(page, 30)
        assert not hidden, f"focus on something not visible at 1280 px: {hidden}"
        page.locator(".md-search__input").focus()
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        assert after["visible"] or after["tag"] == "BODY", f"the stop after the search field is not visible: {after}"


def test_side_menu_toggles_have_a_name_a_state_and_answer_space_and_enter(browser, server):
    with guarded_page(browser, server) as page:
        page.goto(f"{server}/")
        toggle = page.get_by_role("button", name="Undermeny: For pasientar og pårørande")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.focus()
        page.keyboard.press(" ")
        assert toggle.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "false"


def test_focus_ring_is_black_with_white_on_the_header_and_in_text(browser, server):
    with guarded_page(browser, server) as page:
        page.goto(f"{server}/")
        for selector in (".md-header__button.md-logo", "article a[href]"):
            element = page.locator(selector).first
            element.focus()
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")  # focus by keyboard, so that :focus-visible applies
            style = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement); return [s.outlineColor, s.outlineWidth, s.boxShadow]; }"
            )
            assert style[0] == "rgb(0, 0, 0)" and style[1] == "3px" and "rgb(255, 255, 255)" in style[2], (
                selector,
                style,
            )


def test_tables_have_row_headers_and_the_matrix_fits_at_1280(browser, server):
    with guarded_page(browser, server) as page:
        page.goto(f"{server}/roller/kven-gjer-kva/")
        rows = page.locator("article table tbody tr")
        assert rows.count() == page.locator('article table tbody th[scope="row"]').count() > 5
        wrap = page.locator("article .md-typeset__scrollwrap").first
        assert page.evaluate("el => el.scrollWidth <= el.clientWidth + 1", wrap.element_handle()), (
            "the matrix must not need sideways scrolling"
        )
        page.set_viewport_size({"width": 320, "height": 640})
        assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("aria-label"), (
            "at 320 px the table's frame scrolls by keyboard"
        )
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{server}/opplaering/mine-kurs/")
        assert (
            page.locator('[data-courses] tbody th[scope="row"]').count()
            == page.locator("[data-courses] tbody tr").count()
        )


def test_language_and_titles(browser, server):
    with guarded_page(browser, server) as page:
        page.goto(f"{server}/")
        assert page.title() == "Koordinatorordninga"
        page.goto(f"{server}/pasient/nb/rettar/")
        assert page.locator("html").get_attribute("lang") == "nb"
        assert page.locator("nav.md-nav--primary").get_attribute("lang") == "nn"
        page.goto(f"{server}/pasient/rettar/")
        assert page.locator("nav.md-nav--primary").get_attribute("lang") is None
        assert page.title() == "Kva rettar har du? - Koordinatorordninga"
        # The nynorsk and bokmål pages of one topic never share a title, even when the words are the same.
        page.goto(f"{server}/pasient/individuell-plan/")
        assert page.title() == "Individuell plan: ditt liv, din plan (nynorsk) - Koordinatorordninga"
        page.goto(f"{server}/pasient/nb/individuell-plan/")
        assert page.title() == "Individuell plan: ditt liv, din plan (bokmål) - Koordinatorordninga"


def test_focus_and_controls_show_in_forced_colours(browser, server):
    with guarded_page(browser, server) as page:
        page.emulate_media(forced_colors="active")
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(f"{server}/")
        menu = page.get_by_role("button", name="Meny", exact=True)
        tab_to(page, 'label[aria-label="Meny"]', limit=30)
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert style == ["solid", "3px"], "the focus ring is an outline, which forced colours keep"
        assert menu.is_visible()


def test_printed_body_text_is_at_least_10_5_pt(browser, server):
    with guarded_page(browser, server) as page:
        page.goto(f"{server}/retningslinje/utskrift/")
        page.emulate_media(media="print")
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.rl-utskrift p')).fontSize)")
        assert size >= 14, f"{size} px is {size * 0.75} pt"  # 10.5 pt = 14 px
