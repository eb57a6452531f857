// Spreadsheets in and out: "Import a spreadsheet" reads a CSV file, shows what it would add
// (Python reads it: followup.spreadsheet) and adds it as one change through the store;
// "Export for a spreadsheet" downloads one row per application.

import { h, $, announce, button, download, named } from "./dom.js";
import { need, dialog, closeDialog, showError } from "./forms.js";

/**
 * @typedef {import("./store.js").Store} Store
 * @typedef {import("./python.js").Python} Python
 * @typedef {import("./calltypes.js").SpreadsheetPreview} SpreadsheetPreview
 * @typedef {import("./calltypes.js").SpreadsheetPreviewAnswer} SpreadsheetPreviewAnswer
 * @typedef {import("./calltypes.js").SpreadsheetExportAnswer} SpreadsheetExportAnswer
 * @typedef {import("./types.js").Failure} Failure
 */

/** The largest file read, as followup.sheetfile.MAX_BYTES: larger ones are not read at all. */
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

/** What each column of an imported spreadsheet is used for, in the preview's words. */
const COLUMN_USES = /** @type {Record<string, string>} */ ({
  company: "company", role: "role", interview: "interview date", applied: "date applied",
  contact: "contact", email: "contact's email", phone: "contact's phone", status: "status",
  url: "link (kept in the notes)", notes: "kept in the notes", decision: "decision expected",
  computed: "not needed (the planner works it out)",
});
/** The most rows each list of the preview shows; the rest are counted. */
const PREVIEW_ROWS = 50;

/**
 * One list of the preview: a heading with its count, and its first rows.
 * @template T
 * @param {string} id
 * @param {string} title
 * @param {T[]} items
 * @param {(item: T) => string} line
 */
function previewList(id, title, items, line) {
  if (!items.length) return "";
  const more = items.length - PREVIEW_ROWS;
  return h("section", { class: "fp-import-list", id, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title` }, `${title} (${items.length})`),
    h("ul", {}, items.slice(0, PREVIEW_ROWS).map((item) => h("li", {}, line(item)))),
    more > 0 ? h("p", { class: "fp-hint" }, `…and ${more} more.`) : "");
}

/**
 * The import's preview: what will be added, what is left out as a duplicate or not
 * understood, how dates are read (with the choice of the other order), then confirm or
 * cancel. Confirming asks for one change; nothing changes before.
 * @param {string} fileName
 * @param {SpreadsheetPreview} preview
 * @param {string} text            the file's text, for the change
 * @param {(dateFormat: string) => unknown} reread  shows the preview again, dates read otherwise
 * @param {boolean} [again]  shown again after the user changed the dates' order: the
 *        focus stays on that choice
 */
function importPreview(fileName, preview, text, reread, again = false) {
  const added = preview.added;
  const columns = preview.columns.map((c) => `${c.name || "(no name)"}: ${COLUMN_USES[c.use] || c.use}`);
  /** @type {HTMLElement|string} */
  let dates = "";
  if (preview.date_format) {
    const names = /** @type {Record<string, string>} */ ({ dmy: "day/month/year", mdy: "month/day/year" });
    const select = h("select", { id: "fp-f-date-format", name: "date_format", "aria-describedby": "fp-f-date-format-hint" },
      Object.entries(names).map(([value, label]) => h("option", { value, selected: value === preview.date_format }, label)));
    select.addEventListener("change", () => reread(/** @type {HTMLSelectElement} */ (select).value));
    const fits = preview.date_formats.includes(preview.date_format) ? ""
      : " Some dates don't fit this order: their rows are not understood.";
    dates = h("p", { class: "fp-field" }, h("label", { for: "fp-f-date-format" }, "Dates written in numbers are"), select,
      h("span", { class: "fp-hint", id: "fp-f-date-format-hint" }, `${preview.date_example}. Times are read in your planner's time zone.${fits}`));
  }
  const errorBox = h("p", { class: "fp-form-error", role: "alert", tabindex: "-1" });
  const body = h("div", { class: "fp-import" },
    h("p", { id: "fp-import-summary" }, `“${fileName}”: ${preview.rows} row${preview.rows === 1 ? "" : "s"} below the column names. `,
      added.length ? `${added.length} application${added.length === 1 ? "" : "s"} will be added; nothing else changes.`
        : "There is nothing to add: nothing will change."),
    dates,
    previewList("fp-import-added", "Will be added", added, (a) => `Row ${a.row}: ${named(a)}. ${a.detail}`),
    previewList("fp-import-duplicates", "Already there: left out", preview.duplicates, (d) => `Row ${d.row}: ${named(d)} (${d.of})`),
    previewList("fp-import-refused", "Not understood: left out", preview.not_understood, (r) => `Row ${r.row}: ${r.reason}`),
    h("details", { class: "fp-import-columns" }, h("summary", {}, "How the columns are read"),
      h("ul", {}, columns.map((c) => h("li", {}, c)))),
    errorBox);
  /** @type {HTMLElement[]} */
  const buttons = [];
  if (added.length) {
    const label = `Add ${added.length} application${added.length === 1 ? "" : "s"}`;
    const confirm = /** @type {HTMLButtonElement} */ (button(label, async () => {
      if (confirm.disabled) return;
      confirm.disabled = true;
      confirm.textContent = "Adding…";
      const outcome = await need().apply({ op: "import_spreadsheet", text, date_format: preview.date_format });
      confirm.disabled = false;
      confirm.textContent = label;
      if (outcome === true) closeDialog();
      else if (outcome !== null) showError(errorBox, outcome);
    }, { primary: true, id: "fp-import-confirm" }));
    buttons.push(confirm);
  }
  buttons.push(button(added.length ? "Cancel" : "Close", () => { closeDialog(); announce("Nothing was imported."); }));
  dialog("Import this spreadsheet?", body, buttons, { focusTitle: true });
  if (again) /** @type {HTMLElement|null} */ ($("#fp-f-date-format"))?.focus();
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
