// The completion tracker, when the site has one (same origin, under api/v1/). An attempt waits in a queue in
// this browser until the tracker has stored it, so nothing is lost while the tracker cannot be reached; the
// tracker stores a repeated attempt once, so sending twice doubles nothing.
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
  try {
    const response = await fetch(`${api}me${employee ? `?employee=${encodeURIComponent(employee)}` : ""}`);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}
