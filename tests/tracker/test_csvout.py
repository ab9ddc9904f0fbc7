"""The CSV writer byte for byte: BOM, separators, CRLF, quoting, the formula guard, identifiers as text formulas
(never in the first column), dates per dialect, and the row count it reports."""

import datetime as dt
import io

from tracker.csvout import media_type, write_csv

HEADER = ["Tilsettnummer", "Namn", "Versjon", "Poeng", "Dato", "Tom"]
KINDS = ["id", "text", "id", "int", "date", "text"]
ROWS = [("00105", "=1+1", "1.2", 80, dt.date(2026, 2, 1), None), ("7", "a;-b", "x1", 0, dt.date(2026, 12, 31), "")]


def written(rows, dialect="excel", header=HEADER, kinds=KINDS):
    out = io.StringIO()
    count = write_csv(out, header, rows, kinds, dialect)
    return count, out.getvalue()


def test_excel_dialect_byte_for_byte():
    assert written(ROWS) == (
        2,
        (
            '\ufeff"Tilsettnummer";"Namn";"Versjon";"Poeng";"Dato";"Tom"\r\n'
            '"00105";"\'=1+1";"=""1.2""";80;"01.02.2026";""\r\n'
            '"7";"a;\'-b";"x1";0;"31.12.2026";""\r\n'
        ),
    )


def test_rfc4180_dialect_for_programs():
    assert written(ROWS, "rfc4180") == (
        2,
        (
            '"Tilsettnummer","Namn","Versjon","Poeng","Dato","Tom"\r\n'
            '"00105","\'=1+1","1.2",80,"2026-02-01",""\r\n'
            '"7","a;\'-b","x1",0,"2026-12-31",""\r\n'
        ),
    )


def test_excel_is_the_default():
    out = io.StringIO()
    write_csv(out, HEADER, ROWS, KINDS)
    assert out.getvalue() == written(ROWS)[1]


def test_no_rows_is_the_header_and_a_count_of_nought():
    assert written([]) == (0, '\ufeff"Tilsettnummer";"Namn";"Versjon";"Poeng";"Dato";"Tom"\r\n')
    assert written(iter(ROWS * 600))[0] == 1200  # a generator, counted as it is written


def test_media_types():
    assert media_type("excel") == "text/csv; charset=utf-8"
    assert media_type("rfc4180") == "text/csv; charset=utf-8; header=present"
