// The planner's Python, for main.js and the modules it wires: the worker the page's head
// started while the page was being read (site_app/overrides/main.html) is adopted here, or,
// without it, started here. Shown inside another page's frame, nothing is started (main.js
// then says why, and offers the planner in its own tab).
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
