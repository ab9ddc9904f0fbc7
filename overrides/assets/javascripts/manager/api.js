// The tracker's reports for managers (same origin, api/v1/reports/). Behind the intranet's login (proxy mode) the
// browser's own login is enough; otherwise an admin token, kept in sessionStorage only: it is gone when the tab closes.
const TOKEN = "koord.leiar.nokkel";
// A static web server with no tracker behind it answers with one of these.
const NO_TRACKER = [404, 405, 501];
let memory = null; // the token, when sessionStorage is blocked
const FOLLOW_MS = 1000; // how often a file being prepared is asked after

// The API's address relative to this page, in the page's data-api, as on the training pages.
const apiBase = (root) => new URL(root.dataset.api, location.href);

export function token() {
  try {
    return sessionStorage.getItem(TOKEN);
  } catch {
    return null;
  }
}

export function saveToken(value) {
  try {
    if (value) sessionStorage.setItem(TOKEN, value);
    else sessionStorage.removeItem(TOKEN);
  } catch {
    // storage blocked: the token lasts until the page is left
  }
  memory = value || null;
}

// An answer the page can act on: {ok, status, data} or {ok: false, kind, status, detail}.
// kind: "access" (401/403), "none" (no tracker here), "down" (unreachable or failing), "refused" (any other refusal).
async function failure(response) {
  const body = await response.json().catch(() => null);
  const detail = typeof body?.detail === "string" ? body.detail : "";
  let kind = "refused";
  if (response.status === 401 || response.status === 403) kind = "access";
  else if (NO_TRACKER.includes(response.status) && !detail) kind = "none";
  else if (response.status === 404 && body?.detail === "Not Found") kind = "none"; // a tracker without the reports
  else if (response.status >= 500) kind = "down";
  return { ok: false, kind, status: response.status, detail };
}

// What went wrong, in words a manager or an editor can act on; the tracker's own reason where it gave one. `mode` is
// the tracker's (proxy: the intranet login decides, so a token is never the way in); `say(key, values)` gives the
// page's word for no-tracker, unreachable, answer, no-access, token-refused, token-needed, failed or refused.
export function refusal(answer, mode, usedToken, say) {
  if (answer.kind === "none") return say("no-tracker");
  if (answer.kind === "down" && !answer.status) return say("unreachable");
  const reason = answer.detail || say("answer", { status: answer.status });
  if (answer.kind === "access") {
    if (mode === "proxy") return say("no-access", { reason });
    if (usedToken) return say("token-refused", { reason });
    if (answer.status === 401) return say("token-needed", { reason });
    return say("no-access", { reason });
  }
  return say(answer.kind === "down" ? "failed" : "refused", { reason });
}

export function connect(root) {
  const base = apiBase(root);

  async function request(path, params = {}, method = "GET") {
    const url = new URL(path, base);
    for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
    const key = token() ?? memory;
    const headers = key ? { Authorization: `Bearer ${key}` } : {};
    try {
      return await fetch(url, { method, headers, cache: "no-store" });
    } catch {
      return null;
    }
  }

  async function json(path, params) {
    const response = await request(path, params);
    if (!response) return { ok: false, kind: "down", status: 0, detail: "" };
    if (!response.ok) return failure(response);
    return { ok: true, status: response.status, data: await response.json() };
  }

  // Fetch a file with the same login and save it through a blob link, so that a token in a header works too.
  async function download(path, params) {
    const response = await request(path, params);
    if (!response) return { ok: false, kind: "down", status: 0, detail: "" };
    if (!response.ok) return failure(response);
    const blob = await response.blob();
    const named = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "");
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = named ? named[1] : path.split("/").pop();
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    return { ok: true, status: response.status, filename: link.download };
  }

  // The tracker's identity mode, which decides what the page offers: "proxy" (the intranet login says who the
  // manager is; a token could never pass the web server, so no token field), "form" (the admin token), "none" (no
  // tracker on this site) or "down". Only the intranet login's mode refuses /me.
  async function mode() {
    let response;
    try {
      response = await fetch(new URL("me", base), { cache: "no-store" });
    } catch {
      return "down";
    }
    if (response.ok) return (await response.json().catch(() => ({}))).mode ?? "down";
    if (response.status === 401 || response.status === 403) return "proxy";
    const answer = await failure(response);
    return answer.kind === "none" ? "none" : "down";
  }


  // Ask the tracker to prepare a file, follow it while it is made (onProgress gets the job: state, rows so far),
  // and download it when it is ready. A large file takes a while: the tracker answers at once with a job.
  async function prepare(path, params, onProgress) {
    const response = await request(path, params, "POST");
    if (!response) return { ok: false, kind: "down", status: 0, detail: "" };
    if (!response.ok) return failure(response);
    let job = await response.json();
    while (job.state === "waiting" || job.state === "preparing") {
      onProgress(job);
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
      const answer = await json(`reports/exports/${job.id}`);
      if (!answer.ok) return answer;
      job = answer.data;
    }
    if (job.state !== "ready") return { ok: false, kind: "refused", status: 200, detail: job.detail ?? "" };
    onProgress(job);
    const saved = await download(`reports/exports/${job.id}/file`);
    return saved.ok ? { ...saved, rows: job.rows } : saved;
  }

  return { json, download, mode, prepare };
}
