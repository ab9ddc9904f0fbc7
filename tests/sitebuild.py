"""Build a real MkDocs site in-process and keep what the build logged, for tests that assert on both."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parent.parent
# Everything a build of this project's own site reads (the IT page includes the files in deploy/).
SOURCES = [
    "mkdocs.yml",
    "mkdocs-public.yml",
    "docs",
    "guideline",
    "quizzes",
    "roles",
    "checklist",
    "editions",
    "overrides",
    "deploy",
]


def copy_project(target: Path) -> Path:
    """Copy this project's site sources into `target`, so that a build there leaves the work tree alone."""
    for name in SOURCES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return target


@dataclass
class Build:
    ok: bool
    log: str
    site: Path

    def html(self, page: str) -> BeautifulSoup:
        """The built page for a URL path such as "retningslinje/formal/"."""
        return BeautifulSoup((self.site / page / "index.html").read_text(encoding="utf-8"), "html.parser")

    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def build_site(project: Path, strict: bool = True, config_file: str = "mkdocs.yml", site: Path | None = None) -> Build:
    """Build `project`/`config_file` into `site` (`project`/site), as `mkdocs build [--strict] -f` would."""
    site = site or project / "site"
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(project / config_file), strict=strict, site_dir=str(site))
        build(config)
        ok = True
    except Abort as exc:
        collect.lines.append(f"ERROR: {exc}")
        ok = False
    finally:
        logger.removeHandler(collect)
    return Build(ok, "\n".join(collect.lines), site)


def edit(project: Path, name: str, old: str, new: str) -> None:
    """Change one file of a copied project the way an editor would: replace `old` (which must be there) once."""
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(project: Path, name: str, text: str) -> None:
    """Add a file to a copied project, with the folders it needs."""
    target = project / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
