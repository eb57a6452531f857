// The parts of an application's card that list what it holds: its rounds with their notes,
// its history (each entry correctable), its timeline, and text that breaks where an address
// would overflow. views.js draws the card around them; what the user can do comes in as
// handlers.

import { h, button } from "./dom.js";

/**
 * @typedef {import("./types.js").AppView} AppView
 * @typedef {import("./views.js").Handlers} Handlers
 */

/**
 * Every round, each with its notes (earlier rounds too) and, when there are several, Remove.
 * @param {AppView} app
 * @param {Handlers} on
 */
export function rounds(app, on) {
  if (!app.round_notes.length) return "None yet";
  return h("ul", { class: "fp-list" }, app.round_notes.map((round, n) => {
    const item = app.rounds[n];
    const who = round.people.map((p) => p.name).join(", ");
    return h("li", {}, `${round.label}${who ? ` · ${who}` : ""} `,
      button("Notes…", () => on.edit(app, `round:${round.id}`), { plain: true, label: `Notes on ${round.label}` }), " ",
      item && item.remove ? button("Remove", () => on.remove(item), { plain: true, label: `Remove ${item.name}` }) : "");
  }));
}

/**
 * What was recorded, newest first: each entry can be corrected (Edit) or removed.
 * @param {AppView} app
 * @param {Handlers} on
 */
export function history(app, on) {
  if (!app.history.length) return "Nothing recorded yet. What you mark as sent, and their replies, show here.";
  return h("ul", { class: "fp-list fp-history" }, app.history.map((item) => h("li", {}, `${item.label} `,
    button("Edit", () => on.editEvent(app, item), { plain: true, label: `Edit ${item.name}` }), " ",
    item.remove ? button("Remove", () => on.remove(item), { plain: true, label: `Remove ${item.name}` }) : "")));
}

/** @param {AppView} app */
export function timeline(app) {
  return h("ol", { class: "fp-timeline", "aria-label": `Timeline for ${app.company}` },
    app.timeline.map((mark) => {
      const word = { done: "done", planned: "planned", overdue: "overdue", clue: "", today: "" }[mark.state];
      return h("li", { class: `fp-step fp-${mark.state} fp-k-${mark.kind}` },
        h("span", { class: "fp-dot", "aria-hidden": "true" }),
        h("span", { class: "fp-label" }, mark.label),
        mark.date ? h("span", { class: "fp-date" }, mark.date, word ? ` · ${word}` : "") : "");
    }));
}

/**
 * What the application was sent with: the résumé version, and the posting (a link when its
 * address is a web one; shown as text otherwise).
 * @param {import("./types.js").AppFacts} facts
 */
export function appliedWith(facts) {
  const url = facts.posting_url;
  const link = /^https?:\/\//i.test(url)
    ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, "the job posting")
    : url ? breakable(`the job posting: ${url}`) : "";
  return [facts.resume ? `Résumé: ${facts.resume}` : "", facts.resume && url ? "; " : "", link];
}

/**
 * Text that may break after an "@" (an email address in a narrow column), not only where the
 * browser would cut a word anywhere.
 * @param {string} text
 * @returns {Array<string|HTMLElement>}
 */
export function breakable(text) {
  return text.split("@").flatMap((part, n) => (n ? [h("wbr", {}), `@${part}`] : [part]));
}
