// A module page: draws the questions, checks the answers, shows feedback and the result, and records the attempt.
import { bindLearner } from "./learner.js";
import { draw, hasPassed, isCorrect, shuffled } from "./rules.js";
import { recordAttempt } from "./storage.js";

export function initQuiz(root) {
  const module = JSON.parse(root.querySelector("[data-quiz-module]").textContent);
  const form = root.querySelector("[data-quiz-form]");
  const result = root.querySelector("[data-quiz-result]");
  const resultText = result.querySelector("[data-quiz-result-text]");
  const retake = root.querySelector("[data-quiz-retake]");
  const coursesLink = root.querySelector("[data-quiz-courses-link]");
  const items = [...form.querySelectorAll("[data-item]")];
  const learner = bindLearner(root, () => {});
  let drawn = [];

  function start() {
    const ids = draw(items.map((item) => item.dataset.item), module.draw, module.shuffle);
    const submit = form.querySelector("[data-quiz-submit]");
    for (const item of items) item.hidden = !ids.includes(item.dataset.item);
    for (const id of ids) form.insertBefore(items.find((item) => item.dataset.item === id), submit);
    drawn = ids.flatMap((id) => [...form.querySelector(`[data-item="${id}"]`).querySelectorAll("[data-question]")]);
    drawn.forEach((fieldset, index) => {
      fieldset.querySelector("[data-quiz-number]").textContent = `Spørsmål ${index + 1} av ${drawn.length}.`;
      const options = [...fieldset.querySelectorAll(".quiz-option")];
      if (module.shuffle && !("keepOrder" in fieldset.dataset)) for (const option of shuffled(options)) option.parentNode.insertBefore(option, fieldset.querySelector("[data-quiz-feedback]"));
      fieldset.classList.remove("quiz-question--right", "quiz-question--wrong");
      fieldset.querySelector("[data-quiz-feedback]").hidden = true;
    });
    root.querySelector("[data-quiz-count]").textContent = drawn.length;
    form.reset();
    form.querySelectorAll("input").forEach((input) => (input.disabled = false));
    form.querySelector("[data-quiz-submit]").hidden = false;
    result.querySelector("h2").hidden = true;
    resultText.textContent = "";
    coursesLink.hidden = retake.hidden = true;
  }

  const chosen = (fieldset) => [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const who = learner();
    const unanswered = drawn.filter((fieldset) => chosen(fieldset).length === 0);
    result.querySelector("h2").hidden = false;
    if (!who) {
      resultText.textContent = "Skriv inn tilsettnummer, namn og eining under «Deltakar» før du leverer.";
      root.querySelector("[data-learner-form] input").focus();
      return;
    }
    if (unanswered.length) {
      const numbers = unanswered.map((fieldset) => drawn.indexOf(fieldset) + 1).join(", ");
      resultText.textContent = `Du har ikkje svart på spørsmål ${numbers}. Svar på alle før du leverer.`;
      unanswered[0].querySelector("input").focus();
      return;
    }
    const answers = {};
    let correct = 0;
    for (const fieldset of drawn) {
      const id = fieldset.dataset.question;
      answers[id] = chosen(fieldset);
      const right = isCorrect(answers[id], module.key[id]);
      correct += right;
      const labels = module.key[id].map((option) => fieldset.querySelector(`input[value="${option}"]`).labels[0].textContent);
      fieldset.classList.add(right ? "quiz-question--right" : "quiz-question--wrong");
      fieldset.querySelector("[data-quiz-verdict]").textContent = right ? "Rett." : `Feil. Rett svar: ${labels.join("; ")}.`;
      fieldset.querySelector("[data-quiz-feedback]").hidden = false;
    }
    form.querySelectorAll("input").forEach((input) => (input.disabled = true));
    form.querySelector("[data-quiz-submit]").hidden = true;
    const total = drawn.length;
    const passed = hasPassed(correct, total, module.passMark);
    const finishedAt = new Date().toISOString();
    recordAttempt(who, {
      id: crypto.randomUUID(), module: module.id, version: module.version, title: module.title,
      answers, correct, total, score: Math.floor((correct * 100) / total), passed, finishedAt,
    });
    resultText.textContent =
      `Du svarte rett på ${correct} av ${total} spørsmål (${Math.floor((correct * 100) / total)} %). ` +
      (passed ? "Du har bestått." : `Du har ikkje bestått: kravet er ${module.passMark} %. Les forklaringane og prøv igjen.`);
    coursesLink.hidden = false;
    retake.hidden = false;
    result.focus();
  });

  retake.addEventListener("click", () => {
    start();
    drawn[0].querySelector("input").focus();
  });

  start();
}
