// Renders what Python returns, and nothing else: every word, date and choice in a view was
// decided by followup.views. What the user can do is passed in as handlers.

import { h, $, button, appRoot, named } from "./dom.js";
import { viewOfPaint } from "./paint.js";
import { searchBar, filterShown, SEARCH_FROM } from "./search.js";
import { quiet, sweepBox } from "./sweep.js";
import { rounds, history, timeline, breakable, appliedWith } from "./cardparts.js";

/**
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").Step} Step
 * @typedef {import("./types.js").AppView} AppView
 * @typedef {import("./types.js").Item} Item
 * @typedef {import("./types.js").HistoryItem} HistoryItem
 * @typedef {import("./types.js").Change} Change
 * @typedef {import("./types.js").DraftRequest} DraftRequest
 * @typedef {import("./types.js").Paint} Paint
 * @typedef {{steps: Map<string, Step>, apps: Map<string, AppView>}} Index  a view's steps by key, applications by id
 */

/**
 * @typedef {Object} Handlers
 * @property {(change: Change) => void} apply     make a change now
 * @property {(request: DraftRequest, title: string, key: string, about: string) => void} draft  about: which application
 * @property {(step: {application: string, company: string, role?: string, contact: string|null}, contacts?: Array<[string, string]>) => void} record         ask what happened, then record it
 * @property {(step: Step) => void} recordEarlier  a one-tap step (a thank-you sent) done at an earlier moment: ask when
 * @property {(app: AppView, item: HistoryItem) => void} editEvent  correct an entry of the history
 * @property {() => void} addApplication
 * @property {() => void} addApplied
 * @property {(app: AppView, what: string) => void} edit  open one of the application's forms
 * @property {(item: Item) => void} remove          confirm, then remove a listed fact
 * @property {(app: AppView) => void} deleteApplication
 * @property {(appId: string|null) => void} calendar
 */

/** From this many applications, cards and rows out of sight are left undrawn (planner.css). */
const MANY = 100;

/** Applications whose facts panel the user opened: kept open across renders. */
const openFacts = new Set();

/**
 * What an element was drawn from: its data (compared item by item: a view made from the last
 * one keeps what did not change as the very same objects), and that data as JSON, written
 * when first needed (a whole new view has new objects: the same text is the same data).
 * @typedef {{data: unknown[], text: string|null, el: HTMLElement}} Drawn
 */

/**
 * What was drawn last time, by what it was drawn from: a card or a row whose data did not
 * change is the same element again, left where it is (with hundreds of applications, a change
 * to one redraws one card, not all of them). The agenda's section, headings and lists are
 * kept too, and only their changed rows are replaced.
 * @type {Map<string, Drawn>}
 */
let drawn = new Map();

/**
 * The element for `data` under `key`: last render's when the data is the same. When it is
 * not, the new drawing goes into last render's element (its place in a list of hundreds is
 * kept: taking one out and putting another in costs the browser far more).
 * @param {Map<string, Drawn>} next  this render's, filled in
 * @param {string} key
 * @param {unknown[]} data
 * @param {() => HTMLElement} make
 */
function reuse(next, key, data, make) {
  const before = drawn.get(key);
  if (before && before.data.length === data.length && before.data.every((item, i) => item === data[i])) {
    next.set(key, { data, text: before.text, el: before.el });
    return before.el;
  }
  const text = JSON.stringify(data);
  if (before && before.text === null) before.text = JSON.stringify(before.data);
  const el = before && before.text === text ? before.el : redraw(before ? before.el : null, make());
  next.set(key, { data, text, el });
  return el;
}

/**
 * `fresh`'s attributes and children moved into `old` (the same kind of element), or `fresh`.
 * @param {HTMLElement|null} old
 * @param {HTMLElement} fresh
 */
function redraw(old, fresh) {
  if (!old || old.tagName !== fresh.tagName) return fresh;
  for (const name of old.getAttributeNames()) if (!fresh.hasAttribute(name)) old.removeAttribute(name);
  for (const name of fresh.getAttributeNames()) {
    const value = /** @type {string} */ (fresh.getAttribute(name));
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  old.replaceChildren(...fresh.childNodes);
  return old;
}

/**
 * The element under `key` that holds others (a section, a list): last render's, or `make`'s.
 * @param {Map<string, Drawn>} next
 * @param {string} key
 * @param {() => HTMLElement} make
 */
function keep(next, key, make) {
  const before = drawn.get(key);
  const el = before ? before.el : make();
  next.set(key, { data: [], text: "", el });
  return el;
}

/**
 * Makes `parent`'s children exactly `wanted`, moving or replacing only what differs.
 * @param {HTMLElement} parent
 * @param {HTMLElement[]} wanted
 */
function patch(parent, wanted) {
  const keep = new Set(wanted);
  for (const child of [...parent.children]) if (!keep.has(/** @type {HTMLElement} */ (child))) child.remove();
  wanted.forEach((el, i) => {
    if (parent.children[i] !== el) parent.insertBefore(el, parent.children[i] || null);
  });
}

/**
 * Draws the agenda and the applications.
 * @param {View} view
 * @param {Handlers} on
 * @param {{cached?: boolean}} [options] cached: the saved first paint, shown while Python starts
 */
export function render(view, on, { cached = false } = {}) {
  const main = $("#fp-main");
  appRoot().dataset.cached = cached ? "true" : "false";
  main.classList.toggle("fp-many", view.applications.length >= MANY);
  // User Timing marks, read by benchmarks/page.py: when the saved and the computed agenda show.
  const mark = cached ? "fp-saved-agenda" : "fp-agenda";
  if (!performance.getEntriesByName(mark).length) queueMicrotask(() => performance.mark(mark));
  const next = new Map();
  const wanted = parts(view, on, cached, next);
  drawn = next;
  patch(main, wanted);
  if (!cached) filterShown(view);
}

/**
 * What #fp-main holds for `view`.
 * @param {View} view
 * @param {Handlers} on
 * @param {boolean} cached
 * @param {Map<string, Drawn>} next  this render's drawings, filled in
 * @returns {HTMLElement[]}
 */
function parts(view, on, cached, next) {
  /** @type {HTMLElement[]} */
  const wanted = [];
  if (!view.applications.length) {
    wanted.push(emptyState(on));
  } else {
    if (view.sample) {
      wanted.push(h("div", { class: "fp-sample-banner" },
        h("span", {}, "You're exploring sample data. "),
        button("Remove sample data", () => on.apply({ op: "remove_sample" }), { plain: true, disabled: cached })));
    }
    // (in the saved plan too: the agenda does not move down when the computed one comes)
    if (view.applications.length >= SEARCH_FROM) wanted.push(keep(next, "search", searchBar));
    const sweep = quiet(view);
    if (sweep) wanted.push(reuse(next, "sweep", [sweep.apps.join("\n"), sweep.names.join("\n"), cached], () => sweepBox(sweep, on.apply, cached)));
    const index = indexOf(view);
    wanted.push(agenda(view, index, on, cached, next));
    wanted.push(reuse(next, "apps-title", [], () => h("h2", { id: "fp-apps-title" }, "Your applications")));
    const cardOf = (/** @type {AppView} */ app) => reuse(next, `card ${app.id}`, [app, cached], () => card(app, on, cached));
    const open = view.applications.filter((app) => app.status !== "ended");
    wanted.push(...open.map(cardOf));
    if (!open.length) wanted.push(reuse(next, "apps-none", [], () => h("p", {}, "None open: every application is in the archive below.")));
    const ended = view.applications.filter((app) => app.status === "ended");
    if (ended.length) wanted.push(archive(view, index, on, cached, next, ended.map(cardOf)));
  }
  return wanted;
}

/**
 * The applications that ended (moved on, a "no", an offer), out of the way: folded, their
 * rows (with the close-the-loop draft) and their cards (with the history); a card's Reopen
 * brings one back.
 * @param {View} view
 * @param {Index} index  from indexOf
 * @param {Handlers} on
 * @param {boolean} cached
 * @param {Map<string, Drawn>} next
 * @param {HTMLElement[]} cards
 */
function archive(view, index, on, cached, next, cards) {
  const count = keep(next, "archive-count", () => h("span", { class: "fp-count" }));
  count.textContent = ` (${cards.length})`;
  const ended = view.groups.find((group) => group.id === "ended");
  const list = keep(next, "archive-cards", () => h("div", { class: "fp-archive-cards" }));
  patch(list, [...(ended ? groupParts(index, ended, on, cached, next) : []), ...cards]);
  // (the heading outside the summary, whose content screen readers do not list as a heading)
  return keep(next, "archive", () => h("section", { class: "fp-archive", "aria-labelledby": "fp-archive-title" },
    h("h2", { id: "fp-archive-title" }, "Archive", count),
    h("details", { id: "fp-archive" }, h("summary", {}, "Show the applications that ended"), list)));
}

/**
 * The saved first paint as #fp-main's markup, drawn apart from the page (what is drawn on
 * the page is left as it is): what the page's first-paint script shows on the next visit,
 * before any of the planner's modules has loaded. Null from MANY applications: about 2.4 K
 * characters each, their markup would not fit the cache's room (main.js paints them).
 * @param {Paint} paint
 * @returns {string|null}
 */
export function paintMarkup(paint) {
  if (paint.apps.length >= MANY) return null;
  const before = drawn;
  drawn = new Map();
  try {
    const view = viewOfPaint(paint);
    const nothing = () => {};
    const on = /** @type {Handlers} */ (/** @type {unknown} */ (new Proxy({}, { get: () => nothing })));
    const box = document.createElement("div");
    box.append(...parts(view, on, true, new Map()));
    return box.innerHTML;
  } finally {
    drawn = before;
  }
}

/** @param {Handlers} on */
function emptyState(on) {
  return h("section", { class: "fp-empty", "aria-labelledby": "fp-empty-title" },
    h("h2", { id: "fp-empty-title", tabindex: "-1" }, "Add the interview you just had"),
    h("p", {}, "Four facts are enough: the company, the role, who interviewed you, and when it ended. The planner tells you what to send and by when."),
    h("p", { class: "fp-actions" },
      button("Add the interview", on.addApplication, { primary: true }),
      button("Explore with sample data", () => on.apply({ op: "load_sample" }))),
    h("p", {}, "Applied, but no interview yet? ", button("Add the application", on.addApplied, { plain: true }),
      ": the planner tells you when to follow up."));
}

/**
 * @param {View} view
 * @param {Index} index  from indexOf
 * @param {Handlers} on
 * @param {boolean} cached
 * @param {Map<string, Drawn>} next  this render's drawn elements
 */
function agenda(view, index, on, cached, next) {
  const section = keep(next, "agenda", () => h("section", { class: "fp-agenda", "aria-labelledby": "fp-agenda-title" }));
  const wanted = [keep(next, "agenda-title", () => h("h2", { id: "fp-agenda-title", tabindex: "-1" }, "What to do next"))];
  // The ended applications' rows are the archive's (below the cards), not the agenda's.
  const groups = view.groups.filter((group) => group.id !== "ended");
  for (const group of groups) wanted.push(...groupParts(index, group, on, cached, next));
  if (!groups.length) wanted.push(reuse(next, "agenda-none", [], () => h("p", {}, "Nothing to do right now.")));
  patch(section, wanted);
  return section;
}

/**
 * A view's steps by key and applications by id, made once a render for all its sections.
 * @param {View} view
 * @returns {Index}
 */
function indexOf(view) {
  return { steps: new Map(view.steps.map((s) => [s.key, s])), apps: new Map(view.applications.map((a) => [a.id, a])) };
}

/**
 * One section of the agenda: its title with its count, and its rows.
 * @param {Index} index  from indexOf
 * @param {import("./types.js").Group} group
 * @param {Handlers} on
 * @param {boolean} cached
 * @param {Map<string, Drawn>} next
 */
function groupParts({ steps, apps }, group, on, cached, next) {
  const rows = [
    ...group.steps.map((key) => {
      const step = /** @type {Step} */ (steps.get(key));
      return reuse(next, `step ${key}`, [step, cached], () => stepRow(step, on, cached));
    }),
    ...group.apps.map((id) => {
      const app = /** @type {AppView} */ (apps.get(id));
      return reuse(next, `row ${id}`, [app, cached], () => appRow(app, on, cached));
    }),
  ];
  const title = reuse(next, `group ${group.id}`, [group.title, rows.length],
    () => h("h3", { class: `fp-group fp-group-${group.id}` }, group.title, h("span", { class: "fp-count" }, ` (${rows.length})`)));
  const list = keep(next, `rows ${group.id}`, () => h("ul", { class: "fp-rows", "data-group": group.id }));
  patch(list, rows);
  return [title, list];
}

/**
 * @param {Step} step
 * @param {Handlers} on
 * @param {boolean} cached
 */
function stepRow(step, on, cached) {
  const small = (/** @type {string} */ label, /** @type {() => void} */ onclick, primary = false) =>
    button(label, onclick, { small: true, primary, disabled: cached });
  const actions = [];
  if (!step.ready) {
    actions.push(h("span", { class: "fp-note" }, step.not_yet));
  } else {
    const draft = step.draft;
    const draftLabel = { thank_you: "Draft thank-you", follow_up: "Draft follow-up", reply: "Draft reply" }[step.kind];
    if (draft && draftLabel) actions.push(small(draftLabel, () => on.draft(draft, step.title, step.key, named(step)), true));
    const done = step.done;
    // Moving on sends nothing: it is the row's one action.
    if (done) actions.push(small(step.kind === "move_on" ? "Move on" : "Mark as sent", () => on.apply(done), !draft));
    // Sent before it was marked: its real time, so the plan counts from it.
    if (done && step.kind === "thank_you") actions.push(small("Sent earlier…", () => on.recordEarlier(step)));
    else if (step.kind !== "move_on") actions.push(small("Record what happened…", () => on.record(step)));
  }
  return h("li", { class: `fp-row fp-kind-${step.kind}`, dataset: { app: step.application, kind: step.kind, key: step.key } },
    h("p", { class: "fp-what" }, h("strong", {}, step.title), " · ", named(step)),
    h("p", { class: "fp-when" }, h("span", { class: "fp-window" }, step.when),
      step.overdue ? h("span", { class: "fp-badge" }, "overdue") : ""),
    h("details", { class: "fp-why" }, h("summary", {}, "Why?"),
      step.why ? h("p", {}, step.why, " ", h("a", { href: `../${step.guide}` }, `Read the guide (${step.rule})`)) : ""),
    h("p", { class: "fp-actions" }, actions));
}

/**
 * A row of "Waiting for them" or "Closed".
 * @param {AppView} app
 * @param {Handlers} on
 * @param {boolean} cached
 */
function appRow(app, on, cached) {
  if (app.status !== "ended") {
    return h("li", { class: "fp-row", dataset: { app: app.id } }, h("p", { class: "fp-what" }, named(app)), h("p", { class: "fp-why" }, app.headline));
  }
  const closing = app.closing;
  return h("li", { class: "fp-row fp-ended", dataset: { app: app.id } },
    h("p", { class: "fp-what" }, h("strong", {}, app.company), app.role ? `, ${app.role}` : ""),
    h("p", { class: "fp-why" }, app.ended_note),
    closing ? h("p", { class: "fp-actions" }, button("Draft a closing note",
      () => on.draft(closing, `Close the loop with ${named(app)}`, `${app.id}|closing||`, named(app)), { small: true, disabled: cached })) : "");
}

/**
 * One application: its next step, its timeline, and its facts and history.
 * @param {AppView} app
 * @param {Handlers} on
 * @param {boolean} cached
 */
function card(app, on, cached) {
  const el = h("article", { class: "fp-card", "aria-labelledby": `fp-app-${app.id}`, dataset: { app: app.id } });
  el.append(h("h3", { id: `fp-app-${app.id}` }, app.company, app.role ? h("span", { class: "fp-role" }, ` · ${app.role}`) : ""),
    h("p", { class: "fp-summary" }, app.headline));
  el.append(timeline(app));
  if (cached) {
    el.append(h("details", { class: "fp-facts" }, h("summary", {}, "Facts and history")));
    return el;
  }
  const list = (/** @type {Item[]} */ items, /** @type {string} */ none) => (items.length
    ? h("ul", { class: "fp-list" }, items.map((item) => h("li", {}, breakable(`${item.label} `),
      item.remove ? button("Remove", () => on.remove(item), { plain: true, label: `Remove ${item.name}` }) : "")))
    : none);
  const action = (/** @type {string} */ label, /** @type {() => void} */ onclick, danger = false) =>
    button(label, onclick, { small: true, danger });
  el.append(h("details", { class: "fp-facts", open: openFacts.has(app.id),
    ontoggle: (/** @type {Event} */ e) => {
      if (/** @type {HTMLDetailsElement} */ (e.target).open) openFacts.add(app.id); else openFacts.delete(app.id);
    } },
  h("summary", {}, "Facts and history"),
  h("dl", {},
    h("dt", {}, "People"), h("dd", {}, list(app.people, "None yet")),
    h("dt", {}, "Interviews"), h("dd", {}, rounds(app, on)),
    h("dt", {}, "Decision expected"), h("dd", {}, app.decision || "Not known. Know when they'll decide? Add it and the first follow-up moves to match."),
    h("dt", {}, "Away"), h("dd", {}, list(app.absences, "Nobody. Is someone going on holiday? Add it and no follow-up lands while they're away.")),
    app.latest_round ? [h("dt", {}, "Memorable moment"), h("dd", {}, app.memorable || "Not noted yet: it makes the thank-you personal.")] : "",
    app.notes ? [h("dt", {}, "Notes"), h("dd", { class: "fp-notes" }, app.notes)] : "",
    app.facts.posting_url || app.facts.resume ? [h("dt", {}, "Applied with"), h("dd", {}, appliedWith(app.facts))] : "",
    h("dt", {}, "History"), h("dd", {}, history(app, on))),
  h("p", { class: "fp-actions" },
    action("Edit facts…", () => on.edit(app, "facts")),
    action("Add a round…", () => on.edit(app, "add_round")),
    action("Add a person…", () => on.edit(app, "add_person")),
    action("Someone is away…", () => on.edit(app, "away")),
    action("You got in touch…", () => on.record({ application: app.id, company: app.company, role: app.role, contact: app.contacts.length ? app.contacts[0][0] : null }, app.contacts)),
    action("They replied…", () => on.edit(app, "reply")),
    action("Calendar (.ics)", () => on.calendar(app.id)),
    app.closed ? action("Reopen", () => on.apply({ op: "update_application", app: app.id, fields: { closed: false } })) : "",
    action("Delete…", () => on.deleteApplication(app), true))));
  return el;
}
