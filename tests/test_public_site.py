"""The public build (mkdocs-public.yml): only the patient pages in nynorsk and bokmål, no training, tracker or staff
page, and no link that leads into the intranet; and the brochure, which staff print and hand out, prints as A4."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import guarded_page, serving
from tests.sitebuild import ROOT, build_site

PAGES = ["", "koordinator/", "individuell-plan/", "fa-koordinator/", "rettar/", "parorande/", "brosjyre/"]
A4 = (595.3, 841.9)  # points


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    result = build_site(ROOT, config_file="mkdocs-public.yml", site=tmp_path_factory.mktemp("public") / "site")
    assert result.ok, result.log
    return result


def pages_of(site: Path) -> set[str]:
    """Every page's URL path, "" for the front page."""
    return {"" if p.parent == site else f"{p.parent.relative_to(site).as_posix()}/" for p in site.rglob("index.html")}


def test_only_the_patient_pages_in_both_written_standards(public):
    expected = set(PAGES) | {f"nb/{p}" for p in PAGES}
    assert pages_of(public.site) == expected
    for path in PAGES:
        assert public.html(path).html["lang"] == "nn"
        assert public.html(f"nb/{path}").html["lang"] == "nb"
    names = {p.relative_to(public.site).as_posix() for p in public.site.rglob("*") if p.is_file()}
    staff = [
        n
        for n in names
        if re.search(r"quiz|manager|checklist|retningslinje|opplaering|leiar|redaktor|roller|manifest|scorm", n)
    ]
    assert staff == []


def test_no_link_leaves_the_public_site(public):
    """Every link and resource is relative and found in the built site: nothing points into the intranet."""
    problems = []
    for html in public.site.rglob("*.html"):
        if html.name == "404.html":
            continue  # the theme writes its 404 page with links from the site's root
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in page.select("[href], [src], [action]"):
            url = element.get("href") or element.get("src") or element.get("action")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("/"):
                problems.append((html.relative_to(public.site).as_posix(), url))
                continue
            target = (html.parent / parts.path).resolve() if parts.path else html
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append((html.relative_to(public.site).as_posix(), url))
    assert problems == []
    text = " ".join(p.read_text(encoding="utf-8") for p in public.site.rglob("*.html"))
    assert "api/v1" not in text and "sporingstenest" not in text


def test_brochure_prints_as_one_a4_page_in_each_standard(public, browser):
    with serving(public.site) as base, guarded_page(browser, base) as page:
        for path in ["brosjyre/", "nb/brosjyre/"]:
            page.goto(f"{base}/{path}")
            page.emulate_media(media="print")
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            boxes = [tuple(float(v) for v in box) for box in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]
            assert len(boxes) == 1, f"{path}: {len(boxes)} pages"
            width, height = boxes[0]
            assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (path, boxes)


def test_no_feedback_form_read_confirmation_or_tracker_call(public, browser):
    """The staff build's «Meld frå om feil eller noko uklart» and read confirmation are not on the public pages: no
    link, no button, no form, none of their scripts, and no request but for the public site's own files."""
    for path in [*PAGES, *(f"nb/{p}" for p in PAGES)]:
        html = public.html(path)
        assert (
            html.select(
                "[data-feedback], [data-feedback-link], [data-read-confirmation], [data-api], form:not(.md-search__form), textarea, dialog"
            )
            == []
        ), path
        assert "Meld frå om feil" not in html.text and "Meld fra om feil" not in html.text, path
    names = {p.relative_to(public.site).as_posix() for p in public.site.rglob("*") if p.is_file()}
    assert not [n for n in names if re.search(r"feedback|reading|tracker", n)]
    with serving(public.site) as base, guarded_page(browser, base) as page:
        requested = []
        page.on("request", lambda request: requested.append(urlsplit(request.url).path))
        for path in ["koordinator/", "nb/koordinator/"]:
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
            assert page.locator("button", has_text=re.compile("Meld fr[åa] om feil")).count() == 0
        assert not [p for p in requested if "/api/" in p or "feedback" in p or "reading" in p]
