// The site's service worker: after one visit to the planner, the guides and the planner open
// without a connection. It keeps copies of the site's own files only; the user's data stays in
// localStorage, where the page keeps it, and never passes through here (but for the due steps
// the page keeps for reminders while the user has them on: see the end of this file).
//
// The build (site_app/build/planner.py) writes this file to the site's root, replacing the
// placeholders below with this build's fingerprint (made from every file's SHA-256, so a
// fixed deploy is always a new version), the files to keep (paths relative to this file),
// each one's SHA-256, and the caches' name prefix (CACHE_PREFIX, which the development worker
// clears too).
//
// A new copy replaces the old one only whole and verified: every file is checked against the
// SHA-256 the build recorded before the copy is used; a copy that fails (a damaged or missing
// file, a lost connection) is deleted, the old one stays, and the browser tries again at the
// next visit. One a closed browser left half-made is never used either: it is completed or
// deleted by the next install.
"use strict";

const VERSION = "__VERSION__";
/** @type {string[]} */
const FILES = __FILES__;
/** @type {Record<string, string>} each file's SHA-256, in hex */
const SHA256 = __SHA256__;
const PREFIX = "__PREFIX__";
const CACHE = PREFIX + VERSION;
/** A page that the network has not answered in this long is answered from the copy. */
const NAVIGATION_TIMEOUT_MS = 4000;
/** How many files are downloaded at once while the copy is made. */
const AT_ONCE = 6;
/** This file runs as the site's service worker (tsc: site_app/jsconfig.workers.json). */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const SCOPE = new URL("./", sw.location.href).href;
/** For this long after a page's request went unanswered, every file comes from the copy
 * (the page's and its workers'): the server is not answering. */
const UNREACHABLE_MS = 60000;
let unreachableAt = -Infinity;

sw.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    try {
      await makeCopy();
    } catch (error) {
      await caches.delete(CACHE); // never half a copy; the one in use stays
      throw error;
    }
    await sw.skipWaiting();
  })());
});

/** Downloads every file, checks it against its SHA-256, and keeps it in this version's cache. */
async function makeCopy() {
  const cache = await caches.open(CACHE);
  const queue = [...FILES];
  let failed = false; // one file failed: the others stop (no need to download the rest)
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined && !failed; path = queue.shift()) {
      const url = new URL(path, SCOPE);
      const response = await fetch(new Request(url, { cache: "no-cache" }));
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      const sum = await sha256(await response.clone().arrayBuffer());
      if (sum !== SHA256[path]) throw new Error(`${path} is damaged (its SHA-256 is not the build's)`);
      await cache.put(url, response);
    }
  };
  const done = await Promise.allSettled(Array.from({ length: AT_ONCE }, () => worker().catch((error) => {
    failed = true;
    throw error;
  })));
  const failure = done.find((d) => d.status === "rejected");
  if (failure) throw /** @type {PromiseRejectedResult} */ (failure).reason;
}

/** @param {ArrayBuffer} bytes */
async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

sw.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // A page's request starts while this worker starts, not after.
    if (sw.registration.navigationPreload) await sw.registration.navigationPreload.enable().catch(() => {});
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await sw.clients.claim();
  })());
});

// Pages: the network first, and the copy when the network fails or has not answered in
// NAVIGATION_TIMEOUT_MS, whatever navigator.onLine says (a server that does not answer while
// the device says it is online must not leave a blank page). Files whose URL names their
// content (NAMED_BY_CONTENT): the copy, at once. Other files: online, the worker stays out of
// the way and the browser's own HTTP cache serves them; offline, or shortly after a page's
// request went unanswered, the copy answers.
/** Files whose URL names their content (a build's folder, the runtime's version, the theme's
 * hashed assets and the site's own stylesheet, site_app/hooks/stylesheet.py): the copy's
 * bytes are the network's, so the copy answers without the round trip that asks the server
 * whether they changed (every file, once the cache period is over).
 * Not the runtime's compiled code: the browser's HTTP cache keeps it compiled, which a
 * response passed through here loses (a return visit measured 2.5 s to the agenda that way,
 * against 2.0 s). A file missing from the copy (another build's) comes from the network. */
const NAMED_BY_CONTENT = /\/planner\/([0-9a-f]{16}|runtime)\/(?!.*\.wasm$)|\/assets\/(stylesheets|javascripts)\/([^/]+\/)*[^/]+\.[0-9a-f]{8}\.min\.(css|js)$|\/assets\/extra\.[0-9a-f]{8}\.css$/;

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, event.preloadResponse));
    return;
  }
  const unreachable = !sw.navigator.onLine || Date.now() - unreachableAt <= UNREACHABLE_MS;
  if (unreachable || NAMED_BY_CONTENT.test(request.url)) event.respondWith(fromCopy(request));
});

/**
 * A page: from the network, or from the copy when the network fails or is slow.
 * @param {Request} request
 * @param {Promise<any>} preloaded  the request the browser started already, if it did
 */
async function page(request, preloaded) {
  const network = Promise.resolve(preloaded).catch(() => undefined)
    .then((response) => response || fetch(request));
  const late = new Promise((resolve) => { setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null); });
  const first = await Promise.race([network.catch(() => null), late]);
  if (first) { unreachableAt = -Infinity; return first; }
  unreachableAt = Date.now();
  const kept = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
  return kept || network; // nothing kept: the network's answer, whenever it comes
}

/** A file other than a page (pages are page()'s), from the copy. @param {Request} request */
async function fromCopy(request) {
  // A copy that cannot be read (the browser's storage failing) is no copy: the network answers.
  const kept = await caches.match(request, { cacheName: CACHE }).catch(() => undefined);
  return kept || fetch(request);
}

// Reminders (site_app/js/reminders.js keeps the list of due steps while they are on; the
// names below are the same as there). Where the browser offers periodic background sync (an
// installed app in a Chromium browser), it wakes this worker now and then: one notification
// says what is due, and tapping it opens the planner at that step. Nothing is sent anywhere:
// the list is read here, from this browser's storage.
const REMINDERS_CACHE = "followup-reminders";
const REMINDERS_ENTRY = "reminders.json";
const REMIND_TAG = "followup-due";

sw.addEventListener("periodicsync", (/** @type {any} */ event) => {
  if (event.tag === REMIND_TAG) event.waitUntil(remind(Date.now()));
});

/** Shows what is due at `now`, if reminders are on and anything is. @param {number} now */
async function remind(now) {
  const kept = await caches.match(new URL(REMINDERS_ENTRY, SCOPE).href, { cacheName: REMINDERS_CACHE });
  /** @type {{on: boolean, steps: Array<{key: string, company: string, due_from: string}>}} */
  const { on, steps } = kept ? await kept.json() : { on: false, steps: [] };
  const due = on ? steps.filter((step) => Date.parse(step.due_from) <= now) : [];
  // The app's icon counts them too, though the app was not opened since.
  const nav = /** @type {any} */ (sw.navigator);
  if (on && nav.setAppBadge) await (due.length ? nav.setAppBadge(due.length) : nav.clearAppBadge()).catch(() => {});
  if (!due.length) return;
  const companies = [...new Set(due.map((step) => step.company))].join(", ");
  const count = due.length === 1 ? "1 step is" : `${due.length} steps are`;
  await sw.registration.showNotification("Follow-up Planner", {
    body: `${count} due today: ${companies}.`,
    tag: REMIND_TAG, // a new one replaces the last
    icon: new URL("assets/icons/icon-192.png", SCOPE).href,
    data: { url: new URL(`planner/#step=${encodeURIComponent(due[0].key)}`, SCOPE).href },
  });
}

sw.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openStep(event.notification.data && event.notification.data.url));
});

/** The planner at the reminder's step: in a tab of it already open, or a new one. @param {string} url */
async function openStep(url) {
  if (typeof url !== "string" || !url.startsWith(SCOPE)) return;
  const planner = new URL("planner/", SCOPE).href;
  const open = (await sw.clients.matchAll({ type: "window" })).find((client) => client.url.startsWith(planner));
  if (open) {
    const shown = await open.navigate(url).catch(() => null);
    await (shown || open).focus().catch(() => {});
    return;
  }
  await sw.clients.openWindow(url);
}
