// The learner box on every training page: a form until the learner has said who they are, then their name
// with "Ikkje meg – logg ut". Behind the intranet's login (proxy mode) the tracker says who it is instead.
import { hideErrors, mark, showErrors } from "./errors.js";
import { currentLearner, logOut, saveLearner } from "./storage.js";
import { forget, me, units } from "./tracker.js";

export let proxy = false;

export function bindLearner(root, onChange) {
  const box = root.querySelector("[data-learner]");
  const known = box.querySelector("[data-learner-known]");
  const form = box.querySelector("[data-learner-form]");
  const error = box.querySelector("[data-learner-error]");

  function show() {
    const learner = currentLearner();
    known.hidden = !learner;
    form.hidden = Boolean(learner);
    if (learner) {
      for (const field of ["name", "employee", "unit"]) {
        known.querySelector(`[data-learner-${field}]`).textContent = learner[field];
      }
    }
    onChange(learner);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = ["employee", "name", "unit"].map((name) => form.elements[name]);
    const learner = Object.fromEntries(fields.map((input) => [input.name, input.value.trim()]));
    const problems = [];
    for (const input of fields) {
      const note = form.querySelector(`#${input.id}-feil`);
      mark(input, note, !learner[input.name]);
      if (!learner[input.name]) problems.push({ message: note.textContent, field: input, note, focus: input });
    }
    if (problems.length) return showErrors(error, problems);
    hideErrors(error);
    saveLearner(learner);
    show();
    known.querySelector("button").focus();
  });

  box.querySelector("[data-learner-logout]").addEventListener("click", () => {
    if (currentLearner()) forget(currentLearner().employee);
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
    select.append(new Option("Vel eining", ""), ...names.map((name) => new Option(name, name)));
    input.replaceWith(select);
  });

  show();
  me().then((answer) => {
    if (answer?.mode !== "proxy" || !answer.learner) return;
    proxy = true;
    saveLearner(answer.learner);
    box.querySelector("[data-learner-switch]").hidden = true; // the intranet login decides who this is
    show();
  });
  return currentLearner;
}
