// The learner box on every training page: a form until the learner has said who they are, then their name
// with "Ikkje meg – logg ut". Behind the intranet's login (proxy mode) the tracker says who it is instead, and the
// page never offers the form or the log-out: not even while the tracker cannot be reached.
import { hideErrors, mark, showErrors } from "./errors.js";
import { lastMode, me, units } from "./me.js";
import { adopt, currentLearner, logOut, saveLearner, waiting } from "./storage.js";
import { word } from "../words.js";

const t = (key, values) => word(`learner-script.${key}`, values);

export let proxy = false;
// In proxy mode before the tracker has said who this is: the attempt is sent without a learner (the login says who
// it is) and kept here under this stand-in until the tracker answers.
const UNKNOWN = { employee: "", name: "", unit: "" };

// What the learner is told when the tracker cannot say who they are.
function unreachable() {
  const count = waiting();
  const queued = count ? t("queued", { count }) : t("queued-next");
  return t("unreachable", { queued });
}

export function bindLearner(root, onChange) {
  const box = root.querySelector("[data-learner]");
  const known = box.querySelector("[data-learner-known]");
  const form = box.querySelector("[data-learner-form]");
  const error = box.querySelector("[data-learner-error]");
  const switcher = box.querySelector("[data-learner-switch]");
  const registered = known.querySelector("p");
  const unlisted = document.createElement("p");
  unlisted.hidden = true;
  registered.after(unlisted);
  const note = Object.assign(document.createElement("p"), { className: "quiz-small" });
  note.dataset.learnerNote = "";
  note.setAttribute("role", "status");
  note.hidden = true;
  box.querySelector("h2").after(note);
  // Until the tracker has answered, neither the form nor the log-out: in proxy mode they must never show.
  let decided = !root.dataset.api;

  const learner = () => currentLearner() ?? (proxy ? UNKNOWN : null);

  function say(text) {
    note.textContent = text ?? "";
    note.hidden = !text;
  }

  function show() {
    const who = currentLearner();
    known.hidden = !who;
    form.hidden = Boolean(who) || proxy || !decided;
    switcher.hidden = proxy || !decided;
    if (who) {
      for (const field of ["name", "employee", "unit"]) {
        known.querySelector(`[data-learner-${field}]`).textContent = who[field];
      }
      // Logged in, but not in the roster: say so, rather than a sentence with a blank name and unit.
      registered.hidden = who.listed === false;
      unlisted.hidden = who.listed !== false;
      unlisted.textContent = t("unlisted", { employee: who.employee });
    }
    onChange(learner());
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = ["employee", "name", "unit"].map((name) => form.elements[name]);
    const entered = Object.fromEntries(fields.map((input) => [input.name, input.value.trim()]));
    const problems = [];
    for (const input of fields) {
      const message = form.querySelector(`#${input.id}-feil`);
      mark(input, message, !entered[input.name]);
      if (!entered[input.name]) problems.push({ message: message.textContent, field: input, note: message, focus: input });
    }
    if (problems.length) return showErrors(error, problems);
    hideErrors(error);
    saveLearner(entered);
    show();
    known.querySelector("button").focus();
  });

  box.querySelector("[data-learner-logout]").addEventListener("click", () => {
    const leaving = currentLearner();
    if (leaving) import("./tracker.js").then((m) => m.forget(leaving.employee));
    logOut();
    form.reset();
    hideErrors(error);
    show();
    form.elements.employee.focus();
  });

  // With a roster, the unit is chosen from its units, so that «Kir. pol.» and «Kirurgisk poliklinikk» do not
  // become two units in the reports.
  units().then((names) => {
    if (!names.length) return;
    const input = form.elements.unit;
    const select = document.createElement("select");
    Object.assign(select, { id: input.id, name: input.name, required: true });
    select.append(new Option(t("choose-unit"), ""), ...names.map((name) => new Option(name, name)));
    input.replaceWith(select);
  });

  show();
  me().then((answer) => {
    decided = true;
    if (answer.state === "ok" && answer.mode === "proxy" && answer.learner) {
      proxy = true;
      saveLearner(answer.learner);
      adopt(UNKNOWN, answer.learner); // attempts taken while the tracker could not say who this was
    } else if (answer.state === "refused") {
      // Only the intranet login's mode refuses to say who this is: the login or the proxy list is wrong.
      proxy = true;
      say(t("not-recognised", { reason: answer.detail || t("answer", { status: answer.status }) }));
    } else if (answer.state === "down") {
      proxy = lastMode() !== "form";
      say(unreachable());
    }
    show();
  });
  return learner;
}
