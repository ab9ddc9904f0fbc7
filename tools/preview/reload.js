// The editors' preview: asks the preview server to answer when a build newer than this page's has rewritten it,
// then reloads the page. The server injects this script into every page it serves (the built site does not have it).
const script = document.currentScript;
const epoch = Number(script.dataset.epoch);

async function wait() {
  for (;;) {
    try {
      const page = encodeURIComponent(location.pathname);
      const answer = await fetch(`/_forhandsvising/bygg?etter=${epoch}&side=${page}`, { cache: "no-store" });
      if (answer.ok && Number(await answer.text()) > epoch) {
        location.reload();
        return;
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));  // the preview was stopped or is restarting
    }
  }
}
wait();
