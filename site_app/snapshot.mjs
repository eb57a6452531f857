// The worker's memory snapshots (site_app/worker.mjs imports this module): their key, where
// they are kept, the warm-up they are made after, and making, keeping, finding and dropping one.
//
// A return visit starts from a memory snapshot: an interpreter with the planner already
// imported and warmed up, kept in this browser's Cache Storage. The first visit boots
// normally and says it wants one; once the page is idle, it starts the worker again as a
// second worker named "snapshot-maker", which never receives a call: it boots, warms up on a
// built-in sample (never on the user's data, which would stay in the snapshot's memory),
// makes the snapshot (30 MiB), keeps it, and is stopped. A snapshot is used only when its key
// (the runtime's version and standard library, the lock's and the
// holiday table's sha256, the engine's JSPI support, the recipe's format) and its own sha256
// match, and when a known call gives the known answer; on any mismatch or error the worker
// deletes it and boots normally. The page restarts a restore that hangs with the worker named
// "snapshot-off", which boots normally and keeps snapshots off for this build.

/** Bump when the way a snapshot is made or restored changes. */
const SNAPSHOT_FORMAT = 1;
const SNAPSHOTS = "planner-snapshot";
/** One entry for every build (planner/snapshot, beside the builds' folders): a build that
 * meets another's snapshot deletes it, so one is kept at most. */
const SNAPSHOT_ENTRY = new URL("../../snapshot", import.meta.url).href;
/** Leave this much room in the site's storage quota after keeping a snapshot. */
const SNAPSHOT_ROOM = 100 * 2 ** 20;
const SAMPLE_ZONE = "America/New_York";

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
/** @param {string|ArrayBuffer|Uint8Array} data */
export async function sha256(data) {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return hex(await crypto.subtle.digest("SHA-256", /** @type {BufferSource} */ (bytes)));
}

/**
 * What a snapshot must have been made with to be restored in this worker.
 * @param {string} version  the runtime's
 * @param {string} stdlib  the standard library's file (named by its fingerprint): a restored
 *   interpreter has read its table of contents, which must be that file's
 * @param {Promise<string>} lockText  the site's pyodide-lock.json
 * @param {Promise<ArrayBuffer|null>} holidayTable  the site's table of public holidays
 */
export async function snapshotKey(version, stdlib, lockText, holidayTable) {
  const table = await holidayTable;
  return { format: SNAPSHOT_FORMAT, pyodide: version, stdlib, lock: await sha256(await lockText),
           holidays: table ? await sha256(table) : "", jspi: "Suspending" in WebAssembly };
}
const KEY_FIELDS = ["format", "pyodide", "stdlib", "lock", "holidays", "jspi"];
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
export async function dropSnapshot(key, off = false) {
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
export async function keptSnapshot(keyPromise) {
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

/**
 * The warm-up's results, as text: the canary a restore must give again.
 * @param pyodide  Pyodide's interface, with the planner imported
 * @param callBridge  a call to followup.bridge: (fn, request as text) to its answer
 */
export function warmUp(pyodide, callBridge) {
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

/**
 * Makes a snapshot of this interpreter, which answers nothing but the warm-up.
 * @param pyodide  Pyodide's interface, booted to make a snapshot of
 * @param {object} key  the snapshot's key (snapshotKey)
 * @param callBridge  a call to followup.bridge: (fn, request as text) to its answer
 */
export async function makeSnapshot(pyodide, key, callBridge) {
  const started = performance.now();
  const canary = warmUp(pyodide, callBridge);
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
export async function keepSnapshot(snapshot) {
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
