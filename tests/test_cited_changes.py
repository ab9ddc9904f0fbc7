"""A question whose cited section was reworded since its module's version was set is a warning (so a strict build
stops) until the editor raises the version. «Since» is the commit that last touched the module's version line."""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

import pytest

from content.training.cited_changes import next_versions
from tests.sitebuild import build_site, edit

META = "guideline/retningslinje.yml"
MODULE = "quizzes/test-modul.yml"
# 23:30 UTC on 1 March is 2 March in Oslo: the message gives the date in the site's time zone.
WHEN = "2026-03-01T23:30:00+00:00"


def git(project: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redaktør",
        "GIT_AUTHOR_EMAIL": "r@example.org",
        "GIT_COMMITTER_NAME": "Redaktør",
        "GIT_COMMITTER_EMAIL": "r@example.org",
        "GIT_AUTHOR_DATE": WHEN,
        "GIT_COMMITTER_DATE": WHEN,
    }
    return subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, text=True).stdout


def commit(project: Path, message: str) -> str:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)
    return git(project, "rev-parse", "HEAD").strip()


@pytest.fixture
def tracked(project):
    """The test site in a git repository, as a draft of the next guideline version, so that chapters may change."""
    edit(project, META, "status: godkjend", "status: utkast")
    edit(project, META, 'version: "2.1"', 'version: "2.2"')
    edit(
        project,
        META,
        "changelog:\n",
        'changelog:\n  - version: "2.2"\n    date: 2026-03-01\n    summary: Under arbeid\n',
    )
    git(project, "init", "-q")
    commit(project, "Utkast 2.2")
    return project


def _reword_consent(project: Path) -> None:
    edit(project, "guideline/oppnemning.md", "Tekst om samtykke.", "Tekst om samtykke, munnleg eller skriftleg.")


def test_a_reworded_cited_section_stops_the_build_at_the_question(tracked):
    first = git(tracked, "rev-parse", "HEAD").strip()
    _reword_consent(tracked)
    result = build_site(tracked)
    assert not result.ok
    assert "Traceback" not in result.log
    expected = (
        f"quizzes/test-modul.yml:18: spørsmålet «samtykke-kven» viser til 2.1 «Samtykke», som er skriven om sidan modulen fekk "
        f"versjon 1.2 (02.03.2026; skilnaden: git diff {first[:10]} -- guideline/oppnemning.md). Sjå over spørsmålet og fasiten "
        'mot teksten no, og set så version: "1.3", eller "2.0" om alle må ta modulen på nytt'
    )
    assert [w for w in result.warnings() if "skriven om" in w] == [f"WARNING: plugins: {expected}"]

    # Committing the new wording does not vouch for the question; raising the version does, committed or not.
    commit(tracked, "Ny ordlyd")
    assert not build_site(tracked).ok
    edit(tracked, MODULE, 'version: "1.2"', 'version: "1.3"')
    result = build_site(tracked)
    assert result.ok, result.log
    commit(tracked, "Spørsmålet er sett over")
    assert build_site(tracked).ok


def test_a_new_title_counts_and_an_uncited_section_does_not(tracked):
    edit(tracked, "guideline/oppnemning.md", "## Samtykke {#samtykke}", "## Samtykke frå pasienten {#samtykke}")
    assert re.search(
        r"«samtykke-kven» viser til 2\.1 «Samtykke frå pasienten», som er skriven om", build_site(tracked).log
    )
    git(tracked, "checkout", "--", ".")
    # «munnleg» is a subsection of «samtykke»: its text is its own, and no question cites it.
    edit(
        tracked, "guideline/oppnemning.md", "### Munnleg samtykke {#munnleg}", "### Munnleg samtykke er nok {#munnleg}"
    )
    result = build_site(tracked)
    assert result.ok, result.log


def test_a_renamed_section_is_followed_by_its_alias(tracked):
    """The id and the question's refs renamed together, as the editors' guide says: the old text is found by the alias."""
    edit(tracked, "guideline/oppnemning.md", "## Samtykke {#samtykke}", "## Samtykke {#samtykke-fra-pasienten}")
    edit(tracked, "guideline/oppnemning.md", "\n---\n", "\naliases:\n  samtykke: samtykke-fra-pasienten\n---\n")
    for name, old, new in [
        ("guideline/formal.md", "retningslinje:samtykke)", "retningslinje:samtykke-fra-pasienten)"),
        ("docs/index.md", "retningslinje:samtykke)", "retningslinje:samtykke-fra-pasienten)"),
        (MODULE, "refs: [samtykke]", "refs: [samtykke-fra-pasienten]"),
        ("checklist/kriterium.yml", "refs: [samtykke]", "refs: [samtykke-fra-pasienten]"),
        ("checklist/kriterium.yml", "refs: [samtykke]", "refs: [samtykke-fra-pasienten]"),
        ("roles/koordinator.yml", "refs: [samtykke, munnleg]", "refs: [samtykke-fra-pasienten, munnleg]"),
        ("roles/oppgaver.yml", "refs: [samtykke]", "refs: [samtykke-fra-pasienten]"),
    ]:
        edit(tracked, name, old, new)
    result = build_site(tracked)
    assert result.ok, result.log
    _reword_consent(tracked)
    assert re.search(r"«samtykke-kven» viser til 2\.1 «Samtykke», som er skriven om", build_site(tracked).log)


@pytest.mark.parametrize("history", ["none", "shallow"])
def test_without_history_there_is_nothing_to_compare(tracked, tmp_path, caplog, history):
    """A copy without .git, or a shallow clone, which cannot tell when the version was set: no warning, and a
    shallow clone says why."""
    git(tracked, "commit", "-q", "--allow-empty", "-m", "Ein commit til, så at ein grunn klon ikkje får alt")
    if history == "none":
        target = tracked
        (target / ".git").rename(tmp_path / "git-elsewhere")
    else:
        target = tmp_path / "clone"
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{tracked}", str(target)], check=True)
    _reword_consent(target)
    with caplog.at_level(logging.INFO):
        result = build_site(target)
    assert result.ok, result.log
    shallow = "git-historikken er avkorta (shallow clone), så spørsmål som viser til omskrivne avsnitt blir ikkje sjekka; hent heile historikken (i CI: fetch-depth: 0)"
    assert any(shallow in message for message in caplog.messages) == (history == "shallow")


def test_next_versions():
    assert next_versions("1.2") == ("1.3", "2.0")
    assert next_versions("9.9") == ("9.10", "10.0")
