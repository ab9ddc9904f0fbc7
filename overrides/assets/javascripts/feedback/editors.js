// «Tilbakemeldingar frå lesarane»: the readers' feedback for editors (api/v1/feedback), by chapter and section,
// newest first, with a status and a note each editor can set and the history of both. The editors' group behind
// the intranet login (proxy mode) or the admin token entered once per tab (form mode), as on the statistics page,
// whose API client and DOM helper it shares. A reader's text is only ever set as text (textContent), never as
// markup. Loaded on that page only.
import { connect, refusal, saveToken, token } from "../manager/api.js";
import { norwegianDate } from "../dates.js";
import { el } from "../manager/view.js";
import { word } from "../words.js";

const STATUSES = [["ny", "new"], ["handsama", "handled"], ["avvist", "rejected"]];
const w = (key, values) => word(`feedback-editors-script.${key}`, values);

const root = document.querySelector("[data-feedback-editors]");
if (root) init(root);

// A local ISO time from the tracker as «dd.mm.yyyy hh:mm»: the tracker gives it in the site's time zone.
const when = (iso) => w("at", { date: norwegianDate(iso), time: iso.slice(11, 16) });

function init(root) {
  const $ = (selector) => root.querySelector(selector);
  const api = connect(root);
  const base = new URL(root.dataset.api, location.href);
  const places = JSON.parse(document.querySelector("[data-feedback-places]")?.textContent ?? '{"pages": {}, "sections": {}}');
  const status = $("[data-feedback-status]");
  const login = $("[data-feedback-login]");
  const report = $("[data-feedback-report]");
  const list = $("[data-feedback-list]");
  const forget = $("[data-feedback-forget]");
  let mode = null; // the tracker's: proxy, form, none or down
  const say = (message) => (status.textContent = message);

  // The page's own words where they differ from the statistics page's, whose access messages it shares.
  const own = ["no-tracker", "unreachable", "no-access"];
  const explain = (answer, usedToken) =>
    refusal(answer, mode, usedToken, (key, values) => (own.includes(key) ? w(key, values) : word(`stats-script.${key}`, values)));

  function showLogin(message) {
    report.hidden = true;
    login.hidden = false;
    say(message);
    const input = login.elements.token;
    input.value = "";
    input.setAttribute("aria-describedby", status.id);
  }

  async function start(focusAfter) {
    say(w("loading"));
    mode ??= await api.mode();
    if (mode === "none" || mode === "down") {
      const kind = mode;
      if (mode === "down") mode = null; // ask again on the next try: the tracker may be back
      login.hidden = report.hidden = true;
      say(explain({ kind, status: 0 }, false));
      return;
    }
    for (const note of root.querySelectorAll("[data-feedback-mode]")) note.hidden = note.dataset.feedbackMode !== mode;
    if (mode === "proxy") saveToken(null); // a token cannot pass the intranet's web server
    const usedToken = Boolean(token());
    const answer = await api.json("feedback");
    if (!answer.ok) {
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
    draw(answer.data);
    report.hidden = false;
    const count = answer.data.length;
    say(count ? w(count === 1 ? "count-one" : "count-many", { count }) : w("none"));
    if (focusAfter) $("#tilbakemeldingar-liste").focus();
  }

  // The guideline's chapters in their order, then other pages by address; in each, the page's own messages, then
  // its sections in the guideline's order; in each of those, the newest first.
  const pageOrder = Object.keys(places.pages);
  const sectionOrder = Object.keys(places.sections);
  const rank = (list, key) => (list.includes(key) ? list.indexOf(key) : list.length);

  function draw(items) {
    const pages = new Map();
    for (const item of items) {
      if (!pages.has(item.page)) pages.set(item.page, new Map());
      const sections = pages.get(item.page);
      if (!sections.has(item.section)) sections.set(item.section, []);
      sections.get(item.section).push(item);
    }
    const sorted = [...pages.keys()].sort((a, b) => rank(pageOrder, a) - rank(pageOrder, b) || a.localeCompare(b));
    list.replaceChildren(...sorted.map((page) => {
      const sections = pages.get(page);
      const keys = [...sections.keys()].sort((a, b) => (a !== null) - (b !== null) || rank(sectionOrder, a) - rank(sectionOrder, b));
      return el("section", { className: "tilbakemelding-side" },
        el("h3", {}, places.pages[page] ?? `/${page}`),
        ...keys.map((section) => el("div", { className: "tilbakemelding-punkt" },
          el("h4", {}, section === null ? w("whole-page") : place(section)),
          ...sections.get(section).sort((a, b) => b.received_at.localeCompare(a.received_at)).map(message))));
    }));
    if (!items.length) list.append(el("p", {}, w("none")));
  }

  function place(section) {
    const known = places.sections[section];
    return known ? el("a", { href: known.url }, known.label) : section;
  }

  let forms = 0;
  function message(item) {
    const n = ++forms;
    const facts = [w("received", { when: when(item.received_at) })];
    if (item.guideline_version) facts.push(w("version", { version: item.guideline_version }));
    if (item.sender) facts.push(w("from", { sender: item.sender }));
    if (item.reply_to) facts.push(w("reply-to", { reply: item.reply_to }));
    const select = el("select", { id: `tilbakemelding-status-${n}`, name: "status" },
      ...STATUSES.map(([value, key]) => new Option(w(key), value, false, value === item.status)));
    const note = el("textarea", { id: `tilbakemelding-notat-${n}`, name: "note", rows: 2, maxlength: 2000 }, item.note ?? "");
    const saved = el("p", { className: "tilbakemelding__lagra", role: "status" });
    const form = el("form", { className: "tilbakemelding__skjema", "aria-label": w("form", { when: when(item.received_at) }) },
      el("p", { className: "leiar-felt" }, el("label", { for: select.id }, w("status")), select),
      el("p", { className: "leiar-felt" }, el("label", { for: note.id }, w("note")), note),
      el("p", {}, el("button", { type: "submit", className: "md-button" }, w("save")), saved));
    const history = el("details", { className: "tilbakemelding__historikk" },
      el("summary", {}, w("changes", { count: item.changes.length })),
      item.changes.length
        ? el("ul", {}, ...item.changes.map((c) => el("li", {}, `${when(c.at)}, ${c.by}: ${label(c.status)}${c.note ? ` – ${c.note}` : ""}`)))
        : el("p", {}, w("no-changes")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      saved.textContent = w("saving");
      const answer = await patch(item.feedback_id, { status: select.value, note: note.value });
      if (!answer.ok) {
        saved.textContent = explain(answer, Boolean(token()));
        return;
      }
      Object.assign(item, answer.data);
      const fresh = message(item);
      article.replaceWith(fresh);
      fresh.querySelector("[role=status]").textContent = w("saved", { status: label(item.status) });
      fresh.querySelector("select").focus();
    });
    // The text exactly as the reader wrote it: as text, so nothing in it can become markup.
    const article = el("article", { className: "tilbakemelding", dataset: { feedbackId: item.feedback_id } },
      el("p", { className: "tilbakemelding__fakta" }, facts.join(" · ")),
      el("blockquote", { className: "tilbakemelding__tekst" }, item.text),
      form, history);
    return article;
  }

  const label = (value) => (STATUSES.some(([v]) => v === value) ? w(STATUSES.find(([v]) => v === value)[1]) : value);

  // A change to one message, with the same login as the rest of the page.
  async function patch(id, body) {
    const headers = { "Content-Type": "application/json" };
    if (token()) headers.Authorization = `Bearer ${token()}`;
    let response;
    try {
      response = await fetch(new URL(`feedback/${id}`, base), { method: "PATCH", headers, body: JSON.stringify(body) });
    } catch {
      return { ok: false, kind: "down", status: 0, detail: "" };
    }
    const data = await response.json().catch(() => null);
    if (response.ok) return { ok: true, data };
    const detail = typeof data?.detail === "string" ? data.detail : "";
    return { ok: false, kind: response.status === 401 || response.status === 403 ? "access" : response.status >= 500 ? "down" : "refused", status: response.status, detail };
  }

  login.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = login.elements.token.value.trim();
    if (!value) {
      say(word("stats-script.token-empty"));
      login.elements.token.focus();
      return;
    }
    saveToken(value);
    start(true);
  });

  forget.addEventListener("click", () => {
    saveToken(null);
    showLogin(word("stats-script.forgotten"));
    login.elements.token.focus();
  });

  for (const button of root.querySelectorAll("[data-feedback-download]")) {
    button.addEventListener("click", async () => {
      say(w("preparing", { name: button.textContent }));
      const answer = await api.download(button.dataset.feedbackDownload);
      if (answer.ok) say(word("stats-script.downloaded", { name: answer.filename }));
      else if (answer.kind === "access") start(false);
      else say(explain(answer, Boolean(token())));
    });
  }

  start(false).finally(() => (root.dataset.ready = ""));
}
