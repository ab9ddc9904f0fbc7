// A module page: draws the questions, checks the answers, shows feedback and the result, records the attempt.
import { hideErrors, mark, showErrors } from "./errors.js";
import { bindLearner, proxy } from "./learner.js";
import { drawAttempt, scoreAttempt, shuffled } from "./rules.js";
import { saveAttempt } from "./storage.js";
import { STATE_CHANGED, answer, enqueue, flush, state, uuid } from "./tracker.js";
import { word } from "../words.js";

const t = (key, values) => word(`quiz-script.${key}`, values);

// Where the page carries the answer key (module.feedback: a site with no tracker, a SCORM package) the attempt is
// scored here at once; otherwise the tracker scores it and answers with the feedback, and the page shows that.
// Inside a learning platform, `lms(score, passed)` (the SCORM bridge) takes the result instead of the tracker's
// queue, and answers "" or why the platform refused it.
export function initQuiz(root, lms = null) {
  const $ = (selector, el = root) => el.querySelector(selector);
  const module = JSON.parse($("[data-quiz-module]").textContent);
  const form = $("[data-quiz-form]");
  const submit = $("[data-quiz-submit]");
  const result = $("[data-quiz-result]");
  const text = $("[data-quiz-result-text]");
  const after = [$("[data-quiz-retake]"), $("[data-quiz-courses-link]")].filter(Boolean);
  const sync = $("[data-quiz-sync]");
  const errors = $("[data-quiz-errors]");
  const summary = $("[data-quiz-summary]");
  const items = [...form.querySelectorAll("[data-item]")];
  const learner = bindLearner(root, () => {});
  const inputs = (disabled) => form.querySelectorAll("input").forEach((input) => (input.disabled = disabled));
  const chosen = (fieldset) => [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);
  let drawn = [];

  // One attempt keeps its questions and their option order through a reload (kept in this tab only, nothing
  // personal); a submitted attempt or a retake draws anew.
  const drawKey = `koord.trekk.${module.id}.${module.version}`;
  const keep = (value) => {
    try {
      if (value) sessionStorage.setItem(drawKey, JSON.stringify(value));
      else sessionStorage.removeItem(drawKey);
    } catch {
      // Storage refused (a locked-down browser or platform): a reload then draws anew, as before.
    }
  };
  function kept() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(drawKey) ?? "null");
      const all = new Set(items.map((item) => item.dataset.item));
      return saved?.ids?.every((id) => all.has(id)) ? saved : null;
    } catch {
      return null;
    }
  }

  function start() {
    const saved = kept();
    const ids = saved?.ids ?? drawAttempt(items.filter((item) => !("case" in item.dataset)).map((item) => item.dataset.item),
      items.filter((item) => "case" in item.dataset).map((item) => item.dataset.item), module.drawQuestions, module.drawCases, module.shuffle);
    const orders = saved?.orders ?? {};
    for (const item of items) item.hidden = !ids.includes(item.dataset.item);
    for (const id of ids) form.insertBefore($(`[data-item="${id}"]`, form), errors); // the summary stays at the submit button
    drawn = ids.flatMap((id) => [...$(`[data-item="${id}"]`, form).querySelectorAll("[data-question]")]);
    drawn.forEach((fieldset, index) => {
      const feedback = $("[data-quiz-feedback]", fieldset);
      $("[data-quiz-number]", fieldset).textContent = t("number", { number: index + 1, count: drawn.length });
      if (module.shuffle && !("keepOrder" in fieldset.dataset)) {
        const options = [...fieldset.querySelectorAll(".quiz-option")];
        const byId = new Map(options.map((option) => [$("input", option).value, option]));
        const order = orders[fieldset.dataset.question]?.filter((id) => byId.has(id));
        const shown = order?.length === options.length ? order.map((id) => byId.get(id)) : shuffled(options);
        for (const option of shown) fieldset.insertBefore(option, feedback);
        orders[fieldset.dataset.question] = shown.map((option) => $("input", option).value);
      }
      fieldset.classList.remove("quiz-question--right", "quiz-question--wrong");
      feedback.hidden = true;
      mark(fieldset, $("[data-quiz-question-error]", fieldset), false);
      fieldset.querySelectorAll(".quiz-mark").forEach((el) => el.remove());
    });
    hideErrors(errors);
    summary.hidden = true;
    keep({ ids, orders });
    $("[data-quiz-count]").textContent = drawn.length;
    form.reset();
    inputs(false);
    submit.hidden = false;
    $("h2", result).hidden = true;
    text.textContent = sync.textContent = "";
    current = null;
    for (const el of after) el.hidden = true;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const who = learner();
    const problems = drawn.filter((fieldset) => !chosen(fieldset).length).map((fieldset) => ({
      message: t("not-answered", { number: drawn.indexOf(fieldset) + 1 }),
      field: fieldset, note: $("[data-quiz-question-error]", fieldset), focus: $("input", fieldset),
    }));
    if (!who) {
      const fields = [...root.querySelectorAll("[data-learner-form] :is(input, select)")];
      const empty = fields.find((input) => !input.value.trim()) ?? fields[0];
      problems.unshift({ message: t("fill-learner"), note: $("#deltakar"), focus: empty });
    }
    if (problems.length) return showErrors(errors, problems);
    hideErrors(errors);
    const answers = Object.fromEntries(drawn.map((fieldset) => [fieldset.dataset.question, chosen(fieldset)]));
    inputs(true);
    submit.hidden = true;
    keep(null);
    for (const el of after) el.hidden = false;
    const attempt = { id: uuid(), module: module.id, version: module.version, title: module.title, finishedAt: new Date().toISOString() };
    current = { attempt, who, answers, shown: false };
    if (!lms) enqueue({ attempt_id: attempt.id, module: module.id, version: module.version, answers, finished_at: attempt.finishedAt, ...(proxy ? {} : { learner: who }) });
    if (module.feedback) {
      const scored = scoreAttempt(answers, module.feedback, module.passMark);
      showResult(scored);
      const refused = lms?.(scored.score, scored.passed);
      if (lms) {
        sync.textContent = refused ? `${sync.dataset.lmsFeil} (${refused}).` : sync.dataset.lms;
        return;
      }
    } else {
      // Kept as sent, so that «Mine kurs» can ask the tracker for it even if this page is closed before it answers.
      saveAttempt(who, { ...attempt, pending: true });
      $("[data-quiz-summary-score]", summary).textContent = summary.dataset.ventar;
      $("[data-quiz-summary-wrong]", summary).hidden = true;
      summary.hidden = false;
      summary.focus();
    }
    await flush();
    if (current?.attempt === attempt) showSync(); // unless the learner has started a retake meanwhile
  });

  // The score above the questions and, in each question, the verdict, the marks, the explanation and the sections.
  // After a failed attempt of a module that shows the key only once passed (review «etter-bestått»), which questions
  // were wrong and the sections they cite, but not the right options or the explanations: the next attempt draws
  // from the same questions. (The tracker does not send them then; a page with the key leaves them out itself.)
  // Focus goes to the summary, unless the tracker's answer comes late and the learner has moved on meanwhile. A
  // tracker older than the page may send the score without feedback: then only the score is shown.
  function showResult({ correct, total, score, passed, feedback = {} }) {
    const focus = module.feedback || document.activeElement === summary;
    const full = passed || module.review === "alltid";
    current.shown = true;
    saveAttempt(current.who, { ...current.attempt, correct, total, score, passed });
    const wrong = [];
    for (const fieldset of drawn.filter((question) => question.dataset.question in feedback)) {
      const { correct: right, right: key, explanation, sections } = feedback[fieldset.dataset.question];
      if (!right) wrong.push(fieldset);
      fieldset.classList.add(right ? "quiz-question--right" : "quiz-question--wrong");
      if (full && key) {
        const labels = key.map((option) => $(`input[value="${option}"]`, fieldset).labels[0].textContent);
        markOptions(fieldset, current.answers[fieldset.dataset.question], key);
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
    text.textContent = `${t("score", { correct, total, score })} ` + (passed ? t("passed")
      : `${t("failed", { passMark })} ${t(full ? "read-explanations" : "read-sections")}`);
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
        href: `#${fieldset.id}`, textContent: t("question-link", { number: drawn.indexOf(fieldset) + 1, text: $("legend", fieldset).lastChild.textContent.trim() }),
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

  // The words are in the page (data-registrert, data-ventar, data-ventar-feil, data-lokal, data-avvist), not in
  // this script. The queue may send the attempt later while the page is open: the message follows it, and where
  // the tracker scores, its answer is shown when it comes.
  let current = null;
  addEventListener(STATE_CHANGED, (event) => event.detail === current?.attempt.id && showSync());
  function showSync() {
    const { id } = current.attempt;
    const sent = state(id) ?? "";
    const [kind, why] = [sent.split(":")[0], sent.slice(sent.indexOf(":") + 2)];
    const scored = answer(id);
    if (!current.shown && scored) showResult(scored);
    let message = sync.dataset[kind] ?? "";
    if (kind === "avvist") message = `${sync.dataset.avvist} (${why}).`;
    else if (kind === "ventar" && sent.includes(":")) message = `${sync.dataset.ventarFeil} (${why}).`;
    if (!current.shown && ["avvist", "lokal"].includes(kind)) {
      // Nobody will score these answers: the summary says so instead of waiting.
      $("[data-quiz-summary-score]", summary).textContent = summary.dataset[kind];
      if (kind === "lokal") message = "";
    }
    if (sync.textContent !== message) sync.textContent = message; // a live region: say it once
  }

  // An answered question is no longer marked; the summary stays until the next try, as the learner works down it.
  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("[data-question]");
    if (fieldset) mark(fieldset, $("[data-quiz-question-error]", fieldset), false);
  });

  after[0].addEventListener("click", () => {
    keep(null);
    start();
    $("input", drawn[0]).focus();
  });

  start();
}
