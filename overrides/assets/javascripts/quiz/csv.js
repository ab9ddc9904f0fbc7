// CSV as Excel in Norway opens it: UTF-8 with BOM, semicolons, CRLF. A cell that could start a formula
// (= + - @ tab CR) is prefixed with ' so that Excel shows it as text.
const FORMULA = /^[=+\-@\t\r]/;

function cell(value) {
  let text = String(value ?? "");
  if (FORMULA.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const toCsv = (rows) => "\uFEFF" + rows.map((row) => row.map(cell).join(";")).join("\r\n") + "\r\n";
