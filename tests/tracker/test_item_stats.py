"""Item statistics for editors, checked against independent implementations on generated answer data: answers
drawn from a model with known difficulty and discrimination per question (a two-parameter logistic model), sent to
the real tracker as learners send them, and the tracker's figures compared with scipy's point-biserial correlation,
pingouin's Cronbach's alpha and plain counts over the same generated matrix. Then the minimum-count rule, that no
name, employee number or unit is in any output, and who may read them."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import uuid
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pingouin
import pytest
from fastapi.testclient import TestClient
from scipy.stats import pointbiserialr
from sqlalchemy import func, insert, select

from tests.conftest import required
from tests.tracker.conftest import ADMIN, LOCAL, POSTGRES, _postgres_schema, admin, table
from tracker import db
from tracker.main import create_app
from tracker.settings import Settings

SECRET_UNIT = "Eining Hemmeleg"
OPTIONS = ["a", "b", "c", "d"]


def _section(ref: str) -> dict:
    return {"label": f"{ref[1:]}.1 Bolk {ref}", "url": f"../../retningslinje/kapittel/#{ref}"}


def _question(refs: list[str], correct: str = "a", options: list[str] = OPTIONS) -> dict:
    return {
        "type": "single",
        "options": options,
        "correct": [correct],
        "refs": refs,
        "explanation": "<p>Fordi.</p>",
        "sections": [_section(ref) for ref in refs],
    }


# «fast»: every attempt answers all eight questions (KR-20 exactly, against pingouin). Per question the model's
# discrimination a and difficulty b, and how wrong answers spread over the wrong options.
FAST = {
    "q1": (1.5, 0.0, {"b": 0.5, "c": 0.5}),  # nobody picks d
    "q2": (1.5, -0.5, None),
    "q3": (1.5, -0.3, None),
    "q4": (-1.5, 0.0, None),  # a wrong key: the able get it «wrong»
    "q5": (1.0, -6.0, None),  # too easy
    "q6": (1.0, 2.5, {"b": 0.9, "c": 0.05, "d": 0.05}),  # too hard, and b lures more than the key
    "q7": (0.0, 0.0, None),  # tells nothing
    "q8": (2.0, 0.3, None),
}
FAST_REFS = {
    "q1": ["s1"],
    "q2": ["s1", "s2"],
    "q3": ["s2"],
    "q4": ["s3"],
    "q5": ["s3"],
    "q6": ["s4"],
    "q7": ["s4"],
    "q8": ["s2"],
}
# «bank»: ten questions and two cases; each attempt draws four questions and one case (six scored questions).
BANK = [f"b{n}" for n in range(1, 11)]
CASES = {"k1": ["k1-x", "k1-y"], "k2": ["k2-x", "k2-y"]}
BANK_REFS = {
    **{q: [f"s{1 + n % 4}"] for n, q in enumerate(BANK)},
    "b10": ["s9"],
    "k1-x": ["s1"],
    "k1-y": ["s5"],
    "k2-x": ["s5"],
    "k2-y": ["s2", "s5"],
}


def manifest() -> dict:
    fast = {
        "id": "fast",
        "title": "Fast modul",
        "version": "1.0",
        "target_roles": ["koordinator"],
        "pass_mark": 60,
        "draw": 8,
        "draw_questions": 8,
        "draw_cases": 0,
        "review": "etter-bestatt",
        "validity_months": 12,
        "items": [{"id": q, "case": False, "questions": [q]} for q in FAST],
        "questions": {q: _question(FAST_REFS[q]) for q in FAST},
    }
    bank_questions = {q: _question(BANK_REFS[q], options=["a", "b", "c"]) for q in BANK}
    bank_questions |= {
        q: _question(BANK_REFS[q], correct="sant", options=["sant", "usant"]) | {"type": "true_false"}
        for qs in CASES.values()
        for q in qs
    }
    bank = {
        "id": "bank",
        "title": "Modul med oppgåvebank",
        "version": "2.0",
        "target_roles": ["koordinator"],
        "pass_mark": 50,
        "draw": 5,
        "draw_questions": 4,
        "draw_cases": 1,
        "review": "etter-bestatt",
        "validity_months": 12,
        "items": [{"id": q, "case": False, "questions": [q]} for q in BANK]
        + [{"id": k, "case": True, "questions": qs} for k, qs in CASES.items()],
        "questions": bank_questions,
    }
    return {"format": 1, "time_zone": "Europe/Oslo", "roles": {"koordinator": "Koordinator"}, "modules": [fast, bank]}


@dataclass
class Generated:
    """What was sent, kept as the independent implementations need it: per counted attempt, right (1/0) or not
    drawn (nan) per question, and the option chosen."""

    questions: list[str]
    right: list[list[float]] = field(default_factory=list)
    chosen: list[dict[str, list[str]]] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.right, columns=self.questions)


def _answer(rng, key: dict, spread: dict | None, right: bool) -> list[str]:
    if right:
        return list(key["correct"])
    wrong = [o for o in key["options"] if o not in key["correct"]]
    weights = [spread.get(o, 0) for o in wrong] if spread else [1] * len(wrong)
    return [rng.choice(wrong, p=np.array(weights) / sum(weights))]


def _send(client, module: dict, answers: dict, n: int, when: dt.datetime, version: str | None = None) -> dict:
    body = {
        "attempt_id": str(uuid.uuid4()),
        "module": module["id"],
        "version": version or module["version"],
        "answers": answers,
        "finished_at": when.isoformat(timespec="seconds"),
        "learner": {"employee": f"tilsett-{n:04d}", "name": f"Namn Etternamn {n}", "unit": SECRET_UNIT},
    }
    response = client.post("/api/v1/attempts", json=body)
    assert response.status_code == 201, response.text
    return body


def _right(rng, theta: float, a: float, b: float) -> bool:
    return rng.random() < 1 / (1 + math.exp(-a * (theta - b)))


def fill_fast(client, people: int, retakes: int = 0, seed: int = 26) -> Generated:
    module = manifest()["modules"][0]
    rng = np.random.default_rng(seed)
    data = Generated(list(FAST))
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    for n in range(people):
        theta = rng.normal()
        answers, row = {}, []
        for q, (a, b, spread) in FAST.items():
            right = _right(rng, theta, a, b)
            answers[q] = _answer(rng, module["questions"][q], spread, right)
            row.append(float(right))
        _send(client, module, answers, n, start + dt.timedelta(seconds=n))
        data.right.append(row)
        data.chosen.append(answers)
    for n in range(retakes):  # a second attempt, all right, a day later: not a first attempt
        _send(client, module, {q: ["a"] for q in FAST}, n, start + dt.timedelta(days=1, seconds=n))
    return data


def fill_bank(client, people: int, seed: int = 2026) -> Generated:
    module = manifest()["modules"][1]
    rng = np.random.default_rng(seed)
    params = {q: (rng.uniform(0.5, 2.0), rng.uniform(-1.5, 1.0)) for q in module["questions"]}
    data = Generated(list(module["questions"]))
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    for n in range(people):
        theta = rng.normal()
        # b10 for the first nine only: a question below the minimum, and so its only section.
        standalone = (
            ["b10", *rng.choice(BANK[:-1], 3, replace=False)]
            if n < 9
            else list(rng.choice(BANK[:-1], 4, replace=False))
        )
        drawn = [*standalone, *CASES[rng.choice(list(CASES))]]
        answers = {}
        for q in drawn:
            right = _right(rng, theta, *params[q])
            answers[q] = _answer(rng, module["questions"][q], None, right)
        _send(client, module, answers, 10_000 + n, start + dt.timedelta(seconds=n))
        data.right.append(
            [
                float(answers[q] == module["questions"][q]["correct"]) if q in answers else math.nan
                for q in data.questions
            ]
        )
        data.chosen.append(answers)
    return data


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request, tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest()), encoding="utf-8")
    common = dict(data_dir=tmp_path / "data", manifest=path, site_dir=None, admin_token=ADMIN)
    if request.param == "sqlite":
        yield Settings(database_url=None, **common)
        return
    required(
        POSTGRES,
        "PostgreSQL (KOORD_TEST_POSTGRES_URL)",
        "start PostgreSQL and set KOORD_TEST_POSTGRES_URL (bash .ci/postgres)",
    )
    with _postgres_schema() as url:
        yield Settings(database_url=url, **common)


@pytest.fixture
def client(settings):
    with TestClient(create_app(settings), client=LOCAL) as client:
        yield client


def stats(client, module: str, **params) -> dict:
    response = client.get("/api/v1/stats/items", params={"module": module, **params}, headers=admin())
    assert response.status_code == 200, response.text
    return response.json()


def _pointbiserial(frame: pd.DataFrame, question: str) -> float:
    drawn = frame[question].notna()
    rest = frame[drawn].sum(axis=1) - frame.loc[drawn, question]
    return pointbiserialr(frame.loc[drawn, question], rest).statistic


def test_every_figure_of_a_fixed_module_matches_scipy_and_pingouin(client, settings):
    data = fill_fast(client, 300, retakes=40)
    frame = data.frame()
    found = stats(client, "fast")
    version = found["versions"][0]
    assert found["attempts"] == "first" and version["version"] == "1.0" and version["current"]
    assert version["attempts"] == version["with_items"] == 300, "first attempts only: the retakes are left out"
    totals = frame.sum(axis=1)
    assert version["pass_rate"] == pytest.approx(((totals * 100 // 8) >= 60).mean())
    assert version["mean_score"] == pytest.approx((totals * 100 // 8).mean())
    alpha, _ = pingouin.cronbach_alpha(frame)
    assert version["alpha"] == pytest.approx(alpha, abs=1e-9)
    by_id = {q["id"]: q for q in found["questions"]}
    for q in FAST:
        assert by_id[q]["drawn"] == 300
        assert by_id[q]["facility"] == pytest.approx(frame[q].mean(), abs=1e-12)
        if frame[q].nunique() > 1:
            assert by_id[q]["discrimination"] == pytest.approx(_pointbiserial(frame, q), abs=1e-9)
        chosen = pd.Series([c[q][0] for c in data.chosen]).value_counts(normalize=True)
        assert {o["id"]: o["share"] for o in by_id[q]["options"]} == pytest.approx(
            {o: chosen.get(o, 0.0) for o in OPTIONS}
        )
    # What the model was made to show, found by the flags.
    codes = {q: {f["code"] for f in by_id[q]["flags"]} for q in FAST}
    assert "negativ-diskriminering" in codes["q4"]
    assert "for-lett" in codes["q5"] and by_id["q5"]["facility"] > 0.95
    assert {"for-vanskeleg", "lokkande-alternativ"} <= codes["q6"]
    assert "ubrukt-alternativ" in codes["q1"] and "Ingen vel alternativ d" in " ".join(
        f["reason"] for f in by_id["q1"]["flags"]
    )
    assert codes["q7"] & {"svak-diskriminering", "negativ-diskriminering"}
    for good in ("q2", "q3", "q8"):
        assert codes[good] == set(), (good, by_id[good]["flags"])
        assert by_id[good]["discrimination"] > 0.2
    # Per section: the share right over the answers to the questions citing it, lowest first.
    sections = found["sections"]
    for section in sections:
        citing = [q for q in FAST if section["id"] in FAST_REFS[q]]
        assert section["share_right"] == pytest.approx(frame[citing].to_numpy().mean())
        assert section["answers"] == 300 * len(citing) and section["questions"] == len(citing)
        assert section["label"] == _section(section["id"])["label"] and section["url"] == _section(section["id"])["url"]
    assert [s["share_right"] for s in sections] == sorted(s["share_right"] for s in sections)

    every = stats(client, "fast", attempts="all")
    assert every["attempts"] == "all" and every["versions"][0]["attempts"] == 340
    assert {q["id"]: q["drawn"] for q in every["questions"]} == dict.fromkeys(FAST, 340)
    assert every["questions"][4]["facility"] == pytest.approx((frame["q5"].sum() + 40) / 340)


def test_a_bank_uses_for_each_question_the_attempts_that_drew_it(client):
    data = fill_bank(client, 400)
    frame = data.frame()
    found = stats(client, "bank")
    by_id = {q["id"]: q for q in found["questions"]}
    for q in data.questions:
        drawn = int(frame[q].notna().sum())
        if drawn < 10:
            assert q == "b10" and drawn == 9
            assert by_id[q]["drawn"] is None and by_id[q]["facility"] is None and by_id[q]["discrimination"] is None
            assert all(o["share"] is None for o in by_id[q]["options"]) and by_id[q]["flags"] == []
            continue
        assert by_id[q]["drawn"] == drawn
        assert by_id[q]["facility"] == pytest.approx(frame[q].mean(), abs=1e-12)
        assert by_id[q]["discrimination"] == pytest.approx(_pointbiserial(frame, q), abs=1e-9)
        assert by_id[q]["case"] == next((k for k, qs in CASES.items() if q in qs), None)
    # KR-20 with each attempt's own questions: the mean over attempts of their questions' p·q, against the
    # variance of the number right, computed here from the matrix.
    p = frame.mean()
    pq = (frame.notna() * (p * (1 - p))).sum(axis=1).mean()
    totals = frame.sum(axis=1)
    expected = 6 / 5 * (1 - pq / totals.var(ddof=0))
    assert found["versions"][0]["alpha"] == pytest.approx(expected, abs=1e-9)
    assert 0 < expected < 1
    sections = {s["id"]: s for s in found["sections"]}
    assert sections["s9"]["answers"] is None and sections["s9"]["share_right"] is None, (
        "cited by b10 alone: nine attempts"
    )
    assert list(sections)[-1] == "s9", "too few: last"
    for ref in ("s1", "s2", "s5"):
        citing = [q for q in data.questions if ref in BANK_REFS[q]]
        answered = frame[citing]
        assert sections[ref]["answers"] == int(answered.notna().to_numpy().sum())
        assert sections[ref]["share_right"] == pytest.approx(np.nanmean(answered.to_numpy()))


def test_attempts_from_before_the_items_count_for_the_module_not_for_the_items(client, settings):
    fill_fast(client, 20, seed=1)
    engine = db.make_engine(settings.url)
    try:
        with engine.begin() as conn:
            # As an upgraded database holds them: attempts, first ones, and no items. Two are by people who also
            # took it later with items: their later attempt is not a first attempt.
            conn.execute(
                insert(db.attempts),
                [
                    {
                        "attempt_id": str(uuid.uuid4()),
                        "employee": employee,
                        "name": "Gammal",
                        "unit": SECRET_UNIT,
                        "module_id": "fast",
                        "module_version": "1.0",
                        "correct": 8,
                        "total": 8,
                        "score": 100,
                        "passed": True,
                        "finished_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                        "recorded_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                        "payload_hash": "h",
                    }
                    for employee in ["eldre-1", "eldre-2", "eldre-3", "tilsett-0000", "tilsett-0001"]
                ],
            )
            items = conn.execute(select(func.count()).select_from(db.attempt_items)).scalar_one()
    finally:
        engine.dispose()
    assert items == 20 * 8
    version = stats(client, "fast")["versions"][0]
    assert version["attempts"] == 23 and version["with_items"] == 18
    assert {q["drawn"] for q in stats(client, "fast")["questions"]} == {18}


def test_no_figure_below_ten_attempts(client):
    fill_fast(client, 9)
    found = stats(client, "fast")
    assert found["thresholds"]["minimum"] == 10
    assert found["versions"] == [
        {
            "version": "1.0",
            "current": True,
            "attempts": None,
            "with_items": None,
            "pass_rate": None,
            "mean_score": None,
            "alpha": None,
        }
    ]
    assert all(q["drawn"] is None and q["facility"] is None and q["flags"] == [] for q in found["questions"])
    assert all(s["answers"] is None and s["share_right"] is None for s in found["sections"])
    rows = table(client.get("/api/v1/stats/items.csv", params={"module": "fast"}, headers=admin()).content)
    assert {tuple(row[5:]) for row in rows[1:]} == {("",) * 8}, "the file has no figure either"
    fill_fast(client, 9, seed=99)  # the same nine people again: retakes, which are not first attempts
    assert stats(client, "fast", attempts="all")["versions"][0]["attempts"] == 18
    assert stats(client, "fast")["versions"][0]["attempts"] is None
    module = manifest()["modules"][0]
    _send(client, module, {q: ["a"] for q in FAST}, 9, dt.datetime.now(dt.UTC))
    assert stats(client, "fast")["versions"][0]["attempts"] == 10


def test_no_name_employee_number_or_unit_in_any_output(client):
    fill_fast(client, 30)
    fill_bank(client, 30)
    outputs = []
    for module in ("fast", "bank"):
        for rule in ("first", "all"):
            outputs.append(
                client.get("/api/v1/stats/items", params={"module": module, "attempts": rule}, headers=admin()).text
            )
            outputs.append(
                client.get(
                    "/api/v1/stats/items.csv", params={"module": module, "attempts": rule}, headers=admin()
                ).content.decode("utf-8-sig")
            )
            outputs.append(
                client.get(
                    "/api/v1/stats/items.csv", params={"module": module, "format": "rfc4180"}, headers=admin()
                ).text
            )
            book = zipfile.ZipFile(
                io.BytesIO(
                    client.get(
                        "/api/v1/stats/items.xlsx", params={"module": module, "attempts": rule}, headers=admin()
                    ).content
                )
            )
            outputs.append("".join(book.read(name).decode() for name in book.namelist()))
    assert all(outputs)
    for output in outputs:
        for secret in ("tilsett-", "Namn Etternamn", SECRET_UNIT, "Hemmeleg"):
            assert secret not in output


def test_the_files_are_the_same_figures_in_the_managers_dialect(client, settings):
    fill_fast(client, 40)
    found = stats(client, "fast")
    response = client.get("/api/v1/stats/items.csv", params={"module": "fast"}, headers=admin())
    assert response.headers["content-disposition"] == 'attachment; filename="statistikk-fast.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf") and b"\r\n" in response.content
    rows = table(response.content)
    assert rows[0][:6] == ["Nivå", "Modul-id", "Versjon", "Id", "Tittel", "Forsøk (svar for ein bolk)"]
    module_row = rows[1]
    assert module_row[:6] == ["modul", "fast", "1.0", "", "Fast modul", "40"]
    assert module_row[10] == f"{found['versions'][0]['alpha']:.2f}".replace(".", ",")
    questions = {row[3]: row for row in rows if row[0] == "spørsmål"}
    q4 = next(q for q in found["questions"] if q["id"] == "q4")
    assert questions["q4"][8] == str(round(q4["facility"] * 100)) and questions["q4"][
        9
    ] == f"{q4['discrimination']:.2f}".replace(".", ",")
    assert [row[3] for row in rows if row[0] == "bolk"] == [s["id"] for s in found["sections"]]
    # A negative number is a number, not a formula guarded as text.
    assert "'-" not in response.content.decode("utf-8-sig")
    book = client.get("/api/v1/stats/items.xlsx", params={"module": "fast"}, headers=admin())
    assert (
        book.status_code == 200 and book.headers["content-disposition"] == 'attachment; filename="statistikk-fast.xlsx"'
    )
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert (
        sheet["K2"].value == pytest.approx(found["versions"][0]["alpha"], abs=1e-6)
        and sheet["K2"].number_format == "0.00"
    )
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
        ("admin-token", "items", {"attempts": "first", "format": "json", "module": "fast"}),
        ("admin-token", "items", {"attempts": "first", "format": "excel", "module": "fast"}),
        ("admin-token", "items", {"attempts": "first", "format": "xlsx", "module": "fast"}),
    ]


def test_a_repeat_stores_its_items_once_and_an_unknown_module_is_404(client, settings):
    module = manifest()["modules"][0]
    body = _send(client, module, {q: ["a"] for q in FAST}, 1, dt.datetime.now(dt.UTC))
    again = client.post("/api/v1/attempts", json=body)
    assert again.status_code == 201 and again.headers["Idempotent-Replay"] == "true"
    clash = client.post("/api/v1/attempts", json={**body, "answers": {q: ["b"] for q in FAST}})
    assert clash.status_code == 409
    engine = db.make_engine(settings.url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(db.attempt_items.c.question_id, db.attempt_items.c.chosen, db.attempt_items.c.is_right)
                .where(db.attempt_items.c.attempt_id == body["attempt_id"])
                .order_by(db.attempt_items.c.question_id)
            ).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [(q, "a", True) for q in FAST]
    missing = client.get("/api/v1/stats/items", params={"module": "finst-ikkje"}, headers=admin())
    assert missing.status_code == 404 and "Modulane er: fast, bank" in missing.json()["detail"]
    assert client.get("/api/v1/stats/items.csv", params={"module": "finst-ikkje"}, headers=admin()).status_code == 404
    assert client.get("/api/v1/stats/items", headers=admin()).status_code == 422


def test_who_may_read_the_statistics(tmp_path):
    """Form mode: the admin token only. Proxy mode: the editors' group, or the admin token; a learner and a manager
    outside the group get 403, and an empty group setting lets nobody in."""
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest()), encoding="utf-8")
    paths = ["/api/v1/stats/items", "/api/v1/stats/items.csv", "/api/v1/stats/items.xlsx"]
    form = Settings(data_dir=tmp_path / "form", database_url=None, manifest=path, site_dir=None, admin_token=ADMIN)
    with TestClient(create_app(form), client=LOCAL) as client:
        for url in paths:
            assert client.get(url, params={"module": "fast"}).status_code == 401
            assert (
                client.get(url, params={"module": "fast"}, headers={"Authorization": "Bearer feil"}).status_code == 401
            )
            assert client.get(url, params={"module": "fast"}, headers=admin()).status_code == 200
            # Someone who claims the group in form mode is not let in: there is no proxy to vouch for it.
            assert (
                client.get(
                    url,
                    params={"module": "fast"},
                    headers={"X-Remote-User": "x", "X-Remote-Groups": "koordinator-redaktor"},
                ).status_code
                == 401
            )
    with TestClient(create_app(form), client=("127.0.0.3", 50000)) as elsewhere:
        assert elsewhere.get(paths[0], params={"module": "fast"}, headers=admin()).status_code == 403
    for group, editors in (("koordinator-redaktor", True), ("", False)):
        proxy = Settings(
            data_dir=tmp_path / f"proxy{group}",
            database_url=None,
            manifest=path,
            site_dir=None,
            admin_token=ADMIN,
            identity="proxy",
            editor_group=group,
        )
        with TestClient(create_app(proxy), client=LOCAL) as client:

            def get(url, headers):
                return client.get(url, params={"module": "fast"}, headers=headers)

            for url in paths:
                learner = get(url, {"X-Remote-User": "10001"})
                assert learner.status_code == 403 and "redaktørane" in learner.json()["detail"]
                assert get(url, {"X-Remote-User": "10004", "X-Remote-Groups": "koordinator-leiar"}).status_code == 403
                assert get(url, {"X-Remote-User": "10004", "X-Remote-Groups": ""}).status_code == 403
                assert get(
                    url, {"X-Remote-User": "20001", "X-Remote-Groups": "koordinator-leiar, koordinator-redaktor"}
                ).status_code == (200 if editors else 403)
                assert get(url, admin()).status_code == 200
                assert get(url, {}).status_code == 401
        with TestClient(create_app(proxy), client=("127.0.0.3", 50000)) as elsewhere:
            response = elsewhere.get(
                paths[0],
                params={"module": "fast"},
                headers={"X-Remote-User": "20001", "X-Remote-Groups": "koordinator-redaktor"},
            )
            assert response.status_code == 403, "identity headers only from the proxy"
