"""Attempts per second and p50/p99 latency under concurrent load on the embedded default (SQLite, one process),
and a count of lost and doubled attempts; the same server's health endpoint is the plain baseline in each run.

Speed: wrk (Debian package `wrk`), a C client, so that the load generator does not take the server's CPU on
this 2-core machine; one request in ten repeats an earlier attempt. Accounting: a Python client that keeps every
acknowledged attempt id sends attempts (again one in ten twice) concurrently, then checks the database: every
acknowledged attempt stored, none twice. (wrk cannot tell which request an answer belongs to.)
Goal: at least 500 attempts/s with p99 under 100 ms, zero lost or doubled.
Run: .venv/bin/python bench/tracker_load.py [seconds]
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import httpx2 as httpx
from common import ROOT, save, tracker, write_manifest

SCRIPT = ROOT / "bench" / "attempts.lua"
ANSWERS = {"samtykke-kven": ["a"], "melding-kven": ["a", "b"], "case-a-melde": ["a"], "case-a-sant": ["usant"]}


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url] + (
        ["-s", str(script)] if script else []
    )
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    percent = {
        p: float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
        for p, v, u in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)\b", output)
    }
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": percent["50"],
        "p99": percent["99"],
    }
    if script:
        result["not201"] = int(re.search(r"not201=(\d+)", output).group(1))
    return result


async def exact(base: str, count: int, concurrency: int) -> tuple[set[str], dict[int, int]]:
    """Send `count` attempts, one in ten twice, and return the ids the tracker acknowledged with 201."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    bodies = [
        {
            "attempt_id": str(uuid.uuid4()),
            "module": "test-modul",
            "version": "1.2",
            "answers": ANSWERS,
            "finished_at": now,
            "learner": {"employee": f"9{n:05d}", "name": f"Person {n}", "unit": "Eining"},
        }
        for n in range(count)
    ]
    sends = bodies + random.sample(bodies, count // 10)
    random.shuffle(sends)
    acknowledged: set[str] = set()
    statuses: dict[int, int] = {}
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def worker():
            while sends:
                body = sends.pop()
                response = await client.post("/api/v1/attempts", json=body)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == 201:
                    acknowledged.add(body["attempt_id"])

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return acknowledged, statuses


def main(seconds: int = 10) -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = write_manifest(folder)
        for connections in (16, 32):
            with tracker(folder / f"speed-{connections}", manifest) as base:
                wrk(f"{base}/api/v1/health", 2, connections)  # warm up
                baseline = wrk(f"{base}/api/v1/health", seconds, connections)
                attempts = wrk(f"{base}/api/v1/attempts", seconds, connections, SCRIPT)
            runs[f"{connections}_connections"] = {
                "attempts_per_second": round(attempts["rps"], 1),
                "attempts_p50_ms": round(attempts["p50"], 2),
                "attempts_p99_ms": round(attempts["p99"], 2),
                "responses_not_201": attempts["not201"],
                "baseline_health_per_second": round(baseline["rps"], 1),
                "baseline_health_p99_ms": round(baseline["p99"], 2),
                "ratio_attempts_to_baseline": round(attempts["rps"] / baseline["rps"], 3),
            }
        data = folder / "accounting"
        with tracker(data, manifest) as base:
            acknowledged, statuses = asyncio.run(exact(base, 3000, 16))
        with sqlite3.connect(data / "tracker.sqlite3") as conn:
            stored = [row[0] for row in conn.execute("SELECT attempt_id FROM attempts")]
    accounting = {
        "attempts": 3000,
        "sent_with_repeats": 3300,
        "concurrency": 16,
        "statuses": statuses,
        "lost": len(acknowledged - set(stored)),
        "doubled": len(stored) - len(set(stored)),
        "stored": len(stored),
    }
    speed = runs["16_connections"]
    save(
        "tracker_load",
        {
            "machine": "2 cores, shared; load generator and tracker on the same machine; SQLite in a temporary folder",
            "seconds_per_run": seconds,
            "speed": runs,
            "accounting": accounting,
            "goal": "≥ 500 attempts/s and p99 < 100 ms at 16 connections; 0 lost, 0 doubled",
            "within_goal": speed["attempts_per_second"] >= 500
            and speed["attempts_p99_ms"] < 100
            and accounting["lost"] == accounting["doubled"] == 0
            and accounting["stored"] == 3000,
        },
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
