// Entry point on training pages: sends attempts still waiting, and loads only what this page needs.
import { me } from "./me.js";
import { queued } from "./storage.js";

// What still waits for the tracker is sent from every training page; the queue's code loads only then.
const send = () => queued().length && import("./tracker.js").then((m) => m.flush());
send();
addEventListener("online", send);
// data-ready tells tests (and curious people) that the page is interactive: after the learner box has had the
// tracker's answer on who this is (it registered its own handler first, so it has run by then).
const ready = (root) => me().then(() => (root.dataset.ready = ""));
const quiz = document.querySelector("[data-quiz-module]")?.closest("[data-quiz]");
if (quiz) {
  // Inside a frame or a pop-up, a learning platform may be there: then the result goes to it too (SCORM 1.2).
  const lms = window.parent !== window || window.opener ? import("./scorm.js").then((m) => m.connect(quiz)) : null;
  Promise.all([import("./quiz.js"), lms]).then(([m, report]) => ready(m.initQuiz(quiz, report) ?? quiz));
}
const courses = document.querySelector("[data-quiz-overview], [data-quiz-courses]");
if (courses) import("./courses.js").then((m) => ready(m.initCourses(courses) ?? courses));
