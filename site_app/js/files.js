// Files the user takes away or brings back: the backup, the restore, the calendar.

import { h, announce, button, download } from "./dom.js";
import { dialog, closeDialog } from "./dialogs.js";

/**
 * @typedef {import("./store.js").Store} Store
 * @typedef {import("./python.js").Python} Python
 * @typedef {import("./types.js").DescribeAnswer} DescribeAnswer
 * @typedef {import("./types.js").CalendarAnswer} CalendarAnswer
 * @typedef {import("./types.js").Failure} Failure
 */

/** Today's date for a file name, on this device's calendar. */
function today() {
  const d = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** @param {Store} store */
export function downloadBackup(store) {
  const text = store.backupText();
  if (text === null) { announce("There is nothing to back up yet."); return; }
  download(text, `followup-planner-backup-${today()}.json`, "application/json");
  store.backedUp();
  announce("Backup downloaded. Keep it somewhere safe; Restore reads it back.");
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
  announce(`Calendar downloaded with ${result.events} steps, each with a reminder. Importing it again updates the same events.${gone}`);
}

/**
 * Asks for a backup file, shows what it holds and what it would replace, and replaces only
 * when the user confirms.
 * @param {Store} store
 * @param {Python} python
 * @param {(undo: () => void) => void} onRestored  told how to take the restore back
 */
export function restore(store, python, onRestored) {
  const input = /** @type {HTMLInputElement} */ (h("input", { type: "file", accept: ".json,application/json", hidden: true }));
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
