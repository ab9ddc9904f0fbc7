"""What the benchmarks share: a manifest from the test module, and a tracker started as its own process."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))


def write_manifest(folder: Path) -> Path:
    from content.guideline.loader import load_guideline
    from content.training.loader import load_modules
    from content.training.manifest import manifest

    fixture = ROOT / "tests" / "fixtures" / "site"
    guideline = load_guideline(fixture)
    modules = load_modules(fixture, "quizzes", guideline.section_ids)
    path = folder / "manifest.json"
    path.write_text(
        json.dumps(manifest([m.module for m in modules], "TEST-RL", "2.1", time_zone="Europe/Oslo")), encoding="utf-8"
    )
    return path


def compile_ours() -> None:
    """Our packages as bytecode, as an installed package has it: pip compiles what it installs, but this project is
    installed editable, and where PYTHONDONTWRITEBYTECODE is set Python never writes it. Without it every build
    compiled our sources again (0.06 s), which plain Material's packages never do."""
    folders = [str(ROOT / name) for name in ("content", "plugins", "tools", "tracker")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def tracker(data: Path, manifest: Path, token: str = "bench-token-at-least-32-characters-long"):
    """`koord-tracker serve` in its own process, so that the load generator does not share its interpreter."""
    port = free_port()
    env = {
        **os.environ,
        "KOORD_TRACKER_DATA_DIR": str(data),
        "KOORD_TRACKER_MANIFEST": str(manifest),
        "KOORD_TRACKER_SITE_DIR": "",
        "KOORD_TRACKER_PORT": str(port),
        "KOORD_TRACKER_ADMIN_TOKEN": token,
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "koord-tracker"), "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            if process.poll() is not None:
                sys.exit(f"the tracker exited with {process.returncode} before it answered")
            try:
                if httpx.get(f"{base}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            sys.exit("the tracker did not answer /api/v1/health within 20 s")
        yield base
    finally:
        process.terminate()
        process.wait(10)


def revision() -> dict:
    """The commit measured, and whether the tracker's code had changes not yet committed."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "tracker_tree": git("rev-parse", "--short", "HEAD:tracker"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--", "tracker")),
    }


# Taken when the benchmark starts, so that a commit made while it runs is not credited with its numbers.
AT_START = revision()


def save(name: str, result: dict) -> None:
    """Write one benchmark's result, stamped with the date and the commit it measured. A run during which the
    tracker's code changed says so: such a run should be repeated, not published. (Commits elsewhere, to the
    site or the docs, do not change what is measured.)"""
    at_end = revision()
    changed = (
        at_end["tracker_tree"] != AT_START["tracker_tree"]
        or at_end["uncommitted_changes"]
        or AT_START["uncommitted_changes"]
    )
    result = {
        "date": dt.date.today().isoformat(),
        **AT_START,
        **({"changed_during_run": at_end} if changed else {}),
        **result,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
