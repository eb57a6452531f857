// The page's start-up (site_app/js/boot.js), alone: its named states, in order, from a
// stand-in Python; and the Python client's own checks of what its worker says (a worker of
// another build, a message of another shape). The browser tests run the real sequence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Boot, RELOADED_KEY } from "../../site_app/js/boot.js";
import { Python, OutdatedError } from "../../site_app/js/python.js";

/** What Python's client does for the boot: it listens, starts, and settles `booted`. */
class StandIn {
  constructor() {
    this.hooks = null;
    this.starts = 0;
    this.booted = new Promise((resolve, reject) => { this.resolve = resolve; this.reject = reject; });
  }
  listen(hooks) { this.hooks = hooks; }
  start() { this.starts += 1; }
}

class Session {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, value); }
  removeItem(key) { this.items.delete(key); }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function started({ session = new Session() } = {}) {
  const python = new StandIn();
  let reloads = 0;
  const boot = new Boot(python, "b1", { session, reload: () => { reloads += 1; } });
  const seen = [];
  return { python, boot, seen, session, reloads: () => reloads, listen: () => boot.listen({ onState: (s) => seen.push(s.state) }) };
}

test("a start goes painted, booting, restoring, ready, and a late listener hears the state first", async () => {
  const { python, boot, seen, listen } = started();
  listen();
  boot.painted();
  assert.equal(python.starts, 0);
  boot.start();
  boot.start();
  assert.equal(python.starts, 1);
  boot.painted(); // too late: Python has started
  python.hooks.onStage({ type: "stage", stage: "restoring", detail: "Starting Python", progress: 0.1 });
  python.hooks.onStage({ type: "stage", stage: "runtime", detail: "Loading Python", progress: 0.05 });
  python.hooks.onStage({ type: "stage", stage: "ready", detail: "Ready", progress: 1, start: "fallback", build: "b1" });
  assert.deepEqual(seen, ["booting", "painted", "restoring", "booting", "ready"]);
  assert.equal(boot.status.ready.start, "fallback");
  const late = [];
  boot.listen({ onState: (s) => late.push(`${s.state} ${s.detail}`) });
  assert.deepEqual(late, ["ready Ready"]);
});

test("what went wrong before anybody listened is told to the first listener, after the state", async () => {
  const { python, boot } = started();
  boot.start();
  python.hooks.onStage({ type: "stage", stage: "packages", detail: "Loading the planner's packages", progress: 0.6 });
  python.hooks.onFault("The planner's worker stopped.");
  python.hooks.onSnapshot({ type: "snapshot", kept: true });
  const heard = [];
  boot.listen({ onState: (s) => heard.push(`state ${s.state} ${s.progress}`), onFault: (s) => heard.push(`fault ${s}`),
    onSnapshot: (m) => heard.push(`snapshot ${m.kept}`) });
  assert.deepEqual(heard, ["state booting 0.6", "fault The planner's worker stopped.", "snapshot true"]);
  python.hooks.onFault("again");
  assert.equal(heard.at(-1), "fault again");
});

test("a start that fails says why, and ends there", async () => {
  const { python, boot, seen, listen, reloads } = started();
  listen();
  boot.start();
  python.reject(new Error("Python's runtime could not be downloaded (Failed to fetch). Check the connection, then reload."));
  await tick();
  assert.deepEqual(seen, ["booting", "failed"]);
  assert.match(boot.status.error, /could not be downloaded/);
  python.hooks.onStage({ type: "stage", stage: "ready", detail: "Ready", progress: 1, build: "b1" });
  assert.equal(boot.status.state, "failed");
  assert.equal(reloads(), 0);
});

test("nothing moves a start that has ended: a later failure is a fault, not a state", async () => {
  const { python, boot, seen, listen } = started();
  listen();
  boot.start();
  python.hooks.onStage({ type: "stage", stage: "ready", detail: "Ready", progress: 1, build: "b1" });
  python.reject(new Error("Loading took too long."));
  await tick();
  assert.deepEqual(seen, ["booting", "ready"]);
});

test("a worker of another build: the page reloads once for its build, then says so", async () => {
  const session = new Session();
  const first = started({ session });
  first.listen();
  first.boot.start();
  first.python.reject(new OutdatedError("the page is build b1, its Python worker b0"));
  await tick();
  assert.deepEqual(first.seen, ["booting"]); // it reloads, saying nothing
  assert.equal(first.reloads(), 1);
  assert.equal(session.getItem(RELOADED_KEY), "b1");
  // After the reload, the same again: no second reload, the page says what happened.
  const second = started({ session });
  second.listen();
  second.boot.start();
  second.python.reject(new OutdatedError("the page is build b1, its Python worker b0"));
  await tick();
  assert.equal(second.boot.status.state, "outdated");
  assert.equal(second.reloads(), 0);
  // Once a start succeeds, a later mismatch (another deploy) may reload again.
  const third = started({ session });
  third.boot.start();
  third.python.hooks.onStage({ type: "stage", stage: "ready", detail: "Ready", progress: 1, build: "b1" });
  assert.equal(session.getItem(RELOADED_KEY), null);
  // A session storage that refuses to keep the note: no reload, since it could not be told
  // apart from the next one (no loop).
  const refusing = new Session();
  refusing.setItem = () => { throw new Error("QuotaExceededError"); };
  const full = started({ session: refusing });
  full.boot.start();
  full.python.reject(new OutdatedError("x"));
  await tick();
  assert.equal(full.boot.status.state, "outdated");
  assert.equal(full.reloads(), 0);
  // Without a session storage, never a reload (no loop).
  const bare = started({ session: null });
  bare.boot.start();
  bare.python.reject(new OutdatedError("x"));
  await tick();
  assert.equal(bare.boot.status.state, "outdated");
  assert.equal(bare.reloads(), 0);
});

test("Python's client uses no worker of another build, nor one whose messages it cannot read", async () => {
  const ready = (build) => ({ type: "stage", stage: "ready", detail: "Ready", progress: 1, build });
  const same = new Python(new URL("file:///worker.mjs"), "b1");
  same.receive(ready("b1"));
  assert.equal((await same.booted).build, "b1");

  for (const said of [ready("b0"), ready(undefined), { kind: "ready" }, "ready", null]) {
    const other = new Python(new URL("file:///worker.mjs"), "b1");
    other.receive(said);
    await assert.rejects(other.booted, OutdatedError);
    const answer = await other.call("agenda", { document: "{}", now: "2026-12-05T20:00:00Z" });
    assert.equal(answer.ok, false);
  }
  // Once ready, a stray message changes nothing.
  same.receive({ kind: "stray" });
  assert.equal(same.ready, true);
});
