"""The real site: a strict build passes, the guideline is complete, and nothing is loaded from outside the intranet."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from content.guideline.loader import load_guideline
from tests.conftest import ROOT
from tests.sitebuild import Build


@pytest.fixture
def site(real_site) -> Build:
    return real_site


def test_strict_build_passes_without_warnings(site):
    assert site.ok, site.log
    assert site.warnings() == []


def test_the_published_site_holds_no_answer_key(site):
    """The tracker scores: no page, script or search index gives away a right option or an explanation."""
    manifest = json.loads((site.site.parent / "var" / "manifest.json").read_text(encoding="utf-8"))
    # Each explanation as its runs of words, which read the same in HTML and in JSON, in a page's text or its
    # scripts. An explanation is given away when all its runs are published (one may well say what the guideline says).
    explanations = [
        re.findall(r"[\w ,]{30,}", BeautifulSoup(key["explanation"], "html.parser").get_text())
        for module in manifest["modules"]
        for key in module["questions"].values()
    ]
    assert len(explanations) > 40 and all(explanations)
    published = "".join(
        path.read_text(encoding="utf-8") for path in site.site.rglob("*") if path.suffix in {".html", ".json", ".js"}
    )
    assert [runs for runs in explanations if all(run in published for run in runs)] == []
    assert not list(site.site.glob("opplaering/*/fasit"))
    for page in site.site.glob("opplaering/*/index.html"):
        data = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("[data-quiz-module]")
        assert data is None or not {"feedback", "key"} & set(json.loads(data.string)), page


def test_search_is_norwegian(site):
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["no"]
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    section = load_guideline(ROOT).section("samtykke")
    assert titles[f"retningslinje/{section.chapter_id}/#samtykke"] == f"{section.label} {section.title}"


def test_each_section_ends_with_its_feedback_link_and_each_chapter_with_the_read_confirmation(site):
    chapter = load_guideline(ROOT).section("samtykke").chapter_id
    article = site.html(f"retningslinje/{chapter}/").select_one("article")
    order = [
        ("heading", tag["id"])
        if tag.name.startswith("h")
        else ("link", tag.button["data-feedback-section"])
        if tag.has_attr("data-feedback-link")
        else ("read confirmation", "")
        for tag in article.select(":is(h1, h2, h3, h4)[id], [data-feedback-link], [data-read-confirmation]")
    ]
    # Each numbered section, the chapter's own text first, is followed by its link before the next one starts.
    sections = [name for kind, name in order if kind == "heading"]
    assert len(sections) > 3 and sections[0] == chapter, order
    assert order == [
        *(pair for name in sections for pair in (("heading", name), ("link", name))),
        ("read confirmation", ""),
    ]
    # They are the page's frame: search does not have them.
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith(f"retningslinje/{chapter}/"))
    assert "samtykke" in text.lower()
    assert "Meld frå om feil" not in text and "Eg har lese versjon" not in text


def test_guideline_has_at_least_eight_chapters_with_linkable_sections():
    guideline = load_guideline(ROOT)
    assert len(guideline.chapters) >= 8
    assert all(len(chapter.sections) > 2 for chapter in guideline.chapters)


def test_legal_basis_quotes_the_law(site):
    """The law's own words, then the source line an editor must give every quotation of a provision."""
    law, source = [
        p.get_text(" ", strip=True)
        for p in site.html("retningslinje/lovgrunnlag/").select_one("blockquote").select("p")
    ]
    assert law.startswith("For pasientar med behov for komplekse eller langvarige og koordinerte tenester")
    assert law.endswith("Koordinatoren skal vere helsepersonell.")
    assert source.startswith("— Spesialisthelsetenestelova § 2-5 a") and "Lovdata" in source


def test_every_page_is_nynorsk_and_every_chapter_has_the_info_box(site):
    for chapter in load_guideline(ROOT).chapters:
        page = site.html(f"retningslinje/{chapter.id}/")
        assert page.html["lang"] == "nn"
        assert page.select_one("article h1 + .rl-dokumentinfo .rl-banner"), (
            "the guideline is a draft: every chapter says so"
        )


def test_front_page_leads_each_kind_of_user(site):
    page = site.html("")
    cards = {
        card.select_one("strong").get_text(): [a["href"] for a in card.select("a")]
        for card in page.select(".grid.cards > ul > li")
    }
    assert set(cards) == {
        "Tilsett på sjukehuset",
        "Koordinator eller leiar",
        "Pasient eller pårørande",
        "Redaktør av innhaldet",
    }
    assert "pasient/" in cards["Pasient eller pårørande"]
    assert "redaktor/" in cards["Redaktør av innhaldet"]
    assert "retningslinje/kriterium/" in cards["Tilsett på sjukehuset"]
    assert "opplaering/" in cards["Tilsett på sjukehuset"]


def external_loads(site_dir: Path) -> list[str]:
    """Every URL outside the site that a browser would load: scripts, styles, images, frames, fonts, CSS imports."""
    found = []
    for html in site_dir.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "img", "iframe", "source", "audio", "video", "embed", "input", "track"]):
            if _is_external(tag.get("src")):
                found.append(f"{html}: {tag.name} {tag.get('src')}")
            for candidate in (tag.get("srcset") or "").split(","):
                if _is_external(candidate.strip().split(" ")[0]):
                    found.append(f"{html}: {tag.name} srcset {candidate}")
        for tag in soup.find_all("link"):
            if _is_external(tag.get("href")):
                found.append(f"{html}: link {tag.get('href')}")
        for tag in soup.find_all("object"):
            if _is_external(tag.get("data")):
                found.append(f"{html}: object {tag.get('data')}")
        for tag in soup.find_all(style=True):
            found += [f"{html}: style {url}" for url in _css_urls(tag["style"]) if _is_external(url)]
        for tag in soup.find_all("style"):
            found += [f"{html}: style {url}" for url in _css_urls(tag.get_text()) if _is_external(url)]
    for css in site_dir.rglob("*.css"):
        found += [f"{css}: {url}" for url in _css_urls(css.read_text(encoding="utf-8")) if _is_external(url)]
    return found


def _css_urls(css: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in re.finditer(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", css)]


def _is_external(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp")


def test_nothing_is_loaded_from_outside(site):
    assert external_loads(site.site) == []


def test_external_load_check_finds_what_it_looks_for(tmp_path):
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.example/x.js"></script>'
        '<img srcset="local.png 1x, https://img.example/a.png 2x"><div style="background:url(http://x.example/b.png)"></div>',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        '@import "https://fonts.example/f.css"; a{background:url(./ok.png)}', encoding="utf-8"
    )
    assert len(external_loads(tmp_path)) == 5


def test_every_patient_page_has_both_standards_and_is_within_its_lix_limit(site):
    nynorsk = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "pasient").glob("*.md"))
    assert len(nynorsk) >= 6
    for page in nynorsk:
        url = page.removesuffix(".md").removesuffix("index") + ("/" if not page.endswith("index.md") else "")
        nb_url = url.replace("pasient/", "pasient/nb/", 1)
        assert site.html(url).html["lang"] == "nn", url
        assert site.html(nb_url).html["lang"] == "nb", nb_url
    report = site.html("redaktor/lesbarheit/")
    rows = {
        tr.select_one("a")["href"]: float(tr.select("td")[1].get_text().split()[0]) for tr in report.select("tbody tr")
    }
    patient = {href: value for href, value in rows.items() if "/pasient/" in href}
    assert len(patient) == 2 * len(nynorsk)
    assert max(patient.values()) <= 40
    # Not the report, nor the pages that list what others say: the print view, the open points, the changes since the
    # approved version, the answer keys.
    unmeasured = {
        "redaktor/lesbarheit",
        "retningslinje/utskrift",
        "retningslinje/lokale-val",
        "retningslinje/kva-er-endra",
    }
    measured = [
        p
        for p in site.site.rglob("index.html")
        if p.parent.relative_to(site.site).as_posix() not in unmeasured and p.parent.name != "fasit"
    ]
    assert len(rows) == len(measured)
