"""The preview's web server: serves the built site from its folder, adds the reload script to every page, answers
the script's question «is there a newer build?», and shows the last build's error on every page address until a
build goes through. Plain http.server: nothing of MkDocs' own server."""

from __future__ import annotations

import mimetypes
import posixpath
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

HERE = Path(__file__).parent
RELOAD = "/_forhandsvising/reload.js"
BUILDS = "/_forhandsvising/bygg"
WAIT_SECONDS = 30  # a reload script's question is answered at the latest after this, and it asks again
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=False)


def error_page(message: str) -> str:
    return _TEMPLATES.get_template("error.html").render(message=message)


class Builds:
    """The newest build's number and outcome, and a condition to wait on: requests for pages wait while a build
    is under way, so that they never read a half-written site, and the reload script waits for a newer build."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.epoch = 0  # the number of the last finished build
        self.running = False
        self.failure: str | None = None  # the last build's error message, while it failed

    def start(self) -> None:
        with self.condition:
            self.running = True

    def finish(self, failure: str | None) -> None:
        with self.condition:
            self.running, self.failure = False, failure
            self.epoch += 1
            self.condition.notify_all()

    def settled(self) -> tuple[int, str | None]:
        """The last build's number and failure, once no build is running."""
        with self.condition:
            self.condition.wait_for(lambda: not self.running)
            return self.epoch, self.failure

    def newer_than(self, epoch: int) -> int:
        with self.condition:
            self.condition.wait_for(lambda: self.epoch > epoch and not self.running, timeout=WAIT_SECONDS)
            return self.epoch


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, site: Path, builds: Builds) -> None:
        # Binds at once: a taken port is known before the first build.
        super().__init__((host, port), _Handler)
        self.site, self.builds = site, builds


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the name the base class gives it
        pass  # the terminal is for the builds' messages

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        url = urlsplit(self.path)
        if url.path == RELOAD:
            return self._send(HTTPStatus.OK, (HERE / "reload.js").read_bytes(), "text/javascript; charset=utf-8")
        if url.path == BUILDS:
            after = int((parse_qs(url.query).get("etter") or ["0"])[0] or 0)
            return self._send(HTTPStatus.OK, str(self.server.builds.newer_than(after)).encode(), "text/plain")
        epoch, failure = self.server.builds.settled()
        path = self._file(url.path)
        if failure is not None and (path is None or path.suffix == ".html"):
            return self._page(HTTPStatus.INTERNAL_SERVER_ERROR, error_page(failure).encode(), epoch)
        if path is None:
            missing = self.server.site / "404.html"
            return self._page(HTTPStatus.NOT_FOUND, missing.read_bytes() if missing.is_file() else b"Not found", epoch)
        if path.suffix == ".html":
            return self._page(HTTPStatus.OK, path.read_bytes(), epoch)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self._send(HTTPStatus.OK, path.read_bytes(), kind)

    def _file(self, url_path: str) -> Path | None:
        """The file an address names in the site folder (a folder's index.html), never outside it."""
        relative = posixpath.normpath(unquote(url_path)).lstrip("/")
        if relative.startswith(".."):
            return None
        path = self.server.site / relative
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def _page(self, status: HTTPStatus, html: bytes, epoch: int) -> None:
        script = f'<script src="{RELOAD}" data-epoch="{epoch}"></script>'.encode()
        end = html.rfind(b"</body>")
        html = html[:end] + script + html[end:] if end >= 0 else html + script
        self._send(status, html, "text/html; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
