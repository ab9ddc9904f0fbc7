// The site's own words for this page's scripts, in the edition's written standard: the page carries only the areas
// its scripts use, as JSON (content/interface.yml, put there by script_words() in overrides/main.html).
// word("checklist-script.ticked", { names }) fills {names}; an id the page does not carry comes back as itself.
const words = JSON.parse(document.getElementById("koord-words")?.textContent || "{}");
export const word = (id, values = {}) => (words[id] ?? id).replace(/\{(\w+)\}/g, (place, name) => values[name] ?? place);
