"""Write bench/RESULTS.md from the JSON files in bench/results/: the date, the machine, the exact commands, and a
table per benchmark. Run after the benchmarks (make bench does)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent
COMMANDS = [
    ".venv/bin/python bench/page_weight.py",
    "cd bench && ../.venv/bin/python build_scale.py 1 10 50",
    "cd bench && ../.venv/bin/python tracker_load.py",
    "cd bench && ../.venv/bin/python export.py",
    "cd bench && ../.venv/bin/python export_load.py",
    "cd bench && ../.venv/bin/python item_stats.py",
    ".venv/bin/python bench/pr_check.py",
    ".venv/bin/python bench/report.py",
]


def _head() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def load(name: str) -> dict | None:
    path = ROOT / "results" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def measured(result: dict) -> str:
    """Which commit and day a result comes from: each benchmark is one run, and they may be from different days."""
    if "commit" not in result:
        return "Measured before results recorded their commit."
    dirty = " with uncommitted changes in tracker/" if result.get("uncommitted_changes") else ""
    changed = (
        f" The code changed during the run (to {result['changed_during_run']['commit']}): repeat it."
        if "changed_during_run" in result
        else ""
    )
    tree = f" (tracker/ tree {result['tracker_tree']})" if "tracker_tree" in result else ""
    return f"Measured {result['date']} at commit {result['commit']}{tree}{dirty}, in one run.{changed}"


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def main() -> None:
    parts = [
        "# Benchmark results\n",
        f"Written {dt.date.today().isoformat()} at commit {_head()} on {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}. The machine is shared and noisy: compare the ratios, which are "
        "measured against a baseline in the same run, rather than the absolute figures.\n",
        "Commands (from the project folder; `make bench` runs them all):\n\n```sh\n" + "\n".join(COMMANDS) + "\n```\n",
    ]
    if scale := load("build_scale"):
        rows = [
            [
                size,
                s["pages"],
                s["ours"]["median_s"],
                s["plain_material"]["median_s"],
                s["ratio_time"],
                s["ours"]["peak_mib"],
                s["plain_material"]["peak_mib"],
                s["ratio_memory"],
                s.get("editor_loop_s", "–"),
            ]
            for size, s in scale["sizes"].items()
        ]
        parts.append(
            "## Build time and memory (median of paired runs after a warm-up: "
            + ", ".join(f"{k} {v}" for k, v in scale["runs_per_size"].items())
            + ")\n\n"
            + measured(scale)
            + "\n\n"
            + table(
                [
                    "content",
                    "pages",
                    "ours (s)",
                    "plain Material (s)",
                    "ratio",
                    "ours peak (MiB)",
                    "plain peak (MiB)",
                    "memory ratio",
                    "`mkdocs serve`: edit → page (s)",
                ],
                rows,
            )
        )
        parts.append(
            "\nGrowth of our build time: "
            + ", ".join(
                f"{k.replace('_over_', ' / ')}: time × {v['time']}, pages × {v['pages']}"
                for k, v in scale["growth"].items()
            )
            + f". Goal: {scale['goal']}. Within goal: {scale['within_goal']}.\n"
        )
        parts.append(
            "The last column is `mkdocs serve` of our site. The editors' preview (`make preview`), whose goal is 0.5 s"
            " at 1x and 1 s at 10x, is measured by `bench/preview.py` against `mkdocs serve` of plain Material:"
            " see `bench/preview.md`. Where the build's time and memory go: `bench/profile.md`.\n"
        )
    if weight := load("page_weight"):
        rows = [
            [
                page,
                w["html_bytes"],
                w["css_bytes"],
                w["js_bytes"],
                w["ours_bytes"],
                w["quiz_own_bytes"],
                w["quiz_own_gzip_bytes"],
                ", ".join(f"{k} ({v})" for k, v in w["largest_files"].items()),
            ]
            for page, w in weight["pages"].items()
        ]
        parts.append(
            "## Page weight (bytes as Chromium loads the page; gzip: each file compressed on its own, level 6)\n\n"
            + measured(weight)
            + "\n\n"
            + table(
                ["page", "HTML", "CSS", "JS", "ours (CSS+JS)", "quiz's own", "quiz's own, gzip", "largest files"], rows
            )
            + f"\n\nThe quiz's own: what a page loads of ours beyond what a guideline chapter loads. Goal: at most "
            f"{weight['goal_bytes']} bytes on a module page as it loads, none on pages without a quiz. Within goal: {weight['within_goal']}.\n"
        )
    if load_ := load("tracker_load"):
        rows = [
            [
                k,
                r["attempts_per_second"],
                r["attempts_p50_ms"],
                r["attempts_p99_ms"],
                r["baseline_health_per_second"],
                r["ratio_attempts_to_baseline"],
            ]
            for k, r in load_["speed"].items()
        ]
        acc = load_["accounting"]
        parts.append(
            "## Tracker under load (wrk; health endpoint as baseline; durable writes, SQLite synchronous=FULL)\n\n"
            + measured(load_)
            + "\n\n"
            + table(["connections", "attempts/s", "p50 (ms)", "p99 (ms)", "health req/s", "ratio"], rows)
            + f"\n\nAccounting: {acc['attempts']} attempts sent with {acc['sent_with_repeats'] - acc['attempts']} repeats: "
            f"lost {acc['lost']}, doubled {acc['doubled']}. Goal: {load_['goal']}. Within goal: {load_['within_goal']}.\n"
        )
    if export := load("export"):
        rows = [
            [
                k,
                r["rows_exported"],
                r["export_seconds"],
                r["baseline_seconds"],
                r["ratio_to_baseline"],
                r["export_peak_mib"],
                r.get("baseline_peak_mib", "–"),
            ]
            for k, r in export["runs"].items()
        ]
        parts.append(
            "## Manager exports (plain sqlite3 + csv as baseline)\n\n"
            + measured(export)
            + (f" Times: {export['times']}." if "times" in export else "")
            + "\n\nCSV:\n\n"
            + table(["size", "rows", "export (s)", "baseline (s)", "ratio", "peak (MiB)", "baseline peak (MiB)"], rows)
        )
        if all("xlsx_seconds" in r for r in export["runs"].values()):
            rows = [
                [
                    k,
                    r["xlsx_rows_exported"],
                    r["xlsx_seconds"],
                    r["baseline_seconds"],
                    r["xlsx_ratio_to_baseline"],
                    r["xlsx_peak_mib"],
                    r["xlsx_memory_ratio_to_baseline"],
                    r["xlsx_mb"],
                ]
                for k, r in export["runs"].items()
            ]
            parts.append(
                "\n.xlsx (`koord-tracker export --format xlsx`):\n\n"
                + table(
                    [
                        "size",
                        "rows",
                        "export (s)",
                        "baseline (s)",
                        "time ratio",
                        "peak (MiB)",
                        "memory ratio",
                        "file (MB)",
                    ],
                    rows,
                )
            )
        if all("cpu_ratio_to_baseline" in r for r in export["runs"].values()):
            parts.append(
                "\nCPU time, ratio to the baseline's: "
                + "; ".join(
                    f"{k}: CSV {r['cpu_ratio_to_baseline']['export']}, .xlsx {r['cpu_ratio_to_baseline']['xlsx']}"
                    for k, r in export["runs"].items()
                )
                + "."
            )
        parts.append(f"\nGoal: {export['goal']}. Within goal: {export['within_goal']}.\n")
    if items := load("item_stats"):
        rows = [
            [
                k.split("_")[0],
                r["attempts_counted_first"],
                r["seconds"]["first"],
                r["seconds"]["all"],
                r["seconds"]["baseline"],
                r["ratio_to_baseline"]["first"],
                r["ratio_to_baseline"]["all"],
                r["peak_mib"]["first"],
                r["peak_mib"]["all"],
            ]
            for k, r in items["runs"].items()
        ]
        parts.append(
            "## Item statistics for editors (plain sqlite3 count per question as baseline)\n\n"
            + measured(items)
            + f" Times: {items['times']}.\n\n"
            + table(
                [
                    "attempts",
                    "first attempts",
                    "first (s)",
                    "all (s)",
                    "baseline (s)",
                    "ratio first",
                    "ratio all",
                    "peak first (MiB)",
                    "peak all (MiB)",
                ],
                rows,
            )
            + f"\n\nGoal: {items['goal']}. Within goal: {items['within_goal']}.\n"
        )
    if during := load("export_load"):
        rows = [
            [
                k,
                r["attempts_per_second"],
                r["attempts_p50_ms"],
                r["attempts_p99_ms"],
                r["p99_ratio_to_without"],
                r.get("export_prepared_s", "–"),
                r.get("export_prepared_throughout", "–"),
            ]
            for k, r in during["runs"].items()
        ]
        completions = f"{during['rows']:,}".replace(",", " ")
        parts.append(
            f"## Attempts while a manager's export is prepared (wrk, {during['connections']} connections, {completions} completions)\n\n"
            + measured(during)
            + "\n\n"
            + table(
                [
                    "run",
                    "attempts/s",
                    "p50 (ms)",
                    "p99 (ms)",
                    "p99 / without",
                    "file prepared in (s)",
                    "prepared during all of the run",
                ],
                rows,
            )
            + f"\n\nGoal: {during['goal']}. Within goal: {during['within_goal']}.\n"
        )
    if pr := load("pr_check"):
        rows = [
            [name, r["median_s"], r["min_s"], r["max_s"]]
            for name, r in (("`.ci/pr-check`", pr["pr_check"]), ("plain `mkdocs build`, one page", pr["plain_build"]))
        ]
        parts.append(
            f"## Editors' pull request check (median of {pr['runs']} runs after a warm-up)\n\n"
            + measured(pr)
            + "\n\n"
            + table(["command", "median (s)", "min (s)", "max (s)"], rows)
            + f"\n\nRatio to the plain build: {pr['ratio']}. Goal: {pr['goal']}. Within goal: {pr['within_goal']}.\n"
        )
    (ROOT / "RESULTS.md").write_text("\n".join(parts), encoding="utf-8")
    print((ROOT / "RESULTS.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
