// A module page: draws the questions, checks that each is answered and records the attempt; result.js shows the
// result and the feedback once it is handed in.
import { hideErrors, mark, showErrors } from "./errors.js";
import { bindLearner, proxy } from "./learner.js";
import { drawAttempt, shuffled } from "./draw.js";
import { enqueue, saveAttempt, uuid } from "./storage.js";
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
  // What result.js reads: `drawn` and `current` (the attempt handed in) change with every attempt.
  const page = { $, module, summary, result, text, sync, drawn: [], current: null };
  // The result's code loads when the learner first answers, so a page that is only read never loads it.
  let view = null;
  const results = () => (view ??= import("./result.js").then((m) => m.resultView(page)));
  const inputs = (disabled) => {
    for (const input of form.querySelectorAll("input")) input.disabled = disabled;
  };
  const chosen = (fieldset) => [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);

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
    page.drawn = ids.flatMap((id) => [...$(`[data-item="${id}"]`, form).querySelectorAll("[data-question]")]);
    page.drawn.forEach((fieldset, index) => {
      const feedback = $("[data-quiz-feedback]", fieldset);
      $("[data-quiz-number]", fieldset).textContent = t("number", { number: index + 1, count: page.drawn.length });
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
      for (const note of fieldset.querySelectorAll(".quiz-mark")) note.remove();
    });
    hideErrors(errors);
    summary.hidden = true;
    keep({ ids, orders });
    $("[data-quiz-count]").textContent = page.drawn.length;
    form.reset();
    inputs(false);
    submit.hidden = false;
    $("h2", result).hidden = true;
    text.textContent = sync.textContent = "";
    page.current = null;
    for (const el of after) el.hidden = true;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const who = learner();
    const problems = page.drawn.filter((fieldset) => !chosen(fieldset).length).map((fieldset) => ({
      message: t("not-answered", { number: page.drawn.indexOf(fieldset) + 1 }),
      field: fieldset, note: $("[data-quiz-question-error]", fieldset), focus: $("input", fieldset),
    }));
    if (!who) {
      const fields = [...root.querySelectorAll("[data-learner-form] :is(input, select)")];
      const empty = fields.find((input) => !input.value.trim()) ?? fields[0];
      problems.unshift({ message: t("fill-learner"), note: $("#deltakar"), focus: empty });
    }
    if (problems.length) return showErrors(errors, problems);
    hideErrors(errors);
    const answers = Object.fromEntries(page.drawn.map((fieldset) => [fieldset.dataset.question, chosen(fieldset)]));
    inputs(true);
    submit.hidden = true;
    keep(null);
    for (const el of after) el.hidden = false;
    const attempt = { id: uuid(), module: module.id, version: module.version, title: module.title, finishedAt: new Date().toISOString() };
    page.current = { attempt, who, answers, shown: false };
    if (!lms) enqueue({ attempt_id: attempt.id, module: module.id, version: module.version, answers, finished_at: attempt.finishedAt, ...(proxy ? {} : { learner: who }) });
    if (module.feedback) {
      const { score, showResult } = await results();
      const scored = score(answers);
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
    // The queue's code, already here if result.js is (it loads when the learner first answers).
    await (await import("./tracker.js")).flush();
    // Unless the learner has started a retake meanwhile.
    if (page.current?.attempt === attempt) (await results()).showSync();
  });

  // An answered question is no longer marked; the summary stays until the next try, as the learner works down it.
  form.addEventListener("change", (event) => {
    results();
    const fieldset = event.target.closest("[data-question]");
    if (fieldset) mark(fieldset, $("[data-quiz-question-error]", fieldset), false);
  });

  after[0].addEventListener("click", () => {
    keep(null);
    start();
    $("input", page.drawn[0]).focus();
  });

  start();
}
