// Learner and progress in this browser. Progress is kept under the learner's own key, so that people who
// share a ward PC do not see each other's results; logging out removes both.
const LEARNER = "koord.deltakar";
const progressKey = (learner) => `koord.resultat.${learner.employee}`;

function read(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

export const currentLearner = () => read(LEARNER, null);
export const saveLearner = (learner) => localStorage.setItem(LEARNER, JSON.stringify(learner));
export const attempts = (learner) => read(progressKey(learner), []);

export function logOut() {
  const learner = currentLearner();
  if (learner) localStorage.removeItem(progressKey(learner));
  localStorage.removeItem(LEARNER);
}

export function recordAttempt(learner, attempt) {
  localStorage.setItem(progressKey(learner), JSON.stringify([...attempts(learner), attempt]));
}
