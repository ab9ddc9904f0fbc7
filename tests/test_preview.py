"""The editors' preview (`make preview`, tools/preview/): a taken port is one clear sentence, the site is served,
a content mistake is shown in the browser with its file and line until it is fixed, and the preview's builds of only
the pages a save feeds make the same site as a full build. Each preview runs in its own process group on 127.0.0.1
and is stopped, with its children, when the test ends."""

from __future__ import annotations

import filecmp
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import mkdocs
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import ROOT
from tests.sitebuild import copy_project, edit, write
from tools.preview import LogMessages, error_page
from tools.preview.builder import Memory, run_build

CHAPTER = "guideline/oppnemning.md"
PAGE = "retningslinje/oppnemning/"
DEADLINE = 180  # seconds; generous, for a busy machine: the tests wait for an outcome, they do not time it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def command(port: int) -> list[str]:
    return [sys.executable, "-m", "tools.preview", "--port", str(port)]


def environment() -> dict[str, str]:
    # PYTHONPATH: the preview module of this work tree, whatever folder the copied project is in.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


@contextmanager
def preview(project: Path, port: int):
    """`python -m tools.preview` in `project`, its output in project/preview.log; stopped with its process group."""
    with (project / "preview.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command(port), cwd=project, env=environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# Straight to 127.0.0.1, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str) -> tuple[int, str]:
    try:
        with _OPENER.open(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode("utf-8")


def wait_for(process: subprocess.Popen, url: str, text: str, log: Path) -> tuple[int, str]:
    """Poll `url` until its page contains `text`; fail at once if the preview exits, or after the deadline."""
    deadline = time.monotonic() + DEADLINE
    last = None
    while time.monotonic() < deadline:
        assert process.poll() is None, (
            f"the preview exited with {process.returncode}:\n{log.read_text(encoding='utf-8')}"
        )
        try:
            last = get(url)
            if text in last[1]:
                return last
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    pytest.fail(
        f"{text!r} never appeared at {url} (last answer: {last and last[0]}):\n{log.read_text(encoding='utf-8')}"
    )


def newer_build(base: str, page: str) -> bool:
    """Whether a tab showing `page` would reload: the reload script in it asks /_forhandsvising/bygg?etter=<its
    build>, which answers with the newest build at once when there is a newer one (else after a while, the same)."""
    epoch = int(re.search(r'_forhandsvising/reload\.js" data-epoch="(\d+)"', page).group(1))
    status, newest = get(f"{base}/_forhandsvising/bygg?etter={epoch}")
    return status == 200 and int(newest) > epoch


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A copy of this project's own site sources, which a test may change."""
    target = tmp_path / "project"
    target.mkdir()
    return copy_project(target)


def test_a_taken_port_is_named_with_the_way_out_and_no_traceback(site_copy):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            command(port), cwd=site_copy, env=environment(), capture_output=True, text=True, timeout=DEADLINE
        )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Porten {port} er oppteken" in output
    assert "PORT=" in output and "make preview" in output
    assert "Traceback" not in output


def title(project: Path) -> str:
    """The chapter's title, from its front matter."""
    return re.search(r"^title: (.+)$", (project / CHAPTER).read_text(encoding="utf-8"), re.M).group(1)


def test_the_preview_serves_the_site(site_copy):
    port = free_port()
    with preview(site_copy, port) as process:
        status, page = wait_for(process, f"http://127.0.0.1:{port}/{PAGE}", title(site_copy), site_copy / "preview.log")
        assert status == 200
        assert "_forhandsvising/reload.js" in page  # the open tab follows the next save
        status, script = get(f"http://127.0.0.1:{port}/_forhandsvising/reload.js")
        assert status == 200 and "location.reload()" in script
        status, home = get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "Koordinatorordninga" in home
        status, missing = get(f"http://127.0.0.1:{port}/finst-ikkje/")
        assert status == 404 and "Koordinatorordninga" in missing  # the site's own 404 page, as with mkdocs serve


def test_a_content_error_is_shown_in_the_browser_until_it_is_fixed(site_copy):
    chapter = (site_copy / CHAPTER).read_text(encoding="utf-8")
    first, second = re.findall(r"^#+ .*\{#([a-z0-9-]+)\}", chapter, re.M)[:2]  # two headings' ids
    line = chapter[: chapter.index(f"{{#{second}}}")].count("\n") + 1
    port = free_port()
    log = site_copy / "preview.log"
    with preview(site_copy, port) as process:
        base = f"http://127.0.0.1:{port}"
        url = f"{base}/{PAGE}"
        _, page = wait_for(process, url, title(site_copy), log)

        # Two headings with the same id: the guideline plugin stops the build and names the second one's line.
        edit(site_copy, CHAPTER, f"{{#{second}}}", f"{{#{first}}}")
        status, error = wait_for(process, url, "Nettstaden kan ikkje byggjast", log)
        assert status == 500
        assert '<html lang="nn">' in error
        assert f"{CHAPTER}:{line}:" in error and f"«{first}»" in error
        # The open tab asks the server whether there is a newer build than its own; now there is, so it reloads.
        assert newer_build(base, page)
        status, elsewhere = get(f"{base}/")  # every page address, not only the chapter's
        assert status == 500 and f"{CHAPTER}:{line}:" in elsewhere
        assert f"{CHAPTER}:{line}:" in log.read_text(encoding="utf-8")  # and in the terminal, as before

        edit(site_copy, CHAPTER, f"{{#{first}}}", f"{{#{second}}}")
        status, page = wait_for(process, url, title(site_copy), log)
        assert status == 200
        assert "Nettstaden kan ikkje byggjast" not in page
        assert newer_build(base, error)  # the tab showing the error page reloads to the page


def test_the_error_page_escapes_the_message():
    page = error_page('docs/x.md:3: <script>alert("x")</script> & «y»')
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; «y»" in page
    assert "<script>alert" not in page


def test_the_preview_relies_on_the_pinned_mkdocs():
    assert mkdocs.__version__ == "1.6.1", (
        f"tools/preview/builder.py (ThemeFiles) relies on how MkDocs 1.6.1 lists the theme's files; MkDocs is "
        f"{mkdocs.__version__} now: check Theme.get_env and Files.add_files_from_theme, then update this pin"
    )


def test_builds_of_the_pages_a_save_feeds_make_the_same_site_as_a_full_build(site_copy, tmp_path):
    """After each save the preview builds only the pages the saved file feeds (a chapter's text: its page and the
    pages that gather from all chapters; a heading: everything, since references show its number and title; a
    hand-written page: it and its counterpart; a module), and carries the rest over; the site is the full build's,
    file for file, and the warnings of what was built are logged again."""
    url = "http://127.0.0.1:8000/"
    config_file = str(site_copy / "mkdocs.yml")
    chapter = (site_copy / CHAPTER).read_text(encoding="utf-8")
    heading = re.search(r"^## (.+?) \{#", chapter, re.M).group(1)
    patient = "docs/pasient/koordinator.md"
    module = sorted((site_copy / "quizzes").glob("*.yml"))[0]
    broken = "Sjå [denne sida](finst-ikkje.md)."
    chapter_file, page_file = site_copy / CHAPTER, site_copy / patient
    edits = [  # (change, the file saved, how many pages that may build again; None: every page)
        (lambda: edit(site_copy, CHAPTER, heading, f"{heading} i praksis"), chapter_file, None),
        (
            lambda: write(site_copy, CHAPTER, chapter_file.read_text(encoding="utf-8") + "\nEin ny setning.\n"),
            chapter_file,
            (1, 12),
        ),
        (lambda: write(site_copy, patient, page_file.read_text(encoding="utf-8") + f"\n{broken}\n"), page_file, (1, 5)),
        (
            lambda: write(
                site_copy,
                str(module.relative_to(site_copy)),
                module.read_text(encoding="utf-8").replace(
                    "introduction: |\n", "introduction: |\n  Ny innleiing.\n", 1
                ),
            ),
            module,
            (1, 12),
        ),
        (lambda: edit(site_copy, CHAPTER, f"{heading} i praksis", heading), chapter_file, None),
        # Last, so that the comparison below sees the pages a text edit leaves for the second build.
        (
            lambda: write(site_copy, CHAPTER, chapter_file.read_text(encoding="utf-8") + "\nEnno ein setning.\n"),
            chapter_file,
            (1, 12),
        ),
    ]
    memory = Memory()
    warnings = LogMessages(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    pages = len(list(site_copy.glob("docs/**/*.md")))
    try:
        run_build(config_file, str(tmp_path / "preview"), url, memory, None)
        for number, (change, saved, expected) in enumerate(edits):
            change()
            warnings.messages.clear()
            run_build(config_file, str(tmp_path / "preview"), url, memory, {saved})
            low, high = expected or (pages, 1000)
            built, later = memory.built, set(memory.later)
            if later:  # the pages that gather from many files, in a build of their own after, as the server does
                assert saved != chapter_file or "retningslinje/utskrift.md" in later
                run_build(config_file, str(tmp_path / "preview"), url, memory, None, later)
                assert memory.built == len(later) + 1 and not memory.later  # and the readability report
            assert low <= built + len(later) <= high, f"{built} + {len(later)} pages built after saving {saved}"
            if number == 2:  # the page with the broken link was built again, and its warning came again
                assert any("finst-ikkje.md" in message for message in warnings.messages)
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    full = load_config(config_file=config_file, site_dir=str(tmp_path / "full"))
    full.site_url = url
    full.plugins["koord/quiz"].config["scoring"] = "browser"  # as the preview builds, for the editor and the approver
    build(full, serve_url=url)

    full = sorted(p.relative_to(tmp_path / "full") for p in (tmp_path / "full").rglob("*") if p.is_file())
    previewed = sorted(p.relative_to(tmp_path / "preview") for p in (tmp_path / "preview").rglob("*") if p.is_file())
    assert previewed == full
    assert Path("opplaering/kven-treng-koordinator/fasit/index.html") in previewed, (
        "the approver reads the key in the preview"
    )
    # The compressed sitemap holds the time it was written; everything else must be byte for byte the same.
    different = [
        str(p)
        for p in full
        if p.suffix != ".gz" and not filecmp.cmp(tmp_path / "full" / p, tmp_path / "preview" / p, shallow=False)
    ]
    assert different == []


def test_the_second_build_of_a_save_holds_only_the_pages_it_rewrites(tmp_path, monkeypatch):
    """After a save the chapter's page is served at once while the print view is still being made; a page reloads
    after a build only if that build rewrote it (a failed build, and the one that mends it, rewrite every page)."""
    import threading

    from tools.preview import server

    monkeypatch.setattr(server, "WAIT_SECONDS", 0.2)
    builds = server.Builds()
    chapter, print_view = tmp_path / "kapittel" / "index.html", tmp_path / "utskrift" / "index.html"
    builds.start()
    builds.finish(None)  # 1: the chapter's own page
    builds.start(frozenset({print_view}))  # 2: the pages that gather from every chapter
    assert builds.settled(chapter) == (1, None)
    answered: list = []
    waiting = threading.Thread(target=lambda: answered.append(builds.settled(print_view)))
    waiting.start()
    waiting.join(0.3)
    assert not answered, "the print view waits for the build that rewrites it"
    builds.finish(None)
    waiting.join(5)
    assert answered == [(2, None)]
    assert builds.newer_than(1, print_view) == 2
    assert builds.newer_than(1, chapter) == 1, "the chapter's page is not reloaded for the second build"
    builds.start(frozenset({print_view}))
    builds.finish("Feil i kapittel.md")
    assert builds.newer_than(2, chapter) == 3


def test_a_page_left_for_later_is_made_when_asked_for(tmp_path, monkeypatch):
    """The pages that gather from every chapter are left for later after a save: a request for one, or a reload
    script already waiting on one, asks for them and waits until they are made; a failed build leaves nothing
    waiting, since every page shows the error."""
    import threading

    from tools.preview import server

    monkeypatch.setattr(server, "WAIT_SECONDS", 5)
    builds = server.Builds()
    chapter, print_view = tmp_path / "kapittel" / "index.html", tmp_path / "utskrift" / "index.html"
    builds.start()
    builds.finish(None, frozenset({print_view}))  # 1: the saved chapter's page; the print view left for later
    assert builds.settled(chapter) == (1, None) and not builds.wanted()
    answered: list = []
    waiting = threading.Thread(target=lambda: answered.append(builds.settled(print_view)))
    waiting.start()
    assert _soon(builds.wanted), "a request for the print view asks for it"
    waiting.join(0.3)
    assert not answered, "and waits"
    assert not builds.wanted(), "asked once"
    builds.start(frozenset({print_view}))
    builds.finish(None)  # 2: the pages left for later
    waiting.join(5)
    assert answered == [(2, None)]

    polled: list = []
    poll = threading.Thread(target=lambda: polled.append(builds.newer_than(2, print_view)))
    poll.start()
    time.sleep(0.1)
    builds.start()
    builds.finish(None, frozenset({print_view}))  # 3: another save
    assert _soon(builds.wanted), "the print view's tab asks as soon as a save leaves it for later"
    assert not polled
    builds.start(frozenset({print_view}))
    builds.finish(None)  # 4
    poll.join(5)
    assert polled == [4]

    builds.start()
    builds.finish("Feil i kapittel.md", frozenset({print_view}))
    assert builds.settled(print_view) == (5, "Feil i kapittel.md")


def _soon(check, seconds: float = 10) -> bool:
    """Whether `check()` comes true within `seconds` (another thread has to run first)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_the_print_view_shows_a_save_when_asked_for(site_copy):
    """After a save, the chapter's page comes first; the print view, asked for at once, has the change too."""
    port = free_port()
    log = site_copy / "preview.log"
    with preview(site_copy, port) as process:
        base = f"http://127.0.0.1:{port}"
        wait_for(process, f"{base}/{PAGE}", title(site_copy), log)
        status, before = get(f"{base}/retningslinje/utskrift/")
        assert status == 200 and title(site_copy) in before
        edit(site_copy, CHAPTER, "\n## ", "\nEndra i førehandsvisinga.\n\n## ")
        wait_for(process, f"{base}/{PAGE}", "Endra i førehandsvisinga.", log)
        status, after = get(f"{base}/retningslinje/utskrift/")
        assert status == 200 and "Endra i førehandsvisinga." in after
