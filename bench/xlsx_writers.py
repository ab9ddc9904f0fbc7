""".xlsx writers compared on the completions table's shape (11 columns: text, identifiers as text, a number, two
dates, the ISO time), 100,000 and 1,000,000 rows made in memory, so that only the writer differs. Each writer runs
in its own process; wall time, CPU time and peak memory are measured, and plain csv.writer on the same rows is the
baseline in the same run. The result and the choice are in bench/xlsx-writers.md.

The tracker's own writer (tracker/xlsxout.py) needs nothing; install the libraries beside the project to compare:
  .venv/bin/pip install --target /tmp/xlsx-writers xlsxwriter==3.3.1 rustpy-xlsxwriter==0.8.0 \
      rvgsrust-xlsxwriter==0.3.5 pyexcelerate==0.13.0 fastxlsxio==0.8.2
  cd bench && PYTHONPATH=/tmp/xlsx-writers ../.venv/bin/python xlsx_writers.py
A writer that is not installed is left out of the table.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tracker.exports import COMPLETION_KINDS as KINDS  # noqa: E402 - the completions file's own columns
from tracker.exports import COMPLETIONS as HEADER  # noqa: E402

WRITERS = {
    "csv (baseline)": "csv",
    "tracker/xlsxout.py (chosen)": "tracker",
    "XlsxWriter 3.3.1, constant_memory": "xlsxwriter",
    "rustpy-xlsxwriter 0.8.0": "rustpy_xlsxwriter",
    "rvgsrust-xlsxwriter 0.3.5, constant_memory": "rvgsrust_xlsxwriter",
    "fastxlsxio 0.8.2, constant_memory": "fastxlsxio",
    "pyexcelerate 0.13.0": "pyexcelerate",
}


def rows(n: int):
    base = dt.datetime(2026, 1, 1, 1)
    for i in range(n):
        moment = base + dt.timedelta(seconds=20 * i)
        day = moment.date()
        yield (
            f"Person {i % 20000}",
            f"{i % 20000:05d}",
            f"Eining {i % 60}",
            "test-modul",
            "Testmodul",
            "1.2",
            100,
            day,
            moment.isoformat() + "+01:00",
            day.replace(year=day.year + 1),
            "gyldig",
        )


def write(module: str, n: int, path: Path) -> None:
    if module == "csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out, delimiter=";", quoting=csv.QUOTE_NONNUMERIC).writerows(rows(n))
    elif module == "xlsxwriter":  # the tracker's writer until issue 29
        import xlsxwriter

        book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        day = book.add_format({"num_format": "dd.mm.yyyy"})
        sheet = book.add_worksheet("gjennomforingar")
        sheet.write_row(0, 0, HEADER)
        for r, row in enumerate(rows(n), start=1):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), day)
                elif isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
        book.close()
    elif module == "tracker":  # the sheet XML written a column at a time, the standard library's zip at level 1
        from tracker.xlsxout import write_xlsx

        with path.open("wb") as out:
            write_xlsx(out, "gjennomforingar", HEADER, KINDS, rows(n))
    elif module == "rustpy_xlsxwriter":  # rust_xlsxwriter; streams records (dicts) in constant memory to a path
        import rustpy_xlsxwriter

        day = rustpy_xlsxwriter.Format().set_num_format("dd.mm.yyyy")
        rustpy_xlsxwriter.write_worksheet(
            map(dict, map(zip, itertools.repeat(HEADER), rows(n))),
            str(path),
            sheet_name="gjennomforingar",
            freeze_row=1,
            bold_headers=True,
            autofilter=True,
            column_formats={"Dato": day, "Gyldig til": day},
        )
    elif module == "fastxlsxio":  # needs numpy; takes sequences of rows
        import fastxlsxio

        book = fastxlsxio.XIOWWorkbook(str(path))
        sheet = book.add_worksheet("gjennomforingar")
        day = book.add_format({"num_format": "dd.mm.yyyy"})
        sheet.write_row(0, 0, HEADER)
        source, r = rows(n), 1
        while batch := list(itertools.islice(source, 5000)):
            sheet.write_rows(r, 0, batch, [None] * 7 + [day, None, day, None])
            r += len(batch)
        book.save()
    elif module == "rvgsrust_xlsxwriter":  # takes lists of rows, so in batches
        import rvgsrust_xlsxwriter

        book = rvgsrust_xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("gjennomforingar", constant_memory=True)
        sheet.write_row(0, 0, HEADER)
        source, r = rows(n), 1
        while batch := [list(row) for row in itertools.islice(source, 5000)]:
            sheet.write_rows(r, 0, batch)
            r += len(batch)
        book.close()
    elif module == "pyexcelerate":  # holds the whole sheet in memory
        from pyexcelerate import Workbook

        book = Workbook()
        book.new_sheet("gjennomforingar", data=[HEADER, *rows(n)])
        book.save(str(path))


def measure(module: str, n: int, folder: Path) -> dict:
    path = folder / f"{module}-{n}.{'csv' if module == 'csv' else 'xlsx'}"
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--one", module, str(n), str(path)])
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"{module} failed")
    result = {
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
        "mb": round(path.stat().st_size / 1e6, 1),
    }
    path.unlink()
    return result


def main() -> None:
    runs: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (100_000, 1_000_000):
            for name, module in WRITERS.items():
                if module not in ("csv", "tracker") and importlib.util.find_spec(module) is None:
                    continue
                runs.setdefault(name, {})[f"{n}_rows"] = measure(module, n, Path(tmp))
    for sizes in runs.values():
        for size, result in sizes.items():
            result["cpu_ratio_to_csv"] = round(result["cpu_seconds"] / runs["csv (baseline)"][size]["cpu_seconds"], 2)
    print(json.dumps(runs, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        write(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
