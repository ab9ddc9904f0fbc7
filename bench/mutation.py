"""Write bench/mutation.md from the last `mutmut run`: the kill rate per module and every surviving mutant, so that
each survivor is either killed by a new test or explained. Run by `make mutation`."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A mutant's name: <module>.x_<function>__mutmut_<n>, or <module>.xǁ<Class>ǁ<method>__mutmut_<n>.
NAME = re.compile(r"^\s*(?P<module>[\w.]+?)\.x(?:ǁ|_)(?P<function>.+?)__mutmut_(?P<n>\d+): (?P<status>.+)$")
GOAL = 0.90


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    counts: dict[str, Counter] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for line in listing.splitlines():
        match = NAME.match(line)
        if not match:
            continue
        module, status = match["module"], match["status"].strip()
        counts[module][status] += 1
        if status != "killed":
            survivors[module].append(f"{match['function'].replace('ǁ', '.')} #{match['n']} ({status})")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = [
        "# Mutation testing",
        "",
        f"`make mutation` at commit {commit}, {dt.date.today():%d.%m.%Y}: mutmut puts one small bug at a time into the",
        "modules where a boundary is a rule and runs the fast tests that cover it (see `[tool.mutmut]` in pyproject.toml).",
        f"Goal: at least {GOAL:.0%} of the mutants killed in every module.",
        "",
        "| Module | Mutants | Killed | Survived | No test | Kill rate |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    below = []
    for module in sorted(counts):
        c = counts[module]
        total = sum(c.values())
        rate = c["killed"] / total
        below += [module] if rate < GOAL else []
        lines.append(f"| `{module}` | {total} | {c['killed']} | {c['survived']} | {c['no tests']} | {rate:.0%} |")
    all_counts = sum(counts.values(), Counter())
    lines += [f"| all | {sum(all_counts.values())} | {all_counts['killed']} | {all_counts['survived']} | {all_counts['no tests']} | "
              f"{all_counts['killed'] / max(1, sum(all_counts.values())):.0%} |", ""]
    lines += ["## Surviving mutants", "", "Show one with `.venv/bin/mutmut show <module>.x_<function>__mutmut_<n>`.", ""]
    for module in sorted(survivors):
        lines.append(f"- `{module}`: " + ", ".join(survivors[module]))
    print("\n".join(lines))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
