"""The law as the built site states it (FACTS.md, corrected 2026): the regulation's names since 1 August 2022,
helsepersonellova § 38 a's reporting route on every page that describes reporting, and the local choices that
keep the guideline from being approved until the trust has made them."""

import re

import pytest

from tests.sitebuild import build_site, copy_project, edit

OLD_TITLE = re.compile(r"habilitering og rehabilitering,\s+individuell plan og koordinator", re.IGNORECASE)
# «melde frå til leiaren», «meld behovet til einingsleiaren», bokmål «melde fra til lederen» …
TO_THE_LEADER = re.compile(
    r"\bmeld\w*\s+(?:frå\s+|fra\s+)?(?:behovet\s+)?til\s+(?:\w+\s+)?(?:einings)?(?:leiar|leder)\w*", re.IGNORECASE
)
BLOCKS = "p, li, td, th, h1, h2, h3, h4, dd, .admonition-title"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_pages(site):
    return sorted(site.rglob("index.html"))


def blocks(page):
    return [block.get_text(" ", strip=True) for block in page.select(BLOCKS)]


def section_text(page, section_id: str) -> str:
    """The text from a section's heading up to the next heading of the same or a higher level."""
    heading = page.select_one(f"#{section_id}")
    texts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in HEADINGS and sibling.name <= heading.name:
            break
        texts.append(sibling.get_text(" ", strip=True))
    return " ".join(texts)


def test_the_regulation_has_its_2022_name_except_where_history_is_told(real_site, static_site):
    """Every text, the questions' explanations too: the site with no tracker has them in its «Fasit» pages."""
    from bs4 import BeautifulSoup

    found = []
    for path in html_pages(static_site.site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found += [
            (path.parent.relative_to(static_site.site).as_posix(), text)
            for text in blocks(page)
            if OLD_TITLE.search(text) and "2022" not in text
        ]
    assert found == []
    law = real_site.html("retningslinje/lovgrunnlag/").get_text(" ", strip=True)
    assert "forskrift om habilitering og rehabilitering og koordinator" in law.lower()
    assert "forskrift om individuell plan ved ytelse av velferdstjenester" in law.lower()  # the official (bokmål) title
    # § 11 as it stands: the overview is of measures in the helseregionen, said in the regulation's own section.
    assert "helseregionen" in section_text(real_site.html("retningslinje/lovgrunnlag/"), "lov-forskrift")


# Every page that describes how to report, in both written standards.
ROUTE_PAGES = {
    "retningslinje/lovgrunnlag/": ("snarast mogleg", "koordinerande eining"),
    "retningslinje/kriterium/": ("snarast mogleg", "KE"),
    "roller/helsepersonell/": ("snarast mogleg", "KE"),
    "treng-pasienten-koordinator/": ("snarast mogleg", "KE"),
    "pasient/fa-koordinator/": ("snarast mogleg", "koordinerande eining"),
    "pasient/nb/fa-koordinator/": ("snarest mulig", "koordinerende enhet"),
    "pasient/brosjyre/": ("snarast mogleg", "koordinerande eining"),
    "pasient/nb/brosjyre/": ("snarest mulig", "koordinerende enhet"),
}


@pytest.mark.parametrize("path", ROUTE_PAGES)
def test_pages_that_describe_reporting_give_the_38a_route(real_site, path):
    text = real_site.html(path).select_one("article").get_text(" ", strip=True)
    for words in ROUTE_PAGES[path]:
        assert words in text, (path, words)


def test_no_page_sends_the_report_to_the_unit_leader(static_site):
    """Quiz options are left out (a wrong option may name the old route), but no right option may, and no
    explanation: the site with no tracker has them all in its «Fasit» pages."""
    from bs4 import BeautifulSoup

    found = []
    assert list(static_site.site.glob("opplaering/*/fasit/index.html"))
    for path in html_pages(static_site.site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for form in page.select("form[data-quiz]"):
            form.decompose()
        texts = blocks(page)
        if "/fasit" in path.as_posix():
            texts = [t for t in texts if not t.startswith("Gale:")]
        found += [
            (path.parent.relative_to(static_site.site).as_posix(), t)
            for t in texts
            if TO_THE_LEADER.search(t) and "KE" not in t
        ]
    assert found == []


def test_the_real_guideline_marks_local_choices_and_cannot_be_approved_before_ke_has_checked(real_site, tmp_path):
    listing = real_site.html("retningslinje/lokale-val/")
    ids = [row.select("td")[0].get_text(strip=True) for row in listing.select("table")[0].select("tbody tr")]
    assert len(set(ids)) >= 10 and "ke-kontakt" in ids, ids
    chapter = real_site.html("retningslinje/koordinerande-eining/")
    assert [t.get_text() for t in chapter.select(".admonition.lokalt-val .admonition-title")][:1][0].startswith(
        "Lokalt val: må avgjerast – "
    )

    project = copy_project(tmp_path)
    edit(project, "guideline/retningslinje.yml", "status: utkast", "status: godkjend")
    edit(project, "guideline/retningslinje.yml", "approved_by: null", "approved_by: Direktøren")
    edit(project, "guideline/retningslinje.yml", "approved_date: null", "approved_date: 2026-11-01")
    edit(project, "guideline/retningslinje.yml", "valid_from: null", "valid_from: 2026-11-15")
    result = build_site(project)
    assert not result.ok
    assert re.search(
        r"guideline/retningslinje\.yml:\d+: status er godkjend, men KE har ikkje kontrollert \d+ punkt mot lova",
        result.log,
    ), result.log
    assert "Traceback" not in result.log


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("Lova seier:\n\n> Helsepersonell skal melde frå.\n", False),  # names no provision: not about the law's words
        (
            "Helsepersonellova § 38 a seier:\n\n> Helsepersonell skal melde frå snarast mogleg.\n",
            True,
        ),  # a lead-in names it
        ("> Etter § 38 a skal helsepersonell melde frå.\n", True),  # the quotation names it
        (
            "Helsepersonellova § 38 a seier:\n\n> Helsepersonell skal melde frå.\n>\n> — Helsepersonellova § 38 a\n",
            False,
        ),
        ("```\n> § 2-5 a i ein kodeblokk\n```\n", False),
    ],
)
def test_a_quotation_that_names_a_provision_must_be_the_laws_text_with_its_source(project, text, warned):
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", f"Tekst om samtykke.\n\n{text}")
    result = build_site(project, strict=False)
    found = [w for w in result.warnings() if "blokksitatet nemner ei føresegn" in w]
    assert bool(found) == warned, result.log
    if warned:
        line = 10 + text.split("\n").index(next(row for row in text.split("\n") if row.startswith(">")))
        assert found[0].startswith(
            f"WARNING: plugins: guideline/oppnemning.md:{line}: blokksitatet nemner ei føresegn (§), men er ikkje merkt som lovtekst"
        ), found


def test_the_real_guideline_quotes_the_law_only_with_its_source(real_site):
    assert not [w for w in real_site.warnings() if "blokksitatet" in w]
    quote = real_site.html("retningslinje/lovgrunnlag/").select_one("blockquote")
    assert quote.select("p")[-1].get_text().startswith("— Spesialisthelsetenestelova § 2-5 a")
