// Recording what happened: a contact or a reply (with the question before one that goes
// against a rule of the method), a thank-you sent before it was marked, and corrections to an
// application's history. Each ends in one change handed to the store, or in nothing.

import { h, announce, button, named } from "./dom.js";
import { need, dialog, closeDialog, cancel, field, formDialog, showError, zoneHint, whenFields, nowInput, when } from "./forms.js";

/**
 * @typedef {import("./types.js").Step} Step
 * @typedef {import("./types.js").AppView} AppView
 * @typedef {import("./types.js").HistoryItem} HistoryItem
 * @typedef {import("./types.js").Change} Change
 * @typedef {import("./types.js").RuleWarning} RuleWarning
 */

/**
 * Asked before a contact that goes against a rule of the method is recorded: which rule, and
 * the choice to record it anyway (it happened) or not at all.
 * @param {string} sentence  what it goes against, as the planner says it
 * @param {RuleWarning} warning
 * @param {() => unknown} recordAnyway
 */
export function ruleWarning(sentence, warning, recordAnyway) {
  dialog("Record it anyway?", h("div", {},
    h("p", { class: "fp-warning" }, sentence),
    h("p", {}, "If it has already happened, record it: the planner plans the next step from what really happened. ",
      h("a", { href: `../${warning.guide}` }, `Read the guide (${warning.rule}: ${warning.title})`))),
  [button("Record anyway", async () => { closeDialog(); await recordAnyway(); }, { primary: true }),
    button("Don't record", () => { closeDialog(); announce("Not recorded."); })], { focusTitle: true });
}

/**
 * The people of an application, [id, name], as the view shown now has them.
 * @param {string} appId
 * @returns {Array<[string, string]>}
 */
function contactsOf(appId) {
  const view = need().view();
  const app = view ? view.applications.find((a) => a.id === appId) : undefined;
  return app ? app.contacts : [];
}

/**
 * What happened after a follow-up or a reply: when (now by default), a note, and one tap on
 * what happened. A call where you spoke to them is an answer: it asks how it went, and who
 * you spoke to. It opens from a step or from an application's card; when the application has
 * several people it asks who (the step's person first).
 * @param {{application: string, company: string, role?: string, contact: string|null}} step
 * @param {Array<[string, string]>} [contacts]  [id, name] to choose from (the application's
 *        people, as the view has them, when not given)
 */
export function recordDialog(step, contacts = contactsOf(step.application)) {
  const errorBox = h("p", { class: "fp-form-error", role: "alert", tabindex: "-1" });
  const shown = nowInput();
  const base = { op: "record", app: step.application, type: "follow_up", contact: step.contact };
  /** @type {HTMLFormElement|null} */
  let form = null;
  const values = () => /** @type {Record<string, string>} */ (Object.fromEntries(
    [...new FormData(/** @type {HTMLFormElement} */ (form)).entries()].map(([k, v]) => [k, String(v)])));
  let saving = false;
  const send = async (/** @type {Change} */ change) => {
    if (saving || (form && !form.reportValidity())) return; // a second tap while saving
    saving = true;
    const who = values().contact;
    const outcome = await need().apply({ ...change, ...(who ? { contact: who } : {}), ...when(values(), shown) });
    saving = false;
    if (outcome === true) closeDialog();
    else if (outcome !== null) showError(errorBox, outcome);
  };
  const make = (/** @type {string} */ label, /** @type {() => void} */ onclick) => {
    const b = button(label, onclick);
    b.classList.add("fp-choice");
    return b;
  };
  const tones = (/** @type {Change} */ extra) => [
    make("Warm: real news or next steps", () => send({ ...extra, tone: "warm" })),
    make("Brief: \"thanks, we'll be in touch\"", () => send({ ...extra, tone: "brief" })),
    make("A rejection", () => send({ ...extra, tone: "rejection" })),
    make("An offer", () => send({ ...extra, tone: "offer" }))];
  const reply = { op: "record", app: step.application, type: "reply", contact: step.contact };
  const choices = h("div", { class: "fp-choices" },
    h("p", {}, "You reached out:"),
    make("Email sent", () => send({ ...base, channel: "email", outcome: "sent" })),
    make("Called: no answer", () => send({ ...base, channel: "phone", outcome: "no_answer" })),
    make("Called: left a voicemail", () => send({ ...base, channel: "phone", outcome: "voicemail" })),
    make("Called: we spoke…", () => {
      // Who you spoke to comes with how it went: the next step goes to that person.
      if (people.length) {
        /** @type {HTMLElement} */ (people[0].querySelector("label")).textContent = "Who did you speak to?";
        /** @type {HTMLElement} */ (people[0].querySelector(".fp-hint")).textContent = "The next step goes to them.";
      }
      choices.replaceChildren(...people, h("p", {}, "You spoke to them: how did it go?"), ...tones({ ...reply, channel: "phone" }));
      /** @type {HTMLElement} */ (choices.querySelector(people.length ? "select" : "button")).focus();
    }),
    h("p", {}, "They answered in writing:"),
    make("Warm reply", () => send({ ...reply, tone: "warm" })), make("Brief reply", () => send({ ...reply, tone: "brief" })),
    make("Rejection", () => send({ ...reply, tone: "rejection" })), make("Offer", () => send({ ...reply, tone: "offer" })));
  const people = contacts.length > 1
    ? [field("Who", "contact", { type: "select", value: step.contact || contacts[0][0], options: contacts,
      hint: "Who you got in touch with, or who answered." })] : [];
  form = dialog(`What happened? ${named(step)}`, h("div", {}, ...people, whenFields(), choices, errorBox), [cancel()], { focusTitle: true });
}

/**
 * A thank-you sent before it was marked: when it really went (now by default, never later),
 * how, and a note. The step's own change, made at that moment.
 * @param {Step} step
 */
export function recordEarlier(step) {
  const done = step.done;
  if (!done) return;
  const shown = nowInput();
  const form = formDialog(`Sent earlier: ${named(step)}`, [
    field("When you sent it", "at_local", { type: "datetime-local", value: shown, required: true,
      hint: `The follow-ups count from then.${zoneHint() ? ` ${zoneHint()}` : ""}` }),
    field("How", "channel", { type: "select", value: done.channel || "email", options: [["email", "By email"], ["letter", "A letter or a card"]] }),
    field("Note (optional)", "note", { hint: "What you wrote, or what to remember." }),
  ], "Record", (v) => ({ ...done, channel: v.channel, ...when(v, shown) }));
  /** @type {HTMLElement} */ (form.querySelector("h2")).after(h("p", { class: "fp-note" }, step.title));
}

/** A follow-up, as one choice: how you got in touch and what came of it. */
const FOLLOW_UPS = /** @type {Array<[string, string]>} */ ([
  ["email|sent", "Email sent"], ["letter|sent", "Letter sent"], ["phone|no_answer", "Called: no answer"],
  ["phone|voicemail", "Called: left a voicemail"], ["phone|spoke", "Called: we spoke"]]);
const TONES = /** @type {Array<[string, string]>} */ ([
  ["warm", "Warm: real news or next steps"], ["brief", "Brief: \"thanks, we'll be in touch\""],
  ["rejection", "A rejection"], ["offer", "An offer"]]);

/**
 * Corrects an entry of the history: when, how, who, what came of it, the note. Only what the
 * user changed is sent; Python checks it as it checks a new record (never in the future, and
 * a rule it now goes against is asked about first).
 * @param {AppView} app
 * @param {HistoryItem} item
 */
export function editEvent(app, item) {
  const e = item.edit;
  const how = `${e.channel}|${e.outcome}`;
  /** @type {HTMLElement[]} */
  const fields = [field("When", "at_local", { type: "datetime-local", value: e.at_local, required: true, hint: zoneHint() })];
  /** @type {HTMLElement|null} */
  let tone = null;
  if (e.type === "thank_you") {
    fields.push(field("How", "channel", { type: "select", value: e.channel,
      options: [["email", "By email"], ["letter", "A letter or a card"], ["phone", "By phone"]] }));
  } else if (e.type === "follow_up") {
    const known = FOLLOW_UPS.some(([value]) => value === how);
    fields.push(field("What happened", "how", { type: "select", value: how,
      options: known ? FOLLOW_UPS : [...FOLLOW_UPS, [how, `${e.channel}, ${e.outcome.replace("_", " ")}`]] }));
    tone = field("How did it go?", "tone", { type: "select", value: e.tone || "brief", options: TONES });
    fields.push(tone);
  } else {
    fields.push(field("How did it sound?", "tone", { type: "select", value: e.tone, required: true, options: TONES }),
      field("How", "channel", { type: "select", value: e.channel || "email", options: [["email", "In writing"], ["phone", "On the phone"]] }));
  }
  if (app.contacts.length) {
    const people = app.contacts.some(([id]) => id === e.contact) || !e.contact ? app.contacts : [...app.contacts, /** @type {[string, string]} */ ([e.contact, e.contact])];
    fields.push(field("Who", "contact", { type: "select", value: e.contact, options: [["", "Nobody named"], ...people] }));
  }
  fields.push(field("Note (optional)", "note", { value: e.note, hint: "What was said, or what to remember." }));
  const form = formDialog(`Edit: ${named(app)}`, fields, "Save", (v) => {
    /** @type {Record<string, string>} */
    const changed = {};
    const put = (/** @type {string} */ key, /** @type {string} */ value, /** @type {string} */ was) => {
      if (value !== was) changed[key] = value;
    };
    put("at_local", v.at_local, e.at_local);
    if (e.type === "follow_up") {
      const [channel, outcome] = v.how.split("|");
      put("channel", channel, e.channel);
      put("outcome", outcome, e.outcome);
      put("tone", outcome === "spoke" ? v.tone : "", outcome === "spoke" ? e.tone || "brief" : e.tone);
    } else if (e.type === "reply") {
      // A reply in writing is stored without a channel.
      if (v.channel !== (e.channel || "email")) changed.channel = v.channel === "email" ? "" : v.channel;
      put("tone", v.tone, e.tone);
    } else {
      put("channel", v.channel, e.channel);
    }
    if ("contact" in v) put("contact", v.contact, e.contact);
    put("note", v.note.trim(), e.note);
    return { ...e.change, fields: changed };
  });
  /** @type {HTMLElement} */ (form.querySelector("h2")).after(h("p", { class: "fp-note" }, item.label));
  if (tone) {
    const what = /** @type {HTMLSelectElement} */ (form.querySelector("select[name=how]"));
    const shownTone = /** @type {HTMLElement} */ (tone);
    const sync = () => { shownTone.hidden = what.value !== "phone|spoke"; };
    what.addEventListener("change", sync);
    sync();
  }
}
