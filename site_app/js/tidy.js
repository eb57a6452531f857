// What the planner keeps in the browser's storage beside the document, and what may go: keys
// that earlier builds kept and this one no longer uses are removed once this build runs, and
// under a full quota every key that is not the user's data gives its room to the document
// before its save fails. No DOM: node --test runs this module as it is.

import { CACHE_KEY } from "./paintcache.js";

/** Keys earlier builds kept that this one does not use: caches of what Python computed,
 * never the user's data (a newer build's keys are left alone: they may be). */
export const RETIRED = ["followup-planner.agenda-cache"];

/** @typedef {{getItem(key: string): string|null, removeItem(key: string): void}} Storage */

/**
 * Removes the retired keys.
 * @param {Storage|null} storage
 */
export function tidy(storage) {
  if (!storage) return;
  for (const key of RETIRED) {
    try { storage.removeItem(key); } catch { /* nothing to tidy */ }
  }
}

/**
 * Frees what may be freed for the document's sake, the most expendable first: the retired
 * keys, then the first-paint cache. Whether anything was freed.
 * @param {Storage} storage
 */
export function freeRoom(storage) {
  let freed = false;
  for (const key of [...RETIRED, CACHE_KEY]) {
    if (storage.getItem(key) === null) continue;
    storage.removeItem(key);
    freed = true;
  }
  return freed;
}
