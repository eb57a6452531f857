// The dialog box and the forms in it: one dialog at a time, labelled fields, date and time
// fields on the planner's clock, a form whose submission becomes one change (its refusal shown
// in the form) and confirmations. It keeps what the dialogs need from the rest of the page.

import { h, $, button, keepFocus } from "./dom.js";

/**
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").Change} Change
 * @typedef {import("./types.js").DraftRequest} DraftRequest
 * @typedef {import("./calltypes.js").DraftAnswer} DraftAnswer
 * @typedef {import("./types.js").Failure} Failure
 */

/**
 * What the dialogs need from the rest of the page.
 * @typedef {Object} DialogEnv
 * @property {(change: Change) => Promise<true|string|null>} apply  true, the sentence why not,
 *           or null when the user was asked something first (in the dialog)
 * @property {(request: DraftRequest, key: string) => Promise<DraftAnswer|Failure>} draft
 * @property {() => View|null} view
 * @property {() => string} browserZone
 */

/** @type {DialogEnv|null} */
let env = null;

/** @param {DialogEnv} dialogEnv */
export function useEnv(dialogEnv) {
  env = dialogEnv;
}

/** What the page gave useEnv(). */
export function need() {
  if (!env) throw new Error("forms.useEnv() was not called");
  return env;
}

/**
 * @param {string} title
 * @param {HTMLElement} body
 * @param {HTMLElement[]} buttons
 * @param {{focusTitle?: boolean}} [options] focusTitle: start on the title, not in a field
 *        (on a phone, a focused field opens the keyboard over what the dialog shows)
 * @returns {HTMLFormElement}
 */
export function dialog(title, body, buttons, { focusTitle = false } = {}) {
  const dlg = /** @type {HTMLDialogElement} */ ($("#fp-dialog"));
  dlg.replaceChildren();
  const form = /** @type {HTMLFormElement} */ (h("form", { method: "dialog" }));
  form.append(h("h2", { id: "fp-dialog-title", tabindex: "-1" }, title), body, h("p", { class: "fp-actions fp-dialog-buttons" }, buttons));
  dlg.setAttribute("aria-labelledby", "fp-dialog-title");
  dlg.append(form);
  if (!dlg.open) dlg.showModal();
  const first = /** @type {HTMLElement|null} */ (dlg.querySelector(focusTitle ? "h2" : "input, textarea, select, button"));
  if (first) first.focus();
  return form;
}

export function closeDialog() {
  const dlg = /** @type {HTMLDialogElement} */ ($("#fp-dialog"));
  if (dlg.open) dlg.close();
  dlg.replaceChildren();
}

/** @param {Event} event */
export function onDialogClose(event) {
  /** @type {HTMLElement} */ (event.target).replaceChildren();
  keepFocus();
}

export const cancel = () => button("Cancel", closeDialog);

/**
 * @typedef {Object} FieldOptions
 * @property {string} [type]
 * @property {string} [value]
 * @property {string} [hint]
 * @property {boolean} [required]
 * @property {string} [autocomplete]
 * @property {Array<[string, string]>} [options]
 * @property {string[]} [suggestions]
 * @property {string|null} [inputmode]  the keyboard a phone shows ("url"), whatever is accepted
 */

/**
 * A labelled field; its hint is its accessible description.
 * @param {string} label
 * @param {string} name
 * @param {FieldOptions} [options]
 */
export function field(label, name, { type = "text", value = "", hint = "", required = false, autocomplete = "off", options = [], suggestions = [], inputmode = null } = {}) {
  const id = `fp-f-${name}`;
  const described = hint ? `${id}-hint` : null;
  let input;
  if (type === "textarea") input = h("textarea", { id, name, rows: 3, "aria-describedby": described }, value);
  else if (type === "select") input = h("select", { id, name, required, "aria-describedby": described }, options.map(([v, t]) => h("option", { value: v, selected: v === value }, t)));
  else input = h("input", { id, name, type, value, required, autocomplete, inputmode, "aria-describedby": described, list: suggestions.length ? `${id}-list` : null });
  return h("p", { class: "fp-field" }, h("label", { for: id }, label, required ? h("span", { "aria-hidden": "true" }, " *") : ""), input,
    suggestions.length ? h("datalist", { id: `${id}-list` }, suggestions.map((v) => h("option", { value: v }))) : "",
    hint ? h("span", { class: "fp-hint", id: described || undefined }, hint) : "");
}

/**
 * A form whose submission becomes one change; its error, if any, shows in the form.
 * @param {string} title
 * @param {HTMLElement[]} fields
 * @param {string} submitLabel
 * @param {(values: Record<string, string>) => Change} toChange
 * @returns {HTMLFormElement}
 */
export function formDialog(title, fields, submitLabel, toChange) {
  const errorBox = h("p", { class: "fp-form-error", role: "alert", tabindex: "-1" });
  const submit = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "md-button md-button--primary", value: "ok" }, submitLabel));
  const form = dialog(title, h("div", {}, fields, errorBox), [submit, cancel()]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return; // a second tap while the first is being saved
    const values = /** @type {Record<string, string>} */ (Object.fromEntries(
      [...new FormData(form).entries()].map(([k, v]) => [k, String(v)])));
    errorBox.textContent = "";
    submit.disabled = true;
    submit.textContent = "Saving…";
    const outcome = await need().apply(toChange(values));
    submit.disabled = false;
    submit.textContent = submitLabel;
    if (outcome === true) closeDialog();
    else if (outcome !== null) showError(errorBox, outcome);
  });
  return form;
}

/**
 * A form's refusal, brought into view: on a phone the dialog may be taller than the screen.
 * @param {HTMLElement} errorBox
 * @param {string} sentence
 */
export function showError(errorBox, sentence) {
  errorBox.textContent = sentence;
  errorBox.focus({ preventScroll: true });
  errorBox.scrollIntoView({ block: "center" });
}

/**
 * @param {string} title
 * @param {string} text
 * @param {string} label
 * @param {() => unknown} onConfirm
 */
export function confirmDialog(title, text, label, onConfirm) {
  dialog(title, h("p", {}, text), [
    button(label, async () => { closeDialog(); await onConfirm(); }, { primary: true, danger: true }), cancel()]);
}

// -- dates and times on the planner's clock ----------------------------------------------------

/** The planner's time zone: the document's, or this device's before there is one. */
export function planZone() {
  const view = need().view();
  return (view && view.timezone) || need().browserZone();
}

/**
 * A datetime-local value for `date` on the wall clock of `zone`.
 * @param {string} zone
 * @param {Date} [date]
 * @param {boolean} [wholeHour]
 */
export function localInputValue(zone, date = new Date(), wholeHour = false) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23",
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
    .formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${wholeHour ? "00" : parts.minute}`;
}

/** The hint under a date-time field, naming the zone when it is not this device's. */
export function zoneHint() {
  const zone = planZone();
  return zone === need().browserZone() ? "" : `In ${zone} time, your planner's time zone (Your details).`;
}

/** The "when" and "note" fields of a record: now on the document's clock, or earlier. */
export function whenFields() {
  return [
    field("When", "at_local", { type: "datetime-local", value: nowInput(), required: true,
      hint: `Now, or when it really happened.${zoneHint() ? ` ${zoneHint()}` : ""}` }),
    field("Note (optional)", "note", { hint: "What was said, or what to remember." }),
  ];
}

/** The current minute on the planner's clock, as a datetime-local value. */
export function nowInput() {
  return localInputValue(planZone());
}

/**
 * The moment and note of a record. Left at the minute it showed (or this one), it is now to
 * the second, so it stays in order with what was recorded just before.
 * @param {Record<string, string>} values
 * @param {string} shown  the value the field was opened with
 */
export function when(values, shown) {
  const moment = values.at_local === shown || values.at_local === nowInput() ? {} : { at_local: values.at_local };
  return { ...moment, note: values.note };
}
