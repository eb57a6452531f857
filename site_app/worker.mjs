// The planner's Python, off the main thread: Pyodide, the wheels listed in the generated
// manifest, and followup.bridge. The page sends {id, fn, request, needs}; the worker answers
// {id, result} (JSON text from the bridge) or {id, error}. Boot stages are reported as
// {type: "stage", stage, detail, progress}. Every URL is relative to this file.
import { loadPyodide } from "../runtime/pyodide.mjs";

const planner = new URL("../", import.meta.url);
const BRIDGE_FUNCTIONS = new Set(["validate", "agenda", "draft", "calendar", "describe", "change"]);
const installed = new Set();
let pyodide = null;
let bridge = null;
let manifest = null;

function stage(name, detail, progress) {
  postMessage({ type: "stage", stage: name, detail, progress });
}

async function sha256(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function download(wheel) {
  const response = await fetch(new URL(`wheels/${wheel.file}`, planner));
  if (!response.ok) throw new Error(`Could not download ${wheel.file} (HTTP ${response.status}).`);
  const buffer = await response.arrayBuffer();
  if ((await sha256(buffer)) !== wheel.sha256) {
    throw new Error(`${wheel.file} arrived damaged (its checksum does not match).`);
  }
  return buffer;
}

async function installGroup(group, report) {
  const wanted = manifest.wheels.filter((w) => w.groups.includes(group) && !installed.has(w.file));
  if (!wanted.length) return;
  let done = 0;
  const buffers = await Promise.all(wanted.map(async (wheel) => {
    const buffer = await download(wheel);
    done += 1;
    if (report) report(done, wanted.length);
    return buffer;
  }));
  wanted.forEach((wheel, i) => {
    pyodide.unpackArchive(buffers[i], "wheel");
    installed.add(wheel.file);
  });
}

async function boot() {
  const started = performance.now();
  stage("runtime", "Loading Python", 0.05);
  const manifestPromise = fetch(new URL("wheels/manifest.json", planner)).then((r) => {
    if (!r.ok) throw new Error(`Could not download the package list (HTTP ${r.status}).`);
    return r.json();
  });
  pyodide = await loadPyodide({ indexURL: new URL("runtime/", planner).href });
  manifest = await manifestPromise;
  stage("packages", "Loading the planner's packages", 0.6);
  await installGroup("core", (done, total) =>
    stage("packages", `Loading the planner's packages (${done} of ${total})`, 0.6 + 0.3 * (done / total)));
  stage("import", "Starting the planner", 0.92);
  bridge = pyodide.pyimport("followup.bridge");
  postMessage({ type: "stage", stage: "ready", detail: "Ready", progress: 1,
                ms: Math.round(performance.now() - started) });
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

self.onmessage = async (event) => {
  const { id, fn, request, needs } = event.data;
  try {
    await booted;
    for (const group of needs || []) await installGroup(group);
    if (!BRIDGE_FUNCTIONS.has(fn)) throw new Error(`Unknown planner function ${fn}.`);
    const call = bridge[fn];
    let result;
    try {
      result = call(request);
    } finally {
      call.destroy();
    }
    postMessage({ id, result });
  } catch (error) {
    postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
