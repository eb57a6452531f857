// The draft editor: the planner's draft of a message, to edit, copy or open in the mail app.
// Nothing is ever sent. The user's own words are kept in the document until the step is done.

import { h, $, announce, button } from "./dom.js";
import { need, dialog, closeDialog } from "./forms.js";

/**
 * @typedef {import("./types.js").DraftRequest} DraftRequest
 */

/**
 * @param {string} text
 * @returns {HTMLElement}
 */
function highlightGaps(text) {
  const out = h("div", { class: "fp-preview", role: "region", tabindex: "0", "aria-label": "Preview with the gaps to fill highlighted" });
  for (const part of text.split(/(\[[^\]\n]+\])/)) {
    if (/^\[[^\]\n]+\]$/.test(part)) out.append(h("mark", {}, part));
    else out.append(part);
  }
  return out;
}

/**
 * The draft editor: edit, copy, or open in the mail app. Nothing is ever sent. The user's
 * own words are kept in the document when the dialog closes, until the step is done.
 * @param {DraftRequest} request
 * @param {string} title
 * @param {string} key  the step's key: where its kept words live
 * @param {string} [about]  which application, shown under the title
 */
export async function openDraft(request, title, key, about = "") {
  const result = await need().draft(request, key);
  if (!result.ok) {
    dialog("Not yet", h("p", { class: "fp-refusal" }, result.error), [button("OK", closeDialog)]);
    return;
  }
  const subject = /** @type {HTMLInputElement} */ (h("input", { id: "fp-draft-subject", type: "text", value: result.subject }));
  const body = /** @type {HTMLTextAreaElement} */ (h("textarea", { id: "fp-draft-body", rows: 14 }, result.body));
  const preview = h("div", {});
  const mail = /** @type {HTMLAnchorElement} */ (h("a", { class: "md-button", id: "fp-mailto" }, "Open in mail app"));
  const update = () => {
    preview.replaceChildren(highlightGaps(body.value));
    mail.href = `mailto:${encodeURIComponent(result.to || "")}?subject=${encodeURIComponent(subject.value)}&body=${encodeURIComponent(body.value)}`;
  };
  subject.addEventListener("input", update);
  body.addEventListener("input", update);
  update();
  /** @type {HTMLElement|null} */
  const kept = !result.kept ? null : h("p", { class: "fp-note" }, "Your own words, kept from last time. ",
    button("Start again from the planner's words", () => {
      subject.value = result.original.subject;
      body.value = result.original.body;
      update();
      if (kept) kept.remove();
    }, { plain: true, small: true }));
  const keep = async () => {
    if (subject.value === result.subject && body.value === result.body) return;
    const back = subject.value === result.original.subject && body.value === result.original.body;
    await need().apply({ op: "save_draft", app: request.app, key,
      subject: back ? "" : subject.value, body: back ? "" : body.value });
  };
  $("#fp-dialog").addEventListener("close", keep, { once: true });
  const gaps = result.gaps.length
    ? h("p", { class: "fp-gaps" }, "Fill in the highlighted gaps before sending: ", result.gaps.map((g, i) => [i ? ", " : "", h("mark", {}, g)]))
    : h("p", { class: "fp-gaps" }, "Read it once more and make it yours.");
  dialog(title, h("div", { class: "fp-draft" },
    about ? h("p", { class: "fp-note" }, about) : "",
    kept,
    // Never a silent blank: with no address, the To: line shows the gap, highlighted.
    result.to ? h("p", {}, "To: ", result.to) : result.to_gap ? h("p", { class: "fp-to-gap" }, "To: ", h("mark", {}, result.to_gap)) : "",
    h("p", { class: "fp-field" }, h("label", { for: "fp-draft-subject" }, "Subject"), subject),
    h("p", { class: "fp-field" }, h("label", { for: "fp-draft-body" }, "Message"), body),
    gaps, preview,
    h("p", { class: "fp-note" }, "The planner never sends anything: copy the text or open it in your mail app.")),
  [button("Copy", async () => {
    const text = `Subject: ${subject.value}\n\n${body.value}`;
    try {
      await navigator.clipboard.writeText(text);
      announce("Copied.");
    } catch {
      body.select();
      document.execCommand("copy");
      announce("Copied the message.");
    }
  }, { primary: true }), mail, button("Close", closeDialog)], { focusTitle: true });
}
