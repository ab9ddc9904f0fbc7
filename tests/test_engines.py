"""The site builds on ProperDocs (the maintained continuation of MkDocs 1.6) as it does on MkDocs 1.6.1: the same
pages, and each page's main content the same. Both are run as IT would run them, as commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import required
from tests.site_compare import differences
from tests.sitebuild import copy_project

BIN = Path(sys.executable).parent


def _build(command: str, project: Path, site: Path) -> None:
    result = subprocess.run(
        [str(BIN / command), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"{command} build failed:\n{result.stderr}"


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    required(
        shutil.which("properdocs", path=str(BIN)),
        "ProperDocs",
        "pip install -e '.[test]' (properdocs is a test dependency)",
    )
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    _build("mkdocs", project, tmp_path / "mkdocs")
    _build("properdocs", project, tmp_path / "properdocs")
    assert len(list((tmp_path / "properdocs").rglob("index.html"))) > 50
    assert differences(tmp_path / "mkdocs", tmp_path / "properdocs") == []
