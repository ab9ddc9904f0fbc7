// The completion tracker (same origin, api/v1/), when there is one. An attempt waits in a queue here until the
// tracker has it, so nothing is lost while it is unreachable; it stores a repeat once, so nothing doubles.
import { read, write } from "./storage.js";

const QUEUE = "koord.ko";
const STATES = "koord.sendestatus";
const api = document.querySelector("[data-api]")?.dataset.api;
// A static web server with no tracker behind it answers POST with one of these.
const NO_TRACKER = [404, 405, 501];

const setState = (id, state) => write(STATES, { ...read(STATES, {}), [id]: state });
export const state = (id) => (read(QUEUE, []).some((body) => body.attempt_id === id) ? "ventar" : read(STATES, {})[id]);

export function enqueue(body) {
  write(QUEUE, [...read(QUEUE, []), body]);
}

export async function flush() {
  if (!api) return; // a SCORM package: the learning platform records the result
  for (const body of read(QUEUE, [])) {
    let outcome;
    try {
      const response = await fetch(`${api}attempts`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      if (response.ok) outcome = "registrert";
      else if (NO_TRACKER.includes(response.status)) outcome = "lokal";
      else if (response.status >= 500 || response.status === 408 || response.status === 429) return;
      else outcome = `avvist: ${(await response.json().catch(() => ({}))).detail ?? response.status}`;
    } catch {
      return; // unreachable: try again on the next page load or when the connection returns
    }
    write(QUEUE, read(QUEUE, []).filter((queued) => queued.attempt_id !== body.attempt_id));
    setState(body.attempt_id, outcome);
  }
}

// Who the tracker says this is, and their recorded attempts; null without a tracker.
export async function me(employee) {
  if (!api) return null;
  try {
    const response = await fetch(`${api}me${employee ? `?employee=${encodeURIComponent(employee)}` : ""}`);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}
