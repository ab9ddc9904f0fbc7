"""The fast paths of a large export give what the plain rules give: the CSV writer, which checks a column of a
thousand cells at once, against the rule applied cell by cell; and the local time, which looks the zone's offset
up once per quarter hour, against astimezone() for every instant, across daylight saving changes in zones whose
offsets are whole, half and three-quarter hours."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from tracker import csvout, db, exports
from tracker.manifest import load_manifest

KINDS = ["text", "id", "text", "id", "int", "date", "text"]
# Text that needs care in some cell and not in others, so that both paths meet in one chunk.
TEXT = st.one_of(
    st.sampled_from(["", " ", "Kari", "Hansen, Per", "a;=1+1", "=1+1", "+47", "-2", "@SUM(1)", "\tx", "\rx", 'x"y', "a\x00=b", "æøå"]),
    st.text(max_size=8),
)
IDENTIFIER = st.one_of(st.from_regex(r"[0-9][0-9.]{0,5}", fullmatch=True), TEXT)
DAY = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2999, 12, 31)))
ROW = st.tuples(TEXT, IDENTIFIER, TEXT, IDENTIFIER, st.one_of(st.none(), st.integers(0, 100)), DAY, st.one_of(st.none(), TEXT))


def cell_by_cell(rows, dialect):
    """The rule as it was written before the column fast path: one cell at a time."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dialect == "excel" else ",", lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    day = csvout._norwegian if dialect == "excel" else dt.date.isoformat
    for row in rows:
        writer.writerow([csvout._cells((v,), dialect == "excel" and kind == "id" and i > 0, day)[0]
                         for i, (kind, v) in enumerate(zip(KINDS, row))])
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
@given(rows=st.lists(ROW, max_size=2500), dialect=st.sampled_from(["excel", "rfc4180"]))
def test_the_column_fast_path_writes_what_the_rule_writes(rows, dialect):
    out = io.StringIO()
    count = csvout.write_csv(out, [f"k{i}" for i in range(len(KINDS))], rows, KINDS, dialect)
    assert count == len(rows)
    assert out.getvalue().split("\r\n", 1)[1] == cell_by_cell(rows, dialect)


def test_a_thousand_plain_rows_then_one_that_needs_care():
    rows = [("Kari", "00105", "Medisin", "1.2", 80, dt.date(2026, 2, 1), "gyldig")] * 1000 + [("=1+1", "x1", "a;-b", "1.2", None, None, None)]
    out = io.StringIO()
    csvout.write_csv(out, list("abcdefg"), rows, KINDS)
    lines = out.getvalue().split("\r\n")
    assert lines[1] == '"Kari";"=""00105""";"Medisin";"=""1.2""";80;"01.02.2026";"gyldig"'
    assert lines[1001] == '"\'=1+1";"x1";"a;\'-b";"=""1.2""";"";"";""'


@pytest.mark.parametrize("zone", ["Europe/Oslo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "UTC"])
def test_local_times_match_astimezone_across_daylight_saving(zone, tmp_path, manifest_file):
    """Every 7 minutes and 13 seconds through 2026 (with milliseconds, as browsers send them), written as the
    tracker writes them, and read back as the export reads them."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    start, step = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.timedelta(minutes=7, seconds=13, milliseconds=417)
    moments = [start + n * step for n in range(73_000)]
    with engine.begin() as conn:
        conn.execute(insert(db.attempts), [
            {"attempt_id": str(uuid.uuid4()), "employee": "1", "name": "n", "unit": "u", "module_id": "test-modul",
             "module_version": "1.2", "correct": 4, "total": 4, "score": 100, "passed": True, "finished_at": moment,
             "recorded_at": moment, "payload_hash": "h"} for moment in moments
        ])
    from tracker.settings import Settings

    config = Settings(data_dir=tmp_path, manifest=manifest_file, site_dir=None, timezone=zone)
    table = exports.completions(config, engine, load_manifest(manifest_file, "Europe/Oslo"), None, None, None, None)
    got = [(row[7], row[8]) for row in table.rows]
    local = [moment.astimezone(ZoneInfo(zone)) for moment in moments]
    assert got == [(moment.date(), moment.isoformat(timespec="seconds")) for moment in local]
    assert len({text[-6:] for _, text in got}) == (1 if zone in ("UTC", "Asia/Kathmandu") else 2)
    engine.dispose()
