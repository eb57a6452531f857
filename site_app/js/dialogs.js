// The planner's forms: adding an application, its facts, rounds, people, absences and
// replies, deleting it or a listed fact, and the user's details. Each ends in one change
// handed to the store, or in nothing.

import { h, button, named } from "./dom.js";
import { need, field, formDialog, confirmDialog, planZone, localInputValue, zoneHint, whenFields, nowInput, when } from "./forms.js";

/**
 * @typedef {import("./types.js").AppView} AppView
 * @typedef {import("./types.js").Item} Item
 */

/** Every IANA time zone this browser knows, offered while the user types one. */
const timeZones = () => (Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : []);


/**
 * The user's likely country: the one of the planner's time zone (Asia/Singapore: SG), which
 * says where they are; else the one of this device's language settings (en-US: US); or "".
 */
export function guessCountry() {
  const view = need().view();
  if (view && view.settings.country_guess) return view.settings.country_guess;
  for (const tag of navigator.languages || [navigator.language]) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && /^[A-Z]{2}$/.test(region)) return region;
    } catch { /* not a language tag */ }
  }
  return "";
}

/** The country field of a first add, guessed from this device, or none once it is set. */
function countryField() {
  const view = need().view();
  if (view && view.settings.country) return [];
  return [field("Your country, for public holidays", "country", { value: guessCountry(), autocomplete: "country",
    hint: "Guessed from this device: check it. Two letters, such as US, GB or FR; empty to count Monday to Friday only." })];
}

export function addApplication() {
  const form = formDialog("Add the interview", [
    field("Company", "company", { required: true, autocomplete: "organization" }),
    field("Role", "role"),
    interviewerFields(),
    field("When the interview ended", "ends_local", { type: "datetime-local", value: localInputValue(planZone(), new Date(), true), required: true, hint: zoneHint() }),
    ...countryField(),
  ], "Add", (v) => ({ op: "add_application", ...v, interviewers: interviewers(v) }));
  /** @type {HTMLElement} */ (form.querySelector("h2")).after(h("p", { class: "fp-note" }, "Applied but no interview yet? ",
    button("Add the application instead", addAppliedApplication, { plain: true, small: true })));
}

/** An application with no interview yet: its follow-ups count from the day of applying. */
export function addAppliedApplication() {
  formDialog("Add an application", [
    field("Company", "company", { required: true, autocomplete: "organization" }),
    field("Role", "role"),
    field("Applied on", "applied_on", { type: "date", value: localInputValue(planZone()).slice(0, 10), required: true,
      hint: "The first follow-up comes about a week later. Add the interview when you have one." }),
    field("Who to follow up with (optional)", "who_1", { hint: "The recruiter or hiring manager, if you know who." }),
    field("Their email (optional)", "email_1", { type: "email" }),
    ...countryField(),
  ], "Add", (v) => ({ op: "add_application", company: v.company, role: v.role, applied_on: v.applied_on,
    interviewers: interviewers(v), country: v.country }));
}

/**
 * Who interviewed you: a name and an email per person, one row each, and a button for
 * another row (a panel). Each person gets their own thank-you, addressed to them.
 * @returns {HTMLElement}
 */
function interviewerFields() {
  const rows = h("div", { class: "fp-people" });
  const add = () => {
    const n = rows.children.length + 1;
    const row = h("div", { class: "fp-person" },
      field(n === 1 ? "Who interviewed you" : `Interviewer ${n}`, `who_${n}`, { hint: n === 1 ? "One thank-you note each: for a panel, add each person." : "" }),
      field(n === 1 ? "Their email (optional)" : `Interviewer ${n}'s email (optional)`, `email_${n}`, { type: "email", hint: n === 1 ? "Used to address their drafts." : "" }));
    rows.append(row);
    return row;
  };
  add();
  const more = button("Add another interviewer", () => {
    const input = /** @type {HTMLElement} */ (add().querySelector("input"));
    input.focus();
  }, { plain: true, small: true });
  return h("fieldset", { class: "fp-fieldset" }, h("legend", {}, "Interviewers"), rows, more);
}

/**
 * The interviewers of a form's values, in their rows' order.
 * @param {Record<string, string>} values
 * @returns {Array<{name: string, email: string}>}
 */
function interviewers(values) {
  const found = [];
  for (let n = 1; `who_${n}` in values; n++) {
    found.push({ name: values[`who_${n}`], email: values[`email_${n}`] || "" });
  }
  return found;
}

/**
 * The forms of one application.
 * @param {AppView} app
 * @param {string} what  facts, round, add_round, add_person, away, reply
 */
export function editApplication(app, what) {
  if (what === "facts") {
    const f = app.facts;
    formDialog(`Facts: ${named(app)}`, [
      field("Company", "company", { value: f.company, required: true }),
      field("Role", "role", { value: f.role }),
      field("Decision expected on", "decision_expected", { type: "date", value: f.decision_expected, hint: "If they said when they'll decide, the first follow-up comes before then." }),
      field("Applied on", "applied_on", { type: "date", value: f.applied_on, hint: "No interview yet? The first follow-up comes about a week after you applied." }),
      field("The job posting (link)", "posting_url", { inputmode: "url", value: f.posting_url, hint: "To read it again before a call: postings often vanish once filled." }),
      field("Résumé sent", "resume", { value: f.resume, hint: "Which version you sent, such as “Data analyst, v3”." }),
      field("Your best example for this role", "anecdote", { type: "textarea", value: f.anecdote, hint: "A result of yours that shows you fit. Used in the thank-you and follow-ups." }),
      field("An article to share (title)", "article_title", { value: f.article_title }),
      field("Its link", "article_url", { type: "url", value: f.article_url }),
      field("Why it matters to them", "article_why", { value: f.article_why }),
    ], "Save", (v) => ({ op: "update_application", app: app.id, fields: {
      company: v.company, role: v.role, decision_expected: v.decision_expected, applied_on: v.applied_on, anecdote: v.anecdote,
      posting_url: v.posting_url, resume: v.resume,
      article: { title: v.article_title, url: v.article_url, why: v.article_why } } }));
  } else if (what.startsWith("round")) {
    const id = what.slice("round:".length);
    const r = app.round_notes.find((round) => round.id === id) || app.latest_round;
    if (!r) return;
    const people = r.people.map((p, n) => h("fieldset", { class: "fp-fieldset" }, h("legend", {}, p.name),
      field(`What you talked about with ${p.name}`, `discussed_${n}`, { type: "textarea", value: p.discussed,
        hint: "Their own thank-you recalls it, so no two notes share a paragraph." }),
      field(`${p.name}'s email`, `email_${n}`, { type: "email", value: p.email })));
    formDialog(`Notes: ${named(app)}, ${r.label.replace(/^The /, "the ")}`, [
      ...people,
      field("The most memorable moment", "memorable", { type: "textarea", value: r.memorable,
        hint: r.people.length > 1 ? "Of the whole round." : "" }),
      field("Topics you discussed", "topics", { value: r.topics, hint: "Separated by commas." }),
      field("Your strengths for this role", "strengths", { value: r.strengths }),
      field("What they need", "needs", { value: r.needs }),
      field("The example you told", "anecdote", { type: "textarea", value: r.anecdote }),
      field("Other notes", "notes", { type: "textarea", value: r.notes }),
    ], "Save", (v) => ({ op: "update_interview", app: app.id, interview: r.id,
      fields: { memorable: v.memorable, topics: v.topics, strengths: v.strengths, needs: v.needs, anecdote: v.anecdote, notes: v.notes },
      people: Object.fromEntries(r.people.map((p, n) => [p.id, { discussed: v[`discussed_${n}`], email: v[`email_${n}`] }])) }));
  } else if (what === "add_round") {
    formDialog(app.round_notes.length ? `Another round: ${named(app)}` : `The interview: ${named(app)}`, [
      interviewerFields(),
      field("When it ended", "ends_local", { type: "datetime-local", value: localInputValue(planZone()), required: true, hint: zoneHint() }),
    ], "Add", (v) => ({ op: "add_interview", app: app.id, ends_local: v.ends_local, interviewers: interviewers(v) }));
  } else if (what === "add_person") {
    formDialog(`Add a person: ${named(app)}`, [
      field("Name", "name", { required: true, hint: "A name already listed updates that person's details." }),
      field("Their part", "role", { type: "select", value: "", options: [["", "Not sure"],
        ["interviewer", "Interviewed me"], ["recruiter", "Recruiter or HR"], ["other", "Someone else"]],
        hint: "A recruiter who was not in the interview passes your thank-you on, and hears \"my interview\", not \"our conversation\"." }),
      field("Email", "email", { type: "email" }),
      field("Phone", "phone", { type: "tel" }),
    ], "Save", (v) => ({ op: "add_contact", app: app.id, ...v }));
  } else if (what === "away") {
    formDialog(`Someone is away: ${named(app)}`, [
      field("Who", "contact", { type: "select", options: [["", "Everyone (the team)"], ...app.contacts], value: "" }),
      field("First day away", "from", { type: "date", required: true }),
      field("Last day away", "until", { type: "date", required: true }),
    ], "Save", (v) => ({ op: "add_away", app: app.id, ...v }));
  } else if (what === "reply") {
    const shown = nowInput();
    formDialog(`They replied: ${named(app)}`, [
      field("How did it sound?", "tone", { type: "select", value: "", required: true, options: [["", "Choose…"],
        ["warm", "Warm: real news or next steps"], ["brief", "Brief: \"thanks, we'll be in touch\""],
        ["rejection", "A rejection"], ["offer", "An offer"]] }),
      ...(app.contacts.length ? [field("Who", "contact", { type: "select", value: app.contacts[0][0], options: app.contacts })] : []),
      field("How", "channel", { type: "select", value: "email", options: [["email", "In writing"], ["phone", "On the phone"]] }),
      ...whenFields(),
    ], "Record", (v) => ({ op: "record", app: app.id, type: "reply", tone: v.tone, channel: v.channel, contact: v.contact || null, ...when(v, shown) }));
  }
}


/** @param {AppView} app */
export function deleteApplication(app) {
  confirmDialog(`Delete ${named(app)}?`, "Its facts and history are removed from this browser. A backup you downloaded earlier still has them.", "Delete",
    () => need().apply({ op: "delete_application", app: app.id }));
}

/** @param {Item} item */
export function removeItem(item) {
  const change = item.remove;
  if (!change) return;
  confirmDialog(`Remove ${item.name}?`, "This cannot be undone, except from a backup.", "Remove", () => need().apply(change));
}

export function settingsDialog() {
  const view = need().view();
  const s = view ? view.settings : null;
  formDialog("Your details", [
    field("Your name", "name", { value: s ? s.name : "", autocomplete: "name" }),
    field("Your email", "email", { type: "email", value: s ? s.email : "", autocomplete: "email" }),
    field("Your phone", "phone", { type: "tel", value: s ? s.phone : "", autocomplete: "tel" }),
    field("When you're available", "availability", { value: s ? s.availability : "", hint: "For example: weekdays after 2 pm." }),
    field("Time zone", "timezone", { value: (s && s.timezone) || need().browserZone(), suggestions: timeZones(), hint: "A name such as Europe/Paris (start typing a city to choose); it defaults to this device's." }),
    field("Country, for public holidays", "country", { value: s ? s.country : "", hint: "Two letters, such as US, GB or FR. Leave empty to count Monday to Friday only." }),
    field("Times", "clock", { type: "select", value: s ? s.clock : "",
      options: [["", "As this device shows them"], ["12h", "12-hour clock (3 pm)"], ["24h", "24-hour clock (15:00)"]] }),
    field("Follow-ups at most", "max_follow_ups", { type: "select", value: s ? s.max_follow_ups : "",
      options: [["", "As many as the method says"], ["2", "2: a gentler plan"], ["1", "1: the gentlest"]] }),
    field("Days between follow-ups", "spacing_days", { type: "number", value: s ? s.spacing_days : "",
      hint: "Empty for the method's 7 days; more days (up to 60) make a gentler plan." }),
  ], "Save", (v) => ({ op: "settings", fields: v }));
}
