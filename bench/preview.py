"""The editor's loop: seconds from saving a guideline chapter to the rebuilt page being served by the preview
(`make preview`, tools/preview/), median and spread of 5 saves after a warm-up save, at 1x and 10x content (this
site scaled by bench/scale.py). Baseline in the same run: plain MkDocs' own `mkdocs serve` of a plain site with as
many pages (see `plain_site`). For reference, also `mkdocs serve` of this site with our plugins. Each server is its
own process on 127.0.0.1, started in a copy of the project.

Goal: the preview shows a saved chapter within 0.5 s at 1x content and 1 s at 10x (median).
Run: .venv/bin/python bench/preview.py   (about five minutes; writes bench/preview.md)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from common import compile_ours  # noqa: E402
from scale import scaled_project  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
SAVES = 5
GOALS_S = {1: 0.5, 10: 1.0}
PAUSED_S = 2.5  # past the preview's LATER_AFTER (2 s): each save comes while the pages that gather are made
CHAPTER = "oppnemning"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Straight to 127.0.0.1, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> str:
    try:
        with _OPENER.open(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.read().decode("utf-8")


def wait_for(process: subprocess.Popen, url: str, text: str, timeout: float = 300) -> None:
    """Until the page at `url` contains `text`. The server holds a request while it builds, so polling every 20 ms
    sees the page as soon as it is served."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode}")
        try:
            if text in fetch(url):
                return
        except OSError:
            pass
        time.sleep(0.02)
    sys.exit(f"{text!r} never appeared at {url}")


def editor_loop(project: Path, command: list[str], chapter: Path, pause: float = 1) -> list[float]:
    """Seconds from each save of `chapter` to its page carrying the change, with the server `command` (PORT in it
    is replaced by a free port), `pause` seconds after the page was served."""
    port = free_port()
    command = [part.replace("PORT", str(port)) for part in command]
    # Ctrl+C stops it (below), also when this benchmark was started where Ctrl+C is ignored (a background job).
    server = subprocess.Popen(
        command,
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    url = f"http://127.0.0.1:{port}/retningslinje/{CHAPTER}/"
    original = chapter.read_text(encoding="utf-8")
    times = []
    try:
        wait_for(server, url, "</html>")
        for save in range(SAVES + 1):  # the first save warms up the rebuild (caches, imports); it is not counted
            marker = f"Endra av benchmarken, lagring {save}."
            time.sleep(pause)  # an editor does not save while the last build runs
            start = time.perf_counter()
            chapter.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            wait_for(server, url, marker)
            times.append(time.perf_counter() - start)
        return times[1:]
    finally:
        chapter.write_text(original, encoding="utf-8")
        # Ctrl+C, so that the server removes its temporary site folder; killed if it does not stop.
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def plain_site(ours: Path, target: Path, count: int) -> Path:
    """A site for plain MkDocs with `count` pages: this site's hand-written pages and guideline chapters as ordinary
    pages, then copies of the chapters until the count is reached; Material with the same theme settings and
    Markdown extensions, and its search, but none of our plugins."""
    from mkdocs.config import load_config

    docs = target / "docs"
    shutil.copytree(ours / "docs", docs)
    chapters = sorted((ours / "guideline").glob("*.md"))
    (docs / "retningslinje").mkdir()
    for path in chapters:
        shutil.copy(path, docs / "retningslinje" / path.name)
    (docs / "kopiar").mkdir()
    for number in range(count - len(list(docs.rglob("*.md")))):
        shutil.copy(chapters[number % len(chapters)], docs / "kopiar" / f"kopi-{number}.md")
    config = load_config(str(ours / "mkdocs.yml"))  # resolves `!relative` paths (the IT page's included files)
    plain = {
        "site_name": config.site_name,
        "theme": {"name": "material", "language": config.theme["language"], "font": False},
        "plugins": [{"search": {"lang": "no"}}],
        "markdown_extensions": [
            {name: _plain(config.mdx_configs.get(name, {}))} for name in config.markdown_extensions
        ],
    }
    (target / "mkdocs.yml").write_text(
        json.dumps(plain, ensure_ascii=False, indent=2), encoding="utf-8"
    )  # JSON is YAML
    return target


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return os.fspath(value) if isinstance(value, os.PathLike) else value


def pages(project: Path) -> int:
    """Pages in a full build of `project` (which is not timed here; bench/build_scale.py times full builds)."""
    site = project / "site"
    subprocess.run(
        [str(BIN / "mkdocs"), "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return len(list(site.rglob("index.html")))


def summary(times: list[float]) -> dict:
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": times}


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def main() -> None:
    compile_ours()
    commit, changes = (
        git("rev-parse", "--short", "HEAD"),
        bool(git("status", "--porcelain", "--", "plugins", "content", "tools", "mkdocs.yml")),
    )
    load_before = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in GOALS_S:
            ours = scaled_project(factor, Path(tmp) / f"ours-{factor}")
            subprocess.run(["git", "init", "-q"], cwd=ours, check=True)  # the cited-section check reads the history
            subprocess.run(["git", "add", "-A"], cwd=ours, check=True)
            subprocess.run(
                ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "bench"],
                cwd=ours,
                check=True,
            )
            count = pages(ours)
            plain = plain_site(ours, Path(tmp) / f"plain-{factor}", count)
            chapter = ours / "guideline" / f"{CHAPTER}.md"
            serve = [str(BIN / "mkdocs"), "serve", "--dev-addr", "127.0.0.1:PORT"]
            preview = [str(BIN / "python"), "-m", "tools.preview", "--port", "PORT"]
            rows = [
                ("preview of this site (`make preview`)", count, editor_loop(ours, preview, chapter)),
                (
                    "plain MkDocs and Material, no plugins of ours: `mkdocs serve` (baseline)",
                    pages(plain),
                    editor_loop(plain, serve, plain / "docs" / "retningslinje" / f"{CHAPTER}.md"),
                ),
                ("`mkdocs serve` of this site with our plugins", count, editor_loop(ours, serve, chapter)),
                (
                    f"preview, saves {PAUSED_S} s apart (each while the pages that gather are made)",
                    count,
                    editor_loop(ours, preview, chapter, PAUSED_S),
                ),
            ]
            results.append((factor, [(name, pages_, summary(times)) for name, pages_, times in rows]))

    lines = [
        "# Preview: from saving a chapter to the page",
        "",
        f"`.venv/bin/python bench/preview.py` at commit {commit}{' (with uncommitted changes)' if changes else ''}, "
        f"{dt.date.today():%d.%m.%Y}, on {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.machine()}.",
        "The machine is shared and noisy: the ratio, measured against a baseline in the same run, says more than the seconds",
        f"(load average {load_before:.1f} when the run started, {os.getloadavg()[0]:.1f} when it ended).",
        "",
        f"Seconds from writing guideline/{CHAPTER}.md to the server answering with the changed page (a request waits",
        f"while the server builds), {SAVES} saves after a warm-up save, each one second after the last was served. The",
        "preview builds the chapter's page first; the pages that gather from every chapter (the print view, the open",
        "points) in a build of their own once saves pause for 2 s, or when one of them is asked for. `mkdocs serve`",
        f"builds them all before it answers. The last row saves {PAUSED_S} s apart, so that each save comes while those",
        "pages are being made: the preview's slowest case, not part of the goal.",
    ]
    within = True
    for factor, rows in results:
        preview, baseline, serve, _ = (result for _, _, result in rows)
        goal = GOALS_S[factor]
        within &= preview["median"] <= goal
        lines += [
            "",
            f"## {factor}x content",
            "",
            "| server | pages | median (s) | spread, min–max (s) | each save (s) |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for name, count, result in rows:
            runs = ", ".join(f"{t:.2f}" for t in result["runs"])
            lines.append(
                f"| {name} | {count} | {result['median']:.2f} | {result['min']:.2f}–{result['max']:.2f} | {runs} |"
            )
        lines += [
            "",
            f"The preview takes {preview['median'] / baseline['median']:.2f} times as long as plain MkDocs with plain Material pages, and "
            f"{preview['median'] / serve['median']:.2f} times as long as `mkdocs serve` of this site.",
            f"Goal: within {goal} s. Within goal: {'yes' if preview['median'] <= goal else 'no'} (median {preview['median']:.2f} s, slowest save {preview['max']:.2f} s).",
        ]
    lines += ["", f"All goals met: {'yes' if within else 'no'}.", ""]
    text = "\n".join(lines)
    (ROOT / "bench" / "preview.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
