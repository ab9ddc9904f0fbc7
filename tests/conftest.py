import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the small test site (two guideline chapters, one module, one page) that a test may change."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    shutil.copytree(ROOT / "overrides", target / "overrides")
    return target
