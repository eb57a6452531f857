// Types for tsc only (site_app/jsconfig.workers.json); never served.

/** The files the service worker keeps, written into sw.js by the planner hook at build time. */
declare const __FILES__: string[];
