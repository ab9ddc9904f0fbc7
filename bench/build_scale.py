"""Build time and peak memory at 1x, 10x and 50x content: this site with all our plugins against the same
Markdown built by plain Material (the baseline), in pairs (ours, then plain) after a warm-up of each, so that a busy
moment of the machine falls on both; the median of 5 pairs (3 at 50x, where a pair takes minutes), each build its own
process; and the editor loop: with `mkdocs serve`, the time from saving a guideline chapter to the rebuilt page.

Goals (issue 24): ours at most 1.25x the baseline's time at every size and at most 1.3x its peak memory; time from
1x to the larger sizes no worse than linear in pages.
Run: .venv/bin/python bench/build_scale.py [factors...]   (default: 1 10 50)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import compile_ours, free_port, save
from scale import plain_project, scaled_project

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
RUNS = 5
RUNS_LARGE = 3  # from 50x


def build_once(project: Path, strict: bool) -> tuple[float, float]:
    """Seconds and peak MiB of one `mkdocs build` in its own process."""
    # Not -q with --strict: quiet drops the warnings before strict counts them, so such a build never fails on one.
    # The log goes to a file, not a pipe, which a large site's INFO lines would fill while nobody reads it.
    command = [MKDOCS, "build", "-f", str(project / "mkdocs.yml")] + (["--strict"] if strict else [])
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if status:
            log.seek(0)
            sys.exit(f"build failed in {project}: {log.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def measure(site: Path, plain: Path, runs: int) -> tuple[dict, dict]:
    """Ours (strict, as CI builds it) and the baseline, in pairs after a warm-up of each (file cache, bytecode)."""
    build_once(site, True), build_once(plain, False)
    pairs = [(build_once(site, True), build_once(plain, False)) for _ in range(runs)]
    return tuple(  # type: ignore[return-value]
        {
            "median_s": round(statistics.median(t for t, _ in side), 2),
            "peak_mib": round(max(m for _, m in side), 1),
            "runs_s": [round(t, 2) for t, _ in side],
        }
        for side in zip(*pairs, strict=True)
    )


def editor_loop(project: Path, tries: int = 3) -> float:
    """Median seconds from saving a chapter to `mkdocs serve` serving the changed page."""
    port = free_port()
    server = subprocess.Popen(
        [MKDOCS, "serve", "-q", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/retningslinje/oppnemning/"
    chapter = project / "guideline" / "oppnemning.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        _wait_for(url, "Oppnemning", 300)
        times = []
        for attempt in range(tries):
            marker = f"Endra av benchmarken {attempt}."
            start = time.perf_counter()
            chapter.write_text(original + f"\n{marker}\n", encoding="utf-8")
            _wait_for(url, marker, 300)
            times.append(time.perf_counter() - start)
            time.sleep(1)
        return round(statistics.median(times), 2)
    finally:
        chapter.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(10)


def _wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{text!r} never appeared at {url}")


def main(factors: list[int]) -> None:
    compile_ours()
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            root = Path(tmp) / f"x{factor}"
            site = scaled_project(factor, root / "site")
            plain = plain_project(site, root / "plain")
            ours, baseline = measure(site, plain, RUNS if factor < 50 else RUNS_LARGE)
            pages = len(list((site / "site").rglob("index.html")))
            sizes[f"{factor}x"] = {
                "pages": pages,
                "ours": ours,
                "plain_material": baseline,
                "ratio_time": round(ours["median_s"] / baseline["median_s"], 2),
                "ratio_memory": round(ours["peak_mib"] / baseline["peak_mib"], 2),
            }
            if factor <= 10:
                sizes[f"{factor}x"]["editor_loop_s"] = editor_loop(site)
    first = sizes[f"{factors[0]}x"]
    growth = {
        f"{f}x_over_{factors[0]}x": {
            "time": round(sizes[f"{f}x"]["ours"]["median_s"] / first["ours"]["median_s"], 2),
            "pages": round(sizes[f"{f}x"]["pages"] / first["pages"], 2),
        }
        for f in factors[1:]
    }
    save(
        "build_scale",
        {
            "runs_per_size": {f"{f}x": RUNS if f < 50 else RUNS_LARGE for f in factors},
            "sizes": sizes,
            "growth": growth,
            "goal": "ratio_time ≤ 1.25 and ratio_memory ≤ 1.3 at every size; time grows no faster than pages",
            "within_goal": all(s["ratio_time"] <= 1.25 and s["ratio_memory"] <= 1.3 for s in sizes.values())
            and all(g["time"] <= g["pages"] for g in growth.values()),
        },
    )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 10, 50])
