"""Time and peak memory of the item statistics (tracker/itemstats.py) for one module with 10,000 and then 100,000
stored attempts, each with its ten answered items (1,000,000 item rows), against a plain baseline in the same run:
sqlite3 counting the right answers per question in one pass over the items (facility alone, no first-attempt rule,
no discrimination, no sections).
The module is a bank like the site's: 30 questions and 4 cases of 2 questions; each attempt draws 8 questions and
1 case. One person in five takes it twice, so that the first-attempt rule has work to do.
Goal (issue 26): at 100,000 attempts the statistics (first attempts, the default) in under 5 s, with memory that
stays flat: the peak at 100,000 attempts at most 1.2 times the peak at 10,000.
Times are the median of three rounds in which ours and the baseline take turns, each in a process of its own; the
time is the computation's own (the process's start and imports not counted), with the CPU time of the whole
process beside it.
Run: cd bench && ../.venv/bin/python item_stats.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import save

ROUNDS = 3
QUESTIONS = [f"q{n:02d}" for n in range(1, 31)]
CASES = {f"k{n}": [f"k{n}-a", f"k{n}-b"] for n in range(1, 5)}
SECTIONS = [f"s{n}" for n in range(1, 13)]

OURS = """
import json, sys, time
from tracker import itemstats
from tracker.db import make_engine
from tracker.manifest import Manifest
manifest = Manifest.model_validate(json.load(open(sys.argv[2])))
engine = make_engine(f"sqlite:///{sys.argv[1]}")
start = time.perf_counter()
report = itemstats.compute(engine, manifest.module("bank"), sys.argv[3])
took = time.perf_counter() - start
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": took, "attempts": report.versions[0].attempts, "with_items": report.versions[0].with_items,
                  "drawn": sum(q.drawn or 0 for q in report.questions), "alpha": report.versions[0].alpha, "peak_kib": peak}))
"""

BASELINE = """
import json, sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
start = time.perf_counter()
rows = conn.execute("SELECT question_id, count(*), sum(is_right) FROM attempt_items GROUP BY question_id").fetchall()
took = time.perf_counter() - start
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": took, "drawn": sum(r[1] for r in rows), "peak_kib": peak}))
"""


def manifest() -> dict:
    def key(refs: list[str]) -> dict:
        return {
            "type": "single",
            "options": ["a", "b", "c", "d"],
            "correct": ["a"],
            "refs": refs,
            "explanation": "",
            "sections": [{"label": f"{ref[1:]} Bolk", "url": f"../../retningslinje/#{ref}"} for ref in refs],
        }

    questions = {
        q: key([SECTIONS[n % 12], SECTIONS[(n * 5) % 12]])
        for n, q in enumerate([*QUESTIONS, *(q for qs in CASES.values() for q in qs)])
    }
    bank = {
        "id": "bank",
        "title": "Bank",
        "version": "1.0",
        "target_roles": ["koordinator"],
        "pass_mark": 80,
        "draw": 9,
        "draw_questions": 8,
        "draw_cases": 1,
        "review": "etter-bestatt",
        "validity_months": 12,
        "items": [{"id": q, "case": False, "questions": [q]} for q in QUESTIONS]
        + [{"id": k, "case": True, "questions": qs} for k, qs in CASES.items()],
        "questions": questions,
    }
    return {"format": 1, "time_zone": "Europe/Oslo", "roles": {"koordinator": "Koordinator"}, "modules": [bank]}


def fill(database: Path, start: int, stop: int) -> None:
    """Attempts and their items as the tracker stores them in SQLite (times naive UTC, as SQLAlchemy writes them)."""
    rng = random.Random(start)
    base = dt.datetime(2026, 1, 1)
    with sqlite3.connect(database) as conn:
        for chunk in range(start, stop, 10_000):
            attempts, items = [], []
            for n in range(chunk, min(chunk + 10_000, stop)):
                attempt_id = f"00000000-0000-4000-a000-{n:012d}"
                ability = rng.random()
                drawn = [*rng.sample(QUESTIONS, 8), *CASES[rng.choice(list(CASES))]]
                right = [rng.random() < 0.4 + 0.55 * ability for _ in drawn]
                for question, ok in zip(drawn, right, strict=True):
                    items.append((attempt_id, question, "a" if ok else rng.choice("bcd"), int(ok)))
                stamp = (base + dt.timedelta(seconds=n * 20)).isoformat(sep=" ", timespec="microseconds")
                correct = sum(right)
                # Every fifth attempt is a retake, by the person who took attempt n - 4.
                employee = f"{n if n % 5 != 4 else n - 4:06d}"
                attempts.append(
                    (attempt_id, employee, "Person", "Eining", stamp, stamp, correct, correct * 10, int(correct >= 8))
                )
            conn.executemany(
                "INSERT INTO attempts VALUES (?, ?, ?, ?, 'bank', '1.0', ?, 10, ?, ?, ?, ?, 'x')",
                [(a, e, p, u, c, s, ok, t, t) for a, e, p, u, t, _, c, s, ok in attempts],
            )
            conn.executemany("INSERT INTO attempt_items VALUES (?, ?, ?, ?)", items)


def measure(command: list[str]) -> tuple[dict, float, float]:
    """What the child printed, its CPU time in seconds and its peak memory in MiB. The peak is the child's own
    (VmHWM after its exec): ru_maxrss would count the memory of this process, which it was forked from."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parent.parent)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"{command[:3]} failed")
    said = json.loads(out)
    return said, usage.ru_utime + usage.ru_stime, said["peak_kib"] / 1024


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "manifest.json"
        path.write_text(json.dumps(manifest()), encoding="utf-8")
        database = folder / "tracker.sqlite3"
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tracker.migrations import upgrade  # the tracker's own schema, at the newest revision

        upgrade(f"sqlite:///{database}")
        done = 0
        for size in (10_000, 100_000):
            fill(database, done, size)
            done = size
            runs = {"first": [], "all": [], "baseline": []}
            for _ in range(ROUNDS):
                for rule in ("first", "all"):
                    runs[rule].append(measure([sys.executable, "-c", OURS, str(database), str(path), rule]))
                runs["baseline"].append(measure([sys.executable, "-c", BASELINE, str(database)]))
            median = {k: round(statistics.median(r[0]["seconds"] for r in v), 3) for k, v in runs.items()}
            cpu = {k: round(statistics.median(r[1] for r in v), 2) for k, v in runs.items()}
            peak = {k: round(max(r[2] for r in v), 1) for k, v in runs.items()}
            first, every = runs["first"][0][0], runs["all"][0][0]
            results[f"{size}_attempts"] = {
                "attempts_counted_first": first["attempts"],
                "attempts_counted_all": every["attempts"],
                "items_in_figures_first": first["drawn"],
                "alpha": round(first["alpha"], 3),
                "seconds": median,
                "process_cpu_seconds": cpu,
                "peak_mib": peak,
                "ratio_to_baseline": {
                    "first": round(median["first"] / median["baseline"], 2),
                    "all": round(median["all"] / median["baseline"], 2),
                },
            }
    big, small = results["100000_attempts"], results["10000_attempts"]
    save(
        "item_stats",
        {
            "machine": "2 cores, shared; SQLite in a temporary folder",
            "rounds": ROUNDS,
            "times": f"median of {ROUNDS} rounds (first, all, baseline in turn), the computation's own; peak memory the highest",
            "runs": results,
            "memory_growth_from_10k_to_100k_mib": round(big["peak_mib"]["first"] - small["peak_mib"]["first"], 1),
            "goal": "100,000 attempts: the statistics (first attempts) in under 5 s; peak memory at 100,000 ≤ 1.2 × the peak at 10,000",
            "within_goal": big["seconds"]["first"] < 5
            and big["seconds"]["all"] < 5
            and big["peak_mib"]["first"] <= small["peak_mib"]["first"] * 1.2
            and big["peak_mib"]["all"] <= small["peak_mib"]["all"] * 1.2
            and big["attempts_counted_all"] == 100_000,
        },
    )


if __name__ == "__main__":
    main()
