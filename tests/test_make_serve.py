"""`make serve` as a new user runs it, on the small test site copied with the project's Makefile: on a port of
their choosing (PORT=…, as for make preview, or KOORD_TRACKER_PORT) the banner names the address actually used and
the site and the tracker answer there; on a taken port there is one Norwegian line that names the port and how to
choose another, a non-zero exit, no build and no «ready» line."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.conftest import ROOT
from tests.tracker.live import free_port

VENV = Path(sys.executable).parent.parent


@pytest.fixture
def checkout(project) -> Path:
    """The test site with this project's Makefile, as a fresh clone has it. The Makefile is told where the
    installed .venv is; pyproject.toml is dated before that installation, so that make sees it as up to date and
    never installs this copy (which holds no package) over the work tree's."""
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    installed = (VENV / ".runtime").stat().st_mtime
    os.utime(project / "pyproject.toml", (installed - 60, installed - 60))
    return project


def environment(checkout: Path, **extra: str) -> dict[str, str]:
    """The user's environment, without make's own from an outer make (make test), with the tracker's files in this
    copy (the installed koord-tracker's project folder is the work tree, not the copy)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KOORD_TRACKER_") and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }
    env.update(
        KOORD_TRACKER_DATA_DIR=str(checkout / "var"),
        KOORD_TRACKER_MANIFEST=str(checkout / "var" / "manifest.json"),
        KOORD_TRACKER_SITE_DIR=str(checkout / "site"),
    )
    env.update(extra)
    return env


def make_serve(checkout: Path, env: dict[str, str], *arguments: str) -> subprocess.Popen:
    # Its own process group, so that the test can end make and the tracker it started, and nothing else. What it
    # prints and logs comes in one stream, in the order a user sees it.
    return subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"VENV={VENV}", *arguments],
        cwd=checkout,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def read_until(process: subprocess.Popen, last: str, seconds: float = 180) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"make serve ended ({process.poll()}) before «{last}»:\n" + "\n".join(lines))
        lines.append(line.rstrip("\n"))
        if line.startswith(last):
            return lines
    raise AssertionError(f"no «{last}» within {seconds} s:\n" + "\n".join(lines))


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=15)


@pytest.mark.parametrize("how", ["PORT=", "make serve PORT=", "KOORD_TRACKER_PORT="])
def test_make_serve_on_a_port_of_ones_choosing(checkout, how):
    port = free_port()
    if how == "PORT=":
        process = make_serve(checkout, environment(checkout, PORT=str(port)))
    elif how == "make serve PORT=":
        process = make_serve(checkout, environment(checkout), f"PORT={port}")
    else:
        process = make_serve(checkout, environment(checkout, KOORD_TRACKER_PORT=str(port)))
    try:
        lines = read_until(process, "    Stopp med Ctrl+C.")
        base = f"http://127.0.0.1:{port}"
        # The database is upgraded (here: created, or found at the newest revision) before the build, in one line.
        assert lines[0] == "==> Oppgraderer databasen til sporingstenesta"
        assert lines[1].startswith("Databasen sqlite:///") and (
            "er oppretta, på revisjon" in lines[1] or "ingenting er endra" in lines[1]
        ), lines
        assert lines[2] == "==> Byggjer nettstaden"
        assert [line for line in lines if "==> Sporingstenesta køyrer" in line], lines
        assert lines[-4:] == [
            "==> Sporingstenesta køyrer. Opne:",
            f"    Nettstaden:      {base}/",
            f"    Leiaroversikt:   {base}/leiar/",
            "    Stopp med Ctrl+C.",
        ]
        assert ":8000" not in "\n".join(lines)
        assert httpx.get(f"{base}/", timeout=10).status_code == 200
        assert httpx.get(f"{base}/api/v1/health", timeout=10).json()["status"] == "ok"
    finally:
        stop(process)


def test_a_taken_port_is_one_norwegian_line_before_anything_is_built(checkout):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            ["make", "--no-print-directory", "serve", f"VENV={VENV}"],
            cwd=checkout,
            env=environment(checkout, PORT=str(port)),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode != 0
    assert result.stdout == "", "no build, no banner, no «ready» line"
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make: ***")]
    assert ours == [
        f"koord-tracker serve: Porten {port} på 127.0.0.1 er oppteken av eit anna program (kanskje ein annan «make serve»). "
        f"Vel ein annan port: PORT=8001 make serve, eller koord-tracker serve --port 8001 (KOORD_TRACKER_PORT)."
    ]
    assert "klar" not in result.stderr and "Traceback" not in result.stderr
    assert not (checkout / "site").exists(), "nothing was built"
    assert time.monotonic() - started < 60


def test_the_readme_shows_how_to_choose_the_port():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "PORT=8011 make serve" in readme
