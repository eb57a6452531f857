// The planner's Python, off the main thread: Pyodide, our package and its dependencies by
// Pyodide's own loader from the site's pyodide-lock.json (made by pyodide-build at site-build
// time), and followup.bridge. The page sends {id, fn, request} (see js/types.js); the worker
// answers {type: "answer", id, answer}, the bridge's answer as an object. Boot stages are
// reported as {type: "stage", …}, a failed boot as {type: "failed", error}.
//
// Optional packages (the calendar, public holidays) load when Python first needs them: the
// bridge answers {missing: module}, and the lock's own import names tell Pyodide which
// package (and dependencies) to load; then the call is made again (bridge calls are pure).
// Every URL is relative to this file; the lock names each wheel relative to itself.
import { loadPyodide } from "../runtime/pyodide.mjs";

const planner = new URL("../", import.meta.url);
/** Our package, by its name in the lock; its dependencies come with it. */
const CORE = ["followup-planner"];
let pyodide = null;
let bridge = null;

// Public holidays without importing `holidays`: the site's table of them (made by the package
// at site-build time, site_app/hooks/holidays.py) downloads while Python starts, and is named
// to followup.businessdays before the first call. Without it, the package loads on demand.
const HOLIDAY_TABLE = "/home/pyodide/holidays.json";
const holidayTable = fetch(new URL("holidays.json", planner))
  .then((response) => (response.ok ? response.arrayBuffer() : null))
  .catch(() => null);

async function useHolidayTable() {
  const table = await holidayTable;
  if (!table) return;
  pyodide.FS.writeFile(HOLIDAY_TABLE, new Uint8Array(table));
  pyodide.runPython(`import os; os.environ["FOLLOWUP_HOLIDAYS_TABLE"] = "${HOLIDAY_TABLE}"`);
}

function stage(name, detail, progress) {
  postMessage({ type: "stage", stage: name, detail, progress });
}

/** An error whose message is already a sentence for the user. */
class Plain extends Error {}

/**
 * Loads packages with Pyodide's loader. It reports a failed download or a wheel whose
 * sha256 does not match the lock through errorCallback (not by rejecting): that becomes a
 * sentence for the user.
 * @param {(options: object) => Promise<unknown>} load
 */
async function loading(load) {
  const problems = [];
  await load({ messageCallback: () => {}, errorCallback: (message) => problems.push(message) });
  if (problems.length) {
    const damaged = problems.some((m) => /integrity|sha ?256|digest/i.test(m));
    throw new Plain(damaged
      ? "A part of the planner arrived damaged (its checksum does not match). Reload the page."
      : "A part of the planner could not be downloaded. Check the connection, then try again.");
  }
}

async function boot() {
  const started = performance.now();
  stage("runtime", "Loading Python", 0.05);
  // Our packages download while the runtime starts (`packages`); should that fail, loading
  // them again says why in a sentence.
  pyodide = await loadPyodide({
    indexURL: new URL("runtime/", planner).href,
    lockFileURL: new URL("wheels/pyodide-lock.json", planner).href,
    packages: CORE,
  });
  if (!CORE.every((name) => name in pyodide.loadedPackages)) {
    stage("packages", "Loading the planner's packages", 0.6);
    await loading((options) => pyodide.loadPackage(CORE, options));
  }
  await useHolidayTable();
  stage("import", "Starting the planner", 0.92);
  bridge = pyodide.pyimport("followup.bridge");
  postMessage({ type: "stage", stage: "ready", detail: "Ready", progress: 1,
                ms: Math.round(performance.now() - started) });
}

/** Loads the package that provides `module`, by the lock's import names; false if none. */
async function loadProviding(module) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(module)) return false;
  const known = Object.values(pyodide.lockfile.packages).some((p) => (p.imports || []).includes(module));
  if (!known) return false;
  await loading((options) => pyodide.loadPackagesFromImports(`import ${module}`, options));
  return true;
}

// When the runtime itself fails to download, loadPyodide may never settle: the failed fetch
// surfaces only as an unhandled rejection. Before boot has finished, that is a failed boot.
self.addEventListener("unhandledrejection", (event) => {
  if (bridge) return;
  event.preventDefault();
  const reason = event.reason && event.reason.message ? event.reason.message : String(event.reason);
  postMessage({ type: "failed", error: `Python's runtime could not be downloaded (${reason}). Check the connection, then reload.` });
});

const booted = boot().catch((error) => {
  postMessage({ type: "failed", error: String(error && error.message ? error.message : error) });
  throw error;
});
booted.catch(() => {}); // reported above; each later call reports it again to its caller

function callBridge(fn, request) {
  const call = bridge.call;
  try {
    return JSON.parse(call(fn, request));
  } finally {
    call.destroy();
  }
}

self.onmessage = async (event) => {
  const { id, fn, request } = event.data;
  let answer;
  try {
    await booted;
    answer = callBridge(fn, request);
    for (let tries = 0; !answer.ok && answer.missing && tries < 3; tries++) {
      if (!(await loadProviding(answer.missing))) break;
      answer = callBridge(fn, request);
    }
  } catch (error) {
    if (error instanceof Plain) {
      answer = { ok: false, fault: true, error: `${error.message} Your data was not changed.` };
    } else {
      const reason = error && error.message ? error.message.split("\n").filter(Boolean).pop() : String(error);
      answer = { ok: false, fault: true, error: `Python could not answer (${reason}). Your data was not changed.` };
    }
  }
  postMessage({ type: "answer", id, answer });
};
