"""The one CSV writer for managers. Default: as Excel in Norway opens it (UTF-8 with BOM, semicolons, CRLF);
"rfc4180": commas and no BOM, for programs.

Formulas (OWASP CSV injection, CWE-1236), whichever of ; and , the spreadsheet splits on:
- Every text field is quoted, and a field that could start a formula (= + - @ tab CR) gets a leading '.
- Opened with the other separator, a field may be cut at a ; or , inside it: a piece that would then start a
  formula gets a ' too ("a;=1+1" is written "a;'=1+1").
Values (a spreadsheet with Norwegian settings reads 00105 as the number 105 and 1.1 as the date 1 January):
- In the Excel dialect, identifiers made only of digits and dots (employee number, module version) are written as
  the text formula ="00105". Only digits and dots ever stand inside it, and never in a row's first column, so no
  separator can turn a person's text into part of a formula. Dates are dd.mm.yyyy, which such a spreadsheet
  reads as dates; the RFC 4180 dialect, for programs, writes plain values and ISO 8601 dates."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import IO, Literal

Dialect = Literal["excel", "rfc4180"]
_FORMULA = frozenset("=+-@\t\r")
_PIECE = re.compile(r"([;,][\s\"]*)(?=[=+\-@\t\r])")
_NUMERIC = re.compile(r"[0-9][0-9.]*")


def _text(value: str) -> str:
    if ";" in value or "," in value:
        value = _PIECE.sub(r"\1'", value)
    return f"'{value}" if value[:1] in _FORMULA else value


def write_csv(out: IO[str], header: list[str], rows: Iterable[tuple], kinds: list[str], dialect: Dialect = "excel") -> int:
    """Write the header and rows to `out`; return the number of rows. `kinds` per column: id, text, int or date."""
    writer = csv.writer(out, delimiter=";" if dialect == "excel" else ",", lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    if dialect == "excel":
        out.write("\ufeff")
    writer.writerow(header)
    ids = frozenset(i for i, kind in enumerate(kinds) if kind == "id" and i > 0) if dialect == "excel" else frozenset()
    day = _norwegian if dialect == "excel" else dt.date.isoformat
    count = 0
    for count, row in enumerate(rows, start=1):
        # One inline expression rather than a function: this runs for every cell of a large export.
        writer.writerow([
            f'="{v}"' if i in ids and _NUMERIC.fullmatch(v)
            else _text(v) if v.__class__ is str
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
