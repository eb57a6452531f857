// The planner page's first paint: the plan the last visit saved, shown at once while the page
// is still being read, before any of the planner's modules has loaded (buttons disabled,
// "refreshing"). It only paints: start-up is js/boot.js's, which waits for this paint before
// it starts Python (the two would share the processor). See site_app/STARTUP.md.
// The build (site_app/build/planner.py) puts it into the page right after #fp-app, with this
// build's fingerprint, the document's key, and the cache's one reader (js/paintcache.js:
// CACHE_KEY, stamp(), readCache(), as written there); the page's Content-Security-Policy
// allows it by its hash. It paints only what this very build drew from the very document
// stored now.
(() => {
  /* __READER__ */

  try {
    const app = document.getElementById("fp-app");
    if (!app || window.top !== window.self) return; // framed: main.js shows why not
    const cache = readCache(localStorage, "__BUILD__", localStorage.getItem("__KEY__"));
    if (!cache || typeof cache.html !== "string") return;
    app.innerHTML = cache.html;
    app.dataset.cached = "true";
  } catch {
    // nothing usable (or no storage): main.js draws the page
  }
})();
