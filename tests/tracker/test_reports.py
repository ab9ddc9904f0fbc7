"""Managers: access control that fails closed, the files as a spreadsheet opens them, rosters that never lose a
person, and compliance against the roster."""

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from tests.tracker.conftest import admin, attempt, table
from tracker.main import create_app
from tracker.records import today
from tracker.settings import ConfigError, load_settings
from tracker.validity import add_months

ROSTER = (
    "\ufefftilsettnummer;namn;eining;roller;leiar_for\r\n"
    "10001;Kari Nordmann;Medisinsk avdeling;koordinator;\r\n"
    "10002;Per Hansen;Medisinsk avdeling;koordinator helsepersonell;\r\n"
    "10003;Åse Lie;Kirurgisk avdeling;koordinator;\r\n"
    "10004;Leiar Lund;Medisinsk avdeling;einingsleiar;Medisinsk avdeling\r\n"
    "10005;Ingen Modul;Kirurgisk avdeling;helsepersonell;\r\n"
)


def compliance(client, **params) -> list[dict]:
    return client.get("/api/v1/reports/compliance", params=params, headers=admin()).json()


def test_manager_endpoints_need_credentials(client):
    for path in [
        "/api/v1/reports/completions.csv",
        "/api/v1/reports/completions.xlsx",
        "/api/v1/reports/compliance",
        "/api/v1/reports/compliance.csv",
        "/api/v1/reports/scope",
    ]:
        missing = client.get(path)
        assert missing.status_code == 401
        assert missing.json() == {"detail": "Leiaroversikta krev tilgangsnøkkelen (admin-token) frå IT."}
        wrong = client.get(path, headers={"Authorization": "Bearer feil"})
        assert wrong.status_code == 401
        assert "Tilsettnummer" not in wrong.text
        # The intranet's own login (Basic, Negotiate) is not a token: ignored, not read as a wrong one.
        assert client.get(path, headers={"Authorization": "Basic a2FyaTpoZW1tZWxlZw=="}).json() == missing.json()
    assert client.put("/api/v1/roster", content=ROSTER).status_code == 401


def test_completions_csv_opens_in_a_spreadsheet_unchanged(client):
    client.post(
        "/api/v1/attempts",
        json=attempt(learner={"employee": "00105", "name": "Kari Nordmann", "unit": "Medisinsk avdeling"}),
    )
    client.post(
        "/api/v1/attempts",
        json=attempt(
            answers={"samtykke-kven": ["b"], "melding-kven": ["c"], "case-b-kven": ["b"], "case-b-sant": ["usant"]}
        ),
    )
    response = client.get("/api/v1/reports/completions.csv", headers=admin())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.count(b"\n") == response.content.count(b"\r\n") == 2
    header, row = table(response.content)
    assert header == [
        "Namn",
        "Tilsettnummer",
        "Eining",
        "Modul-id",
        "Modul",
        "Versjon",
        "Resultat (%)",
        "Dato",
        "Tidspunkt (ISO 8601)",
        "Gyldig til",
        "Status",
    ]
    now = today("Europe/Oslo")
    assert row == [
        "Kari Nordmann",
        "00105",
        "Medisinsk avdeling",
        "test-modul",
        "Testmodul",
        "1.2",
        "100",
        f"{now:%d.%m.%Y}",
        row[8],
        f"{add_months(now, 12):%d.%m.%Y}",
        "gyldig",
    ]
    assert dt.datetime.fromisoformat(row[8]).tzinfo is not None
    # As written: identifiers as text formulas, every text quoted so that no separator can split it, numbers bare.
    assert response.content.decode("utf-8-sig").split("\r\n")[1].startswith('"Kari Nordmann";"=""00105""";')
    assert ';"=""1.2""";100;"' in response.text


def test_rfc4180_on_request(client):
    client.post("/api/v1/attempts", json=attempt())
    content = client.get("/api/v1/reports/completions.csv", params={"format": "rfc4180"}, headers=admin()).content
    assert not content.startswith(b"\xef\xbb\xbf")
    assert content.split(b"\r\n")[0].startswith(b'"Namn","Tilsettnummer","Eining"')
    row = table(content, ",")[1]
    assert row[1] == "10001" and row[5] == "1.2" and row[7] == today("Europe/Oslo").isoformat()


def test_filters_by_unit_module_and_period_and_a_filter_that_matches_nothing_says_so(client):
    client.post("/api/v1/attempts", json=attempt())
    client.post(
        "/api/v1/attempts", json=attempt(learner={"employee": "10003", "name": "Åse Lie", "unit": "Kirurgisk avdeling"})
    )

    def get(**params):
        return sorted(
            r[1]
            for r in table(client.get("/api/v1/reports/completions.csv", params=params, headers=admin()).content)[1:]
        )

    assert get() == ["10001", "10003"]
    assert get(unit="Kirurgisk avdeling") == ["10003"]
    now = today("Europe/Oslo")
    assert get(**{"from": str(now), "to": str(now)}) == ["10001", "10003"]
    assert get(**{"to": str(now - dt.timedelta(days=1))}) == []
    for params, message in [
        ({"unit": "Kir. pol."}, "Ingen eining med det namnet: «Kir. pol.»"),
        ({"module": "annan-modul"}, "Ingen modul med id-en «annan-modul»"),
    ]:
        for path in ("completions.csv", "completions.xlsx", "compliance", "compliance.csv"):
            response = client.get(f"/api/v1/reports/{path}", params=params, headers=admin())
            assert response.status_code == 404, path
            assert response.json()["detail"].startswith(message)
    assert (
        client.get("/api/v1/reports/completions.csv", params={"from": "22.11.2026"}, headers=admin()).status_code == 422
    )
    # Found by the OpenAPI fuzzing: year 1 used to overflow when turned into UTC.
    assert (
        client.get("/api/v1/reports/completions.csv", params={"from": "0001-01-01"}, headers=admin()).status_code == 422
    )


def test_roster_import_and_compliance(client):
    assert client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin()).json() == {
        "imported": 5,
        "encoding": "UTF-8",
    }
    client.post("/api/v1/attempts", json=attempt())  # Kari passes
    report = compliance(client)
    assert [(r["unit"], r["module"], r["required"], r["valid"]) for r in report] == [
        ("Kirurgisk avdeling", "test-modul", 1, 0),
        ("Medisinsk avdeling", "test-modul", 2, 1),
    ]
    assert report[1]["missing"] == [
        {"employee": "10002", "name": "Per Hansen", "status": "manglar", "valid_until": None}
    ]
    assert report[1]["expiring"] == []
    rows = table(client.get("/api/v1/reports/compliance.csv", headers=admin()).content)
    assert rows[0] == [
        "Eining",
        "Modul-id",
        "Modul",
        "Tilsettnummer",
        "Namn",
        "Status",
        "Gyldig til",
        "Skal ta modulen (eininga)",
        "Gyldig (eininga)",
        "Manglar eller utgått (eininga)",
    ]
    assert rows[1:] == [
        ["Kirurgisk avdeling", "test-modul", "Testmodul", "10003", "Åse Lie", "manglar", "", "1", "0", "1"],
        ["Medisinsk avdeling", "test-modul", "Testmodul", "10002", "Per Hansen", "manglar", "", "2", "1", "1"],
    ]
    assert client.get("/api/v1/units").json() == {"units": ["Kirurgisk avdeling", "Medisinsk avdeling"]}


def test_a_completion_that_ends_within_60_days_is_listed_as_expiring(client, settings):
    from tracker import db

    client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    client.post("/api/v1/attempts", json=attempt())
    with client.app.state.engine.begin() as conn:  # Kari passed 11 months and 10 days ago: valid for 20 more days
        conn.execute(db.attempts.update().values(finished_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=345)))
    row = next(r for r in compliance(client) if r["unit"] == "Medisinsk avdeling")
    assert row["valid"] == 1
    assert [p["employee"] for p in row["expiring"]] == ["10001"]


ROSTER_MISTAKES = [
    (
        "unknown role",
        "tilsettnummer;namn;eining;roller\n1;A;B;koordinator\n2;C;D;portnar\n",
        "Linje 3: «portnar» er ikkje ei rolle på nettstaden. Bruk rolle-id-ane einingsleiar, helsepersonell, koordinator",
    ),
    (
        "leads a unit nobody works in",
        "tilsettnummer;namn;eining;roller;leiar_for\n1;A;Med;koordinator;\n2;L;Med;einingsleiar;Kir. pol.\n",
        "Linje 3: leiar_for nemner «Kir. pol.», men ingen i lista arbeider i den eininga",
    ),
    (
        "too few fields",
        "tilsettnummer;namn;eining;roller\n1;A;B;koordinator\n2;C;D\n",
        "Linje 3: 3 felt, men overskrifta har 4",
    ),
    ("missing column", "namn;eining\nA;B\n", "Linje 1: Overskriftene er feil (manglar tilsettnummer, roller)"),
    (
        "column twice",
        "tilsettnummer;namn;eining;roller;namn\n1;A;B;koordinator;A\n",
        "Linje 1: Kolonnen namn står meir enn éin gong",
    ),
    (
        "employee twice",
        "tilsettnummer;namn;eining;roller\n1;A;B;koordinator\n1;C;B;koordinator\n",
        "Linje 3: Tilsettnummeret 1 står òg på linje 2",
    ),
    (
        "not CSV",
        "\r0",
        "Fila er ikkje ei CSV-fil som kan lesast. Opne ho i Excel og lagre ho på nytt",
    ),  # a bare CR used to raise inside the csv module (fuzzing)
]


@pytest.mark.parametrize(("case", "text", "message"), ROSTER_MISTAKES, ids=[m[0] for m in ROSTER_MISTAKES])
def test_roster_mistake_is_refused_with_its_line_and_the_old_one_stays(client, case, text, message):
    client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    response = client.put("/api/v1/roster", content=text.encode(), headers=admin())
    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        f"Personallista er ikkje lesen inn, og den gamle gjeld framleis. {message}"
    )
    assert sum(r["required"] for r in compliance(client)) == 3


def test_roster_as_norwegian_excel_saves_it(client):
    cp1252 = "tilsettnummer;namn;eining;roller\r\n00105;Åse Ødegård;Kirurgisk poliklinikk;koordinator\r\n".encode(
        "cp1252"
    )
    assert client.put("/api/v1/roster", content=cp1252, headers=admin()).json() == {
        "imported": 1,
        "encoding": "Windows-1252",
    }
    assert compliance(client)[0]["missing"][0]["name"] == "Åse Ødegård"
    comma = "\ufefftilsettnummer,namn,eining,roller\n00106,Per,Kirurgisk poliklinikk,koordinator\n".encode()
    assert client.put("/api/v1/roster", content=comma, headers=admin()).json()["imported"] == 1
    # Bytes that are neither UTF-8 nor Windows-1252: told how to save the file.
    response = client.put("/api/v1/roster", content=b"tilsettnummer;namn\n" + b"\x81\x8d", headers=admin())
    assert response.status_code == 422
    assert "«CSV UTF-8 (kommadelt)»" in response.json()["detail"]
    assert compliance(client)[0]["missing"][0]["employee"] == "00106"


def test_reimport_replaces_the_roster_but_keeps_completions(client):
    client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    client.post("/api/v1/attempts", json=attempt())
    client.put(
        "/api/v1/roster",
        content=b"tilsettnummer,namn,eining,roller\n10001,Kari Nordmann,Ny eining,koordinator\n",
        headers=admin(),
    )
    assert [(r["unit"], r["required"], r["valid"]) for r in compliance(client)] == [("Ny eining", 1, 1)]
    assert len(table(client.get("/api/v1/reports/completions.csv", headers=admin()).content)) == 2


def test_form_mode_takes_units_from_the_roster_and_shows_nobody_else_s_results(client):
    created = client.post("/api/v1/attempts", json=attempt()).json()
    assert client.get("/api/v1/me", params={"employee": "10001"}).json() == {
        "mode": "form",
        "learner": None,
        "attempts": [],
        "read_confirmation": None,
    }
    found = client.post(
        "/api/v1/attempts/lookup", json={"attempt_ids": [created["attempt_id"], "00000000-0000-4000-8000-000000000000"]}
    ).json()
    assert [a["attempt_id"] for a in found["attempts"]] == [created["attempt_id"]]
    client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    refused = client.post(
        "/api/v1/attempts", json=attempt(learner={"employee": "10001", "name": "Kari", "unit": "Kir. pol."})
    )
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("Eininga «Kir. pol.» finst ikkje i personallista")


@pytest.fixture
def proxy_client(settings):
    with TestClient(
        create_app(settings.model_copy(update={"identity": "proxy"})), client=("127.0.0.1", 50000)
    ) as client:
        yield client


def body_without_learner(**changes) -> dict:
    return {k: v for k, v in attempt(**changes).items() if k != "learner"}


def test_proxy_mode_takes_the_user_from_the_header_only_from_the_proxy(proxy_client, settings):
    headers = {"X-Remote-User": "10001"}
    proxy_client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    body = body_without_learner()
    created = proxy_client.post("/api/v1/attempts", json=body, headers=headers)
    assert created.status_code == 201, created.text
    me = proxy_client.get("/api/v1/me", headers=headers).json()
    assert me["mode"] == "proxy"
    assert me["learner"] == {"employee": "10001", "name": "Kari Nordmann", "unit": "Medisinsk avdeling", "listed": True}
    assert proxy_client.post(
        "/api/v1/attempts/lookup", json={"attempt_ids": [body["attempt_id"]]}, headers={"X-Remote-User": "10002"}
    ).json() == {"attempts": []}
    # A learner in the body (a page that fell back to the form) is ignored: the login says who this is.
    forged = proxy_client.post(
        "/api/v1/attempts", json=attempt(learner={"employee": "10003", "name": "Åse", "unit": "X"}), headers=headers
    )
    assert forged.status_code == 201
    assert {a["attempt_id"] for a in proxy_client.get("/api/v1/me", headers=headers).json()["attempts"]} >= {
        body["attempt_id"],
        forged.json()["attempt_id"],
    }
    assert proxy_client.get("/api/v1/me").status_code == 401
    for bad in ("10 01", "a\tb", "x" * 33):
        assert proxy_client.get("/api/v1/me", headers={"X-Remote-User": bad}).status_code == 400
    # A roster change between two sends of the same attempt: still a repeat, not a clash.
    proxy_client.put(
        "/api/v1/roster", content=ROSTER.replace("Kari Nordmann", "Kari Nordmann-Lie").encode(), headers=admin()
    )
    again = proxy_client.post("/api/v1/attempts", json=body, headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replay"] == "true"
    # Someone else re-sending the same id is a clash, not a read of another person's result.
    assert proxy_client.post("/api/v1/attempts", json=body, headers={"X-Remote-User": "10002"}).status_code == 409

    with TestClient(
        create_app(settings.model_copy(update={"identity": "proxy"})), client=("10.1.2.3", 40000)
    ) as outsider:
        response = outsider.get("/api/v1/me", headers=headers)
    assert response.status_code == 403
    assert "10001" not in response.text


def test_manager_scope_fails_closed(proxy_client):
    proxy_client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    proxy_client.post("/api/v1/attempts", json=body_without_learner(), headers={"X-Remote-User": "10001"})
    proxy_client.post("/api/v1/attempts", json=body_without_learner(), headers={"X-Remote-User": "10003"})
    leader = {"X-Remote-User": "10004", "X-Remote-Groups": "tilsette, koordinator-leiar"}
    rows = table(proxy_client.get("/api/v1/reports/completions.csv", headers=leader).content)
    assert [r[1] for r in rows[1:]] == ["10001"]
    assert proxy_client.get("/api/v1/reports/scope", headers=leader).json()["units"] == ["Medisinsk avdeling"]
    refused = proxy_client.get("/api/v1/reports/completions.csv", params={"unit": "Kirurgisk avdeling"}, headers=leader)
    assert (
        refused.status_code == 403 and "ikkje registrert som leiar for «Kirurgisk avdeling»" in refused.json()["detail"]
    )
    assert [r["unit"] for r in proxy_client.get("/api/v1/reports/compliance", headers=leader).json()] == [
        "Medisinsk avdeling"
    ]
    not_manager = {"X-Remote-User": "10001", "X-Remote-Groups": "tilsette"}
    assert proxy_client.get("/api/v1/reports/compliance", headers=not_manager).status_code == 403
    # In the manager group but leading nothing, or not in the roster at all: sees nothing, and is told why.
    for user, why in (("10002", "har ingen einingar under leiar_for"), ("99999", "står ikkje i personallista")):
        response = proxy_client.get(
            "/api/v1/reports/compliance", headers={"X-Remote-User": user, "X-Remote-Groups": "koordinator-leiar"}
        )
        assert response.status_code == 403
        assert why in response.json()["detail"]
    everyone = table(proxy_client.get("/api/v1/reports/completions.csv", headers=admin()).content)
    assert sorted(r[1] for r in everyone[1:]) == ["10001", "10003"]
    assert proxy_client.get("/api/v1/reports/unlisted", headers=leader).status_code == 403


def test_people_missing_from_the_roster_are_shown_to_the_admin(proxy_client):
    proxy_client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    proxy_client.post("/api/v1/attempts", json=body_without_learner(), headers={"X-Remote-User": "77777"})
    assert [p["employee"] for p in proxy_client.get("/api/v1/reports/unlisted", headers=admin()).json()] == ["77777"]
    # They are told so: the tracker says they are not listed, rather than giving a blank name and unit.
    me = proxy_client.get("/api/v1/me", headers={"X-Remote-User": "77777"}).json()
    assert me["learner"] == {"employee": "77777", "name": "", "unit": "", "listed": False}
    assert [a["passed"] for a in me["attempts"]] == [True]
    rows = table(proxy_client.get("/api/v1/reports/completions.csv", headers=admin()).content)
    assert rows[1][:3] == ["", "77777", "(ikkje i personallista)"]


def test_every_export_is_logged_with_who_and_filter(client, settings):
    from sqlalchemy import select

    from tracker.db import export_log, make_engine

    client.post("/api/v1/attempts", json=attempt())
    client.get("/api/v1/reports/completions.csv", params={"unit": "Medisinsk avdeling"}, headers=admin())
    client.get("/api/v1/reports/compliance", headers=admin())
    client.get("/api/v1/reports/compliance.xlsx", headers=admin())
    engine = make_engine(settings.url)
    with engine.connect() as conn:
        logged = [(r.who, r.what, r.filter) for r in conn.execute(select(export_log).order_by(export_log.c.id))]
    engine.dispose()
    assert logged == [
        ("admin-token", "completions", '{"format": "excel", "unit": "Medisinsk avdeling"}'),
        ("admin-token", "compliance", "{}"),
        ("admin-token", "missing", '{"format": "xlsx"}'),
    ]


def test_settings_refuse_unknown_keys_bad_networks_and_short_tokens(monkeypatch, tmp_path):
    monkeypatch.setenv("KOORD_TRACKER_PROXY_ADDRESSES", "ikkje-ei-adresse")
    with pytest.raises(
        ConfigError, match="^KOORD_TRACKER_PROXY_ADDRESSES: «ikkje-ei-adresse» er ikkje ei IP-adresse eller eit nett"
    ):
        load_settings()
    monkeypatch.delenv("KOORD_TRACKER_PROXY_ADDRESSES")
    config = tmp_path / "koord.toml"
    config.write_text("ukjent = 1\n", encoding="utf-8")
    monkeypatch.setenv("KOORD_TRACKER_CONFIG", str(config))
    with pytest.raises(ConfigError, match=f"^«ukjent» i {config} er ikkje ei innstilling"):
        load_settings()
    monkeypatch.delenv("KOORD_TRACKER_CONFIG")
    monkeypatch.setenv("KOORD_TRACKER_ADMIN_TOKEN", "kort")
    with pytest.raises(ConfigError, match=r"^KOORD_TRACKER_ADMIN_TOKEN er for kort \(4 teikn\)"):
        load_settings()
    # An option on the command line is named as the option.
    monkeypatch.delenv("KOORD_TRACKER_ADMIN_TOKEN")
    with pytest.raises(ConfigError, match="^--port kan vere høgst 65535"):
        load_settings(port=70000)
