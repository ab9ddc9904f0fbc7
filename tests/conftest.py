import os
import shutil
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.sitebuild import Build, build_site, copy_project

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
    """This project's own site, built strictly once per test run."""
    return build_site(copy_project(tmp_path_factory.mktemp("real")))


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
def serving(folder: Path):
    """A built site served over HTTP on a free local port, as a web server would; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(real_site) -> str:
    """The built site served over HTTP, as the intranet's web server would."""
    assert real_site.ok, real_site.log
    with serving(real_site.site) as base:
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
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
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
