"""Read confirmations of the guideline: stored once whatever the number of times they are sent, only for the
version in force, in form mode and proxy mode; «Mine kurs» (/me) says whether the person must confirm and
whether they have, and a new major version asks again while a minor one does not."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.tracker.conftest import LOCAL, admin, table
from tests.tracker.test_reports import ROSTER
from tracker import db
from tracker.main import create_app

ROLES = ["koordinator", "einingsleiar"]


@pytest.fixture(scope="module")
def manifest_file(manifest_file, tmp_path_factory):
    """The tests' manifest with a guideline in force (2.1) that coordinators and unit leaders must confirm."""
    return with_guideline(manifest_file, tmp_path_factory.mktemp("guideline"), "2.1")


def with_guideline(source, folder, version: str, roles: list[str] = ROLES, edition: dict | None = None):
    data = json.loads(source.read_text(encoding="utf-8"))
    data["guideline"] = {"document_id": "TEST-RL", "version": version, "read_confirmation_roles": roles}
    data["edition"] = edition
    path = folder / f"manifest-{version}{'-' + edition['id'] if edition else ''}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def confirmation(**changes) -> dict:
    body = {
        "confirmation_id": str(uuid.uuid4()),
        "version": "2.1",
        "confirmed_at": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(timespec="seconds"),
        "learner": {"employee": "10001", "name": "Kari Nordmann", "unit": "Medisinsk avdeling"},
    }
    return body | changes


def stored(settings) -> list[dict]:
    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(db.read_confirmations)).mappings()]
    finally:
        engine.dispose()


@pytest.fixture
def edition(settings, tmp_path):
    """A trust's edition: the confirmation names it."""
    built = with_guideline(settings.manifest, tmp_path, "2.1", edition={"id": "helse-test", "name": "Helse Test HF"})
    return settings.model_copy(update={"edition": "helse-test", "manifest": built})


def test_a_confirmation_is_stored_once_and_answered_in_local_time(edition):
    with TestClient(create_app(edition), client=LOCAL) as client:
        body = confirmation()
        first = client.post("/api/v1/read-confirmations", json=body)
        assert first.status_code == 201, first.text
        answer = first.json()
        assert answer | {"confirmed_at": None} == {
            "confirmation_id": body["confirmation_id"],
            "employee": "10001",
            "version": "2.1",
            "confirmed_at": None,
            "edition_name": "Helse Test HF",
        }
        local = dt.datetime.fromisoformat(answer["confirmed_at"])
        assert local == dt.datetime.fromisoformat(body["confirmed_at"])
        assert local.utcoffset() == local.astimezone(ZoneInfo("Europe/Oslo")).utcoffset()
        # The same id again, and the same person and version with a new id: 200, the first, stored once.
        again = client.post("/api/v1/read-confirmations", json=body)
        assert again.status_code == 200 and again.json() == answer
        other_id = client.post("/api/v1/read-confirmations", json=confirmation())
        assert other_id.status_code == 200 and other_id.json() == answer
        # The browser finds its own by id; an unknown id finds nothing.
        found = client.post(
            "/api/v1/read-confirmations/lookup", json={"confirmation_ids": [body["confirmation_id"], str(uuid.uuid4())]}
        )
        assert found.json() == [
            {"confirmation_id": body["confirmation_id"], "version": "2.1", "confirmed_at": answer["confirmed_at"]}
        ]
    assert len(stored(edition)) == 1


def test_what_is_refused_stores_nothing(edition):
    with TestClient(create_app(edition), client=LOCAL) as client:
        old = client.post("/api/v1/read-confirmations", json=confirmation(version="2.0"))
        assert (
            old.status_code == 409 and "Versjon 2.1 av retningslinja er i kraft no, ikkje 2.0" in old.json()["detail"]
        )
        no_one = client.post("/api/v1/read-confirmations", json=confirmation(learner=None))
        assert no_one.status_code == 422 and "learner" in no_one.json()["detail"]
        unknown = client.post("/api/v1/read-confirmations", json=confirmation(extra=1))
        assert unknown.status_code == 422 and "«extra»" in unknown.json()["detail"]
        bad_id = client.post("/api/v1/read-confirmations", json=confirmation(confirmation_id="1"))
        assert bad_id.status_code == 422 and "confirmation_id" in bad_id.json()["detail"]
        future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
        assert client.post("/api/v1/read-confirmations", json=confirmation(confirmed_at=future)).status_code == 422
        assert (
            client.post("/api/v1/read-confirmations", json=confirmation(confirmed_at="2026-12-01T10:00:00")).status_code
            == 422
        )
        # A unit the roster does not have, once there is a roster (form mode, as for attempts).
        assert client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin()).status_code == 200
        wrong_unit = client.post(
            "/api/v1/read-confirmations", json=confirmation(learner={"employee": "1", "name": "N", "unit": "Ukjend"})
        )
        assert wrong_unit.status_code == 422 and "«Ukjend» finst ikkje i personallista" in wrong_unit.json()["detail"]
        assert stored(edition) == []
        # The same id for someone else is a clash, not a repeat.
        body = confirmation()
        assert client.post("/api/v1/read-confirmations", json=body).status_code == 201
        clash = client.post(
            "/api/v1/read-confirmations",
            json=body | {"learner": {"employee": "10002", "name": "Per Hansen", "unit": "Medisinsk avdeling"}},
        )
        assert clash.status_code == 409 and "alt brukt" in clash.json()["detail"]
    assert len(stored(edition)) == 1


def test_me_says_who_must_confirm_and_a_new_major_version_asks_again(settings, tmp_path):
    proxy = settings.model_copy(update={"identity": "proxy"})
    kari, lund, per = {"X-Remote-User": "10001"}, {"X-Remote-User": "10004"}, {"X-Remote-User": "10005"}
    with TestClient(create_app(proxy), client=LOCAL) as client:
        assert client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin()).status_code == 200
        me = client.get("/api/v1/me", headers=kari).json()["read_confirmation"]
        assert me == {"version_in_force": "2.1", "must_confirm": True, "confirmed": None}
        # 10005 holds only helsepersonell, which need not confirm; someone not in the roster need not either.
        assert client.get("/api/v1/me", headers=per).json()["read_confirmation"]["must_confirm"] is False
        assert (
            client.get("/api/v1/me", headers={"X-Remote-User": "ukjend"}).json()["read_confirmation"]["must_confirm"]
            is False
        )
        # In proxy mode the login says who: a learner in the body is ignored.
        body = confirmation(learner={"employee": "99999", "name": "Nokon Annan", "unit": "Ukjend"})
        done = client.post("/api/v1/read-confirmations", json=body, headers=kari)
        assert done.status_code == 201 and done.json()["employee"] == "10001" and done.json()["edition_name"] is None
        me = client.get("/api/v1/me", headers=kari).json()["read_confirmation"]
        assert me["confirmed"] == {"version": "2.1", "confirmed_at": done.json()["confirmed_at"]}
        assert client.get("/api/v1/me", headers=lund).json()["read_confirmation"]["confirmed"] is None
        # Only one's own by id.
        assert (
            client.post(
                "/api/v1/read-confirmations/lookup", json={"confirmation_ids": [body["confirmation_id"]]}, headers=lund
            ).json()
            == []
        )
        assert (
            len(
                client.post(
                    "/api/v1/read-confirmations/lookup",
                    json={"confirmation_ids": [body["confirmation_id"]]},
                    headers=kari,
                ).json()
            )
            == 1
        )
    rows = stored(proxy)
    assert [(r["employee"], r["name"], r["unit"]) for r in rows] == [("10001", "Kari Nordmann", "Medisinsk avdeling")]

    # A minor version (2.4) does not ask again; a major one (3.0) does, and 3.0 can then be confirmed.
    minor = proxy.model_copy(update={"manifest": with_guideline(proxy.manifest, tmp_path, "2.4")})
    with TestClient(create_app(minor), client=LOCAL) as client:
        assert client.get("/api/v1/me", headers=kari).json()["read_confirmation"]["confirmed"]["version"] == "2.1"
        assert (
            client.post("/api/v1/read-confirmations", json=confirmation(version="2.1"), headers=kari).status_code == 409
        )
    major = proxy.model_copy(update={"manifest": with_guideline(proxy.manifest, tmp_path, "3.0")})
    with TestClient(create_app(major), client=LOCAL) as client:
        me = client.get("/api/v1/me", headers=kari).json()["read_confirmation"]
        assert me == {"version_in_force": "3.0", "must_confirm": True, "confirmed": None}
        assert (
            client.post("/api/v1/read-confirmations", json=confirmation(version="3.0"), headers=kari).status_code == 201
        )
        assert client.get("/api/v1/me", headers=kari).json()["read_confirmation"]["confirmed"]["version"] == "3.0"
    assert sorted(r["version"] for r in stored(proxy)) == ["2.1", "3.0"]


def test_form_mode_me_has_no_confirmation_and_a_site_without_a_guideline_has_nothing_to_confirm(settings, tmp_path):
    data = json.loads(settings.manifest.read_text(encoding="utf-8"))
    data.pop("guideline")
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(data), encoding="utf-8")
    with TestClient(create_app(settings), client=LOCAL) as client:
        assert client.get("/api/v1/me").json()["read_confirmation"] is None
    with TestClient(
        create_app(settings.model_copy(update={"manifest": bare, "identity": "proxy"})), client=LOCAL
    ) as client:
        assert client.get("/api/v1/me", headers={"X-Remote-User": "10001"}).json()["read_confirmation"] is None
        refused = client.post("/api/v1/read-confirmations", json=confirmation(), headers={"X-Remote-User": "10001"})
        assert refused.status_code == 409 and "inga retningslinje i kraft" in refused.json()["detail"]


def test_managers_see_per_unit_who_must_confirm_and_who_has_not(settings, tmp_path):
    import io

    import openpyxl
    from sqlalchemy import insert

    proxy = settings.model_copy(update={"identity": "proxy"})
    leader = {"X-Remote-User": "10004", "X-Remote-Groups": "koordinator-leiar"}
    with TestClient(create_app(proxy), client=LOCAL) as client:
        assert client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin()).status_code == 200
        done = client.post("/api/v1/read-confirmations", json=confirmation(), headers={"X-Remote-User": "10001"}).json()
    # Leiar Lund confirmed an earlier major version: that does not count for 2.1.
    engine = db.make_engine(proxy.url)
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(db.read_confirmations).values(
                    confirmation_id=str(uuid.uuid4()),
                    employee="10004",
                    name="Leiar Lund",
                    unit="Medisinsk avdeling",
                    version="1.4",
                    confirmed_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC),
                    recorded_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC),
                )
            )
    finally:
        engine.dispose()

    medical = {
        "unit": "Medisinsk avdeling",
        "must_confirm": 3,
        "confirmed": 1,
        "missing": [{"employee": "10004", "name": "Leiar Lund"}, {"employee": "10002", "name": "Per Hansen"}],
    }
    surgical = {
        "unit": "Kirurgisk avdeling",
        "must_confirm": 1,
        "confirmed": 0,
        "missing": [{"employee": "10003", "name": "Åse Lie"}],
    }
    # A minor version later, the same: the confirmation of 2.1 holds for 2.4.
    for manifest in (proxy.manifest, with_guideline(proxy.manifest, tmp_path, "2.4")):
        with TestClient(create_app(proxy.model_copy(update={"manifest": manifest})), client=LOCAL) as client:
            assert client.get("/api/v1/reports/read-confirmations", headers=leader).json() == [medical]
            assert client.get("/api/v1/reports/read-confirmations", headers=admin()).json() == [surgical, medical]
    with TestClient(create_app(proxy), client=LOCAL) as client:
        assert client.get(
            "/api/v1/reports/read-confirmations", params={"unit": "Kirurgisk avdeling"}, headers=admin()
        ).json() == [surgical]
        # Scope as the other reports: another unit is 403, an unknown one 404, a learner 403, nobody 401.
        assert (
            client.get(
                "/api/v1/reports/read-confirmations", params={"unit": "Kirurgisk avdeling"}, headers=leader
            ).status_code
            == 403
        )
        assert (
            client.get("/api/v1/reports/read-confirmations", params={"unit": "Ukjend"}, headers=admin()).status_code
            == 404
        )
        for url in (
            "/api/v1/reports/read-confirmations",
            "/api/v1/reports/read-confirmations.csv",
            "/api/v1/reports/read-confirmations.xlsx",
        ):
            assert client.get(url, headers={"X-Remote-User": "10001"}).status_code == 403
            assert client.get(url).status_code == 401

        response = client.get("/api/v1/reports/read-confirmations.csv", headers=leader)
        assert (
            response.status_code == 200
            and response.headers["content-disposition"] == 'attachment; filename="lesestadfesting.csv"'
        )
        today = dt.datetime.fromisoformat(done["confirmed_at"]).date()
        assert table(response.content) == [
            [
                "Eining",
                "Tilsettnummer",
                "Namn",
                "Status",
                "Versjon i kraft",
                "Stadfesta versjon",
                "Stadfesta dato",
                "Skal stadfeste (eininga)",
                "Har stadfesta (eininga)",
                "Manglar (eininga)",
            ],
            ["Medisinsk avdeling", "10004", "Leiar Lund", "manglar", "2.1", "", "", "3", "1", "2"],
            ["Medisinsk avdeling", "10002", "Per Hansen", "manglar", "2.1", "", "", "3", "1", "2"],
            [
                "Medisinsk avdeling",
                "10001",
                "Kari Nordmann",
                "stadfesta",
                "2.1",
                "2.1",
                f"{today:%d.%m.%Y}",
                "3",
                "1",
                "2",
            ],
        ]
        book = client.get("/api/v1/reports/read-confirmations.xlsx", headers=admin())
        assert book.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert [row[:4] for row in values[1:]] == [
            ["Kirurgisk avdeling", "10003", "Åse Lie", "manglar"],
            ["Medisinsk avdeling", "10004", "Leiar Lund", "manglar"],
            ["Medisinsk avdeling", "10002", "Per Hansen", "manglar"],
            ["Medisinsk avdeling", "10001", "Kari Nordmann", "stadfesta"],
        ]
        assert values[4][6].date() == today and values[4][7] == 3
        job = client.post("/api/v1/reports/read-confirmations.xlsx", headers=admin())
        assert job.status_code == 202 and job.headers["location"].startswith("exports/")

    engine = db.make_engine(proxy.url)
    try:
        with engine.connect() as conn:
            logged = [
                (r.who, r.what, json.loads(r.filter))
                for r in conn.execute(select(db.export_log).order_by(db.export_log.c.id))
            ]
    finally:
        engine.dispose()
    assert [entry for entry in logged if entry[2].get("format") != "json"] == [
        ("10004", "read-confirmations", {"format": "excel"}),
        ("admin-token", "read-confirmations", {"format": "xlsx"}),
        ("admin-token", "read-confirmations", {"format": "xlsx"}),
    ]
    assert ("admin-token", "read-confirmations", {"format": "json", "unit": "Kirurgisk avdeling"}) in logged
