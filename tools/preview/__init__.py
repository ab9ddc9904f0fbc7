"""Editors' live preview: `python -m tools.preview --port 8000` (what `make preview` runs).

The site is built into a temporary folder and served on 127.0.0.1. When a file the site is made of is saved, only
the pages it feeds are built again (content.dependencies knows which; see builder.py), and the open tab reloads.
The pages that gather from many files (the print view, the guideline's front page) are made in a build of their
own: when one of them is asked for or open in a tab, or once saves pause (LATER_AFTER).

- A port that is already taken is one sentence in nynorsk and a non-zero exit, before anything is built.
- A build that fails (the content's one report, naming file:line) is shown in the browser: every page address
  answers with an error page carrying the message, and the open tab reloads to it, until a build goes through; then
  the tab reloads to the page again. The message is printed in the terminal too. A first build that fails is shown
  the same way, so the preview can be started before the mistake is fixed.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from mkdocs.__main__ import State
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from tools.preview.builder import Memory, run_build
from tools.preview.server import Builds, PreviewServer, error_page

log = logging.getLogger("mkdocs.preview")
HOST = "127.0.0.1"
# How often the watcher looks for saved files: the watched folders hold a few hundred files, so looking ten times
# a second costs next to nothing, and a save shows sooner.
POLLING_INTERVAL = 0.1
# The pages that gather from many files (the print view: the whole guideline) are made again once saves pause for
# this long, or at once when someone asks for one. Made after every save, they took about a second at 10x content,
# and a save that came meanwhile (an editor that saves every second) waited for them before its own page was made.
LATER_AFTER = 2.0

__all__ = ["error_page", "main"]


def port_taken(port: int) -> str:
    return f"Porten {port} er oppteken (kanskje ein annan preview køyrer). Stopp han, eller vel ein annan port: PORT={port + 1} make preview"


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


def watched_files(config_file: Path, folders: list[Path]) -> dict[Path, float]:
    """Every file the site is made of, with its last change: mkdocs.yml, docs/, the theme overrides and what the
    plugins read (the folders they name in `watch`)."""
    found = {config_file: config_file.stat().st_mtime} if config_file.is_file() else {}
    for folder in folders:
        if folder.is_file():
            found[folder] = folder.stat().st_mtime
            continue
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                path = Path(root, name)
                try:
                    found[path] = path.stat().st_mtime
                except FileNotFoundError:
                    pass  # removed while we looked
    return found


def _folders(config_file: Path) -> list[Path]:
    """What to watch: the docs folder, the theme overrides, the content koord/site loads, and the approval archive."""
    try:
        config = load_config(config_file=str(config_file))
    except (Abort, ConfigurationError):
        return []  # a broken mkdocs.yml: watch it alone until it is fixed
    root = config_file.parent
    folders = [Path(config.docs_dir), root / "approved"]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    if "koord/site" in config.plugins:
        options = config.plugins["koord/site"].config
        folders += [root / options[part] for part in ("guideline", "modules", "roles", "checklist") if options[part]]
    return [folder for folder in folders if folder.exists()]


def serve(config_file: str, port: int) -> int:
    """Build into a temporary folder and serve it on 127.0.0.1:`port` until Ctrl+C; the exit status."""
    config_path = Path(config_file).resolve()
    site_dir = Path(tempfile.mkdtemp(prefix="forhandsvising-"))
    builds = Builds()
    try:
        server = PreviewServer(HOST, port, site_dir, builds)
    except OSError as exc:
        shutil.rmtree(site_dir, ignore_errors=True)
        if exc.errno == errno.EADDRINUSE:
            print(port_taken(port), file=sys.stderr)
        else:
            print(
                f"Porten {port} kan ikkje brukast ({exc.strerror}). Vel ein annan port, til dømes: PORT=8001 make preview",
                file=sys.stderr,
            )
        return 1
    serve_url = f"http://{HOST}:{port}/"
    memory = Memory()

    def build_once(changed: set[Path] | None, pages: set[str] | None = None) -> None:
        builds.start(memory.later_files if pages is not None else None)
        errors = LogMessages(logging.ERROR)
        logging.getLogger("mkdocs").addHandler(errors)
        started = time.monotonic()
        failure = None
        try:
            run_build(str(config_path), str(site_dir), serve_url, memory, changed, pages)
        except Exception as exc:  # noqa: BLE001 - every failure is shown in the browser
            if not isinstance(exc, Abort):  # not a content mistake but a fault: the traceback is for whoever fixes it
                traceback.print_exc()
            failure = failure_message(errors.messages, exc)
            log.error("Bygget feila. Nettlesaren viser feilen på alle sider til han er retta: rett fila og lagre.")
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
        if failure is None:
            if builds.failure is not None:
                log.info("Bygget gjekk gjennom att.")
            what = "heile nettstaden" if changed is None and pages is None else f"{memory.built} sider"
            log.info(f"Bygde {what} på {time.monotonic() - started:.2f} s.")
        builds.finish(failure, memory.files_of(memory.later))

    thread = threading.Thread(target=server.serve_forever, name="forhandsvising", daemon=True)
    thread.start()
    try:
        # What the files look like before each build: a save during a build is seen after it, never lost.
        folders = _folders(config_path)
        seen = watched_files(config_path, folders)
        log.info("Byggjer nettstaden ...")
        build_once(None)
        log.info(f"Opne {serve_url} i nettlesaren: sida lastar seg inn på nytt når du lagrar ei fil. Stopp med Ctrl+C.")
        while True:
            time.sleep(POLLING_INTERVAL)
            now = watched_files(config_path, folders)
            changed = {path for path in now.keys() | seen.keys() if now.get(path) != seen.get(path)}
            if changed:
                seen = now
                # Everything again after a failed build (it may have stopped half-way) or when a file is gone.
                full = builds.failure is not None or any(path not in now for path in changed)
                build_once(None if full else changed)
                folders = _folders(config_path)  # mkdocs.yml may name other folders now
            elif memory.later and builds.failure is None:
                if builds.wanted() or time.monotonic() - builds.finished >= LATER_AFTER:
                    build_once(None, set(memory.later))
    except KeyboardInterrupt:
        log.info("Stoppar førehandsvisinga.")
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikkje eit portnummer (1–65535)") from None
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
    finally:
        del state


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
