// The guides' search, on the planner page: the theme's script (bundle.js) starts its search
// worker as soon as it runs, and the worker builds the index of every guide at once. That is
// CPU the planner's own start needs on a 2-core phone: a return visit's agenda came 66 ms
// later with it (benchmarks/RESULTS.md, 8 Dec). Here the search worker is made once the
// planner's start is over: Python ready and its first plan drawn (data-boot="ready" and
// data-cached="false" on #fp-app), the stored data found unreadable (data-readonly) or an
// alert shown instead, or the start failed or outdated; or at once when the search is used
// first (focus in the search box: its shortcut, a tap on its icon), so the search itself
// works as on every other page. Messages the theme sends it before then are
// kept, in order, and handed over when it is made.
//
// The search index itself (search_index.json) is still fetched by the theme at once; only the
// worker that builds it waits. In a page shown inside another's frame the planner never
// starts (js/boot.js, framed()): there nothing is held back.
//
// The build (site_app/build/planner.py) puts this script into the planner page right after
// the first-paint script, before the theme's script at the end of the page; the page's
// Content-Security-Policy allows it by its hash. Any other worker (Python's) is made as asked,
// as an instance of the class the page is given (`new.target`, so a subclass stays one).
(() => {
  const Made = window.Worker;
  if (typeof Made !== "function") return;
  try {
    if (window.top !== window.self) return;
  } catch {
    return;
  }
  /** The theme's search worker: its URL, as the theme's config names it. */
  const SEARCH = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  /** States of the planner's start that end it without a plan (js/boot.js). */
  const FAILED = ["failed", "outdated"];
  let now = false;
  /** @type {Array<() => void>} */
  const waiting = [];
  const release = () => {
    if (now) return;
    now = true;
    watch.disconnect();
    document.removeEventListener("focusin", used, true);
    for (const make of waiting.splice(0)) make();
  };

  /** Stands for the search worker until it is made: what the theme uses of a Worker. */
  class Later extends EventTarget {
    /** @param {string | URL} url @param {WorkerOptions} [options] */
    constructor(url, options) {
      super();
      /** @type {Array<[unknown, any]>} messages posted before the worker is made, in order */
      this.kept = [];
      /** @type {Worker | null} */
      this.worker = null;
      this.ended = false;
      const make = () => {
        if (this.ended) return;
        const worker = new Made(url, options);
        this.worker = worker;
        for (const type of ["message", "messageerror"]) {
          worker.addEventListener(type, (event) => {
            this.dispatchEvent(new MessageEvent(type, { data: /** @type {MessageEvent} */ (event).data }));
          });
        }
        worker.addEventListener("error", (event) => {
          this.dispatchEvent(new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno, colno: event.colno }));
        });
        for (const [message, transfer] of this.kept.splice(0)) worker.postMessage(message, /** @type {any} */ (transfer));
      };
      if (now) make();
      else waiting.push(make);
    }

    /** @param {unknown} message @param {Transferable[] | StructuredSerializeOptions} [transfer] */
    postMessage(message, transfer) {
      if (this.worker) this.worker.postMessage(message, /** @type {any} */ (transfer));
      else this.kept.push([message, transfer]);
    }

    terminate() {
      this.ended = true;
      if (this.worker) this.worker.terminate();
    }
  }

  /** @param {string | URL} url @param {WorkerOptions} [options] */
  function Worker(url, options) {
    if (!new.target) throw new TypeError("Failed to construct 'Worker': Please use the 'new' operator");
    return SEARCH.test(String(url)) ? new Later(url, options) : Reflect.construct(Made, [url, options], new.target);
  }
  Worker.prototype = Made.prototype;
  window.Worker = /** @type {any} */ (Worker);

  const over = () => {
    const app = document.getElementById("fp-app");
    if (!app || FAILED.includes(app.dataset.boot || "")) return true;
    if (app.dataset.boot !== "ready") return false;
    const alert = document.getElementById("fp-alert");
    return app.dataset.cached === "false" || app.dataset.readonly === "true" || Boolean(alert && !alert.hidden);
  };
  const watch = new MutationObserver(() => { if (over()) release(); });
  /** @param {FocusEvent} event */
  const used = (event) => {
    if (event.target instanceof Element && event.target.closest(".md-search")) release();
  };
  document.addEventListener("focusin", used, true);
  if (over()) release();
  else watch.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-boot", "data-cached", "data-readonly", "hidden"] });
})();
