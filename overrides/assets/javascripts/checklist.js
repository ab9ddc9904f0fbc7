// "Treng pasienten koordinator?": the suggestion follows the ticked criteria. Nothing is sent or stored.
const form = document.querySelector("[data-checklist]");
const result = document.querySelector("[data-checklist-result]");

function suggest() {
  const ticked = [...form.querySelectorAll("input:checked")].map((input) => input.labels[0].textContent.replace(/\.$/, ""));
  result.textContent = ticked.length
    ? `${result.dataset.some} Kryssa av: ${ticked.join("; ")}.`
    : result.dataset.none;
}

if (form && result) {
  form.addEventListener("change", suggest);
  suggest();
}
