// "Treng pasienten koordinator?": the suggestion follows the ticks. The legal test is met when a need for complex or
// long-term services (behov) and for coordinated services (koordinering) are both ticked; a wish always leads to an
// assessment. Nothing is sent or stored.
import { word } from "./words.js";

const form = document.querySelector("[data-checklist]");
const result = document.querySelector("[data-checklist-result]");

function suggest() {
  const ticked = [...form.querySelectorAll("input:checked")];
  const has = (part) => ticked.some((input) => input.dataset.part === part);
  const state = has("behov") && has("koordinering") ? "met" : has("onske") ? "wish" : ticked.length ? "unclear" : "none";
  const names = ticked.map((input) => input.labels[0].textContent.replace(/\.$/, ""));
  // The suggestion and the ticked criteria are the checklist's text; «Kryssa av:» is the site's, in its language.
  const said = Object.assign(document.createElement("span"), { lang: document.documentElement.lang, textContent: word("checklist-script.ticked") });
  result.replaceChildren(result.dataset[state], ...(names.length ? [" ", said, ` ${names.join("; ")}.`] : []));
}

if (form && result) {
  form.addEventListener("change", suggest);
  suggest();
}
