// The overview and "Mine kurs": the learner's status per module, a printable receipt, and their own CSV.
import { toCsv } from "./csv.js";
import { bindLearner } from "./learner.js";
import { norwegianDate, status } from "./rules.js";
import { attempts } from "./storage.js";

const today = () => new Date().toISOString().slice(0, 10);

function describe(s) {
  if (s.state === "valid") return `Bestått ${norwegianDate(s.attempt.finishedAt)}, gyldig til ${norwegianDate(s.validUntil)}`;
  if (s.state === "expired") return `Utgått (bestått ${norwegianDate(s.attempt.finishedAt)}): ta modulen på nytt`;
  return s.state === "failed" ? "Ikkje bestått enno" : "Ikkje starta";
}

export function initCourses(root) {
  const { modules } = JSON.parse(root.querySelector("[data-quiz-catalogue]").textContent);
  const list = root.querySelector("[data-courses]");
  const receipt = root.querySelector("[data-receipt]");

  function showReceipt(learner, module, s) {
    const fields = [
      ["Namn", learner.name], ["Tilsettnummer", learner.employee], ["Eining", learner.unit],
      ["Modul", module.title], ["Versjon", s.attempt.version], ["Resultat", `${s.attempt.score} % (${s.attempt.correct} av ${s.attempt.total} rette)`],
      ["Dato", norwegianDate(s.attempt.finishedAt)], ["Gyldig til", norwegianDate(s.validUntil)],
    ];
    const dl = receipt.querySelector("[data-receipt-fields]");
    dl.replaceChildren(...fields.flatMap(([term, value]) => {
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = term;
      dd.textContent = value;
      return [dt, dd];
    }));
    receipt.hidden = false;
    receipt.focus();
  }

  function render(learner) {
    if (list) list.hidden = !learner;
    if (receipt) receipt.hidden = true;
    for (const module of modules) {
      const row = root.querySelector(`[data-module="${module.id}"]`);
      const s = learner ? status(module, attempts(learner), today()) : { state: "none" };
      row.querySelector("[data-status]").textContent = learner ? describe(s) : "–";
      const cell = row.querySelector("[data-receipt-cell]");
      if (!cell) continue;
      cell.replaceChildren();
      if (s.state === "valid") {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = "Vis kvittering";
        button.setAttribute("aria-label", `Vis kvittering for ${module.title}`);
        button.addEventListener("click", () => showReceipt(learner, module, s));
        cell.append(button);
      }
    }
  }

  const learner = bindLearner(root, render);

  root.querySelector("[data-receipt-print]")?.addEventListener("click", () => window.print());
  root.querySelector("[data-courses-csv]")?.addEventListener("click", () => {
    const who = learner();
    const rows = [["Tilsettnummer", "Namn", "Eining", "Modul", "Modul-id", "Versjon", "Resultat (%)", "Dato", "Dato (ISO 8601)"]];
    for (const a of attempts(who).filter((attempt) => attempt.passed)) {
      rows.push([who.employee, who.name, who.unit, a.title, a.module, a.version, a.score, norwegianDate(a.finishedAt), a.finishedAt]);
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }));
    link.download = `opplaering-${who.employee}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  });
}
