"""Real builds with training modules: the pages' HTML, the manifest, and mistakes that fail the build."""

import json

import pytest

from content.yamlfile import load_yaml, read_text, split_front_matter
from tests.conftest import ROOT
from tests.sitebuild import build_site, edit, write
from tools.schemas import FRONT_MATTER, SCHEMAS, render, schema_for, schema_line


def test_module_page_is_a_real_accessible_form(project):
    result = build_site(project)
    assert result.ok, result.log
    page = result.html("opplaering/test-modul/")
    form = page.select_one("form[data-quiz-form]")
    fieldsets = form.select("fieldset.quiz-question")
    assert [f["data-question"] for f in fieldsets] == [
        "samtykke-kven",
        "melding-kven",
        "formal-sant",
        "case-a-melde",
        "case-a-sant",
        "case-b-kven",
        "case-b-sant",
        "journal-usant",
    ]
    for fieldset in fieldsets:
        assert fieldset.select_one("legend").get_text(strip=True)
        for option in fieldset.select("input"):
            assert fieldset.select_one(f'label[for="{option["id"]}"]'), option["id"]
    assert {i["type"] for i in fieldsets[0].select("input")} == {"radio"}
    assert {i["type"] for i in fieldsets[1].select("input")} == {"checkbox"}
    assert [label.get_text() for label in fieldsets[2].select("label")] == ["Sant", "Usant"]
    assert "<em>samtykke</em>" in str(fieldsets[0].select_one("legend"))
    assert page.select_one("[data-quiz-result-text]")["aria-live"] == "polite"
    assert form.select_one("button[type=submit]").get_text() == "Lever svara"
    case = form.select_one("section.quiz-case")
    assert case.select_one("h3").get_text() == "Case: Ein pasient med mange einingar"
    assert len(case.select(".quiz-story p")) == 2


SECTIONS = [
    {"label": "2.2 Melding til kommunen", "url": "../../retningslinje/oppnemning/#melding"},
    {"label": "2 Oppnemning av koordinator", "url": "../../retningslinje/oppnemning/"},
]


def test_where_the_tracker_scores_the_site_holds_no_answer_key(project):
    """The default: pages carry questions and options only; the explanation, the right options and the cited
    sections (linked from the module page) are in the manifest, which the tracker sends back after scoring."""
    result = build_site(project)
    assert result.ok, result.log
    page = result.html("opplaering/test-modul/")
    data = json.loads(page.select_one("[data-quiz-module]").string)
    assert set(data) == {
        "id",
        "title",
        "version",
        "passMark",
        "drawQuestions",
        "drawCases",
        "review",
        "shuffle",
        "validityMonths",
    }
    feedback = page.select_one("#q-melding-kven [data-quiz-feedback]")
    assert feedback.has_attr("hidden") and feedback.get_text(" ", strip=True) == "Les meir i retningslinja:"
    assert not (result.site / "opplaering" / "test-modul" / "fasit").exists()
    site_text = "\n".join(
        path.read_text(encoding="utf-8", errors="replace") for path in result.site.rglob("*") if path.is_file()
    )
    assert "Begge får melding." not in site_text and "Pasienten samtykkjer." not in site_text
    question = json.loads((project / "var" / "manifest.json").read_text(encoding="utf-8"))["modules"][0]["questions"][
        "melding-kven"
    ]
    assert "Begge får melding." in question["explanation"]
    assert question["sections"] == SECTIONS


def test_a_site_with_no_tracker_carries_the_key_and_the_feedback_in_the_page(project):
    edit(project, "mkdocs.yml", "  - koord/quiz\n", "  - koord/quiz:\n      scoring: browser\n")
    result = build_site(project)
    assert result.ok, result.log
    data = json.loads(result.html("opplaering/test-modul/").select_one("[data-quiz-module]").string)
    shown = data["feedback"]["melding-kven"]
    assert shown["right"] == ["a", "b"] and "Begge får melding." in shown["explanation"]
    assert shown["sections"] == SECTIONS
    assert (result.site / "opplaering" / "test-modul" / "fasit" / "index.html").is_file()


def test_scoring_must_be_tracker_or_browser(project):
    edit(project, "mkdocs.yml", "  - koord/quiz\n", "  - koord/quiz:\n      scoring: nettlesar\n")
    result = build_site(project)
    assert not result.ok
    assert "scoring" in result.log and "'tracker', 'browser'" in result.log, result.log
    assert "Traceback" not in result.log


def test_quiz_script_and_style_load_on_training_pages_only(project):
    result = build_site(project)
    for url in ["opplaering/", "opplaering/test-modul/", "opplaering/mine-kurs/"]:
        page = result.html(url)
        assert page.select_one('script[type=module][src$="assets/javascripts/quiz/main.js"]'), url
        assert page.select_one('link[href$="assets/stylesheets/quiz.css"]'), url
    for url in ["", "retningslinje/formal/"]:
        assert "quiz" not in str(result.html(url).select("script[src], link[href]")), url


def test_our_scripts_and_styles_ship_minified_and_materials_as_built(project):
    import rcssmin

    from plugins.site.minify import minify_js

    result = build_site(project)
    sources = ROOT / "overrides" / "assets"
    for shipped in ["javascripts/quiz/quiz.js", "javascripts/quiz/tracker.js", "stylesheets/quiz.css"]:
        source = (sources / shipped).read_text(encoding="utf-8")
        minify = minify_js if shipped.endswith(".js") else rcssmin.cssmin
        assert (result.site / "assets" / shipped).read_text(encoding="utf-8") == minify(source), shipped
        assert len((result.site / "assets" / shipped).read_bytes()) < len(source.encode()) * 0.8, shipped
    # Material's bundle keeps the comment line that names its source map.
    bundle = next((result.site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert bundle.read_text(encoding="utf-8").rstrip().endswith(".map")


def test_overview_lists_modules_with_time_and_roles(project):
    page = build_site(project).html("opplaering/")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("[data-quiz-overview] tbody tr")]
    assert rows == [["Testmodul", "5 min", "Koordinator", "–"]]
    catalogue = json.loads(page.select_one("[data-quiz-catalogue]").string)
    assert catalogue["modules"][0] | {"url": None} == {
        "id": "test-modul",
        "title": "Testmodul",
        "version": "1.2",
        "validityMonths": 12,
        "minutes": 5,
        "roles": ["Koordinator"],
        "url": None,
    }


def test_manifest_is_written_outside_the_site(project):
    result = build_site(project)
    manifest = json.loads((project / "var" / "manifest.json").read_text(encoding="utf-8"))
    assert not list(result.site.rglob("manifest.json"))
    assert manifest["guideline"] == {"document_id": "TEST-RL", "version": "2.1", "read_confirmation_roles": []}
    [module] = manifest["modules"]
    assert {k: module[k] for k in ["id", "version", "pass_mark", "draw", "validity_months", "target_roles"]} == {
        "id": "test-modul",
        "version": "1.2",
        "pass_mark": 50,
        "draw": 3,
        "validity_months": 12,
        "target_roles": ["koordinator"],
    }
    assert module["items"][3] == {"id": "case-a", "case": True, "questions": ["case-a-melde", "case-a-sant"]}
    key = {k: module["questions"]["melding-kven"][k] for k in ["type", "options", "correct", "refs"]}
    assert key == {
        "type": "multiple",
        "options": ["a", "b", "c"],
        "correct": ["a", "b"],
        "refs": ["melding", "oppnemning"],
    }
    assert module["questions"]["case-a-sant"]["correct"] == ["usant"]


def test_manifest_inside_the_site_is_refused(project):
    edit(project, "mkdocs.yml", "  - koord/quiz\n", "  - koord/quiz:\n      manifest: site/manifest.json\n")
    result = build_site(project)
    assert not result.ok
    assert "manifest (site/manifest.json) ligg i den offentlege site-mappa" in result.log


def test_renamed_guideline_section_breaks_the_questions_that_cite_it(project):
    edit(project, "guideline/formal.md", "## Bakgrunn {#bakgrunn}", "## Bakgrunn {#bakgrunn-for-ordninga}")
    result = build_site(project)
    assert not result.ok
    assert (
        "quizzes/test-modul.yml:50: spørsmål «case-a-melde»: tilvisinga «bakgrunn» peikar på ein id som ingen overskrift i retningslinja har"
        in result.log
    )
    assert "Traceback" not in result.log


def test_unknown_target_role_fails_the_build(project):
    edit(project, "quizzes/test-modul.yml", "target_roles: [koordinator]", "target_roles: [koordinator, portnar]")
    result = build_site(project)
    assert not result.ok
    assert (
        "quizzes/test-modul.yml:4: rolla «portnar» finst ikkje i roles/; kjende roller er einingsleiar, koordinator"
        in result.log
    )


def test_a_publishing_plugin_without_koord_site_says_what_to_add(project):
    edit(project, "mkdocs.yml", "  - koord/site:\n      translated:\n        pasient: pasient/nb\n", "")
    result = build_site(project)
    assert not result.ok
    assert (
        "publiserer frå innhaldet som koord/site lastar: legg til «- koord/site» under plugins i mkdocs.yml"
        in result.log
    )
    assert "Traceback" not in result.log


def test_schemas_are_up_to_date():
    for name, model in SCHEMAS.items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == render(model), f"schemas/{name} is out of date: run `make schemas`"
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(SCHEMAS), (
        "schemas/ holds a schema no model makes"
    )


def _schema_objects(schema: dict):
    """Every schema inside a schema that describes an object's fields, with where it is."""
    yield from [("", schema), *((f"$defs.{k}", v) for k, v in schema.get("$defs", {}).items())]


def test_every_schema_speaks_to_editors_in_nynorsk():
    for name in SCHEMAS:
        schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert schema["title"] and schema["description"], name
        for where, part in _schema_objects(schema):
            assert part.get("description"), f"schemas/{name} {where}: the model has no docstring"
            for field, inner in part.get("properties", {}).items():
                assert inner.get("description"), f"schemas/{name} {where}.{field}: no description"
                assert "title" not in inner, f"schemas/{name} {where}.{field}: pydantic's English title is left in"


def _content_yaml():
    """Every YAML file an editor writes: the content folders' YAML files, relative to the project root."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for folder in ("quizzes", "guideline", "roles", "checklist")
        for p in (ROOT / folder).glob("*.y*ml")
    )


def test_every_content_yaml_file_names_its_schema_on_the_first_line():
    files = _content_yaml()
    assert {"guideline/retningslinje.yml", "roles/oppgaver.yml", "checklist/kriterium.yml"} <= set(files)
    expected = {
        "guideline/retningslinje.yml": "retningslinje",
        "roles/oppgaver.yml": "oppgaver",
        "roles/ke.yml": "rolle",
        "checklist/kriterium.yml": "sjekkliste",
        "quizzes/1-ordninga-og-lovgrunnlaget.yml": "module",
    }
    for file, schema in expected.items():
        assert schema_line(file) == f"# yaml-language-server: $schema=../schemas/{schema}.schema.json"
    for file in files:
        line = schema_line(file)
        assert line, f"{file}: no schema for this file in tools/schemas.py FILES"
        first = (ROOT / file).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == line, f"{file}: the first line must be «{line}»"


def test_every_content_file_follows_its_schema():
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    validators = {
        name: jsonschema_rs.validator_for(json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8")))
        for name in SCHEMAS
    }
    # The data as the loaders see it (dates stay text, as in JSON), for each YAML file and each chapter's front matter.
    documents = [
        (file, schema_for(file), load_yaml(read_text(ROOT / file, file), file).data) for file in _content_yaml()
    ]
    chapters = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "guideline").glob("*.md"))
    assert chapters
    documents += [
        (file, schema_for(file, FRONT_MATTER), split_front_matter(read_text(ROOT / file, file), file)[0].data)
        for file in chapters
    ]
    for file, schema, data in documents:
        problems = [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validators[schema].iter_errors(data)]
        assert not problems, f"{file} does not follow schemas/{schema}: {problems}"
    # The schemas refuse what the loaders refuse: an unknown field, a bad status, a missing field.
    file, schema, data = documents[0]
    assert not validators[schema].is_valid({**data, "ukjent": 1})
    meta = load_yaml(read_text(ROOT / "guideline/retningslinje.yml", "r"), "r").data
    assert not validators["retningslinje.schema.json"].is_valid({**meta, "status": "godkjent"})
    role = load_yaml(read_text(ROOT / "roles/ke.yml", "r"), "r").data
    assert not validators["rolle.schema.json"].is_valid({k: v for k, v in role.items() if k != "holders"})


def test_search_finds_a_module_by_its_introduction_but_not_its_questions_or_wrong_answers(project):
    # The form is not text to find: a wrong answer in a search result reads as a statement of the site.
    result = build_site(project)
    assert result.ok, result.log
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    module = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("opplaering/test-modul/"))
    assert "Ein liten modul for testane." in module
    for text in ("Kven gjev", "Leiaren", "Ventar", "Pasienten flyttar til ein annan kommune"):
        assert text not in module
    assert "Pasienten flyttar til ein annan kommune" in result.html("opplaering/test-modul/").get_text(" ")


def test_approvers_answer_key_page_is_outside_menu_and_search(project):
    edit(project, "mkdocs.yml", "  - koord/quiz\n", "  - koord/quiz:\n      scoring: browser\n")
    result = build_site(project)
    assert result.ok, result.log
    page = result.html("opplaering/test-modul/fasit/")
    assert page.select_one("h1").get_text(strip=True).startswith("Fasit: Testmodul")
    question = page.select_one("#samtykke-kven")
    assert question.get_text(" ", strip=True).startswith("Spørsmål 1 (eitt rett svar, situasjon)")
    options = [li.get_text(" ", strip=True) for li in question.find_next("ul").select("li")]
    assert options == ["Rett: Pasienten", "Gale: Leiaren"]
    assert "Forklaring: Pasienten samtykkjer." in page.get_text(" ", strip=True)
    assert page.select_one('a[href$="retningslinje/oppnemning/#samtykke"]')
    assert page.select_one("#case-a").get_text(" ", strip=True) == "Case: Ein pasient med mange einingar ¶"
    assert [li.get_text(" ", strip=True) for li in page.select_one("#case-a-sant").find_next("ul").select("li")] == [
        "Gale: Sant",
        "Rett: Usant",
    ]
    home = result.html("")
    assert not home.select('a[href*="fasit"]')
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "fasit" in doc["location"]]


def test_unknown_time_zone_fails_with_what_to_write(project):
    edit(project, "mkdocs.yml", "  - koord/site:\n", "  - koord/site:\n      time_zone: Europe/Olso\n")
    result = build_site(project)
    assert not result.ok
    assert (
        "mkdocs.yml: time_zone «Europe/Olso» under koord/site er inga kjend tidssone; skriv til dømes Europe/Oslo"
        in result.log
    )
    assert "Traceback" not in result.log


def test_the_manifest_and_the_pages_carry_the_sites_time_zone(project):
    edit(project, "mkdocs.yml", "  - koord/site:\n", "  - koord/site:\n      time_zone: Europe/Helsinki\n")
    result = build_site(project)
    assert result.ok, result.log
    assert json.loads((project / "var" / "manifest.json").read_text(encoding="utf-8"))["time_zone"] == "Europe/Helsinki"
    catalogue = json.loads(result.html("opplaering/mine-kurs/").select_one("[data-quiz-catalogue]").get_text())
    assert catalogue["timeZone"] == "Europe/Helsinki"


def test_the_receipt_names_the_trust_of_the_edition(project):
    write(
        project,
        "editions/testforetaket.yml",
        'name: Testføretaket HF\nwritten_standard: nn\napproval:\n  status: utkast\n  version: "0.1"\n',
    )
    edit(project, "mkdocs.yml", "  - koord/site:\n", "  - koord/site:\n      edition: testforetaket\n")
    result = build_site(project)
    assert result.ok, result.log
    receipt = result.html("opplaering/mine-kurs/").select_one("[data-receipt] dl")
    assert (
        receipt.select_one("dt").get_text() == "Organisasjon"
        and receipt.select_one("dd").get_text() == "Testføretaket HF"
    )
