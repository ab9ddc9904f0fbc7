"""Managers: access control, the completions CSV as Excel opens it, and compliance against the roster."""

import csv
import datetime as dt
import io

import pytest

from tests.tracker.conftest import admin, attempt
from tracker.settings import Settings
from tracker.validity import add_months

ROSTER = (
    "\ufefftilsettnummer;namn;eining;roller;leiar_for\r\n"
    "10001;Kari Nordmann;Medisinsk avdeling;koordinator;\r\n"
    "10002;Per Hansen;Medisinsk avdeling;koordinator helsepersonell;\r\n"
    "10003;Åse Lie;Kirurgisk avdeling;koordinator;\r\n"
    "10004;Leiar Lund;Medisinsk avdeling;einingsleiar;Medisinsk avdeling\r\n"
    "10005;Ingen Rolle;Kirurgisk avdeling;portnar;\r\n"
)


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_manager_endpoints_need_credentials(client):
    for path in ["/api/v1/reports/completions.csv", "/api/v1/reports/compliance", "/api/v1/reports/compliance.csv"]:
        missing = client.get(path)
        assert missing.status_code == 401
        assert missing.json() == {"detail": "manager access needs a token"}
        wrong = client.get(path, headers={"Authorization": "Bearer feil"})
        assert wrong.status_code == 401
        assert "Tilsettnummer" not in wrong.text
    assert client.put("/api/v1/roster", content=ROSTER).status_code == 401


def test_completions_csv_opens_in_excel(client):
    client.post("/api/v1/attempts", json=attempt())
    client.post("/api/v1/attempts", json=attempt(answers={"samtykke-kven": ["b"], "melding-kven": ["c"], "formal-sant": ["usant"]}))
    response = client.get("/api/v1/reports/completions.csv", headers=admin())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.content and response.content.count(b"\n") == response.content.count(b"\r\n")
    header, row = rows(response)
    assert header == ["Tilsettnummer", "Namn", "Eining", "Modul-id", "Modul", "Versjon", "Resultat (%)", "Dato", "Tidspunkt (ISO 8601)", "Gyldig til", "Gyldig til (ISO 8601)", "Status"]
    today = dt.date.today()
    assert row[:7] == ["10001", "Kari Nordmann", "Medisinsk avdeling", "test-modul", "Testmodul", "1.2", "100"]
    assert row[7] == f"{today:%d.%m.%Y}"
    assert dt.datetime.fromisoformat(row[8]).tzinfo is not None
    assert row[9] == f"{add_months(today, 12):%d.%m.%Y}"
    assert row[11] == "gyldig"


def test_rfc4180_on_request(client):
    client.post("/api/v1/attempts", json=attempt())
    content = client.get("/api/v1/reports/completions.csv", params={"format": "rfc4180"}, headers=admin()).content
    assert not content.startswith(b"\xef\xbb\xbf")
    assert content.split(b"\r\n")[0].startswith(b"Tilsettnummer,Namn,Eining")


def test_filters_by_unit_module_and_period(client):
    client.post("/api/v1/attempts", json=attempt())
    client.post("/api/v1/attempts", json=attempt(learner={"employee": "10003", "name": "Åse Lie", "unit": "Kirurgisk avdeling"}))
    get = lambda **params: sorted(r[0] for r in rows(client.get("/api/v1/reports/completions.csv", params=params, headers=admin()))[1:])
    assert get() == ["10001", "10003"]
    assert get(unit="Kirurgisk avdeling") == ["10003"]
    assert get(module="annan-modul") == []
    today = dt.date.today()
    assert get(**{"from": str(today), "to": str(today)}) == ["10001", "10003"]
    assert get(**{"to": str(today - dt.timedelta(days=1))}) == []
    assert client.get("/api/v1/reports/completions.csv", params={"from": "22.11.2026"}, headers=admin()).status_code == 422
    # Found by the OpenAPI fuzzing: year 1 used to overflow when turned into UTC.
    assert client.get("/api/v1/reports/completions.csv", params={"from": "0001-01-01"}, headers=admin()).status_code == 422


def test_roster_import_and_compliance(client):
    assert client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin()).json() == {"imported": 5}
    client.post("/api/v1/attempts", json=attempt())  # Kari passes
    report = client.get("/api/v1/reports/compliance", headers=admin()).json()
    assert [(r["unit"], r["module"], r["required"], r["valid"]) for r in report] == [
        ("Kirurgisk avdeling", "test-modul", 1, 0),
        ("Medisinsk avdeling", "test-modul", 2, 1),
    ]
    assert report[1]["missing"] == [{"employee": "10002", "name": "Per Hansen", "status": "manglar", "valid_until": None}]
    table = rows(client.get("/api/v1/reports/compliance.csv", headers=admin()))
    assert table[0] == ["Eining", "Modul-id", "Modul", "Tilsettnummer", "Namn", "Status", "Gyldig til", "Gyldig til (ISO 8601)"]
    assert [r[3:6] for r in table[1:]] == [["10003", "Åse Lie", "manglar"], ["10002", "Per Hansen", "manglar"]]


def test_malformed_roster_is_refused_with_its_line_and_the_old_one_stays(client):
    client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    bad = "tilsettnummer;namn;eining;roller\n1;A;B;koordinator\n2;C;D\n"
    response = client.put("/api/v1/roster", content=bad.encode(), headers=admin())
    assert response.status_code == 422
    assert response.json()["detail"] == "roster not imported: line 3: 3 fields, the header has 4"
    assert client.put("/api/v1/roster", content=b"namn;eining\nA;B\n", headers=admin()).json()["detail"].startswith(
        "roster not imported: line 1: missing column(s): tilsettnummer, roller"
    )
    assert client.put("/api/v1/roster", content=b"\xff\xfe", headers=admin()).status_code == 422
    report = client.get("/api/v1/reports/compliance", headers=admin()).json()
    assert sum(r["required"] for r in report) == 3


def test_reimport_replaces_the_roster_but_keeps_completions(client):
    client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    client.post("/api/v1/attempts", json=attempt())
    client.put("/api/v1/roster", content="tilsettnummer,namn,eining,roller\n10001,Kari Nordmann,Ny eining,koordinator\n".encode(), headers=admin())
    report = client.get("/api/v1/reports/compliance", headers=admin()).json()
    assert [(r["unit"], r["required"], r["valid"]) for r in report] == [("Ny eining", 1, 1)]
    assert len(rows(client.get("/api/v1/reports/completions.csv", headers=admin()))) == 2


@pytest.fixture
def proxy_client(settings):
    from fastapi.testclient import TestClient

    from tracker.main import create_app

    proxied = settings.model_copy(update={"identity": "proxy"})
    app = create_app(proxied)
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        yield client


def test_proxy_mode_takes_the_user_from_the_header_only_from_the_proxy(proxy_client, settings):
    headers = {"X-Remote-User": "10001"}
    proxy_client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    body = attempt()
    del body["learner"]
    created = proxy_client.post("/api/v1/attempts", json=body, headers=headers)
    assert created.status_code == 201, created.text
    me = proxy_client.get("/api/v1/me", headers=headers).json()
    assert me["mode"] == "proxy"
    assert me["learner"] == {"employee": "10001", "name": "Kari Nordmann", "unit": "Medisinsk avdeling"}
    assert proxy_client.post("/api/v1/attempts", json=attempt(), headers=headers).json()["detail"].startswith("learner is set by")
    assert proxy_client.get("/api/v1/me").status_code == 401

    from fastapi.testclient import TestClient

    from tracker.main import create_app

    with TestClient(create_app(settings.model_copy(update={"identity": "proxy"})), client=("10.1.2.3", 40000)) as outsider:
        response = outsider.get("/api/v1/me", headers=headers)
    assert response.status_code == 403
    assert "10001" not in response.text


def test_manager_group_sees_only_the_units_they_lead(proxy_client):
    proxy_client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    proxy_client.post("/api/v1/attempts", json={k: v for k, v in attempt().items() if k != "learner"}, headers={"X-Remote-User": "10001"})
    proxy_client.post("/api/v1/attempts", json={k: v for k, v in attempt().items() if k != "learner"}, headers={"X-Remote-User": "10003"})
    leader = {"X-Remote-User": "10004", "X-Remote-Groups": "tilsette, koordinator-leiar"}
    table = rows(proxy_client.get("/api/v1/reports/completions.csv", headers=leader))
    assert [r[0] for r in table[1:]] == ["10001"]
    assert proxy_client.get("/api/v1/reports/completions.csv", params={"unit": "Kirurgisk avdeling"}, headers=leader).status_code == 403
    assert [r["unit"] for r in proxy_client.get("/api/v1/reports/compliance", headers=leader).json()] == ["Medisinsk avdeling"]
    not_manager = {"X-Remote-User": "10001", "X-Remote-Groups": "tilsette"}
    assert proxy_client.get("/api/v1/reports/compliance", headers=not_manager).status_code == 403
    everyone = rows(proxy_client.get("/api/v1/reports/completions.csv", headers=admin()))
    assert sorted(r[0] for r in everyone[1:]) == ["10001", "10003"]


def test_every_export_is_logged_with_who_and_filter(client, settings):
    from sqlalchemy import select

    from tracker.db import export_log, make_engine

    client.get("/api/v1/reports/completions.csv", params={"unit": "Medisinsk avdeling"}, headers=admin())
    client.get("/api/v1/reports/compliance", headers=admin())
    engine = make_engine(settings.url)
    with engine.connect() as conn:
        logged = [(r.who, r.what, r.filter) for r in conn.execute(select(export_log).order_by(export_log.c.id))]
    engine.dispose()
    assert logged == [("admin-token", "completions", '{"format": "excel", "unit": "Medisinsk avdeling"}'), ("admin-token", "compliance", "{}")]


def test_settings_refuse_unknown_keys_and_bad_networks():
    with pytest.raises(ValueError):
        Settings(proxy_addresses=["ikkje-ei-adresse"])
    with pytest.raises(ValueError):
        Settings(ukjent=1)


def test_roster_that_is_not_csv_at_all(client):
    # Found by the OpenAPI fuzzing: a bare carriage return used to raise inside the csv module.
    response = client.put("/api/v1/roster", content=b"\r0", headers=admin())
    assert response.status_code == 422
    assert response.json()["detail"].startswith("roster not imported: not a readable CSV file")
