"""The one CSV writer for managers. Default: as Excel in Norway opens it (UTF-8 with BOM, semicolons, CRLF);
"rfc4180": commas and no BOM, for programs.

Two things keep a spreadsheet from changing what the file says:
- Every text field is quoted, so a field can never be split, whichever of ; and , the spreadsheet splits on. A
  field that could start a formula (= + - @ tab CR) also gets a leading ' (OWASP CSV injection, CWE-1236).
- In the Excel dialect, identifier columns (employee number, module version) are written as ="00105": a
  spreadsheet would otherwise read 00105 as the number 105 and 1.1 as the date 1 January. Dates are dd.mm.yyyy,
  which a Norwegian spreadsheet reads as dates; the RFC 4180 dialect writes ISO 8601 dates for programs."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable
from typing import IO, Literal

Dialect = Literal["excel", "rfc4180"]
_FORMULA = frozenset("=+-@\t\r")


def write_csv(out: IO[str], header: list[str], rows: Iterable[tuple], kinds: list[str], dialect: Dialect = "excel") -> int:
    """Write the header and rows to `out`; return the number of rows. `kinds` per column: id, text, int or date."""
    writer = csv.writer(out, delimiter=";" if dialect == "excel" else ",", lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    if dialect == "excel":
        out.write("\ufeff")
    writer.writerow(header)
    ids = frozenset(i for i, kind in enumerate(kinds) if kind == "id") if dialect == "excel" else frozenset()
    day = _norwegian if dialect == "excel" else dt.date.isoformat
    count = 0
    for count, row in enumerate(rows, start=1):
        # One inline expression rather than a function: this runs for every cell of a large export.
        writer.writerow([
            '="' + v.replace('"', '""') + '"' if i in ids
            else (f"'{v}" if v[:1] in _FORMULA else v) if v.__class__ is str
            else day(v) if v.__class__ is dt.date
            else "" if v is None else v
            for i, v in enumerate(row)
        ])
    return count


@functools.lru_cache(maxsize=4096)
def _norwegian(value: dt.date) -> str:
    """dd.mm.yyyy, as a Norwegian spreadsheet reads a date; cached, since an export has few distinct days."""
    return value.strftime("%d.%m.%Y")


def media_type(dialect: Dialect) -> str:
    return "text/csv; charset=utf-8" + ("; header=present" if dialect == "rfc4180" else "")
