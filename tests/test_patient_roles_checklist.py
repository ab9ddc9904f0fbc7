"""Real builds: patient pages in two written standards, role pages and the matrix, the checklist page, and the
mistakes in their data files that must fail the build with file and line."""

import pytest

from tests.sitebuild import build_site, edit, write


def test_counterparts_have_their_language_and_a_switch(project):
    write(project, "docs/pasient/koordinator.md", "# Koordinator\n\nDu får hjelp.\n")
    write(project, "docs/pasient/nb/koordinator.md", "# Koordinator\n\nDu får hjelp.\n")
    result = build_site(project)
    assert result.ok, result.log
    nynorsk, bokmal = result.html("pasient/koordinator/"), result.html("pasient/nb/koordinator/")
    assert nynorsk.html["lang"] == "nn" and bokmal.html["lang"] == "nb"
    switch = nynorsk.select_one("article .sprakbyte a")
    assert (switch["href"], switch["hreflang"], switch["lang"], switch.get_text()) == (
        "../nb/koordinator/",
        "nb",
        "nb",
        "Les på bokmål",
    )
    back = bokmal.select_one("article .sprakbyte a")
    assert (back["href"], back["hreflang"], back.get_text()) == ("../../koordinator/", "nn", "Les på nynorsk")
    assert bokmal.select_one(".md-search__input")["placeholder"] == "Søk"
    assert bokmal.select_one("a.md-skip").get_text(strip=True) == "Gå til innhold"  # the theme speaks bokmål too


def test_missing_counterpart_is_a_warning(project):
    write(project, "docs/pasient/rettar.md", "# Rettar\n\nDu har rettar.\n")
    write(project, "docs/pasient/nb/plan.md", "# Plan\n\nDin plan.\n")
    result = build_site(project)
    assert not result.ok
    assert "docs/pasient/rettar.md: manglar utgåve på bokmål; opprett docs/pasient/nb/rettar.md" in result.log
    assert "docs/pasient/nb/plan.md: manglar utgåve på nynorsk; opprett docs/pasient/plan.md" in result.log


def test_role_pages_and_matrix_show_the_data(project):
    result = build_site(project)
    assert result.ok, result.log
    role = result.html("roller/koordinator/")
    assert role.select_one("article h1").get_text(strip=True).rstrip("¶") == "Koordinator"
    duties = [li.get_text(" ", strip=True) for li in role.select("#ansvar-og-oppgaver + ul li")]
    assert duties[0].startswith(
        "Hente inn samtykke (ansvarleg): Hentar inn samtykke frå pasienten. Sjå 2.1 Samtykke , 2.1.1 Munnleg samtykke"
    )
    assert role.select_one('#ansvar-og-oppgaver + ul a[href="../../retningslinje/oppnemning/#samtykke"]')
    assert [a["href"] for a in role.select('article a[href*="opplaering/"]')] == ["../../opplaering/test-modul/"]
    matrix = result.html("roller/kven-gjer-kva/")
    header = [th.get_text(strip=True) for th in matrix.select("article table thead th")]
    assert header == ["Oppgåve", "Leiar i eininga", "Koordinator"]
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("th, td")] for tr in matrix.select("article table tbody tr")
    ]
    assert rows == [
        ["Hente inn samtykke (punkt 2.1 )", "", "Ansvarleg"],
        ["Melde frå til kommunen (punkt 2.2 )", "Ansvarleg", "Medverkar"],
    ]


ROLE_MISTAKES = [
    (
        "roles/koordinator.yml",
        "refs: [samtykke, munnleg]",
        "refs: [samtykke, munnlegt]",
        "roles/koordinator.yml:11: ansvaret for «samtykke»: tilvisinga «munnlegt» peikar på ein id som ingen overskrift",
    ),
    (
        "roles/koordinator.yml",
        "  - task: melde-kommunen",
        "  - task: melde-fylket",
        "roles/koordinator.yml:12: oppgåva «melde-fylket» finst ikkje i roles/oppgaver.yml",
    ),
    (
        "roles/einingsleiar.yml",
        "id: einingsleiar",
        "id: koordinator",
        "roles/koordinator.yml:1: rolle-id-en «koordinator» er brukt før i roles/einingsleiar.yml",
    ),
    (
        "roles/koordinator.yml",
        "modules: [test-modul]",
        "modules: [test-modul, finst-ikkje]",
        "roles/koordinator.yml:16: modulen «finst-ikkje» finst ikkje i opplæringa",
    ),
    (
        "roles/einingsleiar.yml",
        "modules: []",
        "modules: [test-modul]",
        "roles/einingsleiar.yml:10: rolla krev modulen «test-modul», men quizzes/test-modul.yml har ikkje «einingsleiar» i target_roles",
    ),
    (
        "roles/koordinator.yml",
        "modules: [test-modul]",
        "modules: []",
        "roles/koordinator.yml:16: quizzes/test-modul.yml har «koordinator» i target_roles, men rolla listar ikkje modulen «test-modul»",
    ),
    (
        "roles/koordinator.yml",
        "summary: Helsepersonell",
        "summary: [Helsepersonell",
        "roles/koordinator.yml:3: ugyldig YAML",
    ),
    (
        "roles/koordinator.yml",
        "holders: Helsepersonell som leiaren oppnemner.\n",
        "",
        "roles/koordinator.yml:1: feltet «holders» manglar",
    ),
    (
        "roles/oppgaver.yml",
        "    refs: [melding]",
        "    refs: [meldinga]",
        "roles/oppgaver.yml:7: oppgåva «melde-kommunen»: tilvisinga «meldinga» peikar på ein id som ingen overskrift",
    ),
    (
        "checklist/kriterium.yml",
        "    refs: [bakgrunn]",
        "    refs: [bakgrunnen]",
        "checklist/kriterium.yml:8: tilvisinga «bakgrunnen» peikar på ein id som ingen overskrift",
    ),
    (
        "checklist/kriterium.yml",
        "  none: Pasienten",
        "  ingen: Pasienten",
        "checklist/kriterium.yml:25: ukjent felt «suggestion.ingen»",
    ),
    ("checklist/kriterium.yml", "    part: koordinering", "    part: samordning", "checklist/kriterium.yml:10: "),
    (
        "checklist/kriterium.yml",
        "    part: koordinering",
        "    part: teikn",
        "checklist/kriterium.yml:4: ingen kriterium har part: koordinering",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"), ROLE_MISTAKES, ids=[m[3].split(": ", 1)[1][:45] for m in ROLE_MISTAKES]
)
def test_bad_role_or_checklist_data_fails_with_file_and_line(project, name, old, new, expected):
    edit(project, name, old, new)
    result = build_site(project)
    assert not result.ok
    assert expected in result.log, result.log
    assert "Traceback" not in result.log


def test_checklist_page_works_without_javascript_as_a_list(project):
    result = build_site(project)
    page = result.html("treng-pasienten-koordinator/")
    boxes = page.select("form[data-checklist] fieldset input[type=checkbox]")
    assert [b["id"] for b in boxes] == [
        "kriterium-langvarige",
        "kriterium-koordinerte",
        "kriterium-mange-einingar",
        "kriterium-onske",
    ]
    # The legal test is one group, the local aid's signs another: a sign alone is not the test.
    legends = [legend.get_text() for legend in page.select("form[data-checklist] legend")]
    assert legends[0].startswith("Vilkåra i lova") and "lokalt hjelpemiddel" in legends[1]
    for box in boxes:
        assert page.select_one(f'label[for="{box["id"]}"]')
        assert page.select_one(f"#{box['aria-describedby']}").select_one("a[href]")
    result_text = page.select_one("[data-checklist-result]")
    assert result_text["aria-live"] == "polite"
    for text in [
        "Vilkåra ser ut til å vere oppfylte",
        "Ønsket skal vurderast",
        "Berre teikn",
        "Pasienten treng truleg ikkje",
    ]:
        assert text in result_text.get_text()
    assert "<strong>pasienten</strong>" in str(page.select_one("#vidare + ol"))
    assert page.select_one('script[src$="assets/javascripts/checklist.js"]')
