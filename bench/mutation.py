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
# Survivors that no test can kill, because the mutant behaves exactly like the original: why, per mutant.
EQUIVALENT = {
    "content.guideline.loader._section_at #2": "a box's line is never a heading's line, so < and <= find the same section",
    "tracker.csvout.write_csv #10": "\\r\\n is the csv module's default line terminator",
    "tracker.csvout.write_csv #67": 'the csv module writes None as an empty field, as it writes ""',
    "tracker.manifest.load_manifest #4": "the default encoding is UTF-8 wherever the tracker runs (Python coerces the C locale to UTF-8)",
    "tracker.manifest.load_manifest #6": "codec names are case-insensitive",
    "tracker.roster.decode #5": "codec names are case-insensitive",
    "tracker.roster.decode #11": "codec names are case-insensitive",
    "tracker.roster._parse #5": "splitting on every newline or only the first gives the same first line",
    "tracker.roster._parse #8": "splitting on every newline or only the first gives the same first line",
    "tracker.roster._parse #20": "changes only which message a header line holding both ; and , gets: such a file is refused either way",
    "tracker.roster._parse #21": "changes only which message a header line holding both ; and , gets: such a file is refused either way",
}


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    listing = subprocess.run(
        [mutmut, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    counts: dict[str, Counter] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for line in listing.splitlines():
        match = NAME.match(line)
        if not match:
            continue
        module, status = match["module"], match["status"].strip()
        name = f"{match['function'].replace('ǁ', '.')} #{match['n']}"
        if status != "killed" and f"{module}.{name}" in EQUIVALENT:
            status = "equivalent"
        counts[module][status] += 1
        if status not in ("killed", "equivalent"):
            survivors[module].append(f"{name} ({status})")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Mutation testing",
        "",
        f"`make mutation` at commit {commit}, {dt.date.today():%d.%m.%Y}: mutmut puts one small bug at a time into the",
        "modules where a boundary is a rule and runs the fast tests that cover it (see `[tool.mutmut]` in pyproject.toml).",
        f"Goal: at least {GOAL:.0%} of the mutants that are not equivalent killed in every module.",
        "",
        "| Module | Mutants | Killed | Equivalent | Survived | No test | Kill rate |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    below = []
    for module in sorted(counts):
        c = counts[module]
        rate = _rate(c)
        below += [module] if rate < GOAL else []
        lines.append(_row(f"`{module}`", c))
    lines += [_row("all", sum(counts.values(), Counter())), ""]
    lines += ["## Equivalent mutants", ""] + [f"- `{name}`: {why}" for name, why in EQUIVALENT.items()] + [""]
    lines += [
        "## Surviving mutants",
        "",
        "Show one with `.venv/bin/mutmut show <module>.x_<function>__mutmut_<n>`.",
        "",
    ]
    lines += [f"- `{module}`: " + ", ".join(survivors[module]) for module in sorted(survivors)] or ["None."]
    print("\n".join(lines))
    return 1 if below else 0


def _rate(c: Counter) -> float:
    return c["killed"] / max(1, sum(c.values()) - c["equivalent"])


def _row(name: str, c: Counter) -> str:
    return f"| {name} | {sum(c.values())} | {c['killed']} | {c['equivalent']} | {c['survived']} | {c['no tests']} | {_rate(c):.0%} |"


if __name__ == "__main__":
    sys.exit(main())
