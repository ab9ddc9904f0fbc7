// Entry point on training pages: sends attempts still waiting, and loads only what this page needs.
import { flush } from "./tracker.js";

flush();
addEventListener("online", flush);
const quiz = document.querySelector("[data-quiz-module]")?.closest("[data-quiz]");
// data-ready tells tests (and curious people) that the page is interactive.
const ready = (root) => (root.dataset.ready = "");
if (quiz) import("./quiz.js").then((m) => ready(m.initQuiz(quiz) ?? quiz));
const courses = document.querySelector("[data-quiz-overview], [data-quiz-courses]");
if (courses) import("./courses.js").then((m) => ready(m.initCourses(courses) ?? courses));
