// Read confirmations of the guideline («Eg har lese versjon X av retningslinja»): sent through the training's one
// queue, like an attempt, so that a confirmation waits in this browser while the tracker cannot be reached and is
// never lost. This browser keeps the ones it sent under the learner's key, so that the guideline's pages and
// «Mine kurs» can say what was confirmed before the tracker has answered (and, in trial mode, at all).
import { localDate, norwegianDate } from "../dates.js";
import { lastMode, me } from "../quiz/me.js";
import { confirmationsKey, enqueue, read, uuid, write } from "../quiz/storage.js";
import { flush, state } from "../quiz/tracker.js";
import { word } from "../words.js";

// A new major version asks again; a minor one does not.
const major = (version) => String(version).split(".")[0];

// The tracker's answer on who this is and how the learner is known: proxy (the intranet login; /me tells what the
// tracker holds) or form (the learner registered in this browser). Unreachable: the mode last seen decides.
export async function mode() {
  const answer = await me();
  if (answer.state === "none") return { answer, proxy: false, none: true };
  const proxy = answer.state === "ok" ? answer.mode === "proxy" : answer.state === "refused" || lastMode() !== "form";
  return { answer, proxy, none: false };
}

// What this learner has confirmed of `version`'s major version: { state, version, date } or null.
// state: registrert | ventar | ventar: <why> | avvist: <why>, as an attempt's.
export function confirmed(version, learner, answer, timeZone) {
  const tracker = answer?.state === "ok" ? answer.read_confirmation?.confirmed : null;
  if (tracker && major(tracker.version) === major(version)) {
    return { state: "registrert", version: tracker.version, date: norwegianDate(tracker.confirmed_at) };
  }
  // This browser's, of the same major version: a stored one first, then one still waiting, then a refused one.
  const mine = read(confirmationsKey(learner ?? { employee: "" }), [])
    .filter((c) => major(c.version) === major(version))
    .map((c) => ({ state: state(c.id) ?? "ventar", version: c.version, date: norwegianDate(localDate(c.confirmedAt, timeZone)), id: c.id }));
  const refused = (c) => c.state.startsWith("avvist");
  return mine.filter((c) => c.state === "registrert").at(-1) ?? mine.filter((c) => c.state !== "registrert" && !refused(c)).at(-1)
    ?? mine.filter(refused).at(-1) ?? null;
}

// Queues a confirmation and sends what waits. In trial mode the learner goes with it (as with an attempt); behind
// the intranet login the login says who it is. Returns the confirmation's id, whose state the queue reports.
export function confirm(version, learner, proxy) {
  const id = uuid();
  const confirmedAt = new Date().toISOString();
  const key = confirmationsKey(learner ?? { employee: "" });
  write(key, [...read(key, []), { id, version, confirmedAt }]);
  enqueue({ confirmation_id: id, version, confirmed_at: confirmedAt, learner: proxy ? null : { employee: learner.employee, name: learner.name, unit: learner.unit } });
  flush();
  return id;
}

// The sentence for a confirmation's state, the same on the guideline's pages and «Mine kurs».
export function describe(found) {
  if (!found) return word("reading-script.not-confirmed");
  if (found.state.startsWith("avvist")) return word("reading-script.refused", { reason: found.state.slice(8) });
  return word(found.state === "registrert" ? "reading-script.confirmed" : "reading-script.waiting", { date: found.date, version: found.version });
}
