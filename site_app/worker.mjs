// The planner's Python, off the main thread: Pyodide, our package and its dependencies by
// Pyodide's own loader from the site's pyodide-lock.json (made by pyodide-build at site-build
// time), and followup.bridge. The page sends {id, fn, request} (see js/types.js); the worker
// answers {type: "answer", id, answer}, the bridge's answer as an object. Boot stages are
// reported as {type: "stage", …}, a failed boot as {type: "failed", error}.
//
// A return visit starts from a memory snapshot (snapshot.mjs says how they are made, kept and
// checked): this file restores one, or boots normally and, as the worker named
// "snapshot-maker", makes one; "snapshot-off" boots without one.
//
// Optional packages (the calendar, public holidays) load when Python first needs them: the
// bridge answers {missing: module}, and the lock's own import names tell Pyodide which
// package (and dependencies) to load; then the call is made again (bridge calls are pure).
// Every URL is relative to this file, which lives in the build's folder (planner/<build>/app/,
// named by the build's fingerprint); the lock names each wheel relative to itself.
/** This build's folder: its wheels and lock, holiday table and zones. */
const planner = new URL("../", import.meta.url);
/** The runtime's version (package.json pins it); the build writes it here. Its files live in
 * planner/runtime/<version>/, which no other version shares and a new build does not change. */
const PYODIDE = "source";
const runtime = new URL(`../../runtime/${PYODIDE}/`, import.meta.url);
/** The standard library's file in the runtime's folder: compiled to bytecode where a start
 * imports it (site_app/bytecode.mjs --stdlib) and named by its fingerprint. The build writes
 * its name here. @type {string} */
const STDLIB = "source";

// Everything a start needs is asked for first, before any module of the worker is imported:
// the runtime's compiled code above all (download and compile take most of a first visit).
// Pyodide then asks for the same file and instantiates it: its request is answered with no
// body, and it is handed the module compiled here (unless that failed: then Pyodide's own
// request and compile go ahead as they would have).
const wasmURL = new URL("pyodide.asm.wasm", runtime).href;
const fetchFromSite = self.fetch.bind(self);
/** @type {Promise<WebAssembly.Module|null>} */
const compiledRuntime = typeof WebAssembly.compileStreaming === "function"
  ? WebAssembly.compileStreaming(fetchFromSite(wasmURL)).catch(() => null)
  : Promise.resolve(null);
self.fetch = (input, init) => {
  if (String(input instanceof Request ? input.url : input) !== wasmURL) return fetchFromSite(input, init);
  self.fetch = fetchFromSite;
  return compiledRuntime.then((module) => (module ? new Response(new ArrayBuffer(0)) : fetchFromSite(input, init)));
};
// The runtime's script too, which Pyodide imports by the same URL (one module for both).
// @ts-ignore: copied beside the site when it is built (it has no types here)
const runtimeScript = import(new URL("pyodide.asm.mjs", runtime).href);
runtimeScript.catch(() => {}); // Pyodide's own import reports it
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  WebAssembly.instantiateStreaming = instantiateStreaming;
  const module = await compiledRuntime;
  if (!module) return instantiateStreaming(source, imports);
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};

// The lock is read once, here: its text is part of the snapshot's key.
const lockText = fetch(new URL("wheels/pyodide-lock.json", planner)).then((response) => {
  if (!response.ok) throw new Error(`the package list answered ${response.status}`);
  return response.text();
});
lockText.catch(() => {}); // a failed boot reports it

/** This worker only makes a snapshot (see above); "snapshot-off" boots without one. */
const MAKER = self.name === "snapshot-maker";
/** Our package, by its name in the lock; its dependencies come with it. */
const CORE = ["followup-planner"];
/** @type {any} Pyodide's interface, once started */ let pyodide = null;
/** @type {any} the bridge module, as a Python proxy */ let bridge = null;
/** While a snapshot is being restored: its failures are handled by booting normally. */ let restoring = false;
/** @type {(reason: unknown) => void} fails the restore under way */ let failRestore = () => {};

// Public holidays without importing `holidays`: the site's table of them (made by the package
// at site-build time, site_app/build/holidays.py) downloads while Python starts, and is named
// to followup.businessdays before the first call. Without it, the package loads on demand.
const HOLIDAY_TABLE = "/home/pyodide/holidays.json";
const holidayTable = fetch(new URL("holidays.json", planner))
  .then((response) => (response.ok ? response.arrayBuffer() : null))
  .catch(() => null);

// Time zones without unpacking tzdata's 600 files (0.2 s of a start): the build packs the same
// files into one gzipped file (site_app/build/planner.py), written where zoneinfo looks first.
// It holds every zone, so the request names none of the user's. Without it, the package
// loads when a zone is asked for (see loadProviding).
const ZONE_FOLDER = "/usr/share/zoneinfo";
const zoneFiles = fetch(new URL("zones.gz", planner))
  .then((response) => {
    if (!response.ok || !response.body) return null;
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  })
  .catch(() => null);

/** The build this worker belongs to, told with "ready": the page uses no worker of another
 * build (js/python.js). The site's build writes the real one, as in js/build.js. */
const BUILD = "source";
/** Boots without a snapshot and keeps them off for this build (js/python.js's restart). */
const OFF = self.name === "snapshot-off";
// Then the worker's modules, side by side; and, as soon as the first is in, the kept snapshot
// is read while the others load.
const snapshotModule = import("./snapshot.mjs");
const keptEntry = MAKER || OFF ? Promise.resolve(null) : snapshotModule.then(({ readKept }) => readKept());
keptEntry.catch(() => {}); // boot() reports it
const [{ sha256, snapshotKey, dropSnapshot, keptSnapshot, warmUp, makeSnapshot, keepSnapshot }, { loadPyodide, version },
  { Packages, Plain, Published }] = await Promise.all([
  snapshotModule, import(new URL("pyodide.mjs", runtime).href), import("./packages.mjs")]);
/** Our packages' loader, which says in a sentence why one did not load. */
const packages = new Packages(lockText, planner);

/** The standard library's modules a start never imports are in a second zip beside the first
 * (see site_app/stdlib_rest.py), fetched only if Python asks for one. */
function useStdlibRest() {
  if (STDLIB === "python_stdlib.zip") return; // Pyodide's own, whole
  const rest = new URL(STDLIB.replace(/\.zip$/, "-rest.zip"), runtime).href;
  const lock = new URL("wheels/pyodide-lock.json", planner).href; // gone: a new version
  callModule("_followup_stdlib_rest", (module) => { module.install(rest, lock); });
}

/**
 * Calls into a Python module through Pyodide's proxies, not runPython: on a restored
 * interpreter, Python's compiler would run for the first time (its wasm compiled on first use).
 * @param {string} name  the module
 * @param {(module: any) => void} use
 */
function callModule(name, use) {
  const module = pyodide.pyimport(name);
  try {
    use(module);
  } finally {
    module.destroy();
  }
}

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
  callModule("os", (os) => {
    const environ = os.environ;
    try { environ.set("FOLLOWUP_HOLIDAYS_TABLE", HOLIDAY_TABLE); } finally { environ.destroy(); }
  });
}

/** @param {string} name @param {string} detail @param {number} progress @param {object} [extra] */
function stage(name, detail, progress, extra = {}) {
  postMessage({ type: "stage", stage: name, detail, progress, ...extra });
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
 * so it is grown before the copy; and the copy waits for the snapshot's checksum
 * (snapshot.mjs: keptSnapshot), so that damaged bytes never reach Python's memory.
 * @param {number} size
 * @param {Promise<void>} intact
 */
function runtimeFor(size, intact) {
  return async (settings) => {
    const { default: createPyodideModule } = await runtimeScript;
    const module = await createPyodideModule(settings);
    await intact;
    if (module.HEAP8.length < size) module.growMemory(size);
    return module;
  };
}

/** loadPyodide's options, once the lock is in (a lock that cannot be had fails the start
 * with its own reason; the runtime downloads and compiles meanwhile). */
async function options(extra) {
  return { indexURL: runtime.href, lockFileContents: await lockText,
           stdLibURL: new URL(STDLIB, runtime).href,
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
  useStdlibRest();
  await useZones();
  await useHolidayTable();
  callModule("random", (random) => { random.seed(); });
  bridge = pyodide.pyimport("followup.bridge");
  const canary = warmUp(pyodide, callBridge, false);
  if ((await sha256(canary)) !== snapshot.meta.canary) throw new Error("the restored planner answered differently");
}

/** The normal boot; `forSnapshot`: an interpreter that a snapshot can be made of. */
async function normalBoot(forSnapshot = false) {
  stage("runtime", "Loading Python", 0.05);
  // Our packages download while the runtime starts (`packages`); should that fail, they are
  // asked of the site again, and loading them again says why in a sentence.
  pyodide = await loadRuntime(await options(forSnapshot ? { _makeSnapshot: true } : {}));
  if (!CORE.every((name) => name in pyodide.loadedPackages)) {
    stage("packages", "Loading the planner's packages", 0.6);
    await packages.askAgain([...CORE], pyodide.loadedPackages);
    await packages.load((opts) => pyodide.loadPackage(CORE, opts));
  }
  useStdlibRest();
  // Before the warm-up: the table is read once, and a snapshot keeps it read.
  await useZones();
  await useHolidayTable();
  stage("import", "Starting the planner", 0.92);
  bridge = pyodide.pyimport("followup.bridge");
}

/** The snapshot maker's whole work: a normal boot, the snapshot, and keeping it. */
async function makeAndKeep() {
  const key = await snapshotKey(version, STDLIB, lockText, holidayTable);
  await normalBoot(true);
  /** @type {any} */
  let made = null;
  try {
    made = await makeSnapshot(pyodide, key, callBridge);
  } catch (error) {
    postMessage({ type: "snapshot", kept: false, error: String(error && /** @type {any} */ (error).message || error) });
    return;
  }
  await keepSnapshot(made);
}

async function boot() {
  if (MAKER) return makeAndKeep();
  const started = performance.now();
  // No key (no lock text, no crypto): no snapshot; the boot reports any real problem.
  const keyPromise = snapshotKey(version, STDLIB, lockText, holidayTable).catch(() => null);
  let start = "boot";
  let why = "";
  const unused = (error) => { start = "fallback"; why = String(error && /** @type {any} */ (error).message || error); };
  /** @type {any} */
  let kept = null;
  if (OFF) {
    const key = await keyPromise;
    if (key) await dropSnapshot(key, true).catch(() => {});
  } else {
    kept = await keptSnapshot(keyPromise, keptEntry).catch((error) => { unused(error); return null; });
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
  const wanted = start !== "snapshot" && !OFF && kept !== "off" && Boolean(await keyPromise);
  postMessage({ type: "stage", stage: "ready", detail: "Ready", progress: 1, start, wanted, build: BUILD,
                ...(why ? { why } : {}), ms: Math.round(performance.now() - started) });
}

/** Loads the package that provides `module`, by the lock's import names; false if none. */
async function loadProviding(module) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(module)) return false;
  const providers = Object.entries(pyodide.lockfile.packages)
    .filter(([, p]) => (p.imports || []).includes(module)).map(([name]) => name);
  if (!providers.length) return false;
  const load = (/** @type {object} */ options) => pyodide.loadPackagesFromImports(`import ${module}`, options);
  try {
    await packages.load(load);
  } catch (error) {
    if (!(error instanceof Plain) || error instanceof Published) throw error;
    // A damaged file the HTTP cache kept from a deploy fixed since, as for our own packages.
    await packages.askAgain(providers, pyodide.loadedPackages);
    await packages.load(load);
  }
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
    if (error instanceof Published) {
      answer = { ok: false, error: error.message };
    } else if (error instanceof Plain) {
      answer = { ok: false, fault: true, error: error.message };
    } else {
      const message = error && /** @type {any} */ (error).message;
      const reason = message ? message.split("\n").filter(Boolean).pop() : String(error);
      answer = { ok: false, fault: true, error: `Python could not answer (${reason}). Your data was not changed.` };
    }
  }
  postMessage({ type: "answer", id, answer });
};
