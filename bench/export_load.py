"""Attempts' latency while a manager's 1,000,000-row export is prepared, against the same tracker with no export,
in one run: the tracker's other work must not be slowed by an export (issue 29).

The tracker (`koord-tracker serve`, SQLite, as tracker_load.py) holds 1,000,000 completions. wrk sends attempts
(bench/attempts.lua) for `seconds` (6, shorter than the CSV takes to prepare) at 16 connections three times: with no export, while the completions are
prepared as CSV, and while they are prepared as .xlsx, each asked for with GET by a client that reads the file
when it comes. The export is started a second before wrk, and the run says whether it was still being prepared
when wrk stopped, so that the whole measurement fell within it.
Goal: p99 of attempts under 100 ms at 16 connections during an export, as without one (tracker_load.py).
Run: cd bench && ../.venv/bin/python export_load.py [seconds]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx
from common import save, tracker, write_manifest
from export import fill
from tracker_load import SCRIPT, wrk

ROWS = 1_000_000
CONNECTIONS = 16
TOKEN = "bench-token-at-least-32-characters-long"


class Download(threading.Thread):
    """A manager's download of the whole completions file, read as it comes."""

    def __init__(self, base: str, fmt: str):
        super().__init__(daemon=True)
        self.url = f"{base}/api/v1/reports/completions.{fmt}"
        self.bytes = 0
        self.seconds = 0.0
        self.prepared = 0.0  # seconds until the first byte: the file is prepared before it is sent

    def run(self) -> None:
        start = time.perf_counter()
        with httpx.stream("GET", self.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600) as response:
            response.raise_for_status()
            self.prepared = time.perf_counter() - start
            for chunk in response.iter_bytes():
                self.bytes += len(chunk)
        self.seconds = time.perf_counter() - start


def attempts(base: str, seconds: int) -> dict:
    result = wrk(f"{base}/api/v1/attempts", seconds, CONNECTIONS, SCRIPT)
    return {
        "attempts_per_second": round(result["rps"], 1),
        "attempts_p50_ms": round(result["p50"], 2),
        "attempts_p99_ms": round(result["p99"], 2),
        "responses_not_201": result["not201"],
    }


def main(seconds: int = 6) -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = write_manifest(folder)
        data = folder / "data"
        data.mkdir()
        from tracker.migrations import upgrade  # the tracker's own schema, at the newest revision

        upgrade(f"sqlite:///{data / 'tracker.sqlite3'}")
        fill(data / "tracker.sqlite3", 0, ROWS)
        with tracker(data, manifest, TOKEN) as base:
            wrk(f"{base}/api/v1/health", 2, CONNECTIONS)  # warm up
            runs["without_export"] = attempts(base, seconds)
            for fmt in ("csv", "xlsx"):
                download = Download(base, fmt)
                download.start()
                time.sleep(1)
                during = attempts(base, seconds)
                preparing_throughout = download.is_alive() and download.bytes == 0
                download.join()
                runs[f"during_{fmt}_export"] = {
                    **during,
                    "export_prepared_s": round(download.prepared, 2),
                    "export_total_s": round(download.seconds, 2),
                    "export_mb": round(download.bytes / 1e6, 1),
                    "export_prepared_throughout": preparing_throughout,
                }
    without = runs["without_export"]["attempts_p99_ms"]
    for run in runs.values():
        run["p99_ratio_to_without"] = round(run["attempts_p99_ms"] / without, 2)
    save(
        "export_load",
        {
            "machine": "2 cores, shared; load generator, tracker and export process on the same machine; SQLite in a temporary folder",
            "rows": ROWS,
            "connections": CONNECTIONS,
            "seconds_per_run": seconds,
            "runs": runs,
            "goal": "attempts' p99 < 100 ms at 16 connections while a 1,000,000-row export is prepared, as without one",
            "within_goal": all(run["attempts_p99_ms"] < 100 for run in runs.values())
            and all(run.get("export_prepared_throughout", True) for run in runs.values()),
        },
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
