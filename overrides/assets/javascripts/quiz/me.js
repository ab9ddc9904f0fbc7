// The tracker's address, and what every training page asks it on load: who this is (/me) and the roster's units.
// The queue of what is sent to it (tracker.js) loads only when there is something to send.
import { read, write } from "./storage.js";

export const api = document.querySelector("[data-api]")?.dataset.api;
// A static web server with no tracker behind it answers with one of these: an item sent stays queued (a tracker may
// come later) but is not retried while the page is open.
export const NO_TRACKER = [404, 405, 501];
export const detail = async (response) => (await response.json().catch(() => ({}))).detail;

// What the tracker says about who this is, asked once per page (the learner box and «Mine kurs» share the answer):
// - { state: "ok", mode: "proxy" | "form", learner, attempts }: the tracker answered;
// - { state: "none" }: no tracker on this site (a static web server, or a SCORM package);
// - { state: "refused", status, detail }: it is there and will not say who this is (401/403: only the intranet
//   login's mode refuses /me, so this is proxy mode with a login or proxy list that is wrong);
// - { state: "down", status }: it cannot be reached or fails (no network, 5xx such as nginx's 502).
// The last mode seen is kept, so that a page that cannot reach the tracker knows whether the intranet login decides
// who the learner is.
const MODE = "koord.sporing";
export const lastMode = () => read(MODE, null);
let mine = null;
export function me() {
  mine ??= (async () => {
    if (!api) return { state: "none" };
    let response;
    try {
      response = await fetch(`${api}me`, { cache: "no-store" });
    } catch {
      return { state: "down", status: 0 };
    }
    if (response.ok) {
      const answer = await response.json().catch(() => null);
      if (!answer) return { state: "down", status: response.status };
      write(MODE, answer.mode);
      return { state: "ok", ...answer };
    }
    const reason = await detail(response).catch(() => undefined);
    if (NO_TRACKER.includes(response.status) && typeof reason !== "string") return { state: "none" };
    if (response.status >= 500) return { state: "down", status: response.status };
    return { state: "refused", status: response.status, detail: typeof reason === "string" ? reason : "" };
  })();
  return mine;
}

// The units in the roster, for the learner form; empty without a tracker or a roster.
export async function units() {
  if (!api) return [];
  try {
    const response = await fetch(`${api}units`);
    return response.ok ? (await response.json()).units : [];
  } catch {
    return [];
  }
}
