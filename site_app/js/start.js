// The first of the planner's modules to run. From the page's head, before anything is drawn,
// it starts Python's worker, so that Python loads while the page and the saved plan are drawn;
// main.js then listens to it. Shown inside another page's frame, it starts nothing (main.js
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

export const python = new Python(new URL("worker.mjs", import.meta.url));
if (!framed()) python.start();
