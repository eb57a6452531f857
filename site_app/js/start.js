// The planner's Python, for main.js and the modules it wires. main.js starts it (never inside
// another page's frame: main.js then says why, and offers the planner in its own tab), and
// python.js's start() takes over the worker that the page may have started already (see
// site_app/overrides/main.html and site_app/first-paint.js).
import { Python } from "./python.js";

/** Whether another page shows the planner inside a frame (where a click could be stolen). */
export function framed() {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}

/** Started by main.js (never inside a frame). */
export const python = new Python(new URL("worker.mjs", import.meta.url));
