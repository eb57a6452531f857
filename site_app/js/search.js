// Finding an application in a long list: a search box over what each card holds (company,
// role, people, notes: followup/search.py gives that text, folded, in each card of the view)
// and filters by what an application needs. Nothing is planned again: the applications
// found stay, the others are hidden, in the agenda and in the cards alike.

import { h, $, dueNow } from "./dom.js";

/** From this many applications, the page offers the search (fewer fit on a screen or two). */
export const SEARCH_FROM = 5;

/**
 * Folds text as followup.search.folded does (tests/test_search.py checks they agree): lower
 * case, without accents and other combining marks.
 * @param {string} value
 */
export function folded(value) {
  return value.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/** @typedef {"all"|"now"|"waiting"|"closed"} Filter */
/** @type {Array<[Filter, string]>} */
const FILTERS = [["all", "All"], ["now", "Needs me now"], ["waiting", "Waiting for them"], ["closed", "Closed"]];
let query = "";
/** @type {Filter} */
let filter = "all";
/** @type {import("./types.js").View|null} the view shown */
let shown = null;
/** Whether the last pass hid anything (a card, a row, a section). */
let narrowed = false;

/** The search box and the filters, drawn once and kept across plans (views.js reuses it). */
export function searchBar() {
  const input = h("input", { id: "fp-search-input", type: "search", autocomplete: "off", spellcheck: "false",
    placeholder: "Company, role, person or note", "aria-describedby": "fp-search-count" });
  input.addEventListener("input", () => { query = /** @type {HTMLInputElement} */ (input).value; apply(); });
  const choices = FILTERS.map(([id, label]) => h("button", { type: "button", class: "fp-filter", dataset: { filter: id },
    "aria-pressed": String(id === filter), onclick: () => { filter = id; apply(); } }, label));
  return h("div", { class: "fp-search", role: "search", "aria-label": "Your applications" },
    h("label", { for: "fp-search-input" }, "Find an application"),
    input,
    h("div", { class: "fp-filters", role: "group", "aria-label": "Show" }, ...choices),
    h("p", { id: "fp-search-count", class: "fp-search-count", "aria-live": "polite" }));
}

/**
 * After every plan: hides what the search and the filter leave out.
 * @param {import("./types.js").View} view
 */
export function filterShown(view) {
  shown = view;
  apply();
}

/** Every application shown again: the search emptied, the filter back to All (a step a
 * reminder opens must be on the screen). */
export function showEverything() {
  query = "";
  filter = "all";
  const input = /** @type {HTMLInputElement|null} */ ($("#fp-search-input"));
  if (input) input.value = "";
  apply();
}

/** Which applications the search and the filter keep, by id. @param {import("./types.js").View} view */
function kept(view) {
  const words = folded(query).split(/\s+/).filter(Boolean);
  const now = new Set(view.steps.filter(dueNow).map((s) => s.application));
  /** @param {import("./types.js").AppView} app */
  const fits = (app) => filter === "all"
    || (filter === "now" && now.has(app.id))
    || (filter === "closed" && app.status === "ended")
    || (filter === "waiting" && app.status !== "ended" && !now.has(app.id));
  return new Set(view.applications.filter((app) => fits(app) && words.every((w) => app.search.includes(w))).map((a) => a.id));
}

function apply() {
  const main = $("#fp-main");
  if (!shown || !main) return;
  const view = shown;
  const bar = main.querySelector(".fp-search");
  if (!bar) { query = ""; filter = "all"; } // too few to search: everything shows
  // A plan draws every card and row shown, with its sections' full counts: when the last pass
  // hid nothing and this one keeps everything, there is nothing to walk (with 2,000
  // applications, the walk took 15-20 ms of every tap).
  const everything = filter === "all" && !/\S/.test(query);
  const found = everything && !narrowed ? null : kept(view);
  if (found) narrowed = hide(main, found);
  // What is found in the archive is shown: it opens.
  const archive = /** @type {HTMLDetailsElement|null} */ (main.querySelector("#fp-archive"));
  if (archive && !everything) {
    archive.open = [...archive.querySelectorAll(".fp-card[data-app]")].some((card) => !(/** @type {HTMLElement} */ (card).hidden));
  }
  if (!bar) return;
  for (const button of bar.querySelectorAll(".fp-filter")) {
    button.setAttribute("aria-pressed", String(/** @type {HTMLElement} */ (button).dataset.filter === filter));
  }
  const all = view.applications.length;
  const size = found ? found.size : all;
  const said = size === all ? ""
    : size === 0 ? "No application matches. Clear the search or choose All to see them all."
      : `${size} of ${all} applications shown.`;
  const count = /** @type {HTMLElement} */ (bar.querySelector(".fp-search-count"));
  if (count.textContent !== said) count.textContent = said;
}

/**
 * Hides the cards and rows of the applications not `found`, and the sections left empty;
 * the others count what they show. Whether anything is hidden.
 * @param {HTMLElement} main
 * @param {Set<string>} found
 */
function hide(main, found) {
  let hid = false;
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (main.querySelectorAll("[data-app]"))) {
    const out = !found.has(/** @type {string} */ (el.dataset.app));
    if (el.hidden !== out) el.hidden = out;
    hid ||= out;
  }
  // A section with nothing left goes; the others count what they show.
  for (const list of /** @type {NodeListOf<HTMLElement>} */ (main.querySelectorAll("ul.fp-rows"))) {
    const visible = [...list.children].filter((row) => !(/** @type {HTMLElement} */ (row).hidden)).length;
    list.hidden = visible === 0;
    hid ||= visible === 0;
    const title = /** @type {HTMLElement|null} */ (list.previousElementSibling);
    if (title && title.matches(".fp-group")) {
      title.hidden = visible === 0;
      const count = title.querySelector(".fp-count");
      if (count) count.textContent = ` (${visible})`;
    }
  }
  return hid;
}
