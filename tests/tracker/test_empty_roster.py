"""A roster with no people (an HR export that came out empty) is refused and the old roster kept, through the API
and the command line; emptying the roster on purpose is its own command, with a confirmation flag, logged with the
exports."""

import json

import pytest
from sqlalchemy import select

from tests.tracker.conftest import admin, attempt
from tests.tracker.test_reports import ROSTER
from tracker import db
from tracker.cli import main
from tracker.roster import EMPTY, RosterError, parse_roster

REFUSED = "Personallista er ikkje lesen inn, og den gamle gjeld framleis. "
# What an empty export from HR looks like: the header line only, as Excel writes it, perhaps with blank lines.
HEADER_ONLY = ["\ufefftilsettnummer;namn;eining;roller;leiar_for\r\n", "tilsettnummer;namn;eining;roller\n;;;\n\n"]


def people(settings) -> list[str]:
    engine = db.make_engine(settings.url)
    try:
        return [p["employee"] for p in db.roster_people(engine)]
    finally:
        engine.dispose()


def logged(settings) -> list[tuple[str, str, str]]:
    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            return [(r.who, r.what, r.filter) for r in conn.execute(select(db.export_log).order_by(db.export_log.c.id))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("text", HEADER_ONLY)
def test_the_parser_says_why_and_how_to_empty_it_on_purpose(text):
    with pytest.raises(RosterError) as refused:
        parse_roster(text, {"koordinator"})
    assert str(refused.value) == EMPTY
    assert "koord-tracker empty-roster --confirm" in EMPTY


@pytest.mark.parametrize("text", HEADER_ONLY)
def test_an_empty_roster_is_refused_by_the_api_and_the_old_one_kept(client, settings, text):
    assert client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin()).json()["imported"] == 5
    units = client.get("/api/v1/units").json()
    scope = client.get("/api/v1/reports/scope", headers=admin()).json()
    response = client.put("/api/v1/roster", content=text.encode(), headers=admin())
    assert response.status_code == 422
    assert response.json() == {"detail": REFUSED + EMPTY}
    assert client.get("/api/v1/units").json() == units
    assert client.get("/api/v1/reports/scope", headers=admin()).json() == scope
    assert people(settings) == ["10003", "10005", "10001", "10002", "10004"]


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("KOORD_TRACKER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("KOORD_TRACKER_MANIFEST", str(settings.manifest))
    if settings.database_url:
        monkeypatch.setenv("KOORD_TRACKER_DATABASE_URL", settings.database_url)
    return settings


def test_the_command_line_refuses_an_empty_roster_and_empties_one_only_when_confirmed(env, client, tmp_path, capsys):
    full, empty = tmp_path / "personal.csv", tmp_path / "tom.csv"
    full.write_text(ROSTER, encoding="utf-8")
    empty.write_text(HEADER_ONLY[0], encoding="utf-8")
    assert main(["import-roster", str(full)]) == 0
    client.post("/api/v1/attempts", json=attempt())
    capsys.readouterr()

    assert main(["import-roster", str(empty)]) == 2
    said = capsys.readouterr()
    assert (
        said.err
        == f"koord-tracker import-roster: {empty}: personallista er ikkje lesen inn, og den gamle gjeld framleis. {EMPTY}\n"
    )
    assert said.out == ""
    assert len(people(env)) == 5

    assert main(["empty-roster"]) == 2
    said = capsys.readouterr()
    assert said.err == (
        "koord-tracker empty-roster: Dette tek bort alle 5 personane i personallista, og med dei kven som er leiar for "
        "kva eining (resultata blir ikkje rørte). Køyr «koord-tracker empty-roster --confirm» om du meiner det.\n"
    )
    assert len(people(env)) == 5
    assert logged(env) == []

    assert main(["empty-roster", "--confirm"]) == 0
    assert (
        capsys.readouterr().out == "Personallista er tømd: 5 personar tekne bort. Dette er logga saman med uttrekka.\n"
    )
    assert people(env) == []
    assert logged(env) == [("cli", "empty-roster", json.dumps({"removed": 5}))]
    engine = db.make_engine(env.url)
    assert [a["employee"] for a in db.attempts_of(engine, "10001")] == ["10001"], "the attempts are not touched"
    engine.dispose()
