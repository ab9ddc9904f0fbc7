// «Statistikk over spørsmåla»: the tracker's item statistics for editors (api/v1/stats/), with the intranet login's
// editors' group (proxy mode) or the admin token entered once per browser tab (form mode), as on the managers' page,
// whose API client and DOM helper it shares. Its words are the site's (content/interface.yml): the page's in its
// Markdown, what this script says in the stats-script area («{name}» is filled in). Loaded on that page only.
import { connect, refusal, saveToken, token } from "./manager/api.js";
import { el } from "./manager/view.js";
import { word } from "./words.js";

const root = document.querySelector("[data-stats]");
if (root) init(root);

function init(root) {
  const $ = (selector) => root.querySelector(selector);
  const api = connect(root);
  const status = $("[data-stats-status]");
  const login = $("[data-stats-login]");
  const report = $("[data-stats-report]");
  const filter = $("[data-stats-filter]");
  const modules = filter.elements.module;
  const forget = $("[data-stats-forget]");
  let mode = null; // the tracker's: proxy, form, none or down
  let latest = 0; // only the answer to the last request is drawn
  let busy = false;

  // text("noTracker") is the word stats-script.no-tracker; {name} in it is filled from `values`.
  const text = (key, values = {}) => word(`stats-script.${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, values);
  const say = (message) => (status.textContent = message);
  const percent = (share) => `${Math.round(share * 100)} %`;
  // Two decimals with a decimal comma and a real minus sign, as Norwegian writes them (not left to the browser's
  // locale data, which a browser may lack for nynorsk).
  const decimal = (value) => value.toFixed(2).replace(".", ",").replace("-", "−");
  const filters = () => ({ module: modules.value, attempts: filter.elements.attempts.value });

  const explain = (answer, usedToken) => refusal(answer, mode, usedToken, (key, values) => word(`stats-script.${key}`, values));

  function showLogin(message) {
    report.hidden = true;
    login.hidden = false;
    say(message);
    const input = login.elements.token;
    input.value = "";
    input.setAttribute("aria-describedby", status.id);
  }

  async function start(focusAfter) {
    say(text("loading"));
    mode ??= await api.mode();
    if (mode === "none" || mode === "down") {
      const kind = mode;
      if (mode === "down") mode = null; // ask again on the next try: the tracker may be back
      login.hidden = report.hidden = true;
      say(explain({ kind, status: 0 }, false));
      return;
    }
    for (const note of root.querySelectorAll("[data-stats-mode]")) note.hidden = note.dataset.statsMode !== mode;
    if (mode === "proxy") saveToken(null); // a token cannot pass the intranet's web server
    const usedToken = Boolean(token());
    const answer = await api.json("stats/modules");
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
    login.hidden = true;
    forget.hidden = !token();
    const chosen = modules.value;
    modules.replaceChildren(...answer.data.modules.map((module) => new Option(module.title, module.id)));
    if (chosen) modules.value = chosen;
    report.hidden = false;
    await show();
    if (focusAfter) $("#statistikk-modulen").focus();
  }

  const number = (value) => el("td", { className: "leiar-tal" }, value);
  const tooFew = (minimum) => text("tooFew", { minimum });
  const empty = (columns, message) => el("tr", {}, el("td", { colspan: columns }, message));

  function versions(tbody, data) {
    const few = tooFew(data.thresholds.minimum);
    tbody.replaceChildren(
      ...data.versions.map((v) =>
        v.attempts === null
          ? el("tr", {}, el("th", { scope: "row" }, v.version), el("td", { colspan: 5 }, few))
          : el("tr", {}, el("th", { scope: "row" }, v.version), number(v.attempts), number(v.with_items), number(percent(v.pass_rate)),
              number(`${Math.round(v.mean_score)} %`), number(v.alpha === null ? "–" : decimal(v.alpha))),
      ),
    );
    if (!data.versions.length) tbody.append(empty(6, text("noVersions")));
  }

  function sections(tbody, data) {
    const few = tooFew(data.thresholds.minimum);
    tbody.replaceChildren(
      ...data.sections.map((s) => {
        // The URL is relative to the module's page, which lies as deep in the site as this one.
        const name = s.url ? el("a", { href: s.url }, s.label) : s.label;
        return s.share_right === null
          ? el("tr", {}, el("th", { scope: "row" }, name), el("td", { colspan: 2 }, few), number(s.questions))
          : el("tr", {}, el("th", { scope: "row" }, name), number(percent(s.share_right)), number(s.answers), number(s.questions));
      }),
    );
  }

  function questions(tbody, data) {
    const few = tooFew(data.thresholds.minimum);
    tbody.replaceChildren(
      ...data.questions.map((q) => {
        const name = el("th", { scope: "row" }, el("code", {}, q.id), q.case ? ` (${q.case})` : "");
        if (q.drawn === null) return el("tr", {}, name, el("td", { colspan: 5 }, few));
        const options = el("ul", { className: "statistikk-liste" },
          ...q.options.map((o) => el("li", {}, el("code", {}, o.id), o.right ? ` (${text("right")})` : "", `: ${percent(o.share)}`)));
        const flags = q.flags.length ? el("ul", { className: "statistikk-liste" }, ...q.flags.map((f) => el("li", {}, f.reason))) : text("noFlags");
        return el("tr", {}, name, number(q.drawn), number(percent(q.facility)),
          number(q.discrimination === null ? "–" : decimal(q.discrimination)), el("td", {}, options), el("td", {}, flags));
      }),
    );
  }

  async function show() {
    const ticket = ++latest;
    say(text("loading"));
    const answer = await api.json("stats/items", filters());
    if (ticket !== latest) return;
    if (!answer.ok) {
      if (answer.kind === "access") return start(false);
      say(explain(answer, Boolean(token())));
      return;
    }
    const data = answer.data;
    versions($("[data-stats-versions] tbody"), data);
    sections($("[data-stats-sections] tbody"), data);
    questions($("[data-stats-questions] tbody"), data);
    say(text("ready", { module: data.title, rule: text(data.attempts) }));
  }

  login.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = login.elements.token.value.trim();
    if (!value) {
      say(text("tokenEmpty"));
      login.elements.token.focus();
      return;
    }
    saveToken(value);
    start(true);
  });

  forget.addEventListener("click", () => {
    saveToken(null);
    showLogin(text("forgotten"));
    login.elements.token.focus();
  });

  filter.addEventListener("change", show);
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    show();
  });

  // The files are small (a row per question and section), so they are fetched in one request. The buttons stay
  // focusable while one is fetched (aria-disabled, not disabled), so that a keyboard user keeps their place.
  const buttons = [...root.querySelectorAll("[data-stats-download]")];
  for (const button of buttons) {
    button.addEventListener("click", async () => {
      if (busy) return;
      busy = true;
      for (const other of buttons) other.setAttribute("aria-disabled", "true");
      say(text("preparing", { name: button.textContent }));
      const answer = await api.download(`stats/${button.dataset.statsDownload}`, filters());
      for (const other of buttons) other.removeAttribute("aria-disabled");
      busy = false;
      if (answer.ok) say(text("downloaded", { name: answer.filename }));
      else if (answer.kind === "access") start(false);
      else say(explain(answer, Boolean(token())));
    });
  }

  start(false).finally(() => (root.dataset.ready = ""));
}
