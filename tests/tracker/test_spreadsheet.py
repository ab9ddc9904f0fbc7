"""The manager's files as a spreadsheet opens them. Each CSV is converted by LibreOffice (headless, Norwegian
settings, default column types: what a double click gives) and the cells are read back: with the right separator
no value changes; with the wrong one no cell is a formula. The .xlsx is read back with openpyxl."""

import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest

from tests.conftest import required
from tests.tracker.conftest import admin, attempt
from tracker.records import today
from tracker.validity import add_months

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HOSTILE = ["a;=1+1", "a,=1+1", '=HYPERLINK("http://x")', 'x","=1+1', "-2+3", "@SUM(1)", "Hansen, Per"]
SEPARATORS = {";": 59, ",": 44}
NORWEGIAN = 1044  # LibreOffice's language id for Norwegian Bokmål: decimal comma, dates dd.mm.yyyy


@pytest.fixture(scope="module")
def soffice():
    return required(SOFFICE, "LibreOffice", "install Debian's libreoffice-calc-nogui")


def open_in_calc(soffice, path, separator: str, tmp_path, values: bool = True):
    """Convert as LibreOffice opens a CSV file: UTF-8, this separator, Norwegian, no column set to text."""
    profile = tmp_path / "lo-profile"
    out = tmp_path / f"out-{SEPARATORS[separator]}"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            f"--infilter=CSV:{SEPARATORS[separator]},34,76,1,,{NORWEGIAN}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    # values: what the cells show (a text formula's result); else the formulas themselves.
    return openpyxl.load_workbook(out / f"{path.stem}.xlsx", data_only=values).active


@pytest.fixture
def exported(client, tmp_path):
    for n, name in enumerate(HOSTILE):
        client.post(
            "/api/v1/attempts",
            json=attempt(learner={"employee": f"0010{n}", "name": name, "unit": "Kirurgisk poliklinikk"}),
        )
    files = {}
    for fmt in ("excel", "rfc4180"):
        path = tmp_path / f"{fmt}.csv"
        path.write_bytes(client.get("/api/v1/reports/completions.csv", params={"format": fmt}, headers=admin()).content)
        files[fmt] = path
    return files


def test_the_csv_opens_unchanged_with_norwegian_settings(soffice, exported, tmp_path):
    sheet = open_in_calc(soffice, exported["excel"], ";", tmp_path)
    rows = sorted(sheet.iter_rows(min_row=2, values_only=True), key=lambda r: r[1])
    now = today("Europe/Oslo")
    assert [r[1] for r in rows] == [f"0010{n}" for n in range(len(HOSTILE))], (
        "employee numbers keep their leading zeros"
    )
    assert {r[5] for r in rows} == {"1.2"}, "the version stays a version"
    assert {r[6] for r in rows} == {100}, "the result is a number"
    assert {r[7] for r in rows} == {dt.datetime.combine(now, dt.time())}, "the date is a date"
    assert {r[9] for r in rows} == {dt.datetime.combine(add_months(now, 12), dt.time())}
    assert [r[0] for r in rows] == [
        "a;'=1+1",
        "a,'=1+1",
        '\'=HYPERLINK("http://x")',
        'x","\'=1+1',
        "'-2+3",
        "'@SUM(1)",
        "Hansen, Per",
    ]


def test_no_cell_is_a_formula_whichever_separator_the_file_is_opened_with(soffice, exported, tmp_path):
    for fmt, path in exported.items():
        for separator in SEPARATORS:
            sheet = open_in_calc(soffice, path, separator, tmp_path / f"{fmt}{SEPARATORS[separator]}", values=False)
            formulas = {
                c.value
                for row in sheet.iter_rows()
                for c in row
                if isinstance(c.value, str) and c.value.startswith("=")
            }
            if fmt == "excel" and separator == ";":
                # The text formulas the file writes itself, holding only digits and dots.
                assert formulas == {f'="0010{n}"' for n in range(len(HOSTILE))} | {'="1.2"'}
            else:
                assert formulas == set(), (fmt, separator)


def test_xlsx_has_typed_columns(client, tmp_path):
    client.post(
        "/api/v1/attempts", json=attempt(learner={"employee": "00105", "name": "=1+1", "unit": "Kirurgisk poliklinikk"})
    )
    path = tmp_path / "gjennomforingar.xlsx"
    response = client.get("/api/v1/reports/completions.xlsx", headers=admin())
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="gjennomforingar.xlsx"' in response.headers["content-disposition"]
    path.write_bytes(response.content)
    sheet = openpyxl.load_workbook(path).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("Namn", "Tilsettnummer", "Eining")
    now = today("Europe/Oslo")
    assert row[:8] == (
        "=1+1",
        "00105",
        "Kirurgisk poliklinikk",
        "test-modul",
        "Testmodul",
        "1.2",
        100,
        dt.datetime.combine(now, dt.time()),
    )
    assert sheet["A2"].data_type == "s", "a name is text, never a formula"
    assert sheet["H2"].number_format == "dd.mm.yyyy"
    missing = tmp_path / "manglar.xlsx"
    missing.write_bytes(client.get("/api/v1/reports/compliance.xlsx", headers=admin()).content)
    assert list(openpyxl.load_workbook(missing).active.iter_rows(values_only=True))[0][0] == "Eining"


def test_the_learners_own_file_opens_unchanged_and_without_formulas(soffice, client, tmp_path):
    """«Last ned resultata mine» from the tracker, as a learner with Norwegian settings opens it: 00105 stays 00105,
    the version stays a version, the date is a date in the site's time zone; with the other separator, no formula."""
    learner = {"employee": "00105", "name": "a;=1+1", "unit": "Kirurgisk poliklinikk"}
    bodies = [attempt(learner=learner) for _ in range(2)]
    for body in bodies:
        assert client.post("/api/v1/attempts", json=body).status_code == 201
    path = tmp_path / "opplaering-00105.csv"
    path.write_bytes(
        client.post("/api/v1/attempts/completions.csv", json={"attempt_ids": [b["attempt_id"] for b in bodies]}).content
    )
    now = today("Europe/Oslo")
    rows = list(open_in_calc(soffice, path, ";", tmp_path).iter_rows(values_only=True))
    assert rows[0][:3] == ("Namn", "Tilsettnummer", "Eining")
    for row in rows[1:]:
        assert row[:8] == (
            "a;'=1+1",
            "00105",
            "Kirurgisk poliklinikk",
            "test-modul",
            "Testmodul",
            "1.2",
            100,
            dt.datetime.combine(now, dt.time()),
        )
        assert row[9] == dt.datetime.combine(add_months(now, 12), dt.time())
    assert len(rows) == 3
    for separator in SEPARATORS:
        sheet = open_in_calc(soffice, path, separator, tmp_path / f"learner{SEPARATORS[separator]}", values=False)
        formulas = {
            c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")
        }
        assert formulas == ({'="00105"', '="1.2"'} if separator == ";" else set()), separator
