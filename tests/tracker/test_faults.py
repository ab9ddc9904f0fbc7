"""The tracker as a real process under real faults: downloads that stall, a database file locked by someone
else, kill -9 in the middle of a storm of attempts, oversized bodies, forged proxy headers, and hardening.
Every server is `koord-tracker serve` in its own process (tests/tracker/process.py), reached over 127.0.0.0/8
only; every loop is bounded in count and time, and every process is stopped in a finally block. The bounds are
functional (a busy database answers 503 rather than hanging), generous, and never a measure of speed."""

from __future__ import annotations

import datetime as dt
import json
import socket
import sqlite3
import threading
import time

import httpx2 as httpx
import pytest
from sqlalchemy import insert, select

from tests.conftest import required
from tests.tracker.conftest import POSTGRES, _postgres_schema, attempt
from tests.tracker.process import TOKEN, Tracker, chunked, raw_exchange
from tracker import db, migrations

API = "/api/v1"
QUICK = 3.0  # seconds: "answers at once" for a loaded test machine; never a speed measurement
ROSTER_HEAD = "tilsettnummer;namn;eining;roller\r\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """None for the embedded SQLite file; a fresh schema on the configured PostgreSQL server, dropped after the test."""
    if request.param == "sqlite":
        yield None
        return
    required(
        POSTGRES,
        "PostgreSQL (KOORD_TEST_POSTGRES_URL)",
        "start PostgreSQL and set KOORD_TEST_POSTGRES_URL (bash .ci/postgres)",
    )
    with _postgres_schema() as url:
        yield url


def _url(tracker: Tracker, database_url: str | None) -> str:
    return database_url or f"sqlite:///{tracker.database}"


def stored_ids(url: str) -> list[str]:
    """Every attempt id in the database, with repeats if any, read by a connection of our own."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(select(db.attempts.c.attempt_id))]
    finally:
        engine.dispose()


def seed(url: str, count: int, wide: int = 100) -> None:
    """`count` passed attempts written straight into the database with the tracker's own schema, with names and
    units `wide` characters long so that each CSV line is a few hundred bytes."""
    migrations.upgrade(url)
    engine = db.make_engine(url)
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    try:
        with engine.begin() as conn:
            for start in range(0, count, 5000):
                conn.execute(
                    insert(db.attempts),
                    [
                        {
                            "attempt_id": f"00000000-0000-4000-8000-{n:012d}",
                            "employee": f"{n % 5000:05d}",
                            "name": f"Person {n} ".ljust(wide, "x"),
                            "unit": f"Eining {n % 40} ".ljust(wide, "y"),
                            "module_id": "test-modul",
                            "module_version": "1.2",
                            "correct": 4,
                            "total": 4,
                            "score": 100,
                            "passed": True,
                            "finished_at": base + dt.timedelta(minutes=n),
                            "recorded_at": base + dt.timedelta(minutes=n),
                            "payload_hash": "x" * 64,
                        }
                        for n in range(start, min(start + 5000, count))
                    ],
                )
    finally:
        engine.dispose()


def _learner_in_roster() -> dict:
    return attempt(learner={"employee": "00007", "name": "Person 7", "unit": "Eining 7"})


def _timed(call, *args, **kwargs):
    start = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - start


# a. Fifty downloads that stop reading do not starve the rest of the tracker.


def test_paused_downloads_do_not_starve_health_or_attempts(tmp_path, manifest_file, database_url):
    tracker = Tracker(tmp_path / "t", manifest_file, database_url)
    seed(_url(tracker, database_url), 20_000)  # ≈ 6 MB of CSV: far more than the socket buffers hold
    paused: list[socket.socket] = []
    try:
        tracker.start()
        with httpx.Client(base_url=tracker.base, timeout=10) as client:
            roster = ROSTER_HEAD + "".join(f"{n:05d};Person {n};Eining {n % 40};koordinator\r\n" for n in range(200))
            assert client.put(f"{API}/roster", content=roster.encode(), headers=tracker.auth()).status_code == 200
            for _ in range(5):
                assert client.post(f"{API}/attempts", json=_learner_in_roster()).status_code == 201
        request = (
            f"GET {API}/reports/completions.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
        ).encode()
        for _ in range(50):
            sock = socket.socket()
            paused.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # small and fixed: the server's sends block soon
            sock.settimeout(10)
            sock.connect(("127.0.0.1", tracker.port))
            sock.sendall(request)
        time.sleep(2)  # let every download start and fill its buffers; none is ever read
        with httpx.Client(base_url=tracker.base, timeout=QUICK * 2) as client:
            for n in range(5):
                response, took = _timed(client.get, f"{API}/health")
                assert response.status_code == 200 and took < QUICK, (
                    f"health {n}: {response.status_code} after {took:.1f} s"
                )
                response, took = _timed(client.post, f"{API}/attempts", json=_learner_in_roster())
                assert response.status_code == 201 and took < QUICK, (
                    f"attempt {n}: {response.status_code} after {took:.1f} s"
                )
        assert tracker.process.poll() is None
    except httpx.TimeoutException as exc:
        pytest.fail(f"the tracker stopped answering while 50 downloads were paused: {exc!r}")
    finally:
        for sock in paused:
            sock.close()
        tracker.stop()


# b. A write lock held by someone else: 503 with Retry-After at once, and the attempt is stored once later.


def test_held_sqlite_write_lock_gives_503_with_retry_after_and_the_resend_is_stored_once(tmp_path, manifest_file):
    tracker = Tracker(tmp_path / "t", manifest_file)
    body = attempt()
    lock = None
    poster = None
    result: dict = {}

    def post() -> None:
        try:
            with httpx.Client(base_url=tracker.base, timeout=10) as client:
                result["response"], result["took"] = _timed(client.post, f"{API}/attempts", json=body)
        except httpx.HTTPError as exc:
            result["error"] = exc

    try:
        tracker.start()
        with httpx.Client(base_url=tracker.base, timeout=QUICK * 2) as client:
            assert client.post(f"{API}/attempts", json=attempt()).status_code == 201  # the file exists, in WAL mode
            lock = sqlite3.connect(tracker.database, isolation_level=None, timeout=5)
            lock.execute("BEGIN IMMEDIATE")  # the write lock, held by another connection until released
            poster = threading.Thread(target=post)
            poster.start()
            time.sleep(0.2)
            try:
                health, took = _timed(client.get, f"{API}/health")
            except httpx.TimeoutException:
                pytest.fail("health did not answer while another connection held the write lock")
            assert health.status_code == 200 and took < QUICK, (
                f"health {health.status_code} after {took:.1f} s while the file was locked"
            )
            poster.join(15)
            assert "error" not in result, f"the attempt got no answer while the file was locked: {result['error']!r}"
            response, took = result["response"], result["took"]
            assert response.status_code == 503, response.text
            assert took < QUICK, f"503 came after {took:.1f} s"
            assert response.headers.get("retry-after", "").isdigit(), response.headers
            assert response.json()["detail"]
            assert body["attempt_id"] not in stored_ids(f"sqlite:///{tracker.database}")

            lock.execute("ROLLBACK")
            lock.close()
            lock = None
            again = client.post(f"{API}/attempts", json=body)
            assert again.status_code == 201, again.text
        assert stored_ids(f"sqlite:///{tracker.database}").count(body["attempt_id"]) == 1
    finally:
        if lock is not None:
            lock.close()
        if poster is not None:
            poster.join(15)
        tracker.stop()


# c. kill -9 in the middle of a storm: nothing acknowledged is lost, nothing is stored twice.


def test_kill_9_storm_stores_every_attempt_exactly_once(tmp_path, manifest_file, database_url):
    tracker = Tracker(tmp_path / "t", manifest_file, database_url)
    url = _url(tracker, database_url)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    bodies = {
        b["attempt_id"]: b
        for b in (
            attempt(finished_at=now, learner={"employee": f"3{n:04d}", "name": f"Person {n}", "unit": "Avdeling"})
            for n in range(400)
        )
    }
    pending = list(bodies)
    acknowledged: set[str] = set()
    refused: list[tuple[str, int, str]] = []
    guard = threading.Lock()

    def storm(stop: threading.Event) -> None:
        """One client, as one browser queue: send until there is nothing left or the server is gone."""
        with httpx.Client(base_url=tracker.base, timeout=5) as client:
            while not stop.is_set():
                with guard:
                    if not pending:
                        return
                    attempt_id = pending.pop()
                try:
                    response = client.post(f"{API}/attempts", json=bodies[attempt_id])
                except httpx.TransportError:
                    with guard:
                        pending.append(attempt_id)  # no answer: the queue keeps it and sends it again later
                    return
                with guard:
                    if 200 <= response.status_code < 300:
                        acknowledged.add(attempt_id)
                    else:
                        pending.append(attempt_id)
                        if response.status_code != 503:
                            refused.append((attempt_id, response.status_code, response.text))
                            return

    try:
        for round_ in range(5):  # four rounds killed mid-storm, then one to finish
            tracker.start()
            stop = threading.Event()
            before = len(acknowledged)
            goal = before + max(1, len(pending) // 4)
            threads = [threading.Thread(target=storm, args=(stop,)) for _ in range(6)]
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 60
            if round_ < 4:
                while len(acknowledged) < goal and time.monotonic() < deadline and any(t.is_alive() for t in threads):
                    time.sleep(0.005)
                tracker.kill()
                stop.set()
            for thread in threads:
                thread.join(max(1, deadline - time.monotonic()))
            assert not any(t.is_alive() for t in threads), "a client was still sending at the end of its round"
            if round_ < 4:
                stored = set(stored_ids(url))
                assert acknowledged <= stored, (
                    f"round {round_}: acknowledged but lost after kill -9: {sorted(acknowledged - stored)[:5]}"
                )
            else:
                tracker.stop()
            assert not refused, f"refused on a re-send: {refused[:3]}"
        # anything the last round could not send (there should be none) fails below
        ids = stored_ids(url)
        assert not pending, f"{len(pending)} attempts never acknowledged"
        assert len(ids) == len(set(ids)), "an attempt was stored twice"
        assert set(ids) == set(bodies)
        assert acknowledged == set(bodies)
        assert tracker.starts == 5
    finally:
        tracker.stop()


# d. Body limits, over raw sockets.


def _request(method: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Connection: close",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _roster(people: int, width: int) -> bytes:
    return (
        ROSTER_HEAD
        + "".join(f"{n:07d};{f'Person {n}'.ljust(width, 'n')};Eining {n % 60};koordinator\r\n" for n in range(people))
    ).encode()


def test_body_limits_over_raw_sockets(tmp_path, manifest_file):
    tracker = Tracker(tmp_path / "t", manifest_file)
    try:
        tracker.start()
        big = json.dumps(attempt(learner={"employee": "1", "name": "x" * (70 * 1024), "unit": "A"})).encode()
        head = _request("POST", f"{API}/attempts", {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        status, headers, answer = raw_exchange(tracker.port, head, chunked(big))
        assert status == 413, (status, answer[:300])
        assert json.loads(answer)["detail"]
        head = _request(
            "POST", f"{API}/attempts", {"Content-Type": "application/json", "Content-Length": str(len(big))}
        )
        assert raw_exchange(tracker.port, head, big)[0] == 413

        roster = _roster(30_000, 60)
        assert 2_000_000 < len(roster) < 3_500_000
        head = _request(
            "PUT",
            f"{API}/roster",
            {"Content-Type": "text/csv", "Content-Length": str(len(roster)), "Authorization": f"Bearer {TOKEN}"},
        )
        status, _, answer = raw_exchange(tracker.port, head, roster, timeout=60)
        assert status == 200, (status, answer[:300])
        assert json.loads(answer)["imported"] == 30_000

        huge = _roster(80_000, 110)
        assert len(huge) > 8 * 1024 * 1024
        for extra in ({"Transfer-Encoding": "chunked"}, {"Content-Length": str(len(huge))}):
            head = _request(
                "PUT", f"{API}/roster", {"Content-Type": "text/csv", "Authorization": f"Bearer {TOKEN}", **extra}
            )
            status, _, answer = raw_exchange(
                tracker.port, head, chunked(huge, 65536) if "Transfer-Encoding" in extra else huge, timeout=60
            )
            assert status == 413, (extra, status, answer[:300])
        with httpx.Client(base_url=tracker.base, timeout=10) as client:
            assert client.get(f"{API}/units").json()["units"][:2] == ["Eining 0", "Eining 1"]  # the 30,000 stayed
    finally:
        tracker.stop()


# e. Proxy headers count only from the proxy's own address; X-Forwarded-For cannot fake that address.


def test_forwarded_for_cannot_impersonate_the_proxy(tmp_path, manifest_file):
    tracker = Tracker(tmp_path / "t", manifest_file, identity="proxy", proxy_addresses='["127.0.0.7/32"]')
    user = {"X-Remote-User": "10001"}
    try:
        tracker.start()
        with httpx.Client(
            base_url=tracker.base, timeout=10, transport=httpx.HTTPTransport(local_address="127.0.0.7")
        ) as proxy:
            response = proxy.get(f"{API}/me", headers=user)
            assert response.status_code == 200, response.text
            assert response.json()["learner"]["employee"] == "10001"
            # The intranet login's own Authorization header reaches the tracker too: not Bearer, so ignored.
            assert (
                proxy.get(f"{API}/me", headers={**user, "Authorization": "Basic a2FyaTpoZW1tZWxlZw=="}).status_code
                == 200
            )
        for source in (
            "127.0.0.3",
            "127.0.0.1",
        ):  # 127.0.0.1 is the address uvicorn trusts for X-Forwarded-For by default
            with httpx.Client(
                base_url=tracker.base, timeout=10, transport=httpx.HTTPTransport(local_address=source)
            ) as other:
                for forwarded in (
                    {"X-Forwarded-For": "127.0.0.7"},
                    {"X-Forwarded-For": "127.0.0.7", "X-Real-IP": "127.0.0.7"},
                    {"Forwarded": "for=127.0.0.7"},
                ):
                    response = other.get(f"{API}/me", headers={**user, **forwarded})
                    assert response.status_code == 403, (source, forwarded, response.status_code, response.text)
                    assert (
                        other.post(
                            f"{API}/attempts",
                            json={k: v for k, v in attempt().items() if k != "learner"},
                            headers={**user, **forwarded},
                        ).status_code
                        == 403
                    )
        assert stored_ids(f"sqlite:///{tracker.database}") == []
    finally:
        tracker.stop()


# f. Hardening.

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


def _check_hardened(what: str, headers) -> None:
    assert "server" not in headers, f"{what}: Server header {headers.get('server')!r}"
    missing = [h for h in SECURITY_HEADERS if h not in headers]
    assert not missing, f"{what}: missing {missing}"
    assert headers["x-content-type-options"] == "nosniff", what
    assert headers["referrer-policy"] == "same-origin", what


def test_responses_are_hardened_and_openapi_declares_security(tmp_path, manifest_file):
    tracker = Tracker(tmp_path / "t", manifest_file)
    try:
        tracker.start()
        with httpx.Client(base_url=tracker.base, timeout=10) as client:
            answers = {
                "health": client.get(f"{API}/health"),
                "404": client.get(f"{API}/finst-ikkje"),
                "422": client.post(f"{API}/attempts", json={}),
                "401": client.get(f"{API}/reports/completions.csv"),
                "413": client.post(
                    f"{API}/attempts",
                    content=b"{" + b" " * (70 * 1024) + b"}",
                    headers={"Content-Type": "application/json"},
                ),
                "csv": client.get(f"{API}/reports/completions.csv", headers=tracker.auth()),
                "openapi": client.get(f"{API}/openapi.json"),
            }
        assert {k: r.status_code for k, r in answers.items()} == {
            "health": 200,
            "404": 404,
            "422": 422,
            "401": 401,
            "413": 413,
            "csv": 200,
            "openapi": 200,
        }
        for what, response in answers.items():
            _check_hardened(what, response.headers)
        document = answers["openapi"].json()
        schemes = document.get("components", {}).get("securitySchemes", {})
        assert schemes, "the OpenAPI document declares no security scheme"
        secured = {
            path
            for path, item in document["paths"].items()
            for op in item.values()
            if isinstance(op, dict) and op.get("security")
        }
        assert f"{API}/reports/completions.csv" in secured and f"{API}/roster" in secured, secured
    finally:
        tracker.stop()


@pytest.mark.parametrize(
    "value", [b"100\t01", b"10\xe901", b"\xff\xfe", b"10001\xc3"], ids=["tab", "latin1", "ff-fe", "cut-utf8"]
)
def test_user_header_with_tab_or_bytes_that_are_not_plain_text_is_refused(tmp_path, manifest_file, value):
    tracker = Tracker(tmp_path / "t", manifest_file, identity="proxy")  # the proxy is 127.0.0.1 (the default)
    body = json.dumps({k: v for k, v in attempt().items() if k != "learner"}).encode()
    try:
        tracker.start()
        for head in (
            b"POST /api/v1/attempts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nX-Remote-User: %s\r\n\r\n" % (len(body), value),
            b"GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Remote-User: %s\r\n\r\n" % value,
        ):
            status, headers, answer = raw_exchange(tracker.port, head, body if head.startswith(b"POST") else b"")
            assert 400 <= status < 500, (value, head.split(b" ")[1], status, answer[:300])
        assert stored_ids(f"sqlite:///{tracker.database}") == []
        # The same request with a plain user header is stored: the refusal above was about the header alone.
        ok = (
            b"POST /api/v1/attempts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nX-Remote-User: 10001\r\n\r\n" % len(body)
        )
        assert raw_exchange(tracker.port, ok, body)[0] == 201
        assert len(stored_ids(f"sqlite:///{tracker.database}")) == 1
    finally:
        tracker.stop()


# g. The real `koord-tracker serve`: an export read from the database in several batches is every row once, in order;
#    and the log never names a learner (the access log is off).


def test_export_over_several_batches_is_every_row_once_in_order_and_the_log_names_nobody(
    tmp_path, manifest_file, database_url
):
    import csv
    import io
    from zoneinfo import ZoneInfo

    tracker = Tracker(tmp_path / "t", manifest_file, database_url)
    count = 4_500  # stream_completions reads 2,000 rows at a time: three batches, the last one short
    seed(_url(tracker, database_url), count, wide=10)
    with tracker, httpx.Client(base_url=tracker.base, timeout=30) as client:
        assert (
            client.post(
                f"{API}/attempts", json=attempt(learner={"employee": "98765", "name": "Gunn Vik", "unit": "Eining 1"})
            ).status_code
            == 201
        )
        response = client.get(
            f"{API}/reports/completions.csv",
            params={"format": "rfc4180", "module": "test-modul"},
            headers=tracker.auth(),
        )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))[1:]
    base, oslo = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), ZoneInfo("Europe/Oslo")
    expected = [
        (f"{n % 5000:05d}", (base + dt.timedelta(minutes=n)).astimezone(oslo).isoformat(timespec="seconds"))
        for n in range(count)
    ]
    assert [(row[1], row[8]) for row in rows[:count]] == expected
    assert [row[1] for row in rows[count:]] == ["98765"]
    log = tracker.log.read_text(encoding="utf-8", errors="replace")
    assert "98765" not in log and "Gunn" not in log and "GET /api" not in log and "POST /api" not in log, log[-2000:]
