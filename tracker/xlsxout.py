"""The same tables as .xlsx with typed columns, which is what managers open: employee numbers and versions are
text, results are numbers, dates are dates. XlsxWriter's constant-memory mode writes row by row, so memory stays
flat however many rows; nothing in a cell is ever read as a formula or a link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO

import xlsxwriter

# Excel's last row is 1,048,576; the header takes one.
MAX_ROWS = 1_048_575


def write_xlsx(out: IO[bytes], sheet: str, header: list[str], kinds: list[str], rows: Iterable[tuple]) -> int:
    """`kinds` per column: text, int or date (a datetime.date, or None for an empty cell)."""
    book = xlsxwriter.Workbook(out, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    try:
        bold = book.add_format({"bold": True})
        day = book.add_format({"num_format": "dd.mm.yyyy"})
        text = book.add_format({"num_format": "@"})
        ws = book.add_worksheet(sheet)
        ws.freeze_panes(1, 0)
        for column, (title, kind) in enumerate(zip(header, kinds)):
            ws.set_column(column, column, max(12, len(title) + 2), day if kind == "date" else text if kind == "text" else None)
            ws.write_string(0, column, title, bold)
        writers = [_writer(ws, kind, day) for kind in kinds]
        count = 0
        for count, row in enumerate(rows, start=1):
            if count > MAX_ROWS:
                raise ValueError(f"meir enn {MAX_ROWS} rader får ikkje plass i eitt ark: avgrens filteret, eller bruk CSV")
            for column, (write, value) in enumerate(zip(writers, row)):
                if value is not None and value != "":
                    write(count, column, value)
        ws.autofilter(0, 0, count, len(header) - 1)
    finally:
        book.close()
    return count


def _writer(ws, kind: str, day):
    if kind == "int":
        return ws.write_number
    if kind == "date":
        return lambda r, c, v: ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), day)
    return ws.write_string
