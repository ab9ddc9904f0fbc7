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
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import IO, Literal

Dialect = Literal["excel", "rfc4180"]
_FORMULA = frozenset("=+-@\t\r")
_PIECE = re.compile(r"([;,][\s\"]*)(?=[=+\-@\t\r])")
_NUMERIC = re.compile(r"[0-9][0-9.]*")
# The same tests on a whole column joined with NUL: every cell an identifier; some cell starting a formula.
_ALL_NUMERIC = re.compile(r"[0-9][0-9.]*(?:\x00[0-9][0-9.]*)*")
_FORMULA_START = re.compile("\x00[=+\\-@\t\r]")
_STR, _DATE, _CONVERTED = {str}, {dt.date}, {str, dt.date, type(None)}
_CHUNK = 1000


def _text(value: str) -> str:
    if ";" in value or "," in value:
        value = _PIECE.sub(r"\1'", value)
    return f"'{value}" if value[:1] in _FORMULA else value


def write_csv(
    out: IO[str], header: list[str], rows: Iterable[tuple], kinds: list[str], dialect: Dialect = "excel"
) -> int:
    """Write the header and rows to `out`; return the number of rows. `kinds` per column: id, text, int, decimal or
    date.

    A large export is a million rows, and a function call per cell would cost more than the csv module's own
    writing. So the rows are taken a thousand at a time and turned into columns, and a column is checked as one
    string: one with nothing that needs care (the usual case) is written as it is; any other is converted cell
    by cell by `_cells`, which is the rule itself."""
    writer = csv.writer(
        out, delimiter=";" if dialect == "excel" else ",", lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC
    )
    if dialect == "excel":
        out.write("\ufeff")
    writer.writerow(header)
    day = _norwegian if dialect == "excel" else dt.date.isoformat
    count = 0
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, _CHUNK)):
        count += len(chunk)
        widths = set(map(len, chunk))
        width = max(widths)
        ids = [dialect == "excel" and 0 < i < len(kinds) and kinds[i] == "id" for i in range(width)]
        decimal = [i < len(kinds) and kinds[i] == "decimal" for i in range(width)]
        if len(widths) == 1:
            columns = zip(zip(*chunk, strict=True), ids, strict=True)
            writer.writerows(
                zip(
                    *[
                        _decimals(values, dialect) if decimal[i] else _column(values, is_id, day)
                        for i, (values, is_id) in enumerate(columns)
                    ],
                    strict=True,
                )
                if width
                else chunk
            )
        else:  # rows of different lengths, which no table here has: cell by cell
            writer.writerows(
                [_decimals((v,), dialect)[0] if decimal[i] else _cells((v,), ids[i], day)[0] for i, v in enumerate(row)]
                for row in chunk
            )
    return count


def _column(values: tuple, is_id: bool, day) -> Sequence:
    """One column of a chunk, converted as `_cells` would, with string operations on the whole column where that
    gives the same result."""
    types = set(map(type, values))
    if types == _STR:
        joined = "\x00".join(values)
        if is_id:
            if _ALL_NUMERIC.fullmatch(joined):
                return ('="' + '"\x00="'.join(values) + '"').split("\x00")
        elif ";" not in joined and "," not in joined and not _FORMULA_START.search("\x00" + joined):
            return values
    elif types == _DATE:
        return list(map(day, values))
    elif not types & _CONVERTED:
        return values
    return _cells(values, is_id, day)


def _cells(values: Iterable, is_id: bool, day) -> list:
    """The rule, cell by cell: an identifier made of digits and dots as a text formula, text with its formula guard,
    a date as the dialect writes it, nothing as an empty field."""
    return [
        f'="{v}"'
        if is_id and _NUMERIC.fullmatch(v)
        else _text(v)
        if v.__class__ is str
        else day(v)
        if v.__class__ is dt.date
        else ""
        if v is None
        else v
        for v in values
    ]


class _Comma(float):
    """A number with two decimals and a decimal comma, as a Norwegian spreadsheet reads one. A float to the csv
    module, so it is written unquoted (QUOTE_NONNUMERIC quotes only what is not a number); the text is ours, digits
    and a sign only, so nothing in it can start a formula."""

    def __str__(self) -> str:
        return f"{float(self):.2f}".replace(".", ",")


def _decimals(values: Iterable, dialect: Dialect) -> list:
    """A column of the kind decimal (a correlation, a coefficient): two decimals, with a comma in the Excel dialect;
    None as an empty field."""
    if dialect == "excel":
        return ["" if v is None else _Comma(v) for v in values]
    return ["" if v is None else round(v, 2) for v in values]


@functools.lru_cache(maxsize=4096)
def _norwegian(value: dt.date) -> str:
    """dd.mm.yyyy, as a Norwegian spreadsheet reads a date; cached, since an export has few distinct days."""
    return value.strftime("%d.%m.%Y")


def media_type(dialect: Dialect) -> str:
    return "text/csv; charset=utf-8" + ("; header=present" if dialect == "rfc4180" else "")
