// The sweep of quiet applications: where several have reached the point where the method
// says to move on (a "Move on" step due now, as Python planned it), one action moves on from
// all of them, named first; the change's own Undo (main.js) brings them back.

import { h, button, dueNow } from "./dom.js";

/**
 * The applications whose "Move on" is due now, with their names; null under two (a single
 * one has its own button on its row).
 * @param {import("./types.js").View} view
 * @returns {{apps: string[], names: string[]}|null}
 */
export function quiet(view) {
  /** @type {Map<string, string>} */
  const due = new Map();
  for (const step of view.steps) {
    // (the saved plan, painted before Python is ready, knows companies, not ids: the box is
    // drawn the same, its button not usable yet, so nothing moves when the plan comes)
    if (step.kind === "move_on" && dueNow(step)) due.set(step.application || step.company, step.company);
  }
  return due.size < 2 ? null : { apps: [...due.keys()], names: [...due.values()] };
}

/**
 * The sweep's box, above the agenda.
 * @param {{apps: string[], names: string[]}} found  from quiet()
 * @param {(change: import("./types.js").Change) => void} apply
 * @param {boolean} cached  the saved plan: shown, not usable yet
 */
export function sweepBox(found, apply, cached) {
  const count = found.apps.length;
  return h("div", { class: "fp-sweep", role: "region", "aria-labelledby": "fp-sweep-title" },
    h("p", { id: "fp-sweep-title" }, h("strong", {}, `${count} applications went quiet after every follow-up: `),
      `${found.names.join(", ")}. The method says to move on from them: you did everything right.`),
    h("p", { class: "fp-actions" }, button(`Move on from all ${count}`,
      () => apply({ op: "move_on_from", apps: found.apps }), { primary: true, disabled: cached })));
}
