"""SCORM 1.2 packages: the manifest's structure, every file inside the zip, and the module reporting to a
recording SCORM API in Chromium, as a learning platform would see it."""

import json
import posixpath
import re
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from tests.conftest import guarded_page
from tests.sitebuild import build_site, edit

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
PACKAGE = "var/scorm/test-modul-1.2.zip"


@pytest.fixture
def package(project) -> Path:
    result = build_site(project)
    assert result.ok, result.log
    return project / PACKAGE


def test_manifest_has_the_scorm_12_structure(package):
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        root = ElementTree.fromstring(archive.read("imsmanifest.xml"))
    assert root.tag == f"{{{NS['cp']}}}manifest"
    assert (root.get("identifier"), root.get("version")) == ("koord-test-modul-v1", "1.2")
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    organizations = root.find("cp:organizations", NS)
    [organization] = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    [item] = organization.findall("cp:item", NS)
    assert item.findtext("cp:title", namespaces=NS) == "Testmodul"
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == "50"
    [resource] = root.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    assert resource.get("href") == "index.html"
    listed = {f.get("href") for f in resource.findall("cp:file", NS)}
    assert listed == names - {"imsmanifest.xml"}, "every file in the zip is listed, and every listed file is there"


def test_the_page_refers_only_to_files_inside_the_package(package):
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        page = BeautifulSoup(archive.read("index.html"), "html.parser")
        scripts = {n: archive.read(n).decode() for n in names if n.endswith(".js")}
        styles = {n: archive.read(n).decode() for n in names if n.endswith(".css")}
    references = [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")]
    assert references and all(not urlsplit(ref).scheme and not ref.startswith(("/", "//")) for ref in references), (
        references
    )
    assert {ref for ref in references if not ref.startswith("#")} <= names
    for name, code in scripts.items():  # ES module imports stay inside the package
        for spec in re.findall(r"""import\(?\s*["'](\.[^"']+)["']""", code) + re.findall(
            r"""from\s+["'](\.[^"']+)["']""", code
        ):
            assert posixpath.normpath(posixpath.join(posixpath.dirname(name), spec)) in names, (name, spec)
    for name, css in styles.items():
        assert "sourceMappingURL" not in css
        assert not [u for u in re.findall(r"url\(([^)]+)\)", css) if not u.strip("'\"").startswith("data:")], name
    # The package carries the key (no tracker in a learning platform); the cited sections are named, not linked.
    feedback = json.loads(page.select_one("[data-quiz-module]").string)["feedback"]
    sections = [section for shown in feedback.values() for section in shown["sections"]]
    assert sections and all(section["url"] is None for section in sections), sections


def test_a_new_major_version_is_a_new_package(project):
    edit(project, "quizzes/test-modul.yml", 'version: "1.2"', 'version: "2.0"')
    assert build_site(project).ok
    with zipfile.ZipFile(project / "var/scorm/test-modul-2.0.zip") as archive:
        assert ElementTree.fromstring(archive.read("imsmanifest.xml")).get("identifier") == "koord-test-modul-v2"
    assert not (project / PACKAGE).exists()


LMS = """<!doctype html>
<html lang="nn"><head><meta charset="utf-8"><title>Læringsplattform</title>
<script>
  // What the platform already holds (a learner coming back) and which keys it refuses, from the address's #fragment.
  const given = JSON.parse(decodeURIComponent(location.hash.slice(1)) || "{}");
  const refuse = given.refuse ?? [];
  window.calls = [];
  window.data = {"cmi.core.student_id": "10001", "cmi.core.student_name": "Nordmann, Kari", "cmi.core.lesson_status": "not attempted", ...given.data};
  let error = "0";
  const record = (name, value) => (...args) => { calls.push([name, ...args]); return value(...args); };
  window.API = {
    LMSInitialize: record("LMSInitialize", () => "true"),
    LMSGetValue: record("LMSGetValue", (key) => data[key] ?? ""),
    LMSSetValue: record("LMSSetValue", (key, value) => {
      if (refuse.includes(key)) { error = "405"; return "false"; }
      data[key] = value; error = "0"; return "true";
    }),
    LMSCommit: record("LMSCommit", () => "true"),
    LMSFinish: record("LMSFinish", () => "true"),
    LMSGetLastError: () => error, LMSGetErrorString: (code) => (code === "405" ? "Incorrect Data Type" : ""), LMSGetDiagnostic: () => "",
  };
</script></head>
<body><iframe id="sco" title="Opplæringsmodul" src="sco/index.html" style="width:100%;height:95vh"></iframe></body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def lms(package, tmp_path):
    """A small learning platform: a page with a recording SCORM 1.2 API and the package in a frame."""
    root = tmp_path / "lms"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(root / "sco")
    (root / "lms.html").write_text(LMS, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def take_in_frame(frame, right: bool) -> None:
    feedback = frame.evaluate("() => JSON.parse(document.querySelector('[data-quiz-module]').textContent).feedback")
    key = {question: shown["right"] for question, shown in feedback.items()}
    drawn = frame.evaluate(
        "() => [...document.querySelectorAll('[data-item]:not([hidden]) [data-question]')].map(f => f.dataset.question)"
    )
    for question in drawn:
        options = frame.evaluate(f"() => [...document.querySelectorAll('#q-{question} input')].map(i => i.value)")
        chosen = key[question] if right else [next(o for o in options if o not in key[question])]
        for option in chosen:
            frame.locator(f"#q-{question}--{option}").check()
    frame.locator("[data-quiz-submit]").click()


@pytest.mark.parametrize(("right", "status", "score"), [(True, "passed", "100"), (False, "failed", "0")])
def test_module_reports_to_the_platform(browser, lms, right, status, score):
    with guarded_page(browser, lms) as page:
        page.goto(f"{lms}/lms.html")
        frame = page.frame_locator("#sco")
        frame.locator("[data-ready]").wait_for(state="attached")
        assert frame.locator("[data-learner]").is_hidden(), "the platform says who the learner is"
        assert page.evaluate("() => calls") == [
            ["LMSInitialize", ""],
            ["LMSGetValue", "cmi.core.student_id"],
            ["LMSGetValue", "cmi.core.student_name"],
            ["LMSGetValue", "cmi.core.lesson_status"],
            ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
            ["LMSCommit", ""],
        ]
        take_in_frame(page.frames[1], right)
        frame.locator("[data-quiz-result-text]").filter(has_text="Du svarte rett").wait_for()
        # Inside a platform there is no tracker: the platform has the result, and nothing waits in a queue.
        assert frame.locator("[data-quiz-sync]").text_content() == "Resultatet er sendt til læringsplattforma."
        refs = frame.locator("[data-item]:not([hidden]) [data-quiz-refs]").first
        assert refs.inner_text().startswith("Les meir i retningslinja: punkt ") and refs.locator("a").count() == 0
        page.evaluate("() => document.getElementById('sco').remove()")  # the learner leaves the module
        calls = page.evaluate("() => calls.slice(6)")
        assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", calls[5][2]), calls[5]  # CMITimespan
        assert calls == [
            ["LMSSetValue", "cmi.core.score.raw", score],
            ["LMSSetValue", "cmi.core.score.min", "0"],
            ["LMSSetValue", "cmi.core.score.max", "100"],
            ["LMSSetValue", "cmi.core.lesson_status", status],
            ["LMSCommit", ""],
            ["LMSSetValue", "cmi.core.session_time", calls[5][2]],
            ["LMSSetValue", "cmi.core.exit", ""],
            ["LMSFinish", ""],
        ]
        # Nothing about the learner stays in the platform's browser storage (a shared PC).
        assert page.evaluate("() => localStorage.length") == 0


def test_a_learner_who_comes_back_keeps_passed_and_leaving_early_is_a_suspend(browser, lms):
    with guarded_page(browser, lms) as page:
        page.goto(
            f"{lms}/lms.html#" + json.dumps({"data": {"cmi.core.lesson_status": "passed", "cmi.core.entry": "resume"}})
        )
        page.frame_locator("#sco").locator("[data-ready]").wait_for(state="attached")
        page.evaluate("() => document.getElementById('sco').remove()")  # leaves without answering
        sets = [c[1:] for c in page.evaluate("() => calls") if c[0] == "LMSSetValue"]
        assert [key for key, _ in sets] == ["cmi.core.session_time", "cmi.core.exit"]
        assert sets[1] == ["cmi.core.exit", "suspend"]
        assert page.evaluate("() => data['cmi.core.lesson_status']") == "passed"


def test_a_value_the_platform_refuses_is_told_to_the_learner(browser, lms):
    with guarded_page(browser, lms) as page:
        page.goto(f"{lms}/lms.html#" + json.dumps({"refuse": ["cmi.core.score.raw"]}))
        frame = page.frame_locator("#sco")
        frame.locator("[data-ready]").wait_for(state="attached")
        take_in_frame(page.frames[1], True)
        expect(frame.locator("[data-quiz-sync]")).to_have_text(
            "Læringsplattforma tok ikkje imot resultatet. Ta eit skjermbilete av denne sida og kontakt den som har ansvaret "
            "for plattforma, og nemn feilen (cmi.core.score.raw: 405 Incorrect Data Type)."
        )


def test_a_refusal_at_launch_is_told_with_the_first_result(browser, lms):
    with guarded_page(browser, lms) as page:
        page.goto(f"{lms}/lms.html#" + json.dumps({"refuse": ["cmi.core.lesson_status"]}))
        frame = page.frame_locator("#sco")
        frame.locator("[data-ready]").wait_for(state="attached")
        take_in_frame(page.frames[1], True)
        # Once when the module opened (incomplete) and once with the result (passed).
        expect(frame.locator("[data-quiz-sync]")).to_contain_text(
            "(cmi.core.lesson_status: 405 Incorrect Data Type; cmi.core.lesson_status: 405 Incorrect Data Type)."
        )
