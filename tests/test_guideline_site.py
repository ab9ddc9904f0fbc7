"""Real builds of a small site: what the guideline becomes in HTML, and how editor mistakes fail the build."""

import json
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import build_site, edit


def test_chapters_are_numbered_in_headings_toc_and_nav(project):
    result = build_site(project)
    assert result.ok, result.log
    page = result.html("retningslinje/oppnemning/")
    headings = [
        (h.name, h.get("id"), h.get_text(strip=True).rstrip("¶")) for h in page.select("article :is(h1,h2,h3,h4)")
    ]
    assert headings == [
        ("h1", "oppnemning", "2 Oppnemning av koordinator"),
        ("h2", "samtykke", "2.1 Samtykke"),
        ("h3", "munnleg", "2.1.1 Munnleg samtykke"),
        ("h4", "journal", "2.1.1.1 Journal"),
        ("h2", "melding", "2.2 Melding til kommunen"),
    ]
    toc = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert toc[:3] == ["2.1 Samtykke", "2.1.1 Munnleg samtykke", "2.1.1.1 Journal"]
    nav = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--primary > ul > li a")]
    assert (
        nav.index("1 Formål")
        < nav.index("2 Oppnemning av koordinator")
        < nav.index("Endringslogg")
        < nav.index("Utskriftsversjon")
    )


def test_info_box_on_every_guideline_page(project):
    result = build_site(project)
    for url in ["retningslinje/", "retningslinje/formal/", "retningslinje/oppnemning/", "retningslinje/utskrift/"]:
        box = result.html(url).select_one("article h1 + .rl-dokumentinfo")
        assert box is not None, url
        fields = {dt_.get_text(): dd.get_text() for dt_, dd in zip(box.select("dt"), box.select("dd"), strict=True)}
        assert fields["Versjon"] == "2.1"
        assert fields["Status"] == "godkjend"
        assert fields["Fagansvarleg"] == "Fagansvarleg for testing"
        assert fields["Godkjend"] == "Fagdirektøren, 10.01.2026"
        assert fields["Revisjonsdato"] == "31.12.2099"
        assert not box.select(".rl-banner:not([hidden])"), (
            "an approved guideline has no banner (the review date's is hidden until the date has passed)"
        )
    assert "data-search-exclude" in str(result.html("retningslinje/formal/").select_one(".rl-dokumentinfo"))
    assert (
        result.html("retningslinje/formal/").select_one(".rl-dokumentinfo__kjelde code").get_text()
        == "guideline/formal.md"
    )


def test_draft_banner(project):
    edit(project, "guideline/retningslinje.yml", "status: godkjend", "status: utkast")
    result = build_site(project)
    assert result.ok, result.log
    banner = result.html("retningslinje/formal/").select_one(".rl-dokumentinfo .rl-banner")
    assert "Utkast – ikkje godkjend" in banner.get_text()


def test_change_log_page(project):
    page = build_site(project).html("retningslinje/endringslogg/")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("article table tbody tr")]
    assert rows == [
        ["2.1 (gjeldande)", "10.01.2026", "Ny del om samtykke | med røyr"],
        ["2.0", "01.06.2025", "Første versjon"],
    ]


def test_print_view_has_everything_numbered_on_one_page(project):
    result = build_site(project)
    page = result.html("retningslinje/utskrift/")
    article = page.select_one("article")
    assert article.select_one("h1").get_text(strip=True).rstrip("¶") == "Testretningslinje"
    chapters = [h.get_text(strip=True).rstrip("¶") for h in article.select(".rl-utskrift > h2")]
    assert chapters == ["1 Formål", "2 Oppnemning av koordinator"]
    assert article.select_one("#journal").name == "h5"
    # References inside the print view stay on the page.
    assert article.select_one("#bakgrunn + p a")["href"] == "#samtykke"
    assert [a["href"] for a in article.select("nav.rl-innhald li a")] == ["#formal", "#oppnemning"]
    # The print view is not a second hit for every search.
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert "retningslinje/oppnemning/#samtykke" in locations
    assert not [location for location in locations if location.startswith("retningslinje/utskrift/")]
    css = (result.site / "assets" / "stylesheets" / "retningslinje.css").read_text(encoding="utf-8")
    assert "size:A4" in css.replace(" ", "") and "@media print" in css
    assert page.select_one('link[href$="assets/stylesheets/retningslinje.css"]') is not None


def test_search_has_the_chapters_text_but_not_the_document_information_or_its_hidden_notice(project):
    # The box under a chapter's title is the page's frame: its hidden «review date passed» notice in a search result
    # would say something the page does not.
    result = build_site(project)
    assert result.ok, result.log
    page = result.html("retningslinje/oppnemning/")
    assert "Kjeldefil" in page.select_one(".rl-dokumentinfo").get_text()
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    chapter = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("retningslinje/oppnemning/"))
    assert "samtykke" in chapter.lower()
    for chrome in ("Kjeldefil", "Revisjonsdatoen er passert", "Versjon"):
        assert chrome not in chapter


def test_references_from_other_pages_link_to_the_section(project):
    result = build_site(project)
    links = {a.get_text(): a["href"] for a in result.html("").select("article p a")}
    assert links == {
        "samtykke": "retningslinje/oppnemning/#samtykke",
        "2 Oppnemning av koordinator": "retningslinje/oppnemning/",
    }
    assert result.html("").select_one("article code").get_text() == "[døme](retningslinje:finst-ikkje)"
    chapter = result.html("retningslinje/formal/")
    assert chapter.select_one("#bakgrunn + p a")["href"] == "../oppnemning/#samtykke"
    assert chapter.select_one("#bakgrunn + p a").get_text() == "2.1 Samtykke"


def test_unknown_reference_on_a_page_warns_with_page_line_and_id(project):
    edit(project, "docs/index.md", "[samtykke](retningslinje:samtykke)", "[samtykke](retningslinje:samtykkje)")
    result = build_site(project)
    assert not result.ok
    assert "docs/index.md:3: tilvisinga «retningslinje:samtykkje» peikar på ein id som ingen overskrift" in result.log
    relaxed = build_site(project, strict=False)
    assert "ukjend punkt i retningslinja: samtykkje" in relaxed.html("").select_one("article p").get_text()


def test_unknown_reference_in_a_chapter_warns_with_source_line(project):
    edit(project, "guideline/formal.md", "[](retningslinje:samtykke)", "[](retningslinje:samtykkje)")
    result = build_site(project)
    assert not result.ok
    assert "guideline/formal.md:11: tilvisinga «retningslinje:samtykkje»" in result.log


def test_content_mistake_fails_the_build_with_all_messages(project):
    edit(
        project, "guideline/oppnemning.md", "## Melding til kommunen {#melding}", "## Melding til kommunen {#bakgrunn}"
    )
    edit(project, "guideline/retningslinje.yml", "owner: Fagansvarleg for testing\n", "")
    result = build_site(project)
    assert not result.ok
    assert "guideline/oppnemning.md:14: id-en «bakgrunn» er brukt før (guideline/formal.md:9)" in result.log
    assert "guideline/retningslinje.yml:1: feltet «owner» manglar" in result.log


def test_page_in_docs_that_clashes_with_the_guideline_is_an_error(project):
    (project / "docs" / "retningslinje").mkdir()
    (project / "docs" / "retningslinje" / "formal.md").write_text("# Anna\n", encoding="utf-8")
    result = build_site(project)
    assert not result.ok
    assert (
        "docs/retningslinje/formal.md har same adresse som ei side i retningslinja (guideline/formal.md)" in result.log
    )


def test_nav_without_the_guideline_entry_warns(project):
    edit(project, "mkdocs.yml", "  - Retningslinja: retningslinje/index.md\n", "")
    result = build_site(project)
    assert not result.ok
    assert "nav manglar oppføringa for retningslinja" in result.log


def test_command_line_build_names_the_mistake_without_a_traceback(project):
    edit(project, "guideline/retningslinje.yml", "review_by: 2099-12-31", "review_by: 2099-02-30")
    run = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert "guideline/retningslinje.yml:9: «review_by» er ikkje ein gyldig dato («2099-02-30»)" in run.stderr
