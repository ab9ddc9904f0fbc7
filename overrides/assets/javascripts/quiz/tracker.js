// The completion tracker (same origin, api/v1/), when there is one. What the browser sends it (an attempt, a read
// confirmation, feedback) stays in one queue here until the tracker says it is stored (2xx) or refuses that very item
// for good (409, 422; feedback 429: the reason is shown). Anything else (a login or proxy set up wrong, 401/403, a
// busy or failing server, no network) keeps it queued and it is sent again with growing pauses, so nothing is lost;
// the tracker stores a repeat once, so nothing doubles.
// Loaded when there is something to send or show (me.js is what every training page asks on load).
import { NO_TRACKER, api, detail } from "./me.js";
import { QUEUE, read, write } from "./storage.js";

const STATES = "koord.sendestatus";
const PAUSES = [5, 15, 45, 120, 300]; // seconds between retries while the page is open
// Each kind by the id its body carries: where it goes, and which refusals are final.
const KINDS = [["attempt_id", "attempts", [409, 422]], ["confirmation_id", "read-confirmations", [409, 422]], ["feedback_id", "feedback", [409, 422, 429]]];
const kind = (body) => KINDS.find(([id]) => id in body);
const idOf = (body) => body[kind(body)[0]];

// Pages that show an item's state listen for this event rather than asking again and again.
export const STATE_CHANGED = "koord-sendestatus";
// The tracker's answer to each item this page sent (an attempt's score and feedback), for the page that waits for it.
const answers = new Map();
export const answer = (id) => answers.get(id);

function setState(id, state) {
  write(STATES, { ...read(STATES, {}), [id]: state });
  dispatchEvent(new CustomEvent(STATE_CHANGED, { detail: id }));
}

// registrert | ventar | ventar: <why> | avvist: <why> | lokal
export function state(id) {
  const last = read(STATES, {})[id];
  if (!read(QUEUE, []).some((body) => idOf(body) === id)) return last;
  return last?.startsWith("ventar") || last === "lokal" ? last : "ventar";
}

// On log-out from a shared PC: items no tracker can take (a site with none) leave with the learner. Attempts
// waiting for a tracker that exists stay until it has them, or they would be lost.
export function forget(employee) {
  const states = read(STATES, {});
  write(QUEUE, read(QUEUE, []).filter((body) => body.learner?.employee !== employee || states[idOf(body)] !== "lokal"));
}

const dequeue = (id) => write(QUEUE, read(QUEUE, []).filter((queued) => idOf(queued) !== id));

let retries = 0;
let timer = null;

function retryLater(seconds) {
  clearTimeout(timer);
  timer = setTimeout(flush, 1000 * (seconds ?? PAUSES[Math.min(retries++, PAUSES.length - 1)]));
}

export async function flush() {
  if (!api) return; // a SCORM package: the learning platform records the result
  for (const body of read(QUEUE, [])) {
    const [, path, final] = kind(body);
    const id = idOf(body);
    let response;
    try {
      response = await fetch(`${api}${path}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
    } catch {
      setState(id, "ventar");
      return retryLater(); // unreachable: also tried on the next page load and when the connection returns
    }
    if (response.ok) {
      dequeue(id);
      answers.set(id, await response.json().catch(() => null));
      setState(id, "registrert");
    } else if (final.includes(response.status)) {
      dequeue(id);
      setState(id, `avvist: ${(await detail(response)) ?? response.status}`);
    } else if (NO_TRACKER.includes(response.status)) {
      setState(id, "lokal");
      return;
    } else {
      const why = response.status >= 500 ? "" : `: ${(await detail(response)) ?? `svar ${response.status}`}`;
      setState(id, `ventar${why}`);
      return retryLater(Number(response.headers.get("Retry-After")) || undefined);
    }
  }
  retries = 0;
}

// The tracker's record of attempts this browser made: in form mode the random attempt ids are what proves that
// they are this learner's, so nobody can look up anyone else's results.
export async function lookup(ids) {
  if (!api || !ids.length) return [];
  try {
    const response = await fetch(`${api}attempts/lookup`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ attempt_ids: ids.slice(-200) }),
    });
    return response.ok ? (await response.json()).attempts : [];
  } catch {
    return [];
  }
}

// The learner's own file from the tracker («Last ned resultata mine»): the passed attempts among these ids, written
// by the same CSV writer as the managers' files. { ok, blob, filename } or { ok: false, status, detail }.
export async function completionsFile(ids) {
  if (!api) return { ok: false, status: 0, detail: "" };
  try {
    const response = await fetch(`${api}attempts/completions.csv`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ attempt_ids: ids.slice(-200) }),
    });
    if (!response.ok) return { ok: false, status: response.status, detail: (await detail(response).catch(() => "")) ?? "" };
    const named = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "");
    return { ok: true, blob: await response.blob(), filename: named ? named[1] : "opplaering.csv" };
  } catch {
    return { ok: false, status: 0, detail: "" };
  }
}
