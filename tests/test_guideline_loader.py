"""Every editor mistake in the guideline folder is reported with file, line and what to do."""

import subprocess
import sys
from pathlib import Path

import pytest

from content.errors import ContentErrors
from content.guideline.loader import load_guideline, unknown_references
from tests.conftest import ROOT
from tests.sitebuild import edit as edit_file


def edit(project: Path, name: str, old: str, new: str) -> None:
    edit_file(project, f"guideline/{name}", old, new)


def errors_of(project: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_guideline(project)
    return [str(error) for error in caught.value.errors]


def test_numbers_sections_in_reading_order(project):
    guideline = load_guideline(project)
    numbered = [(s.label, s.id) for c in guideline.chapters for s in c.sections]
    assert numbered == [
        ("1", "formal"),
        ("1.1", "bakgrunn"),
        ("1.1.1", "lova"),
        ("1.2", "verkeomrade"),
        ("2", "oppnemning"),
        ("2.1", "samtykke"),
        ("2.1.1", "munnleg"),
        ("2.1.1.1", "journal"),
        ("2.2", "melding"),
    ]
    assert guideline.section("samtykke").title == "Samtykke"
    assert guideline.section("samtykke").line == 6
    assert guideline.section("finst-ikkje") is None


def test_chapter_order_comes_from_metadata(project):
    edit(project, "retningslinje.yml", "  - formal.md\n  - oppnemning.md", "  - oppnemning.md\n  - formal.md")
    guideline = load_guideline(project)
    assert [c.id for c in guideline.chapters] == ["oppnemning", "formal"]
    assert guideline.section("bakgrunn").label == "2.1"


def test_ids_survive_a_reworded_heading(project):
    edit(project, "oppnemning.md", "## Samtykke {#samtykke}", "## Samtykke frå pasienten {#samtykke}")
    section = load_guideline(project).section("samtykke")
    assert (section.label, section.title) == ("2.1", "Samtykke frå pasienten")


def test_heading_in_code_block_is_not_a_section(project):
    guideline = load_guideline(project)
    assert all("Ikkje" not in s.title for c in guideline.chapters for s in c.sections)


# (file, text to replace, replacement, expected message fragment)
MISTAKES = [
    (
        "oppnemning.md",
        "## Melding til kommunen {#melding}",
        "## Melding til kommunen {#bakgrunn}",
        "guideline/oppnemning.md:14: id-en «bakgrunn» er brukt før (guideline/formal.md:9)",
    ),
    (
        "oppnemning.md",
        "## Melding til kommunen {#melding}",
        "## Melding til kommunen",
        "guideline/oppnemning.md:14: overskrifta manglar id",
    ),
    (
        "oppnemning.md",
        "## Melding til kommunen {#melding}",
        "## Melding til kommunen {#Melding til}",
        "guideline/oppnemning.md:14: id-en «{#Melding til}» er ugyldig",
    ),
    (
        "oppnemning.md",
        "## Melding til kommunen {#melding}",
        "## Melding til kommunen {#møte}",
        "guideline/oppnemning.md:14: id-en «{#møte}» er ugyldig",
    ),
    (
        "oppnemning.md",
        "## Melding til kommunen {#melding}",
        "# Melding til kommunen {#melding}",
        "guideline/oppnemning.md:14: kapittelet får overskrifta si frå «title»",
    ),
    (
        "oppnemning.md",
        "## Samtykke {#samtykke}",
        "### Samtykke {#samtykke}",
        "guideline/oppnemning.md:6: overskrifta hoppar frå nivå 1 til nivå 3",
    ),
    (
        "oppnemning.md",
        "#### Journal {#journal}",
        "##### Journal {#journal}",
        "guideline/oppnemning.md:12: retningslinja brukar høgst 4 nivå",
    ),
    (
        "oppnemning.md",
        "## Melding til kommunen {#melding}\n",
        "Melding til kommunen\n---\n",
        "guideline/oppnemning.md:15: streken under teksten gjer han til ei overskrift utan id",
    ),
    (
        "oppnemning.md",
        "id: oppnemning",
        "id: Oppnemning",
        "guideline/oppnemning.md:2: kapittel-id-en «Oppnemning» er ugyldig",
    ),
    (
        "oppnemning.md",
        "id: oppnemning",
        "id: utskrift",
        "guideline/oppnemning.md:2: «utskrift» er namnet på ei side som bygget lagar sjølv",
    ),
    ("oppnemning.md", "title: Oppnemning av koordinator\n", "", "guideline/oppnemning.md:2: feltet «title» manglar"),
    (
        "oppnemning.md",
        "title: Oppnemning av koordinator",
        "title: Oppnemning\ntittel: feil",
        "guideline/oppnemning.md:4: ukjent felt «tittel»",
    ),
    ("oppnemning.md", "---\nid: oppnemning", "id: oppnemning", "guideline/oppnemning.md:1: fila manglar front matter"),
    (
        "oppnemning.md",
        "title: Oppnemning av koordinator",
        "title: [Oppnemning",
        "guideline/oppnemning.md:3: ugyldig YAML",
    ),
    (
        "retningslinje.yml",
        "owner: Fagansvarleg for testing\n",
        "",
        "guideline/retningslinje.yml:1: feltet «owner» manglar",
    ),
    (
        "retningslinje.yml",
        "review_by: 2099-12-31",
        "review_by: 31.12.2099",
        "guideline/retningslinje.yml:9: «review_by» er ikkje ein gyldig dato («31.12.2099»); skriv datoen som ÅÅÅÅ-MM-DD",
    ),
    (
        "retningslinje.yml",
        "review_by: 2099-12-31",
        "review_by: 2099-13-01",
        "guideline/retningslinje.yml:9: «review_by» er ikkje ein gyldig dato",
    ),
    (
        "retningslinje.yml",
        'version: "2.1"',
        "version: 2.1",
        "guideline/retningslinje.yml:3: «version» skal vere tekst; set verdien i hermeteikn",
    ),
    (
        "retningslinje.yml",
        'version: "2.1"',
        'version: "2.1.0"',
        "guideline/retningslinje.yml:3: «version»: «2.1.0» er ikkje ein versjon",
    ),
    (
        "retningslinje.yml",
        "status: godkjend",
        "status: godkjent",
        "guideline/retningslinje.yml:4: «status» må vere ein av 'utkast' eller 'godkjend', ikkje «godkjent»",
    ),
    (
        "retningslinje.yml",
        "approved_by: Fagdirektøren\n",
        "",
        "guideline/retningslinje.yml:1: feltet «approved_by» må fyllast ut når status er godkjend",
    ),
    (
        "retningslinje.yml",
        "valid_from: 2026-02-01",
        "valid_from: 2100-01-01",
        "guideline/retningslinje.yml:9: revisjonsdatoen (review_by) må kome etter",
    ),
    (
        "retningslinje.yml",
        'changelog:\n  - version: "2.1"',
        'changelog:\n  - version: "2.0"',
        "guideline/retningslinje.yml:14: første oppføring i endringsloggen må vere gjeldande versjon 2.1",
    ),
    (
        "retningslinje.yml",
        "  - oppnemning.md\n",
        "  - oppnemning.md\n  - manglar.md\n",
        "guideline/retningslinje.yml:13: kapittelfila «guideline/manglar.md» finst ikkje",
    ),
    (
        "retningslinje.yml",
        "  - oppnemning.md\n",
        "  - oppnemning.md\n  - ../docs/index.md\n",
        "guideline/retningslinje.yml:13: «../docs/index.md»: skriv berre filnamnet",
    ),
    (
        "retningslinje.yml",
        "  - oppnemning.md\n",
        "",
        "guideline/retningslinje.yml:11: kapittelfila «guideline/oppnemning.md» er ikkje ført opp under chapters",
    ),
    (
        "retningslinje.yml",
        "owner: Fagansvarleg for testing",
        "owner: Fagansvarleg for testing\nowner: Ein annan",
        "guideline/retningslinje.yml:6: feltet «owner» står to gonger (første gong på linje 5)",
    ),
    (
        "retningslinje.yml",
        "title: Testretningslinje",
        "title: Testretningslinje\n  feil: innrykk",
        "guideline/retningslinje.yml:2: ugyldig YAML",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"), MISTAKES, ids=[m[3].split(": ", 1)[1][:40] for m in MISTAKES]
)
def test_mistake_is_named_with_file_and_line(project, name, old, new, expected):
    edit(project, name, old, new)
    messages = errors_of(project)
    assert any(expected in message for message in messages), messages


def test_all_mistakes_are_reported_together(project):
    edit(project, "oppnemning.md", "## Melding til kommunen {#melding}", "## Melding til kommunen")
    edit(project, "formal.md", "## Verkeområde {#verkeomrade}", "## Verkeområde {#Verk}")
    messages = errors_of(project)
    assert len(messages) == 2, messages


def test_empty_metadata_and_other_encodings_are_content_errors(project):
    (project / "guideline" / "formal.md").write_bytes("---\nid: formal\ntitle: Formål\n---\n".encode("latin-1"))
    assert any("formal.md: fila er ikkje lagra som UTF-8" in m for m in errors_of(project))
    (project / "guideline" / "retningslinje.yml").write_text("", encoding="utf-8")
    assert errors_of(project) == ["guideline/retningslinje.yml:1: fila er tom: fyll inn felta som manglar"]


def test_unknown_reference_between_chapters_is_reported_with_line(project):
    edit(project, "formal.md", "[](retningslinje:samtykke)", "[](retningslinje:samtykkje)")
    problems = [str(p) for p in unknown_references(load_guideline(project))]
    assert problems == [
        "guideline/formal.md:11: tilvisinga «retningslinje:samtykkje» peikar på ein id som ingen overskrift i retningslinja har; rett id-en eller ta bort lenkja. Meinte du «samtykke»?"
    ]


def test_domain_model_does_not_import_mkdocs():
    code = (
        "import sys; import content.guideline.loader, content.guideline.render, content.guideline.references; "
        "sys.exit('mkdocs' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_fenced_code_in_a_list_item_is_not_prose_until_a_bare_closing_fence():
    from content.markdown import prose_lines

    text = "a\n- item\n\n    ```yaml\n    ## not a heading\n    ```python\n    still code\n    ```\nb"
    assert [line for _, line in prose_lines(text)] == ["a", "- item", "", "b"]
