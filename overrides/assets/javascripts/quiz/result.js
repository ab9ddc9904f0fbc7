// What a module page shows once an attempt is handed in: the score, each question's verdict and the sections to
// read again, and where the attempt stands with the tracker. quiz.js loads it when the learner first answers, so a
// page that is only read loads none of it.
import { scoreAttempt } from "./rules.js";
import { saveAttempt } from "./storage.js";
import { STATE_CHANGED, answer, state } from "./tracker.js";
import { word } from "../words.js";

const t = (key, values) => word(`quiz-script.${key}`, values);

// `page`: the module page's elements and attempts as quiz.js keeps them; `drawn` and `current` change with every
// attempt, so they are read from it each time.
export function resultView(page) {
  const { $, module, summary, result, text, sync } = page;
  const score = (answers) => scoreAttempt(answers, module.feedback, module.passMark);

  // The score above the questions and, in each question, the verdict, the marks, the explanation and the sections.
  // After a failed attempt of a module that shows the key only once passed (review «etter-bestått»), which questions
  // were wrong and the sections they cite, but not the right options or the explanations: the next attempt draws
  // from the same questions. (The tracker does not send them then; a page with the key leaves them out itself.)
  // Focus goes to the summary, unless the tracker's answer comes late and the learner has moved on meanwhile. A
  // tracker older than the page may send the score without feedback: then only the score is shown.
  function showResult({ correct, total, score, passed, feedback = {} }) {
    const focus = module.feedback || document.activeElement === summary;
    const full = passed || module.review === "alltid";
    page.current.shown = true;
    saveAttempt(page.current.who, { ...page.current.attempt, correct, total, score, passed });
    const wrong = [];
    for (const fieldset of page.drawn.filter((question) => question.dataset.question in feedback)) {
      const { correct: right, right: key, explanation, sections } = feedback[fieldset.dataset.question];
      if (!right) wrong.push(fieldset);
      fieldset.classList.add(right ? "quiz-question--right" : "quiz-question--wrong");
      if (full && key) {
        const labels = key.map((option) => $(`input[value="${option}"]`, fieldset).labels[0].textContent);
        markOptions(fieldset, page.current.answers[fieldset.dataset.question], key);
        $("[data-quiz-verdict]", fieldset).textContent = right ? t("right") : t("wrong-key", { answers: labels.join("; ") });
      } else {
        $("[data-quiz-verdict]", fieldset).textContent = right ? t("right") : t("wrong");
      }
      // HTML written by this site's build (in the page, or in the tracker's manifest), never by a learner.
      $("[data-quiz-explanation]", fieldset).innerHTML = full ? explanation ?? "" : "";
      $("[data-quiz-refs]", fieldset).replaceChildren(`${t("read-more")} `, ...sections.flatMap((section, index) => [
        index ? ", " : "",
        section.url ? Object.assign(document.createElement("a"), { href: section.url, textContent: section.label }) : t("section", { label: section.label }),
      ]));
      $("[data-quiz-feedback]", fieldset).hidden = false;
    }
    showSummary(correct, total, passed, wrong);
    $("h2", result).hidden = false;
    const { passMark } = module;
    const verdict = passed ? t("passed") : `${t("failed", { passMark })} ${t(full ? "read-explanations" : "read-sections")}`;
    text.textContent = `${t("score", { correct, total, score })} ${verdict}`;
    if (focus) summary.focus();
  }

  // The learner's choice and the right options, in words beside each option (not by colour alone).
  function markOptions(fieldset, picked, key) {
    for (const input of fieldset.querySelectorAll("input")) {
      const words = [picked.includes(input.value) && t("your-answer"), key.includes(input.value) && t("right-answer")].filter(Boolean);
      if (words.length) input.labels[0].append(Object.assign(document.createElement("span"), { className: "quiz-mark", textContent: ` (${words.join(", ")})` }));
    }
  }

  function showSummary(correct, total, passed, wrong) {
    $("[data-quiz-summary-score]", summary).textContent =
      t(passed ? "summary-passed" : "summary-failed", { correct, total, passMark: module.passMark });
    const list = $("[data-quiz-summary-wrong]", summary);
    list.hidden = !wrong.length;
    $("ul", list).replaceChildren(...wrong.map((fieldset) => {
      const link = Object.assign(document.createElement("a"), {
        href: `#${fieldset.id}`, textContent: t("question-link", { number: page.drawn.indexOf(fieldset) + 1, text: $("legend", fieldset).lastChild.textContent.trim() }),
      });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        fieldset.tabIndex = -1;
        fieldset.focus();
      });
      const item = document.createElement("li");
      item.append(link);
      return item;
    }));
    summary.hidden = false;
  }

  // The words are in the page (data-registrert, data-ventar, data-ventar-feil, data-lokal, data-avvist). The queue
  // may send the attempt later while the page is open: the message follows it, and where the tracker scores, its
  // answer is shown when it comes.
  addEventListener(STATE_CHANGED, (event) => event.detail === page.current?.attempt.id && showSync());
  function showSync() {
    const { id } = page.current.attempt;
    const sent = state(id) ?? "";
    const [kind, why] = [sent.split(":")[0], sent.slice(sent.indexOf(":") + 2)];
    const scored = answer(id);
    if (!page.current.shown && scored) showResult(scored);
    let message = sync.dataset[kind] ?? "";
    if (kind === "avvist") message = `${sync.dataset.avvist} (${why}).`;
    else if (kind === "ventar" && sent.includes(":")) message = `${sync.dataset.ventarFeil} (${why}).`;
    if (!page.current.shown && ["avvist", "lokal"].includes(kind)) {
      // Nobody will score these answers: the summary says so instead of waiting.
      $("[data-quiz-summary-score]", summary).textContent = summary.dataset[kind];
      if (kind === "lokal") message = "";
    }
    if (sync.textContent !== message) sync.textContent = message; // a live region: say it once
  }

  return { score, showResult, showSync };
}
