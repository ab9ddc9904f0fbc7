// SCORM 1.2, when the page runs as a package in a learning platform: the platform says who the learner is and
// records the result. All values are strings, as SCORM 1.2 demands.
import { saveLearner } from "./storage.js";

// The platform's API object sits on a parent frame (searched upwards), or on the window that opened this one.
function find(win) {
  for (let depth = 0; win && depth < 10; depth++, win = win.parent) {
    if (win.API) return win.API;
    if (win.parent === win) break;
  }
  return null;
}

export function connect(root) {
  let api = null;
  try {
    api = find(window) ?? (window.opener ? find(window.opener) : null);
  } catch {
    return null; // a frame from another origin: no platform we can talk to
  }
  if (!api) return null;
  api.LMSInitialize("");
  saveLearner({
    employee: api.LMSGetValue("cmi.core.student_id") || "lms",
    name: api.LMSGetValue("cmi.core.student_name") || "",
    unit: "",
  });
  root.querySelector("[data-learner]").hidden = true; // the platform knows who this is
  api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  api.LMSCommit("");
  addEventListener("pagehide", () => api.LMSFinish(""), { once: true });
  return (score, passed) => {
    api.LMSSetValue("cmi.core.score.raw", String(score));
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.lesson_status", passed ? "passed" : "failed");
    api.LMSCommit("");
  };
}
