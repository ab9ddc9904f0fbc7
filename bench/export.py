"""Time and peak memory to export completions as CSV and as .xlsx: 100,000 and then 1,000,000 rows, with
`koord-tracker export` against a plain baseline (sqlite3 + csv.writer, no validity or formatting) in the same run.
Memory must stay flat: the peak at 1,000,000 rows at most 1.2 times the peak at 100,000.
Goal (issue 29): at 1,000,000 rows the CSV export within 2.5 times the baseline and the .xlsx export within 4 times
it, both with flat memory.
Times are the median of three rounds in which the three commands take turns. The goal is judged on CPU time (user
and system) with wall time beside it: on the shared machine a long process's wall time counts others' work too
(one run: CSV 10.9 s wall for 6.8 s of CPU, the baseline 2.9 s for 2.8 s).
Run: cd bench && ../.venv/bin/python export.py
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from common import save, write_manifest

ROUNDS = 3

BASELINE = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, delimiter=";", lineterminator="\\r\\n")
    for row in conn.execute("SELECT employee, name, unit, module_id, module_version, score, finished_at FROM attempts WHERE passed ORDER BY finished_at, attempt_id"):
        writer.writerow(row)
"""


def fill(database: Path, start: int, stop: int) -> None:
    """Attempts as the tracker stores them in SQLite: times in UTC, written as SQLAlchemy writes them (naive, to
    the microsecond)."""
    base = dt.datetime(2026, 1, 1)
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO attempts VALUES (?, ?, ?, ?, 'test-modul', '1.2', 4, 4, 100, 1, ?, ?, ?)",
            (
                (
                    f"00000000-0000-4000-a000-{n:012d}",
                    f"{n % 20000:05d}",
                    f"Person {n % 20000}",
                    f"Eining {n % 60}",
                    stamp,
                    stamp,
                    "x" * 64,
                )
                for n in range(start, stop)
                for stamp in [
                    (base + dt.timedelta(seconds=n * 20, milliseconds=n % 1000)).isoformat(
                        sep=" ", timespec="microseconds"
                    )
                ]
            ),
        )


def measure(command: list[str], env: dict) -> tuple[float, float, float]:
    """Wall time in seconds, CPU time in seconds and peak memory in MiB of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status:
        sys.exit(f"{command} failed")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_of(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Median wall and CPU time over the rounds, and the highest peak."""
    return (
        round(statistics.median(r[0] for r in runs), 2),
        round(statistics.median(r[1] for r in runs), 2),
        round(max(r[2] for r in runs), 1),
    )


def xlsx_rows(path: Path) -> int:
    """Data rows in the first sheet of an .xlsx file, counted by streaming its XML (the header row not counted)."""
    with zipfile.ZipFile(path) as book, book.open("xl/worksheets/sheet1.xml") as sheet:
        count, tail = 0, b""
        while chunk := sheet.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<row ")
            tail = data[-4:]  # shorter than "<row ", so no row is counted twice
    return count - 1


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = write_manifest(folder)
        data = folder / "data"
        env = {**os.environ, "KOORD_TRACKER_DATA_DIR": str(data), "KOORD_TRACKER_MANIFEST": str(manifest)}
        data.mkdir()
        database = data / "tracker.sqlite3"
        from tracker.migrations import upgrade  # the tracker's own schema, at the newest revision

        upgrade(f"sqlite:///{database}")
        done = 0
        for rows in (100_000, 1_000_000):
            fill(database, done, rows)
            done = rows
            out = folder / f"export-{rows}.csv"
            workbook = folder / f"export-{rows}.xlsx"
            export = [str(Path(sys.executable).parent / "koord-tracker"), "export"]
            # The three in turn, ROUNDS times, so that a busy moment on the shared machine falls on all of them.
            measured = {"ours": [], "plain": [], "xlsx": []}
            for _ in range(ROUNDS):
                measured["ours"].append(measure([*export, "--out", str(out), "--format", "excel"], env))
                measured["plain"].append(
                    measure([sys.executable, "-c", BASELINE, str(database), str(folder / "plain.csv")], env)
                )
                measured["xlsx"].append(measure([*export, "--out", str(workbook), "--format", "xlsx"], env))
            ours, plain, xlsx = (median_of(measured[k]) for k in ("ours", "plain", "xlsx"))
            lines = sum(1 for _ in out.open(encoding="utf-8-sig")) - 1
            results[f"{rows}_rows"] = {
                "rows_exported": lines,
                "export_seconds": ours[0],
                "export_peak_mib": ours[2],
                "baseline_seconds": plain[0],
                "baseline_peak_mib": plain[2],
                "ratio_to_baseline": round(ours[0] / plain[0], 2),
                "xlsx_rows_exported": xlsx_rows(workbook),
                "xlsx_seconds": xlsx[0],
                "xlsx_peak_mib": xlsx[2],
                "xlsx_ratio_to_baseline": round(xlsx[0] / plain[0], 2),
                "xlsx_memory_ratio_to_baseline": round(xlsx[2] / plain[2], 2),
                "xlsx_mb": round(workbook.stat().st_size / 1e6, 1),
                "cpu_seconds": {"export": ours[1], "baseline": plain[1], "xlsx": xlsx[1]},
                "cpu_ratio_to_baseline": {"export": round(ours[1] / plain[1], 2), "xlsx": round(xlsx[1] / plain[1], 2)},
            }
            out.unlink()
            workbook.unlink()
    big, small = results["1000000_rows"], results["100000_rows"]
    save(
        "export",
        {
            "machine": "2 cores, shared; SQLite in a temporary folder",
            "rounds": ROUNDS,
            "times": f"median of {ROUNDS} rounds (ours, baseline, .xlsx in turn); peak memory the highest",
            "runs": results,
            "memory_growth_from_100k_to_1m_mib": round(big["export_peak_mib"] - small["export_peak_mib"], 1),
            "xlsx_memory_growth_from_100k_to_1m_mib": round(big["xlsx_peak_mib"] - small["xlsx_peak_mib"], 1),
            "goal": "1,000,000 rows: CSV ≤ 2.5 × baseline, .xlsx ≤ 4 × baseline (CPU time); peak memory at 1,000,000 rows ≤ 1.2 × the peak at 100,000",
            "within_goal": big["cpu_ratio_to_baseline"]["export"] <= 2.5
            and big["cpu_ratio_to_baseline"]["xlsx"] <= 4
            and big["export_peak_mib"] <= small["export_peak_mib"] * 1.2
            and big["xlsx_peak_mib"] <= small["xlsx_peak_mib"] * 1.2
            and all(r["rows_exported"] == r["xlsx_rows_exported"] == int(k.split("_")[0]) for k, r in results.items()),
        },
    )


if __name__ == "__main__":
    main()
