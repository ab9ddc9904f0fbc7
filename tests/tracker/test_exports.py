"""Large exports. The fast paths give what the plain rules give: the CSV writer, which checks a column of a
thousand cells at once, against the rule applied cell by cell; and the local time, which looks the zone's offset
up once per quarter hour, against astimezone() for every instant, across daylight saving changes in zones whose
offsets are whole, half and three-quarter hours. A file asked for with POST is prepared in the background,
followed, fetched once, and seen only by the manager who asked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import uuid
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from tests.tracker.conftest import admin, attempt
from tests.tracker.test_reports import ROSTER
from tracker import csvout, db, exportjobs, exports, migrations
from tracker.main import create_app
from tracker.manifest import load_manifest

KINDS = ["text", "id", "text", "id", "int", "date", "text"]
# Text that needs care in some cell and not in others, so that both paths meet in one chunk.
TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Kari",
            "Hansen, Per",
            "a;=1+1",
            "=1+1",
            "+47",
            "-2",
            "@SUM(1)",
            "\tx",
            "\rx",
            'x"y',
            "a\x00=b",
            "æøå",
        ]
    ),
    st.text(max_size=8),
)
IDENTIFIER = st.one_of(st.from_regex(r"[0-9][0-9.]{0,5}", fullmatch=True), TEXT)
DAY = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2999, 12, 31)))
ROW = st.tuples(
    TEXT, IDENTIFIER, TEXT, IDENTIFIER, st.one_of(st.none(), st.integers(0, 100)), DAY, st.one_of(st.none(), TEXT)
)


def cell_by_cell(rows, dialect):
    """The rule as it was written before the column fast path: one cell at a time."""
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=";" if dialect == "excel" else ",", lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC
    )
    day = csvout._norwegian if dialect == "excel" else dt.date.isoformat
    for row in rows:
        writer.writerow(
            [
                csvout._cells((v,), dialect == "excel" and kind == "id" and i > 0, day)[0]
                for i, (kind, v) in enumerate(zip(KINDS, row, strict=True))
            ]
        )
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
@given(rows=st.lists(ROW, max_size=2500), dialect=st.sampled_from(["excel", "rfc4180"]))
def test_the_column_fast_path_writes_what_the_rule_writes(rows, dialect):
    out = io.StringIO()
    count = csvout.write_csv(out, [f"k{i}" for i in range(len(KINDS))], rows, KINDS, dialect)
    assert count == len(rows)
    assert out.getvalue().split("\r\n", 1)[1] == cell_by_cell(rows, dialect)


def test_a_thousand_plain_rows_then_one_that_needs_care():
    rows = [("Kari", "00105", "Medisin", "1.2", 80, dt.date(2026, 2, 1), "gyldig")] * 1000 + [
        ("=1+1", "x1", "a;-b", "1.2", None, None, None)
    ]
    out = io.StringIO()
    csvout.write_csv(out, list("abcdefg"), rows, KINDS)
    lines = out.getvalue().split("\r\n")
    assert lines[1] == '"Kari";"=""00105""";"Medisin";"=""1.2""";80;"01.02.2026";"gyldig"'
    assert lines[1001] == '"\'=1+1";"x1";"a;\'-b";"=""1.2""";"";"";""'


@pytest.mark.parametrize(
    "zone", ["Europe/Oslo", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "UTC"]
)
def test_local_times_match_astimezone_across_daylight_saving(zone, tmp_path, manifest_file):
    """Every 7 minutes and 13 seconds through 2026 (with milliseconds, as browsers send them), written as the
    tracker writes them, and read back as the export reads them."""
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    migrations.upgrade(url)
    engine = db.make_engine(url)
    start, step = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.timedelta(minutes=7, seconds=13, milliseconds=417)
    moments = [start + n * step for n in range(73_000)]
    with engine.begin() as conn:
        conn.execute(
            insert(db.attempts),
            [
                {
                    "attempt_id": str(uuid.uuid4()),
                    "employee": "1",
                    "name": "n",
                    "unit": "u",
                    "module_id": "test-modul",
                    "module_version": "1.2",
                    "correct": 4,
                    "total": 4,
                    "score": 100,
                    "passed": True,
                    "finished_at": moment,
                    "recorded_at": moment,
                    "payload_hash": "h",
                }
                for moment in moments
            ],
        )
    from tracker.settings import Settings

    config = Settings(data_dir=tmp_path, manifest=manifest_file, site_dir=None, timezone=zone)
    table = exports.completions(config, engine, load_manifest(manifest_file, "Europe/Oslo"), None, None, None, None)
    got = [(row[7], row[8]) for row in table.rows]
    local = [moment.astimezone(ZoneInfo(zone)) for moment in moments]
    assert got == [(moment.date(), moment.isoformat(timespec="seconds")) for moment in local]
    assert len({text[-6:] for _, text in got}) == (1 if zone in ("UTC", "Asia/Kathmandu") else 2)
    engine.dispose()


def follow(client, answer, headers) -> dict:
    """Ask after a job the way the managers' page does, until it is no longer being made."""
    job = answer.json()
    while job["state"] in ("waiting", "preparing"):
        time.sleep(0.1)
        job = client.get(f"/api/v1/reports/exports/{job['id']}", headers=headers).json()
    return job


def test_a_file_asked_for_with_post_is_followed_and_fetched_once(client, settings):
    client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    for employee in ("10001", "10002"):
        client.post(
            "/api/v1/attempts",
            json=attempt(learner={"employee": employee, "name": f"Person {employee}", "unit": "Medisinsk avdeling"}),
        )
    answer = client.post("/api/v1/reports/completions.csv", params={"unit": "Medisinsk avdeling"}, headers=admin())
    assert answer.status_code == 202, answer.text
    assert answer.headers["location"] == f"exports/{answer.json()['id']}"
    job = follow(client, answer, admin())
    assert (job["state"], job["rows"], job["filename"], job["detail"]) == ("ready", 2, "gjennomforingar.csv", None)
    fetched = client.get(f"/api/v1/reports/exports/{job['id']}/file", headers=admin())
    assert fetched.headers["content-disposition"] == 'attachment; filename="gjennomforingar.csv"'
    assert (
        fetched.content
        == client.get("/api/v1/reports/completions.csv", params={"unit": "Medisinsk avdeling"}, headers=admin()).content
    )
    assert client.get(f"/api/v1/reports/exports/{job['id']}/file", headers=admin()).status_code == 404, "fetched once"
    workbook = follow(client, client.post("/api/v1/reports/compliance.xlsx", headers=admin()), admin())
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/api/v1/reports/exports/{workbook['id']}/file", headers=admin()).content)
    ).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Eining"
    # A filter that matches nothing is said at once, and nothing is logged or prepared for it.
    refused = client.post("/api/v1/reports/completions.xlsx", params={"unit": "Finst ikkje"}, headers=admin())
    assert refused.status_code == 404 and "Ingen eining" in refused.json()["detail"]
    with client.app.state.engine.connect() as conn:
        logged = [(r.what, r.filter) for r in conn.execute(select(db.export_log).order_by(db.export_log.c.id))]
    assert logged == [
        ("completions", '{"format": "excel", "unit": "Medisinsk avdeling"}'),
        ("completions", '{"format": "excel", "unit": "Medisinsk avdeling"}'),
        ("missing", '{"format": "xlsx"}'),
    ]


@pytest.fixture
def proxy_client(settings):
    with TestClient(
        create_app(settings.model_copy(update={"identity": "proxy"})), client=("127.0.0.1", 50000)
    ) as client:
        yield client


def test_a_manager_sees_only_their_own_files_and_has_at_most_four(proxy_client):
    proxy_client.put("/api/v1/roster", content=ROSTER.encode(), headers=admin())
    leader = {"X-Remote-User": "10004", "X-Remote-Groups": "koordinator-leiar"}
    other = admin()  # who may see every unit, but not another manager's files
    jobs = [proxy_client.post("/api/v1/reports/compliance.csv", headers=leader) for _ in range(exportjobs.PER_MANAGER)]
    assert [job.status_code for job in jobs] == [202] * exportjobs.PER_MANAGER
    too_many = proxy_client.post("/api/v1/reports/completions.csv", headers=leader)
    assert too_many.status_code == 429 and "Hent dei" in too_many.json()["detail"]
    assert proxy_client.get("/api/v1/reports/completions.csv", headers=leader).status_code == 429
    first = jobs[0].json()["id"]
    assert proxy_client.get(f"/api/v1/reports/exports/{first}", headers=other).status_code == 404
    assert proxy_client.get(f"/api/v1/reports/exports/{first}/file", headers=other).status_code == 404
    follow(proxy_client, jobs[0], leader)
    assert proxy_client.get(f"/api/v1/reports/exports/{first}/file", headers=leader).status_code == 200
    assert proxy_client.post("/api/v1/reports/completions.csv", headers=leader).status_code == 202, (
        "a fetched file frees its place"
    )


def test_more_rows_than_a_sheet_holds_is_said_in_words(monkeypatch, tmp_path):
    from tracker import xlsxout

    monkeypatch.setattr(xlsxout, "MAX_ROWS", 3)
    with (
        open(tmp_path / "ark.xlsx", "wb") as out,
        pytest.raises(xlsxout.TooManyRows, match="Avgrens utvalet .* eller last ned CSV"),
    ):
        xlsxout.write_xlsx(out, "ark", ["Tal"], ["int"], [(n,) for n in range(4)])
    with open(tmp_path / "ark.xlsx", "wb") as out:
        assert xlsxout.write_xlsx(out, "ark", ["Tal"], ["int"], [(n,) for n in range(3)]) == 3
    assert [row for row in openpyxl.load_workbook(tmp_path / "ark.xlsx").active.iter_rows(values_only=True)] == [
        ("Tal",),
        (0,),
        (1,),
        (2,),
    ]


XLSX_KINDS = ["text", "id", "int", "date", "text"]
PLAIN_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff_",
    ),
    max_size=12,
)
XLSX_ROW = st.tuples(
    st.one_of(PLAIN_TEXT, st.sampled_from(["=1+1", " a&b<c> ", "Hansen, Per", "\tx\r\n", "æøå"])),
    st.from_regex(r"[0-9][0-9.]{0,5}", fullmatch=True),
    st.one_of(st.none(), st.integers(0, 100)),
    DAY,
    st.one_of(st.none(), PLAIN_TEXT),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
@given(rows=st.lists(XLSX_ROW, max_size=2500))
def test_the_workbook_reads_back_as_written(rows):
    """Read by openpyxl, an XML parser of its own: every value comes back with its type, in chunks that took the
    column fast path and in those that did not."""
    from tracker import xlsxout

    out = io.BytesIO()
    assert xlsxout.write_xlsx(out, "Ark 'ein'", ["Namn", "Nr", "Tal", "Dato", "Merknad"], XLSX_KINDS, rows) == len(rows)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = book.active
    assert sheet.title == "Ark 'ein'" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:E{len(rows) + 1}"
    got = list(sheet.iter_rows(min_row=2, values_only=True))
    expected = [(a, b, c, None if d is None else dt.datetime.combine(d, dt.time()), e or "") for a, b, c, d, e in rows]
    assert [(a, b, c, d, e or "") for a, b, c, d, e in got] == expected
    assert all(cell.number_format == "dd.mm.yyyy" for cell in sheet["D"][1:] if cell.value is not None)
    assert [cell.font.b for cell in sheet[1]] == [True] * 5


def test_text_xml_cannot_hold_is_written_as_excel_escapes_it(tmp_path):
    from tracker import xlsxout

    with open(tmp_path / "ark.xlsx", "wb") as out:
        xlsxout.write_xlsx(out, "ark", ["T"], ["text"], [("a\x01b",), ("_x0041_",), ("\x00",)])
    cells = [
        row[0] for row in openpyxl.load_workbook(tmp_path / "ark.xlsx").active.iter_rows(min_row=2, values_only=True)
    ]
    assert cells == ["a_x0001_b", "_x005F_x0041_", "_x0000_"]  # Excel reads these back as \x01, _x0041_ and \x00


def test_libreoffice_opens_the_workbook_with_its_types(tmp_path):
    """LibreOffice, a second reader that knows Excel's files, opens the workbook and saves it as its own."""
    import shutil
    import subprocess

    from tests.conftest import required
    from tracker import xlsxout

    soffice = required(
        shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice", "install Debian's libreoffice-calc-nogui"
    )
    rows = [("=1+1", "00105", 100, dt.date(2026, 2, 1), " a&b<c> "), ("Hansen, Per", "1.2", None, None, "x\x01y")] * 600
    source = tmp_path / "gjennomforingar.xlsx"
    with open(source, "wb") as out:
        xlsxout.write_xlsx(out, "gjennomforingar", ["Namn", "Nr", "Tal", "Dato", "Merknad"], XLSX_KINDS, rows)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "lo"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(tmp_path / "lo" / "gjennomforingar.xlsx").active
    got = list(sheet.iter_rows(values_only=True))
    assert got[0] == ("Namn", "Nr", "Tal", "Dato", "Merknad")
    assert got[1] == ("=1+1", "00105", 100, dt.datetime(2026, 2, 1), " a&b<c> ")
    assert got[2][:4] == ("Hansen, Per", "1.2", None, None) and got[2][4] in ("x\x01y", "xy", "x_x0001_y")
    assert len(got) == 1201 and sheet["A2"].data_type == "s" and sheet["D2"].is_date
