// The learner's own CSV when there is no tracker to write it: byte for byte the dialect of the tracker's
// csvout.py (Excel in Norway: UTF-8 with BOM, semicolons, CRLF), so that the file is the same wherever it comes from.
// - Every text is quoted; a cell that could start a formula (= + - @ tab CR), or a piece of it after a ; or ,
//   (should it be opened with the other separator), gets a ' in front.
// - Identifiers made only of digits and dots (employee number, version), never in the first column, are written
//   as the text formula ="00105", so that 00105 stays 00105 and 2.1 is not a date; dates are dd.mm.yyyy.
// - Numbers are written bare; a missing value is an empty quoted cell.
import { norwegianDate } from "../dates.js";

const FORMULA = /^[=+\-@\t\r]/;
const PIECE = /([;,][\s"]*)(?=[=+\-@\t\r])/g;
const NUMERIC = /^[0-9][0-9.]*$/;

const quoted = (text) => `"${text.replaceAll('"', '""')}"`;

function guarded(text) {
  const pieces = text.replace(PIECE, "$1'");
  return FORMULA.test(pieces) ? `'${pieces}` : pieces;
}


function field(value, kind, index) {
  if (value === null || value === undefined) return '""';
  if (kind === "int") return String(value);
  if (kind === "date") return quoted(norwegianDate(value));
  if (kind === "id" && index > 0 && NUMERIC.test(value)) return quoted(`="${value}"`);
  return quoted(guarded(String(value)));
}

// `kinds` per column: id, text, int or date (yyyy-mm-dd), as in csvout.write_csv.
export function writeCsv(header, rows, kinds) {
  const lines = [header.map(quoted), ...rows.map((row) => row.map((value, i) => field(value, kinds[i], i)))];
  return `\uFEFF${lines.map((cells) => cells.join(";")).join("\r\n")}\r\n`;
}

// An instant as local date and time in `timeZone` with its offset, to the second (cut, not rounded), as the
// tracker's isoformat(timespec="seconds"): 2026-11-22T10:15:00+01:00.
export function localIso(instant, timeZone) {
  const time = Math.floor(new Date(instant).getTime() / 1000) * 1000;
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
  const p = Object.fromEntries(format.formatToParts(new Date(time)).map(({ type, value }) => [type, value]));
  const offset = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - time) / 60000);
  const sign = offset < 0 ? "-" : "+";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}
