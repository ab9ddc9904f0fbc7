"""Property: a malformed attempt is always refused with 4xx and a JSON answer, never a 5xx, and nothing is stored.
The bodies are the valid attempt from conftest with one field replaced by an edge value, written as raw JSON text
(so that NaN, Infinity and lone surrogates reach the server exactly as a broken client would send them), or with
bytes that are not UTF-8. Derandomised, so that every CI run tries the same bodies."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.tracker.conftest import attempt
from tracker import db

MARK = "\u2603EDGE\u2603"  # a placeholder no valid body contains; replaced by the raw edge text

# Edge values as raw JSON text. None of them is valid in any field of an attempt.
NUMBERS = [
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "-1",
    "0",
    "-0",
    "1.5",
    "99999999999999999999999999999999999999",
    "-99999999999999999999999999999999999999",
    str(2**63),
    str(-(2**63) - 1),
]
STRINGS = [
    '""',
    '" "',
    '"\\ud800"',
    '"\\udfff"',
    '"a\\ud800b"',
    '"\\udc00\\ud800"',
    '"\\u0000"',
    '"a\\u0000b"',
    '"\\t"',
    '"x\\ny"',
    '"\\u007f"',
    '"\\u0085"',
    '"\\u009f"',
    '"\\u001b[31m"',
    '" leading"',
    '"trailing "',
    '"\\r\\n"',
]
OTHERS = [
    "true",
    "false",
    "null",
    "[]",
    "{}",
    '[""]',
    '{"a": 1}',
    "[null]",
    '["\\ud800"]',
    '{"\\ud800": ["a"]}',
    "[NaN]",
    '{"a": NaN}',
]
FIELDS = [
    "attempt_id",
    "module",
    "version",
    "answers",
    "finished_at",
    "learner",
    "learner.employee",
    "learner.name",
    "learner.unit",
    "answers.samtykke-kven",
    "answers.samtykke-kven.0",
    "answers.melding-kven.1",
]
OFFSETS = ["+14:00", "-12:00", "+23:59", "-23:59", "Z", "+00:00", "-00:00"]


def instants():
    """ISO 8601 instants at the ends of the calendar, in time zones far from UTC."""
    return st.builds(
        lambda year, day, clock, offset: json.dumps(f"{year}-{day}T{clock}{offset}"),
        st.sampled_from(["0001", "9999"]),
        st.sampled_from(["01-01", "12-31", "06-15"]),
        st.sampled_from(["00:00:00", "23:59:59", "12:00:00.999999", "00:00"]),
        st.sampled_from(OFFSETS),
    )


def long_strings():
    """Strings over every field's limit; some over the body limit too."""
    return st.builds(
        lambda ch, n: json.dumps(ch * n),
        st.sampled_from(["a", "æ", "\U0001f600", "-", "0"]),
        st.sampled_from([121, 5_000, 70_000]),
    )


def nested():
    depth = st.sampled_from([2, 50, 1_000, 20_000])
    return st.one_of(depth.map(lambda d: "[" * d + "]" * d), depth.map(lambda d: '{"a":' * d + "1" + "}" * d))


EDGES = st.one_of(st.sampled_from(NUMBERS + STRINGS + OTHERS), long_strings(), nested())


def _replace(body: dict, path: str) -> dict:
    """`body` with the field at `path` (dots between keys or list indexes) set to the placeholder."""
    keys = path.split(".")
    target = body
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    last = keys[-1]
    if isinstance(target, list):
        while len(target) <= int(last):
            target.append("a")
        target[int(last)] = MARK
    else:
        target[last] = MARK
    return body


def _body(field: str, edge: str) -> bytes:
    body = attempt()
    body["answers"] = {k: list(v) for k, v in body["answers"].items()}
    body["learner"] = dict(body["learner"])
    return (
        json.dumps(_replace(body, field), ensure_ascii=False)
        .replace(json.dumps(MARK, ensure_ascii=False), edge)
        .encode("utf-8", "surrogatepass")
    )


NOT_UTF8 = [
    b"\xff",
    b"\xfe\xff",
    b"\xe6",
    b"\xc3",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\x80",
    b"\xf8\x88\x80\x80\x80",
]


def _not_utf8(field: str, raw: bytes) -> bytes:
    """The valid body with `raw` bytes spliced into a string field."""
    body = attempt()
    body["learner"] = dict(body["learner"])
    return (
        json.dumps(_replace(body, field), ensure_ascii=False)
        .encode("utf-8")
        .replace(json.dumps(MARK, ensure_ascii=False).encode("utf-8"), b'"x' + raw + b'y"')
    )


BODIES = st.one_of(
    st.builds(_body, st.sampled_from(FIELDS), EDGES),
    st.builds(_body, st.just("finished_at"), instants()),  # in a name, such a text would be a valid name
    st.builds(
        _not_utf8,
        st.sampled_from(["learner.name", "learner.unit", "learner.employee", "module", "finished_at", "attempt_id"]),
        st.sampled_from(NOT_UTF8),
    ),
)


def _strict_json(text: bytes):
    """JSON as RFC 8259 has it: no NaN or Infinity, and UTF-8 without lone surrogates."""

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text.decode("utf-8"), parse_constant=refuse)


def test_the_valid_template_is_stored(client):
    """The property below means something only if the unchanged body is accepted."""
    assert (
        client.post(
            "/api/v1/attempts", content=json.dumps(attempt()).encode(), headers={"Content-Type": "application/json"}
        ).status_code
        == 201
    )


@given(body=BODIES)
@settings(
    derandomize=True,
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_malformed_attempts_are_refused_with_4xx_json_and_never_stored(client, body):
    before = _count(client)
    response = client.post("/api/v1/attempts", content=body, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, (response.status_code, body[:300], response.text[:300])
    detail = _strict_json(response.content)
    assert isinstance(detail, dict) and "detail" in detail, detail
    assert _count(client) == before == 0, body[:300]


def _count(client) -> int:
    """Rows in the attempts table of the app's own database (SQLite or the test's PostgreSQL schema)."""
    with client.app.state.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(db.attempts)).scalar_one()
