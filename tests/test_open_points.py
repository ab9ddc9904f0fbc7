"""Local choices and points for KE to check: the boxes render with their meaning in the title (in the page's written
standard), are collected on «Lokale val» with links and source lines, and an approved guideline cannot have any."""

from tests.sitebuild import build_site, edit, write

CHOICE = '''
!!! lokalt-val "Kven tek imot meldingar"
    Helseføretaket avgjer kven i KE som tek imot meldingane.
'''
CHECK = '''
!!! ke-sjekk "Kontaktlege"
    KE kontrollerer dette mot lova.
'''


def draft(project):
    edit(project, "guideline/retningslinje.yml", "status: godkjend", "status: utkast")


def test_boxes_render_and_are_collected_for_the_approver(project):
    draft(project)
    edit(project, "guideline/oppnemning.md", "## Melding til kommunen {#melding}\n", f"## Melding til kommunen {{#melding}}\n{CHOICE}")
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", f"Tekst om samtykke.\n{CHECK}")
    write(project, "docs/pasient/kontakt.md", f"# Kontakt\n{CHOICE}")
    write(project, "docs/pasient/nb/kontakt.md", f"# Kontakt\n{CHOICE}")
    result = build_site(project)
    assert result.ok, result.log

    chapter = result.html("retningslinje/oppnemning/")
    box = chapter.select_one("#melding ~ .admonition.lokalt-val")
    assert box.select_one(".admonition-title").get_text() == "Lokalt val: må avgjerast – Kven tek imot meldingar"
    assert chapter.select_one(".admonition.ke-sjekk .admonition-title").get_text() == "Må kontrollerast av KE – Kontaktlege"
    banner = chapter.select_one(".rl-banner a[href]")
    assert banner.get_text() == "2 lokale val og opne punkt" and banner["href"] == "../lokale-val/"
    # On a bokmål page, the box's words are bokmål.
    nb = result.html("pasient/nb/kontakt/")
    assert nb.select_one(".lokalt-val .admonition-title").get_text() == "Lokalt valg: må avgjøres – Kven tek imot meldingar"

    listing = result.html("retningslinje/lokale-val/")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in listing.select("table tbody tr")]
    assert rows == [
        ["2.2 Melding til kommunen", "Kven tek imot meldingar", "guideline/oppnemning.md:20"],
        ["2.1 Samtykke", "Kontaktlege", "guideline/oppnemning.md:10"],
        ["docs/pasient/kontakt.md", "Lokalt val: må avgjerast – Kven tek imot meldingar", "docs/pasient/kontakt.md:3"],
        ["docs/pasient/nb/kontakt.md", "Lokalt val: må avgjerast – Kven tek imot meldingar", "docs/pasient/nb/kontakt.md:3"],
    ]
    links = [a["href"] for a in listing.select("table a[href]")]
    assert links == ["../oppnemning/#melding", "../oppnemning/#samtykke", "../../pasient/kontakt/", "../../pasient/nb/kontakt/"]
    assert "Retningslinja har 2 opne punkt" in listing.get_text()


def test_an_approved_guideline_with_open_points_fails_naming_each(project):
    edit(project, "guideline/oppnemning.md", "## Melding til kommunen {#melding}\n", f"## Melding til kommunen {{#melding}}\n{CHOICE}")
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", f"Tekst om samtykke.\n{CHECK}")
    result = build_site(project)
    assert not result.ok
    assert (
        "guideline/retningslinje.yml:4: status er godkjend, men 2 punkt er ikkje avgjorde eller kontrollerte: "
        "guideline/oppnemning.md:10 «Kontaktlege» (ke-sjekk); guideline/oppnemning.md:20 «Kven tek imot meldingar» (lokalt-val)."
    ) in result.log, result.log
    assert "Traceback" not in result.log


def test_a_box_without_title_or_text_is_named_with_its_line(project):
    draft(project)
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", "Tekst om samtykke.\n\n!!! lokalt-val\n    Tekst.\n\n!!! ke-sjekk \"Tittel\"\nIkkje innrykt.\n")
    result = build_site(project)
    assert not result.ok
    assert 'guideline/oppnemning.md:10: boksen «lokalt-val» manglar tittel' in result.log
    assert "guideline/oppnemning.md:13: boksen «ke-sjekk» har ingen tekst: skriv kva som må avgjerast på linja under, med fire mellomrom først" in result.log


def test_no_open_points_says_so(project):
    draft(project)
    result = build_site(project)
    assert result.ok, result.log
    assert "Retningslinja har ingen opne punkt." in result.html("retningslinje/lokale-val/").get_text()
    assert not result.html("retningslinje/formal/").select(".rl-banner a")


def test_a_box_before_the_first_section_belongs_to_the_chapter(project):
    draft(project)
    edit(project, "guideline/oppnemning.md", "---\n\n## Samtykke {#samtykke}", f"---\n{CHOICE}\n## Samtykke {{#samtykke}}")
    result = build_site(project)
    assert result.ok, result.log
    first = result.html("retningslinje/lokale-val/").select_one("table tbody tr td a")
    assert (first.get_text(), first["href"]) == ("2 Oppnemning av koordinator", "../oppnemning/")
