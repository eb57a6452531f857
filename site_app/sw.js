// The site's service worker: after one visit to the planner, the guides and the planner open
// without a connection. It keeps copies of the site's own files only; the user's data stays in
// localStorage, where the page keeps it, and never passes through here.
//
// The MkDocs hook writes this file to the site's root, replacing the two placeholders below
// with this build's fingerprint and the list of files to keep (paths relative to this file).
"use strict";

const VERSION = "__VERSION__";
const FILES = __FILES__;
const PREFIX = "followup-planner-site-";
const CACHE = PREFIX + VERSION;
const SCOPE = new URL("./", self.location).href;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(FILES.map((path) => new Request(new URL(path, SCOPE), { cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  event.respondWith(request.mode === "navigate" ? page(request) : file(request));
});

// Pages: the latest from the network when there is one, this build's copy when offline.
async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

// Everything else (styles, scripts, the Python runtime, wheels): this build's copy first.
async function file(request) {
  const kept = await caches.match(request, { cacheName: CACHE });
  return kept || fetch(request);
}
