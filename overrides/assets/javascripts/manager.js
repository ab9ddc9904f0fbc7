// «Leiaroversikt»: completion per unit and module from the tracker, with the manager's own intranet login (proxy
// mode) or an admin token entered once per browser tab (form mode). The page offers only what works in the mode the
// tracker runs in: behind the intranet login no token field and no word of a token. Loaded on that page only.
import { connect, refusal, saveToken, token } from "./manager/api.js";
import { chart, el, people, perUnit, readingTable, summaryTable, unitTable } from "./manager/view.js";
import { word } from "./words.js";

const SAY_MS = 15_000;

const root = document.querySelector("[data-manager]");
if (root) init(root);

function init(root) {
  const $ = (selector) => root.querySelector(selector);
  const api = connect(root);
  const status = $("[data-manager-status]");
  const login = $("[data-manager-login]");
  const report = $("[data-manager-report]");
  const filter = $("[data-manager-filter]");
  const units = filter.elements.unit;
  const modules = filter.elements.module;
  const forget = $("[data-manager-forget]");
  let scope = null;
  let mode = null; // the tracker's: proxy, form, none or down
  let latest = 0; // only the answer to the last request is drawn

  const say = (text) => (status.textContent = text);

  const explain = (answer, usedToken) => refusal(answer, mode, usedToken, (key, values) => word(`manager-script.${key}`, values));

  function showLogin(message) {
    report.hidden = true;
    login.hidden = false;
    say(message);
    const input = login.elements.token;
    input.value = "";
    input.setAttribute("aria-describedby", status.id);
  }

  function fill(select, options) {
    select.replaceChildren(new Option(word("manager-script.all"), ""), ...options.map(([value, text]) => new Option(text, value)));
  }

  async function start(focusAfter) {
    say(word("manager-script.loading"));
    mode ??= await api.mode();
    if (mode === "none" || mode === "down") {
      const kind = mode;
      if (mode === "down") mode = null; // ask again on the next try: the tracker may be back
      login.hidden = report.hidden = true;
      say(explain({ kind, status: 0 }, false));
      return;
    }
    for (const text of root.querySelectorAll("[data-manager-mode]")) text.hidden = text.dataset.managerMode !== mode;
    if (mode === "proxy") saveToken(null); // a token cannot pass the intranet's web server
    const usedToken = Boolean(token());
    const answer = await api.json("reports/scope");
    if (!answer.ok) {
      // Form mode: 401 means no token yet, or a refused one; the token field is the way in. Proxy mode: the
      // intranet login says who this is and the tracker says no; its reason is the answer, never a token field.
      if (mode !== "proxy" && (answer.status === 401 || (answer.kind === "access" && usedToken))) {
        if (usedToken) saveToken(null);
        showLogin(explain(answer, usedToken));
        if (focusAfter) login.elements.token.focus();
      } else {
        login.hidden = report.hidden = true;
        say(explain(answer, usedToken));
      }
      return;
    }
    scope = answer.data;
    login.hidden = true;
    forget.hidden = !token();
    fill(units, scope.units.map((unit) => [unit, unit]));
    fill(modules, scope.modules.map((module) => [module.id, module.title]));
    $("[data-manager-who]").textContent = scope.admin
      ? word("manager-script.admin")
      : word("manager-script.scope", { who: scope.who, units: scope.units.join(", ") || word("manager-script.no-units") });
    report.hidden = false;
    await show();
    if (!scope.units.length) {
      say(word("manager-script.no-roster"));
    }
    if (focusAfter) $("#leiar-per-eining").focus();
  }

  const filters = () => ({ unit: units.value, module: modules.value });

  async function show() {
    const ticket = ++latest;
    say(word("manager-script.loading"));
    const [answer, reading] = await Promise.all([api.json("reports/compliance", filters()), api.json("reports/read-confirmations", { unit: units.value })]);
    if (ticket !== latest) return;
    if (!answer.ok) {
      if (answer.kind === "access") return start(false);
      say(explain(answer, Boolean(token())));
      return;
    }
    const order = new Map(scope.modules.map((module, index) => [module.id, index]));
    const rows = [...answer.data].sort(
      (a, b) => a.unit.localeCompare(b.unit, "nn") || (order.get(a.module) ?? 99) - (order.get(b.module) ?? 99),
    );
    const sums = perUnit(rows, scope.units.filter((unit) => !units.value || unit === units.value));
    chart($("[data-manager-chart]"), sums);
    unitTable($("[data-manager-units] tbody"), sums);
    summaryTable($("[data-manager-summary] tbody"), rows);
    people($("[data-manager-people]"), rows);
    // A tracker without the read confirmations' report, or a site without a guideline: the table says nothing.
    readingTable($("[data-manager-reading] tbody"), reading.ok ? reading.data : []);
    const missing = rows.reduce((n, row) => n + row.missing.length, 0);
    const counts = `${sums.length === 1 ? "one" : "many"}-${missing === 1 ? "one" : "many"}`;
    say(word(`manager-script.updated-${counts}`, { units: sums.length, missing }));
  }

  login.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = login.elements.token.value.trim();
    if (!value) {
      say(word("manager-script.token-empty"));
      login.elements.token.focus();
      return;
    }
    saveToken(value);
    start(true);
  });

  forget.addEventListener("click", () => {
    saveToken(null);
    scope = null;
    showLogin(word("manager-script.forgotten"));
    login.elements.token.focus();
  });

  filter.addEventListener("change", show);
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    show();
  });

  // A file can take a minute to prepare. The status (a live region) says so once, and again every SAY_MS with the
  // rows written so far; the progress bar under the buttons shows them as they come. The buttons stay focusable
  // (aria-disabled, not disabled), so that a keyboard user keeps their place.
  const buttons = [...root.querySelectorAll("[data-manager-download]")];
  const progress = el("div", { className: "leiar-framdrift", "data-manager-progress": "", hidden: "" },
    el("p", { id: "leiar-framdrift-tekst" }),
    el("progress", { "aria-labelledby": "leiar-framdrift-tekst" }));
  buttons.at(-1)?.closest("ul")?.after(progress);
  const progressText = progress.querySelector("p");
  let busy = false;
  const rows = (n) => word(n === 1 ? "manager-script.row" : "manager-script.rows", { count: n.toLocaleString("nn-NO") });

  for (const button of buttons) {
    button.addEventListener("click", async () => {
      if (busy) return;
      busy = true;
      for (const other of buttons) other.setAttribute("aria-disabled", "true");
      const name = button.textContent;
      say(word("manager-script.preparing", { name }));
      progressText.textContent = word("manager-script.progress", { name });
      progress.hidden = false;
      progress.scrollIntoView({ block: "center" });
      let said = Date.now();
      const answer = await api.prepare(`reports/${button.dataset.managerDownload}`, filters(), (job) => {
        const sofar = job.state === "waiting" ? word("manager-script.in-queue") : word("manager-script.so-far", { rows: rows(job.rows) });
        progressText.textContent = word("manager-script.progress-rows", { name, sofar });
        if (Date.now() - said >= SAY_MS) {
          said = Date.now();
          say(word("manager-script.still", { name, sofar }));
        }
      });
      progress.hidden = true;
      for (const other of buttons) other.removeAttribute("aria-disabled");
      busy = false;
      if (answer.ok) say(word("manager-script.downloaded", { filename: answer.filename, rows: rows(answer.rows) }));
      else if (answer.kind === "access") start(false);
      else say(explain(answer, Boolean(token())));
    });
  }

  start(false).finally(() => (root.dataset.ready = ""));
}
