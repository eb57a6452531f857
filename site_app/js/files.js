// Files the user takes away or brings back: the backup, the restore, the calendar.

import { h, announce, button, download, appRoot } from "./dom.js";
import { dialog, closeDialog } from "./forms.js";

/**
 * @typedef {import("./store.js").Store} Store
 * @typedef {import("./types.js").View} View
 * @typedef {import("./python.js").Python} Python
 * @typedef {import("./calltypes.js").DescribeAnswer} DescribeAnswer
 * @typedef {import("./calltypes.js").CalendarAnswer} CalendarAnswer
 * @typedef {import("./types.js").Failure} Failure
 */

/** Today's date for a file name, on this device's calendar. */
function today() {
  const d = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The localStorage key of when this browser last made a backup (ISO 8601). */
export const LAST_BACKUP_KEY = "followup-planner.last-backup";

/** A backup was made: the reminder count starts again, and its date is kept. */
function backedUp(/** @type {Store} */ store) {
  store.backedUp();
  try { localStorage.setItem(LAST_BACKUP_KEY, new Date().toISOString()); } catch { /* the reminder then names no date */ }
}

/** When this browser last made a backup, or null. */
export function lastBackup() {
  try {
    const kept = localStorage.getItem(LAST_BACKUP_KEY);
    const when = kept ? new Date(kept) : null;
    return when && !Number.isNaN(when.getTime()) ? when : null;
  } catch {
    return null;
  }
}

/** The gentle reminder after some changes, naming the last backup's date. */
export function backupReminder() {
  const when = lastBackup();
  const tip = "Tip: download a backup now and then; browsers can clear site data.";
  if (!when) return `${tip} You haven't made a backup in this browser yet.`;
  const sameYear = when.getFullYear() === new Date().getFullYear();
  const date = when.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long", year: sameYear ? undefined : "numeric" });
  return `${tip} Your last backup was on ${date}.`;
}

/** @param {Store} store */
export function downloadBackup(store) {
  const text = store.backupText();
  if (text === null) { announce("There is nothing to back up yet."); return; }
  download(text, `followup-planner-backup-${today()}.json`, "application/json");
  backedUp(store);
  announce("Backup downloaded. Keep it somewhere safe; Restore reads it back.");
}

/**
 * The backup as a file the system share sheet takes. Phones pass on plain-text files but not
 * .json ones (Chromium refuses them when sharing), so it is named .txt; the text is the same
 * as a downloaded backup's, and Restore and the command line read either.
 * @param {string} text
 */
function backupFile(text) {
  return new File([text], `followup-planner-backup-${today()}.txt`, { type: "text/plain" });
}

/** Whether this browser can hand a file to the system share sheet (Web Share with files). */
export function canShareFiles() {
  if (typeof navigator.canShare !== "function" || typeof navigator.share !== "function") return false;
  try {
    return navigator.canShare({ files: [backupFile("{}")] });
  } catch {
    return false;
  }
}

/**
 * Hands the backup to the system share sheet, to save it to the user's own cloud drive or
 * mail it to themselves in one step. Must run from a tap (the browser asks for one).
 * @param {Store} store
 */
export async function shareBackup(store) {
  const text = store.backupText();
  if (text === null) { announce("There is nothing to back up yet."); return; }
  const file = backupFile(text);
  if (!navigator.canShare({ files: [file] })) {
    announce("This browser can't share the backup file. Use Back up to download it instead.");
    return;
  }
  try {
    await navigator.share({ files: [file], title: "Follow-up Planner backup" });
  } catch (error) {
    const name = /** @type {Error} */ (error).name;
    announce(name === "AbortError" ? "The backup was not shared. Nothing was changed."
      : `The backup could not be shared (${/** @type {Error} */ (error).message || name}). Use Back up to download it instead.`);
    return;
  }
  backedUp(store);
  announce("Backup shared. Keep it somewhere safe; Restore reads it back.");
}

/** The buttons that make a backup: a plain download always, and sharing where it works. */
export function backupButtons(/** @type {Store} */ store) {
  return [button("Back up", () => downloadBackup(store)),
    canShareFiles() ? button("Share a backup…", () => { shareBackup(store); }) : null];
}

let keepAsked = false;

/**
 * Once the planner holds data of the user's own (not only the sample), asks the browser to
 * keep the site's storage even when space runs low (navigator.storage.persist). Asked once
 * a visit, and not again once granted. What the browser answered is left on the planner's
 * root as data-storage-kept ("yes" or "no").
 * @param {View|null} view
 */
export async function keepStorage(view) {
  if (keepAsked || !view || !view.applications.some((app) => !app.sample)) return;
  const storage = navigator.storage;
  if (!storage || typeof storage.persist !== "function") return;
  keepAsked = true;
  try {
    const already = typeof storage.persisted === "function" && await storage.persisted();
    const kept = already || await storage.persist();
    appRoot().dataset.storageKept = kept ? "yes" : "no";
  } catch {
    appRoot().dataset.storageKept = "no";
  }
}

/**
 * Stored data that cannot be read, saved as it is.
 * @param {string|null} text
 */
export function downloadStored(text) {
  download(text || "", "followup-planner-stored-data.txt", "text/plain");
}

/**
 * @param {Store} store
 * @param {Python} python
 * @param {string|null} appId  one application, or all
 * @param {string} siteUrl     the site's root, for the links in each event
 */
export async function downloadCalendar(store, python, appId, siteUrl) {
  announce("Preparing the calendar…");
  /** @type {CalendarAnswer|Failure} */
  const result = await python.call("calendar", { document: store.text, now: new Date().toISOString(), app: appId, site_url: siteUrl });
  if (!result.ok) { announce(result.error); return; }
  if (!result.events && !result.cancelled) { announce("There are no planned steps to put in a calendar."); return; }
  download(result.ics, `followup-plan${appId ? `-${appId}` : ""}-${today()}.ics`, "text/calendar");
  const gone = result.cancelled ? ` Steps already done or dropped (${result.cancelled}) are cancelled in your calendar.` : "";
  announce(`Calendar downloaded with ${result.events} steps, each with a reminder. It does not change by itself (nothing here talks to your calendar): after a change, add it again, and its events replace the last ones.${gone}`);
}

/**
 * Asks for a backup file, shows what it holds and what it would replace, and replaces only
 * when the user confirms.
 * @param {Store} store
 * @param {Python} python
 * @param {(undo: () => void) => void} onRestored  told how to take the restore back
 */
export function restore(store, python, onRestored) {
  const input = /** @type {HTMLInputElement} */ (h("input", { type: "file", accept: ".json,.txt,application/json,text/plain", hidden: true }));
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.remove();
    if (!file) return;
    const text = await file.text();
    /** @type {DescribeAnswer|Failure} */
    const incoming = await python.call("describe", { document: text });
    if (!incoming.ok) {
      dialog("This file can't be restored", h("p", {}, `${incoming.error}. Nothing was changed.`), [button("OK", closeDialog)]);
      return;
    }
    const current = store.view ? store.view.applications.map((a) => a.company) : [];
    const list = (/** @type {string[]} */ names) => (names.length ? names.join(", ") : "none");
    dialog("Restore this backup?", h("div", {},
      h("p", {}, `The backup "${file.name}" has ${incoming.applications.length} application(s): ${list(incoming.applications)}, with ${incoming.events} recorded step(s).`),
      h("p", {}, store.status === "unreadable" ? "It will replace the unreadable stored data." : `It will replace what this browser has now: ${current.length} application(s): ${list(current)}.`)),
    [button("Replace with the backup", async () => {
      closeDialog();
      const done = await store.replace(incoming.text);
      if (!done.ok) { announce(done.error || "The backup could not be restored."); return; }
      onRestored(() => undoReplace(store));
    }, { primary: true, id: "fp-restore-confirm" }), button("Cancel", closeDialog)]);
  });
  document.body.append(input);
  input.click();
}

/**
 * Puts back what a restore or a fresh start replaced.
 * @param {Store} store
 */
export async function undoReplace(store) {
  const done = await store.undoReplace();
  announce(done.ok ? "Put back what this browser had before." : done.error || "Nothing was put back.");
}
