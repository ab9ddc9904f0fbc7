"""Patient pages name who answers for them and when they are reviewed next; a passed date is told by the page itself."""

from __future__ import annotations

import datetime as dt
import re

from tests.conftest import guarded_page, serving
from tests.sitebuild import build_site, copy_project, edit


def test_a_patient_page_without_owner_or_with_a_bad_date_is_named(tmp_path):
    project = copy_project(tmp_path)
    edit(project, "docs/pasient/rettar.md", "owner: Koordinerande eining (KE) i helseføretaket\n", "")
    edit(project, "docs/pasient/nb/rettar.md", "review_by: 2027-11-30", "review_by: 30.11.2027")
    result = build_site(project)
    assert not result.ok
    assert "Traceback" not in result.log
    assert re.search(r"docs/pasient/rettar\.md:\d+: feltet «owner» manglar", result.log), result.log
    assert re.search(r"docs/pasient/nb/rettar\.md:4: .*review_by.* er ikkje ein gyldig dato", result.log), result.log


def test_owner_and_review_date_are_shown_and_the_notice_follows_the_readers_date(tmp_path, browser):
    project = copy_project(tmp_path)
    edit(project, "docs/pasient/nb/rettar.md", "review_by: 2027-11-30", "review_by: 2026-06-30")
    result = build_site(project)
    assert result.ok, result.log
    footer = result.html("pasient/nb/rettar/").select_one("article .side-ansvar")
    assert (
        footer.get_text(" ", strip=True)
        == "Ansvarlig for innholdet Koordinerende enhet (KE) i helseforetaket Neste gjennomgang 30.06.2026"
    )
    with serving(result.site) as base:
        for instant, shown in (("2026-06-30T21:59:00+00:00", False), ("2026-06-30T22:00:00+00:00", True)):
            with guarded_page(browser, base, timezone_id="America/Los_Angeles") as page:
                page.clock.set_fixed_time(dt.datetime.fromisoformat(instant))
                page.goto(f"{base}/pasient/nb/rettar/")
                page.wait_for_load_state("networkidle")
                notice = page.locator(".side-revisjon")
                assert notice.is_visible() is shown, instant
                if shown:
                    assert (
                        notice.inner_text() == "Siden skulle vært gjennomgått innen 30.06.2026. Noe kan være utdatert."
                    )


def test_a_patient_page_without_front_matter_is_told_what_to_write(tmp_path):
    project = copy_project(tmp_path)
    edit(
        project,
        "docs/pasient/koordinator.md",
        "---\nowner: Koordinerande eining (KE) i helseføretaket\nreview_by: 2027-11-30\n---\n\n",
        "",
    )
    result = build_site(project)
    assert not result.ok
    assert "docs/pasient/koordinator.md:1: sida manglar ansvar og revisjonsdato: start fila med" in result.log
