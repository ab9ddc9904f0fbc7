"""The command line IT uses, and the validity rules (period, month ends, a new major version)."""

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient

from tests.tracker.conftest import LOCAL, admin, attempt
from tracker import db
from tracker.cli import main
from tracker.main import create_app
from tracker.manifest import ModuleKey
from tracker.settings import ConfigError
from tracker.validity import add_months, completion_status


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-11-22", 24, "2028-11-22"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-03-31", 11, "2027-02-28"),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_status_by_period_and_major_version():
    module = ModuleKey(
        id="m",
        title="M",
        version="2.1",
        target_roles=[],
        pass_mark=80,
        draw=1,
        validity_months=12,
        items=[],
        questions={},
    )
    finished = dt.datetime(2026, 1, 10, 23, 30, tzinfo=dt.UTC)  # 11 January in Oslo
    assert completion_status(finished, "2.0", module, dt.date(2026, 6, 1), "Europe/Oslo") == (
        dt.date(2027, 1, 11),
        "gyldig",
    )
    assert completion_status(finished, "2.0", module, dt.date(2027, 1, 12), "Europe/Oslo")[1] == "utgått"
    assert completion_status(finished, "1.9", module, dt.date(2026, 6, 1), "Europe/Oslo")[1] == "utgått"
    assert completion_status(finished, "2.0", None, dt.date(2026, 6, 1), "Europe/Oslo") == (None, "utgått")


@pytest.fixture
def env(settings, monkeypatch):
    """The CLI reads its settings from the environment, as IT would set them."""
    monkeypatch.setenv("KOORD_TRACKER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("KOORD_TRACKER_MANIFEST", str(settings.manifest))
    monkeypatch.setenv("KOORD_TRACKER_ADMIN_TOKEN", settings.admin_token.get_secret_value())
    if settings.database_url:
        monkeypatch.setenv("KOORD_TRACKER_DATABASE_URL", settings.database_url)
    return settings


def test_cli_imports_roster_exports_and_shows_config(env, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "tilsettnummer;namn;eining;roller\n10001;Kari Nordmann;Medisinsk avdeling;koordinator\n", encoding="utf-8"
    )
    assert main(["import-roster", str(roster)]) == 0
    with TestClient(create_app(env), client=LOCAL) as client:
        client.post("/api/v1/attempts", json=attempt())
        assert client.get("/api/v1/reports/compliance", headers=admin()).json()[0]["valid"] == 1
    out = tmp_path / "ut.csv"
    assert main(["export", "--out", str(out), "--unit", "Medisinsk avdeling"]) == 0
    content = out.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and b'"Kari Nordmann";"=""10001""";' in content
    missing = tmp_path / "manglar.xlsx"
    assert main(["export", "--report", "missing", "--out", str(missing)]) == 0
    assert missing.read_bytes().startswith(b"PK")
    assert main(["export", "--out", str(out), "--unit", "Kir. pol."]) == 2
    assert "Ingen eining med det namnet: «Kir. pol.»" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["config"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["admin_token"] == "(sett)"
    assert "hemmeleg" not in json.dumps(shown)


def test_cli_exports_the_read_confirmations_and_the_readers_messages_and_logs_them(env, tmp_path, capsys):
    sent = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with TestClient(create_app(env), client=LOCAL) as client:
        message = {
            "feedback_id": "00000000-0000-4000-8000-000000000001",
            "page": "retningslinje/",
            "text": "Uklart i 2.3.",
            "sent_at": sent,
        }
        assert client.post("/api/v1/feedback", json=message).status_code == 201
    out = tmp_path / "meldingar.csv"
    assert main(["export", "--report", "feedback", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Skreiv 1 rader til {out}\n"
    assert '"Uklart i 2.3."' in out.read_bytes().decode("utf-8-sig")
    book = tmp_path / "lesestadfesting.xlsx"
    assert main(["export", "--report", "read-confirmations", "--out", str(book)]) == 0
    assert book.read_bytes().startswith(b"PK")
    engine = db.make_engine(env.url)
    with engine.connect() as conn:
        logged = [
            (r.who, r.what, json.loads(r.filter))
            for r in conn.execute(db.export_log.select().order_by(db.export_log.c.id))
        ]
    engine.dispose()
    assert logged == [("cli", "feedback", {"format": "excel"}), ("cli", "read-confirmations", {"format": "xlsx"})]


def test_cli_refuses_a_malformed_roster_and_keeps_the_old(env, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("tilsettnummer;namn;eining;roller\n10001;Kari;A;koordinator\n", encoding="utf-8")
    main(["import-roster", str(good)])
    bad = tmp_path / "bad.csv"
    bad.write_text("tilsettnummer;namn;eining;roller\n10002;Per;B;Koordinator!\n", encoding="utf-8")
    assert main(["import-roster", str(bad)]) == 2
    assert "Linje 2: «Koordinator!» er ikkje ei rolle på nettstaden" in capsys.readouterr().err
    excel = tmp_path / "excel.csv"
    excel.write_bytes(
        "tilsettnummer;namn;eining;roller\r\n10003;Åse;Kirurgisk poliklinikk;koordinator\r\n".encode("cp1252")
    )
    assert main(["import-roster", str(excel)]) == 0
    assert "(Windows-1252)" in capsys.readouterr().out
    engine = db.make_engine(env.url)
    assert [p["name"] for p in db.roster_people(engine)] == ["Åse"]
    engine.dispose()


def test_purge_deletes_only_what_is_past_validity_and_retention(env, capsys):
    with TestClient(create_app(env), client=LOCAL) as client:
        client.post("/api/v1/attempts", json=attempt())
    engine = db.make_engine(env.url)
    old = {
        **db.attempts_of(engine, "10001")[0],
        "attempt_id": "00000000-0000-4000-8000-000000000001",
        "finished_at": dt.datetime.now(dt.UTC) - dt.timedelta(days=31 * 30),
    }  # 12 months valid + 12 retention < 30
    with engine.begin() as conn:
        conn.execute(db.attempts.insert().values(**old))
    assert main(["purge", "--dry-run"]) == 0
    assert (
        capsys.readouterr().out
        == "Prøvekøyring: 1 forsøk, 0 lesestadfestingar og 0 meldingar frå lesarar ville blitt sletta. Ingenting er sletta.\n"
    )
    assert len(db.attempts_of(engine, "10001")) == 2
    assert main(["purge"]) == 0
    assert capsys.readouterr().out == "Sletta 1 forsøk, 0 lesestadfestingar og 0 meldingar frå lesarar.\n"
    assert [a["attempt_id"] for a in db.attempts_of(engine, "10001")] != [old["attempt_id"]]
    assert len(db.attempts_of(engine, "10001")) == 1
    engine.dispose()


def test_purge_deletes_old_confirmations_and_handled_messages_and_keeps_the_rest(env, capsys, monkeypatch):
    """Confirmations: kept 36 months, and those of the major version in force (2.1 here) for as long as it is in
    force. Messages: kept 12 months after they came and were last changed, and a new one until it is handled."""
    now = dt.datetime.now(dt.UTC)
    months = lambda n: now - dt.timedelta(days=31 * n)  # noqa: E731
    with TestClient(create_app(env), client=LOCAL):
        pass  # creates the database
    confirmations = {
        "in-force-old": ("2.0", months(40)),
        "earlier-old": ("1.3", months(40)),
        "earlier-recent": ("1.3", months(10)),
    }
    messages = {
        "handled-old": ("handsama", months(13), [months(13)]),
        "new-old": ("ny", months(13), []),
        "rejected-old-changed-lately": ("avvist", months(13), [months(13), months(1)]),
        "handled-recent": ("handsama", months(1), [months(1)]),
    }
    ids = {name: f"00000000-0000-4000-8000-{n:012d}" for n, name in enumerate([*confirmations, *messages])}
    engine = db.make_engine(env.url)
    with engine.begin() as conn:
        for n, (name, (version, at)) in enumerate(confirmations.items()):
            conn.execute(
                db.read_confirmations.insert().values(
                    confirmation_id=ids[name],
                    employee=f"1000{n}",
                    name="N",
                    unit="U",
                    version=version,
                    confirmed_at=at,
                    recorded_at=at,
                )
            )
        for name, (status, at, changes) in messages.items():
            conn.execute(
                db.feedback.insert().values(
                    feedback_id=ids[name],
                    page="",
                    section=None,
                    guideline_version=None,
                    text=name,
                    reply_to=None,
                    sender="127.0.0.1",
                    received_at=at,
                    status=status,
                    note="",
                )
            )
            for when in changes:
                conn.execute(
                    db.feedback_changes.insert().values(
                        feedback_id=ids[name], at=when, who="admin-token", status=status, note=""
                    )
                )

    def left() -> tuple[set, set, int]:
        with engine.connect() as conn:
            kept = {row.confirmation_id for row in conn.execute(db.read_confirmations.select())}
            texts = {row.text for row in conn.execute(db.feedback.select())}
            changes = len(conn.execute(db.feedback_changes.select()).all())
        return {name for name in confirmations if ids[name] in kept}, texts, changes

    assert main(["purge", "--dry-run"]) == 0
    assert (
        capsys.readouterr().out
        == "Prøvekøyring: 0 forsøk, 1 lesestadfesting og 1 melding frå lesarar ville blitt sletta. Ingenting er sletta.\n"
    )
    assert left() == (set(confirmations), set(messages), 4)
    assert main(["purge"]) == 0
    assert capsys.readouterr().out == "Sletta 0 forsøk, 1 lesestadfesting og 1 melding frå lesarar.\n"
    assert left() == (
        {"in-force-old", "earlier-recent"},
        {"new-old", "rejected-old-changed-lately", "handled-recent"},
        3,
    )
    # Shorter retention, set by IT: the recent earlier-version confirmation goes too, the version in force's stays.
    monkeypatch.setenv("KOORD_TRACKER_CONFIRMATION_RETENTION_MONTHS", "6")
    assert main(["purge"]) == 0
    assert left()[0] == {"in-force-old"}
    engine.dispose()


def test_tracker_refuses_a_site_built_for_another_time_zone(settings, tmp_path):
    """One time zone for every date: a tracker in Oslo time with a site built for Helsinki would give one
    completion two dates, so it does not start, and says which two settings to align."""
    other = tmp_path / "manifest.json"
    data = json.loads(settings.manifest.read_text(encoding="utf-8"))
    assert data["time_zone"] == settings.timezone == "Europe/Oslo"
    other.write_text(json.dumps({**data, "time_zone": "Europe/Helsinki"}), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        create_app(settings.model_copy(update={"manifest": other}))
    assert "Nettstaden er bygd for tidssona Europe/Helsinki" in str(refused.value)
    assert "KOORD_TRACKER_TIMEZONE" in str(refused.value)


def test_a_real_receipt_checks_out_and_a_changed_one_does_not(env, capsys):
    # 23:30 UTC yesterday is already today in Oslo: the receipt's date is the local one.
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    body = attempt(finished_at=f"{yesterday.isoformat()}T23:30:00+00:00")
    local, utc_day = (yesterday + dt.timedelta(days=1)).strftime("%d.%m.%Y"), yesterday.strftime("%d.%m.%Y")
    with TestClient(create_app(env), client=LOCAL) as client:
        assert client.post("/api/v1/attempts", json=body).status_code in (200, 201)
        failed = attempt(
            answers={"samtykke-kven": ["b"], "melding-kven": ["c"], "case-a-melde": ["b"], "case-a-sant": ["sant"]}
        )
        assert client.post("/api/v1/attempts", json=failed).json()["passed"] is False
    receipt = [
        "check-receipt",
        body["attempt_id"],
        "--employee",
        "10001",
        "--module",
        "test-modul",
        "--version",
        "1.2",
        "--score",
        "100 %",
        "--date",
        local,
    ]
    assert main(receipt) == 0
    assert (
        capsys.readouterr().out
        == "Kvitteringa stemmer med registreringa (kontrollert: tilsettnummer, modul-id, versjon, resultat (%), dato).\n"
    )
    changed = [*receipt[:-4], "--score", "95", "--date", utc_day]
    assert main(changed) == 1
    out = capsys.readouterr().out
    assert "resultat (%): kvitteringa seier «95», registreringa «100»" in out
    assert (
        f"dato: kvitteringa seier «{yesterday.isoformat()}», registreringa «{yesterday + dt.timedelta(days=1)}»" in out
    )
    assert main(["check-receipt", "00000000-0000-4000-8000-000000000000"]) == 1
    assert "ingen registrering har id-en" in capsys.readouterr().out
    assert main(["check-receipt", body["attempt_id"], "--date", "2. mars"]) == 2
    assert main(["check-receipt", failed["attempt_id"]]) == 1
    assert "forsøket med denne id-en er ikkje bestått" in capsys.readouterr().out
