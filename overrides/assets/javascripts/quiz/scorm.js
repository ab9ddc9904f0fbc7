// SCORM 1.2, when the page runs as a package in a learning platform: the platform says who the learner is and
// records the result. All values are strings, as SCORM 1.2 demands; every call's answer is checked.
import { logOut, saveLearner } from "./storage.js";

// The platform's API object sits on a parent frame (searched upwards), or on the window that opened this one.
function find(win) {
  for (let depth = 0; win && depth < 10; depth++, win = win.parent) {
    if (win.API) return win.API;
    if (win.parent === win) break;
  }
  return null;
}

// CMITimespan: HHHH:MM:SS.SS
function timespan(ms) {
  const s = ms / 1000;
  const pad = (n, width) => String(n).padStart(width, "0");
  return `${pad(Math.floor(s / 3600), 4)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad((s % 60).toFixed(2), 5)}`;
}

// Connects to the platform; returns report(score, passed), which answers "" or why the platform refused a value.
export function connect(root) {
  let api = null;
  try {
    api = find(window) ?? (window.opener ? find(window.opener) : null);
  } catch {
    return null; // a frame from another origin: no platform we can talk to
  }
  if (!api || String(api.LMSInitialize("")) !== "true") return null;
  const started = Date.now();
  let finished = false;
  const refused = [];
  const check = (answer, what) => {
    if (String(answer) === "true") return;
    const code = api.LMSGetLastError();
    refused.push(`${what}: ${code} ${api.LMSGetErrorString(code)}`.trim());
  };
  const set = (key, value) => check(api.LMSSetValue(key, value), key);
  const commit = () => check(api.LMSCommit(""), "LMSCommit");

  saveLearner({ employee: api.LMSGetValue("cmi.core.student_id") || "lms", name: api.LMSGetValue("cmi.core.student_name") || "", unit: "" });
  root.querySelector("[data-learner]").hidden = true; // the platform knows who this is
  // A learner who comes back (entry=resume) keeps «passed» or «failed»: only a first launch becomes «incomplete».
  if (["", "not attempted"].includes(api.LMSGetValue("cmi.core.lesson_status"))) {
    set("cmi.core.lesson_status", "incomplete");
    commit();
  }
  addEventListener("pagehide", () => {
    set("cmi.core.session_time", timespan(Date.now() - started));
    // Left before finishing: «suspend», so that the platform offers to resume; finished: a normal exit.
    set("cmi.core.exit", finished ? "" : "suspend");
    api.LMSFinish("");
    logOut(); // the platform keeps the record: nothing about the learner stays in this browser
  }, { once: true });
  // What the platform refused since the last result (a refusal at launch too), so that the learner hears of it.
  return (score, passed) => {
    set("cmi.core.score.raw", String(score));
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.lesson_status", passed ? "passed" : "failed");
    commit();
    finished = true;
    return refused.splice(0).join("; ");
  };
}
