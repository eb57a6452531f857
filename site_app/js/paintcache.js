// The first-paint cache: what a return visit paints before Python has started, kept in
// localStorage beside the document, with the fingerprint that ties it to the document stored
// (and the build that drew it). The store reads it and, once the page is idle, writes it.
//
// No DOM: node --test runs this module as it is. The build puts CACHE_KEY, stamp() and readCache(), as
// written here, into the page's first-paint script (site_app/build/planner.py).

/**
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").Paint} Paint
 * @typedef {import("./types.js").PaintCache} PaintCache
 */

/** The localStorage key of what a return visit paints before Python has started. */
export const CACHE_KEY = "followup-planner.first-paint";
/** A first-paint cache may be as long as the document, or this many characters when that is more. */
const CACHE_ROOM = 256 * 1024;

/**
 * A short fingerprint of a text (FNV-1a, 32 bits, with the length): enough to tell whether a
 * cache was painted from the document now stored, without keeping a copy of it.
 * @param {string|null} text
 */
export function stamp(text) {
  if (text === null) return "none";
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${hash.toString(36)}`;
}

/**
 * The one reader of the cache's format: the cache this very build saved for the stored text
 * `text`, or null. The page's first-paint script (site_app/first-paint.js) is built with this
 * function's own text, and the boot module (js/boot.js) and the store read through it; so it
 * stays one plain function that uses nothing but stamp().
 * @param {{getItem(key: string): string|null}|null} storage
 * @param {string} build
 * @param {string|null} text
 * @returns {PaintCache|null}
 */
export function readCache(storage, build, text) {
  if (!storage || text === null) return null;
  try {
    const cache = JSON.parse(storage.getItem(CACHE_KEY) || "null");
    if (cache && cache.build === build && cache.stamp === stamp(text) && cache.paint) return cache;
  } catch { /* no usable cache: wait for Python */ }
  return null;
}

/**
 * @typedef {Object} FirstPaintDeps
 * @property {{getItem(key: string): string|null, setItem(key: string, value: string): void, removeItem(key: string): void}|null} storage
 *           localStorage, or null when the browser refuses it
 * @property {string} build         this build's version, written into the cache
 * @property {(view: View) => Paint} paintOf   what the first paint needs of a view
 * @property {(paint: Paint) => string|null} [markupOf]  the page as that first paint shows it
 *           (the page's first-paint script shows it before any module has loaded), or null
 * @property {(task: () => void) => void} [later]  runs a task soon, once the change is shown
 *           (the first-paint cache is written then; `flush` writes it at once); without
 *           it, at once
 */

/**
 * What the cache is written from, as of when it is written: the stored document (`base`),
 * the current one (`text`, ahead of `base` while a save fails) and its view.
 * @typedef {{base: string|null, text: string|null, view: View|null}} Shown
 */

export class FirstPaint {
  /**
   * @param {FirstPaintDeps} deps  read when used: a change to them counts from then
   * @param {() => Shown} shown
   */
  constructor(deps, shown) {
    this.deps = deps;
    this.shown = shown;
    /** Whether writing the cache is waiting for `later`. */
    this.waiting = false;
  }

  /**
   * The first paint saved for the stored text by this very build, or null.
   * @param {string|null} text
   * @returns {Paint|null}
   */
  read(text) {
    const cache = readCache(this.deps.storage, this.deps.build, text);
    return cache ? cache.paint : null;
  }

  /** Keeps what the first paint of the next visit needs, as of when the page is next idle. */
  write() {
    const later = this.deps.later;
    if (!later) { this.keep(); return; }
    if (this.waiting) return;
    this.waiting = true;
    later(() => { if (this.waiting) { this.waiting = false; this.keep(); } });
  }

  /** Keeps the cache now if it is waiting for `later` (the page is closing). */
  flush() {
    if (this.waiting) { this.waiting = false; this.keep(); }
  }

  /**
   * Keeps what the first paint of the next visit needs: with the page's markup when it fits,
   * never longer than the document (or than CACHE_ROOM, for a short one).
   */
  keep() {
    const storage = this.deps.storage;
    const { base, text: current, view } = this.shown();
    if (!storage || !view) return;
    try {
      if (base === null || base !== current) { storage.removeItem(CACHE_KEY); return; }
      const paint = this.deps.paintOf(view);
      /** @type {PaintCache} */
      const cache = { build: this.deps.build, stamp: stamp(base), paint };
      const room = Math.max(base.length, CACHE_ROOM);
      let text = "";
      const html = this.deps.markupOf ? this.deps.markupOf(paint) : null;
      if (html !== null) text = JSON.stringify({ ...cache, html });
      if (!text || text.length > room) text = JSON.stringify(cache);
      if (text.length <= room) storage.setItem(CACHE_KEY, text);
      else storage.removeItem(CACHE_KEY);
    } catch { /* the cache is a convenience; the document itself is saved */ }
  }
}
