import csv
import datetime as dt
import io
import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from content.guideline.loader import load_guideline
from content.training.loader import load_modules
from content.training.manifest import manifest
from tests.conftest import FIXTURE, required
from tracker.main import create_app
from tracker.settings import Settings

# The role ids a roster may use in these tests (the real site takes them from roles/).
ROLES = {"koordinator": "Koordinator", "einingsleiar": "Einingsleiar", "helsepersonell": "Helsepersonell"}
ADMIN = "hemmeleg-test-token-som-er-lang-nok-0123456789"
POSTGRES = os.environ.get("KOORD_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def manifest_file(tmp_path_factory) -> Path:
    """The manifest the quiz build writes for the small test module (draw 3 of 4 items, pass mark 50)."""
    guideline = load_guideline(FIXTURE)
    modules = load_modules(FIXTURE, "quizzes", guideline.section_ids)
    path = tmp_path_factory.mktemp("manifest") / "manifest.json"
    # The feedback as the build writes it for the module page: the explanation as HTML, the cited sections linked.
    feedback = {
        m.module.id: {
            q.id: {
                "explanation": f"<p>{q.explanation.strip()}</p>",
                "sections": [{"label": ref, "url": f"../../retningslinje/#{ref}"} for ref in q.refs],
            }
            for q, _case in m.module.all_questions()
        }
        for m in modules
    }
    data = manifest(
        [m.module for m in modules], "TEST-RL", "2.1", time_zone="Europe/Oslo", roles=ROLES, feedback=feedback
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@contextmanager
def _postgres_schema():
    """A fresh schema on the configured PostgreSQL server for one test, dropped afterwards; yields its URL."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{POSTGRES}{'&' if '?' in POSTGRES else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            # A tracker the test left running would hold the schema's tables: fail rather than wait for ever.
            conn.execute(text("SET LOCAL lock_timeout = '10s'"))
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request, tmp_path, manifest_file):
    """Settings for a tracker with its own empty database: SQLite always, PostgreSQL when one is configured."""
    if request.param == "sqlite":
        yield Settings(
            data_dir=tmp_path / "data", database_url=None, manifest=manifest_file, site_dir=None, admin_token=ADMIN
        )
        return
    required(
        POSTGRES,
        "PostgreSQL (KOORD_TEST_POSTGRES_URL)",
        "start PostgreSQL and set KOORD_TEST_POSTGRES_URL (bash .ci/postgres)",
    )
    with _postgres_schema() as url:
        yield Settings(
            data_dir=tmp_path / "data", database_url=url, manifest=manifest_file, site_dir=None, admin_token=ADMIN
        )


# Requests from this machine, where the admin token is accepted by default (KOORD_TRACKER_ADMIN_ADDRESSES).
LOCAL = ("127.0.0.1", 50000)


@pytest.fixture
def client(settings) -> TestClient:
    with TestClient(create_app(settings), client=LOCAL) as client:
        yield client


ANSWERS_RIGHT = {"samtykke-kven": ["a"], "melding-kven": ["a", "b"], "case-a-melde": ["a"], "case-a-sant": ["usant"]}


def attempt(**changes) -> dict:
    """A valid attempt for the test module: three items (one a case with two questions), all right."""
    body = {
        "attempt_id": str(uuid.uuid4()),
        "module": "test-modul",
        "version": "1.2",
        "answers": dict(ANSWERS_RIGHT),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "learner": {"employee": "10001", "name": "Kari Nordmann", "unit": "Medisinsk avdeling"},
    }
    body.update(changes)
    return body


def table(content: bytes, delimiter: str = ";") -> list[list[str]]:
    """A manager's CSV read as a spreadsheet shows it: the Excel dialect's ="00105" is the text 00105."""
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter)
    return [[c[2:-1].replace('""', '"') if c.startswith('="') and c.endswith('"') else c for c in row] for row in rows]


def admin() -> dict:
    return {"Authorization": f"Bearer {ADMIN}"}
