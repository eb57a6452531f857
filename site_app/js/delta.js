// A view made whole from a delta: Python may tell a new view as what differs from the one the
// page shows (followup.bridge); the store makes it whole again here, keeping what did not
// change as the very same objects, which views.js then leaves drawn as they are.
//
// No DOM: node --test runs this module as it is.

/**
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").ViewDelta} ViewDelta
 */

/**
 * The view `delta` tells, made from `base` (the view it was told against): what did not
 * change is the very same object as in `base`. Null when `delta` does not fit `base`.
 * @param {View} base
 * @param {ViewDelta} delta
 * @returns {View|null}
 */
export function merged(base, delta) {
  const apps = new Map(base.applications.map((a) => [a.id, a]));
  for (const app of delta.changed) apps.set(app.id, app);
  const steps = new Map(base.steps.map((s) => [s.key, s]));
  for (const step of delta.changed_steps) steps.set(step.key, step);
  const applications = delta.applications.map((id) => apps.get(id));
  const ordered = delta.steps.map((key) => steps.get(key));
  if (applications.includes(undefined) || ordered.includes(undefined)) return null;
  return {
    timezone: delta.timezone, settings: delta.settings, sample: delta.sample, events: delta.events, groups: delta.groups,
    applications: /** @type {View["applications"]} */ (applications), steps: /** @type {View["steps"]} */ (ordered),
  };
}
