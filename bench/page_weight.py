"""Page weight of the training pages' own JavaScript and CSS, against the plain Material page they sit on.

Builds the real site in a temporary folder, follows what a module page loads (stylesheets, scripts and the
ES modules they import), and splits the bytes into the quiz's own and Material's. Goal: the quiz's own under
15 KB uncompressed, and none of it on pages without a quiz. Writes bench/results/page_weight.json.

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.sitebuild import build_site  # noqa: E402

GOAL = 15 * 1024
IMPORT = re.compile(r"""^\s*import\s[^'"]*['"](\.[^'"]+)['"]""", re.MULTILINE)


def loaded_assets(site: Path, page: str) -> dict[str, int]:
    """Every local stylesheet and script the page loads, with the ES modules they import, and their sizes."""
    html = site / page / "index.html"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    queue = [tag.get("href") for tag in soup.select('link[rel="stylesheet"]')] + [tag.get("src") for tag in soup.select("script[src]")]
    sizes: dict[str, int] = {}
    queue = [(html.parent / url.split("?")[0]).resolve() for url in queue if url and "://" not in url]
    while queue:
        path = queue.pop()
        key = path.relative_to(site.resolve()).as_posix()
        if key in sizes:
            continue
        sizes[key] = path.stat().st_size
        if path.suffix == ".js" and "/quiz/" in key:
            queue += [(path.parent / spec).resolve() for spec in IMPORT.findall(path.read_text(encoding="utf-8"))]
    return sizes


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ["mkdocs.yml", "docs", "guideline", "quizzes", "overrides"]:
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
        build = build_site(project)
        assert build.ok, build.log
        quiz_page = loaded_assets(build.site, "opplaering/kven-treng-koordinator")
        plain_page = loaded_assets(build.site, "retningslinje/formal")
    own = {k: v for k, v in quiz_page.items() if "quiz" in k}
    material = sum(v for k, v in quiz_page.items() if k not in own)
    result = {
        "quiz_own_bytes": sum(own.values()),
        "quiz_own_files": dict(sorted(own.items())),
        "material_bytes_on_the_same_page": material,
        "ratio_quiz_to_material": round(sum(own.values()) / material, 4),
        "quiz_bytes_on_a_page_without_quiz": sum(v for k, v in plain_page.items() if "quiz" in k),
        "goal_bytes": GOAL,
        "within_goal": sum(own.values()) < GOAL,
    }
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "page_weight.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
