"""The preview's web server: serves the built site from its folder, adds the reload script to every page, answers
the script's question «is there a newer build?», and shows the last build's error on every page address until a
build goes through. Plain http.server: nothing of MkDocs' own server."""

from __future__ import annotations

import mimetypes
import posixpath
import threading
import time
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
    is under way, so that they never read a half-written site, and the reload script waits for a newer build.

    A build may say which files it rewrites (`holding`): the build of the pages that gather from many files, made
    after the saved file's own page is served. Other files are served while it runs, and a page reloads after a
    build only if that build rewrote it.

    Those pages may also be left for later (`deferred`): a request for one of them, or a reload script waiting on
    one, asks for them (`wanted`) and waits until they are made."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.epoch = 0  # the number of the last finished build
        self.running = False
        self.holding: frozenset[Path] | None = None  # what the running build rewrites; None: everything
        self.failure: str | None = None  # the last build's error message, while it failed
        self.deferred: frozenset[Path] = frozenset()  # pages saves have fed that are not made yet
        self.finished = time.monotonic()  # when the last build finished
        self._wanted = False  # someone waits for a deferred page
        self._rewrote: dict[int, frozenset[Path] | None] = {}  # what each finished build rewrote, the last few

    def start(self, holding: frozenset[Path] | None = None) -> None:
        with self.condition:
            self.running, self.holding = True, holding

    def finish(self, failure: str | None, deferred: frozenset[Path] = frozenset()) -> None:
        with self.condition:
            # A failure is shown on every page, and so is the build that mends it (which makes every page).
            everything = failure is not None or self.failure is not None
            self.running, self.failure = False, failure
            self.deferred = deferred if failure is None else frozenset()
            self.epoch += 1
            self.finished = time.monotonic()
            self._rewrote[self.epoch] = None if everything else self.holding
            self._rewrote.pop(self.epoch - 100, None)
            self.condition.notify_all()

    def wanted(self) -> bool:
        """Whether someone has asked for a deferred page since the last call."""
        with self.condition:
            wanted, self._wanted = self._wanted, False
            return wanted

    def settled(self, path: Path | None = None) -> tuple[int, str | None]:
        """The last build's number and failure, once no build is rewriting `path` (any file, when None) and it is
        not left for later."""
        with self.condition:
            self.condition.wait_for(lambda: not self._rewriting(path) and not self._left(path))
            return self.epoch, self.failure

    def newer_than(self, epoch: int, path: Path | None = None) -> int:
        """The number of a build after `epoch` that rewrote `path` (any build, when None), once there is one and
        nothing rewrites `path` any more; `epoch` itself when none came within WAIT_SECONDS."""
        with self.condition:
            self.condition.wait_for(
                lambda: not self._rewriting(path) and not self._left(path) and any(self._rewrote_since(epoch, path)),
                timeout=WAIT_SECONDS,
            )
            return max(self._rewrote_since(epoch, path), default=epoch)

    def _rewriting(self, path: Path | None) -> bool:
        return self.running and (self.holding is None or path is None or path in self.holding)

    def _left(self, path: Path | None) -> bool:
        """Whether `path` is left for later, and if so, asks for it: checked again on every change, so that a reload
        script already waiting on a page asks as soon as a save leaves it for later."""
        if path is None or path not in self.deferred:
            return False
        self._wanted = True
        return True

    def _rewrote_since(self, epoch: int, path: Path | None):
        for number in range(max(epoch + 1, self.epoch - 99), self.epoch + 1):
            rewrote = self._rewrote.get(number)
            if rewrote is None or path is None or path in rewrote:
                yield number


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
            query = parse_qs(url.query)
            after = int((query.get("etter") or ["0"])[0] or 0)
            page = self._file((query.get("side") or [""])[0]) if "side" in query else None
            return self._send(HTTPStatus.OK, str(self.server.builds.newer_than(after, page)).encode(), "text/plain")
        path = self._file(url.path)
        epoch, failure = self.server.builds.settled(path)
        path = self._file(url.path)  # again: the build it waited for may have written or removed it
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
