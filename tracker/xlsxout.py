"""The same tables as .xlsx with typed columns, which is what managers open: employee numbers and versions are
text, results are numbers, dates are dates. Nothing in a cell is ever read as a formula or a link.

rustpy-xlsxwriter (rust_xlsxwriter underneath) writes the sheet row by row as the rows come, so memory stays flat
however many rows; it is about eight times as fast as XlsxWriter here (bench/xlsx-writers.md says why it was chosen).
It writes to a path, never to a Python file object without holding the whole file in memory: the file is named by
its descriptor, so that an anonymous temporary file stays anonymous."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator
from typing import IO

import rustpy_xlsxwriter

# Excel's last row is 1,048,576; the header takes one.
MAX_ROWS = 1_048_575


class TooManyRows(ValueError):
    """More rows than a sheet holds: said to the manager, who can narrow the filter or take the CSV."""

    def __init__(self):
        rows = f"{MAX_ROWS:,}".replace(",", " ")
        super().__init__(f"Fila har fleire rader enn dei {rows} eit Excel-ark har plass til. "
                         "Avgrens utvalet (eining, modul eller periode), eller last ned CSV.")


def write_xlsx(out: IO[bytes], sheet: str, header: list[str], kinds: list[str], rows: Iterable[tuple]) -> int:
    """`kinds` per column: id (text a spreadsheet would misread), text, int or date (a datetime.date, or None for
    an empty cell). Every string is a text cell, identifiers too, so none is read as a number, date or formula.
    `out` is an open file (it needs a descriptor), written from its start.

    A million rows pass through here, so the records are made by map() and zip(), without a Python function call
    per row; at most MAX_ROWS are written, and a row left over means the table does not fit."""
    out.flush()
    day = rustpy_xlsxwriter.Format().set_num_format("dd.mm.yyyy")
    rows = iter(rows)
    first = next(rows, None)
    counter = itertools.count()
    if first is None:  # the library takes the header from the records' keys: a record of empty cells writes it alone
        records: Iterator[dict] = iter([dict.fromkeys(header)])
    else:
        counted = map(operator.itemgetter(0), zip(itertools.islice(itertools.chain([first], rows), MAX_ROWS), counter))
        records = map(dict, map(zip, itertools.repeat(header), counted))
    rustpy_xlsxwriter.write_worksheet(
        records, f"/dev/fd/{out.fileno()}", sheet_name=sheet, freeze_row=1, bold_headers=True, autofilter=True,
        column_formats={title: day for title, kind in zip(header, kinds) if kind == "date"},
        column_widths=[max(12, len(title) + 2) for title in header],
    )
    if next(rows, None) is not None:
        raise TooManyRows
    return next(counter)
