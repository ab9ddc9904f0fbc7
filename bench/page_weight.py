"""Page weight as Chromium loads it: the bytes of HTML, CSS and JS of a guideline chapter, a quiz page, "Mine kurs"
and a patient page, with our own additions (quiz, checklist and site CSS/JS) apart from Material's, the largest
files named; uncompressed, and gzip-compressed file by file (level 6, as a web server sends them). Material's own CSS
and JS on the same page is the baseline.

Builds the real site in a temporary folder, serves it locally and records every response, the ES modules a page
imports on demand included. «The quiz's own» is what a page loads of ours beyond what a guideline chapter loads (the
site-wide stylesheets): the quiz's scripts, styles, words and dates. Goal: at most 15 KiB uncompressed on a module page
as it loads, and none of it on pages without a quiz. The module page is weighed once more after a learner has
registered and handed in an attempt, which loads the code that shows the result. Writes bench/results/page_weight.json.
Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from common import ROOT, save
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(ROOT))
from tests.sitebuild import build_site, copy_project  # noqa: E402

GOAL = 15 * 1024
PAGES = {
    "module": "opplaering/kven-treng-koordinator/",
    "mine_kurs": "opplaering/mine-kurs/",
    "guideline_chapter": "retningslinje/oppnemning/",
    "patient_page": "pasient/koordinator/",
}
# Material's own files; every other script and stylesheet the site serves is ours.
MATERIAL = (
    "assets/javascripts/bundle.",
    "assets/javascripts/workers/",
    "assets/javascripts/lunr/",
    "assets/stylesheets/main.",
    "assets/stylesheets/palette.",
)


def hand_in(page) -> None:
    """A learner registers in the learner box (trial mode: the static server has no tracker) and hands in an attempt."""
    page.fill("[data-learner-form] [name=employee]", "00105")
    page.fill("[data-learner-form] [name=name]", "Kari Nordmann")
    page.fill("[data-learner-form] [name=unit]", "Medisinsk avdeling")
    page.click("[data-learner-form] button[type=submit]")
    for question in page.query_selector_all("[data-question]:visible"):
        question.query_selector("input").check()
    page.click("[data-quiz-submit]")
    page.wait_for_selector("[data-quiz-summary]:visible")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def weigh(browser, url: str, site: Path, then=None) -> tuple[dict[str, int], dict[str, int]]:
    """Bytes of every local stylesheet and script the page loaded, by path: as stored, and gzip-compressed."""
    loaded: dict[str, int] = {}
    compressed: dict[str, int] = {}

    def record(response) -> None:
        if response.request.resource_type in ("document", "stylesheet", "script"):
            path = urlsplit(response.url).path.lstrip("/")
            file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
            body = file.read_bytes()
            loaded[path or "index.html"] = len(body)
            compressed[path or "index.html"] = len(gzip.compress(body, 6))

    page = browser.new_page()
    page.on("response", record)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if then:
        page.wait_for_selector("[data-quiz][data-ready]")
        then(page)
        page.wait_for_load_state("networkidle")
    page.close()
    return loaded, compressed


def main() -> None:
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("chromium is missing: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        build = build_site(copy_project(Path(tmp)))
        assert build.ok, build.log
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(build.site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            weights = {name: weigh(browser, base + path, build.site) for name, path in PAGES.items()}
            weights["module_after_hand_in"] = weigh(browser, base + PAGES["module"], build.site, hand_in)
            browser.close()
        server.shutdown()
        server.server_close()
    result = {}
    site_wide = set(weights["guideline_chapter"][0])
    for name, (loaded, compressed) in weights.items():
        html = {p: n for p, n in loaded.items() if not p.endswith((".css", ".js"))}
        ours = {p: n for p, n in loaded.items() if p not in html and not p.startswith(MATERIAL)}
        quiz_own = [p for p in ours if p not in site_wide]
        material = sum(n for p, n in loaded.items() if p not in ours and p not in html)
        result[name] = {
            "html_bytes": sum(html.values()),
            "css_bytes": sum(n for p, n in loaded.items() if p.endswith(".css")),
            "js_bytes": sum(n for p, n in loaded.items() if p.endswith(".js")),
            "ours_bytes": sum(ours.values()),
            "ours_files": dict(sorted(ours.items())),
            "quiz_own_bytes": sum(ours[p] for p in quiz_own),
            "quiz_own_gzip_bytes": sum(compressed[p] for p in quiz_own),
            "material_bytes": material,
            "ratio_ours_to_material": round(sum(ours.values()) / material, 4),
            "largest_files": dict(sorted(loaded.items(), key=lambda item: -item[1])[:3]),
        }
    save(
        "page_weight",
        {
            "pages": result,
            "goal_bytes": GOAL,
            "within_goal": result["module"]["quiz_own_bytes"] <= GOAL
            and result["guideline_chapter"]["quiz_own_bytes"] == result["patient_page"]["quiz_own_bytes"] == 0,
        },
    )


if __name__ == "__main__":
    main()
