// The planner page's first paint. The build (site_app/build/planner.py) puts this script
// into the page right after #fp-app, with this build's fingerprint, the page's keys and the
// cache's fingerprint function (js/store.js, js/paintcache.js); the page's
// Content-Security-Policy allows it by its hash.
// It runs while the page is still being read, before any of the planner's modules has
// loaded: the plan the last visit saved is shown at once (buttons disabled, "refreshing"),
// but only when this very build drew it from the very document stored now. main.js then
// draws the same again with its buttons, and Python refreshes it. Python's worker starts once
// that frame is painted (or at once, when there is nothing to paint).
(() => {
  let painted = false;
  try {
    const app = document.getElementById("fp-app");
    if (!app || window.top !== window.self) return; // framed: main.js shows why not
    const text = localStorage.getItem("__KEY__");
    const cache = JSON.parse(localStorage.getItem("__CACHE_KEY__") || "null");
    if (text === null || !cache || cache.build !== "__BUILD__" || typeof cache.html !== "string") return;
    if (cache.stamp !== stamp(text)) return;
    app.innerHTML = cache.html;
    app.dataset.cached = "true";
    painted = true;
  } catch {
    // nothing usable (or no storage): main.js draws the page
  } finally {
    // Python's worker, unless the page's head started it: once the saved plan is painted
    // (the two would share the processor), or now.
    // (A frame is never produced in a hidden tab: there, a timer starts it.)
    const startWorker = /** @type {any} */ (window).fpWorker;
    if (typeof startWorker === "function") {
      if (!painted) startWorker();
      else if (document.hidden) setTimeout(startWorker, 0);
      else requestAnimationFrame(() => { setTimeout(startWorker, 0); });
    }
  }

  /* __STAMP__ */
})();
