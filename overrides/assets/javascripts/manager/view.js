// Drawing the managers' overview from the tracker's compliance rows: the chart, the tables and the name lists.
// Everything is built as DOM nodes (no HTML strings), so names from the roster can never become markup.
import { norwegianDate } from "../dates.js";
import { word } from "../words.js";

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false).map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

// yyyy-mm-dd from the API as dd.mm.yyyy; the date is a local date already, so no Date object (and no time zone).
const shownDate = (iso) => (iso ? norwegianDate(iso) : "–");

// Rounded down, so that 199 of 200 never shows as 100 %.
export const percent = (valid, required) => (required ? Math.floor((valid * 100) / required) : 0);

const share = (valid, required) => `${percent(valid, required)} % (${valid} av ${required})`;

const STATUS = { manglar: "manager-script.status-missing", "utgått": "manager-script.status-expired", gyldig: "manager-script.status-expiring" };

// Sum per unit over the rows shown (the modules the filter keeps), in the order of `units`.
export function perUnit(rows, units) {
  const sums = new Map(units.map((unit) => [unit, { unit, required: 0, valid: 0 }]));
  for (const row of rows) {
    if (!sums.has(row.unit)) sums.set(row.unit, { unit: row.unit, required: 0, valid: 0 });
    const sum = sums.get(row.unit);
    sum.required += row.required;
    sum.valid += row.valid;
  }
  return [...sums.values()].filter((sum) => sum.required > 0);
}

export function chart(list, sums) {
  list.replaceChildren(
    ...sums.map((sum) => {
      const bar = el("span", { className: "leiar-diagram__soyle" });
      bar.style.width = `${percent(sum.valid, sum.required)}%`; // CSSOM, which a strict style-src allows
      return el(
        "li",
        { className: "leiar-diagram__rad" },
        el("span", { className: "leiar-diagram__namn" }, sum.unit),
        el("span", { className: "leiar-diagram__spor", "aria-hidden": "true" }, bar),
        el("span", { className: "leiar-diagram__tal" }, share(sum.valid, sum.required)),
      );
    }),
  );
  if (!sums.length) list.append(el("li", {}, word("manager-script.nobody-required")));
}

const number = (value) => el("td", { className: "leiar-tal" }, value);
const empty = (columns, text) => el("tr", {}, el("td", { colspan: columns }, text));

export function unitTable(tbody, sums) {
  tbody.replaceChildren(
    ...sums.map((sum) =>
      el("tr", {}, el("th", { scope: "row" }, sum.unit), number(sum.required), number(sum.valid),
        number(`${percent(sum.valid, sum.required)} %`)),
    ),
  );
  if (!sums.length) tbody.append(empty(4, word("manager-script.nobody")));
}

export function summaryTable(tbody, rows) {
  tbody.replaceChildren(
    ...rows.map((row) =>
      el(
        "tr",
        {},
        el("td", {}, row.unit),
        el("td", {}, row.module_title),
        number(row.required),
        number(share(row.valid, row.required)),
        number((row.expiring ?? []).length),
        number(row.missing.length),
      ),
    ),
  );
  if (!rows.length) tbody.append(empty(6, word("manager-script.nobody-required")));
}

let tables = 0;

function peopleTable(row) {
  const id = `leiar-namneliste-${++tables}`;
  const people = [...row.missing, ...[...(row.expiring ?? [])].sort((a, b) => (a.valid_until ?? "").localeCompare(b.valid_until ?? ""))];
  return el(
    "div",
    { className: "leiar-tabell", role: "region", "aria-labelledby": id, tabindex: "0" },
    el(
      "table",
      { className: "leiar-tabell__tabell" },
      el("caption", { id }, `${row.unit}, ${row.module_title}`),
      el("thead", {}, el("tr", {}, ...["name", "employee", "status", "valid-until"].map((key) => el("th", { scope: "col" }, word(`manager-script.${key}`))))),
      el(
        "tbody",
        {},
        ...people.map((person) =>
          el("tr", {}, el("th", { scope: "row" }, person.name), number(person.employee),
            el("td", {}, STATUS[person.status] ? word(STATUS[person.status]) : person.status), number(shownDate(person.valid_until))),
        ),
      ),
    ),
  );
}

export function people(container, rows) {
  const shown = rows.filter((row) => row.missing.length || (row.expiring ?? []).length);
  container.replaceChildren(
    ...shown.map((row) => {
      const soon = (row.expiring ?? []).length;
      return el(
        "details",
        { className: "leiar-namn" },
        el("summary", {}, word("manager-script.people", { unit: row.unit, module: row.module_title, missing: row.missing.length, soon })),
        peopleTable(row),
      );
    }),
  );
  if (!shown.length) {
    container.append(el("p", {}, word(rows.length ? "manager-script.all-valid" : "manager-script.nobody-required")));
  }
}

// The read confirmation of the guideline version in force, per unit: who must, how many have, and who has not.
export function readingTable(tbody, rows) {
  tbody.replaceChildren(
    ...rows.map((row) =>
      el("tr", {}, el("th", { scope: "row" }, row.unit), number(row.must_confirm), number(share(row.confirmed, row.must_confirm)),
        el("td", {}, row.missing.length
          ? el("ul", { className: "statistikk-liste" }, ...row.missing.map((person) => el("li", {}, `${person.name} (${person.employee})`)))
          : word("manager-script.none-missing"))),
    ),
  );
  if (!rows.length) tbody.append(empty(4, word("manager-script.nobody-must-confirm")));
}
