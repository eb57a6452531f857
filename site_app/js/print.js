// Printing the plan. A "Print this plan" button in the toolbar; while the page prints, a
// header (the plan's title, the day it was printed, the time zone), every folded section
// opened (each step's reason, each application's facts and history), and each date written
// in full when the view carries it. Afterwards the page is as it was: the sections the user
// had folded are folded again. The print stylesheet (the end of planner.css) hides the
// buttons and the site's own header, navigation and footer.

import { h, $, button, appRoot } from "./dom.js";

/**
 * @typedef {import("./types.js").View} View
 */

/** The folded sections opened for printing, to fold again afterwards. */
let opened = /** @type {HTMLDetailsElement[]} */ ([]);

/**
 * Adds the button, and prepares every print (the button's, or the browser's own menu).
 * @param {() => View|null} currentView  what the page shows now
 */
export function setUpPrinting(currentView) {
  $("#fp-toolbar").append(button("Print this plan", () => window.print()));
  window.addEventListener("beforeprint", () => beforePrint(currentView()));
  window.addEventListener("afterprint", afterPrint);
}

/** @param {View|null} view */
function beforePrint(view) {
  afterPrint(); // a print whose afterprint never came (some browsers skip it) is undone first
  const root = appRoot();
  opened = [...root.querySelectorAll("details")].filter((d) => !d.open);
  for (const details of opened) details.open = true;
  root.prepend(header(view));
  if (view) fullDates(view);
}

function afterPrint() {
  for (const details of opened) if (details.isConnected) details.open = false;
  opened = [];
  for (const el of appRoot().querySelectorAll(".fp-print-only")) el.remove();
}

/**
 * "Follow-up plan for Sam Rivera", the day it was printed, and the zone its times are in.
 * @param {View|null} view
 */
function header(view) {
  const name = view && view.settings && view.settings.name ? view.settings.name.trim() : "";
  const zone = view && view.timezone ? view.timezone : Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const place = zone.includes("/") ? `${(zone.split("/").pop() || zone).replace(/_/g, " ")} time (${zone})` : zone;
  return h("header", { class: "fp-print-only fp-print-header" },
    h("p", { class: "fp-print-title" }, name ? `Follow-up plan for ${name}` : "Follow-up plan"),
    h("p", {}, `Printed on ${longDay(new Date(), zone)}. All times are ${place}.`));
}

/**
 * "Wednesday 18 November 2026": a day in words, in `zone`, as the plan writes its dates.
 * @param {Date} moment
 * @param {string} zone
 */
function longDay(moment, zone) {
  let parts;
  try {
    parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).formatToParts(moment);
  } catch {
    parts = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" }).formatToParts(moment);
  }
  const part = (/** @type {string} */ type) => (parts.find((p) => p.type === type) || { value: "" }).value;
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}`;
}

/**
 * Beside each short date the view has a long one for, the long one, which only print shows
 * (and the print stylesheet shows instead of the short one).
 * @param {View} view
 */
function fullDates(view) {
  const root = appRoot();
  const steps = new Map(view.steps.map((s) => [s.key, s]));
  for (const row of root.querySelectorAll(".fp-row[data-key]")) {
    const step = steps.get(/** @type {HTMLElement} */ (row).dataset.key || "");
    const shown = row.querySelector(".fp-window");
    if (step && step.when_full && shown) shown.after(h("span", { class: "fp-print-only fp-full-date" }, step.when_full));
  }
  const apps = new Map(view.applications.map((a) => [a.id, a]));
  for (const card of root.querySelectorAll(".fp-card[data-app]")) {
    const app = apps.get(/** @type {HTMLElement} */ (card).dataset.app || "");
    const marks = card.querySelectorAll(".fp-timeline > li");
    if (!app || marks.length !== app.timeline.length) continue;
    app.timeline.forEach((mark, n) => {
      const shown = marks[n].querySelector(".fp-date");
      if (!mark.date_full || !shown || !(shown.textContent || "").startsWith(mark.date)) return;
      // what follows the date (" · planned") stays as it is
      const rest = (shown.textContent || "").slice(mark.date.length);
      shown.after(h("span", { class: "fp-print-only fp-full-date" }, mark.date_full, rest));
    });
  }
}
