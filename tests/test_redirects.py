"""Old links keep working: a renamed chapter or section keeps its old id as an alias, a renamed page a redirect."""

from __future__ import annotations

import re

from tests.conftest import guarded_page, serving
from tests.sitebuild import build_site, edit

ALIASES = "id: oppnemning\ntitle: Oppnemning av koordinator\naliases:\n  gammal-oppnemning: oppnemning\n  gammalt-samtykke: samtykke\n"


def _draft(project) -> None:
    """Renaming ids is an edit of the approved test guideline: as a draft, as the approval rules require."""
    edit(project, "guideline/retningslinje.yml", "status: godkjend", "status: utkast")


def test_a_link_to_an_old_id_lands_on_the_renamed_chapter_and_section(project, browser):
    _draft(project)
    edit(project, "guideline/oppnemning.md", "id: oppnemning\ntitle: Oppnemning av koordinator\n", ALIASES)
    edit(
        project,
        "mkdocs.yml",
        "  - koord/readability:",
        "  - koord/redirects:\n      pages:\n        gammal-framside.md: index.md\n  - koord/readability:",
    )
    result = build_site(project)
    assert result.ok, result.log

    redirect = (result.site / "retningslinje/gammal-oppnemning/index.html").read_text(encoding="utf-8")
    assert (
        '<html lang="nn">' in redirect and 'content="0; url=../oppnemning/"' in redirect and "<script>" not in redirect
    )
    assert (result.site / "gammal-framside/index.html").is_file()
    anchor = result.html("retningslinje/oppnemning/").select_one("#gammalt-samtykke")
    assert anchor.find_next(["h2", "h3"])["id"] == "samtykke"

    with serving(result.site) as base, guarded_page(browser, base) as page:
        page.goto(f"{base}/retningslinje/gammal-oppnemning/#gammalt-samtykke")
        page.wait_for_url(re.compile(r"/retningslinje/oppnemning/#gammalt-samtykke$"))
        heading = page.locator("h2#samtykke")
        heading.wait_for()
        assert page.evaluate("document.querySelector(':target').id") == "gammalt-samtykke"
        top = page.evaluate("document.querySelector('h2#samtykke').getBoundingClientRect().top")
        assert 0 <= top < 900, "the renamed section is in view"


def test_alias_and_redirect_mistakes_are_named(project):
    _draft(project)
    edit(
        project,
        "guideline/oppnemning.md",
        "id: oppnemning\ntitle: Oppnemning av koordinator\n",
        "id: oppnemning\ntitle: Oppnemning av koordinator\naliases:\n  gammalt-samtykke: samtykk\n  melding: oppnemning\n",
    )
    edit(
        project,
        "mkdocs.yml",
        "  - koord/readability:",
        "  - koord/redirects:\n      pages:\n        gammal.md: finst-ikkje.md\n  - koord/readability:",
    )
    result = build_site(project)
    assert not result.ok
    assert "Traceback" not in result.log
    assert re.search(
        r"guideline/oppnemning\.md:5: aliaset «gammalt-samtykke» peikar på «samtykk», .*Meinte du «samtykke»\?",
        result.log,
    )
    assert re.search(r"guideline/oppnemning\.md:6: «melding» er framleis id-en til ei overskrift", result.log)
