// The rules of an attempt, without the page: drawing, scoring, and whether a completion is still valid.
// The tracker applies the same rules on the server; keep them alike.

// Dates are taken in the site's time zone, as the tracker does, so a module finished at 00:30 has the same date and
// last valid day in «Mine kurs» as in the manager's export.
import { localDate } from "../dates.js";

export { localDate };
// Drawing is in draw.js, which a module page loads without the rest of these rules; here too, so that this file
// stays the one place the rules are read and tested.
export { draw, drawAttempt, shuffled } from "./draw.js";

export const isCorrect = (chosen, correct) =>
  chosen.length === correct.length && correct.every((id) => chosen.includes(id));

// Integer arithmetic, so that 80 % of 10 questions is exactly 8.
export const hasPassed = (correct, total, passMark) => total > 0 && correct * 100 >= passMark * total;

// An attempt scored with the key in the page (`key`: question -> right options, explanation, sections), in the
// shape of the tracker's answer, so that the page shows either the same way.
export function scoreAttempt(answers, key, passMark) {
  const feedback = {};
  for (const [id, picked] of Object.entries(answers)) feedback[id] = { ...key[id], correct: isCorrect(picked, key[id].right) };
  const total = Object.keys(answers).length;
  const correct = Object.values(feedback).filter((shown) => shown.correct).length;
  return { correct, total, score: Math.floor((correct * 100) / total), passed: hasPassed(correct, total, passMark), feedback };
}

// Same day `months` later; a day that month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb).
export function addMonths(isoDate, months) {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}


const major = (version) => Number(version.split(".")[0]);

// A learner's status for one module: none, failed (tried, never passed), valid or expired. `today` is the local
// date in `timeZone`, the site's, in which the completion's date is taken too. An attempt the tracker has not
// scored yet (pending) counts for nothing.
export function status(module, attempts, today, timeZone) {
  const mine = attempts.filter((a) => a.module === module.id && !a.pending);
  const passed = mine.filter((a) => a.passed).sort((a, b) => new Date(b.finishedAt) - new Date(a.finishedAt))[0];
  if (!passed) return { state: mine.length ? "failed" : "none" };
  const validUntil = addMonths(localDate(passed.finishedAt, timeZone), module.validityMonths);
  const expired = validUntil < today || major(passed.version) < major(module.version);
  return { state: expired ? "expired" : "valid", attempt: passed, validUntil };
}
