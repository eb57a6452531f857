// The planner page's first paint: the plan the last visit saved, shown at once while the page
// is still being read, before any of the planner's modules has loaded (buttons disabled,
// "Showing your last saved plan"). It only paints: start-up is js/boot.js's, which waits for this paint before
// it starts Python (the two would share the processor), except when the modules themselves
// cannot be loaded (below). See site_app/STARTUP.md.
// The build (site_app/build/planner.py) puts it into the page right after #fp-app, with this
// build's fingerprint, the document's key, and the cache's one reader (js/paintcache.js:
// CACHE_KEY, stamp(), readCache(), as written there); the page's Content-Security-Policy
// allows it by its hash. It paints only what this very build drew from the very document
// stored now.
(() => {
  /* __READER__ */

  // The planner's own modules could not be loaded at all (a file of this build missing from
  // the site: a deploy under way, a cache that kept this page longer than its files): then
  // main.js never runs to say so, and this script does. It reloads once (a reload asks for
  // the page again), then says what happened. Once main.js has drawn the page (data-boot),
  // boot.js owns what happens.
  window.addEventListener("error", (event) => {
    const script = event.target;
    const app = document.getElementById("fp-app");
    if (!(script instanceof HTMLScriptElement) || script.type !== "module" || !app || app.dataset.boot) return;
    try {
      if (sessionStorage.getItem("__RELOADED_KEY__") !== "__BUILD__") {
        sessionStorage.setItem("__RELOADED_KEY__", "__BUILD__");
        location.reload();
        return;
      }
    } catch { /* no session storage: no reload, the sentence below */ }
    const said = document.createElement("p");
    said.className = "fp-alert";
    said.setAttribute("role", "alert");
    said.textContent = "The planner could not load its files: a new version may be being published. "
      + "Reload the page in a few minutes. Your data in this browser is safe and unchanged.";
    app.replaceChildren(said);
    app.dataset.boot = "failed";
  }, true);

  try {
    const app = document.getElementById("fp-app");
    if (!app || window.top !== window.self) return; // framed: main.js shows why not
    const cache = readCache(localStorage, "__BUILD__", localStorage.getItem("__KEY__"));
    if (!cache || typeof cache.html !== "string") return;
    app.innerHTML = cache.html;
    app.dataset.cached = "true";
    // The frame that shows it is under way: boot.js starts Python after it, not a frame later.
    requestAnimationFrame(() => { app.dataset.painted = "true"; });
  } catch {
    // nothing usable (or no storage): main.js draws the page
  }
})();
