// CSV as Excel in Norway opens it: UTF-8 with BOM, semicolons, CRLF; the same rules as the tracker's csvout.py.
// Every cell is quoted, so no separator can split it; a cell that could start a formula (= + - @ tab CR), or a
// piece of it after a ; or , (should it be opened with the other separator), gets a ' in front.
const FORMULA = /^[=+\-@\t\r]/;
const PIECE = /([;,][\s"]*)(?=[=+\-@\t\r])/g;

function cell(value) {
  let text = String(value ?? "").replace(PIECE, "$1'");
  if (FORMULA.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export const toCsv = (rows) => "\uFEFF" + rows.map((row) => row.map(cell).join(";")).join("\r\n") + "\r\n";
