// The overview and "Mine kurs": the learner's status per module, a printable receipt, and their own CSV.
import { localIso, writeCsv } from "./csv.js";
import { bindLearner } from "./learner.js";
import { localDate, norwegianDate } from "../dates.js";
import { addMonths, status } from "./rules.js";
import { me } from "./me.js";
import { attempts, waiting } from "./storage.js";
import { STATE_CHANGED, completionsFile, lookup, state } from "./tracker.js";
import { word } from "../words.js";

const SENT = { registrert: "courses-script.registered", ventar: "courses-script.waiting" };
// The columns of the tracker's completions file (tracker/exports.py), which the learner's own file shares.
const HEADER = ["Namn", "Tilsettnummer", "Eining", "Modul-id", "Modul", "Versjon", "Resultat (%)", "Dato", "Tidspunkt (ISO 8601)", "Gyldig til", "Status"];
const KINDS = ["text", "id", "text", "text", "text", "id", "int", "date", "text", "date", "text"];
// In the file, as in the tracker's: the file's words are the tracker's, the same in every edition.
const UNLISTED = "(ikkje i personallista)";
// Where the results of this browser are kept, said plainly, so that an empty list in another browser is no surprise.
const KEPT = { form: "courses-script.kept-form", none: "courses-script.kept-none" };

export function initCourses(root) {
  const { modules, timeZone, guideline } = JSON.parse(root.querySelector("[data-quiz-catalogue]").textContent);
  // Every date in the site's time zone, not the PC's: the same dates as the tracker's exports.
  const day = (instant) => norwegianDate(localDate(instant, timeZone));
  const today = () => localDate(Date.now(), timeZone);

  function describe(s, pending) {
    if (s.state === "valid") {
      const sent = SENT[s.attempt.sent ?? state(s.attempt.id)];
      return word("courses-script.valid", { date: day(s.attempt.finishedAt), until: norwegianDate(s.validUntil) }) + (sent ? word(sent) : "");
    }
    if (s.state === "expired") return word("courses-script.expired", { date: day(s.attempt.finishedAt) });
    if (pending) return word("courses-script.pending");
    return word(s.state === "failed" ? "courses-script.failed" : "courses-script.not-started");
  }
  const list = root.querySelector("[data-courses]");
  const receipt = root.querySelector("[data-receipt]");
  const csvButton = root.querySelector("[data-courses-csv]");
  const csvStatus = Object.assign(document.createElement("span"), { className: "quiz-small" });
  csvStatus.setAttribute("role", "status");
  csvButton?.after(" ", csvStatus);

  function showReceipt(learner, module, s) {
    // Only the tracker's record makes a receipt a manager can check: an attempt this browser has not had confirmed
    // says so on the paper.
    const registered = recorded.some((r) => r.id === s.attempt.id);
    const values = {
      ...learner, ...(learner.listed === false ? { name: word("courses-script.unknown"), unit: word("courses-script.unknown") } : {}), module: module.title, moduleId: module.id, version: s.attempt.version, date: day(s.attempt.finishedAt),
      score: word("courses-script.score", s.attempt), validUntil: norwegianDate(s.validUntil),
      attemptId: s.attempt.id,
      registered: word(registered ? "courses-script.registered-receipt" : "courses-script.unconfirmed-receipt"),
    };
    for (const dd of receipt.querySelectorAll("[data-receipt-field]")) dd.textContent = values[dd.dataset.receiptField];
    receipt.hidden = false;
    receipt.focus();
  }

  const states = {};
  let recorded = [];

  // This browser's attempts and the tracker's record of this learner, each attempt once.
  function all(learner) {
    const local = attempts(learner).filter((a) => !recorded.some((r) => r.id === a.id));
    return [...local, ...recorded];
  }

  function render(learner) {
    if (list) list.hidden = !learner;
    if (receipt) receipt.hidden = true;
    const mine = learner ? all(learner) : [];
    for (const module of modules) {
      const row = root.querySelector(`[data-module="${module.id}"]`);
      const s = learner ? status(module, mine, today(), timeZone) : { state: "none" };
      states[module.id] = s;
      // An attempt sent for the tracker to score, which it has not answered (nor refused) yet.
      const pending = mine.some((a) => a.module === module.id && a.pending && !state(a.id)?.startsWith("avvist"));
      row.querySelector("[data-status]").textContent = learner ? describe(s, pending) : "–";
      const button = row.querySelector("[data-receipt-open]");
      if (button) button.hidden = s.state !== "valid";
    }
    showConfirmation(learner);
  }

  // The learner's read confirmation of the guideline version in force: the tracker's (proxy mode) or this browser's.
  const confirmationRow = root.querySelector("[data-read-confirmation-row] [data-status]");
  async function showConfirmation(learner) {
    if (!confirmationRow || !guideline) return;
    if (!learner) {
      confirmationRow.textContent = "–";
      return;
    }
    const [{ confirmed, describe }, answer] = await Promise.all([import("../reading/confirmations.js"), me()]);
    confirmationRow.textContent = describe(confirmed(guideline.version, learner, answer, timeZone));
  }

  for (const module of modules) {
    root.querySelector(`[data-module="${module.id}"] [data-receipt-open]`)?.addEventListener("click", () => showReceipt(learner(), module, states[module.id]));
  }
  // The tracker's record: in proxy mode everything it holds for this login (from any PC); in form mode the
  // attempts this browser made, confirmed by the tracker.
  const asRecord = (a) => ({
    ...a, id: a.attempt_id, finishedAt: a.finished_at, sent: "registrert", title: modules.find((m) => m.id === a.module)?.title,
  });
  async function fetchRecorded(who) {
    const answer = await me();
    const proxied = answer.state === "ok" && answer.mode === "proxy";
    const found = proxied ? answer.attempts : await lookup(attempts(who).map((a) => a.id));
    recorded = found.map(asRecord);
    render(learner());
  }
  // The queue may deliver an attempt while this page is open: the tracker's record of it replaces the one waiting.
  addEventListener(STATE_CHANGED, async (event) => {
    if (state(event.detail) !== "registrert" || !learner()) return;
    const found = (await lookup([event.detail])).map(asRecord);
    recorded = [...recorded.filter((r) => !found.some((f) => f.id === r.id)), ...found];
    render(learner());
  });

  const learner = bindLearner(root, (who) => {
    render(who);
    if (who) fetchRecorded(who);
  });

  root.querySelector("[data-receipt-print]")?.addEventListener("click", () => window.print());

  // «Mine kurs» says where results are kept (trial mode or no tracker); the learner box says when it cannot be reached.
  if (root.matches("[data-quiz-courses]")) {
    me().then((answer) => {
      const text = KEPT[answer.state === "ok" ? answer.mode : answer.state];
      if (!text) return;
      const kept = Object.assign(document.createElement("p"), { textContent: word(text) });
      kept.dataset.coursesKept = "";
      root.querySelector("[data-learner]").after(kept);
    });
  }

  // The learner's own file: from the tracker when it is there (the managers' writer), else written here in the
  // same dialect, with the same columns, from what this browser holds.
  function localFile(who) {
    const now = today();
    const rows = all(who)
      .filter((a) => a.passed && !a.pending)
      .sort((a, b) => new Date(a.finishedAt) - new Date(b.finishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((a) => {
        const module = modules.find((m) => m.id === a.module);
        const day = localDate(a.finishedAt, timeZone);
        const validUntil = module ? addMonths(day, module.validityMonths) : null;
        const expired = !module || validUntil < now || Number(a.version.split(".")[0]) < Number(module.version.split(".")[0]);
        return [who.name, who.employee, who.unit || UNLISTED, a.module, module?.title ?? "", a.version, a.score, day,
          localIso(a.finishedAt, timeZone), validUntil, expired ? "utgått" : "gyldig"];
      });
    if (!rows.length) return null;
    const blob = new Blob([writeCsv(HEADER, rows, KINDS)], { type: "text/csv;charset=utf-8" });
    return { blob, filename: `opplaering-${who.employee.replace(/[^A-Za-z0-9._-]/g, "_")}.csv` };
  }

  function save({ blob, filename }) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }

  csvButton?.addEventListener("click", async () => {
    const who = learner();
    const answer = await me();
    let file = null;
    let said = "";
    if (answer.state === "ok") {
      const got = await completionsFile(all(who).filter((a) => a.passed || a.pending).map((a) => a.id));
      if (got.ok) file = got;
      else if (got.status === 404 && got.detail) said = got.detail; // the tracker holds no pass for this learner
      else {
        file = localFile(who);
        said = word("courses-script.tracker-silent");
      }
    } else {
      file = localFile(who);
      if (answer.state !== "none") said = word("courses-script.tracker-down");
    }
    if (file) save(file);
    const count = waiting();
    const queued = file && count ? ` ${word("courses-script.still-queued", { count })}` : "";
    csvStatus.textContent = file
      ? `${said ? `${said} ` : ""}${word("courses-script.downloaded", { filename: file.filename })}${queued}`
      : said && answer.state === "ok" && said !== word("courses-script.tracker-silent") ? said : word("courses-script.none-passed");
  });
}
