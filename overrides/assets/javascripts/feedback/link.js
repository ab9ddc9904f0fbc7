// «Meld frå om feil eller noko uklart»: the links show once scripts run (the form needs them), and the form's code is
// fetched only when one is used, so that a page pays a few hundred bytes for them.
for (const link of document.querySelectorAll("[data-feedback-link]")) link.hidden = false;
addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-feedback]");
  if (button) import("./form.js").then((form) => form.open(button));
});
