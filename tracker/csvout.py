"""The one CSV writer for managers. Default: as Excel in Norway opens it (UTF-8 with BOM, semicolons, CRLF);
"rfc4180": commas and no BOM. A cell that could start a formula (= + - @ tab CR) gets a leading '
(OWASP CSV injection, CWE-1236)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Literal

Dialect = Literal["excel", "rfc4180"]
_FORMULA = frozenset("=+-@\t\r")


def csv_lines(header: list[str], rows: Iterable[list[object]], dialect: Dialect = "excel", batch: int = 1000) -> Iterator[str]:
    """Yield the CSV in chunks of `batch` rows, so that a large export streams with flat memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "excel" else ",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if dialect == "excel":
        buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        # Checked inline rather than in a function: this runs for every cell of a large export.
        writer.writerow([f"'{v}" if v.__class__ is str and v[:1] in _FORMULA else v for v in row])
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def media_type(dialect: Dialect) -> str:
    return "text/csv; charset=utf-8" + ("; header=present" if dialect == "rfc4180" else "")
