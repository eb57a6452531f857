// The planner's Python, off the main thread: Pyodide, the wheels listed in the generated
// manifest, and followup.bridge. The page sends {id, fn, request} (see js/types.js); the
// worker answers {type: "answer", id, answer}, the bridge's answer as an object. Boot stages
// are reported as {type: "stage", …}, a failed boot as {type: "failed", error}.
//
// Optional packages (the calendar, public holidays) load when Python first needs them: the
// bridge answers {missing: module}, the worker installs the group whose wheel provides that
// module, and calls again (bridge calls are pure, so a second call is safe).
// Every URL is relative to this file.
import { loadPyodide } from "../runtime/pyodide.mjs";

const planner = new URL("../", import.meta.url);
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

/** An error whose message is already a sentence for the user. */
class Plain extends Error {}

async function download(wheel) {
  let response;
  try {
    response = await fetch(new URL(`wheels/${wheel.file}`, planner));
  } catch {
    throw new Plain(`A part of the planner (${wheel.file.split("-")[0]}) could not be downloaded. Check the connection, then try again.`);
  }
  if (!response.ok) throw new Plain(`A part of the planner could not be downloaded (${wheel.file}, HTTP ${response.status}).`);
  const buffer = await response.arrayBuffer();
  if ((await sha256(buffer)) !== wheel.sha256) {
    throw new Plain(`A part of the planner arrived damaged (${wheel.file}: its checksum does not match). Reload the page.`);
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
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
}

/** The optional group whose wheels provide a module Python could not import. */
function groupProviding(module) {
  const wheel = manifest.wheels.find((w) => (w.provides || []).includes(module) && !installed.has(w.file));
  return wheel ? wheel.groups.find((g) => g !== "core") || wheel.groups[0] : null;
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
      const group = groupProviding(answer.missing);
      if (!group) break;
      await installGroup(group);
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
