// The planner's Python, off the main thread: Pyodide, our package and its dependencies by
// Pyodide's own loader from the site's pyodide-lock.json (made by pyodide-build at site-build
// time), and followup.bridge. The page sends {id, fn, request} (see js/types.js); the worker
// answers {type: "answer", id, answer}, the bridge's answer as an object. Boot stages are
// reported as {type: "stage", …}, a failed boot as {type: "failed", error}.
//
// A return visit starts from a memory snapshot: an interpreter with the planner already
// imported and warmed up, kept in this browser's Cache Storage. The first visit boots
// normally and says it wants one; once the page is idle, it starts this file again as a
// second worker named "snapshot-maker", which never receives a call: it boots, warms up on a
// built-in sample (never on the user's data, which would stay in the snapshot's memory),
// makes the snapshot (30 MiB), keeps it, and is stopped. A snapshot is used only when its key
// (the runtime's version, the lock's and the
// holiday table's sha256, the engine's JSPI support, the recipe's format) and its own sha256
// match, and when a known call gives the known answer; on any mismatch or error the worker
// deletes it and boots normally. The page restarts a restore that hangs with the worker named
// "snapshot-off", which boots normally and keeps snapshots off for this build.
//
// Optional packages (the calendar, public holidays) load when Python first needs them: the
// bridge answers {missing: module}, and the lock's own import names tell Pyodide which
// package (and dependencies) to load; then the call is made again (bridge calls are pure).
// Every URL is relative to this file; the lock names each wheel relative to itself.
// @ts-ignore: the runtime is copied beside the site when it is built (it has no types here)
import { loadPyodide, version } from "../runtime/pyodide.mjs";

const planner = new URL("../", import.meta.url);
/** This worker only makes a snapshot (see above); "snapshot-off" boots without one. */
const MAKER = self.name === "snapshot-maker";
/** Our package, by its name in the lock; its dependencies come with it. */
const CORE = ["followup-planner"];
/** @type {any} Pyodide's interface, once it has started */
let pyodide = null;
/** @type {any} the bridge module, as a Python proxy */
let bridge = null;
/** While a snapshot is being restored: its failures are handled by booting normally. */
let restoring = false;
/** @type {(reason: unknown) => void} fails the restore under way */
let failRestore = () => {};

/** Bump when the way a snapshot is made or restored changes. */
const SNAPSHOT_FORMAT = 1;
const SNAPSHOTS = "planner-snapshot";
const SNAPSHOT_ENTRY = new URL("snapshot", planner).href;
/** Leave this much room in the site's storage quota after keeping a snapshot. */
const SNAPSHOT_ROOM = 100 * 2 ** 20;

// The lock is read once, here: its text is part of the snapshot's key.
const lockText = fetch(new URL("wheels/pyodide-lock.json", planner)).then((response) => {
  if (!response.ok) throw new Error(`the package list answered ${response.status}`);
  return response.text();
});
lockText.catch(() => {}); // a failed boot reports it

// Public holidays without importing `holidays`: the site's table of them (made by the package
// at site-build time, site_app/hooks/holidays.py) downloads while Python starts, and is named
// to followup.businessdays before the first call. Without it, the package loads on demand.
const HOLIDAY_TABLE = "/home/pyodide/holidays.json";
const holidayTable = fetch(new URL("holidays.json", planner))
  .then((response) => (response.ok ? response.arrayBuffer() : null))
  .catch(() => null);

// Time zones without unpacking the tz database's package (tzdata, about 600 files, which cost
// a start about 0.2 s): the site packs the same files (from the same pinned wheel, at
// site-build time, site_app/hooks/planner.py) into one gzipped file, downloaded while Python
// starts and written where Python's zoneinfo looks first. Every zone is in it, so the request
// names none of the user's. Without it, a zone makes followup.dataformat ask for the package,
// which then loads like any other (see loadProviding).
const ZONE_FOLDER = "/usr/share/zoneinfo";
const SAMPLE_ZONE = "America/New_York";
const zoneFiles = fetch(new URL("zones.gz", planner))
  .then((response) => {
    if (!response.ok || !response.body) return null;
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  })
  .catch(() => null);

async function useZones() {
  const packed = await zoneFiles;
  if (!packed) return;
  try {
    const view = new DataView(packed);
    const length = view.getUint32(0);
    /** @type {Record<string, [number, number]>} */
    const index = JSON.parse(new TextDecoder().decode(new Uint8Array(packed, 4, length)));
    const start = 4 + length;
    const made = new Set();
    for (const [name, [offset, size]] of Object.entries(index)) {
      if (!/^[A-Za-z0-9_+.-]+(\/[A-Za-z0-9_+.-]+)*$/.test(name) || name.split("/").includes("..")) continue;
      const path = `${ZONE_FOLDER}/${name}`;
      const folder = path.slice(0, path.lastIndexOf("/"));
      if (!made.has(folder)) { pyodide.FS.mkdirTree(folder); made.add(folder); }
      pyodide.FS.writeFile(path, new Uint8Array(packed, start + offset, size));
    }
  } catch {
    // unreadable: zones then come from the tzdata package, loaded when asked for
  }
}

async function useHolidayTable() {
  const table = await holidayTable;
  if (!table) return;
  pyodide.FS.writeFile(HOLIDAY_TABLE, new Uint8Array(table));
  pyodide.runPython(`import os; os.environ["FOLLOWUP_HOLIDAYS_TABLE"] = "${HOLIDAY_TABLE}"`);
}

/** @param {string} name @param {string} detail @param {number} progress @param {object} [extra] */
function stage(name, detail, progress, extra = {}) {
  postMessage({ type: "stage", stage: name, detail, progress, ...extra });
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

// -- the snapshot ------------------------------------------------------------------------------

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
/** @param {string|ArrayBuffer|Uint8Array} data */
async function sha256(data) {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return hex(await crypto.subtle.digest("SHA-256", /** @type {BufferSource} */ (bytes)));
}

/** What a snapshot must have been made with to be restored in this worker. */
async function snapshotKey() {
  const table = await holidayTable;
  return { format: SNAPSHOT_FORMAT, pyodide: version, lock: await sha256(await lockText),
           holidays: table ? await sha256(table) : "", jspi: "Suspending" in WebAssembly };
}
const KEY_FIELDS = ["format", "pyodide", "lock", "holidays", "jspi"];
const sameKey = (a, b) => KEY_FIELDS.every((field) => a[field] === b[field]);

/** The Cache Storage of snapshots, or null where the browser has none (or refuses it). */
async function snapshotCache() {
  try {
    return self.caches ? await caches.open(SNAPSHOTS) : null;
  } catch {
    return null;
  }
}

/** Replaces the kept snapshot: by nothing, or by a note that snapshots are off for `key`. */
async function dropSnapshot(key, off = false) {
  const cache = await snapshotCache();
  if (!cache) return;
  await cache.delete(SNAPSHOT_ENTRY);
  if (off) await cache.put(SNAPSHOT_ENTRY, new Response("", { headers: { "X-Snapshot": JSON.stringify({ ...key, off: true }) } }));
}

/**
 * The kept snapshot for the key `keyPromise` gives: {bytes, meta, intact}; "off" when
 * snapshots are off for this build; null when there is none or another build made it (then it
 * is deleted). `intact` settles once its sha256 is checked (which runs while the runtime
 * starts): it rejects, after deleting the snapshot, when it is damaged. Without a kept
 * snapshot (a first visit), it answers without waiting for the key, whose parts are still
 * downloading.
 * @param {Promise<object|null>} keyPromise
 */
async function keptSnapshot(keyPromise) {
  const cache = await snapshotCache();
  const response = cache && await cache.match(SNAPSHOT_ENTRY);
  if (!response) return null;
  const key = await keyPromise;
  if (!key) return null;
  /** @type {any} */
  let meta = null;
  try {
    meta = JSON.parse(response.headers.get("X-Snapshot") || "{}");
  } catch {
    // unreadable: as damaged as a wrong checksum
  }
  if (meta && !sameKey(meta, key)) {
    await cache.delete(SNAPSHOT_ENTRY);
    return null;
  }
  if (meta && meta.off) return "off";
  const damaged = async (/** @type {unknown} */ error) => {
    await cache.delete(SNAPSHOT_ENTRY);
    throw error;
  };
  try {
    if (!meta) throw new Error("no description");
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length !== meta.length) throw new Error("wrong length");
    // The checksum is computed off this thread (its input copied now), while the runtime starts.
    const intact = sha256(bytes).then((sum) => { if (sum !== meta.sha256) throw new Error("wrong checksum"); })
      .catch(damaged);
    intact.catch(() => {}); // awaited before the snapshot is copied into memory (runtimeFor)
    return { bytes, meta, intact };
  } catch (error) {
    return damaged(error);
  }
}

// The warm-up, on a built-in sample in a fixed zone, country and moment: Jinja2 and the
// templates, the zone files, the holiday table, the planner's whole path through a change.
const SAMPLE_NOW = "2026-01-07T10:00:00-05:00";
const SAMPLE = JSON.stringify({ format: "followup-planner", version: 1,
  settings: { timezone: SAMPLE_ZONE, country: "US" }, applications: [] });

/** The warm-up's results, as text: the canary a restore must give again. */
function warmUp() {
  const ask = (fn, request) => callBridge(fn, JSON.stringify(request));
  const sample = ask("change", { document: SAMPLE, now: SAMPLE_NOW, change: { op: "load_sample" } });
  const steps = sample.ok && sample.view && sample.view.steps || [];
  const step = steps.find((s) => s.draft);
  const draft = step ? ask("draft", { document: sample.text, now: SAMPLE_NOW, ...step.draft }) : {};
  // What the planner computed, not how the answer is wrapped (which may carry a token).
  const canary = JSON.stringify([sample.ok, sample.text, steps, draft.subject, draft.body]);
  // Nothing of any document may stay in memory that a snapshot keeps, nor an open file: the
  // package's version lookup keeps python314.zip open, and a restored interpreter has no such
  // file descriptor (closing it later prints an error).
  pyodide.runPython(`
import gc, sys, followup.bridge
followup.bridge.forget()
metadata = sys.modules.get("importlib.metadata")
if metadata is not None:
    metadata.FastPath.__new__.cache_clear()
del metadata
gc.collect()
`);
  return canary;
}

/** Makes a snapshot of this interpreter, which answers nothing but the warm-up. */
async function makeSnapshot(key) {
  const started = performance.now();
  const canary = warmUp();
  const warm = performance.now();
  // Pyodide refuses to snapshot while it lists loaded packages; they are put back after.
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  try {
    const bytes = pyodide.makeMemorySnapshot();
    const ms = { warm_up: Math.round(warm - started), snapshot: Math.round(performance.now() - warm) };
    return { bytes, canary, meta: { ...key, length: bytes.length }, ms };
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
}

/** Keeps a snapshot when the storage quota leaves room; never fails the caller. */
async function keepSnapshot(snapshot) {
  try {
    const cache = await snapshotCache();
    if (!cache) return;
    const { quota = Infinity, usage = 0 } = navigator.storage ? await navigator.storage.estimate() : {};
    if (quota - usage < SNAPSHOT_ROOM + snapshot.meta.length) {
      postMessage({ type: "snapshot", kept: false, error: "not enough room in the browser's storage" });
      return;
    }
    snapshot.meta.sha256 = await sha256(snapshot.bytes);
    snapshot.meta.canary = await sha256(snapshot.canary);
    // Kept as it is: gzip would keep a quarter of the bytes, but reading them back through
    // gunzip took 260-300 ms of a return visit in Chromium, against about 100 ms.
    const body = snapshot.bytes;
    snapshot.bytes = null;
    await cache.put(SNAPSHOT_ENTRY, new Response(body, { headers: { "X-Snapshot": JSON.stringify(snapshot.meta) } }));
    postMessage({ type: "snapshot", kept: true, bytes: snapshot.meta.length, ms: snapshot.ms });
  } catch (error) {
    postMessage({ type: "snapshot", kept: false, error: String(error && /** @type {any} */ (error).message || error) });
  }
}

// Pyodide tells of a runtime that could not be downloaded or compiled only with two console
// warnings ("wasm instantiation failed!", then the error), and its loadPyodide never settles.
// The worker listens for them, so that the boot fails with a sentence instead of hanging.
const warn = console.warn.bind(console);
let runtimeFailed = (/** @type {unknown} */ reason) => {};
let instantiationFailed = false;
console.warn = (...args) => {
  if (instantiationFailed) {
    instantiationFailed = false;
    runtimeFailed(args[0]);
  } else if (typeof args[0] === "string" && args[0].startsWith("wasm instantiation failed")) {
    instantiationFailed = true;
  }
  warn(...args);
};

/** loadPyodide, failing (instead of hanging) when the runtime cannot be had. */
function loadRuntime(opts) {
  const failed = new Promise((_, reject) => {
    runtimeFailed = (reason) => {
      const why = reason && /** @type {any} */ (reason).message ? /** @type {any} */ (reason).message : String(reason);
      reject(new Plain(`Python's runtime could not be downloaded (${why}). Check the connection, then reload.`));
    };
  });
  return Promise.race([failed, loadPyodide(opts)]);
}

/**
 * The runtime for a restore: Pyodide sizes its heap from the runtime, not from the snapshot,
 * so it is grown before the copy; and the copy waits for the snapshot's checksum (computed
 * while the runtime was compiled), so that damaged bytes never reach Python's memory. (The
 * runtime's script is imported here, not at the top: a normal boot lets Pyodide import it
 * while the runtime's wasm is already downloading.)
 * @param {number} size
 * @param {Promise<void>} intact
 */
function runtimeFor(size, intact) {
  return async (settings) => {
    // @ts-ignore: copied beside the site when it is built (it has no types here)
    const { default: createPyodideModule } = await import("../runtime/pyodide.asm.mjs");
    const module = await createPyodideModule(settings);
    await intact;
    if (module.HEAP8.length < size) module.growMemory(size);
    return module;
  };
}

async function options(extra) {
  return { indexURL: new URL("runtime/", planner).href, lockFileContents: await lockText,
           packageBaseUrl: new URL("wheels/", planner).href, packages: CORE, ...extra };
}

/** Restores a kept snapshot; throws when it does not give the known answer. */
async function restore(snapshot) {
  stage("restoring", "Starting Python", 0.1);
  const size = snapshot.bytes.length;
  // `packages` puts the site-packages files back: the snapshot holds memory, not files.
  const failed = new Promise((_, reject) => { failRestore = reject; });
  pyodide = await Promise.race([failed, loadRuntime(await options({ _loadSnapshot: snapshot.bytes, createPyodideModule: runtimeFor(size, snapshot.intact) }))]);
  snapshot.bytes = null;
  if (!CORE.every((name) => name in pyodide.loadedPackages)) throw new Error("the packages' files were not restored");
  await useZones();
  await useHolidayTable();
  pyodide.runPython("import random; random.seed()");
  bridge = pyodide.pyimport("followup.bridge");
  const canary = warmUp();
  if ((await sha256(canary)) !== snapshot.meta.canary) throw new Error("the restored planner answered differently");
}

/** The normal boot; `forSnapshot`: an interpreter that a snapshot can be made of. */
async function normalBoot(forSnapshot = false) {
  stage("runtime", "Loading Python", 0.05);
  // Our packages download while the runtime starts (`packages`); should that fail, loading
  // them again says why in a sentence.
  pyodide = await loadRuntime(await options(forSnapshot ? { _makeSnapshot: true } : {}));
  if (!CORE.every((name) => name in pyodide.loadedPackages)) {
    stage("packages", "Loading the planner's packages", 0.6);
    await loading((opts) => pyodide.loadPackage(CORE, opts));
  }
  // Before the warm-up: the table is read once, and a snapshot keeps it read.
  await useZones();
  await useHolidayTable();
  stage("import", "Starting the planner", 0.92);
  bridge = pyodide.pyimport("followup.bridge");
}

/** The snapshot maker's whole work: a normal boot, the snapshot, and keeping it. */
async function makeAndKeep() {
  const key = await snapshotKey();
  await normalBoot(true);
  /** @type {any} */
  let made = null;
  try {
    made = await makeSnapshot(key);
  } catch (error) {
    postMessage({ type: "snapshot", kept: false, error: String(error && /** @type {any} */ (error).message || error) });
    return;
  }
  await keepSnapshot(made);
}

async function boot() {
  if (MAKER) return makeAndKeep();
  const started = performance.now();
  const off = self.name === "snapshot-off";
  // No key (no lock text, no crypto): no snapshot; the boot reports any real problem.
  const keyPromise = snapshotKey().catch(() => null);
  let start = "boot";
  let why = "";
  const unused = (error) => { start = "fallback"; why = String(error && /** @type {any} */ (error).message || error); };
  /** @type {any} */
  let kept = null;
  if (off) {
    const key = await keyPromise;
    if (key) await dropSnapshot(key, true).catch(() => {});
  } else {
    kept = await keptSnapshot(keyPromise).catch((error) => { unused(error); return null; });
  }
  if (kept && kept !== "off") {
    restoring = true;
    try {
      await restore(kept);
      start = "snapshot";
    } catch (error) {
      unused(error);
      bridge = null;
      pyodide = null;
      await dropSnapshot(await keyPromise).catch(() => {});
    } finally {
      restoring = false;
    }
  }
  if (start !== "snapshot") await normalBoot();
  // After a normal boot, the page makes a snapshot for the next visit when it is idle
  // (unless snapshots are off for this build, or this browser cannot keep one).
  const wanted = start !== "snapshot" && !off && kept !== "off" && Boolean(await keyPromise);
  postMessage({ type: "stage", stage: "ready", detail: "Ready", progress: 1, start, wanted,
                ...(why ? { why } : {}), ms: Math.round(performance.now() - started) });
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
// During a restore, it fails the restore: the worker then boots normally.
self.addEventListener("unhandledrejection", (event) => {
  if (restoring) {
    event.preventDefault();
    failRestore(event.reason);
    return;
  }
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
  if (MAKER) return; // it answers nothing: no user data ever reaches its memory
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
      const message = error && /** @type {any} */ (error).message;
      const reason = message ? message.split("\n").filter(Boolean).pop() : String(error);
      answer = { ok: false, fault: true, error: `Python could not answer (${reason}). Your data was not changed.` };
    }
  }
  postMessage({ type: "answer", id, answer });
};
