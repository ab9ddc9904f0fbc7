"""The same attempts, messages and read confirmations sent from many threads at once, over HTTP to the real
server: each is stored exactly once, every sender gets the same answer, and the daily limit on messages holds."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx
from sqlalchemy import func, select

from tests.tracker.conftest import admin, attempt, table
from tests.tracker.live import running
from tracker import db
from tracker.main import create_app


def test_each_attempt_is_stored_exactly_once_under_concurrency(settings):
    bodies = [attempt(learner={"employee": f"2{n:04d}", "name": f"Person {n}", "unit": "Avdeling"}) for n in range(20)]
    sends = [body for body in bodies for _ in range(8)]  # every attempt eight times
    with running(create_app(settings)) as base, httpx.Client(base_url=base, timeout=60) as client:

        def send(body):
            response = client.post("/api/v1/attempts", json=body)
            return body["attempt_id"], response.status_code, response.json()

        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(send, sends))
        export = client.get("/api/v1/reports/completions.csv", headers=admin()).content

    assert {status for _, status, _ in results} == {201}
    answers: dict[str, list] = {}
    for attempt_id, _, body in results:
        answers.setdefault(attempt_id, []).append(body)
    assert all(len(set(map(str, replies))) == 1 for replies in answers.values()), (
        "every sender of one attempt gets the same answer"
    )
    rows = table(export)[1:]
    assert len(rows) == len(bodies)
    assert sorted(row[1] for row in rows) == sorted(b["learner"]["employee"] for b in bodies)


def test_the_daily_limit_and_each_message_and_confirmation_hold_under_concurrency(settings):
    """Thirty new messages from one sender at once: exactly twenty stored, the rest 429; one message and one
    confirmation sent eight times at once: stored once, one 201 and the rest 200 with the same answer."""

    def message() -> dict:
        return {
            "feedback_id": str(uuid.uuid4()),
            "page": "retningslinje/",
            "text": "Uklart.",
            "sent_at": attempt()["finished_at"],
        }

    once = message()
    confirmation = {
        "confirmation_id": str(uuid.uuid4()),
        "version": "2.1",
        "confirmed_at": attempt()["finished_at"],
        "learner": {"employee": "10001", "name": "Kari Nordmann", "unit": "Avdeling"},
    }
    with running(create_app(settings)) as base, httpx.Client(base_url=base, timeout=60) as client:

        def send(job):
            path, body = job
            response = client.post(path, json=body)
            return response.status_code, response.text

        with ThreadPoolExecutor(max_workers=16) as pool:
            repeats = list(
                pool.map(send, [("/api/v1/feedback", once)] * 8 + [("/api/v1/read-confirmations", confirmation)] * 8)
            )
            many = list(pool.map(send, [("/api/v1/feedback", message()) for _ in range(30)]))
    for replies in (repeats[:8], repeats[8:]):
        assert sorted(status for status, _ in replies) == [200] * 7 + [201]
        assert len({text for _, text in replies}) == 1
    assert sorted(status for status, _ in many) == [201] * 19 + [429] * 11, (
        "the repeated message was the first of the twenty"
    )
    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(db.feedback)).scalar_one() == 20
            assert conn.execute(select(func.count()).select_from(db.read_confirmations)).scalar_one() == 1
    finally:
        engine.dispose()
