// The page's words, in its edition's standard: see content/interface.py.
const words = JSON.parse(document.getElementById("koord-words")?.textContent || "{}");
export const word = (id, values = {}) => (words[id] ?? id).replace(/\{(\w+)\}/g, (place, name) => values[name] ?? place);
