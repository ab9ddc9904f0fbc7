// What the training pages keep in this browser. Progress is kept under the learner's own key, so that people
// who share a ward PC do not see each other's results; logging out removes both.
const LEARNER = "koord.deltakar";
// What waits for the tracker (tracker.js sends it): read here too, so that a page with nothing waiting does not load
// the queue's code.
export const QUEUE = "koord.ko";
const progressKey = (learner) => `koord.resultat.${learner.employee}`;
// Their read confirmations of the guideline (reading/), removed with their results.
export const confirmationsKey = (learner) => `koord.lesing.${learner.employee}`;

export function read(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

export const write = (key, value) => localStorage.setItem(key, JSON.stringify(value));
export const currentLearner = () => read(LEARNER, null);
export const saveLearner = (learner) => write(LEARNER, learner);
export const attempts = (learner) => read(progressKey(learner), []);
// Adds an attempt, or replaces the one with its id (a submitted attempt once the tracker has scored it).
export const saveAttempt = (learner, attempt) =>
  write(progressKey(learner), [...attempts(learner).filter((a) => a.id !== attempt.id), attempt]);

export function logOut() {
  const learner = currentLearner();
  for (const key of learner ? [progressKey(learner), confirmationsKey(learner)] : []) localStorage.removeItem(key);
  localStorage.removeItem(LEARNER);
}

// Moves the attempts kept under one learner to another (proxy mode: taken before the tracker could say who this is).
export function adopt(from, to) {
  const moved = attempts(from);
  if (!moved.length || from.employee === to.employee) return;
  write(progressKey(to), [...attempts(to).filter((a) => !moved.some((m) => m.id === a.id)), ...moved]);
  localStorage.removeItem(progressKey(from));
}

export const queued = () => read(QUEUE, []);
// crypto.randomUUID needs HTTPS, which an intranet server may not have; getRandomValues does not.
export const uuid = () =>
  "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
    (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

// Put in the queue at once, so that nothing handed in waits for the queue's code (tracker.js, which sends it): a
// learner may leave the page the moment the button is pressed.
export function enqueue(body) {
  write(QUEUE, [...queued(), body]);
}

// How many attempts wait in this browser for the tracker.
export const waiting = () => queued().filter((body) => body.attempt_id).length;
