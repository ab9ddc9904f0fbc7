"""The same attempts sent from many threads at once, over HTTP to the real server: each is stored exactly once
and every sender gets the same answer."""

from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx

from tests.tracker.conftest import admin, attempt, table
from tests.tracker.live import running
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
    assert all(len(set(map(str, replies))) == 1 for replies in answers.values()), "every sender of one attempt gets the same answer"
    rows = table(export)[1:]
    assert len(rows) == len(bodies)
    assert sorted(row[1] for row in rows) == sorted(b["learner"]["employee"] for b in bodies)
