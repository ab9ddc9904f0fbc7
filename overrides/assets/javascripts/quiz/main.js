// Entry point, loaded only on training pages.
import { initCourses } from "./courses.js";
import { initQuiz } from "./quiz.js";

const quiz = document.querySelector("[data-quiz-module]")?.closest("[data-quiz]");
if (quiz) initQuiz(quiz);
const courses = document.querySelector("[data-quiz-overview], [data-quiz-courses]");
if (courses) initCourses(courses);
