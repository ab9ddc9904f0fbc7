"""The learner's own file («Last ned resultata mine») from the tracker: the managers' CSV writer, columns and dialect,
with the identity rules of /attempts/lookup (form mode: the attempt ids the browser holds; proxy mode: only the
caller's own)."""

import uuid

from fastapi.testclient import TestClient

from tests.tracker.conftest import LOCAL, admin, attempt, table
from tests.tracker.test_reports import ROSTER
from tracker.exports import COMPLETIONS
from tracker.main import create_app

WRONG = {"samtykke-kven": ["b"], "melding-kven": ["c"], "case-a-melde": ["b"], "case-a-sant": ["sant"]}
URL = "/api/v1/attempts/completions.csv"


def own(client, ids: list[str], **headers):
    return client.post(URL, json={"attempt_ids": ids}, headers=headers)


def test_the_learners_file_is_the_managers_file_for_their_attempts(client):
    kari = {"employee": "00105", "name": "Kari Nordmann", "unit": "Medisinsk avdeling"}
    passed = [attempt(learner=kari) for _ in range(2)]
    failed = attempt(learner=kari, answers=WRONG)
    for body in (*passed, failed):
        assert client.post("/api/v1/attempts", json=body).status_code == 201
    mine = own(client, [b["attempt_id"] for b in (*passed, failed)] + [str(uuid.uuid4())])
    assert mine.status_code == 200
    assert mine.headers["content-type"] == "text/csv; charset=utf-8"
    assert mine.headers["content-disposition"] == 'attachment; filename="opplaering-00105.csv"'
    managers = client.get("/api/v1/reports/completions.csv", headers=admin())
    # Byte for byte the managers' file, while the tracker holds only this learner's attempts.
    assert mine.content == managers.content
    assert mine.content.startswith("\ufeff".encode()) and b'"Kari Nordmann";"=""00105""";' in mine.content
    rows = table(mine.content)
    assert rows[0] == COMPLETIONS and [r[1] for r in rows[1:]] == ["00105", "00105"]

    # Someone else's attempts are not in it unless their ids are sent (in form mode the ids are what proves whose).
    other = attempt(learner={"employee": "20001", "name": "Per", "unit": "Kirurgisk avdeling"})
    client.post("/api/v1/attempts", json=other)
    assert own(client, [b["attempt_id"] for b in passed]).content == mine.content


def test_no_pass_among_the_ids_is_a_404_with_words_not_an_empty_file(client):
    failed = attempt(answers=WRONG)
    client.post("/api/v1/attempts", json=failed)
    for ids in ([failed["attempt_id"]], [str(uuid.uuid4())], []):
        response = own(client, ids)
        assert response.status_code == 404
        assert response.json() == {"detail": "Sporingstenesta har ikkje registrert nokon bestått modul for deg enno."}


def test_a_refused_body_is_said_in_norwegian(client):
    response = own(client, ["ikkje-ein-uuid"])
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Forsøks-id nr. 1 i lista (attempt_ids) har feil form: skriv ein UUID, "
        "til dømes 3f2b8c1e-5d4a-4c2b-9e8f-0a1b2c3d4e5f."
    )
    too_many = client.post(URL, json={"attempt_ids": [str(uuid.uuid4())] * 201})
    assert too_many.json()["detail"] == "Lista over forsøks-id-ar (attempt_ids) har for mange element (høgst 200)."


def test_in_proxy_mode_only_the_callers_own(settings):
    with TestClient(create_app(settings.model_copy(update={"identity": "proxy"})), client=LOCAL) as client:
        client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
        ids = {}
        for user in ("10001", "10002"):
            body = {k: v for k, v in attempt().items() if k != "learner"}
            assert client.post("/api/v1/attempts", json=body, headers={"X-Remote-User": user}).status_code == 201
            ids[user] = body["attempt_id"]
        mine = own(client, list(ids.values()), **{"X-Remote-User": "10001"})
        assert [r[:3] for r in table(mine.content)[1:]] == [["Kari Nordmann", "10001", "Medisinsk avdeling"]]
        assert own(client, list(ids.values())).status_code == 401, "no login, no file"
    with TestClient(
        create_app(settings.model_copy(update={"identity": "proxy"})), client=("10.1.2.3", 40000)
    ) as outsider:
        assert own(outsider, list(ids.values()), **{"X-Remote-User": "10001"}).status_code == 403
