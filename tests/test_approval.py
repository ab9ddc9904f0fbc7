"""Approval that is enforced: only a listed approver, sane dates and versions, and no text nobody approved under
«godkjend». The test site (tests/fixtures/site) is version 2.1, approved by Fagdirektøren and archived in approved/."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from tests.conftest import ROOT, guarded_page, serving
from tests.sitebuild import build_site, edit
from tools.approve import main as approve

META = "guideline/retningslinje.yml"


def _errors(project) -> str:
    result = build_site(project)
    assert not result.ok, "the build should stop"
    assert "Traceback" not in result.log
    return result.log


def test_the_archived_approved_test_site_builds(project):
    result = build_site(project)
    assert result.ok, result.log
    assert not result.html("opplaering/test-modul/").select("article .admonition.info"), (
        "nothing changed: no notice to learners"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            [("approved_by: Fagdirektøren", "approved_by: Ein på gangen")],
            r"retningslinje\.yml:6: «Ein på gangen» står ikkje i lista over godkjennarar \(guideline/godkjennarar\.yml: Fagdirektøren\)",
        ),
        (
            [
                ("approved_date: 2026-01-10", "approved_date: 2099-01-10"),
                ("valid_from: 2026-02-01", "valid_from: 2099-02-01"),
            ],
            r"retningslinje\.yml:7: godkjenningsdatoen 10\.01\.2099 er fram i tid",
        ),
        (
            [("valid_from: 2026-02-01", "valid_from: 2026-01-01")],
            r"retningslinje\.yml:8: retningslinja kan ikkje gjelde frå ein dato før ho vart godkjend",
        ),
        (
            [('version: "2.1"', 'version: "0.9"'), ('  - version: "2.1"', '  - version: "0.9"')],
            r"retningslinje\.yml:3: versjon 0\.9 er lågare enn den sist godkjende versjonen 2\.1",
        ),
        (
            [('  - version: "2.0"\n    date: 2025-06-01', '  - version: "2.0"\n    date: 2026-06-01')],
            r"retningslinje\.yml:\d+: versjon 2\.0 er datert etter den nyare versjonen 2\.1",
        ),
        (
            [('version: "2.1"', 'version: "2.2"'), ('  - version: "2.1"', '  - version: "2.2"')],
            r"retningslinje\.yml:4: versjon 2\.2 har status godkjend, men er ikkje arkivert i approved/retningslinje-v2\.2",
        ),
        (
            [("approved_date: 2026-01-10", "approved_date: 2026-01-11")],
            r"retningslinje\.yml:7: approved_date skil seg frå det som vart arkivert for versjon 2\.1",
        ),
    ],
    ids=[
        "approver-not-listed",
        "approved-in-future",
        "valid-before-approved",
        "version-down",
        "changelog-dates",
        "not-archived",
        "approval-rewritten",
    ],
)
def test_each_approval_rule(project, changes, expected):
    for old, new in changes:
        edit(project, META, old, new)
    assert re.search(expected, _errors(project))


def test_a_chapter_edited_after_approval_cannot_stay_approved(project):
    edit(project, "guideline/oppnemning.md", "Samtykke", "Samtykkje")
    log = _errors(project)
    assert re.search(
        r"retningslinje\.yml:3: versjon 2\.1 vart godkjend slik ho står i approved/retningslinje-v2\.1, men oppnemning\.md er endra sidan\. Set status: utkast og auk versjonen",
        log,
    )
    # As a draft of the next version it builds, and says what changed.
    edit(project, META, "status: godkjend", "status: utkast")
    edit(project, META, 'version: "2.1"', 'version: "2.2"')
    edit(
        project,
        META,
        "changelog:\n",
        'changelog:\n  - version: "2.2"\n    date: 2026-03-01\n    summary: Retta ordbruk\n',
    )
    result = build_site(project)
    assert result.ok, result.log


def test_a_changed_archive_is_refused(project):
    archived = project / "approved/retningslinje-v2.1/guideline/formal.md"
    archived.write_text(archived.read_text(encoding="utf-8") + "\nEin ekstra setning.\n", encoding="utf-8")
    assert "approved/retningslinje-v2.1/guideline/formal.md: fila er endra eller borte etter godkjenninga" in _errors(
        project
    )


def test_archive_command_writes_the_approved_version_and_refuses_twice(project, capsys):
    _next_version(project, approve_it=True)
    assert (
        approve(
            ["archive", "--root", str(project), "--today", "2026-04-02", "--mkdocs", str(ROOT / ".venv/bin/mkdocs")]
        )
        == 0
    ), capsys.readouterr().err
    folder = project / "approved/retningslinje-v2.2"
    record = (folder / "godkjenning.yml").read_text(encoding="utf-8")
    assert "version: '2.2'" in record and "approved_by: Fagdirektøren" in record and "utskrift.html:" in record
    assert (folder / "guideline/oppnemning.md").read_text(encoding="utf-8") == (
        project / "guideline/oppnemning.md"
    ).read_text(encoding="utf-8")
    print_view = (folder / "utskrift.html").read_text(encoding="utf-8")
    assert "<script" not in print_view and "<style>" in print_view and "Samtykkje" in print_view
    assert build_site(project).ok
    assert approve(["archive", "--root", str(project), "--today", "2026-04-02"]) == 1
    assert "versjon 2.2 er alt arkivert" in capsys.readouterr().err


def test_archive_command_refuses_a_draft_and_leaves_nothing(project, capsys):
    _next_version(project, approve_it=False)
    assert approve(["archive", "--root", str(project), "--today", "2026-04-02"]) == 1
    assert "set status: godkjend" in capsys.readouterr().err
    assert not (project / "approved/retningslinje-v2.2").exists()


def test_approval_check_fails_on_a_passed_review_date_that_the_build_only_shows(project, capsys):
    edit(project, META, "review_by: 2099-12-31", "review_by: 2026-06-30")
    assert build_site(project).ok, "a passed review date does not block an unrelated change"
    assert approve(["check", "--root", str(project), "--today", "2026-07-01"]) == 1
    assert "retningslinje.yml:9: revisjonsdatoen 30.06.2026 er passert" in capsys.readouterr().err
    assert approve(["check", "--root", str(project), "--today", "2026-06-30"]) == 0


def test_review_banner_follows_the_readers_date_in_the_site_time_zone(project, browser):
    edit(project, META, "review_by: 2099-12-31", "review_by: 2026-06-30")
    result = build_site(project)
    assert result.ok, result.log
    with serving(result.site) as base:
        # 23:30 in Los Angeles on 30 June is already 1 July in Oslo: the date has passed.
        for instant, shown in (("2026-06-30T21:59:00+00:00", False), ("2026-06-30T22:00:00+00:00", True)):
            with guarded_page(browser, base, timezone_id="America/Los_Angeles") as page:
                page.clock.set_fixed_time(dt.datetime.fromisoformat(instant))
                page.goto(f"{base}/retningslinje/formal/")
                banner = page.locator(".rl-banner", has_text="Revisjonsdatoen er passert")
                page.wait_for_load_state("networkidle")
                assert banner.is_visible() is shown, instant


def _next_version(project, *, approve_it: bool) -> None:
    """Version 2.2 with an edited chapter, as a draft or approved by Fagdirektøren."""
    edit(project, "guideline/oppnemning.md", "Samtykke", "Samtykkje")
    edit(project, META, 'version: "2.1"', 'version: "2.2"')
    edit(
        project,
        META,
        "changelog:\n",
        'changelog:\n  - version: "2.2"\n    date: 2026-04-01\n    summary: Retta ordbruk\n',
    )
    if approve_it:
        edit(project, META, "approved_date: 2026-01-10", "approved_date: 2026-04-01")
        edit(project, META, "valid_from: 2026-02-01", "valid_from: 2026-04-15")
    else:
        edit(project, META, "status: godkjend", "status: utkast")


def test_changes_page_compares_with_the_approved_version_by_id(project):
    """Version 2.2 as a draft: a section added, one removed, one moved to another chapter, one reworded."""
    edit(project, META, "status: godkjend", "status: utkast")
    edit(project, META, 'version: "2.1"', 'version: "2.2"')
    edit(project, META, "changelog:\n", 'changelog:\n  - version: "2.2"\n    date: 2026-04-01\n    summary: Ny del\n')
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", "Tekst om skriftleg samtykke.")
    edit(
        project,
        "guideline/oppnemning.md",
        "## Melding til kommunen {#melding}\n\nTekst.\n",
        "## Melding til kommunen {#melding}\n\nTekst.\n\n## Avslutning {#avslutning}\n\nNy tekst.\n",
    )
    edit(project, "guideline/formal.md", "## Verkeområde {#verkeomrade}\n\nTekst.\n", "")
    edit(project, "guideline/formal.md", "### Lova {#lova}\n\nTekst.\n", "")
    edit(
        project,
        "guideline/oppnemning.md",
        "#### Journal {#journal}\n",
        "#### Journal {#journal}\n\n### Lova {#lova}\n\nTekst.\n",
    )
    result = build_site(project)
    assert result.ok, result.log

    page = result.html("retningslinje/kva-er-endra/")
    article = page.select_one("article")
    text = article.get_text(" ", strip=True)
    assert "sidan versjon 2.1, godkjend 10.01.2026 av Fagdirektøren" in text
    sections = {h2.get_text(strip=True).rstrip("¶"): h2 for h2 in article.select("h2")}
    assert set(sections) >= {
        "Nye avsnitt (1)",
        "Fjerna avsnitt (1)",
        "Flytta avsnitt (1)",
        "Endra avsnitt (3)",
        "Spørsmål som bør sjåast over (5)",
    }

    def items(heading: str) -> list[str]:
        return [li.get_text(" ", strip=True) for li in sections[heading].find_next_sibling("ul").select("li")]

    assert items("Nye avsnitt (1)") == ["2.3 Avslutning"]
    assert items("Fjerna avsnitt (1)") == ["1.2 Verkeområde ( verkeomrade )"]
    assert items("Flytta avsnitt (1)") == ["2.1.2 Lova , før 1.1.1"]
    assert sections["Nye avsnitt (1)"].find_next_sibling("ul").a["href"] == "../oppnemning/#avslutning"

    changed = {
        h3.get_text(" ", strip=True).rstrip("¶").strip(): h3.find_next_sibling("p", class_="rl-diff")
        for h3 in article.select("h3")
    }
    diff = changed["2.1 Samtykke"]
    assert [" ".join(ins.get_text().split()) for ins in diff.select("ins")] == ["[lagt til: skriftleg]"]
    assert not diff.select("del")
    assert "Tekst om" in diff.get_text()
    # The questions citing a reworded section are listed for the editor (the case's cite «bakgrunn», which lost its
    # subsection's text); the build's output names them too (at INFO, so that they do not stop a strict build).
    table = sections["Spørsmål som bør sjåast over (5)"].find_next_sibling("table")
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["Testmodul", "samtykke-kven", "2.1 Samtykke"],
        ["Testmodul", "case-a-melde", "1.1 Bakgrunn"],
        ["Testmodul", "case-a-sant", "1.1 Bakgrunn"],
        ["Testmodul", "case-b-kven", "1.1 Bakgrunn"],
        ["Testmodul", "case-b-sant", "1.1 Bakgrunn"],
    ]
    # Linked from the information box on every guideline page.
    link = result.html("retningslinje/formal/").select_one(".rl-dokumentinfo a[href$='kva-er-endra/']")
    assert link.get_text(strip=True) == "6 endringar sidan godkjend versjon 2.1"


def test_changes_page_without_an_approved_version(project):
    shutil.rmtree(project / "approved")
    edit(project, META, "status: godkjend", "status: utkast")
    result = build_site(project)
    assert result.ok, result.log
    assert "inga godkjend versjon å samanlikne med" in result.html("retningslinje/kva-er-endra/").get_text()


def test_the_approval_files_need_a_code_owner():
    owners = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    for path in ("/guideline/retningslinje.yml", "/guideline/godkjennarar.yml", "/approved/", "/.github/CODEOWNERS"):
        assert re.search(rf"^{re.escape(path)} @\S+", owners, re.MULTILINE), path


def test_learners_see_which_cited_sections_changed(project):
    edit(project, META, "status: godkjend", "status: utkast")
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", "Tekst om skriftleg samtykke.")
    result = build_site(project)
    assert result.ok, result.log
    notice = result.html("opplaering/test-modul/").select_one("article .admonition.info")
    assert (
        "Nokre delar av retningslinja som modulen byggjer på, er endra sidan den godkjende versjonen 2.1"
        in notice.get_text(" ", strip=True)
    )
    assert [(a.get_text(), a["href"]) for a in notice.select("a")] == [
        ("2.1 Samtykke", "../../retningslinje/oppnemning/#samtykke"),
        ("Sjå alt som er endra", "../../retningslinje/kva-er-endra/"),
    ]
