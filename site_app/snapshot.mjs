// The worker's memory snapshots (site_app/worker.mjs imports this module): their key, where
// they are kept, the warm-up they are made after, and making, keeping, finding and dropping one.
//
// A return visit starts from a memory snapshot: an interpreter with the planner already
// imported and warmed up, kept in this site's private file system (the origin private file
// system, read by the worker in one synchronous read: 30 MiB in about 20-40 ms, against
// 60-180 ms through Cache Storage). The first visit boots
// normally and says it wants one; once the page is idle, it starts the worker again as a
// second worker named "snapshot-maker", which never receives a call: it boots, warms up on a
// built-in sample (never on the user's data, which would stay in the snapshot's memory),
// makes the snapshot (30 MiB), keeps it, and is stopped. A snapshot is used only when its key
// (the runtime's version and standard library, the lock's and the
// holiday table's sha256, the engine's JSPI support, the recipe's format) and its own sha256
// match, and when a known call gives the known answer; on any mismatch or error the worker
// deletes it and boots normally. The page restarts a restore that hangs with the worker named
// "snapshot-off", which boots normally and keeps snapshots off for this build. A browser
// without that file system (or without its synchronous access, which only workers have)
// boots normally every time.

/** Bump when the way a snapshot is made or restored changes. */
const SNAPSHOT_FORMAT = 2;
/** One file for every build (a build that meets another's snapshot deletes it, so one is
 * kept at most), named by the site's address: sites that share an origin (project sites on
 * one host) share its private file system. The file: the description's length (u32,
 * little-endian), the description (JSON), then the snapshot. */
const SNAPSHOT_FILE = `planner-snapshot ${encodeURIComponent(new URL("../../", import.meta.url).pathname)}`;
/** Where versions before format 2 kept theirs (Cache Storage): deleted when one is kept. */
const OLD_SNAPSHOTS = "planner-snapshot";
/** A description longer than this is not one. */
const MOST_DESCRIPTION = 2 ** 16;
/** A snapshot longer than this is not read (a wasm32 heap is at most 4 GiB). */
const MOST_BYTES = 2 ** 32;
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

/** The site's private folder, where a worker can read a file synchronously; null where the
 * browser has none, refuses it (some private windows) or has no synchronous access. */
async function folder() {
  try {
    if (!navigator.storage || !navigator.storage.getDirectory || typeof FileSystemFileHandle === "undefined"
        || !("createSyncAccessHandle" in FileSystemFileHandle.prototype)) return null;
    return await navigator.storage.getDirectory();
  } catch {
    return null;
  }
}

/** The kept file's handle, or null when there is none. @param {FileSystemDirectoryHandle} dir */
async function keptFile(dir) {
  try {
    return await dir.getFileHandle(SNAPSHOT_FILE);
  } catch (error) {
    if (error && /** @type {any} */ (error).name === "NotFoundError") return null;
    throw error;
  }
}

/** Writes the kept file: the description, then the snapshot's bytes (if any).
 * @param {FileSystemDirectoryHandle} dir @param {object} meta @param {Uint8Array|null} bytes */
async function writeKept(dir, meta, bytes) {
  const file = await dir.getFileHandle(SNAPSHOT_FILE, { create: true });
  const access = await file.createSyncAccessHandle();
  try {
    const description = new TextEncoder().encode(JSON.stringify(meta));
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, description.length, true);
    access.truncate(0);
    access.write(size, { at: 0 });
    access.write(description, { at: 4 });
    if (bytes) access.write(bytes, { at: 4 + description.length });
    access.flush();
  } finally {
    access.close();
  }
}

/** Deletes the kept file (if another tab is reading it, it stays: the key or checksum will
 * tell). @param {FileSystemDirectoryHandle} dir */
async function deleteKept(dir) {
  await dir.removeEntry(SNAPSHOT_FILE).catch(() => {});
}

/** Replaces the kept snapshot: by nothing, or by a note that snapshots are off for `key`. */
export async function dropSnapshot(key, off = false) {
  const dir = await folder();
  if (!dir) return;
  if (off) await writeKept(dir, { ...key, off: true }, null);
  else await deleteKept(dir);
}

/**
 * The kept file, read as soon as the worker starts (before its key can be known: its parts
 * are still downloading): {dir, meta, bytes}, or null when there is none. `meta` is its
 * description (null: unreadable); `bytes` the snapshot (null: snapshots are off, or the file
 * is not as long as its description says).
 */
export async function readKept() {
  const dir = await folder();
  const file = dir && await keptFile(dir);
  if (!dir || !file) return null;
  // Read-only: other tabs may read it at the same time (browsers without that mode lock it).
  const access = await /** @type {any} */ (file).createSyncAccessHandle({ mode: "read-only" });
  try {
    const size = access.getSize();
    const head = new Uint8Array(4);
    const length = access.read(head, { at: 0 }) === 4 ? new DataView(head.buffer).getUint32(0, true) : -1;
    if (length < 0 || length > MOST_DESCRIPTION || 4 + length > size) return { dir, meta: null, bytes: null };
    const description = new Uint8Array(length);
    access.read(description, { at: 4 });
    /** @type {any} */
    let meta = null;
    try {
      meta = JSON.parse(new TextDecoder().decode(description));
    } catch {
      // unreadable: as damaged as a wrong checksum
    }
    const wanted = meta && !meta.off ? meta.length : undefined;
    if (!Number.isSafeInteger(wanted) || wanted <= 0 || wanted > MOST_BYTES || size - 4 - length !== wanted) {
      return { dir, meta, bytes: null };
    }
    const bytes = new Uint8Array(wanted);
    if (access.read(bytes, { at: 4 + length }) !== wanted) return { dir, meta, bytes: null };
    return { dir, meta, bytes };
  } finally {
    access.close();
  }
}

/**
 * The kept snapshot, if the key `keyPromise` gives is the one it was made with:
 * {bytes, meta, intact}; "off" when snapshots are off for this build; null when there is none
 * or another build made it (then it is deleted). `intact` settles once its sha256 is checked
 * (Chromium computes it inside the call, on this thread: 30 MiB in 33-46 ms here, while the
 * runtime's wasm compiles on other threads): it rejects, after deleting the snapshot, when it
 * is damaged. Without a kept snapshot (a first visit), it answers without waiting for the key.
 * @param {Promise<object|null>} keyPromise
 * @param {ReturnType<typeof readKept>} entry  the kept file, read already (readKept())
 */
export async function keptSnapshot(keyPromise, entry) {
  const kept = await entry;
  if (!kept) return null;
  const key = await keyPromise;
  if (!key) return null;
  const { dir, meta, bytes } = kept;
  if (meta && !sameKey(meta, key)) {
    await deleteKept(dir);
    return null;
  }
  if (meta && meta.off) return "off";
  const damaged = async (/** @type {unknown} */ error) => {
    await deleteKept(dir);
    throw error;
  };
  if (!meta) return damaged(new Error("no description"));
  if (!bytes) return damaged(new Error("wrong length"));
  // Checked before the bytes are copied into Python's memory (worker.mjs: runtimeFor).
  const intact = sha256(bytes).then((sum) => { if (sum !== meta.sha256) throw new Error("wrong checksum"); })
    .catch(damaged);
  intact.catch(() => {}); // awaited before the snapshot is copied into memory (worker.mjs)
  return { bytes, meta, intact };
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
 * @param {boolean} [forSnapshot]  memory that a snapshot will keep: cleared with care (a
 *   restore's check runs the same calls and keeps no snapshot: the bridge forgets the sample)
 */
export function warmUp(pyodide, callBridge, forSnapshot = true) {
  const ask = (fn, request) => callBridge(fn, JSON.stringify(request));
  const sample = ask("change", { document: SAMPLE, now: SAMPLE_NOW, change: { op: "load_sample" } });
  const steps = sample.ok && sample.view && sample.view.steps || [];
  const step = steps.find((s) => s.draft);
  const draft = step ? ask("draft", { document: sample.text, now: SAMPLE_NOW, ...step.draft }) : {};
  // What the planner computed, not how the answer is wrapped (which may carry a token).
  const canary = JSON.stringify([sample.ok, sample.text, steps, draft.subject, draft.body]);
  if (!forSnapshot) {
    const bridge = pyodide.pyimport("followup.bridge");
    bridge.forget();
    bridge.destroy();
    return canary;
  }
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
    const dir = await folder();
    if (!dir) {
      postMessage({ type: "snapshot", kept: false, error: "this browser cannot keep a snapshot for a worker to read" });
      return;
    }
    const { quota = Infinity, usage = 0 } = navigator.storage ? await navigator.storage.estimate() : {};
    if (quota - usage < SNAPSHOT_ROOM + snapshot.meta.length) {
      postMessage({ type: "snapshot", kept: false, error: "not enough room in the browser's storage" });
      return;
    }
    snapshot.meta.sha256 = await sha256(snapshot.bytes);
    snapshot.meta.canary = await sha256(snapshot.canary);
    // Kept as it is: gzip would keep a quarter of the bytes, but reading them back through
    // gunzip took 260-300 ms of a return visit in Chromium.
    const body = snapshot.bytes;
    snapshot.bytes = null;
    await writeKept(dir, snapshot.meta, body);
    if (self.caches) await caches.delete(OLD_SNAPSHOTS).catch(() => false);
    postMessage({ type: "snapshot", kept: true, bytes: snapshot.meta.length, ms: snapshot.ms });
  } catch (error) {
    postMessage({ type: "snapshot", kept: false, error: String(error && /** @type {any} */ (error).message || error) });
  }
}
