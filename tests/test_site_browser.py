"""Every kind of page in Chromium: zero axe violations against WCAG 2.0/2.1 A and AA, no request outside the
local server (the page fixture fails on any), Norwegian search, the print view as an A4 PDF, and a 375-pixel
phone screen without sideways scrolling."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, ROOT, guarded_page
from tests.keyboard import open_page, register, tab_to
from tests.test_quiz_browser import MODULE, take

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PATIENT = sorted(p.stem for p in (ROOT / "docs" / "pasient").glob("*.md"))
PAGES = {
    "front page": "/",
    "guideline chapter": "/retningslinje/oppnemning/",
    "print view": "/retningslinje/utskrift/",
    "change log": "/retningslinje/endringslogg/",
    "module overview": "/opplaering/",
    "mine kurs": "/opplaering/mine-kurs/",
    "role": "/roller/koordinator/",
    "who does what": "/roller/kven-gjer-kva/",
    "checklist": "/treng-pasienten-koordinator/",
    "short version": "/kortversjon/",
    "notice template": "/melding-om-behov/",
    "readability report": "/redaktor/lesbarheit/",
    "editor's guide": "/redaktor/",
    "accessibility statement": "/tilgjengelegheit/",
    "404": "/finst-ikkje",
    **{f"patient {name} (nn)": f"/pasient/{'' if name == 'index' else name + '/'}" for name in PATIENT},
    **{f"patient {name} (nb)": f"/pasient/nb/{'' if name == 'index' else name + '/'}" for name in PATIENT},
}


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_wcag_violations(page, path):
    page.goto(f"{page.base}{path}")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_module_page_has_no_wcag_violations_after_answering(browser, tracked_server, answer_key):
    with guarded_page(browser, tracked_server) as page:
        open_page(page, f"/opplaering/{MODULE}/")
        assert violations(page) == []
        register(page, "10001", "Kari Nordmann", "Medisinsk avdeling")
        take(page, right=False, key=answer_key)
        expect(page.locator("[data-quiz-result-text]")).to_contain_text("Du har ikkje bestått")
        assert violations(page) == []


def test_every_page_links_the_accessibility_statement(page):
    for path in ["/", "/retningslinje/oppnemning/", "/pasient/nb/koordinator/", "/opplaering/mine-kurs/"]:
        page.goto(f"{page.base}{path}")
        link = page.locator(".md-footer a", has_text=re.compile("Tilgjenge?l"))
        assert link.get_attribute("href").endswith("tilgjengelegheit/"), path


@pytest.mark.parametrize(
    ("query", "first", "among_top_three"),
    [
        ("oppnemning", "/retningslinje/oppnemning/", None),
        ("avslutning", "/retningslinje/overforing-og-avslutning/", None),
        (
            "individuell plan",
            "/pasient/individuell-plan/",
            "/retningslinje/samhandling/",
        ),  # the nynorsk page before the bokmål one
        ("samtykke", "/retningslinje/saerlege-grupper/", "/retningslinje/saerlege-grupper/#born-samtykke"),
        ("helsepersonellova § 38 a", "/retningslinje/lovgrunnlag/", "/retningslinje/lovgrunnlag/#lov-helsepersonell"),
    ],
)
def test_norwegian_search_finds_the_guideline_sections(page, query, first, among_top_three):
    """The page and, where named, the very section; the search's query marker (?h=) is left out of the comparison."""
    page.goto(f"{page.base}/")
    assert page.locator("html").get_attribute("lang") == "nn"
    results = page.locator(".md-search-result__item > a")
    # Typed key by key, as a reader does: Material reads the field on keyup and on focus only (not on `input`, which
    # is all that Playwright's fill sends), and sends the last query read to its worker once the index is loaded.
    page.locator(".md-search__input").press_sequentially(query)
    expect(results.first).to_be_visible(timeout=60_000)
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ treff$"))
    top = [urlsplit(results.nth(i).get_attribute("href")) for i in range(min(results.count(), 3))]
    top = [f"{url.path}#{url.fragment}" if url.fragment else url.path for url in top]
    assert top[0] == first, top
    assert among_top_three is None or among_top_three in top, top
    assert violations(page) == []


def test_print_view_is_an_a4_pdf_without_navigation(page):
    page.goto(f"{page.base}/retningslinje/utskrift/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".rl-utskrift > h2").first.text_content().startswith("1 ")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = {tuple(round(float(x)) for x in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert boxes == {(595, 842)}, boxes  # A4 in points
    assert len(re.findall(rb"/Type /Page\b", pdf)) > 10
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "retningslinje-utskrift.pdf").write_bytes(pdf)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=ARTIFACTS / "retningslinje-utskrift-side-1.png")


@pytest.mark.parametrize("path", ["/", f"/opplaering/{MODULE}/", "/pasient/koordinator/", "/pasient/nb/rettar/"])
def test_phone_screen_has_no_sideways_scrolling_and_controls_are_reachable(browser, server, path):
    with guarded_page(browser, server) as page:
        page.set_viewport_size({"width": 375, "height": 740})
        page.goto(f"{page.base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        controls = page.locator("article input:visible, article button:visible, article a:visible")
        for index in range(controls.count()):
            box = controls.nth(index).bounding_box()
            assert box is None or box["x"] + box["width"] <= 376, controls.nth(index).evaluate("e => e.outerHTML")[:120]
        if "opplaering" in path:
            tab_to(page, "[data-quiz-submit]")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"mobil{path.replace('/', '-').rstrip('-')}.png", full_page=True)
