"""Editors' live preview: `python -m tools.preview --port 8000` (what `make preview` runs).

This is MkDocs' own `mkdocs serve` (the same build, the same LiveReloadServer, the same watched folders) with what
an editor needs on top:

- A port that is already taken is one sentence in nynorsk and a non-zero exit, not a traceback after the first build.
  The server takes the port before the first build, so the answer comes at once.
- A build that fails (our plugins stop it with a PluginError naming file:line) is shown in the browser: every page
  address answers with an error page carrying the message, and the open tab reloads to it, until the next build that
  goes through; then the tab reloads to the page again. `mkdocs serve` leaves the old page in the browser and says
  nothing there. The message is still printed in the terminal. A first build that fails is shown the same way, so
  the preview can be started before the mistake is fixed.
- Rebuilds are faster, with the same pages as a full build: the file watcher looks every 0.1 s instead of every
  0.5 s, templates are compiled and the installed theme's files listed once per preview instead of once per build
  (`_TemplateCache`), and a page whose Markdown did not change reuses its converted HTML and its search entries from
  the last build (`_Speedups`). A save that changes a chapter
  used to take 2.5–4 s to show; bench/preview.py measures it now (bench/preview.md).

The server's private parts it uses (`_serve_request`, the epoch condition, `_inject_js_into_html`) are those of
mkdocs 1.6.1, which pyproject.toml pins.
"""

from __future__ import annotations

import argparse
import copy
import errno
import functools
import html
import logging
import os
import shutil
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.__main__ import State
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.preview")
HOST = "127.0.0.1"
# How often the watcher looks for saved files. MkDocs' 0.5 s is half a second of waiting on every save; the watched
# folders hold a few hundred files, so looking five times as often costs next to nothing.
POLLING_INTERVAL = 0.1


def port_taken(port: int) -> str:
    return f"Porten {port} er oppteken (kanskje ein annan preview køyrer). Stopp han, eller vel ein annan port: PORT={port + 1} make preview"


class PreviewServer(LiveReloadServer):
    """LiveReloadServer that takes its port at once and answers every page address with the build error, if any."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.failure: str | None = None  # what the last build logged as errors, when it failed
        self._listening = False

    def listen(self) -> None:
        """Take the port now (serve() would take it only after the first build). Raises OSError when it is taken."""
        super().server_bind()
        super().server_activate()
        self._listening = True

    def server_bind(self) -> None:
        if not self._listening:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._listening:
            super().server_activate()

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"]
        last = path.rsplit("/", 1)[-1]
        if path.startswith("/livereload/") or ("." in last and not last.endswith(".html")):
            return super()._serve_request(environ, start_response)  # the reload poll, stylesheets, scripts, images
        # As the server does for every file: wait for a build under way, so that its outcome is what is shown.
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch, failure = self._visible_epoch, self.failure
        if failure is None:
            return super()._serve_request(environ, start_response)
        # The reload script goes in as on every page, so the tab comes back by itself when the mistake is fixed.
        body = self._inject_js_into_html(error_page(failure).encode("utf-8"), epoch)
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]


def error_page(message: str) -> str:
    """A page of its own (no theme, no assets: the build that would make them failed) with the escaped message."""
    return f"""<!doctype html>
<html lang="nn">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bygget feila – førehandsvising</title>
<style>
  body {{ font-family: system-ui, sans-serif; font-size: 1.125rem; line-height: 1.5; color: #1a1a1a; background: #fff;
         max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }}
  h1 {{ font-size: 1.6rem; color: #8b0000; }}
  pre {{ white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; line-height: 1.45; background: #fff4f4;
        border-left: 0.3rem solid #b00020; padding: 1rem; }}
</style>
</head>
<body>
<main>
<h1>Nettstaden kan ikkje byggjast</h1>
<p>Det siste bygget stoppa på feilen under. Rett han i fila og linja som står nemnd, og lagre.
Denne sida lastar seg inn på nytt av seg sjølv når bygget går gjennom.</p>
<pre>{html.escape(message)}</pre>
</main>
</body>
</html>
"""


class LogMessages(logging.Handler):
    """The messages a build logs at `level` or above. MkDocs logs a PluginError's message (and a broken
    mkdocs.yml's) as an error before it aborts."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def failure_message(errors: list[str], exc: BaseException) -> str:
    """The logged errors: MkDocs' own "Aborted with a BuildError!" says nothing to an editor. A fault (anything but
    MkDocs' Abort, such as a KeyError in a plugin) is named too, for whoever fixes it."""
    fault = [] if isinstance(exc, Abort) else [f"{type(exc).__name__}: {exc}"]
    return "\n\n".join(errors + fault) or str(exc)


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the whole preview. Jinja checks each template's source against its
    checksum, so a changed template in overrides/ is compiled again. (A build makes several fresh template
    environments, and compiling Material's templates for them took about 0.4 s of every rebuild.) Also the list of
    the theme's files, see `list_templates`."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._listings: dict[tuple, list[str]] = {}

    def list_templates(self, env: jinja2.Environment, list_templates, static_templates: tuple[str, ...], extensions=None,
                       filter_func=None) -> list[str]:
        """The theme files MkDocs copies into the site (its only use of `list_templates`): a walk through some 14,000
        files, mostly Material's icons, that took about 0.1 s of every rebuild. The installed themes do not change
        while the preview runs; the project's own template folders (overrides/, the plugins') are looked through
        again every time, and a file added or removed there lists everything anew."""
        installed = (sys.prefix, sys.base_prefix)
        own = tuple(sorted(os.path.join(root, name) for folder in env.loader.searchpath if not folder.startswith(installed)
                           for root, _, names in os.walk(folder) for name in names))
        code = getattr(filter_func, "__code__", None)  # the filter: MkDocs' own, whose patterns come from the theme
        key = (tuple(env.loader.searchpath), static_templates, own, extensions, code)
        if key not in self._listings:
            self._listings[key] = list_templates(extensions=extensions, filter_func=filter_func)
        return list(self._listings[key])

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _stable(value):
    """A comparable form of configuration values: `!relative` paths as their path, not as an object."""
    if isinstance(value, dict):
        return tuple((key, _stable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_stable(item) for item in value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


class _Speedups(BasePlugin):
    """Preview-only: work on a page is done again only when something it reads has changed since the last build.

    Converting Markdown to HTML (`Page.render`) reads the page's Markdown (after the plugins' `on_page_markdown`,
    so references are already resolved), the page's own address, the addresses of all files (links) and the Markdown
    settings. With all of them as in the last build, the HTML, table of contents and anchors are the same, and the
    warnings it logged are logged again. Pages that include files with `--8<--` (the IT page includes deploy/) are
    always converted, as those files are not part of the key. Likewise Material's search entries for a page are
    made from its final HTML, address, title, front matter and table of contents. Everything else (the plugins'
    checks and `on_page_content`, the templates with the menu) runs for every page in every build, so the result is
    the same site a full build makes: a cleared cache only makes a rebuild slower.
    """

    def __init__(self) -> None:
        self.previous: dict[tuple, dict] = {}
        self.current: dict[tuple, dict] = {}
        self._files: Files | None = None
        self._files_key: tuple = ()

    def start_build(self) -> None:
        """Keep only what the last build used, so that the cache does not grow with every edit."""
        self.previous, self.current = self.current or self.previous, {}

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Material's search index: each page's entries are kept in the same way, by what they are made from.
        index = getattr(config.plugins.get("material/search"), "search_index", None)
        if index is not None:
            add = index.add_entry_from_context
            index.add_entry_from_context = lambda page: self.index(page, index, add)

    def index(self, page: Page, index, add) -> None:
        key = ("search", page.url, page.title, page.content, _stable(page.meta), _toc(page.toc))
        saved = self.current.get(key) or self.previous.get(key)
        if saved is None:
            before = len(index.entries)
            add(page)
            saved = copy.deepcopy(index.entries[before:])
        else:
            index.entries.extend(copy.deepcopy(saved))
        self.current[key] = saved

    @event_priority(-1000)  # after every plugin's own on_pre_page
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        render = page.render
        speedups = self

        def cached_render(config: MkDocsConfig, files: Files) -> None:
            speedups.render(page, render, config, files)

        page.render = cached_render  # this page object only: it is made anew in every build
        return page

    def render(self, page: Page, render, config: MkDocsConfig, files: Files) -> None:
        if "--8<--" in page.markdown:
            return render(config, files)
        if files is not self._files:
            self._files, self._files_key = files, tuple((f.src_uri, f.url, f.inclusion) for f in files)
        settings = (config.markdown_extensions, config.mdx_configs, config.validation, config.use_directory_urls)
        key = (page.file.src_uri, page.file.url, page.markdown, self._files_key, _stable(settings))
        saved = self.current.get(key) or self.previous.get(key)
        if saved is None:
            records = _Records()
            logging.getLogger("mkdocs").addHandler(records)
            try:
                render(config, files)
            finally:
                logging.getLogger("mkdocs").removeHandler(records)
            links = getattr(page, "links_to_anchors", None)
            saved = {
                "content": page.content, "toc": copy.deepcopy(page.toc), "title": page._title_from_render,
                "anchors": set(page.present_anchor_ids or ()), "records": records.records,
                "links": None if links is None else {target.src_uri: dict(found) for target, found in links.items()},
            }
        else:
            page.content, page.toc, page._title_from_render = saved["content"], copy.deepcopy(saved["toc"]), saved["title"]
            page.present_anchor_ids = set(saved["anchors"])
            if saved["links"] is not None:
                page.links_to_anchors = {files.get_file_from_path(src): dict(found) for src, found in saved["links"].items()}
            for record in saved["records"]:
                logging.getLogger(record.name).handle(record)
        self.current[key] = saved


def _toc(items) -> tuple:
    return tuple((item.id, item.url, item.title, item.level, _toc(item.children)) for item in items)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def preview_config(config_file: str, site_dir: str, serve_url: str, templates: _TemplateCache, speedups: _Speedups) -> MkDocsConfig:
    """The site's configuration, loaded anew for every build as `mkdocs serve` does, with the preview's caches."""
    address = urlsplit(serve_url)
    config = load_config(config_file=config_file, site_dir=site_dir, dev_addr=f"{address.hostname}:{address.port}")
    config.site_url = serve_url
    make_env = config.theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = templates
        static = tuple(sorted(config.theme.static_templates))
        env.list_templates = functools.partial(templates.list_templates, env, env.list_templates, static)
        return env

    config.theme.get_env = get_env  # this configuration's theme only
    # The editor tries the questions with no tracker running, and the approver reads the «Fasit» pages: here, on the
    # editor's own machine, the answer key is in the page.
    config.plugins["koord/quiz"].config["scoring"] = "browser"
    config.plugins["koord/preview"] = speedups
    return config


def serve(config_file: str, port: int) -> int:
    """Build into a temporary folder and serve it on 127.0.0.1:`port` until Ctrl+C; the exit status.
    Follows mkdocs.commands.serve.serve, step by step, with the changes described at the top."""
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    templates, speedups = _TemplateCache(), _Speedups()
    serve_url = _serve_url(HOST, port, "/")

    def get_config() -> MkDocsConfig:
        return preview_config(config_file, site_dir, serve_url, templates, speedups)

    def builder(config: MkDocsConfig | None = None) -> None:
        """One build. A failure is kept for the error page instead of raised: the server then goes on as after a
        build that went through, and the browsers reload (to the error page)."""
        log.info("Byggjer nettstaden ...")
        errors = LogMessages(logging.ERROR)
        logging.getLogger("mkdocs").addHandler(errors)
        speedups.start_build()
        try:
            config = config or get_config()
            build(config, serve_url=serve_url)
        except Exception as exc:
            if not isinstance(exc, Abort):  # not a content mistake but a fault: the traceback is for whoever fixes it
                traceback.print_exc()
            server.failure = failure_message(errors.messages, exc)
            log.error("Bygget feila. Nettlesaren viser feilen på alle sider til han er retta: rett fila og lagre.")
        else:
            if server.failure is not None:
                log.info("Bygget gjekk gjennom att.")
            server.failure = None
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
        # The plugins name the folders they read (guideline/, quizzes/ ...) in on_config: watch any new one, also
        # after a failed first build.
        for path in config.watch if config is not None else ():
            if os.path.abspath(path) not in server._watched_paths:
                server.watch(path)

    try:
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        server = PreviewServer(builder=builder, host=HOST, port=port, root=site_dir, polling_interval=POLLING_INTERVAL)
        try:
            server.listen()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                print(port_taken(port), file=sys.stderr)
            else:
                print(f"Porten {port} kan ikkje brukast ({exc.strerror}). Vel ein annan port, til dømes: PORT=8001 make preview", file=sys.stderr)
            return 1

        def error_handler(code: int) -> bytes | None:  # as mkdocs serve: the site's own 404 page
            page = Path(site_dir) / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_handler
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        try:
            builder(config)
            server = config.plugins.on_serve(server, config=config, builder=builder)
            log.info(f"Opne {serve_url} i nettlesaren: sida lastar seg inn på nytt når du lagrar ei fil. Stopp med Ctrl+C.")
            server.serve()
        except KeyboardInterrupt:
            log.info("Stoppar førehandsvisinga.")
        finally:
            server.shutdown()
            config.plugins.on_shutdown()
        return 0
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} er ikkje eit portnummer (1–65535)")
    return port


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.preview", description="Førehandsvising for redaktørar.")
    parser.add_argument("--port", type=_port, default=8000, help="porten på 127.0.0.1 (standard 8000)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml for nettstaden")
    args = parser.parse_args(argv)
    # Stopped by a signal (a test, a process manager) as by Ctrl+C: the temporary site folder is removed.
    signal.signal(signal.SIGTERM, _interrupt)
    state = State()  # MkDocs' own terminal output: "INFO    -  ...", warnings in yellow, errors in red
    try:
        return serve(args.config_file, args.port)
    except Abort as exc:  # an mkdocs.yml that cannot be read at all (MkDocs has logged why)
        print(f"Førehandsvisinga kan ikkje starte: {exc}", file=sys.stderr)
        return 1
    finally:
        del state


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
