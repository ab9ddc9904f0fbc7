"""Local choices and points for KE to check: the boxes render with their meaning in the title (in the page's written
standard), each local choice has a stable id, they are collected on «Lokale val» with their ids, places and source
lines, and only an open point for KE stops the region's approval (local choices are each trust's, in its edition)."""

from content.guideline.loader import load_guideline
from tests.sitebuild import build_site, edit, write

CHOICE = """
!!! lokalt-val "Kven tek imot meldingar" {#mottak}
    Helseføretaket avgjer kven i KE som tek imot meldingane.
"""
CHECK = """
!!! ke-sjekk "Kontaktlege"
    KE kontrollerer dette mot lova.
"""


def draft(project):
    edit(project, "guideline/retningslinje.yml", "status: godkjend", "status: utkast")


def test_boxes_render_and_are_collected_for_the_approver(project):
    draft(project)
    edit(
        project,
        "guideline/oppnemning.md",
        "## Melding til kommunen {#melding}\n",
        f"## Melding til kommunen {{#melding}}\n{CHOICE}",
    )
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", f"Tekst om samtykke.\n{CHECK}")
    write(project, "docs/pasient/kontakt.md", f"# Kontakt\n{CHOICE.replace('#mottak', '#kontakt')}")
    write(project, "docs/pasient/nb/kontakt.md", f"# Kontakt\n{CHOICE.replace('#mottak', '#kontakt')}")
    result = build_site(project)
    assert result.ok, result.log

    chapter = result.html("retningslinje/oppnemning/")
    box = chapter.select_one("#melding ~ .admonition.lokalt-val")
    assert box.select_one(".admonition-title").get_text() == "Lokalt val: må avgjerast – Kven tek imot meldingar"
    assert (
        chapter.select_one(".admonition.ke-sjekk .admonition-title").get_text()
        == "Må kontrollerast av KE – Kontaktlege"
    )
    banner = chapter.select_one(".rl-banner a[href]")
    assert banner.get_text() == "1 punkt" and banner["href"] == "../lokale-val/"
    assert chapter.select_one(".rl-lokale-val a").get_text() == "2 lokale val"
    # On a bokmål page, the box's words are bokmål.
    nb = result.html("pasient/nb/kontakt/")
    assert (
        nb.select_one(".lokalt-val .admonition-title").get_text()
        == "Lokalt valg: må avgjøres – Kven tek imot meldingar"
    )

    listing = result.html("retningslinje/lokale-val/")
    choices, checks = listing.select("table")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in choices.select("tbody tr")]
    assert rows == [
        ["mottak", "2.2 Melding til kommunen", "Kven tek imot meldingar", "guideline/oppnemning.md:20"],
        ["kontakt", "docs/pasient/kontakt.md", "Kven tek imot meldingar", "docs/pasient/kontakt.md:3"],
        ["kontakt", "docs/pasient/nb/kontakt.md", "Kven tek imot meldingar", "docs/pasient/nb/kontakt.md:3"],
    ]
    assert [[c.get_text(" ", strip=True) for c in row.select("td")] for row in checks.select("tbody tr")] == [
        ["2.1 Samtykke", "Kontaktlege", "guideline/oppnemning.md:10"]
    ]
    links = [a["href"] for a in listing.select("table a[href]")]
    assert links == [
        "../oppnemning/#melding",
        "../../pasient/kontakt/",
        "../../pasient/nb/kontakt/",
        "../oppnemning/#samtykke",
    ]
    assert "Kvart helseføretak fyller ut dei lokale vala i si eiga utgåve" in listing.get_text()


def test_an_approved_guideline_with_a_point_for_ke_fails_naming_it(project):
    edit(
        project,
        "guideline/oppnemning.md",
        "## Melding til kommunen {#melding}\n",
        f"## Melding til kommunen {{#melding}}\n{CHOICE}",
    )
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", f"Tekst om samtykke.\n{CHECK}")
    result = build_site(project)
    assert not result.ok
    assert (
        "guideline/retningslinje.yml:4: status er godkjend, men KE har ikkje kontrollert 1 punkt mot lova: "
        "guideline/oppnemning.md:10 «Kontaktlege»."
    ) in result.log, result.log
    assert "Kven tek imot meldingar" not in result.log  # a local choice does not stop the region's approval
    assert "Traceback" not in result.log


def test_local_choices_do_not_stop_the_regions_approval(project):
    """The approved test guideline with a local choice added: the loader, which holds the rule, accepts it."""
    edit(
        project,
        "guideline/oppnemning.md",
        "## Melding til kommunen {#melding}\n",
        f"## Melding til kommunen {{#melding}}\n{CHOICE}",
    )
    guideline = load_guideline(project)
    assert guideline.metadata.status == "godkjend"
    assert [p.choice_id for p in guideline.open_points] == ["mottak"]


def test_a_box_without_title_text_or_id_is_named_with_its_line(project):
    draft(project)
    edit(
        project,
        "guideline/oppnemning.md",
        "Tekst om samtykke.",
        (
            'Tekst om samtykke.\n\n!!! lokalt-val\n    Tekst.\n\n!!! ke-sjekk "Tittel"\nIkkje innrykt.\n\n'
            '!!! lokalt-val "Utan id"\n    Tekst.\n\n!!! lokalt-val "Feil id" {#Feil_Id}\n    Tekst.\n'
        ),
    )
    result = build_site(project)
    assert not result.ok
    assert "guideline/oppnemning.md:10: boksen «lokalt-val» manglar tittel" in result.log
    assert (
        "guideline/oppnemning.md:13: boksen «ke-sjekk» har ingen tekst: skriv kva som må avgjerast på linja under, med fire mellomrom først"
        in result.log
    )
    assert (
        "guideline/oppnemning.md:16: det lokale valet «Utan id» manglar fast id: helseføretaka fyller det ut etter id-en. "
        'Skriv han etter tittelen, til dømes !!! lokalt-val "Utan id" {#kort-namn}'
    ) in result.log
    assert "guideline/oppnemning.md:19: id-en «Feil_Id» til boksen er ugyldig" in result.log


def test_one_local_choice_once_in_the_guideline(project):
    draft(project)
    edit(
        project,
        "guideline/oppnemning.md",
        "## Melding til kommunen {#melding}\n",
        f"## Melding til kommunen {{#melding}}\n{CHOICE}",
    )
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", f"Tekst om samtykke.\n{CHOICE}")
    result = build_site(project)
    assert not result.ok
    assert (
        "guideline/oppnemning.md:20: det lokale valet «mottak» står før på guideline/oppnemning.md:10" in result.log
    ), result.log


def test_no_open_points_says_so(project):
    draft(project)
    result = build_site(project)
    assert result.ok, result.log
    text = result.html("retningslinje/lokale-val/").get_text()
    assert "Lokale val som må avgjerast (0)" in text and "Punkt KE må kontrollere mot lova (0)" in text
    assert not result.html("retningslinje/formal/").select(".rl-banner a")


def test_a_box_before_the_first_section_belongs_to_the_chapter(project):
    draft(project)
    edit(
        project,
        "guideline/oppnemning.md",
        "---\n\n## Samtykke {#samtykke}",
        f"---\n{CHOICE}\n## Samtykke {{#samtykke}}",
    )
    result = build_site(project)
    assert result.ok, result.log
    first = result.html("retningslinje/lokale-val/").select_one("table tbody tr td a")
    assert (first.get_text(), first["href"]) == ("2 Oppnemning av koordinator", "../oppnemning/")
