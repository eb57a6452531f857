// Nudges without a server. The installed app's icon shows how many steps are due (today or
// overdue); where the platform has periodic background sync (Chromium browsers, installed
// app), the service worker shows one notification now and then for what is due, from the
// list of due steps this module keeps after every change (site_app/sw.js, remind). The list
// stays in this browser, beside the data: nothing is sent anywhere.

import { h, $, announce, button, dueNow } from "./dom.js";
import { showEverything } from "./search.js";

/**
 * Where the due steps and the setting are kept, for the service worker to read: its cache and
 * the entry's path below the site's root (site_app/sw.js has the same; test_site checks).
 */
export const REMINDERS_CACHE = "followup-reminders";
export const REMINDERS_ENTRY = "reminders.json";
/** The periodic sync's tag (sw.js has the same). */
export const REMIND_TAG = "followup-due";
/** The browser chooses when; it never wakes the app more often than this. */
const AT_MOST_EVERY_MS = 12 * 60 * 60 * 1000;

/**
 * @typedef {{key: string, company: string, title: string, due_from: string}} DueStep
 * @typedef {{on: boolean, steps: DueStep[]}} Kept
 */

/** @param {string} siteUrl */
const entry = (siteUrl) => new URL(REMINDERS_ENTRY, siteUrl).href;

/** @param {string} siteUrl @returns {Promise<Kept>} */
async function read(siteUrl) {
  try {
    const kept = await (await caches.open(REMINDERS_CACHE)).match(entry(siteUrl));
    const value = kept ? await kept.json() : null;
    if (value && Array.isArray(value.steps)) return { on: value.on === true, steps: value.steps };
  } catch {
    // no storage for it (a private window, storage full): as if nothing was kept
  }
  return { on: false, steps: [] };
}

/** @param {string} siteUrl @param {Kept} kept */
async function write(siteUrl, kept) {
  const cache = await caches.open(REMINDERS_CACHE);
  await cache.put(entry(siteUrl), new Response(JSON.stringify(kept), { headers: { "Content-Type": "application/json" } }));
}

/** Whether this browser can remind at all (a morning notification, without the page open). */
function canRemind() {
  return "serviceWorker" in navigator && "Notification" in self && "caches" in self
    && "periodicSync" in ServiceWorkerRegistration.prototype;
}

/** @type {DueStep[]} the due steps of the plan shown last (none for the sample) */
let current = [];
/** The kept entry's reads and writes, one after another (a plan drawn while reminders are
 * turned off must not write them on again). */
let chain = Promise.resolve();
/** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
const inTurn = (task) => {
  const done = chain.then(task, task);
  chain = done.then(() => {}, () => {});
  return done;
};

/**
 * After every plan: the badge, the list of due steps (kept only while reminders are on),
 * and the reminders' controls. The sample plan shown before the user has their own counts
 * for nothing.
 * @param {import("./types.js").View} view
 * @param {string} siteUrl
 */
export async function keep(view, siteUrl) {
  const own = !view.sample && view.applications.length > 0;
  const due = own ? view.steps.filter(dueNow).length : 0;
  const nav = /** @type {any} */ (navigator);
  if (nav.setAppBadge) (due ? nav.setAppBadge(due) : nav.clearAppBadge()).catch(() => {});
  current = own ? view.steps.map(({ key, company, title, due_from }) => ({ key, company, title, due_from })) : [];
  if (!("caches" in self)) { controls(own, null, siteUrl); return; }
  const steps = current;
  const on = await inTurn(async () => {
    const kept = await read(siteUrl);
    if (kept.on) {
      // not kept (storage failing): a reminder says what it said before; the page shows the truth
      await write(siteUrl, { on: true, steps }).catch(() => {});
    }
    return kept.on;
  });
  controls(own, on, siteUrl);
}

/**
 * The reminders' part of "Your data": offered once the user has a plan of their own.
 * @param {boolean} own
 * @param {boolean|null} on  null: nowhere to keep the setting
 * @param {string} siteUrl
 * @param {boolean} [focus]  the user just pressed its button: focus the one that replaces it
 */
function controls(own, on, siteUrl, focus = false) {
  const slot = $("#fp-reminders");
  if (!slot) return;
  slot.hidden = !own;
  if (!own) { slot.replaceChildren(); return; }
  const title = h("h3", {}, "Reminders");
  if (on === null || !canRemind()) {
    slot.replaceChildren(title, h("p", { class: "fp-data-note" },
      "This browser cannot remind you by itself (without a server, only installed apps in Chrome, Edge or on Android can). ",
      "Add the plan to your calendar instead, and add it again after a change: its events replace the last ones."));
    return;
  }
  slot.replaceChildren(title,
    h("p", { class: "fp-data-note" }, on
      ? "Reminders are on for this device: about once a day, at a moment the browser chooses, it shows what is due. They read your plan here and send nothing."
      : "Get a notification on this device when a step is due (about once a day, at a moment the browser chooses). It reads your plan here and sends nothing."),
    h("div", { class: "fp-toolbar" }, on
      ? button("Turn off reminders", () => { turn(false, siteUrl); })
      : button("Remind me on this device", () => { turn(true, siteUrl); })));
  if (focus) /** @type {HTMLElement} */ (slot.querySelector("button")).focus();
}

/**
 * Turns reminders on or off on this device, and says what happened.
 * @param {boolean} on
 * @param {string} siteUrl
 */
async function turn(on, siteUrl) {
  const registration = await navigator.serviceWorker.getRegistration(siteUrl);
  const sync = registration && /** @type {any} */ (registration).periodicSync;
  if (on) {
    if (!sync) {
      announce("Reminders need the planner's offline copy, which is made after its first start. Try again in a minute.");
      return;
    }
    if ((await Notification.requestPermission()) !== "granted") {
      announce("Notifications are blocked for this site, so the planner cannot remind you. You can allow them in the browser's site settings.");
      return;
    }
    try {
      await sync.register(REMIND_TAG, { minInterval: AT_MOST_EVERY_MS });
    } catch {
      announce("This browser reminds installed apps only: install the planner (Install in the address bar's menu, or Add to Home screen), then turn reminders on. Meanwhile, the calendar file can remind you.");
      return;
    }
  } else if (sync) {
    await sync.unregister(REMIND_TAG).catch(() => {});
  }
  try {
    await inTurn(() => write(siteUrl, { on, steps: on ? current : [] }));
  } catch {
    announce("This browser's storage for the site is full or blocked: the setting could not be kept.");
    return;
  }
  controls(true, on, siteUrl, true);
  announce(on ? "Reminders are on for this device." : "Reminders are off for this device.");
}

/**
 * A reminder opens the planner at its step ("#step=KEY"): once the plan is drawn, that step
 * is scrolled to and focused.
 */
export function openAsked() {
  const asked = /^#step=(.+)$/.exec(location.hash);
  if (!asked) return;
  let key = "";
  try {
    key = decodeURIComponent(asked[1]);
  } catch {
    // not one of ours: nothing to open
  }
  const row = [...document.querySelectorAll(".fp-agenda [data-key]")]
    .find((el) => /** @type {HTMLElement} */ (el).dataset.key === key);
  history.replaceState(null, "", location.pathname + location.search);
  if (!row) return;
  const target = /** @type {HTMLElement} */ (row);
  // Hidden by a search or a filter, or folded away: shown first (nothing hidden takes focus).
  if (target.closest("[hidden]")) showEverything();
  const part = target.closest("details");
  if (part) part.open = true;
  target.tabIndex = -1;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}
