"""Recording attempts: scored by the tracker, stored once, and bad input refused with a 4xx that loses nothing."""

import csv
import io

import pytest

from tests.tracker.conftest import admin, attempt
from tracker import db


def stored(client) -> list[dict]:
    """Every stored attempt, read from the database itself."""
    return db.attempts_of(client.app.state.engine, "10001")


def test_attempt_is_scored_by_the_tracker(client):
    body = attempt(
        answers={"samtykke-kven": ["b"], "melding-kven": ["a"], "case-b-kven": ["b"], "case-b-sant": ["sant"]}
    )
    response = client.post("/api/v1/attempts", json=body)
    assert response.status_code == 201, response.text
    out = response.json()
    assert (out["correct"], out["total"], out["score"], out["passed"]) == (1, 4, 25, False)
    assert out["status"] is None and out["valid_until"] is None
    right = client.post("/api/v1/attempts", json=attempt()).json()
    assert (right["correct"], right["total"], right["score"], right["passed"], right["status"]) == (
        4,
        4,
        100,
        True,
        "gyldig",
    )


def test_the_answer_carries_the_feedback_the_page_does_not_have(client):
    """Per question answered: right or wrong, the right options, the explanation and the cited sections."""
    body = attempt(
        answers={"samtykke-kven": ["b"], "melding-kven": ["b", "a"], "case-a-melde": ["a"], "case-a-sant": ["usant"]}
    )
    feedback = client.post("/api/v1/attempts", json=body).json()["feedback"]
    assert set(feedback) == {"samtykke-kven", "melding-kven", "case-a-melde", "case-a-sant"}
    assert {q: (f["correct"], f["right"]) for q, f in feedback.items()} == {
        "samtykke-kven": (False, ["a"]),
        "melding-kven": (True, ["a", "b"]),
        "case-a-melde": (True, ["a"]),
        "case-a-sant": (True, ["usant"]),
    }
    assert feedback["melding-kven"]["explanation"] == "<p>Begge får melding.</p>"
    assert feedback["melding-kven"]["sections"] == [
        {"label": "melding", "url": "../../retningslinje/#melding"},
        {"label": "oppnemning", "url": "../../retningslinje/#oppnemning"},
    ]


def test_a_failed_attempt_is_answered_without_the_key(client):
    """After a failed attempt: which questions were wrong and the sections they cite, but no right option and no
    explanation anywhere in the answer, so that the next attempt from the same pool is not a memory test."""
    body = attempt(
        answers={"samtykke-kven": ["b"], "melding-kven": ["c"], "case-a-melde": ["b"], "case-a-sant": ["usant"]}
    )
    response = client.post("/api/v1/attempts", json=body)
    assert response.status_code == 201 and response.json()["passed"] is False
    feedback = response.json()["feedback"]
    assert {q: f["correct"] for q, f in feedback.items()} == {
        "samtykke-kven": False,
        "melding-kven": False,
        "case-a-melde": False,
        "case-a-sant": True,
    }
    assert all(f["right"] is None and f["explanation"] is None for f in feedback.values())
    assert feedback["melding-kven"]["sections"][0]["label"] == "melding"
    for secret in ("Pasienten samtykkjer", "Begge får melding", "Du meldar frå"):
        assert secret not in response.text


def test_an_attempt_with_another_mix_of_questions_and_cases_is_refused(client):
    body = attempt(answers={"samtykke-kven": ["a"], "melding-kven": ["a", "b"], "formal-sant": ["sant"]})
    response = client.post("/api/v1/attempts", json=body)
    assert response.status_code == 422
    assert "modulen test-modul har 1 casar per forsøk, men dette forsøket svarar på 0" in response.json()["detail"]


def test_same_attempt_again_is_stored_once_and_answered_the_same(client):
    body = attempt()
    first = client.post("/api/v1/attempts", json=body)
    again = client.post("/api/v1/attempts", json=body)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["Idempotent-Replay"] == "true"
    assert len(stored(client)) == 1


def test_same_id_for_a_different_attempt_is_a_conflict(client):
    body = attempt()
    client.post("/api/v1/attempts", json=body)
    clash = client.post("/api/v1/attempts", json={**body, "answers": {**body["answers"], "samtykke-kven": ["b"]}})
    assert clash.status_code == 409
    assert clash.json()["detail"] == "Denne forsøks-id-en er alt brukt til eit anna forsøk. Ta modulen på nytt."
    assert [a["correct"] for a in stored(client)] == [4]


def test_a_claimed_score_is_not_accepted(client):
    response = client.post("/api/v1/attempts", json=attempt(score=100, passed=True))
    assert response.status_code == 422
    refusal = response.json()
    assert {e["loc"][-1] for e in refusal["errors"]} == {"score", "passed"}
    # What the learner's page shows, in Norwegian words: the field and what is wrong.
    assert refusal["detail"] == (
        "«score» er eit felt sporingstenesta ikkje tek imot (sporingstenesta reknar ut resultatet sjølv). "
        "«passed» er eit felt sporingstenesta ikkje tek imot (sporingstenesta reknar ut resultatet sjølv)."
    )


BAD = [
    ("unknown module", {"module": "finst-ikkje"}, 422, "Modulen «finst-ikkje» finst ikkje lenger"),
    ("old version", {"version": "1.1"}, 422, "er no i versjon 1.2, ikkje 1.1"),
    (
        "unknown question",
        {"answers": {**{"samtykke-kven": ["a"], "melding-kven": ["a"]}, "finst-ikkje": ["a"]}},
        422,
        "spørsmålet «finst-ikkje» er ikkje i modulen",
    ),
    (
        "unknown option",
        {"answers": {"samtykke-kven": ["a"], "melding-kven": ["y", "a", "x"], "formal-sant": ["sant"]}},
        422,
        "spørsmålet «melding-kven» har ikkje svaralternativet x, y",
    ),
    (
        "two answers to a single",
        {"answers": {"samtykke-kven": ["a", "b"], "melding-kven": ["a"], "formal-sant": ["sant"]}},
        422,
        "berre eitt svar når det ikkje er fleirval",
    ),
    (
        "empty answer",
        {"answers": {"samtykke-kven": [], "melding-kven": ["a"], "formal-sant": ["sant"]}},
        422,
        "har ikkje noko svar",
    ),
    (
        "half a case",
        {"answers": {"samtykke-kven": ["a"], "melding-kven": ["a"], "case-a-melde": ["a"]}},
        422,
        "oppgåva «case-a» er berre delvis svart på: case-a-sant manglar",
    ),
    (
        "too few items",
        {"answers": {"samtykke-kven": ["a"], "melding-kven": ["a"]}},
        422,
        "har 3 oppgåver per forsøk, men dette forsøket svarar på 2",
    ),
    ("future time", {"finished_at": "2099-01-01T00:00:00Z"}, 422, "Tidspunktet for forsøket er fram i tid"),
    (
        "year 1",
        {"finished_at": "0001-01-01T00:30:00+01:00"},
        422,
        "Tidspunktet forsøket vart fullført (finished_at) må vere mellom år 2000 og år 2999.",
    ),
    (
        "year 9999",
        {"finished_at": "9999-12-31T23:30:00-05:00"},
        422,
        "Tidspunktet forsøket vart fullført (finished_at) må vere mellom år 2000 og år 2999.",
    ),
    (
        "time without zone",
        {"finished_at": "2026-11-22T10:00:00"},
        422,
        "Tidspunktet forsøket vart fullført (finished_at) må ha med tidssona, til dømes Z eller +01:00.",
    ),
    (
        "not a uuid",
        {"attempt_id": "1; DROP TABLE attempts"},
        422,
        "Forsøks-id-en (attempt_id) har feil form: skriv ein UUID",
    ),
    ("number as text", {"version": 1.2}, 422, "Versjonen (version) må vere tekst."),
    ("learner missing", {"learner": None}, 422, "Tilsettnummer, namn og eining manglar"),
    (
        "control character",
        {"learner": {"employee": "10001", "name": "Kari\x00", "unit": "A"}},
        422,
        "Namnet kan ikkje innehalde kontrollteikn (som linjeskift eller tabulator).",
    ),
    (
        "newline in unit",
        {"learner": {"employee": "10001", "name": "Kari", "unit": "A\r\nB"}},
        422,
        "Eininga kan ikkje innehalde kontrollteikn",
    ),
    (
        "unknown learner field",
        {"learner": {"employee": "1", "name": "K", "unit": "A", "role": "x"}},
        422,
        "«role» er eit felt sporingstenesta ikkje tek imot.",
    ),
    (
        "too long name",
        {"learner": {"employee": "1", "name": "K" * 121, "unit": "A"}},
        422,
        "Namnet kan ha høgst 120 teikn.",
    ),
]


@pytest.mark.parametrize(("changes", "status", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_attempt_is_refused_and_nothing_changes(client, changes, status, message):
    client.post("/api/v1/attempts", json=attempt())
    response = client.post("/api/v1/attempts", json=attempt(**changes))
    assert response.status_code == status, response.text
    # Whether the tracker's own check or the schema refused it, the page shows `detail`: Norwegian words that name
    # the field and what is wrong, never the echoed input.
    detail = response.json()["detail"]
    assert message in detail, detail
    assert len(stored(client)) == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"attempt_id": ', "application/json", 422),
        (b"not json at all", "application/json", 422),
        (b"[1, 2, 3]", "application/json", 422),
        (b'{"a": "\xff\xfe"}', "application/json", 400),
        (b"x" * 70_000, "application/json", 413),
    ],
    ids=["truncated", "not json", "a list", "bad utf-8", "too large"],
)
def test_malformed_bodies(client, body, content_type, status):
    response = client.post("/api/v1/attempts", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status
    assert response.json()["detail"]
    assert stored(client) == []


@pytest.mark.parametrize(
    "name",
    [
        "Åse Ødegård-Ærø",
        "Kari 👩‍⚕️ Nordmann",
        '=HYPERLINK("http://x")',
        "+47 123",
        "-1",
        "@SUM(A1)",
        "Robert'); DROP TABLE attempts;--",
    ],
)
def test_odd_but_valid_text_is_stored_as_given_and_exported_safely(client, name):
    body = attempt(learner={"employee": "10001", "name": name, "unit": "Avd. æøå"})
    assert client.post("/api/v1/attempts", json=body).status_code == 201
    assert stored(client)[0]["name"] == name
    text = client.get("/api/v1/reports/completions.csv", headers=admin()).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # A piece after ; or , that could start a formula when split there is neutralised too.
    assert rows[1][0] == (f"'{name}" if name[0] in "=+-@" else name.replace(";--", ";'--"))
