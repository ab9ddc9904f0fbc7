// The read confirmation at the end of the guideline's pages and on the print view: a button for the intranet login
// (proxy mode) or the learner registered in this browser (trial mode); without a tracker on the site it stays hidden.
// Loaded on those pages only; also sends whatever waits in the training's queue.
import { currentLearner } from "../quiz/storage.js";
import { STATE_CHANGED, flush } from "../quiz/tracker.js";
import { word } from "../words.js";
import { confirm, confirmed, describe, mode } from "./confirmations.js";

flush();
addEventListener("online", flush);
const root = document.querySelector("[data-read-confirmation]");
if (root) init(root).finally(() => (root.dataset.ready = ""));

async function init(root) {
  const { version, timeZone } = root.dataset;
  const status = root.querySelector("[data-read-confirmation-status]");
  const button = root.querySelector("[data-read-confirmation-button]");
  const register = root.querySelector("[data-read-confirmation-register]");
  const { answer, proxy, none } = await mode();
  if (none) return;
  // Behind the login the tracker says who this is; while it cannot, the confirmation goes without a name.
  const learner = () => (proxy ? (answer.state === "ok" ? answer.learner : null) ?? currentLearner() : currentLearner());
  let sent = null;

  function show() {
    const who = learner();
    register.hidden = proxy || Boolean(who);
    const found = who || proxy ? confirmed(version, who, answer, timeZone) : null;
    const done = found && !found.state.startsWith("avvist");
    button.hidden = (!proxy && !who) || Boolean(done);
    let text = found ? `${describe(found)}.` : "";
    if (found?.state.startsWith("ventar")) text += ` ${word("reading-script.waiting-note")}`;
    if (!found && answer.read_confirmation?.must_confirm) text = word("reading-script.must", { version });
    status.textContent = text;
  }

  button.addEventListener("click", () => {
    sent = confirm(version, learner(), proxy);
    show();
    status.focus();
  });
  addEventListener(STATE_CHANGED, (event) => event.detail === sent && show());
  root.hidden = false;
  show();
}
