"""The content after its second review (issue 28), on the built site: the complaint route wherever a patient page
names the right to a coordinator, quotations of law that are the law's words with their source, facts that KE must
check kept in KE-check boxes, the one-page short version and notice template (one A4 sheet each, LIX 45 at most,
references checked by the build), and training modules whose item pools are large enough for a drawn attempt and
do not test what a trust decides locally."""

import re

import pytest
from bs4 import BeautifulSoup

from content.training.model import Case, Module
from content.yamlfile import load_yaml, validate
from tests.conftest import ROOT, guarded_page
from tests.sitebuild import build_site, copy_project, edit

PATIENT_PAGES = sorted(p.stem for p in (ROOT / "docs" / "pasient").glob("*.md"))
# A page names the right when it says that the patient (may) have a right to a coordinator, in either standard.
NAMES_THE_RIGHT = re.compile(r"\brett til (?:ein |en )?(?:koordinator|fast person)", re.IGNORECASE)
COMPLAINT = {
    "nn": ("klage til statsforvaltaren", "pasient- og brukarombodet"),
    "nb": ("klage til statsforvalteren", "pasient- og brukerombudet"),
}
# Provisions and details FACTS.md marks «check»: stated only inside a KE-check box, never as fact.
CHECK_FACTS = re.compile(r"§ 7-5|§ 4-[346]\b|§ 7-2 a|§ 2-5 c|fire veker|fire uker")
ONE_PAGE = {"kortversjon/": "Kortversjon", "melding-om-behov/": "Melding om behov for koordinator"}


def article(build, path: str) -> BeautifulSoup:
    return build.html(path).select_one("article")


def patient_paths():
    for name in PATIENT_PAGES:
        for language, folder in (("nn", "pasient/"), ("nb", "pasient/nb/")):
            yield language, folder + ("" if name == "index" else f"{name}/")


def test_every_patient_page_that_names_the_right_gives_the_complaint_route(real_site):
    naming = []
    for language, path in patient_paths():
        text = article(real_site, path).get_text(" ", strip=True)
        if not NAMES_THE_RIGHT.search(text):
            continue
        naming.append(path)
        for words in COMPLAINT[language]:
            assert words in text.lower(), (path, words)
    # The pages that must name it, in both standards: the test cannot pass on no page.
    for name in ("", "rettar/", "brosjyre/", "individuell-plan/"):
        assert f"pasient/{name}" in naming and f"pasient/nb/{name}" in naming, naming


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("pasient/rettar/", "staten sin representant i fylket"),
        ("pasient/nb/rettar/", "statens representant i fylket"),
        ("pasient/brosjyre/", "staten sin representant i fylket"),
        ("pasient/nb/brosjyre/", "statens representant i fylket"),
        ("retningslinje/lov-klage", "representanten for staten i kvart fylke"),
    ],
)
def test_what_a_statsforvaltar_is_is_said_in_one_plain_sentence(real_site, path, who):
    if path == "retningslinje/lov-klage":
        text = (
            real_site.html("retningslinje/lovgrunnlag/")
            .select_one("#lov-klage")
            .find_next("p")
            .get_text(" ", strip=True)
        )
    else:
        text = article(real_site, path).get_text(" ", strip=True)
    assert who in text, path


def test_facts_marked_check_stand_only_in_ke_check_boxes(static_site):
    """Every page, the questions and their explanations too (the site with no tracker has them on «Fasit» pages)."""
    found, in_boxes = [], 0
    for page in static_site.site.rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("article")
        if body is None or "redaktor" in page.parts:
            continue  # the editors' guide names the rules it explains
        for box in body.select(".admonition.ke-sjekk"):
            in_boxes += bool(CHECK_FACTS.search(box.get_text(" ", strip=True)))
            box.decompose()
        for block in body.select("p, li, td, dd"):
            if CHECK_FACTS.search(block.get_text(" ", strip=True)):
                found.append(
                    (page.parent.relative_to(static_site.site).as_posix(), block.get_text(" ", strip=True)[:120])
                )
    assert found == []
    assert in_boxes >= 5  # the complaint details (guideline, nn, nb), consent, barnekoordinator, kontaktlege


def test_the_complaint_details_are_in_a_ke_check_box_on_the_rights_pages(real_site):
    for path, words in (("pasient/rettar/", "fire veker"), ("pasient/nb/rettar/", "fire uker")):
        boxes = article(real_site, path).select(".admonition.ke-sjekk")
        assert any(words in box.get_text(" ", strip=True) for box in boxes), path


def test_a_block_quotation_that_names_a_provision_is_the_law_with_its_source(real_site):
    quotes = 0
    for page in (real_site.site / "retningslinje").glob("*/index.html"):
        if page.parent.name == "utskrift":
            continue  # repeats the chapters
        for quote in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article blockquote"):
            before = quote.find_previous_sibling("p")
            names = "§" in quote.get_text() or (before is not None and "§" in before.get_text())
            if names:
                quotes += 1
                last = quote.select("p")[-1].get_text(" ", strip=True)
                assert last.startswith("— ") and "§" in last, (page.parent.name, last)
    assert quotes >= 1


def test_the_indicators_are_as_the_source_has_them(real_site):
    rows = {
        row.select("td")[0].get_text(strip=True): row.select("td")[-1].get_text(strip=True)
        for row in real_site.html("retningslinje/indikatorar/").select("#indikatorliste ~ table tbody tr")
    }
    assert rows["Registrerte koordinatorar per avdeling"] == "Indikator"
    assert rows["Del pasientar som har fått koordinator"] == "Indikator"
    assert rows["Pasienterfaringar med koordinerte tenester"] == "Til vurdering"
    assert rows["Leiar- og medarbeidarerfaringar"] == "Til vurdering"


def test_the_glossary_sets_the_coordinator_apart_from_other_roles(real_site):
    chapter = real_site.html("retningslinje/omgrep-og-roller/")
    heading = chapter.select_one("#omgrep-andre-roller")
    box = heading.find_next("div", class_="ke-sjekk").get_text(" ", strip=True)
    for role in ("Kontaktlege", "Forløpskoordinator", "Kreftkoordinator", "Barnekoordinator"):
        assert role in box


@pytest.mark.parametrize("path", ONE_PAGE)
def test_one_page_for_the_ward_prints_on_one_a4_sheet(browser, server, path):
    with guarded_page(browser, server) as page:
        page.goto(f"{server}/{path}")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
    sizes = [tuple(float(v) for v in box) for box in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1, path
    assert len(sizes) == 1 and abs(sizes[0][0] - 595.3) < 2 and abs(sizes[0][1] - 841.9) < 2, sizes  # A4 in points


def test_the_short_version_and_the_template_are_within_lix_45(real_site):
    """As the build measured them: the readability report for editors, and the limit that a strict build enforces."""
    report = real_site.html("redaktor/lesbarheit/")
    rows = {row.select("td")[0].get_text(strip=True): row.select("td") for row in report.select("table tbody tr")}
    for title in ONE_PAGE.values():
        lix, limit = rows[title][1].get_text(strip=True), rows[title][2].get_text(strip=True)
        assert float(lix) <= 45 and limit == "45", (title, lix, limit)


def test_the_short_version_links_to_the_guideline_sections(real_site):
    links = [a["href"] for a in article(real_site, "kortversjon/").select("a[href*='retningslinje/']")]
    targets = {href.split("#")[1] for href in links if "#" in href}
    assert {"vilkar", "slik-melde", "meldeplikt", "oppnemning-steg", "lov-klage"} <= targets, targets
    for href in links:
        page, _, anchor = href.partition("#")
        built = (real_site.site / "kortversjon" / page).resolve() / "index.html"
        assert built.is_file(), href
        assert not anchor or BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser").select_one(f"#{anchor}"), (
            href
        )


def test_a_wrong_reference_on_the_short_version_fails_the_build_with_its_line(tmp_path):
    project = copy_project(tmp_path)
    edit(project, "docs/kortversjon.md", "(retningslinje:meldeplikt)", "(retningslinje:meldeplikta)")
    result = build_site(project)
    assert not result.ok
    assert any(re.match(r"WARNING: .*docs/kortversjon\.md:\d+: .*meldeplikta", w) for w in result.warnings()), (
        result.log
    )
    assert "Traceback" not in result.log


def test_the_template_stores_nothing_and_has_the_fields_of_the_source(real_site):
    page = article(real_site, "melding-om-behov/")
    assert page.select("form, input, textarea, select") == []
    text = page.get_text(" ", strip=True)
    assert "lagrar ingenting" in text.lower()
    fields = [li.select_one("strong").get_text(strip=True).rstrip(":") for li in page.select(".meldemal li")]
    for field in (
        "Bakgrunnen for behovet",
        "Einingar og tenester",
        "Brot i forløpet",
        "Måla til pasienten",
        "Hovudansvaret",
    ):
        assert field in fields, fields


# Issue 26: every attempt draws a fixed number of standalone questions and one case (modules 2–4), every case of a
# module is as long as the others, and each pool holds at least twice what is drawn.
POOLS = {  # module file: (standalone questions drawn, cases drawn)
    "1-ordninga-og-lovgrunnlaget.yml": (10, 0),
    "2-kven-treng-koordinator.yml": (6, 1),
    "3-koordinatoren-i-praksis.yml": (7, 1),
    "4-leiar-og-ke.yml": (6, 1),
}


def module(name: str) -> Module:
    return validate(Module, load_yaml((ROOT / "quizzes" / name).read_text(encoding="utf-8"), name))


@pytest.mark.parametrize("name", POOLS)
def test_each_module_has_pools_for_a_drawn_attempt_and_more_decisions_than_recall(name):
    standalone_drawn, cases_drawn = POOLS[name]
    items = module(name).questions
    cases = [item for item in items if isinstance(item, Case)]
    standalone = [item for item in items if not isinstance(item, Case)]
    assert len(standalone) >= 2 * standalone_drawn, (name, len(standalone))
    assert len(cases) >= 2 * cases_drawn, (name, len(cases))
    assert len({len(case.questions) for case in cases}) <= 1, (name, [len(c.questions) for c in cases])
    assert sum(question.scenario for question in standalone) * 2 > len(standalone), name
    assert module(name).major_version == 3


@pytest.mark.parametrize("name", POOLS)
def test_no_question_tests_what_a_trust_has_or_has_not_decided(name):
    """Issue 25: a question states no premise about a local choice and teaches no «until it is decided» rule."""
    local = re.compile(
        r"helseføretak\w* (?:ditt |har |har enno ikkje |har ikkje )+(?:avgjort|valt)|inntil (?:vidare|det er avgjort)|lokale valet ikkje er gjort",
        re.IGNORECASE,
    )
    found = []
    for question, case in module(name).all_questions():
        texts = [question.text, question.explanation, *(o.text for o in question.choices())] + (
            [case.story] if case else []
        )
        found += [(question.id, m.group(0)) for text in texts for m in local.finditer(text)]
    assert found == []
