// A passed review date, told by the page itself: the static site is built once and read for months, so only the
// reader's browser knows today's date. «Today» is taken in the site's time zone, like every other date on the site.
import { localDate } from "./dates.js";

for (const banner of document.querySelectorAll("[data-review-by]")) {
  if (localDate(Date.now(), banner.dataset.timeZone) > banner.dataset.reviewBy) banner.hidden = false;
}
