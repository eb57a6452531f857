// The planner page's start-up, owned here and nowhere else: from the first paint to a Python
// that answers, in named states. The page's head loads this module on its own (before the
// theme's stylesheets, so Python's worker starts early), and main.js imports the same one;
// nothing passes between scripts but the page itself. site_app/STARTUP.md shows the sequence.
//
//   painted    the saved plan is shown from the first-paint cache (site_app/first-paint.js)
//   booting    Python's worker is loading the runtime and the planner's packages
//   restoring  …or restoring the memory snapshot a visit before made
//   ready      Python answers; the page's store opens the document
//   failed     Python could not start (a download, the runtime, a timeout): why, in words
//   outdated   the worker belongs to another build than the page (an older or newer copy
//              from a cache) or said what the page cannot read: the page reloads once,
//              then says so
//
// No DOM at import: node --test runs the Boot class with a stand-in Python.

import { Python, OutdatedError } from "./python.js";
import { BUILD } from "./build.js";
import { KEY } from "./store.js";
import { readCache } from "./paintcache.js";

/**
 * @typedef {import("./types.js").StageMessage} StageMessage
 * @typedef {import("./types.js").SnapshotMessage} SnapshotMessage
 * @typedef {"painted"|"booting"|"restoring"|"ready"|"failed"|"outdated"} BootState
 * @typedef {Object} BootStatus
 * @property {BootState} state
 * @property {string} detail      what is happening, in the worker's words ("Loading Python")
 * @property {number} progress    0 to 1
 * @property {string} [stage]     the worker's own stage ("runtime", "packages", …)
 * @property {StageMessage} [ready]  with "ready": how Python started, and how long it took
 * @property {string} [error]     with "failed" and "outdated": why, in a sentence
 * @typedef {Object} BootListener
 * @property {(status: BootStatus) => void} [onState]  told the state now, then each change
 * @property {(sentence: string) => void} [onFault]    the machinery failed after the start
 * @property {(msg: SnapshotMessage) => void} [onSnapshot]  a snapshot for the next visit
 * @typedef {Object} Recovery  what an outdated page does (a reload, at most once a build)
 * @property {{getItem(key: string): string|null, setItem(key: string, value: string): void, removeItem(key: string): void}|null} session
 * @property {() => void} reload
 */

/** sessionStorage: the build a page last reloaded for because its worker was outdated. */
export const RELOADED_KEY = "followup-planner.reloaded-for";

export class Boot {
  /**
   * @param {Pick<Python, "listen"|"start"|"booted">} python
   * @param {string} build   the page's build
   * @param {Recovery} recovery
   */
  constructor(python, build, recovery) {
    this.python = python;
    this.build = build;
    this.recovery = recovery;
    /** @type {BootStatus} */
    this.status = { state: "booting", detail: "Loading Python", progress: 0 };
    /** @type {BootListener[]} */
    this.listeners = [];
    /** @type {Array<(listener: BootListener) => void>} faults and snapshots told before anybody listened */
    this.untold = [];
    this.started = false;
    python.listen({
      onStage: (msg) => this.stage(msg),
      onFault: (sentence) => this.tell((l) => l.onFault && l.onFault(sentence)),
      onSnapshot: (msg) => this.tell((l) => l.onSnapshot && l.onSnapshot(msg)),
    });
    python.booted.catch((/** @type {Error} */ error) => {
      if (error instanceof OutdatedError) this.outdated(error.message);
      else this.move({ state: "failed", detail: "", progress: 0, error: error.message });
    });
  }

  /** The saved plan is on the screen (the first-paint script drew it). */
  painted() {
    if (!this.started) this.move({ ...this.status, state: "painted" });
  }

  /** Starts Python's worker, once (its first word moves the state on). */
  start() {
    if (this.started) return;
    this.started = true;
    this.python.start();
  }

  /** @param {StageMessage} msg */
  stage(msg) {
    if (msg.stage === "ready") {
      this.move({ state: "ready", detail: msg.detail, progress: 1, stage: msg.stage, ready: msg });
      // Started: a later mismatch (another deploy) may reload again.
      try { if (this.recovery.session) this.recovery.session.removeItem(RELOADED_KEY); } catch { /* none */ }
      return;
    }
    const state = msg.stage === "restoring" ? "restoring" : "booting";
    this.move({ state, detail: msg.detail, progress: msg.progress, stage: msg.stage });
  }

  /**
   * The worker is another build's: reload once for this build, saying nothing (the page's
   * files may have been half updated); if that did not help, say so.
   * @param {string} why
   */
  outdated(why) {
    const { session, reload } = this.recovery;
    let again = true;
    try {
      // Reloads only once the note that it did is kept: never a loop.
      if (session && session.getItem(RELOADED_KEY) !== this.build) {
        session.setItem(RELOADED_KEY, this.build);
        again = false;
      }
    } catch { /* no session storage: no reload */ }
    if (again) this.move({ state: "outdated", detail: "", progress: 0, error: why });
    else reload();
  }

  /** @param {BootStatus} status */
  move(status) {
    // A start ends once: what goes wrong after "ready" is a fault, told as one.
    if (["ready", "failed", "outdated"].includes(this.status.state)) return;
    this.status = status;
    for (const listener of this.listeners) if (listener.onState) listener.onState(status);
  }

  /** @param {(listener: BootListener) => void} what */
  tell(what) {
    if (this.listeners.length) for (const listener of this.listeners) what(listener);
    else this.untold.push(what);
  }

  /**
   * Listens from now on: the state now first, then what was told before anybody listened,
   * then every change.
   * @param {BootListener} listener
   */
  listen(listener) {
    this.listeners.push(listener);
    if (listener.onState) listener.onState(this.status);
    for (const what of this.untold.splice(0)) what(listener);
  }
}

/** Whether another page shows the planner inside a frame (where a click could be stolen). */
export function framed() {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}

/**
 * Tells `shown` as soon as the first-paint script has put the saved plan in #fp-app, and
 * `then` once the browser has painted it (at once when it shows none). The script runs right
 * after #fp-app, which this module may meet before or after the page has been read that far.
 * @param {() => void} shown
 * @param {() => void} then
 */
function afterFirstPaint(shown, then) {
  let done = false;
  const finish = (/** @type {boolean} */ painted) => {
    if (done) return;
    done = true;
    observer.disconnect();
    if (!painted) { then(); return; }
    shown();
    // A hidden tab produces no frame: there, a task at once. The first-paint script marks the
    // frame that shows the plan (data-painted), which may have been made before this module ran.
    if (document.hidden || document.getElementById("fp-app")?.dataset.painted === "true") soon(then);
    else requestAnimationFrame(() => { soon(then); });
  };
  const onScreen = () => document.getElementById("fp-app")?.dataset.cached === "true";
  const observer = new MutationObserver(() => { if (onScreen()) finish(true); });
  if (onScreen()) { finish(true); return; }
  if (document.readyState !== "loading") { finish(false); return; }
  observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-cached"] });
  document.addEventListener("DOMContentLoaded", () => finish(onScreen()));
}

/** Runs `task` as a task of its own, ahead of the page's other waiting tasks (the theme's
 * script, its DOMContentLoaded) where the browser can order them. @param {() => void} task */
function soon(task) {
  const scheduler = /** @type {any} */ (globalThis).scheduler;
  if (scheduler && typeof scheduler.postTask === "function") scheduler.postTask(task, { priority: "user-blocking" });
  else setTimeout(task, 0);
}

/** The page's own session storage, or null. */
function sessionOrNull() {
  try { return window.sessionStorage; } catch { return null; }
}

/** The planner's Python (its calls go through here once the state is "ready"). */
export const python = new Python(new URL("worker.mjs", import.meta.url), BUILD);
export const boot = new Boot(python, BUILD, { session: null, reload: () => {} });

if (typeof document !== "undefined" && !framed()) {
  boot.recovery = { session: sessionOrNull(), reload: () => location.reload() };
  // Python starts at once, unless a saved plan will be painted first: then once it is on the
  // screen (the two would share the processor).
  /** @type {string|null} */
  let text = null;
  try { text = localStorage.getItem(KEY); } catch { /* no storage: nothing to paint */ }
  const cache = (() => { try { return readCache(localStorage, BUILD, text); } catch { return null; } })();
  if (cache && typeof cache.html === "string") {
    afterFirstPaint(() => boot.painted(), () => boot.start());
  } else {
    boot.start();
  }
}
