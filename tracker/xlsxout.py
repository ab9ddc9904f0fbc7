"""The same tables as .xlsx with typed columns, which is what managers open: employee numbers and versions are
text, results are numbers, dates are dates. Every string is an inline text cell, so nothing is ever read as a
number, a date, a formula or a link.

Written here rather than by a library: bench/xlsx-writers.md compares XlsxWriter, rustpy-xlsxwriter,
rvgsrust-xlsxwriter, fastxlsxio and pyexcelerate, and none writes a million rows within four times plain CSV with
flat memory. The workbook is the smallest one Excel opens as its own (one sheet, one style sheet; the parts
ECMA-376 requires, nothing more); the sheet is streamed into the zip (the standard library's, at the fastest
compression) a thousand rows at a time, each chunk turned into XML a column at a time, so that memory stays flat
and no Python function runs per cell in the usual case."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO
from xml.sax.saxutils import escape, quoteattr

# Excel's last row is 1,048,576; the header takes one.
MAX_ROWS = 1_048_575
_CHUNK = 1000
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (for dates from 1 March 1900 on)
# Text that needs more than its characters: markup, a carriage return, characters XML 1.0 cannot hold (written
# _xHHHH_, as Excel does), a literal _xHHHH_ (which Excel would read as such an escape), and space at either end
# (kept with xml:space). Checked on a whole column joined with NUL, so the NUL test is a count.
_MARKUP = re.compile("[&<>\r\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_SPACE = " \t\n\r"
_LEADING_SPACE = re.compile("\x00[ \t\n\r]")  # searched in the reversed column too, for space at the end


class TooManyRows(ValueError):
    """More rows than a sheet holds: said to the manager, who can narrow the filter or take the CSV."""

    def __init__(self):
        rows = f"{MAX_ROWS:,}".replace(",", " ")
        super().__init__(
            f"Fila har fleire rader enn dei {rows} eit Excel-ark har plass til. "
            "Avgrens utvalet (eining, modul eller periode), eller last ned CSV."
        )


def write_xlsx(out: IO[bytes], sheet: str, header: list[str], kinds: list[str], rows: Iterable[tuple]) -> int:
    """Write one sheet to `out` (a binary file); return the number of rows. `kinds` per column: id or text (str),
    int, decimal (a float), or date (a datetime.date); None is an empty cell."""
    last = _column_name(len(header) - 1)
    rows = iter(rows)
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        with book.open("xl/worksheets/sheet1.xml", "w") as xml:
            xml.write(_sheet_head(header).encode())
            row_xml = _row_template(kinds)
            while chunk := list(itertools.islice(rows, min(_CHUNK, MAX_ROWS - count))):
                numbers = list(map(str, range(count + 2, count + 2 + len(chunk))))
                cells: list[Sequence[str]] = [numbers]
                for kind, values in zip(kinds, zip(*chunk, strict=True), strict=True):
                    cells += [numbers, _cells(kind, values)]
                xml.write("".join(map(row_xml.__mod__, zip(*cells, strict=True))).encode())
                count += len(chunk)
            if count == MAX_ROWS and next(rows, None) is not None:
                raise TooManyRows
            xml.write(f'</sheetData><autoFilter ref="A1:{last}{count + 1}"/>{_PAGE}</worksheet>'.encode())
        name = sheet.replace("'", "''")
        book.writestr(
            "xl/workbook.xml",
            _WORKBOOK.format(name=quoteattr(sheet), area=escape(f"'{name}'!$A$1:${last}${count + 1}")),
        )
        for part, content in _PARTS.items():
            book.writestr(part, content)
    return count


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet_head(header: list[str]) -> str:
    """Frozen header row, column widths, and the header in bold (style 1)."""
    widths = "".join(
        f'<col min="{n}" max="{n}" width="{max(12, len(title) + 2)}" customWidth="1"/>'
        for n, title in enumerate(header, 1)
    )
    titles = "".join(
        f'<c r="{_column_name(n)}1" s="1" t="inlineStr"><is>{_text(title)}</is></c>' for n, title in enumerate(header)
    )
    return (
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData><row r="1">{titles}</row>'
    )


def _row_template(kinds: list[str]) -> str:
    """One row as a %-template: the row number, then per cell its row number and its XML (see _cells)."""
    cells = []
    for n, kind in enumerate(kinds):
        column = _column_name(n)
        if kind == "date":
            cells.append(f'<c r="{column}%s" s="2"%s')  # style 2: dd.mm.yyyy
        elif kind == "decimal":
            cells.append(f'<c r="{column}%s" s="3"%s')  # style 3: two decimals
        elif kind == "int":
            cells.append(f'<c r="{column}%s"%s')
        else:
            cells.append(f'<c r="{column}%s" t="inlineStr"><is>%s</is></c>')
    return '<row r="%s">' + "".join(cells) + "</row>"


def _cells(kind: str, values: tuple) -> list[str] | tuple:
    """What follows the cell's reference in _row_template, for one column of a chunk."""
    if kind == "date":
        return list(map(_date, values))
    if kind == "int":
        return list(map(_number, values))
    if kind == "decimal":
        return ["/>" if v is None else f"><v>{round(v, 6)!r}</v></c>" for v in values]
    if set(map(type, values)) == {str}:
        joined = "\x00" + "\x00".join(values) + "\x00"
        if (
            joined.count("\x00") == len(values) + 1
            and not _MARKUP.search(joined)
            and "_x" not in joined
            and not _LEADING_SPACE.search(joined)
            and not _LEADING_SPACE.search(joined[::-1])
        ):
            return ("<t>" + "</t>\x00<t>".join(values) + "</t>").split("\x00")
    return [_text("" if v is None else str(v)) for v in values]


def _text(value: str) -> str:
    value = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", _ESCAPE_LIKE.sub(r"_x005F_\1", value))
    space = ' xml:space="preserve"' if value[:1] in _SPACE or value[-1:] in _SPACE else ""
    # A carriage return as a character reference: a parser turns a plain one into a line feed.
    return f"<t{space}>{escape(value, {chr(13): '&#13;'})}</t>" if value else "<t></t>"


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date | None) -> str:
    return "/>" if value is None else f"><v>{(value - _EPOCH).days}</v></c>"


@functools.lru_cache(maxsize=4096)
def _number(value: int | None) -> str:
    return "/>" if value is None else f"><v>{value}</v></c>"


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_PAGE = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><bookViews><workbookView/></bookViews>'
    '<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">{area}</definedName></definedNames>'
    "</workbook>"
)
_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_PACKAGE}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_PACKAGE}">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>'
    ),
    # Styles: 0 the default, 1 bold (the header), 2 a date as dd.mm.yyyy, 3 a number with two decimals (built-in 2).
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}
