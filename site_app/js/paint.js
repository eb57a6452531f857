// The first paint of a return visit: the little of a view that the first-paint cache keeps
// (the agenda's rows, each card's heading and line), and a view rebuilt from it that the
// views draw, with its buttons disabled, while Python starts.

import { named } from "./dom.js";

/**
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").Step} Step
 * @typedef {import("./types.js").AppView} AppView
 * @typedef {import("./types.js").Paint} Paint
 */

/**
 * What a return visit paints before Python has started: the agenda's rows and each card's
 * heading and line, in as few characters as possible (timelines wait for Python).
 * @param {View} view
 * @returns {Paint}
 */
export function paintOf(view) {
  const steps = new Map(view.steps.map((s) => [s.key, s]));
  return {
    sample: view.sample,
    groups: view.groups.map((g) => ({ id: g.id, title: g.title, apps: g.apps, rows: g.steps.map((key) => {
      const s = /** @type {Step} */ (steps.get(key));
      return /** @type {[string, string, string, string, boolean]} */ ([s.kind, s.title, named(s), s.when, s.overdue]);
    }) })),
    apps: view.applications.map((a) => /** @type {[string, string, string, string, AppView["status"], number]} */ (
      [a.id, a.company, a.role, a.headline, a.status, a.timeline.length])),
  };
}

/**
 * A view rebuilt from a first paint, for `render(…, {cached: true})`: buttons show, disabled.
 * @param {Paint} paint
 * @returns {View}
 */
export function viewOfPaint(paint) {
  /** @type {Step[]} */
  const steps = [];
  const groups = paint.groups.map((g) => ({ id: g.id, title: g.title, apps: g.apps,
    steps: g.rows.map(([kind, title, company, when, overdue], n) => {
      const key = `${g.id}-${n}`;
      const stepKind = /** @type {Step["kind"]} */ (kind);
      steps.push({ key, application: "", company, role: "", kind: stepKind, contact: null, title, when, when_full: "",
        group: g.id, due_from: "", overdue, ready: true, not_yet: null, why: "", rule: "", guide: "",
        draft: kind === "move_on" ? null : { app: "", kind: stepKind, contact: null, attempt: null },
        done: kind === "thank_you" || kind === "move_on" ? { op: "none" } : null });
      return key;
    }) }));
  // Each timeline is drawn as blank marks, so the card keeps its height when the real one comes.
  const blank = { kind: "blank", state: /** @type {"clue"} */ ("clue"), label: "\u00a0", date: "\u00a0", date_full: "" };
  const applications = paint.apps.map(([id, company, role, headline, status, marks]) => /** @type {AppView} */ ({
    id, company, role, status, sample: paint.sample, closed: false, headline, ended_note: headline, closing: null,
    timeline: Array.from({ length: marks }, () => blank), people: [], rounds: [], absences: [], history: [], decision: "", memorable: "", notes: "", latest_round: null, round_notes: [],
    facts: /** @type {any} */ ({}), contacts: [], search: "" }));
  return { timezone: "", steps, groups, applications, settings: /** @type {any} */ ({}), sample: paint.sample, events: 0 };
}
