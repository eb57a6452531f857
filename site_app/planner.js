// The planner page: storage, rendering and the user's actions. All planning, drafting,
// validation and editing happen in Python (followup.bridge) inside a Web Worker; this file
// owns localStorage and the DOM. User text is only ever inserted as text.
"use strict";

const KEY = "followup-planner";
const CACHE_KEY = "followup-planner.agenda-cache";
const LOAD_TIMEOUT_MS = 90000;
const root = document.getElementById("fp-app");
const here = new URL(".", document.baseURI.replace(/[?#].*$/, "")); // .../planner/

const state = {
  text: null, // the stored text this tab last read or wrote (null: nothing stored)
  doc: null, // the current document (raw v1 object), possibly ahead of storage
  view: null, // the last agenda from the bridge
  readonly: true, // until the stored data has been read and validated
  ready: false,
  unsaved: false,
  changes: 0,
  adopting: null, // a newer save from another tab being read in
  openFacts: new Set(), // applications whose facts panel the user opened (kept across renders)
};

// -- small DOM helpers -----------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const $ = (sel) => root.querySelector(sel);

function announce(message, undo = null) {
  const live = $("#fp-live");
  live.textContent = "";
  setTimeout(() => {
    live.append(message);
    if (undo) live.append(" ", h("button", { type: "button", class: "fp-link-button", onclick: undo }, "Undo"));
  }, 30);
}

function showAlert(parts, actions = []) {
  const box = $("#fp-alert");
  box.replaceChildren();
  if (!parts) { box.hidden = true; return; }
  box.hidden = false;
  box.append(h("p", {}, ...[].concat(parts)), actions.length ? h("p", { class: "fp-actions" }, actions) : "");
}

// -- the worker ------------------------------------------------------------------------------

let worker = null;
let nextId = 1;
const pending = new Map();
let bootResolve;
let bootReject;
const booted = new Promise((resolve, reject) => { bootResolve = resolve; bootReject = reject; });

const STAGES = { runtime: "Loading Python", packages: "Loading the planner", import: "Starting", ready: "Ready" };

function startWorker() {
  worker = new Worker(new URL("app/worker.mjs", here), { type: "module" });
  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === "stage") {
      showStage(msg);
      if (msg.stage === "ready") bootResolve(msg);
      return;
    }
    if (msg.type === "failed") { bootReject(new Error(msg.error)); return; }
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.error) waiter.reject(new Error(msg.error));
    else waiter.resolve(JSON.parse(msg.result));
  };
  worker.onerror = (event) => bootReject(new Error(event.message || "The planner's worker failed to start."));
  setTimeout(() => bootReject(new Error("Loading took too long.")), LOAD_TIMEOUT_MS);
}

function showStage(msg) {
  const bar = $("#fp-progress");
  const label = $("#fp-stage");
  if (msg.stage === "ready") {
    $("#fp-loading").hidden = true;
    root.dataset.ready = "true";
    if (msg.ms) root.dataset.bootMs = String(msg.ms);
    return;
  }
  bar.value = msg.progress;
  label.textContent = `${msg.detail || STAGES[msg.stage]}…`;
  root.dataset.stage = msg.stage;
}

function needsFor(fn, docText) {
  const needs = [];
  if (fn === "calendar") needs.push("calendar");
  try {
    const doc = docText ? JSON.parse(docText) : null;
    if (doc && doc.settings && doc.settings.country) needs.push("holidays");
  } catch { /* the bridge reports unreadable text */ }
  return needs;
}

async function py(fn, request) {
  await booted;
  const text = JSON.stringify(request);
  const needs = needsFor(fn, request.document);
  if (fn === "change" && request.change && request.change.op === "settings" && request.change.fields.country) {
    needs.push("holidays");
  }
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, fn, request: text, needs });
  });
}

const nowIso = () => new Date().toISOString();
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const docText = () => (state.doc ? JSON.stringify(state.doc, null, 2) + "\n" : null);

// -- storage ---------------------------------------------------------------------------------

function readStored() {
  try {
    return { text: localStorage.getItem(KEY) };
  } catch (error) {
    return { error };
  }
}

function persist(doc) {
  const text = JSON.stringify(doc, null, 2) + "\n";
  let current;
  try { current = localStorage.getItem(KEY); } catch { current = state.text; }
  if (current !== state.text) {
    // Another tab saved since this one last read: never overwrite the newer data.
    announce("This planner was changed in another tab. Showing the latest version; your last change was not saved, please make it again.");
    state.adopting = adoptStored(current);
    return false;
  }
  try {
    localStorage.setItem(KEY, text);
  } catch (error) {
    state.doc = doc;
    state.unsaved = true;
    showAlert(["Couldn't save: this browser's storage for the site is full or blocked. ",
      "Your change is kept on this page for now, but it will be lost when you close it. ",
      "Download a backup to keep it safe."], [h("button", { type: "button", onclick: downloadBackup }, "Download a backup")]);
    return false;
  }
  state.text = text;
  state.doc = doc;
  if (state.unsaved) { state.unsaved = false; showAlert(null); }
  state.changes += 1;
  return true;
}

async function adoptStored(text, origin) {
  state.text = text;
  if (text === null) {
    state.doc = null;
    await refresh();
    return;
  }
  const result = await py("validate", { document: text });
  if (!result.ok) { unreadable(result.error, text); return; }
  state.doc = result.document;
  state.readonly = false;
  showAlert(null);
  await refresh();
  if (origin) announce(`Updated with the changes made in ${origin}.`);
}

function unreadable(problem, text) {
  state.readonly = true;
  root.dataset.readonly = "true";
  showAlert([h("strong", {}, "The planner data stored in this browser can't be read. "),
    `${problem}. Nothing has been changed: the planner is read-only until you decide what to do. `,
    "Download the stored data to keep a copy, then start over or restore a backup."],
  [h("button", { type: "button", onclick: () => download(text, "followup-planner-stored-data.txt", "text/plain") }, "Download the stored data"),
    h("button", { type: "button", onclick: restore }, "Restore a backup…"),
    h("button", { type: "button", class: "fp-danger", onclick: startOver }, "Start over…")]);
  $("#fp-main").replaceChildren();
}

function startOver() {
  confirmDialog("Start over with an empty planner?",
    "This replaces the stored data that can't be read. Download it first if you may need it.",
    "Replace it", async () => {
      const empty = await py("validate", { document: null, timezone: browserZone() });
      state.readonly = false;
      delete root.dataset.readonly;
      state.text = readStored().text;
      if (persist(empty.document)) {
        showAlert(null);
        $("#fp-toolbar").hidden = false;
        await refresh();
        announce("Started over with an empty planner.");
      }
    });
}

window.addEventListener("storage", (event) => {
  if (event.key !== KEY || event.storageArea !== localStorage) return;
  adoptStored(event.newValue, "another tab");
});

// -- applying changes ------------------------------------------------------------------------

// A change redraws the agenda, and the button that made it is gone with the old one: rather
// than leave keyboard focus at the top of the page, put it on the agenda's heading, from
// which Tab reaches the first step.
function keepFocus() {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  const heading = $("#fp-agenda-title") || $("#fp-empty-title");
  if (heading) heading.focus({ preventScroll: true });
}

async function apply(change) {
  if (state.readonly) { announce("The planner is read-only until the stored data problem is resolved."); return false; }
  const result = await py("change", { document: docText(), now: nowIso(), change, timezone: browserZone() });
  if (!result.ok) { announce(result.error); return result.error; }
  const saved = persist(result.document);
  if (state.adopting) {
    await state.adopting;
    state.adopting = null;
    return false;
  }
  await refresh();
  keepFocus();
  if (saved) {
    const tip = state.changes % 5 === 0 ? " Tip: download a backup now and then; browsers can clear site data." : "";
    announce(result.message + tip, result.undo ? () => apply(result.undo) : null);
  }
  return true;
}

// -- rendering -------------------------------------------------------------------------------

function fmt(iso, tz, withTime) {
  const opts = { weekday: "short", day: "numeric", month: "short", timeZone: tz };
  if (withTime) Object.assign(opts, { hour: "numeric", minute: "2-digit" });
  return new Intl.DateTimeFormat(undefined, opts).format(new Date(iso));
}

function dayKey(iso, tz) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

const notYet = (action) => action.kind === "thank_you" && new Date(action.earliest) > Date.now();

function windowText(action, tz) {
  if (notYet(action)) return `after ${fmt(action.earliest, tz, true)}, by ${fmt(action.latest, tz, true)}`;
  if (action.kind === "thank_you") return `by ${fmt(action.latest, tz, true)}`;
  const a = dayKey(action.earliest, tz);
  const b = dayKey(action.latest, tz);
  if (a === b) return fmt(action.earliest, tz, false);
  return `${fmt(action.earliest, tz, false)} – ${fmt(action.latest, tz, false)}`;
}

const GROUP_TITLES = { overdue: "Overdue", today: "Today", week: "This week", later: "Later", waiting: "Waiting for them", ended: "Moved on" };

async function refresh() {
  const text = docText();
  const result = await py("agenda", { document: text, now: nowIso(), timezone: browserZone() });
  if (!result.ok) { unreadable(result.error, text); return; }
  state.view = result;
  state.readonly = false;
  delete root.dataset.readonly;
  render(result);
  try {
    localStorage.setItem(CACHE_KEY, JSON.stringify({ text: state.text, view: result }));
  } catch { /* the cache is a convenience; the data itself was saved above */ }
}

function render(view, { cached = false } = {}) {
  state.view = view;
  const main = $("#fp-main");
  main.replaceChildren();
  root.dataset.cached = cached ? "true" : "false";
  const apps = view.applications;
  $("#fp-toolbar").hidden = cached;
  if (cached) main.append(h("p", { class: "fp-refreshing", role: "note" }, "Showing your last saved plan; refreshing…"));
  // User Timing marks, read by benchmarks/page.py: when the saved and the computed agenda show.
  const mark = cached ? "fp-saved-agenda" : "fp-agenda";
  if (!performance.getEntriesByName(mark).length) queueMicrotask(() => performance.mark(mark));
  if (!apps.length) { main.append(emptyState()); return; }
  if (apps.some((a) => a.sample)) {
    main.append(h("div", { class: "fp-sample-banner" },
      h("span", {}, "You're exploring sample data. "),
      h("button", { type: "button", onclick: () => apply({ op: "remove_sample" }), disabled: cached }, "Remove sample data")));
  }
  main.append(agendaSection(view, cached));
  main.append(h("h2", { id: "fp-apps-title" }, "Your applications"));
  for (const app of apps) main.append(applicationCard(app, view.timezone, cached));
}

function emptyState() {
  return h("section", { class: "fp-empty", "aria-labelledby": "fp-empty-title" },
    h("h2", { id: "fp-empty-title", tabindex: "-1" }, "Add the interview you just had"),
    h("p", {}, "Four facts are enough: the company, the role, who interviewed you, and when it ended. The planner tells you what to send and by when."),
    h("p", { class: "fp-actions" },
      h("button", { type: "button", class: "md-button md-button--primary", onclick: addApplication }, "Add the interview"),
      h("button", { type: "button", class: "md-button", onclick: () => apply({ op: "load_sample" }) }, "Explore with sample data")));
}

function agendaSection(view, cached) {
  const section = h("section", { class: "fp-agenda", "aria-labelledby": "fp-agenda-title" },
    h("h2", { id: "fp-agenda-title", tabindex: "-1" }, "What to do next"));
  const rows = { overdue: [], today: [], week: [], later: [], waiting: [], ended: [] };
  for (const action of view.actions) {
    if (action.projected) continue;
    rows[action.group].push(agendaRow(action, view, cached));
  }
  for (const app of view.applications) {
    if (app.status === "waiting") rows.waiting.push(h("li", { class: "fp-row" }, h("p", { class: "fp-what" }, app.company), h("p", { class: "fp-why" }, summaryOf(app, view))));
    if (app.status === "ended") rows.ended.push(endedRow(app, cached));
  }
  let any = false;
  for (const [group, items] of Object.entries(rows)) {
    if (!items.length) continue;
    any = true;
    section.append(h("h3", { class: `fp-group fp-group-${group}` }, GROUP_TITLES[group], h("span", { class: "fp-count" }, ` (${items.length})`)),
      h("ul", { class: "fp-rows", "data-group": group }, items));
  }
  if (!any) section.append(h("p", {}, "Nothing to do right now."));
  return section;
}

// The application's next step in the same words and date format as its agenda row; the
// planner's own sentence when there is none (ended, closed, no interview yet).
function summaryOf(app, view) {
  const next = view.actions.find((a) => a.application === app.id);
  if (!next || app.status === "ended") return app.summary;
  const line = `Next: ${next.title} · ${windowText(next, view.timezone)}`;
  return app.status === "waiting" ? `They replied warmly. ${line}, if all goes quiet.` : line;
}

function appById(id) {
  return state.view.applications.find((a) => a.id === id);
}

function agendaRow(action, view, cached) {
  const tz = view.timezone;
  const app = appById(action.application);
  const buttons = [];
  const button = (label, onclick, primary = false) => h("button", { type: "button",
    class: `md-button${primary ? " md-button--primary" : ""} fp-small`, disabled: cached, onclick }, label);
  if (notYet(action)) {
    buttons.push(h("span", { class: "fp-note" }, "Write it once the interview has ended, so it can mention what you talked about."));
  } else if (action.kind === "thank_you") {
    buttons.push(button("Draft thank-you", () => openDraft(action), true),
      button("Mark as sent", () => apply({ op: "record", app: action.application, type: "thank_you", contact: action.contact, channel: "email" })));
  } else if (action.kind === "move_on") {
    buttons.push(button("Draft a closing note", () => openDraft(action), true),
      button("Move on", () => apply({ op: "update_application", app: action.application, fields: { closed: true } })));
  } else {
    buttons.push(button(action.kind === "reply" ? "Draft reply" : "Draft follow-up", () => openDraft(action), true),
      button("Record what happened…", () => recordDialog(action)));
  }
  return h("li", { class: `fp-row fp-kind-${action.kind}`, dataset: { app: action.application, kind: action.kind } },
    h("p", { class: "fp-what" }, h("strong", {}, action.title), " · ", app ? `${app.company}${app.role ? `, ${app.role}` : ""}` : action.company),
    h("p", { class: "fp-when" }, h("span", { class: "fp-window" }, windowText(action, tz)),
      action.group === "overdue" ? h("span", { class: "fp-badge" }, "overdue") : ""),
    h("details", { class: "fp-why" }, h("summary", {}, "Why?"),
      h("p", {}, action.why, " ", h("a", { href: `../${action.guide}` }, `Read the guide (${action.rule})`))),
    h("p", { class: "fp-actions" }, buttons));
}

function endedRow(app, cached) {
  return h("li", { class: "fp-row fp-ended" },
    h("p", { class: "fp-what" }, h("strong", {}, app.company), app.role ? `, ${app.role}` : ""),
    h("p", { class: "fp-why" }, app.summary, ". You did everything right; put your energy into the next one."),
    h("p", { class: "fp-actions" }, h("button", { type: "button", class: "md-button fp-small", disabled: cached,
      onclick: () => openDraft({ kind: "move_on", application: app.id, contact: null, title: `Close the loop with ${app.company}` }) },
    "Draft a closing note")));
}

function applicationCard(app, tz, cached) {
  const raw = app.raw;
  const card = h("article", { class: "fp-card", "aria-labelledby": `fp-app-${app.id}`, dataset: { app: app.id } });
  card.append(h("h3", { id: `fp-app-${app.id}` }, app.company, app.role ? h("span", { class: "fp-role" }, ` · ${app.role}`) : ""),
    h("p", { class: "fp-summary" }, summaryOf(app, state.view)));
  card.append(timeline(app, tz));
  const last = (raw.interviews || [])[raw.interviews.length - 1];
  const remove = (label, what, extra) => h("button", { type: "button", class: "fp-link-button", disabled: cached,
    "aria-label": `Remove ${label}`, onclick: () => confirmDialog(`Remove ${label}?`, "This cannot be undone, except from a backup.", "Remove",
      () => apply({ op: "remove", app: app.id, what, ...extra })) }, "Remove");
  const people = (raw.contacts || []).map((c) => h("li", {}, `${c.name || c.id}${c.email ? ` <${c.email}>` : ""}${c.phone ? `, ${c.phone}` : ""} `,
    remove(c.name || c.id, "contact", { id: c.id })));
  const rounds = (raw.interviews || []).map((i, n) => h("li", {}, `Round ${n + 1}: ended ${fmt(i.ends_at, tz, true)} `,
    raw.interviews.length > 1 ? remove(`round ${n + 1}`, "interview", { id: i.id }) : ""));
  const history = [...app.history].reverse().map((e) => h("li", {}, `${fmt(e.at, tz, true)}: ${e.label} `,
    remove(`"${e.label}" (${fmt(e.at, tz, true)})`, "event", { index: e.index, at: e.at })));
  const away = (raw.away || []).map((a, n) => h("li", {}, `${a.contact ? (raw.contacts || []).find((c) => c.id === a.contact)?.name || a.contact : "Everyone"}: ${a.from} to ${a.until} `,
    remove(`the absence from ${a.from}`, "away", { index: n })));
  card.append(h("details", { class: "fp-facts", open: state.openFacts.has(app.id),
    ontoggle: (e) => (e.target.open ? state.openFacts.add(app.id) : state.openFacts.delete(app.id)) },
  h("summary", {}, "Facts and history"),
    h("dl", {},
      h("dt", {}, "People"), h("dd", {}, people.length ? h("ul", { class: "fp-list" }, people) : "None yet"),
      h("dt", {}, "Interviews"), h("dd", {}, h("ul", { class: "fp-list" }, rounds)),
      h("dt", {}, "Decision expected"), h("dd", {}, raw.decision_expected || "Not known. Know when they'll decide? Add it and the first follow-up moves to match."),
      h("dt", {}, "Away"), h("dd", {}, away.length ? h("ul", { class: "fp-list" }, away) : "Nobody. Is someone going on holiday? Add it and no follow-up lands while they're away."),
      last ? [h("dt", {}, "Memorable moment"), h("dd", {}, last.memorable || "Not noted yet: it makes the thank-you personal.")] : "",
      h("dt", {}, "History"), h("dd", {}, history.length ? h("ul", { class: "fp-list" }, history) : "Nothing recorded yet. What you mark as sent, and their replies, show here.")),
    h("p", { class: "fp-actions" },
      h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => editApplication(app) }, "Edit facts…"),
      last ? h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => editInterview(app, last) }, "Interview notes…") : "",
      h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => addInterview(app) }, "Add a round…"),
      h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => addContact(app) }, "Add a person…"),
      h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => addAway(app) }, "Someone is away…"),
      h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => recordReply(app) }, "They replied…"),
      h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => downloadCalendar(app.id) }, "Calendar (.ics)"),
      raw.closed ? h("button", { type: "button", class: "md-button fp-small", disabled: cached, onclick: () => apply({ op: "update_application", app: app.id, fields: { closed: false } }) }, "Reopen") : "",
      h("button", { type: "button", class: "md-button fp-small fp-danger", disabled: cached, onclick: () => deleteApplication(app) }, "Delete…"))));
  return card;
}

function timeline(app, tz) {
  const now = new Date(app.now);
  const list = h("ol", { class: "fp-timeline", "aria-label": `Timeline for ${app.company}` });
  let todayPlaced = false;
  for (const step of app.timeline) {
    if (!todayPlaced && new Date(step.at) > now) {
      list.append(h("li", { class: "fp-step fp-today" }, h("span", { class: "fp-dot", "aria-hidden": "true" }), h("span", { class: "fp-label" }, "Today")));
      todayPlaced = true;
    }
    const stateWord = { done: "done", planned: "planned", clue: "" }[step.state];
    list.append(h("li", { class: `fp-step fp-${step.state} fp-k-${step.kind}` },
      h("span", { class: "fp-dot", "aria-hidden": "true" }),
      h("span", { class: "fp-label" }, step.label),
      h("span", { class: "fp-date" }, fmt(step.at, tz, false), stateWord ? ` · ${stateWord}` : "")));
  }
  if (!todayPlaced) list.append(h("li", { class: "fp-step fp-today" }, h("span", { class: "fp-dot", "aria-hidden": "true" }), h("span", { class: "fp-label" }, "Today")));
  return list;
}

// -- dialogs ---------------------------------------------------------------------------------

function dialog(title, body, buttons) {
  const dlg = $("#fp-dialog");
  dlg.replaceChildren();
  const form = h("form", { method: "dialog" });
  form.append(h("h2", { id: "fp-dialog-title" }, title), body, h("p", { class: "fp-actions fp-dialog-buttons" }, buttons));
  dlg.setAttribute("aria-labelledby", "fp-dialog-title");
  dlg.append(form);
  if (!dlg.open) dlg.showModal();
  const first = dlg.querySelector("input, textarea, select, button");
  if (first) first.focus();
  return form;
}

function closeDialog() {
  const dlg = $("#fp-dialog");
  if (dlg.open) dlg.close();
  dlg.replaceChildren();
}

function field(label, name, { type = "text", value = "", hint = "", required = false, autocomplete = "off", options = null, suggestions = null } = {}) {
  const id = `fp-f-${name}`;
  const described = hint ? `${id}-hint` : null;
  let input;
  if (type === "textarea") input = h("textarea", { id, name, rows: 3, "aria-describedby": described }, value);
  else if (type === "select") input = h("select", { id, name, "aria-describedby": described }, options.map(([v, t]) => h("option", { value: v, selected: v === value }, t)));
  else input = h("input", { id, name, type, value, required, autocomplete, "aria-describedby": described, list: suggestions ? `${id}-list` : null });
  return h("p", { class: "fp-field" }, h("label", { for: id }, label, required ? h("span", { "aria-hidden": "true" }, " *") : ""), input,
    suggestions ? h("datalist", { id: `${id}-list` }, suggestions.map((v) => h("option", { value: v }))) : "",
    hint ? h("span", { class: "fp-hint", id: described }, hint) : "");
}

// Every IANA time zone this browser knows, offered while the user types one.
const timeZones = () => (Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : []);

function formDialog(title, fields, submitLabel, onSubmit) {
  const errorBox = h("p", { class: "fp-form-error", role: "alert" });
  const form = dialog(title, h("div", {}, fields, errorBox), [
    h("button", { type: "submit", class: "md-button md-button--primary", value: "ok" }, submitLabel),
    h("button", { type: "button", class: "md-button", onclick: closeDialog }, "Cancel")]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const outcome = await onSubmit(values);
    if (outcome === true || outcome === undefined) closeDialog();
    else if (typeof outcome === "string") errorBox.textContent = outcome;
  });
}

function localInputValue(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function addApplication() {
  const ended = new Date();
  ended.setMinutes(0, 0, 0);
  formDialog("Add the interview", [
    field("Company", "company", { required: true, autocomplete: "organization" }),
    field("Role", "role"),
    field("Who interviewed you", "interviewers", { hint: "Names, separated by commas. One thank-you note each." }),
    field("Their email (optional)", "email", { type: "email", hint: "Used to address the drafts." }),
    field("When the interview ended", "ends_local", { type: "datetime-local", value: localInputValue(ended), required: true }),
  ], "Add", (v) => apply({ op: "add_application", ...v }));
}

function editApplication(app) {
  const raw = app.raw;
  const article = raw.article || {};
  formDialog(`Facts: ${app.company}`, [
    field("Company", "company", { value: raw.company, required: true }),
    field("Role", "role", { value: raw.role || "" }),
    field("Decision expected on", "decision_expected", { type: "date", value: raw.decision_expected || "", hint: "If they said when they'll decide, the first follow-up comes before then." }),
    field("Your best example for this role", "anecdote", { type: "textarea", value: raw.anecdote || "", hint: "A result of yours that shows you fit. Used in the thank-you and follow-ups." }),
    field("An article to share (title)", "article_title", { value: article.title || "" }),
    field("Its link", "article_url", { type: "url", value: article.url || "" }),
    field("Why it matters to them", "article_why", { value: article.why || "" }),
  ], "Save", (v) => apply({ op: "update_application", app: app.id, fields: {
    company: v.company, role: v.role, decision_expected: v.decision_expected, anecdote: v.anecdote,
    article: { title: v.article_title, url: v.article_url, why: v.article_why } } }));
}

function editInterview(app, interview) {
  formDialog(`Interview notes: ${app.company}`, [
    field("The most memorable moment", "memorable", { type: "textarea", value: interview.memorable || "" }),
    field("Topics you discussed", "topics", { value: (interview.topics || []).join(", "), hint: "Separated by commas." }),
    field("Your strengths for this role", "strengths", { value: interview.strengths || "" }),
    field("What they need", "needs", { value: interview.needs || "" }),
    field("The example you told", "anecdote", { type: "textarea", value: interview.anecdote || "" }),
    field("Other notes", "notes", { type: "textarea", value: interview.notes || "" }),
  ], "Save", (v) => apply({ op: "update_interview", app: app.id, interview: interview.id, fields: v }));
}

function addInterview(app) {
  formDialog(`Another round: ${app.company}`, [
    field("Who interviewed you", "interviewers", { hint: "Names, separated by commas." }),
    field("When it ended", "ends_local", { type: "datetime-local", value: localInputValue(), required: true }),
  ], "Add", (v) => apply({ op: "add_interview", app: app.id, ...v }));
}

function addContact(app) {
  formDialog(`Add a person: ${app.company}`, [
    field("Name", "name", { required: true, hint: "A name already listed updates that person's details." }),
    field("Email", "email", { type: "email" }),
    field("Phone", "phone", { type: "tel" }),
  ], "Save", (v) => apply({ op: "add_contact", app: app.id, ...v }));
}

function contactOptions(app, withTeam) {
  const options = (app.raw.contacts || []).map((c) => [c.id, c.name || c.id]);
  return withTeam ? [["", "Everyone (the team)"], ...options] : options;
}

function addAway(app) {
  formDialog(`Someone is away: ${app.company}`, [
    field("Who", "contact", { type: "select", options: contactOptions(app, true), value: "" }),
    field("First day away", "from", { type: "date", required: true }),
    field("Last day away", "until", { type: "date", required: true }),
  ], "Save", (v) => apply({ op: "add_away", app: app.id, ...v }));
}

function recordReply(app) {
  formDialog(`They replied: ${app.company}`, [
    field("How did it sound?", "tone", { type: "select", value: "brief", options: [
      ["warm", "Warm: real news or next steps"], ["brief", "Brief: \"thanks, we'll be in touch\""],
      ["rejection", "A rejection"], ["offer", "An offer"]] }),
  ], "Record", (v) => apply({ op: "record", app: app.id, type: "reply", tone: v.tone }));
}

function recordDialog(action) {
  const app = appById(action.application);
  const choice = (label, change) => h("button", { type: "button", class: "md-button fp-choice", onclick: async () => { closeDialog(); await apply(change); } }, label);
  const base = { op: "record", app: action.application, type: "follow_up", contact: action.contact };
  const reply = (tone, label) => choice(label, { op: "record", app: action.application, type: "reply", tone });
  dialog(`What happened? ${app ? app.company : ""}`, h("div", { class: "fp-choices" },
    h("p", {}, "You reached out:"),
    choice("Email sent", { ...base, channel: "email", outcome: "sent" }),
    choice("Called: no answer", { ...base, channel: "phone", outcome: "no_answer" }),
    choice("Called: left a voicemail", { ...base, channel: "phone", outcome: "voicemail" }),
    choice("Called: we spoke", { ...base, channel: "phone", outcome: "spoke" }),
    h("p", {}, "They answered:"),
    reply("warm", "Warm reply"), reply("brief", "Brief reply"), reply("rejection", "Rejection"), reply("offer", "Offer")),
  [h("button", { type: "button", class: "md-button", onclick: closeDialog }, "Cancel")]);
}

function deleteApplication(app) {
  confirmDialog(`Delete ${app.company}?`, "Its facts and history are removed from this browser. A backup you downloaded earlier still has them.", "Delete",
    () => apply({ op: "delete_application", app: app.id }));
}

function confirmDialog(title, text, label, onConfirm) {
  dialog(title, h("p", {}, text), [
    h("button", { type: "button", class: "md-button md-button--primary fp-danger", onclick: async () => { closeDialog(); await onConfirm(); } }, label),
    h("button", { type: "button", class: "md-button", onclick: closeDialog }, "Cancel")]);
}

function highlightGaps(text) {
  const out = h("div", { class: "fp-preview", role: "region", tabindex: "0", "aria-label": "Preview with the gaps to fill highlighted" });
  for (const part of text.split(/(\[[^\]\n]+\])/)) {
    if (/^\[[^\]\n]+\]$/.test(part)) out.append(h("mark", {}, part));
    else out.append(part);
  }
  return out;
}

async function openDraft(action) {
  const kind = action.kind === "move_on" ? "move_on" : action.kind;
  const result = await py("draft", { document: docText(), now: nowIso(), app: action.application, kind, contact: action.contact, attempt: action.attempt });
  if (!result.ok) { dialog("Not yet", h("p", { class: "fp-refusal" }, result.error), [h("button", { type: "button", class: "md-button", onclick: closeDialog }, "OK")]); return; }
  const subject = h("input", { id: "fp-draft-subject", type: "text", value: result.subject });
  const body = h("textarea", { id: "fp-draft-body", rows: 14 }, result.body);
  const preview = h("div", {});
  const mail = h("a", { class: "md-button", id: "fp-mailto" }, "Open in mail app");
  const update = () => {
    preview.replaceChildren(highlightGaps(body.value));
    mail.href = `mailto:${encodeURIComponent(result.to || "")}?subject=${encodeURIComponent(subject.value)}&body=${encodeURIComponent(body.value)}`;
  };
  subject.addEventListener("input", update);
  body.addEventListener("input", update);
  update();
  const gaps = result.gaps.length
    ? h("p", { class: "fp-gaps" }, "Fill in the highlighted gaps before sending: ", result.gaps.map((g, i) => [i ? ", " : "", h("mark", {}, g)]))
    : h("p", { class: "fp-gaps" }, "Read it once more and make it yours.");
  dialog(action.title, h("div", { class: "fp-draft" },
    result.to ? h("p", {}, "To: ", result.to) : "",
    h("p", { class: "fp-field" }, h("label", { for: "fp-draft-subject" }, "Subject"), subject),
    h("p", { class: "fp-field" }, h("label", { for: "fp-draft-body" }, "Message"), body),
    gaps, preview,
    h("p", { class: "fp-note" }, "The planner never sends anything: copy the text or open it in your mail app.")),
  [h("button", { type: "button", class: "md-button md-button--primary", onclick: async () => {
    const text = `Subject: ${subject.value}\n\n${body.value}`;
    try { await navigator.clipboard.writeText(text); announce("Copied."); } catch {
      body.select(); document.execCommand("copy"); announce("Copied the message.");
    }
  } }, "Copy"), mail, h("button", { type: "button", class: "md-button", onclick: closeDialog }, "Close")]);
}

// -- files -----------------------------------------------------------------------------------

function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function stamp() {
  return new Date().toISOString().slice(0, 10);
}

function downloadBackup() {
  const text = docText() || state.text;
  if (!text) { announce("There is nothing to back up yet."); return; }
  download(text, `followup-planner-backup-${stamp()}.json`, "application/json");
  state.changes = 0;
  announce("Backup downloaded. Keep it somewhere safe; Restore reads it back.");
}

async function downloadCalendar(appId) {
  announce("Preparing the calendar…");
  const result = await py("calendar", { document: docText(), now: nowIso(), app: appId || null, site_url: new URL("../", here).href });
  if (!result.ok) { announce(result.error); return; }
  if (!result.events) { announce("There are no planned steps to put in a calendar."); return; }
  download(result.ics, `followup-plan${appId ? `-${appId}` : ""}-${stamp()}.ics`, "text/calendar");
  announce(`Calendar downloaded with ${result.events} steps, each with a reminder. Importing it again updates the same events.`);
}

function restore() {
  const input = h("input", { type: "file", accept: ".json,application/json", hidden: true });
  input.addEventListener("change", async () => {
    const file = input.files[0];
    input.remove();
    if (!file) return;
    const text = await file.text();
    const incoming = await py("describe", { document: text });
    if (!incoming.ok) {
      dialog("This file can't be restored", h("p", {}, `${incoming.error}. Nothing was changed.`), [h("button", { type: "button", class: "md-button", onclick: closeDialog }, "OK")]);
      return;
    }
    const current = state.view ? state.view.applications.map((a) => a.company) : [];
    const list = (names) => (names.length ? names.join(", ") : "none");
    dialog("Restore this backup?", h("div", {},
      h("p", {}, `The backup "${file.name}" has ${incoming.applications.length} application(s): ${list(incoming.applications)}, with ${incoming.events} recorded step(s).`),
      h("p", {}, state.readonly ? "It will replace the unreadable stored data." : `It will replace what this browser has now: ${current.length} application(s): ${list(current)}.`)),
    [h("button", { type: "button", class: "md-button md-button--primary", id: "fp-restore-confirm", onclick: async () => {
      closeDialog();
      state.readonly = false;
      state.text = readStored().text;
      if (persist(incoming.document)) { showAlert(null); await refresh(); announce("Backup restored."); }
    } }, "Replace with the backup"), h("button", { type: "button", class: "md-button", onclick: closeDialog }, "Cancel")]);
  });
  document.body.append(input);
  input.click();
}

function settingsDialog() {
  const s = (state.doc && state.doc.settings) || {};
  const c = s.candidate || {};
  formDialog("Your details", [
    field("Your name", "name", { value: c.name || "", autocomplete: "name" }),
    field("Your email", "email", { type: "email", value: c.email || "", autocomplete: "email" }),
    field("Your phone", "phone", { type: "tel", value: c.phone || "", autocomplete: "tel" }),
    field("When you're available", "availability", { value: c.availability || "", hint: "For example: weekdays after 2 pm." }),
    field("Time zone", "timezone", { value: s.timezone || browserZone(), suggestions: timeZones(), hint: "A name such as Europe/Paris (start typing a city to choose); it defaults to this device's." }),
    field("Country, for public holidays", "country", { value: s.country || "", hint: "Two letters, such as US, GB or FR. Leave empty to count Monday to Friday only." }),
  ], "Save", (v) => apply({ op: "settings", fields: v }));
}

// -- start -----------------------------------------------------------------------------------

function shell() {
  root.replaceChildren(
    h("p", { class: "fp-privacy" }, "Your data stays in this browser: nothing is sent anywhere. ", h("a", { href: "../privacy/" }, "How your data is kept")),
    h("div", { id: "fp-loading" }, h("label", { for: "fp-progress", id: "fp-stage" }, "Loading Python…"),
      h("progress", { id: "fp-progress", max: "1", value: "0" })),
    h("div", { id: "fp-alert", class: "fp-alert", role: "alert", hidden: true }),
    h("div", { id: "fp-live", class: "fp-live", role: "status", "aria-live": "polite" }),
    h("div", { id: "fp-toolbar", class: "fp-toolbar", hidden: true },
      h("button", { type: "button", class: "md-button md-button--primary", onclick: addApplication }, "Add an interview"),
      h("button", { type: "button", class: "md-button", onclick: settingsDialog }, "Your details"),
      h("button", { type: "button", class: "md-button", onclick: () => downloadCalendar(null) }, "Add to calendar (.ics)"),
      h("button", { type: "button", class: "md-button", onclick: downloadBackup }, "Back up"),
      h("button", { type: "button", class: "md-button", onclick: restore }, "Restore…")),
    h("div", { id: "fp-main" }),
    h("dialog", { id: "fp-dialog", class: "fp-dialog", onclose: (e) => { e.target.replaceChildren(); keepFocus(); } }));
}

function showCached(stored) {
  try {
    const cache = JSON.parse(localStorage.getItem(CACHE_KEY) || "null");
    if (cache && cache.view && cache.text === stored) render(cache.view, { cached: true });
  } catch { /* no usable cache: wait for Python */ }
}

async function main() {
  shell();
  const stored = readStored();
  if (stored.error) {
    showAlert(["This browser does not let the planner use its storage (", String(stored.error.message || stored.error),
      "). The planner can show you the method, but cannot keep your data here."]);
  }
  const text = stored.text ?? null;
  if (text !== null) showCached(text);
  startWorker();
  try {
    await booted;
  } catch (error) {
    $("#fp-loading").hidden = true;
    showAlert([h("strong", {}, "The planner couldn't start. "), `${error.message} `,
      "Your data in this browser is safe and unchanged. Try reloading the page; meanwhile you can download your data."],
    [h("button", { type: "button", onclick: () => download(text || "", "followup-planner-stored-data.json", "application/json"), disabled: text === null }, "Download your data"),
      h("button", { type: "button", onclick: () => location.reload() }, "Reload")]);
    return;
  }
  $("#fp-toolbar").hidden = false;
  if (text === null) {
    state.text = null;
    state.doc = null;
    state.readonly = false;
    await refresh();
  } else {
    await adoptStored(text);
  }
  $("#fp-toolbar").hidden = state.readonly;
  keepForOffline();
}

// Once the planner has run, the site's service worker keeps a copy of the site's files, so
// the guides and the planner open without a connection next time. The user's data is not
// involved: it stays in localStorage. Without service workers the page works as before.
function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(new URL("../sw.js", here), { scope: new URL("../", here).href, updateViaCache: "none" })
    .then(() => navigator.serviceWorker.ready)
    .then(() => { root.dataset.offline = "ready"; })
    .catch(() => { root.dataset.offline = "unavailable"; });
}

main();
