// The calendar date (YYYY-MM-DD) of an instant in the site's time zone: one zone for every date on the site,
// whatever zone the reader's PC is set to.
export function localDate(instant, timeZone) {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day}`;
}

// A date as Norwegians write it: 2026-03-01 -> 01.03.2026. The one such format of the site's scripts.
export const norwegianDate = (iso) => iso.slice(0, 10).split("-").reverse().join(".");
