"""Readers' messages to the editors: stored once whatever the number of times they are sent; one with a national
identity number or D-number is refused and nothing of it is in the database or in any log line (of the app, and of
the real tracker process); at most 20 new ones a local day from one sender; and the editors' list, changes and CSV,
which only editors get."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from tests.tracker.conftest import ADMIN, LOCAL, admin, table
from tests.tracker.process import Tracker
from tracker import db
from tracker.feedback import PER_DAY, start_of_day
from tracker.main import create_app

VALID = "01019012480"  # a valid identity number (worked by hand in test_identitynumber.py)
D_NUMBER = "41019012474"
WRONG = "01019012481"  # the same with a wrong second check digit


def message(**changes) -> dict:
    body = {
        "feedback_id": str(uuid.uuid4()),
        "page": "retningslinje/oppnemning/",
        "section": "oppnemning-2",
        "guideline_version": "2.1",
        "text": "Fristen i punkt 2 står som 14 dagar her,\nmen 10 dagar i kapittel 3.",
        "reply_to": "kari.nordmann@example.org",
        "sent_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return body | changes


def rows(settings, table=db.feedback) -> list[dict]:
    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(table)).mappings()]
    finally:
        engine.dispose()


def everything_stored(settings) -> str:
    """Every value of every table, as text."""
    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            return repr([list(conn.execute(select(table)).all()) for table in db.metadata.sorted_tables])
    finally:
        engine.dispose()


def test_a_message_is_stored_once_and_a_different_one_with_its_id_is_a_clash(client, settings):
    body = message()
    first = client.post("/api/v1/feedback", json=body)
    assert first.status_code == 201, first.text
    assert first.json()["feedback_id"] == body["feedback_id"]
    received = dt.datetime.fromisoformat(first.json()["received_at"])
    assert abs(received - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1) and received.utcoffset() is not None
    again = client.post("/api/v1/feedback", json=body)
    assert again.status_code == 200 and again.json() == first.json()
    clash = client.post("/api/v1/feedback", json=body | {"text": "Noko anna."})
    assert clash.status_code == 409 and "alt brukt" in clash.json()["detail"]
    [stored] = rows(settings)
    assert stored | {"received_at": None} == {
        "feedback_id": body["feedback_id"],
        "page": "retningslinje/oppnemning/",
        "section": "oppnemning-2",
        "guideline_version": "2.1",
        "text": body["text"],
        "reply_to": "kari.nordmann@example.org",
        "sender": "127.0.0.1",
        "received_at": None,
        "status": "ny",
        "note": "",
    }
    # The least a message needs: a page (the front page is ""), the text and when it was sent.
    least = {"feedback_id": str(uuid.uuid4()), "page": "", "text": "Uklart.", "sent_at": body["sent_at"]}
    assert client.post("/api/v1/feedback", json=least).status_code == 201


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"text": ""}, "Teksten (text) kan ikkje vere tom"),
        ({"text": "   \n "}, "Teksten (text) kan ikkje vere tom"),
        ({"text": "x" * 2001}, "Teksten (text) kan ha høgst 2000 teikn"),
        ({"text": "a\x00b"}, "Teksten (text) kan ikkje innehalde kontrollteikn"),
        ({"page": "a b"}, "Sida (page) har feil form"),
        ({"page": "x" * 201}, "Sida (page) kan ha høgst 200 teikn"),
        ({"reply_to": "x" * 121}, "Kven som skal få svar (reply_to) kan ha høgst 120 teikn"),
        ({"guideline_version": "2"}, "Versjonen av retningslinja (guideline_version) har feil form"),
        ({"sent_at": "i går"}, "Tidspunktet meldinga vart send (sent_at) må vere eit tidspunkt"),
        ({"extra": 1}, "«extra»"),
    ],
)
def test_what_is_not_a_message_is_refused_in_norwegian(client, settings, changes, field):
    refused = client.post("/api/v1/feedback", json=message(**changes))
    assert refused.status_code == 422 and field in refused.json()["detail"], refused.text
    assert rows(settings) == []


@pytest.mark.parametrize("where", ["text", "reply_to", "section"])
def test_an_identity_number_is_refused_and_not_stored_or_logged(client, settings, caplog, where):
    caplog.set_level(logging.DEBUG)
    for number in (VALID, D_NUMBER, "010190 12480"):
        body = message(
            **{
                where: f"Gjeld pasient {number} på post 3"
                if where == "text"
                else f"p-{number.replace(' ', '-')}"
                if where == "section"
                else f"tlf {number}"
            }
        )
        refused = client.post("/api/v1/feedback", json=body)
        assert refused.status_code == 422, refused.text
        assert (
            "fødselsnummer eller D-nummer" in refused.json()["detail"]
            and "Ingenting av ho er lagra" in refused.json()["detail"]
        )
        assert number not in refused.text and "12480" not in refused.text and "12474" not in refused.text
    assert rows(settings) == []
    everything = everything_stored(settings) + caplog.text + "".join(map(str, (r.args for r in caplog.records)))
    for secret in (VALID, D_NUMBER, "12480", "12474"):
        assert secret not in everything
    # An 11-digit number whose check digits are wrong is no identity number: accepted as written.
    accepted = client.post("/api/v1/feedback", json=message(text=f"Telefonnummeret {WRONG} på side 4 er feil."))
    assert accepted.status_code == 201
    assert [r["text"] for r in rows(settings)] == [f"Telefonnummeret {WRONG} på side 4 er feil."]


def test_the_real_tracker_logs_nothing_of_a_refused_message(tmp_path, manifest_file, settings):
    """The tracker as IT runs it (its own process, every line it writes kept): the refused number is in no log line
    and, on SQLite, in no byte of the database files."""
    with Tracker(tmp_path, manifest_file, database_url=settings.database_url) as tracker:
        with httpx.Client(timeout=15) as client:
            refused = client.post(
                f"{tracker.base}/api/v1/feedback", json=message(text=f"Pasienten har fødselsnummer {VALID}.")
            )
            assert refused.status_code == 422
            assert (
                client.post(
                    f"{tracker.base}/api/v1/feedback", json=message(text=f"Nummeret {WRONG} er feil.")
                ).status_code
                == 201
            )
            assert client.get(f"{tracker.base}/api/v1/feedback", headers=tracker.auth()).status_code == 200
    log = tracker.log.read_bytes()
    assert b"export feedback by admin-token" in log, "the log is the tracker's, at the level it runs with"
    assert VALID.encode() not in log and b"12480" not in log
    if settings.database_url is None:
        files = [p for p in tracker.database.parent.iterdir() if p.name.startswith("tracker.sqlite3")]
        assert files and all(VALID.encode() not in p.read_bytes() for p in files)
    assert VALID not in everything_stored(settings.model_copy(update={"data_dir": tmp_path / "data"}))


def test_at_most_twenty_new_messages_a_local_day_from_one_sender(client, settings, tmp_path):
    engine = db.make_engine(settings.url)
    now = dt.datetime.now(dt.UTC)
    try:
        with engine.begin() as conn:
            # Yesterday's (local) do not count.
            conn.execute(
                insert(db.feedback),
                [
                    {
                        "feedback_id": str(uuid.uuid4()),
                        "page": "",
                        "section": None,
                        "guideline_version": None,
                        "text": "Før",
                        "reply_to": None,
                        "sender": "127.0.0.1",
                        "received_at": start_of_day(now, "Europe/Oslo") - dt.timedelta(minutes=1),
                        "status": "ny",
                        "note": "",
                    }
                    for _ in range(5)
                ],
            )
    finally:
        engine.dispose()
    sent = [message() for _ in range(PER_DAY)]
    for body in sent:
        assert client.post("/api/v1/feedback", json=body).status_code == 201
    over = client.post("/api/v1/feedback", json=message())
    assert over.status_code == 429 and "Du har sendt 20 meldingar i dag" in over.json()["detail"]
    # A repeat of one already received is not a new message.
    assert client.post("/api/v1/feedback", json=sent[0]).status_code == 200
    assert len(rows(settings)) == 5 + PER_DAY
    # In proxy mode the limit is the user's, whatever the address.
    proxy = settings.model_copy(update={"identity": "proxy"})
    with TestClient(create_app(proxy), client=LOCAL) as other:
        assert other.post("/api/v1/feedback", json=message(), headers={"X-Remote-User": "10001"}).status_code == 201
    assert [r["sender"] for r in rows(settings)].count("10001") == 1


def test_the_day_is_the_local_day():
    # 23:30 UTC on 7 December is 00:30 on 8 December in Oslo: the day began at 23:00 UTC.
    assert start_of_day(dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC), "Europe/Oslo") == dt.datetime(
        2026, 12, 7, 23, 0, tzinfo=dt.UTC
    )
    # Summer time: midnight is 22:00 UTC.
    assert start_of_day(dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC), "Europe/Oslo") == dt.datetime(
        2026, 5, 31, 22, 0, tzinfo=dt.UTC
    )


def test_editors_list_change_and_download_the_messages(client, settings):
    older = message(
        text="<script>alert(1)</script>\n=SUM(A1)", section=None, guideline_version=None, reply_to=None, page="pasient/"
    )
    assert client.post("/api/v1/feedback", json=older).status_code == 201
    newer = message()
    assert client.post("/api/v1/feedback", json=newer).status_code == 201
    listed = client.get("/api/v1/feedback", headers=admin())
    assert listed.status_code == 200
    items = listed.json()
    assert [i["feedback_id"] for i in items] == [newer["feedback_id"], older["feedback_id"]], "newest first"
    assert items[1]["text"] == older["text"], "as the reader wrote it; the page escapes it"
    assert items[1] | {"received_at": None} == {
        "feedback_id": older["feedback_id"],
        "page": "pasient/",
        "section": None,
        "guideline_version": None,
        "text": older["text"],
        "reply_to": None,
        "sender": "127.0.0.1",
        "received_at": None,
        "status": "ny",
        "note": "",
        "changes": [],
    }

    changed = client.patch(
        f"/api/v1/feedback/{older['feedback_id']}",
        json={"status": "handsama", "note": "Retta i 2.2.\nTakk."},
        headers=admin(),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["status"] == "handsama" and changed.json()["note"] == "Retta i 2.2.\nTakk."
    [change] = changed.json()["changes"]
    assert (
        change["status"] == "handsama"
        and change["by"] == "admin-token"
        and dt.datetime.fromisoformat(change["at"]).utcoffset() is not None
    )
    again = client.patch(
        f"/api/v1/feedback/{older['feedback_id']}", json={"status": "avvist", "note": ""}, headers=admin()
    ).json()
    assert [(c["status"], c["note"]) for c in again["changes"]] == [("handsama", "Retta i 2.2.\nTakk."), ("avvist", "")]
    assert rows(settings, db.feedback_changes)[0]["who"] == "admin-token"
    for wrong, status in (
        ({"status": "ferdig", "note": ""}, 422),
        ({"status": "ny"}, 422),
        ({"status": "ny", "note": "", "x": 1}, 422),
        ({"status": "ny", "note": f"Sjå {VALID}"}, 422),
    ):
        assert (
            client.patch(f"/api/v1/feedback/{older['feedback_id']}", json=wrong, headers=admin()).status_code == status
        )
    assert (
        client.patch(f"/api/v1/feedback/{uuid.uuid4()}", json={"status": "ny", "note": ""}, headers=admin()).status_code
        == 404
    )
    assert VALID not in everything_stored(settings)

    response = client.get("/api/v1/feedback.csv", headers=admin())
    assert (
        response.status_code == 200
        and response.headers["content-disposition"] == 'attachment; filename="meldingar.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    header, first, second = table(response.content)
    assert header == [
        "Dato",
        "Tidspunkt (ISO 8601)",
        "Side",
        "Bolk",
        "Versjon av retningslinja",
        "Tekst",
        "Svar til",
        "Avsendar",
        "Status",
        "Notat",
        "Sist endra av",
        "Sist endra (ISO 8601)",
    ]
    assert first[2:10] == [
        "retningslinje/oppnemning/",
        "oppnemning-2",
        "2.1",
        newer["text"],
        "kari.nordmann@example.org",
        "127.0.0.1",
        "ny",
        "",
    ]
    # The text as written, but what could start a formula in a spreadsheet is guarded.
    assert second[5] == older["text"] and second[8:11] == ["avvist", "", "admin-token"]
    plain = client.get("/api/v1/feedback.csv", params={"format": "rfc4180"}, headers=admin())
    assert table(plain.content, ",")[2][5] == older["text"]

    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            logged = [
                (r.who, r.what, json.loads(r.filter))
                for r in conn.execute(select(db.export_log).order_by(db.export_log.c.id))
            ]
    finally:
        engine.dispose()
    assert logged == [
        ("admin-token", "feedback", {"format": "json"}),
        ("admin-token", "feedback", {"format": "excel"}),
        ("admin-token", "feedback", {"format": "rfc4180"}),
    ]


def test_only_editors_see_the_messages(settings):
    paths = ["/api/v1/feedback", "/api/v1/feedback.csv"]
    with TestClient(create_app(settings), client=LOCAL) as client:
        body = message()
        assert client.post("/api/v1/feedback", json=body).status_code == 201

        def patch(headers: dict):
            return client.patch(
                f"/api/v1/feedback/{body['feedback_id']}", json={"status": "avvist", "note": ""}, headers=headers
            )

        for url in paths:
            assert client.get(url).status_code == 401
            assert (
                client.get(url, headers={"X-Remote-User": "x", "X-Remote-Groups": "koordinator-redaktor"}).status_code
                == 401
            )
            assert client.get(url, headers=admin()).status_code == 200
        assert patch({}).status_code == 401
    proxy = settings.model_copy(update={"identity": "proxy"})
    with TestClient(create_app(proxy), client=LOCAL) as client:
        learner, manager = (
            {"X-Remote-User": "10001"},
            {"X-Remote-User": "10004", "X-Remote-Groups": "koordinator-leiar"},
        )
        editor = {"X-Remote-User": "20001", "X-Remote-Groups": "koordinator-redaktor"}
        for url in paths:
            refused = client.get(url, headers=learner)
            assert refused.status_code == 403 and "redaktørane" in refused.json()["detail"]
            assert client.get(url, headers=manager).status_code == 403
            assert client.get(url, headers=editor).status_code == 200
            assert client.get(url, headers={"Authorization": f"Bearer {ADMIN}"}).status_code == 200
        assert patch(learner).status_code == 403 and patch(manager).status_code == 403
        assert patch(editor).json()["changes"][0]["by"] == "20001"
    assert rows(settings)[0]["status"] == "avvist"
