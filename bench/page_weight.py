"""Page weight of the training pages' own JavaScript and CSS, as Chromium loads them, against the plain Material
page they sit on (Material's own CSS and JS on the same page) in the same run.

Builds the real site in a temporary folder, serves it locally, opens a module page, "Mine kurs" and a guideline
chapter in headless Chromium, and adds up the bytes of every stylesheet and script each page loads, the ES
modules it imports on demand included. Goal: the quiz's own under 15 KB uncompressed on every training page,
and none of it on pages without a quiz. Writes bench/results/page_weight.json.
Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from common import ROOT, save

sys.path.insert(0, str(ROOT))
from tests.sitebuild import build_site, copy_project  # noqa: E402

GOAL = 15 * 1024
PAGES = {"module": "opplaering/kven-treng-koordinator/", "mine_kurs": "opplaering/mine-kurs/", "guideline_chapter": "retningslinje/formal/"}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def weigh(browser, url: str, site: Path) -> dict[str, int]:
    """Bytes of every local stylesheet and script the page loaded, by path."""
    loaded: dict[str, int] = {}

    def record(response) -> None:
        if response.request.resource_type in ("stylesheet", "script"):
            path = urlsplit(response.url).path.lstrip("/")
            loaded[path] = (site / path).stat().st_size

    page = browser.new_page()
    page.on("response", record)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.close()
    return loaded


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
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            weights = {name: weigh(browser, base + path, build.site) for name, path in PAGES.items()}
            browser.close()
        server.shutdown()
        server.server_close()
    result = {}
    for name, loaded in weights.items():
        own = {path: size for path, size in loaded.items() if "quiz" in path}
        material = sum(size for path, size in loaded.items() if path not in own)
        result[name] = {
            "quiz_own_bytes": sum(own.values()), "quiz_own_files": dict(sorted(own.items())),
            "material_bytes": material, "ratio_quiz_to_material": round(sum(own.values()) / material, 4),
        }
    save("page_weight", {
        "pages": result,
        "goal_bytes": GOAL,
        "within_goal": all(result[p]["quiz_own_bytes"] < GOAL for p in ("module", "mine_kurs")) and result["guideline_chapter"]["quiz_own_bytes"] == 0,
    })


if __name__ == "__main__":
    main()
