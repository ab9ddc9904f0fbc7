// What is missing, shown as GOV.UK's error summary does (WCAG 3.3.1): each question or field marked with
// aria-invalid and its own visible message (linked by aria-describedby), and a summary at the point of submit that
// takes focus and links to each one.

// `problems`: [{ message, field (a question's fieldset or an input), note (its message element), focus }].
export function showErrors(summary, problems) {
  const items = problems.map(({ message, note, focus }) => {
    const link = Object.assign(document.createElement("a"), { href: `#${note.id}`, textContent: message });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focus.focus();
    });
    const item = document.createElement("li");
    item.append(link);
    return item;
  });
  summary.querySelector("ul").replaceChildren(...items);
  for (const { field, note } of problems) if (field) mark(field, note, true);
  summary.hidden = false;
  summary.focus();
}

export function hideErrors(summary) {
  summary.hidden = true;
  summary.querySelector("ul").replaceChildren();
}

// Mark or unmark a question (every input in it) or one field.
export function mark(field, note, invalid) {
  note.hidden = !invalid;
  const inputs = field.matches("input, select") ? [field] : [...field.querySelectorAll("input")];
  for (const input of inputs) {
    const described = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && id !== note.id);
    if (invalid) described.push(note.id);
    if (invalid) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }
}
