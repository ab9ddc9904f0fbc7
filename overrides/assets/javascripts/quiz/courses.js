// The overview and "Mine kurs": the learner's status per module, a printable receipt, and their own CSV.
import { toCsv } from "./csv.js";
import { bindLearner } from "./learner.js";
import { localDate, norwegianDate, status } from "./rules.js";
import { attempts } from "./storage.js";
import { STATE_CHANGED, lookup, me, state } from "./tracker.js";

const SENT = { registrert: " (registrert)", ventar: " (ventar på sending)" };
const PENDING = "Levert, ventar på retting frå sporingstenesta";

export function initCourses(root) {
  const { modules, timeZone } = JSON.parse(root.querySelector("[data-quiz-catalogue]").textContent);
  // Every date in the site's time zone, not the PC's: the same dates as the tracker's exports.
  const day = (instant) => norwegianDate(localDate(instant, timeZone));
  const today = () => localDate(Date.now(), timeZone);

  function describe(s, pending) {
    if (s.state === "valid") {
      return `Bestått ${day(s.attempt.finishedAt)}, gyldig til ${norwegianDate(s.validUntil)}${SENT[s.attempt.sent ?? state(s.attempt.id)] ?? ""}`;
    }
    if (s.state === "expired") return `Utgått (bestått ${day(s.attempt.finishedAt)}): ta modulen på nytt`;
    if (pending) return PENDING;
    return s.state === "failed" ? "Ikkje bestått enno" : "Ikkje starta";
  }
  const list = root.querySelector("[data-courses]");
  const receipt = root.querySelector("[data-receipt]");

  function showReceipt(learner, module, s) {
    // Only the tracker's record makes a receipt a manager can check: an attempt this browser has not had confirmed
    // says so on the paper.
    const registered = recorded.some((r) => r.id === s.attempt.id);
    const values = {
      ...learner, module: module.title, moduleId: module.id, version: s.attempt.version, date: day(s.attempt.finishedAt),
      score: `${s.attempt.score} % (${s.attempt.correct} av ${s.attempt.total} rette)`, validUntil: norwegianDate(s.validUntil),
      attemptId: s.attempt.id,
      registered: registered ? "Registrert i sporingstenesta" : "Ikkje stadfesta av sporingstenesta enno, så kvitteringa kan ikkje kontrollerast",
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
      const s = (states[module.id] = learner ? status(module, mine, today(), timeZone) : { state: "none" });
      // An attempt sent for the tracker to score, which it has not answered (nor refused) yet.
      const pending = mine.some((a) => a.module === module.id && a.pending && !state(a.id)?.startsWith("avvist"));
      row.querySelector("[data-status]").textContent = learner ? describe(s, pending) : "–";
      const button = row.querySelector("[data-receipt-open]");
      if (button) button.hidden = s.state !== "valid";
    }
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
    const found = answer?.mode === "proxy" ? answer.attempts : await lookup(attempts(who).map((a) => a.id));
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
  root.querySelector("[data-courses-csv]")?.addEventListener("click", () => {
    const who = learner();
    const rows = [["Tilsettnummer", "Namn", "Eining", "Modul", "Modul-id", "Versjon", "Resultat (%)", "Dato", "Dato (ISO 8601)"]];
    for (const a of all(who).filter((attempt) => attempt.passed)) {
      rows.push([who.employee, who.name, who.unit, a.title, a.module, a.version, a.score, day(a.finishedAt), a.finishedAt]);
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }));
    link.download = `opplaering-${who.employee}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  });
}
