import json
import os
import shutil
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.sitebuild import Build, build_site, copy_project, edit

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the small test site (two guideline chapters, one module, one page) that a test may change."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    shutil.copytree(ROOT / "overrides", target / "overrides")
    return target


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """This project's own site, built strictly once per test run: the tracker scores, no answer key in the pages."""
    return build_site(copy_project(tmp_path_factory.mktemp("real")))


@pytest.fixture(scope="session")
def static_site(tmp_path_factory) -> Build:
    """This project's own site built for use with no tracker (`scoring: browser`): the key and the «Fasit» pages
    are in it, so it holds every text a learner or an approver can read."""
    project = copy_project(tmp_path_factory.mktemp("static"))
    edit(project, "mkdocs.yml", "  - koord/quiz\n", "  - koord/quiz:\n      scoring: browser\n")
    return build_site(project)


@pytest.fixture(scope="session")
def answer_key(real_site) -> dict[str, dict[str, list[str]]]:
    """The real site's right options per module and question, from the manifest its build wrote for the tracker
    (the pages do not carry them). Two modules may use the same question id."""
    manifest = json.loads((real_site.site.parent / "var" / "manifest.json").read_text(encoding="utf-8"))
    return {
        module["id"]: {question: key["correct"] for question, key in module["questions"].items()}
        for module in manifest["modules"]
    }


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static web server as IT would set one up: the site's own 404 page for an unknown address."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(folder: Path, port: int = 0):
    """A built site served over HTTP on a local port (a free one unless given), as a web server would; yields its
    base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(real_site) -> str:
    """The built site served over HTTP, as the intranet's web server would (no tracker behind it)."""
    assert real_site.ok, real_site.log
    with serving(real_site.site) as base:
        yield base


@pytest.fixture(scope="session")
def static_server(static_site) -> str:
    """The site built for use with no tracker, served as a plain web server would."""
    assert static_site.ok, static_site.log
    with serving(static_site.site) as base:
        yield base


TRACKER_TOKEN = "test-token-som-er-lang-nok-0123456789abcdef"


@pytest.fixture(scope="session")
def tracked_server(real_site, tmp_path_factory) -> str:
    """The site with the tracker behind it, as `make serve` runs them (form mode, SQLite): the tracker scores."""
    from tests.tracker.live import running
    from tracker.main import create_app
    from tracker.settings import Settings

    assert real_site.ok, real_site.log
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("tracker"),
        manifest=real_site.site.parent / "var" / "manifest.json",
        site_dir=real_site.site,
        admin_token=TRACKER_TOKEN,
    )
    with running(create_app(settings)) as base:
        yield base


def required(found, what: str, install: str):
    """`found`, or stop the test: a missing part (Chromium, nginx, LibreOffice, PostgreSQL) is a failure in CI
    (CI=true, where .ci/run provides them all) and a skip elsewhere."""
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: .ci/run must {install}")
    pytest.skip(f"{what} is missing here: {install}")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser. Missing in CI is a failure."""
    required(CHROMIUM, "Chromium", "install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@contextmanager
def guarded_page(browser, base: str, **options):
    """A fresh browser profile (empty localStorage) on `base`, in which any request to another host, and any
    JavaScript error, fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, **options)
    outside: list[str] = []
    local = urlsplit(base).netloc

    def guard(route) -> None:
        if urlsplit(route.request.url).netloc == local or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base = base
    yield page
    context.close()
    assert outside == [], f"requests outside the intranet: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser, server):
    """A page on the static site, as any intranet web server would serve it (no tracker)."""
    with guarded_page(browser, server) as page:
        yield page
