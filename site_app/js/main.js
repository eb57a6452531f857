// The planner page: it draws the shell, shows the saved plan again with its buttons, follows
// the start-up (boot.js owns it) and wires the store, the views, the dialogs and the files
// together.

import { h, $, announce, showAlert, keepFocus, button, appRoot, download } from "./dom.js";
import { Store, KEY } from "./store.js";
import { boot, python, framed } from "./boot.js";
import { BUILD } from "./build.js";
import { render, paintMarkup } from "./views.js";
import { paintOf, viewOfPaint } from "./paint.js";
import * as dialogs from "./dialogs.js";
import * as records from "./records.js";
import { openDraft } from "./drafts.js";
import { useEnv, confirmDialog, onDialogClose } from "./forms.js";
import * as files from "./files.js";
import * as spreadsheets from "./spreadsheets.js";
import { setUpPrinting } from "./print.js";
import { tidy } from "./tidy.js";
import * as reminders from "./reminders.js";

/**
 * @typedef {import("./types.js").Change} Change
 * @typedef {import("./boot.js").BootStatus} BootStatus
 * @typedef {import("./views.js").Handlers} Handlers
 */

const root = appRoot();
const here = new URL(".", document.baseURI.replace(/[?#].*$/, "")); // .../planner/
const siteUrl = new URL("../", here).href;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const nowIso = () => new Date().toISOString();
const BACKUP_EVERY = 5;

/** localStorage, or null when the browser refuses it (and why). */
function openStorage() {
  try {
    const storage = window.localStorage;
    storage.getItem(KEY);
    return { storage, error: null };
  } catch (error) {
    return { storage: null, error };
  }
}

const { storage, error: storageError } = openStorage();
/** Runs `task` once the page is idle (a change is painted before its cache is kept). */
const idle = (/** @type {() => void} */ task) => {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task, { timeout: 500 });
  else requestAnimationFrame(() => setTimeout(task, 0));
};
const store = new Store({ storage, call: python.call.bind(python), now: nowIso, zone: browserZone, build: BUILD, paintOf, markupOf, later: idle });
// Leaving the page (a reload, a closed tab) before that frame: the cache is kept now.
window.addEventListener("pagehide", () => store.flushCache());
// A reminder tapped while the planner is open: the same page, at its step.
// (before the computed plan is drawn, the first one opens it)
window.addEventListener("hashchange", () => { if (store.view) reminders.openAsked(); });

/**
 * Makes a change through the store and says what happened. A contact that goes against a
 * rule of the method is not recorded straight away: the user is told which rule, and
 * records it anyway if it happened.
 * @param {Change} change
 * @returns {Promise<true|string|null>} true, the sentence why not, or null when the user
 *          was asked first (the question replaced the dialog)
 */
async function apply(change) {
  const outcome = await store.change(change);
  if (!outcome.ok && outcome.warning) {
    records.ruleWarning(outcome.error || "", outcome.warning, () => apply({ ...change, despite: true }));
    return null;
  }
  if (!outcome.ok) {
    const error = outcome.error || "That change could not be made.";
    announce(error);
    return error;
  }
  keepFocus();
  let message = outcome.message || "";
  if (outcome.adopted) message = `This planner was changed in another tab; your change was made on top of those changes. ${message}`;
  if (outcome.saved && store.changes > 0 && store.changes % BACKUP_EVERY === 0) {
    message += ` ${files.backupReminder()}`;
  }
  const undo = outcome.undo;
  announce(message, undo ? () => { apply(undo); } : null);
  return true;
}

/** @type {Handlers} */
const handlers = {
  apply: (change) => { apply(change); },
  draft: (request, title, key, about) => { openDraft(request, title, key, about); },
  record: (step, contacts) => records.recordDialog(step, contacts),
  recordEarlier: (step) => records.recordEarlier(step),
  editEvent: (app, item) => records.editEvent(app, item),
  addApplication: () => dialogs.addApplication(),
  addApplied: () => dialogs.addAppliedApplication(),
  edit: (app, what) => dialogs.editApplication(app, what),
  remove: (item) => dialogs.removeItem(item),
  deleteApplication: (app) => dialogs.deleteApplication(app),
  calendar: (appId) => { files.downloadCalendar(store, python, appId, siteUrl); },
};

useEnv({
  apply,
  draft: (request, key) => python.call("draft", { document: store.text, now: nowIso(), ...request, key }),
  view: () => store.view,
  browserZone,
});

// -- what the store says ---------------------------------------------------------------------

store.subscribe((event) => {
  if (event.type === "unreadable") { unreadable(); return; }
  if (!store.view) return;
  if (event.type === "saved") files.keepStorage(store.view);
  delete root.dataset.readonly;
  delete root.dataset.newer;
  started();
  $("#fp-data").hidden = false;
  render(store.view, handlers);
  reminders.keep(store.view, siteUrl);
  if (event.type === "view") reminders.openAsked();
  if (event.type === "unsaved") {
    showAlert(["Couldn't save: this browser's storage for the site is full or blocked. ",
      "Your change is kept on this page for now, but it will be lost when you close it. ",
      "Download a backup to keep it safe."], [button("Download a backup", () => files.downloadBackup(store), { plain: true })]);
  } else if (event.type !== "view" || !store.unsaved) {
    if (!storageError) showAlert(null);
  }
});

function unreadable() {
  root.dataset.readonly = "true";
  started({ toolbar: false });
  $("#fp-data").hidden = true;
  $("#fp-main").replaceChildren();
  const text = store.text;
  const problem = store.problem || { error: "" };
  const keep = button("Download the stored data", () => files.downloadStored(text), { plain: true });
  if (problem.newer) { newerData(problem.newer, problem.holds || [], keep); return; }
  showAlert([h("strong", {}, "The planner data stored in this browser can't be read. "),
    `${problem.error}. Nothing has been changed: the planner is read-only until you decide what to do. `,
    "Download the stored data to keep a copy, then start over or restore a backup."],
  [keep, button("Restore a backup…", restore, { plain: true }),
    button("Start over…", startOver, { plain: true, danger: true })]);
}

/**
 * A newer version of the planner saved the data (another tab, or before a rollback): shown,
 * never planned from a part of it, never changed.
 * @param {string[]} features  what it records that this version does not know
 * @param {string[]} holds     its applications, a line each
 * @param {HTMLElement} keep   the button that downloads it
 */
function newerData(features, holds, keep) {
  root.dataset.newer = features.join(" ");
  showAlert([h("strong", {}, "Your planner data was saved by a newer version of the planner. "),
    "It records things this version does not know, so this version shows no plan and changes nothing. ",
    "Reload the page to get the newer version. Until it is available here, your data is kept as it is, safe and unchanged."],
  [button("Reload", () => location.reload()), keep]);
  if (!holds.length) return;
  $("#fp-main").replaceChildren(h("section", { class: "fp-newer", "aria-labelledby": "fp-newer-title" },
    h("h2", { id: "fp-newer-title" }, "What your data holds"),
    h("ul", {}, ...holds.map((line) => h("li", {}, line)))));
}

function startOver() {
  confirmDialog("Start over with an empty planner?",
    "This replaces the stored data that can't be read. Download it first if you may need it.",
    "Replace it", async () => {
      const empty = await python.call("validate", { document: null, timezone: browserZone() });
      if (!empty.ok) { announce(empty.error); return; }
      const done = await store.replace(empty.text);
      if (!done.ok) { announce(done.error || "The planner could not start over."); return; }
      keepFocus();
      announce("Started over with an empty planner. The data it replaced is kept until the next restore.",
        () => { files.undoReplace(store); });
    });
}

function restore() {
  files.restore(store, python, (undo) => {
    keepFocus();
    announce("Backup restored. What this browser had before is kept until the next restore.", undo);
  });
}

window.addEventListener("storage", async (event) => {
  if (event.key !== KEY || event.storageArea !== storage) return;
  if (await store.adopt(event.newValue)) announce("Updated with the changes made in another tab.");
});

// A tab left open overnight shows tomorrow's agenda when it is looked at again.
let shownAt = Date.now();
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible" || Date.now() - shownAt < 60000) return;
  shownAt = Date.now();
  store.refresh();
});

// -- start -----------------------------------------------------------------------------------

/**
 * What the page shows of each state of the start (boot.js); with "ready", the store opens.
 * @param {BootStatus} status
 */
function showState(status) {
  root.dataset.boot = status.state;
  if (status.state === "ready") {
    const msg = status.ready;
    // The loading bar stays until the store's first view replaces it (store.subscribe).
    root.dataset.ready = "true";
    if (msg && msg.ms) root.dataset.bootMs = String(msg.ms);
    if (msg && msg.start) root.dataset.python = msg.start;
    if (msg && msg.why) root.dataset.pythonWhy = msg.why; // why a kept snapshot was not used
    opened();
    return;
  }
  if (status.state === "failed" || status.state === "outdated") {
    started({ toolbar: false });
    const text = storedText();
    const why = status.state === "failed"
      ? [h("strong", {}, "The planner couldn't start. "), `${status.error} `]
      : [h("strong", {}, "The planner was updated while this page was loading. "),
        "The page and some of its files come from two different versions. "];
    showAlert([...why, "Your data in this browser is safe and unchanged. Try reloading the page; meanwhile you can download your data."],
      [button("Download your data", () => download(text || "", "followup-planner-stored-data.json", "application/json"), { disabled: text === null }),
        button("Reload", () => location.reload(), { plain: true })]);
    return;
  }
  if (!status.stage) return; // painted, or Python's worker has said nothing yet
  /** @type {HTMLProgressElement} */ ($("#fp-progress")).value = status.progress;
  // The worker's own words for each stage (worker.mjs), the one place they are written.
  $("#fp-stage").textContent = `${status.detail}…`;
  root.dataset.stage = status.stage;
}

/** The stored document's text, or null (none, or no storage). */
function storedText() {
  const stored = store.readStorage();
  return stored.ok ? stored.text : null;
}

/** Python is ready: the store opens the document, and the site is kept for offline use. */
async function opened() {
  tidy(storage); // this build runs: what earlier builds kept and this one does not use goes
  await store.open();
  keepForOffline();
  python.snapshotWhenIdle();
}

/** @param {string} sentence */
function showFault(sentence) {
  if (!store.view) started({ toolbar: false }); // Python failed before any view
  showAlert([h("strong", {}, "Something went wrong inside the planner. "), `${sentence} `,
    "Your saved data is unchanged. Reload the page to try again; meanwhile you can download a backup."],
  [button("Download a backup", () => files.downloadBackup(store), { plain: true }),
    button("Reload", () => location.reload(), { plain: true })]);
}

/** @param {boolean} [cached] */
function shell(cached = false) {
  root.replaceChildren(...shellParts(cached));
}

/**
 * The start is over (a view, or a sentence why not): the loading bar leaves the toolbar's
 * place to it, in the same frame as the view is drawn; without a view, the toolbar goes too.
 * @param {{toolbar?: boolean}} [options]
 */
function started({ toolbar = true } = {}) {
  $("#fp-loading").hidden = true;
  delete $("#fp-top").dataset.loading;
  $("#fp-toolbar").hidden = !toolbar;
}

/**
 * What #fp-app holds while the planner starts.
 * @param {boolean} cached  a saved plan is shown meanwhile
 */
function shellParts(cached) {
  return [
    h("p", { class: "fp-privacy" }, "Your data stays in this browser: nothing is sent anywhere. ", h("a", { href: "../privacy/" }, "How your data is kept")),
    h("div", { id: "fp-alert", class: "fp-alert", role: "alert", hidden: true }),
    h("div", { id: "fp-live", class: "fp-live", role: "status", "aria-live": "polite" }),
    // What a visit is for, above the plan; keeping and moving the data, below it (on a phone
    // the plan starts on the first screen). While the planner starts, the loading bar holds
    // the toolbar's place (the same cell: the plan below does not move when they swap).
    h("div", { id: "fp-top", class: "fp-top", "data-loading": "" },
      h("div", { id: "fp-toolbar", class: "fp-toolbar" },
        button("Add an interview", () => dialogs.addApplication(), { primary: true }),
        button("Your details", () => dialogs.settingsDialog()),
        button("Add to calendar (.ics)", () => files.downloadCalendar(store, python, null, siteUrl))),
      h("div", { id: "fp-loading" },
        h("label", { for: "fp-progress" },
          cached ? h("span", { class: "fp-refreshing" }, "Showing your last saved plan. ") : "",
          h("span", { id: "fp-stage" }, "Loading Python…")),
        h("progress", { id: "fp-progress", max: "1", value: "0" }))),
    h("div", { id: "fp-main" }),
    h("section", { id: "fp-data", class: "fp-data", "aria-labelledby": "fp-data-title", hidden: true },
      h("h2", { id: "fp-data-title" }, "Your data"),
      h("p", { class: "fp-data-note" }, "It is kept only in this browser. Back it up now and then, or move it to another device or a spreadsheet."),
      h("div", { class: "fp-toolbar" },
        files.backupButtons(store),
        button("Restore…", restore),
        button("Import a spreadsheet…", () => spreadsheets.importSpreadsheet(store, python)),
        button("Export for a spreadsheet", () => { spreadsheets.exportSpreadsheet(store, python); })),
      h("div", { id: "fp-reminders", class: "fp-reminders", hidden: true })),
    h("dialog", { id: "fp-dialog", class: "fp-dialog", onclose: onDialogClose })];
}

/**
 * The page as a return visit first shows `paint`, as markup: the first-paint script
 * (site_app/first-paint.js) puts it in #fp-app before any module has loaded; main.js then
 * draws the same again, with its buttons. Null when there is none (see paintMarkup).
 * @param {import("./types.js").Paint} paint
 */
function markupOf(paint) {
  const html = paintMarkup(paint);
  if (html === null) return null;
  const box = h("div", {}, ...shellParts(true));
  /** @type {HTMLElement} */ (box.querySelector("#fp-main")).innerHTML = html;
  return box.innerHTML;
}

/** Inside a frame the planner changes nothing: it only offers to open in its own tab. */
function refuseFrame() {
  root.dataset.framed = "true";
  root.replaceChildren(
    h("div", { id: "fp-alert", class: "fp-alert", role: "alert" },
      h("p", {}, h("strong", {}, "The planner is shown inside another page. "),
        "To keep your data safe, it only works in its own tab, where you can see its address."),
      h("p", { class: "fp-actions" }, h("a", { class: "md-button md-button--primary", href: here.href, target: "_blank", rel: "noopener" },
        "Open the planner in its own tab"))));
}

async function main() {
  if (framed()) { refuseFrame(); return; }
  // The page's first frame goes first: the saved plan the first-paint script showed
  // (site_app/first-paint.js), or the page as it came ("Loading the planner…"); then the
  // planner is drawn (a hidden tab produces no frame: it goes on at once).
  if (!document.hidden) {
    await new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });
  }
  // The saved plan again, now with its buttons (the first-paint script showed it without).
  const paint = store.cachedPaint(storedText());
  shell(Boolean(paint));
  setUpPrinting(() => store.view);
  if (storageError) {
    showAlert(["This browser does not let the planner use its storage (",
      String(/** @type {any} */ (storageError).message || storageError),
      "). The planner can show you the method, but cannot keep your data here."]);
  }
  if (paint) render(viewOfPaint(paint), handlers, { cached: true });
  else delete root.dataset.cached; // the first paint's plan is gone with the shell
  boot.listen({
    onState: showState, onFault: showFault,
    onSnapshot: (msg) => {
      root.dataset.snapshot = msg.kept ? "kept" : "not-kept";
      if (msg.ms) root.dataset.snapshotMs = `${msg.ms.warm_up}+${msg.ms.snapshot}`;
    },
  });
}

// Once the planner has run, the site's service worker keeps a copy of the site's files, so
// the guides and the planner open without a connection next time. The user's data is not
// involved: it stays in localStorage. Without service workers the page works as before.
function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(new URL("../sw.js", here), { scope: siteUrl, updateViaCache: "none" })
    .then(() => navigator.serviceWorker.ready)
    .then(() => { root.dataset.offline = "ready"; })
    .catch(() => { root.dataset.offline = "unavailable"; });
}

main();
