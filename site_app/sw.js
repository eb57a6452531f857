// The site's service worker: after one visit to the planner, the guides and the planner open
// without a connection. It keeps copies of the site's own files only; the user's data stays in
// localStorage, where the page keeps it, and never passes through here.
//
// The MkDocs hook writes this file to the site's root, replacing the placeholders below with
// this build's fingerprint, the list of files to keep (paths relative to this file) and the
// caches' name prefix (the hook's CACHE_PREFIX, which its development worker clears too).
"use strict";

const VERSION = "__VERSION__";
/** @type {string[]} */
const FILES = __FILES__;
const PREFIX = "__PREFIX__";
const CACHE = PREFIX + VERSION;
/** This file runs as the site's service worker (tsc: site_app/jsconfig.workers.json). */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const SCOPE = new URL("./", sw.location.href).href;

sw.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(FILES.map((path) => new Request(new URL(path, SCOPE), { cache: "no-cache" })));
    await sw.skipWaiting();
  })());
});

sw.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await sw.clients.claim();
  })());
});

// Online, the worker stays out of the way: the browser's own HTTP cache serves the files, and
// it also keeps the compiled Python runtime, which a response passed through here loses (a
// return visit measured 2.5 s to the agenda that way, against 2.0 s). Offline, this build's
// copy answers: pages, styles, scripts, the runtime and the wheels.
sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE) || sw.navigator.onLine) return;
  event.respondWith(fromCopy(request));
});

async function fromCopy(request) {
  const kept = await caches.match(request, { cacheName: CACHE, ignoreSearch: request.mode === "navigate" });
  return kept || fetch(request);
}
