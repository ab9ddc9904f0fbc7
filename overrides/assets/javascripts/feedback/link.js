// «Meld frå»: shown once scripts run; the form's code is fetched only when a link is used.
for (const p of document.querySelectorAll("[data-feedback-link]")) p.hidden = false;
addEventListener("click", (e) => {
  const b = e.target.closest?.("[data-feedback]");
  if (b) import("./form.js").then((m) => m.open(b));
});
