// Spreadsheets in and out: "Import a spreadsheet" reads a CSV file, shows what it would add
// (Python reads it: followup.spreadsheet) and adds it as one change through the store;
// "Export for a spreadsheet" downloads one row per application.

import { h, announce, button, download } from "./dom.js";
import { dialog, closeDialog } from "./forms.js";
import { importPreview } from "./dialogs.js";

/**
 * @typedef {import("./store.js").Store} Store
 * @typedef {import("./python.js").Python} Python
 * @typedef {import("./types.js").SpreadsheetPreviewAnswer} SpreadsheetPreviewAnswer
 * @typedef {import("./types.js").SpreadsheetExportAnswer} SpreadsheetExportAnswer
 * @typedef {import("./types.js").Failure} Failure
 */

/** The largest file read, as followup.spreadsheet.MAX_BYTES: larger ones are not read at all. */
export const MAX_BYTES = 5 * 1024 * 1024;

/** Today's date for a file name, on this device's calendar. */
function today() {
  const d = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** How this browser's language writes a date in numbers: month first ("mdy") or day first. */
export function localeDateOrder() {
  const parts = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(2026, 10, 17)).map((p) => p.type);
  return parts.indexOf("month") < parts.indexOf("day") ? "mdy" : "dmy";
}

/** @param {Uint8Array} bytes */
function base64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A file that cannot be imported: why, and that nothing changed.
 * @param {string} sentence
 */
function refuse(sentence) {
  dialog("This file can't be imported", h("p", { id: "fp-import-problem" }, sentence), [button("OK", closeDialog)], { focusTitle: true });
}

/**
 * Asks for a CSV file and shows what importing it would do; the dialog adds it on confirm.
 * @param {Store} store
 * @param {Python} python
 */
export function importSpreadsheet(store, python) {
  const input = /** @type {HTMLInputElement} */ (h("input", { type: "file", accept: ".csv,.tsv,.txt,text/csv,text/plain", hidden: true }));
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.remove();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      refuse(`“${file.name}” is too large (${(file.size / 1024 / 1024).toFixed(1)} MB); a spreadsheet of applications is at most ${MAX_BYTES / 1024 / 1024} MB. Nothing was changed.`);
      return;
    }
    announce("Reading the spreadsheet…");
    const data = base64(new Uint8Array(await file.arrayBuffer()));
    /** @param {string|null} dateFormat */
    const show = async (dateFormat) => {
      /** @type {SpreadsheetPreviewAnswer|Failure} */
      const answer = await python.call("spreadsheet_preview", {
        document: store.text, now: new Date().toISOString(), timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
        data, date_format: dateFormat, prefer: localeDateOrder() });
      if (!answer.ok) { refuse(answer.error); return; }
      importPreview(file.name, answer.preview, answer.text, (other) => show(other), dateFormat !== null);
    };
    await show(null);
  });
  document.body.append(input);
  input.click();
}

/**
 * Downloads one row per application, for a spreadsheet.
 * @param {Store} store
 * @param {Python} python
 */
export async function exportSpreadsheet(store, python) {
  if (store.text === null) { announce("There is nothing to export yet."); return; }
  /** @type {SpreadsheetExportAnswer|Failure} */
  const result = await python.call("spreadsheet_export", { document: store.text, now: new Date().toISOString() });
  if (!result.ok) { announce(result.error); return; }
  download(result.csv, `followup-planner-${today()}.csv`, "text/csv");
  announce(`Spreadsheet downloaded with ${result.rows} application${result.rows === 1 ? "" : "s"}, one per row. Import it in any planner with “Import a spreadsheet”.`);
}
