// The form behind «Meld frå om feil eller noko uklart»: a modal dialog (Escape and «Lukk» close it, and focus goes
// back to the link), loaded only when a link is used. The message goes through the training's one queue, like an
// attempt, so that it waits in this browser while the tracker cannot be reached and arrives once; a refusal (a
// national identity number in the text, too many messages today) is shown in the tracker's own words.
import { me } from "../quiz/me.js";
import { enqueue, uuid } from "../quiz/storage.js";
import { STATE_CHANGED, flush, state } from "../quiz/tracker.js";

const MAX = 2000;
// The standards koord/feedback writes the form's words for (content/interface.yml, feedback-script).
const STANDARDS = ["nn", "nb"];

let opener = null;
let place = null; // what the open form is about: page, section, version
let sent = null; // the id of the message last sent from the form, whose state the queue reports

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// The dialog's own style sheet, next to the site's others; the dialog opens once it has loaded.
function style() {
  const link = el("link", { rel: "stylesheet", href: new URL("../../stylesheets/feedback.css", import.meta.url).href });
  document.head.append(link);
  return new Promise((resolve) => (link.onload = link.onerror = resolve));
}

// The form's words in one standard, as koord/feedback wrote them next to this file: "feedback-script.reply-hint"
// becomes words.replyHint.
async function wordsFor(lang) {
  const table = await fetch(new URL(`words-${lang}.json`, import.meta.url)).then((r) => r.json()).catch(() => ({}));
  return Object.fromEntries(Object.entries(table).map(([id, text]) => [id.split(".")[1].replace(/-(\w)/g, (_, c) => c.toUpperCase()), text]));
}

function build(words) {
  const say = (key, values = {}) => words[key].replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
  const text = el("textarea", { id: "meld-fra-tekst", name: "text", rows: 6, maxLength: MAX, required: true });
  text.setAttribute("aria-describedby", "meld-fra-hint meld-fra-teljar");
  const count = el("p", { id: "meld-fra-teljar", className: "meld-fra__teljar" });
  const reply = el("input", { id: "meld-fra-svar", name: "reply_to", maxLength: 120, autocomplete: "name" });
  reply.setAttribute("aria-describedby", "meld-fra-svar-hint");
  const status = el("p", { className: "meld-fra__status" });
  status.setAttribute("role", "status");
  status.dataset.feedbackStatus = "";
  const submit = el("button", { type: "submit", className: "md-button md-button--primary", textContent: words.send });
  const close = el("button", { type: "button", className: "md-button", textContent: words.close });
  const about = el("p", { className: "meld-fra__gjeld" });
  const form = el("form", { noValidate: true },
    el("h2", { id: "meld-fra-tittel", textContent: words.title }), about,
    el("p", {}, el("label", { htmlFor: text.id, textContent: words.label })),
    el("p", { id: "meld-fra-hint", className: "meld-fra__hint", textContent: words.hint }),
    text, count,
    el("p", {}, el("label", { htmlFor: reply.id, textContent: words.reply })),
    el("p", { id: "meld-fra-svar-hint", className: "meld-fra__hint", textContent: words.replyHint }),
    reply, status, el("p", { className: "meld-fra__knappar" }, submit, " ", close));
  const box = el("dialog", { className: "meld-fra__dialog" }, form);
  box.setAttribute("aria-labelledby", "meld-fra-tittel");
  box.dataset.feedbackForm = "";

  const counted = () => (count.textContent = say("count", { n: text.value.length, max: MAX }));
  text.addEventListener("input", () => {
    counted();
    text.removeAttribute("aria-invalid");
  });

  function show(id) {
    const now = state(id) ?? "ventar";
    if (now === "registrert") {
      status.textContent = words.sent;
      text.value = "";
      counted();
    } else if (now.startsWith("avvist")) {
      status.textContent = say("refused", { reason: now.slice(8) });
      text.focus();
    } else if (now === "lokal") {
      status.textContent = words.none;
    } else {
      status.textContent = words.waiting;
      text.value = "";
      counted();
    }
  }
  addEventListener(STATE_CHANGED, (event) => event.detail === sent && box.open && show(sent));

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const message = text.value.trim();
    if (!message) {
      text.setAttribute("aria-invalid", "true");
      status.textContent = words.empty;
      text.focus();
      return;
    }
    // A site with no tracker: nothing to send to, and the text is not left waiting in the browser.
    if ((await me()).state === "none") {
      status.textContent = words.none;
      return;
    }
    busy = true;
    status.textContent = words.sending;
    sent = uuid();
    enqueue({ feedback_id: sent, page: place.page, section: place.section, guideline_version: place.version, text: message,
      reply_to: reply.value.trim() || null, sent_at: new Date().toISOString() });
    await flush();
    busy = false;
    show(sent);
  });
  close.addEventListener("click", () => box.close());
  box.addEventListener("close", () => opener?.focus());

  return {
    box,
    reset(link) {
      // The section's title in the content's own language, which may not be the form's.
      const section = link.querySelector("[data-feedback-about]");
      about.replaceChildren(`${words.about} `, section ? el("span", { lang: section.lang, textContent: section.textContent }) : document.title);
      status.textContent = "";
      text.removeAttribute("aria-invalid");
      counted();
    },
    async prefill() {
      const answer = await me();
      if (answer.state === "none") status.textContent = words.none;
      const who = answer.state === "ok" && answer.mode === "proxy" ? answer.learner : null;
      if (who && !reply.value) reply.value = who.name ? `${who.name} (${who.employee})` : who.employee;
    },
    text,
  };
}

let form = null;

export async function open(link) {
  opener = link;
  place = { page: link.dataset.feedback, section: link.dataset.feedbackSection ?? null, version: link.dataset.feedbackVersion ?? null };
  if (!form) {
    // The link's own standard (a patient page's, else the site's words'), which the page's <html lang> may not be.
    const lang = STANDARDS.includes(link.closest("[lang]")?.lang) ? link.closest("[lang]").lang : "nn";
    const [words] = await Promise.all([wordsFor(lang), style()]);
    form = build(words);
    form.box.lang = lang;
    document.body.append(form.box);
  }
  form.reset(link);
  form.box.showModal();
  form.text.focus();
  form.prefill();
}
