// The only owner of the user's document. It reads and validates what is stored, runs changes
// one at a time in the order they were asked for, saves with compare-and-swap (never over a
// save it has not seen), takes in other tabs' saves, and has the first-paint cache
// (paintcache.js) written after each new view.
//
// The document is opaque text here: Python reads it, changes it and serialises it; the store
// only keeps it, compares it and writes it. No DOM: node --test runs this module as it is.

import { FirstPaint } from "./paintcache.js";
import { freeRoom } from "./tidy.js";
import { merged } from "./delta.js";

/**
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").ViewDelta} ViewDelta
 * @typedef {import("./types.js").Change} Change
 * @typedef {import("./types.js").Paint} Paint
 * @typedef {import("./types.js").RuleWarning} RuleWarning
 * @typedef {import("./types.js").Failure} Failure
 * @typedef {import("./calltypes.js").Calls} Calls
 * @typedef {import("./paintcache.js").FirstPaintDeps} FirstPaintDeps
 */

/** The localStorage key of the document (the same text as a backup file). */
export const KEY = "followup-planner";
/** The localStorage key of the document a restore or a fresh start replaced: the way back. */
export const REPLACED_KEY = "followup-planner.replaced";
/** How often a change is tried again on top of another tab's newer save. */
const ATTEMPTS = 3;

/**
 * What the store needs besides what the first-paint cache needs (its storage is the document's).
 * @typedef {Object} StoreCalls
 * @property {<K extends keyof Calls>(fn: K, request: Calls[K][0]) => Promise<Calls[K][1] | Failure>} call
 *           a bridge function (python.call)
 * @property {() => string} now     the current moment, ISO 8601
 * @property {() => string} zone    the browser's time zone, for a new document
 * @typedef {FirstPaintDeps & StoreCalls} StoreDeps
 */

/**
 * @typedef {Object} Outcome
 * @property {boolean} ok
 * @property {string} [error]      when not ok: the sentence for the user
 * @property {string} [message]    when ok: what was done
 * @property {Change|null} [undo]  the change that takes it back
 * @property {boolean} [saved]     false when the browser refused to store it
 * @property {boolean} [adopted]   the change was made on top of another tab's newer save
 * @property {RuleWarning} [warning] when not ok: what it goes against; the same change with
 *           `despite: true` records it anyway
 */

/**
 * @typedef {"starting"|"ready"|"unreadable"} Status
 * @typedef {{type: "view"|"unreadable"|"saved"|"unsaved"|"adopted", store: Store}} StoreEvent
 */

export class Store {
  /** @param {StoreDeps} deps */
  constructor(deps) {
    this.deps = deps;
    /** @type {Status} */
    this.status = "starting";
    /** @type {string|null} what storage held when this tab last read or wrote it */
    this.base = null;
    /** @type {string|null} the current document: ahead of `base` while a save fails */
    this.text = null;
    /** @type {View|null} */
    this.view = null;
    /** @type {string|null} Python's name for `view`: the next answer tells only what differs */
    this.token = null;
    /** @type {{token: string, text: string}|null} the document Python holds, and its name there:
     *  a change to it names it instead of sending its text again */
    this.known = null;
    /** @type {{error: string, newer?: string[], holds?: string[]}|null} why the stored data cannot be read
     *  (status "unreadable"): `newer` names what a newer planner wrote that this one does not know */
    this.problem = null;
    this.unsaved = false;
    /** How many changes were saved since the last backup. */
    this.changes = 0;
    /** @type {Promise<any>} the queue: each task starts when the one before has ended */
    this.queue = Promise.resolve();
    /** @type {Array<(event: StoreEvent) => void>} */
    this.listeners = [];
    /** @type {string|null|undefined} what the last replace took the place of (undefined: none) */
    this.replaced = undefined;
    /** The first-paint cache, written from what this store holds when it is written. */
    this.firstPaint = new FirstPaint(deps, () => this);
  }

  /** @param {(event: StoreEvent) => void} listener */
  subscribe(listener) {
    this.listeners.push(listener);
  }

  /** @param {StoreEvent["type"]} type */
  emit(type) {
    for (const listener of this.listeners) listener({ type, store: this });
  }

  /**
   * Runs `task` after every task asked for before it, whatever became of them.
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  enqueue(task) {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** @returns {{ok: true, text: string|null}|{ok: false, error: unknown}} */
  readStorage() {
    if (!this.deps.storage) return { ok: true, text: null };
    try {
      return { ok: true, text: this.deps.storage.getItem(KEY) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** @param {string} text @returns {boolean} whether the browser stored it */
  writeStorage(text) {
    const storage = this.deps.storage;
    if (!storage) return false;
    try {
      storage.setItem(KEY, text);
      return true;
    } catch {
      // Caches (the first-paint cache, earlier builds' keys) give their room to the document.
      try {
        if (!freeRoom(storage)) return false;
        storage.setItem(KEY, text);
        return true;
      } catch {
        return false;
      }
    }
  }

  /**
   * The first paint saved for the stored text by this very build, or null.
   * @param {string|null} text
   * @returns {Paint|null}
   */
  cachedPaint(text) {
    return this.firstPaint.read(text);
  }

  /** Keeps the first-paint cache now if it is waiting for the page to be idle (it is closing). */
  flushCache() {
    this.firstPaint.flush();
  }

  /**
   * Reads the stored document and plans it. Resolves to the status.
   * @returns {Promise<Status>}
   */
  open() {
    return this.enqueue(async () => {
      const stored = this.readStorage();
      const text = stored.ok ? stored.text : null;
      await this.take(text);
      return this.status;
    });
  }

  /**
   * What a call that plans `text` adds to its request: the token of the view shown, so that
   * the answer tells only what differs from it.
   * @returns {{shown?: string}}
   */
  shown() {
    return this.view && this.token ? { shown: this.token } : {};
  }

  /**
   * The view an answer brings (whole, or what differs from the view shown), with its token.
   * Should the difference not fit the view shown, the whole view of `text` is asked for.
   * @param {{view?: View, delta?: ViewDelta, token?: string}} answer  a successful answer
   * @param {string|null} text  the document the answer planned
   * @returns {Promise<{ok: true, view: View, token: string|null}|{ok: false, error: string}>}
   */
  async viewOf(answer, text) {
    if (answer.view) return { ok: true, view: answer.view, token: answer.token || null };
    const delta = /** @type {ViewDelta} */ (answer.delta);
    const view = this.view && delta.base === this.token ? merged(this.view, delta) : null;
    if (view) return { ok: true, view, token: answer.token || null };
    const whole = await this.deps.call("agenda", { document: text, now: this.deps.now(), timezone: this.deps.zone() });
    if (!whole.ok) return { ok: false, error: whole.error };
    // Asked without `shown`, Python answers with the whole view.
    if (!whole.view) return { ok: false, error: "The planner could not draw the plan; reload the page." };
    return { ok: true, view: whole.view, token: whole.token || null };
  }

  /**
   * Keeps the name Python gave the document `text` (an answer's `known`), if it gave one.
   * @param {{known?: string}} answer
   * @param {string|null} text
   */
  know(answer, text) {
    this.known = answer.known && text !== null ? { token: answer.known, text } : null;
  }

  /**
   * Calls `fn` on the document `text`: by its name when Python holds it, else with its text
   * (also when Python answers that it no longer holds it).
   * @template {keyof Calls} K
   * @param {K} fn
   * @param {string|null} text
   * @param {Omit<Calls[K][0], "document"|"known">} request  the rest of the request
   * @returns {Promise<Calls[K][1] | Failure>}
   */
  async callOn(fn, text, request) {
    const known = this.known;
    if (known && text !== null && known.text === text) {
      const answer = await this.deps.call(fn, { known: known.token, ...request });
      if (answer.ok || !answer.unknown) return answer;
      this.known = null;
    }
    return this.deps.call(fn, { document: text, ...request });
  }

  /**
   * Makes `text` (what storage holds) this tab's document, if Python can read it.
   * @param {string|null} text
   * @returns {Promise<boolean>}
   */
  async take(text) {
    const answer = await this.deps.call("agenda", { document: text, now: this.deps.now(), timezone: this.deps.zone(), ...this.shown() });
    const shown = answer.ok ? await this.viewOf(answer, text) : answer;
    this.base = text;
    this.text = text;
    if (!shown.ok) {
      this.status = "unreadable";
      this.problem = shown;
      this.view = null;
      this.token = null;
      this.emit("unreadable");
      return false;
    }
    this.status = "ready";
    this.problem = null;
    this.view = shown.view;
    this.token = shown.token;
    if (answer.ok) this.know(answer, text);
    this.firstPaint.write();
    this.emit("view");
    return true;
  }

  /**
   * Plans the current document again, as of now (a new day, a tab shown again).
   * @returns {Promise<boolean>}
   */
  refresh() {
    return this.enqueue(async () => {
      if (this.status !== "ready") return false;
      const answer = await this.deps.call("agenda", { document: this.text, now: this.deps.now(), timezone: this.deps.zone(), ...this.shown() });
      const shown = answer.ok ? await this.viewOf(answer, this.text) : answer;
      if (!shown.ok) return false;
      this.view = shown.view;
      this.token = shown.token;
      this.emit("view");
      return true;
    });
  }

  /**
   * Applies one change, after every change asked for before it. If another tab saved since
   * this one last read, the change is made on top of that newer save instead; if another
   * tab saves while Python works, it is made again on top of that.
   * @param {Change} change
   * @returns {Promise<Outcome>}
   */
  change(change) {
    return this.enqueue(async () => {
      if (this.status === "unreadable") {
        return { ok: false, error: "The planner is read-only until the stored data problem is resolved." };
      }
      let adopted = false;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const seen = this.readStorage();
        let input = this.text;
        if (seen.ok && seen.text !== this.base) {
          input = seen.text;
          adopted = true;
        }
        const answer = await this.callOn("change", input, { now: this.deps.now(), timezone: this.deps.zone(), change, ...this.shown() });
        if (!answer.ok) {
          if (adopted && seen.ok) await this.take(seen.text);
          return answer.warning ? { ok: false, error: answer.error, warning: answer.warning, adopted }
            : { ok: false, error: answer.error, adopted };
        }
        const shown = await this.viewOf(answer, answer.text);
        if (!shown.ok) return { ok: false, error: shown.error, adopted };
        const now = this.readStorage();
        if (seen.ok && now.ok && now.text !== seen.text) continue; // saved elsewhere meanwhile
        const saved = this.writeStorage(answer.text);
        this.text = answer.text;
        if (saved) this.base = answer.text;
        else if (adopted && seen.ok) this.base = seen.text;
        this.status = "ready";
        this.view = shown.view;
        this.token = shown.token;
        this.know(answer, answer.text);
        this.unsaved = !saved;
        if (saved) this.changes += 1;
        this.firstPaint.write();
        this.emit(saved ? "saved" : "unsaved");
        return { ok: true, message: answer.message, undo: answer.undo, saved, adopted };
      }
      return { ok: false, error: "Another tab keeps changing the planner at this moment. Your change was not made; try it again." };
    });
  }

  /**
   * Replaces the whole document (a restored backup, a fresh start), after the changes
   * before it. `text` must come from Python (describe or validate). What was stored before,
   * readable or not, is kept under REPLACED_KEY (and in memory, should the browser refuse),
   * so `undoReplace` can put it back.
   * @param {string} text
   * @returns {Promise<Outcome>}
   */
  replace(text) {
    return this.enqueue(async () => {
      const answer = await this.deps.call("agenda", { document: text, now: this.deps.now(), timezone: this.deps.zone() });
      if (!answer.ok) return { ok: false, error: answer.error };
      const shown = await this.viewOf(answer, text);
      if (!shown.ok) return { ok: false, error: shown.error };
      const seen = this.readStorage();
      const previous = seen.ok ? seen.text : this.base;
      this.replaced = previous;
      if (this.deps.storage && previous !== null) {
        try { this.deps.storage.setItem(REPLACED_KEY, previous); } catch { /* kept in memory */ }
      }
      const saved = this.writeStorage(text);
      this.text = text;
      if (saved) this.base = text;
      this.status = "ready";
      this.problem = null;
      this.view = shown.view;
      this.token = shown.token;
      this.unsaved = !saved;
      this.firstPaint.write();
      this.emit(saved ? "saved" : "unsaved");
      return { ok: true, saved };
    });
  }

  /**
   * Puts back the document the last restore or fresh start replaced, exactly as it was
   * stored (even if Python cannot read it: then the page is read-only again, as before).
   * @returns {Promise<Outcome>}
   */
  undoReplace() {
    return this.enqueue(async () => {
      let previous = this.replaced;
      if (previous === undefined && this.deps.storage) {
        try { previous = this.deps.storage.getItem(REPLACED_KEY); } catch { previous = null; }
      }
      if (previous === undefined || previous === null) return { ok: false, error: "There is nothing to put back." };
      if (!this.writeStorage(previous)) {
        return { ok: false, error: "Couldn't put it back: this browser's storage for the site is full or blocked." };
      }
      this.replaced = undefined;
      try { this.deps.storage?.removeItem(REPLACED_KEY); } catch { /* nothing to clean */ }
      this.unsaved = false;
      await this.take(previous);
      return { ok: true, saved: true };
    });
  }

  /**
   * Another tab saved (a storage event): take its document in, after the changes queued here.
   * @param {string|null} text
   * @returns {Promise<boolean>} whether anything changed here
   */
  adopt(text) {
    return this.enqueue(async () => {
      if (text === this.base) return false;
      const ok = await this.take(text);
      this.unsaved = false; // the newer save wins over what this tab could not store
      if (ok) this.emit("adopted");
      return ok;
    });
  }

  /** The document to back up: what this tab shows, saved or not. */
  backupText() {
    return this.text;
  }

  /** A backup was downloaded: the reminder count starts again. */
  backedUp() {
    this.changes = 0;
  }
}
