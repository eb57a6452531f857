// Types for tsc only (site_app/jsconfig.workers.json); never served.

/** The files the service worker keeps, written into sw.js by the planner hook at build time. */
declare const __FILES__: string[];
/** Each kept file's SHA-256 (hex), by its path: written into sw.js at build time. */
declare const __SHA256__: Record<string, string>;
