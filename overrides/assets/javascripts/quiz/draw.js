// Drawing an attempt's questions and shuffling their options: what a module page needs before anything is handed
// in. Part of the rules in rules.js (which exports these too); the tracker refuses an attempt drawn otherwise.

export function shuffled(list, random = Math.random) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// Draw `count` items; without shuffling they keep the order the editor gave.
export function draw(ids, count, shuffle, random) {
  const picked = shuffled(ids, random).slice(0, count);
  return shuffle ? picked : ids.filter((id) => picked.includes(id));
}

// An attempt: `questions` of the standalone questions and `cases` of the cases (each answered whole), so that every
// attempt of a module has as many questions as every other. The tracker refuses any other mix.
export function drawAttempt(standalone, cases, questions, caseCount, shuffle, random) {
  const picked = [...draw(standalone, questions, true, random), ...draw(cases, caseCount, true, random)];
  const all = [...standalone, ...cases];
  return shuffle ? shuffled(picked, random) : all.filter((id) => picked.includes(id));
}
